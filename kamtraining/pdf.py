"""HTML → A4 PDF with WeasyPrint.

WeasyPrint needs Pango at import time, so it is imported inside the function: the app starts
(and every other page works) on a machine without it. Nothing is fetched while rendering: the
stylesheets are read from the static files and every other URL is refused.
"""

import logging
import threading
from collections.abc import Sequence
from typing import Any

from django.contrib.staticfiles import finders

# Chinese names and activities need a CJK font; Debian's fonts-noto-cjk provides the first.
CJK_FONTS = "'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'Noto Sans', sans-serif"
PAGE_CSS = f"""
@page {{ size: A4; margin: 16mm 14mm 18mm 14mm;
        @bottom-right {{ content: counter(page) " / " counter(pages); font-size: 8pt; }} }}
html {{ font-family: {CJK_FONTS}; font-size: 10pt; }}
"""


# WeasyPrint logs each rendering step at INFO and every CSS rule it skips (the stylesheet is
# shared with browsers: media queries, print-color-adjust) as a warning: noise for every export.
for _name in ("weasyprint", "weasyprint.progress"):
    logging.getLogger(_name).setLevel(logging.ERROR)


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs (Pango) are missing."""


def _refuse(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    if url.startswith("data:"):  # inline content (a chart as an image): nothing is fetched
        from weasyprint import default_url_fetcher

        return default_url_fetcher(url, *args, **kwargs)
    raise ValueError(f"PDF rendering fetches nothing: {url}")


def _refusing_fetcher() -> Any:
    """A URL fetcher that fetches nothing (WeasyPrint ≥ 68 wants a URLFetcher, older a function)."""
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # pragma: no cover - older WeasyPrint
        return _refuse

    class RefusingFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):  # inline content: nothing is fetched
                return super().fetch(url, headers)
            return _refuse(url)

    return RefusingFetcher()


# One font configuration and the parsed stylesheets per thread, kept between renders: setting
# them up again for every PDF is work that gives the same result (bench/pdf.py measures it).
_kept = threading.local()


def _setup(static_stylesheets: Sequence[str]) -> tuple[Any, list[Any]]:
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    if getattr(_kept, "font_config", None) is None:
        _kept.font_config, _kept.stylesheets = FontConfiguration(), {}
    key = tuple(static_stylesheets)
    if key not in _kept.stylesheets:
        sheets = [CSS(string=PAGE_CSS, font_config=_kept.font_config)]
        for name in static_stylesheets:
            path = finders.find(name)
            if path:
                sheets.append(CSS(filename=str(path), font_config=_kept.font_config))
        _kept.stylesheets[key] = sheets
    return _kept.font_config, _kept.stylesheets[key]


def html_to_pdf(html: str, *, static_stylesheets: Sequence[str] = ()) -> bytes:
    """Render a full HTML document to PDF bytes, A4, with the given static stylesheets."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:  # OSError: Pango missing
        raise PdfUnavailable(str(error)) from error
    font_config, stylesheets = _setup(static_stylesheets)
    document = HTML(string=html, url_fetcher=_refusing_fetcher())
    return document.write_pdf(stylesheets=stylesheets, font_config=font_config)
