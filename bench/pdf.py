#!/usr/bin/env python
"""Benchmark: the report PDF — a stored download against rendering it on demand, and the render.

    .venv/bin/python bench/pdf.py [--runs 5] [--participants 10] [--profile]

Creates a throwaway database (SQLite in memory, or PostgreSQL with DATABASE_URL; dropped at the
end) holding one released campaign of --participants × 15 raters × 40 items (the data of
bench/report.py), its figures stored, and one participant with a login. Then, in the same run,
medians of --runs repetitions after a warm-up:

- floor: a trivial view ("ok") through the same test client, session and middleware
  (bench/server.py's `/bench/trivial/`); for reference, the stored bytes read from storage;
- stored download: GET of "Download PDF" (session, middleware, access rules, the digest check
  against the stored figures) while the stored file is current;
- on-demand download: the same GET after the stored file was discarded (render + store);
- WeasyPrint's CPU time (process time) on the same report: as `html_to_pdf` rendered before
  (charts inline, a new font configuration and freshly parsed stylesheets each time), with the
  font configuration and stylesheets kept between renders, and as it renders now (kept, and
  each chart an <img> of the same SVG: one image to style and lay out instead of ~1,200 SVG
  nodes; the PDF's text is the same); then `report_pdf_bytes` whole (reads and template too).
  The render target is 0.5 s of CPU.

Prints the medians and the ratios; `--profile` adds cProfile's top functions of one render.
Exit status 0 whatever the ratios: it measures, it does not judge.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kamtraining.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")  # the test client speaks plain HTTP

from django.db import connection  # noqa: E402

import bench.server  # noqa: E402, F401  the project's URLs plus /bench/trivial/ (sets Django up)

TARGET_CPU_SECONDS = 0.5


def median(function: Callable[[], object], runs: int, *, clock: Callable[[], float]) -> float:
    """Median of `runs` calls after one warm-up, by `clock` (wall or process time)."""
    function()
    timings = []
    for _ in range(runs):
        started = clock()
        function()
        timings.append(clock() - started)
    return statistics.median(timings)


def render_before(html: str) -> bytes:
    """What `kamtraining.pdf.html_to_pdf` did before: everything set up afresh per render."""
    from django.contrib.staticfiles import finders
    from weasyprint import CSS, HTML

    from kamtraining.pdf import PAGE_CSS, _refusing_fetcher

    stylesheets = [CSS(string=PAGE_CSS), CSS(filename=str(finders.find("css/report.css")))]
    document = HTML(string=html, url_fetcher=_refusing_fetcher())
    return document.write_pdf(stylesheets=stylesheets)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[1])
    parser.add_argument("--participants", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse
    from django.utils import translation

    from assessments.models import Campaign, Rating, ReportPdf
    from assessments.services import report_pdfs
    from assessments.services.report_store import figures_store
    from bench.report import build
    from kamtraining.pdf import html_to_pdf
    from participants.models import User

    # The PDFs the run stores go to a throwaway directory, not the checkout's media/.
    media = tempfile.mkdtemp(prefix="bench-pdf-media-")
    override_settings(MEDIA_ROOT=media).enable()
    connection.settings_dict.setdefault("TEST", {})["NAME"] = (
        f"bench_pdf_{os.getpid()}" if connection.vendor == "postgresql" else ":memory:"
    )
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        campaign, participant = build(args.participants, args.seed)
        campaign.status = Campaign.Status.RELEASED
        campaign.save(update_fields=["status"])
        campaign = figures_store(campaign=campaign)
        user = User.objects.create_user(email="bench-pdf@bench.example", password="x" * 12)
        user.language = "zh-hans"
        user.save(update_fields=["language"])
        participant.user = user
        participant.save(update_fields=["user"])
        client = Client()
        client.force_login(user)
        url = reverse("assessments:me-report-pdf", args=[campaign.pk])

        def download() -> bytes:
            response = client.get(url)
            assert response.status_code == 200, response.status_code
            return response.content

        pdf = download()
        with translation.override("zh-hans"):
            stored = report_pdfs.report_pdf_current(campaign=campaign, participant=participant)
            source = report_pdfs._Source(campaign, participant)
            html_inline = source.html(charts_as_images=False)
            html_images = source.html()
        html = html_inline
        from pypdf import PdfReader

        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        print(
            f"data: {args.participants} participants, {Rating.objects.count():,} ratings; "
            f"{connection.vendor}; report PDF {pages} pages, {len(pdf) / 1024:.0f} KiB, "
            f"{html.count('<text')} SVG text elements; median of {args.runs} runs"
        )

        def trivial() -> bytes:
            return client.get("/bench/trivial/").content

        def read_stored() -> bytes:
            return report_pdfs.report_pdf_read(stored)

        def on_demand() -> bytes:
            ReportPdf.objects.filter(campaign=campaign).delete()
            return download()

        wall = time.perf_counter
        cpu = time.process_time
        floor = median(trivial, args.runs, clock=wall)
        read = median(read_stored, args.runs, clock=wall)
        stored_download = median(download, args.runs, clock=wall)
        demand = median(on_demand, args.runs, clock=wall)
        css = ("css/report.css",)
        before_cpu = median(lambda: render_before(html_inline), args.runs, clock=cpu)
        kept_cpu = median(
            lambda: html_to_pdf(html_inline, static_stylesheets=css), args.runs, clock=cpu
        )
        now_cpu = median(
            lambda: html_to_pdf(html_images, static_stylesheets=css), args.runs, clock=cpu
        )
        with translation.override("zh-hans"):
            whole_cpu = median(
                lambda: report_pdfs.report_pdf_bytes(campaign=campaign, participant=participant),
                args.runs,
                clock=cpu,
            )
        print(f"{'wall time':<52}{'median':>12}{'× floor':>10}")
        for name, seconds in (
            ("floor: trivial view, same client and middleware", floor),
            ("stored bytes read from storage (reference)", read),
            ("stored download (GET, current file)", stored_download),
            ("on-demand download (GET, render + store)", demand),
        ):
            print(f"{name:<52}{seconds * 1000:>9.1f} ms{seconds / floor:>9.1f}×")
        print(f"on-demand / stored download: {demand / stored_download:.0f}×")
        print(f"{'render CPU (process time), WeasyPrint':<52}{'median':>12}{'× before':>10}")
        for name, seconds in (
            ("before: charts inline, set up afresh each render", before_cpu),
            ("font config and stylesheets kept", kept_cpu),
            ("now: kept, and the charts as SVG images", now_cpu),
            ("report_pdf_bytes (reads, template, WeasyPrint)", whole_cpu),
        ):
            print(f"{name:<52}{seconds * 1000:>9.1f} ms{seconds / before_cpu:>9.2f}×")
        print(
            f"now: {now_cpu:.2f} s CPU, {now_cpu / TARGET_CPU_SECONDS:.1f}× the "
            f"{TARGET_CPU_SECONDS} s target; before: {before_cpu:.2f} s"
        )
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            html_to_pdf(html_images, static_stylesheets=css)
            profiler.disable()
            stream = io.StringIO()
            pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(25)
            print(stream.getvalue())
    finally:
        connection.creation.destroy_test_db(":memory:", verbosity=0)
        shutil.rmtree(media, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
