"""What an import reports: per-row results, errors by row and column, counts."""

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from participants.importing.readers import Table

EXCERPT_CHARS = 80


def excerpt(value: Any, limit: int = EXCERPT_CHARS) -> str:
    """The start of a cell, short enough to quote in a message whatever the file held."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ProgressBar(Protocol):
    """What the import reports its progress to (a tqdm bar fits)."""

    total: float | None

    def update(self, n: float | None = 1) -> bool | None: ...


@dataclass(slots=True)
class RowError:
    row: int  # the sheet's row number (headers are row 1); 0 for the file as a whole
    column: str
    message: str


@dataclass(slots=True)
class RowResult:
    row: int
    employee_number: str
    name: str
    email: str
    action: str  # created, updated, unchanged
    changes: list[str] = field(default_factory=list)
    cohort: str = ""
    enrolment: str = ""  # confirmed, waitlisted, already enrolled


@dataclass
class ImportResult:
    dry_run: bool
    kind: str = ""
    encoding: str = ""
    rows: list[RowResult] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # The file read as more than one encoding: encoding → a sample line in that reading.
    readings: dict[str, str] = field(default_factory=dict)
    written: bool = False
    # The checked rows as text, to commit after a clean preview without keeping the file.
    table: "Table | None" = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "rows": len(self.rows),
            "created": self.count("created"),
            "updated": self.count("updated"),
            "unchanged": self.count("unchanged"),
            "confirmed": sum(1 for r in self.rows if r.enrolment == "confirmed"),
            "waitlisted": sum(1 for r in self.rows if r.enrolment == "waitlisted"),
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "written": self.written,
            "format": self.kind,
            "encoding": self.encoding,
            "counts": self.counts,
            "errors": [asdict(e) for e in self.errors],
            "warnings": self.warnings,
            "readings": self.readings,
            "rows": [asdict(r) for r in self.rows],
        }
