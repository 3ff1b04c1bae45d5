"""Files of the learning app live outside MEDIA_ROOT: no public URL reaches them, only permission-checked views."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage() -> FileSystemStorage:
    root = getattr(settings, "KOOPERACJA_PRIVATE_ROOT", None) or Path(settings.MEDIA_ROOT).parent / "private"
    return FileSystemStorage(location=Path(root) / "learning", base_url=None)
