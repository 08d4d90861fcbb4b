"""What a practice attachment may be: checked by its first bytes and its name, never by trust.

A client names the content type it likes, so both the magic bytes and the extension must
agree on one of the kinds below; Office files are zip archives, told apart by the content
types their `[Content_Types].xml` declares.
"""

import zipfile
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 3

OFFICE_MAIN = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def _magic_kind(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    return None


def _office_kind(stream: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > 1024 * 1024:  # a content-types list is a few kB
                return None
            declared = archive.read(info).decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return None
    for kind, main in OFFICE_MAIN.items():
        if main in declared:
            return kind
    return None


def attachment_kind(*, name: str, size: int, stream: IO[bytes]) -> str:
    """The content type of an acceptable upload; ValidationError for anything else."""
    if size > MAX_BYTES:
        raise ValidationError(_("A file may be at most 10 MB."), code="too_large")
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    refused = ValidationError(
        _(
            "Attach a PDF, an image (PNG, JPEG, GIF, WebP) "
            "or an Office document (docx, xlsx, pptx)."
        ),
        code="type",
    )
    if extension not in CONTENT_TYPES:
        raise refused
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    kind = _magic_kind(head)
    if kind == "zip":
        kind = _office_kind(stream)
        stream.seek(0)
    expected = "jpeg" if extension == "jpg" else extension
    if kind != expected:
        raise refused
    return CONTENT_TYPES[extension]
