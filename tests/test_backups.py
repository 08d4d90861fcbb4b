"""Backups: a loaded demo and a stored attachment, backed up and restored into an empty database.

Each restore goes into a database of its own (a new SQLite file; a new PostgreSQL database on
the same server), and every table's row count and every stored file's bytes must match.
"""

import io
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from kamtraining.backups import (
    BackupError,
    backup_create,
    backup_restore,
    database_wrapper,
    table_names,
)
from practice.models import Attachment, Practice
from practice.services.phases import attachment_add
from tests.conftest import ON_POSTGRES
from tests.factories import CourseFactory
from tests.servers import ROOT, production_env

PDF = b"%PDF-1.4\n% a practice plan\n" + bytes(range(256)) * 8 + b"\n%%EOF\n"


def _row_counts(settings_dict: dict[str, Any], tables: list[str]) -> dict[str, int]:
    wrapper = database_wrapper(settings_dict, "backup-count")
    try:
        with wrapper.cursor() as cursor:
            counts = {}
            for table in tables:
                cursor.execute(f"SELECT COUNT(*) FROM {wrapper.ops.quote_name(table)}")
                counts[table] = cursor.fetchone()[0]
            return counts
    finally:
        wrapper.close()


def _files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def demo_with_attachment(transactional_db: None, tmp_path: Path) -> Iterator[Path]:
    """The demo loaded and one practice attachment stored, in a media root of its own."""
    media = tmp_path / "media"
    with override_settings(MEDIA_ROOT=media):
        call_command("loaddemo", force=True, stdout=io.StringIO())
        practice = (
            Practice.objects.filter(status="in_progress", participant__user__isnull=False)
            .select_related("participant__user")
            .order_by("pk")
            .first()
        )
        assert practice is not None
        owner = practice.participant.user
        assert owner is not None
        attachment_add(
            practice=practice,
            phase="prepare",
            upload=SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf"),
            by=owner,
        )
        yield media


def _empty_sqlite(tmp_path: Path) -> dict[str, Any]:
    return {**connection.settings_dict, "NAME": str(tmp_path / "restored.sqlite3")}


@pytest.fixture
def empty_target(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """A new, empty database of the engine the tests run on."""
    if not ON_POSTGRES:
        yield _empty_sqlite(tmp_path)
        return
    db = connection.settings_dict
    name = f"{db['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    admin = {
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "user": db["USER"],
        "password": db["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {**db, "NAME": name}
    finally:
        with psycopg.connect(**admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_restored_backup_holds_every_row_and_every_file(
    demo_with_attachment: Path, empty_target: dict[str, Any], tmp_path: Path
) -> None:
    # given a loaded demo with a stored attachment
    media = demo_with_attachment
    stored = _files(media)
    assert PDF in stored.values()
    assert Attachment.objects.count() == 1
    tables = table_names(connection.settings_dict)
    before = _row_counts(connection.settings_dict, tables)
    assert before["courses_course"] > 0
    assert before["assessments_rating"] > 0
    archive = tmp_path / "backup.tar.gz"

    # when it is backed up and restored into an empty database and an empty media root
    made = backup_create(archive=archive, media_root=media)
    restored_media = tmp_path / "restored-media"
    restored = backup_restore(archive=archive, media_root=restored_media, target=empty_target)

    # then every table holds as many rows and every file the same bytes
    assert made.files == restored.files == len(stored)
    assert table_names(empty_target) == tables
    assert _row_counts(empty_target, tables) == before
    assert _files(restored_media) == stored
    with tarfile.open(archive) as tar:
        tar.extractall(tmp_path / "out", filter="data")
    if ON_POSTGRES:
        assert (tmp_path / "out" / "database.dump").read_bytes().startswith(b"PGDMP")
    else:  # the online backup API's copy is a whole, consistent database file
        copy = sqlite3.connect(tmp_path / "out" / "database.sqlite3")
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        copy.close()


def test_restore_refuses_a_database_that_is_not_empty_unless_told_to_replace(
    transactional_db: None, empty_target: dict[str, Any], tmp_path: Path
) -> None:
    CourseFactory.create_batch(3)
    archive = tmp_path / "backup.tar.gz"
    backup_create(archive=archive, media_root=tmp_path / "no-media")
    backup_restore(archive=archive, media_root=tmp_path / "m1", target=empty_target)
    tables = table_names(connection.settings_dict)

    with pytest.raises(BackupError, match="is not empty") as refused:
        backup_restore(archive=archive, media_root=tmp_path / "m2", target=empty_target)
    assert "--replace" in str(refused.value)
    assert not (tmp_path / "m2").exists()

    backup_restore(archive=archive, media_root=tmp_path / "m2", target=empty_target, replace=True)
    assert _row_counts(empty_target, tables) == _row_counts(connection.settings_dict, tables)


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    archive = tmp_path / "other.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("notes.txt")
        info.size = 2
        tar.addfile(info, io.BytesIO(b"hi"))

    with pytest.raises(BackupError, match="not a KAM Training backup"):
        backup_restore(archive=archive, media_root=tmp_path / "m", target=_empty_sqlite(tmp_path))


ATTACH = f"""
from django.core.files.uploadedfile import SimpleUploadedFile
from practice.models import Practice
from practice.services.phases import attachment_add
practice = Practice.objects.filter(status="in_progress", participant__user__isnull=False)
practice = practice.order_by("pk").first()
attachment_add(practice=practice, phase="prepare", by=practice.participant.user,
    upload=SimpleUploadedFile("plan.pdf", bytes.fromhex("{PDF.hex()}"), "application/pdf"))
"""


def test_the_embedded_default_is_backed_up_and_restored_by_the_commands(
    db: None, tmp_path: Path
) -> None:
    """SQLite, whatever engine the suite runs on: `manage.py backup` / `restore` as processes."""

    # given a SQLite file with the demo and an attachment, as `make demo` leaves it
    def manage(*args: str, database: Path, media: Path) -> subprocess.CompletedProcess[str]:
        env = production_env(DATABASE_URL=f"sqlite:///{database}", DJANGO_MEDIA_ROOT=str(media))
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
        )

    source, media = tmp_path / "source.sqlite3", tmp_path / "media"
    for step in (("migrate", "-v0"), ("loaddemo", "--force"), ("shell", "-c", ATTACH)):
        assert manage(*step, database=source, media=media).returncode == 0
    archive = tmp_path / "demo.tar.gz"

    # when it is backed up and restored into a new file and an empty media root
    made = manage("backup", "--output", str(archive), database=source, media=media)
    target, restored_media = tmp_path / "target.sqlite3", tmp_path / "restored-media"
    restored = manage("restore", str(archive), database=target, media=restored_media)
    again = manage("restore", str(archive), database=target, media=restored_media)

    # then every row and every file is there, and a second restore is refused
    assert made.returncode == 0, made.stderr
    assert restored.returncode == 0, restored.stderr
    assert "Restored" in restored.stdout
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "OPTIONS": {}}
    source_db = {**connection.settings_dict, **sqlite, "NAME": str(source)}
    target_db = {**connection.settings_dict, **sqlite, "NAME": str(target)}
    tables = table_names(source_db)
    assert "practice_attachment" in tables
    counts = _row_counts(source_db, tables)
    assert counts["practice_attachment"] == 1
    assert counts["courses_module"] >= 26
    assert _row_counts(target_db, tables) == counts
    assert PDF in _files(media).values()
    assert _files(restored_media) == _files(media)
    assert again.returncode != 0
    assert "is not empty" in again.stderr
    assert "--replace" in again.stderr
