"""Checks for uploaded documents: allowed types by extension AND content signature, and the size limit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# extension -> accepted leading bytes
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".ods": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".doc": "application/msword",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
AGREEMENT_EXTENSIONS = (".pdf", ".docx", ".odt", ".doc")


def check_upload(upload: Any, *, extensions: tuple[str, ...] = tuple(SIGNATURES)) -> str:
    """Validate an uploaded file; returns its content type. Raises ValidationError with a Polish message."""
    limit = settings.KOOPERACJA_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("Plik jest za duży (maksymalnie %(mb)s MB).") % {"mb": limit // (1024 * 1024)}, code="too_big"
        )
    if upload.size == 0:
        raise ValidationError(_("Plik jest pusty."), code="empty")
    ext = Path(upload.name or "").suffix.lower()
    if ext not in extensions:
        raise ValidationError(
            _("Niedozwolony rodzaj pliku. Dozwolone: %(ext)s.") % {"ext": ", ".join(e[1:] for e in extensions)},
            code="bad_type",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in SIGNATURES[ext]):
        raise ValidationError(
            _("Zawartość pliku nie odpowiada rozszerzeniu %(ext)s.") % {"ext": ext[1:]}, code="bad_content"
        )
    return CONTENT_TYPES[ext]
