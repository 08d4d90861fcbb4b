"""The report's charts, drawn once per report and language and kept in the cache.

A chart is a pure function of the report dict and the language, so the key is exactly that: the
campaign, the participant, the language and a digest of the report's content. Any change of the
report (a new answer, another k, a release, a translated name) changes the digest, so a stale
chart can never be served; and since the key holds the very figures the chart draws, only a
viewer who already has that report can hit it. Redis when REDIS_URL is set, local memory
otherwise (settings.CACHES).
"""

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

TIMEOUT_SECONDS = 24 * 60 * 60
KEY_VERSION = 1  # bump when a chart's drawing changes


def report_digest(report: dict[str, Any]) -> str:
    encoded = json.dumps(report, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


def charts_key(report: dict[str, Any]) -> str:
    campaign = (report.get("campaign") or {}).get("id", "")
    participant = (report.get("participant") or {}).get("id", "")
    return (
        f"report-charts:{KEY_VERSION}:{campaign}:{participant}:{get_language()}:"
        f"{report_digest(report)}"
    )


def cached_charts(report: dict[str, Any], draw: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """`draw()` (a dict of SVG strings, or lists of them) through the cache."""
    key = charts_key(report)
    stored = cache.get(key)
    if stored is None:
        stored = {name: _plain(value) for name, value in draw().items()}
        cache.set(key, stored, TIMEOUT_SECONDS)
    return {name: _safe(value) for name, value in stored.items()}


def _plain(value: Any) -> Any:
    return [str(part) for part in value] if isinstance(value, list) else str(value)


def _safe(value: Any) -> Any:
    # Only markup the chart writer produced (every piece of data escaped) is ever stored here.
    return [mark_safe(part) for part in value] if isinstance(value, list) else _one(value)


def _one(value: str) -> SafeString:
    return mark_safe(value)
