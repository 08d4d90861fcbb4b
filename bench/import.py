"""Benchmark: a 10,000-row participant XLSX import vs an openpyxl read-only parse of the file.

    .venv/bin/python bench/import.py [--rows 10000] [--runs 3]

Builds the workbook, migrates a throwaway SQLite database (or uses DATABASE_URL if set), then
for each run: empties the participants, times `participants_import` (parse, checks, bulk
writes), and times a bare openpyxl read-only pass over the same bytes. Prints the medians and
their ratio: the import's cost in units of "just reading the file".
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ZONES = ["Asia/Dubai", "Africa/Johannesburg", "Africa/Lagos", "Europe/London", "Europe/Madrid",
         "America/Mexico_City", "Asia/Shanghai", "Asia/Singapore"]  # fmt: skip
POSITIONS = ["KAM", "CGM", "country_gm", "regional_gm", "CxO", "客户经理"]


def build_workbook(rows: int) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["工号", "姓名", "英文名", "邮箱", "职位", "正职", "区域", "国家", "系统部",
                  "经理", "时区", "语言"])  # fmt: skip
    for n in range(rows):
        sheet.append(
            [
                f"B{n:06d}",
                f"学员{n}",
                f"Learner {n}",
                f"learner{n}@example.com",
                POSITIONS[n % len(POSITIONS)],
                "是" if n % 3 == 0 else "否",
                f"Region {n % 7}",
                f"Country {n % 40}",
                f"系统部 {n % 90}",
                f"B{n - n % 20:06d}" if n % 20 else "",
                ZONES[n % len(ZONES)],
                "zh-hans" if n % 2 else "en",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def parse_only(data: bytes) -> int:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    count = sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp.name}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from participants.access import system_actor
    from participants.models import Participant
    from participants.services.importing import participants_import

    call_command("migrate", verbosity=0)
    data = build_workbook(args.rows)
    print(f"{args.rows} rows, {len(data) / 1024:.0f} KiB XLSX, {args.runs} runs")
    imports, parses = [], []
    for run in range(args.runs):
        Participant.objects.update(manager=None)
        Participant.objects.all().delete()
        start = time.perf_counter()
        with system_actor():  # like the import command
            result = participants_import(data=data, by=None)
        imports.append(time.perf_counter() - start)
        if not result.ok or result.counts["created"] != args.rows:
            raise SystemExit(f"import failed: {result.errors[:3]}")
        start = time.perf_counter()
        assert parse_only(data) == args.rows + 1
        parses.append(time.perf_counter() - start)
        print(f"  run {run + 1}: import {imports[-1]:.2f} s, openpyxl parse {parses[-1]:.2f} s")
    imp, parse = statistics.median(imports), statistics.median(parses)
    print(f"median import {imp:.2f} s, median parse {parse:.2f} s, ratio {imp / parse:.2f}x")
    tmp.cleanup()


if __name__ == "__main__":
    main()
