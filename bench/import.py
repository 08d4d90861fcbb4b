"""Benchmark: a 10,000-row participant XLSX import vs an openpyxl read-only parse of the file.

    .venv/bin/python bench/import.py [--rows 10000] [--runs 3]

Builds the workbook, migrates a throwaway SQLite database (or uses DATABASE_URL if set), then
for each run: empties the participants, times `participants_import` (parse, checks, bulk
writes), then the same import again over the rows it just wrote (an unchanged file: nothing to
write), and a bare openpyxl read-only pass over the same bytes. Prints the medians and their
ratios: the import's cost in units of "just reading the file". Then the peak memory (maximum
resident set) of one import and of one parse, each in a fresh process with Django set up.
"""

import argparse
import io
import os
import resource
import statistics
import subprocess
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


def _setup(tmp: str) -> None:
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _empty() -> None:
    from participants.models import Participant, User

    Participant.objects.update(manager=None, user=None)
    Participant.objects.all().delete()
    User.objects.filter(is_superuser=False, is_staff=False).delete()


def _import(data: bytes, rows: int, expect: str) -> float:
    from participants.access import system_actor
    from participants.importing import readers
    from participants.services.importing import participants_import

    # The product refuses more than MAX_ROWS rows (20,000) and workbooks that unpack past
    # 32 MiB; the 50,000-row measurement lifts both guards for the benchmark only.
    readers.MAX_ROWS = max(readers.MAX_ROWS, rows)
    readers.MAX_XLSX_UNCOMPRESSED = max(readers.MAX_XLSX_UNCOMPRESSED, rows * 2048)

    start, cpu = time.perf_counter(), time.process_time()
    with system_actor():  # like the import command
        result = participants_import(data=data, by=None)
    seconds = time.perf_counter() - start
    CPU.append(time.process_time() - cpu)
    if not result.ok or result.counts[expect] != rows:
        raise SystemExit(f"import failed: {result.errors[:3]} {result.counts}")
    return seconds


# The process CPU time of each timed step, in order: on a machine that other jobs load, wall
# times swing by 2x from run to run and CPU time much less (SQLite runs in this process; with
# PostgreSQL the server's own time is left out, so read the wall ratio there).
CPU: list[float] = []


def _child(kind: str, rows: int) -> None:
    """One import or one parse in this fresh process, then print its peak memory in MiB."""
    with tempfile.TemporaryDirectory() as tmp:
        _setup(tmp)
        data = build_workbook(rows)
        before = _resident_peak_kib(reset=True)  # migrating peaks higher than either
        if kind == "import":
            _import(data, rows, "created")
        else:
            parse_only(data)
        print(f"{_resident_peak_kib() / 1024:.0f} {before / 1024:.0f}")


def _resident_peak_kib(reset: bool = False) -> int:
    """The process's peak resident set (Linux VmHWM); `reset` restarts it from the current size."""
    if reset:
        Path("/proc/self/clear_refs").write_text("5")
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _peak(kind: str, rows: int) -> tuple[float, float]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--rows", str(rows)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout.split()
    return float(out[-2]), float(out[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", choices=["import", "parse"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.rows)
        return

    tmp = tempfile.TemporaryDirectory()
    _setup(tmp.name)
    data = build_workbook(args.rows)
    print(f"{args.rows} rows, {len(data) / 1024:.0f} KiB XLSX, {args.runs} runs")
    imports, again, parses = [], [], []
    for run in range(args.runs):
        _empty()
        imports.append(_import(data, args.rows, "created"))
        again.append(_import(data, args.rows, "unchanged"))
        start, cpu = time.perf_counter(), time.process_time()
        assert parse_only(data) == args.rows + 1
        parses.append(time.perf_counter() - start)
        CPU.append(time.process_time() - cpu)
        print(
            f"  run {run + 1}: import {imports[-1]:.2f} s, unchanged re-import {again[-1]:.2f} s, "
            f"openpyxl parse {parses[-1]:.2f} s"
        )
    imp, re_imp, parse = (statistics.median(t) for t in (imports, again, parses))
    print(
        f"median import {imp:.2f} s ({imp / parse:.2f}x the parse), unchanged re-import "
        f"{re_imp:.2f} s ({re_imp / parse:.2f}x), parse {parse:.2f} s"
    )
    cpu_imp, cpu_again, cpu_parse = (statistics.median(CPU[i::3]) for i in range(3))
    print(
        f"median CPU time: import {cpu_imp:.2f} s ({cpu_imp / cpu_parse:.2f}x the parse), "
        f"unchanged re-import {cpu_again:.2f} s ({cpu_again / cpu_parse:.2f}x), "
        f"parse {cpu_parse:.2f} s"
    )
    tmp.cleanup()
    (import_peak, import_base), (parse_peak, parse_base) = (
        _peak("import", args.rows),
        _peak("parse", args.rows),
    )
    print(
        f"peak memory (fresh process, SQLite): import {import_peak:.0f} MiB, parse "
        f"{parse_peak:.0f} MiB, ratio {import_peak / parse_peak:.2f}x "
        f"(Django and the workbook bytes alone: {import_base:.0f} / {parse_base:.0f} MiB)"
    )


if __name__ == "__main__":
    main()
