from pathlib import Path
from typing import Any

import pytest

from tests.practice.world import World, build_world


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def world(db: None) -> World:
    return build_world()
