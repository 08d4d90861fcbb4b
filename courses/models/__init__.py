"""Catalogue, competency model and schedule."""

from courses.models.catalogue import Activity, Course, Dimension, Framework, Item, Module
from courses.models.schedule import Cohort, CohortTrainerChange, Session, SessionChange
from courses.models.venues import Room, Venue

__all__ = [
    "Activity",
    "Cohort",
    "CohortTrainerChange",
    "Course",
    "Dimension",
    "Framework",
    "Item",
    "Module",
    "Room",
    "Session",
    "SessionChange",
    "Venue",
]
