"""Fixtures the courses tests share (users by role beyond tests/conftest.py's)."""

import pytest
from django.contrib.auth.models import Group

from participants.models import TRAINERS_GROUP, User
from tests import factories


@pytest.fixture
def participant_user(db: None) -> User:
    """A participant's login, enrolled nowhere (modules that need an enrolled one define it)."""
    return factories.ParticipantFactory(with_user=True).user


@pytest.fixture
def other_trainer(db: None) -> User:
    """A trainer who trains none of the tests' cohorts."""
    user = factories.UserFactory(full_name="Other Trainer")
    user.groups.add(Group.objects.get(name=TRAINERS_GROUP))
    return user
