"""Reading report PDFs back in tests: the text of every page, with pypdf."""

import io

from pypdf import PdfReader


def pdf_text(content: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)
