"""Files of the learning app live outside MEDIA_ROOT: no public URL reaches them, only permission-checked views."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """A file system storage without URLs: a template asking for `file.url` fails instead of leaking a path."""

    def url(self, name: str | None) -> str:
        raise ValueError("learning files are served only through permission-checked views")


def private_storage() -> FileSystemStorage:
    root = getattr(settings, "KOOPERACJA_PRIVATE_ROOT", None) or Path(settings.MEDIA_ROOT).parent / "private"
    return PrivateStorage(location=Path(root) / "learning")
