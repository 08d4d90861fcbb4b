"""Fixtures of the assessments tests."""

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_by_default() -> Iterator[None]:
    """Start every test in English.

    A page request activates the viewer's language for the rest of the thread; without this a
    test that asserts a service's English message fails after a test that viewed a page in
    Chinese in the same worker. A request inside the test still switches as it would.
    """
    with translation.override("en"):
        yield
