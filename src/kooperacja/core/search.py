"""Free-text search of lists (catalogue, organisation directory) that uses an index on PostgreSQL (issue 15 §3).

On PostgreSQL the searched columns of a row are folded by one IMMUTABLE SQL function,
`kooperacja_search_text(VARIADIC text[])` = lower(unaccent(the columns joined by a space)), and a GIN
trigram index (`pg_trgm`, `gin_trgm_ops`) over that very expression answers `LIKE '%…%'`; the searched
phrase goes through `kooperacja_search_norm(text)`, the same folding, so "Swietlica" finds "Świetlica" and
"ŚWIETLICA" alike. The functions and the extensions come from the migration
`organisations/0002_search_trigram`; each app's migration creates the index for its own table. PostgreSQL ships
no Polish stemmer, so this is substring search, not word forms.

On SQLite (demo, tests) the same call falls back to `icontains` over each column (ASCII case folding only).
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import F, Func, Q, QuerySet, TextField, Value

TEXT_FUNCTION = "kooperacja_search_text"
NORM_FUNCTION = "kooperacja_search_norm"
# fewer characters than a trigram cannot use the index; the scan that follows is the old one, still correct
MIN_INDEXED_LENGTH = 3


class SearchText(Func):
    """`kooperacja_search_text(col1, col2, …)`: the folded text the GIN index is built on."""

    function = TEXT_FUNCTION
    output_field = TextField()


class SearchNorm(Func):
    """`kooperacja_search_norm(phrase)`: the phrase folded the same way."""

    function = NORM_FUNCTION
    output_field = TextField()


def indexed() -> bool:
    """True where the folded-text functions and indexes exist (PostgreSQL)."""
    return connection.vendor == "postgresql"


def matches(qs: QuerySet[Any], columns: tuple[str, ...], q: str) -> QuerySet[Any]:
    """Rows of `qs` whose `columns` (of the queryset's own table) contain the phrase `q`."""
    return with_alias(qs, columns).filter(condition(columns, q))


def condition(columns: tuple[str, ...], q: str) -> Q:
    """The condition of `matches` as a Q, to OR with other conditions, on a queryset passed through `with_alias`."""
    if indexed():
        return Q(_search_text__contains=SearchNorm(Value(q)))
    cond = Q()
    for column in columns:
        cond |= Q(**{f"{column}__icontains": q})
    return cond


def with_alias(qs: QuerySet[Any], columns: tuple[str, ...]) -> QuerySet[Any]:
    """The queryset with the folded-text alias `condition` filters on (PostgreSQL); unchanged on SQLite."""
    if indexed():
        return qs.alias(_search_text=SearchText(*(F(c) for c in columns)))
    return qs
