"""Admin: users; participants (with the import page), enrolments and attendance.

Status changes go through the services, so the admin writes the same history, promotes the
waitlist and sends the same emails as the pages and the API. Importing the modules registers
their admin classes.
"""

from participants.admin import enrollments, people, users
from participants.admin.people import IMPORT_CACHE_PREFIX, IMPORT_KEEP_SECONDS

__all__ = ["IMPORT_CACHE_PREFIX", "IMPORT_KEEP_SECONDS", "enrollments", "people", "users"]
