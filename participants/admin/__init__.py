"""Admin: users; participants (the import is HR's page), enrolments and attendance.

Status changes go through the services, so the admin writes the same history, promotes the
waitlist and sends the same emails as the pages and the API. Importing the modules registers
their admin classes.
"""

from participants.admin import enrollments, people, users

__all__ = ["enrollments", "people", "users"]
