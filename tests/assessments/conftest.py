"""Fixtures the assessments tests share; the builders they call live beside them."""

import pytest

from tests.assessments.rater_fixtures import Questionnaire, questionnaire
from tests.assessments.report_ui_world import ReportWorld, released_world


@pytest.fixture
def q(db: None) -> Questionnaire:
    """A peer's sent invitation on an open campaign of 2 roles × 2 items."""
    return questionnaire()


@pytest.fixture
def world() -> ReportWorld:
    """A released campaign with its reports (modules that need another world define their own)."""
    return released_world()
