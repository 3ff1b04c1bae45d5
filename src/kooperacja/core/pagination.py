"""Keyset pagination for the long lists (issue 15 §3): next/previous by the ordering columns and the id, no OFFSET.

    page = keyset_page(qs, order=("-occurred_at", "-id"), params=request.GET, per_page=50)
    {% include "components/keyset_pagination.html" %}   (needs `page` and `query`)

With OFFSET the database reads and throws away every row before the page (page 400 of a 20,000-row list reads
20,000 rows); with a key it starts at the row after the last one shown, through the index of the ORDER BY, so
every page costs the same. The last ordering column must be unique (the id), so that the order is total. The
cursor in the address (`po=` next page, `przed=` previous page) is the key of the last (first) row shown,
signed so that a hand-made one answers the first page instead of an error. No COUNT either: the page knows only
whether there is a next and a previous one ("strona 1 z 400" would need the COUNT the list avoids).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

AFTER, BEFORE = "po", "przed"
_SALT = "kooperacja.keyset"


@dataclass
class KeysetPage:
    object_list: list[Any]
    next_cursor: str = ""
    previous_cursor: str = ""
    is_first: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def has_next(self) -> bool:
        return bool(self.next_cursor)

    @property
    def has_previous(self) -> bool:
        return bool(self.previous_cursor)

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def __iter__(self) -> Any:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def _fields(model: type[models.Model], order: Sequence[str]) -> list[tuple[str, bool, models.Field[Any, Any]]]:
    out = []
    for term in order:
        name = term.lstrip("-")
        model_field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        assert isinstance(model_field, models.Field)
        out.append((name, term.startswith("-"), model_field))
    return out


def _encode(row: Any, columns: list[tuple[str, bool, Any]]) -> str:
    values = [getattr(row, name if name == "pk" else f.attname) for name, _desc, f in columns]
    # isoformat keeps the microseconds (DjangoJSONEncoder cuts them to milliseconds: rows would repeat)
    plain = [v.isoformat() if isinstance(v, dt.date | dt.time) else v for v in values]
    return signing.dumps(json.loads(json.dumps(plain, cls=DjangoJSONEncoder)), salt=_SALT, compress=True)


def _decode(cursor: str, columns: list[tuple[str, bool, Any]]) -> list[Any] | None:
    try:
        raw = signing.loads(cursor, salt=_SALT)
        if not isinstance(raw, list) or len(raw) != len(columns):
            return None
        return [f.to_python(value) for (_name, _desc, f), value in zip(columns, raw, strict=True)]
    except (signing.BadSignature, ValueError, TypeError, ValidationError):  # a malformed cursor: the first page
        return None


def _beyond(columns: list[tuple[str, bool, Any]], values: list[Any], *, forward: bool) -> models.Q:
    """Rows after (forward) or before the key in the list's order: (a > x) or (a = x and b > y) ...; the first
    column also bounded on its own (a >= x) so that the database walks the index from the key on."""
    q = models.Q(pk__in=[])
    for k, (name, desc, _f) in enumerate(columns):
        term = models.Q(**{f"{name}__{'lt' if desc == forward else 'gt'}": values[k]})
        for j in range(k):
            term &= models.Q(**{columns[j][0]: values[j]})
        q |= term
    first_name, first_desc, _ = columns[0]
    bound = models.Q(**{f"{first_name}__{'lte' if first_desc == forward else 'gte'}": values[0]})
    return bound & q


def keyset_page(
    qs: models.QuerySet[Any], *, order: Sequence[str], params: Mapping[str, str], per_page: int
) -> KeysetPage:
    """One page of `qs` in `order` (ending with a unique column), from the cursor in `params` (request.GET)."""
    columns = _fields(qs.model, order)
    after = _decode(params.get(AFTER, ""), columns) if params.get(AFTER) else None
    before = _decode(params.get(BEFORE, ""), columns) if params.get(BEFORE) and after is None else None
    if before is not None:  # walk back: reversed order, then flip the rows into the list's order
        reverse = [t[1:] if t.startswith("-") else f"-{t}" for t in order]
        rows = list(qs.filter(_beyond(columns, before, forward=False)).order_by(*reverse)[: per_page + 1])
        more_before = len(rows) > per_page
        rows = rows[:per_page][::-1]
        return KeysetPage(
            object_list=rows,
            next_cursor=_encode(rows[-1], columns) if rows else "",
            previous_cursor=_encode(rows[0], columns) if rows and more_before else "",
            is_first=not more_before,
        )
    if after is not None:
        qs = qs.filter(_beyond(columns, after, forward=True))
    rows = list(qs.order_by(*order)[: per_page + 1])
    more = len(rows) > per_page
    rows = rows[:per_page]
    return KeysetPage(
        object_list=rows,
        next_cursor=_encode(rows[-1], columns) if rows and more else "",
        previous_cursor=_encode(rows[0], columns) if rows and after is not None else "",
        is_first=after is None,
    )
