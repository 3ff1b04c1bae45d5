"""Types every app's API router shares: bounded ids, the one list pagination, the error bodies.

Ids and offsets beyond 64 bits reached the database and failed there (`OverflowError` on SQLite, `DataError:
bigint out of range` on PostgreSQL): an HTTP 500. Typed with these, they answer 422 before any query, on every
database, and the OpenAPI document states the bounds. The API (`kooperacja.api.api`) documents the error
responses of every operation with `ErrorOut` / `ValidationErrorOut`.
"""
# No `from __future__ import annotations`: django-ninja and pydantic read these annotations at import time.

from typing import Annotated, Any

from ninja import Field, Schema
from ninja.conf import settings as ninja_settings
from ninja.pagination import LimitOffsetPagination

from .fields import MAX_ID

#: The most rows one page of any list returns.
MAX_LIMIT = 100
DEFAULT_LIMIT = min(ninja_settings.PAGINATION_PER_PAGE, MAX_LIMIT)

#: A record id in a path or a query: a whole number 1..2^63-1 (the range of the database's 64-bit ids).
Id = Annotated[int, Field(ge=1, le=MAX_ID, description="Identyfikator rekordu (1…9223372036854775807)")]


class Pagination(LimitOffsetPagination):
    """Limit/offset pagination with a capped page size and an offset the database can take."""

    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Liczba pozycji na stronie (1…{MAX_LIMIT})")
        offset: int = Field(0, ge=0, le=MAX_ID, description="Ile pozycji pominąć (0…9223372036854775807)")

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_limit", MAX_LIMIT)
        super().__init__(**kwargs)


class ErrorOut(Schema):
    """The body of every error answer except a validation error (400, 401, 403, 404, 409)."""

    detail: str = Field(..., description="Opis błędu")


class ValidationErrorOut(Schema):
    """The body of a 422: one entry per invalid parameter (`loc` says where, `msg` what is wrong)."""

    detail: list[dict[str, Any]] = Field(..., description="Lista błędów walidacji parametrów")
