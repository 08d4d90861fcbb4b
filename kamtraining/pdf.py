"""HTML → A4 PDF with WeasyPrint.

WeasyPrint needs Pango at import time, so it is imported inside the function: the app starts
(and every other page works) on a machine without it. Nothing is fetched while rendering: the
stylesheets are read from the static files and every other URL is refused.
"""

import logging
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
    raise ValueError(f"PDF rendering fetches nothing: {url}")


def _refusing_fetcher() -> Any:
    """A URL fetcher that fetches nothing (WeasyPrint ≥ 68 wants a URLFetcher, older a function)."""
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # pragma: no cover - older WeasyPrint
        return _refuse

    class RefusingFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            return _refuse(url)

    return RefusingFetcher()


def html_to_pdf(html: str, *, static_stylesheets: Sequence[str] = ()) -> bytes:
    """Render a full HTML document to PDF bytes, A4, with the given static stylesheets."""
    try:
        from weasyprint import CSS, HTML
    except (ImportError, OSError) as error:  # OSError: Pango missing
        raise PdfUnavailable(str(error)) from error
    stylesheets = [CSS(string=PAGE_CSS)]
    for name in static_stylesheets:
        path = finders.find(name)
        if path:
            stylesheets.append(CSS(filename=str(path)))
    document = HTML(string=html, url_fetcher=_refusing_fetcher())
    return document.write_pdf(stylesheets=stylesheets)
