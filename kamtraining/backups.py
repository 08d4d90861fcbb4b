"""Backups: the database and the stored files in one archive, and back again.

An archive is a gzipped tar holding `manifest.json` (what it is and when it was made), the
database (`database.dump`, from `pg_dump -Fc`, on PostgreSQL; `database.sqlite3`, from
SQLite's online backup API, which copies a consistent snapshot while the site keeps running)
and every stored file under `media/`. A restore goes into an empty database unless told to
replace what the target holds.
"""

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
POSTGRES_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA_DIR = "media"
POSTGRESQL = "django.db.backends.postgresql"
SQLITE = "django.db.backends.sqlite3"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says what to do instead."""


@dataclass(frozen=True)
class BackupSummary:
    archive: Path
    engine: str
    tables: int
    files: int


def _engine(settings_dict: Mapping[str, Any]) -> str:
    engine = str(settings_dict["ENGINE"])
    if engine not in (POSTGRESQL, SQLITE):
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {engine}.")
    return engine


def _pg_args(settings_dict: Mapping[str, Any]) -> tuple[list[str], dict[str, str]]:
    """libpq arguments and environment for the pg_* tools (the password never on a command line)."""
    args = ["--dbname", str(settings_dict["NAME"])]
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        subprocess.run(command, env=env, check=True, capture_output=True)
    except FileNotFoundError as error:
        raise BackupError(
            f"{command[0]} is not installed: install postgresql-client (Debian) and try again."
        ) from error
    except subprocess.CalledProcessError as error:
        detail = error.stderr.decode("utf-8", "replace").strip()
        raise BackupError(f"{command[0]} failed: {detail}") from error


def database_wrapper(settings_dict: Mapping[str, Any], alias: str) -> BaseDatabaseWrapper:
    """A connection of its own to the database `settings_dict` names."""
    backend = load_backend(str(settings_dict["ENGINE"]))
    return backend.DatabaseWrapper(dict(settings_dict), alias)


def table_names(settings_dict: Mapping[str, Any]) -> list[str]:
    """The tables (no views) of the database `settings_dict` names."""
    wrapper = database_wrapper(settings_dict, "backup-inspect")
    try:
        with wrapper.cursor() as cursor:
            return sorted(wrapper.introspection.table_names(cursor))
    finally:
        wrapper.close()


def _media_files(media_root: Path) -> list[Path]:
    if not media_root.is_dir():
        return []
    return sorted(path for path in media_root.rglob("*") if path.is_file())


def backup_create(
    *,
    archive: Path,
    media_root: Path,
    using: str = "default",
    now: datetime.datetime | None = None,
) -> BackupSummary:
    """Write the database `using` and every file under `media_root` into `archive`."""
    connection = connections[using]
    engine = _engine(connection.settings_dict)
    created_at = now or datetime.datetime.now(tz=datetime.UTC)
    archive.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kamtraining-backup-") as work:
        if engine == POSTGRESQL:
            database_file = Path(work) / POSTGRES_DUMP
            args, env = _pg_args(connection.settings_dict)
            _run(
                ["pg_dump", "--format=custom", "--no-owner", "--file", str(database_file), *args],
                env,
            )
        else:
            database_file = Path(work) / SQLITE_COPY
            connection.ensure_connection()
            target = sqlite3.connect(database_file)
            try:
                # The live connection's own view of the database, consistent while others write.
                connection.connection.backup(target)
            finally:
                target.close()
        with connection.cursor() as cursor:
            tables = len(connection.introspection.table_names(cursor))
        files = _media_files(media_root)
        manifest = {
            "format": FORMAT_VERSION,
            "engine": engine,
            "created_at": created_at.isoformat(),
            "tables": tables,
            "files": len(files),
        }
        (Path(work) / MANIFEST).write_text(json.dumps(manifest, indent=2))
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(Path(work) / MANIFEST, arcname=MANIFEST)
            tar.add(database_file, arcname=database_file.name)
            for path in files:
                tar.add(path, arcname=f"{MEDIA_DIR}/{path.relative_to(media_root).as_posix()}")
        # Only a complete archive carries the name: a failed run never looks like a backup.
        partial.replace(archive)
    return BackupSummary(archive=archive, engine=engine, tables=tables, files=len(files))


def _read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = tar.extractfile(MANIFEST)
    except KeyError:
        member = None
    if member is None:
        raise BackupError("This file is not a KAM Training backup (it has no manifest.json).")
    manifest: dict[str, Any] = json.loads(member.read())
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"This backup's format {manifest.get('format')} is not supported.")
    return manifest


def _safe_members(tar: tarfile.TarFile, prefix: str) -> list[tarfile.TarInfo]:
    """Regular files under `prefix`, refusing any path that would land outside it."""
    members = []
    for member in tar.getmembers():
        if not member.name.startswith(prefix + "/"):
            continue
        parts = Path(member.name).parts
        if member.name.startswith("/") or ".." in parts or not member.isfile():
            raise BackupError(f"The backup holds an unsafe entry: {member.name!r}.")
        members.append(member)
    return members


def backup_restore(
    *,
    archive: Path,
    media_root: Path,
    target: Mapping[str, Any],
    replace: bool = False,
) -> BackupSummary:
    """Restore `archive` into the database `target` names and its files into `media_root`.

    The target must hold no tables unless `replace` is set; then its contents are replaced.
    """
    engine = _engine(target)
    try:
        tar = tarfile.open(archive, "r:gz")  # noqa: SIM115 - closed by the `with` below
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"Cannot read {archive}: {error}") from error
    with tar, tempfile.TemporaryDirectory(prefix="kamtraining-restore-") as work:
        manifest = _read_manifest(tar)
        if manifest["engine"] != engine:
            raise BackupError(
                f"This backup is of a {manifest['engine']} database; the target is {engine}."
            )
        existing = table_names(target)
        if existing and not replace:
            raise BackupError(
                f"The target database {target['NAME']} is not empty ({len(existing)} tables). "
                "Restore into an empty database, or pass --replace to overwrite everything "
                "it holds with the backup."
            )
        name = POSTGRES_DUMP if engine == POSTGRESQL else SQLITE_COPY
        member = tar.extractfile(name)
        if member is None:
            raise BackupError(f"The backup has no {name}.")
        database_file = Path(work) / name
        with database_file.open("wb") as out:
            shutil.copyfileobj(member, out)
        if engine == POSTGRESQL:
            args, env = _pg_args(target)
            clean = ["--clean", "--if-exists"] if existing else []
            _run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    "--exit-on-error",
                    *clean,
                    *args,
                    str(database_file),
                ],
                env,
            )
        else:
            source = sqlite3.connect(database_file)
            destination = sqlite3.connect(str(target["NAME"]))
            try:
                # Page by page over the whole target: what it held before is gone.
                source.backup(destination)
            finally:
                destination.close()
                source.close()
        files = _safe_members(tar, MEDIA_DIR)
        for file_member in files:
            relative = Path(file_member.name).relative_to(MEDIA_DIR)
            destination_path = media_root / relative
            destination_path.parent.mkdir(parents=True, exist_ok=True)
            source_file = tar.extractfile(file_member)
            if source_file is None:  # pragma: no cover - isfile() members always have data
                continue
            with destination_path.open("wb") as out:
                shutil.copyfileobj(source_file, out)
    return BackupSummary(
        archive=archive, engine=engine, tables=int(manifest["tables"]), files=len(files)
    )
