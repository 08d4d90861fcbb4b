"""Demo data of the catalogue: the seed course, STROBE, other courses, a venue and a cohort.

Idempotent: everything is found by its natural key and brought to the values below; the
cohort's dates are set the day it is first created and never moved by a later run.
"""

from courses.demo.data import (
    COHORT_CODE,
    COURSE_CODE,
    DEMO_PASSWORD,
    FRAMEWORK_CODE,
    OTHER_COURSES,
    TRAINER_EMAIL,
    ZONE,
    Login,
)
from courses.demo.kinds import activity_kind, syllabus_kinds
from courses.demo.loaders import load

__all__ = [
    "COHORT_CODE",
    "COURSE_CODE",
    "DEMO_PASSWORD",
    "FRAMEWORK_CODE",
    "OTHER_COURSES",
    "TRAINER_EMAIL",
    "ZONE",
    "Login",
    "activity_kind",
    "load",
    "syllabus_kinds",
]
