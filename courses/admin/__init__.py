"""Admin of the catalogue, the competency model and the schedule, for HR and trainers.

Importing the modules registers their admin classes.
"""

from courses.admin import catalogue, schedule

__all__ = ["catalogue", "schedule"]
