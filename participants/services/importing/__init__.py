"""Import participants from a CSV or XLSX: preview (dry run), then write all or nothing.

- Upsert by employee number; headers in English or Chinese (participants.importing.columns).
- Every bad cell is reported with its sheet row number, column and a message; one bad row and
  nothing is written.
- An empty cell keeps the stored value (on a new participant: the default), so a sheet with
  fewer columns never wipes data.
- manager: an employee number or an email. A participant (in the file or already stored) is
  linked; an email of someone who is not a participant is kept as the manager's email; an
  employee number nobody has is an error.
- cohort: a cohort code; the participant is enrolled (a free place, else the waitlist, in file
  order) unless already enrolled there. A confirmed place that would clash with another cohort
  the participant is confirmed in is an error.
- Fast: a fixed number of queries per 1,000 rows (lookups in memory, bulk_create/bulk_update).
- A clean preview carries the checked rows as text (`result.table`); committing that table
  runs every check again, so the file itself need not be kept in between.
"""

from participants.importing.readers import Table
from participants.importing.results import ImportResult, RowError, RowResult
from participants.services.importing.run import participants_import

__all__ = ["ImportResult", "RowError", "RowResult", "Table", "participants_import"]
