"""SQLite's LIKE folds only ASCII letters, so "żubr" would not find "Żubr". On SQLite connections (demo, dev)
we replace LIKE with a Unicode-aware version; PostgreSQL already compares UPPER() of both sides."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=512)
def _compile(pattern: str, escape: str | None) -> re.Pattern[str]:
    out = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if escape and ch == escape and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        if ch == "%":
            out.append(".*")
        elif ch == "_":
            out.append(".")
        else:
            out.append(re.escape(ch))
        i += 1
    return re.compile("".join(out), re.IGNORECASE | re.DOTALL)


def unicode_like(pattern: Any, value: Any, escape: Any = None) -> bool | None:
    if pattern is None or value is None:
        return None
    return _compile(str(pattern).casefold(), escape).fullmatch(str(value).casefold()) is not None


def install_unicode_like(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor != "sqlite":
        return
    raw = connection.connection
    raw.create_function("like", 2, unicode_like, deterministic=True)
    raw.create_function("like", 3, unicode_like, deterministic=True)
