import pytest

from tests.evaluations.world import World, build_world


@pytest.fixture
def world(db: None) -> World:
    return build_world()
