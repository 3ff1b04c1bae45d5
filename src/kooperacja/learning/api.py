"""The learning API: public materials and courses (scoped like the pages), and the certificate check by code."""
# No `from __future__ import annotations`: django-ninja reads these annotations at import time.

from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from kooperacja.core.api_types import Id, Pagination

from . import selectors
from .models import Course, Material

router = Router(tags=["Edukacja"])


def _user(request: HttpRequest) -> Any:
    return getattr(request, "user", None) or AnonymousUser()


class MaterialOut(Schema):
    id: int
    title: str
    summary: str
    kind: str = Field(..., description="document | link | video | template")
    topics: list[str] = Field(..., alias="topic_list")
    audience: str
    language: str
    licence: str
    author: str
    publisher: str = Field(..., alias="organisation.name")
    url: str = Field(..., description="Adres odnośnika lub filmu (pusty dla dokumentów)")
    version: int = Field(..., alias="current_version")
    download_url: str | None = None
    created_at: datetime

    @staticmethod
    def resolve_download_url(obj: Material) -> str | None:
        return reverse("learning:material_download", args=[obj.pk]) if obj.has_file and obj.current_version else None


class MaterialQuery(Schema):
    q: str = Field("", max_length=100, description="Szukany tekst (tytuł, streszczenie, tematy, autor)")
    topic: str = Field("", max_length=60)
    audience: str = Field("", max_length=20)
    kind: str = Field("", max_length=10)


@router.get("/learning/materials", response=list[MaterialOut], summary="Materiały widoczne dla wywołującego")
@paginate(Pagination)
def list_materials(request: HttpRequest, query: Query[MaterialQuery]) -> QuerySet[Material]:
    return selectors.material_search(
        _user(request), q=query.q, topic=query.topic, audience=query.audience, kind=query.kind
    )


@router.get("/learning/materials/{pk}", response=MaterialOut, summary="Materiał (404, gdy niewidoczny)")
def get_material(request: HttpRequest, pk: Id) -> Material:
    return selectors.material_for(_user(request), pk)


class SessionOut(Schema):
    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    state: str
    trainer: str = Field(..., alias="trainer.full_name")


class CourseOut(Schema):
    id: int
    title: str
    programme: str
    summary: str
    organiser: str = Field(..., alias="organisation.name")
    hours: float
    capacity: int
    enrolment_mode: str = Field(..., description="open | application | cohort")
    state: str
    sessions: list[SessionOut]

    @staticmethod
    def resolve_sessions(obj: Course) -> list[Any]:
        return list(obj.sessions.all())

    @staticmethod
    def resolve_hours(obj: Course) -> float:
        return float(obj.hours)


@router.get("/learning/courses", response=list[CourseOut], summary="Szkolenia widoczne dla wywołującego")
@paginate(Pagination)
def list_courses(request: HttpRequest) -> QuerySet[Course]:
    return selectors.courses_visible_to(_user(request)).prefetch_related("sessions__trainer")


@router.get("/learning/courses/{pk}", response=CourseOut, summary="Szkolenie (404, gdy niewidoczne)")
def get_course(request: HttpRequest, pk: Id) -> Course:
    return selectors.course_for(_user(request), pk)


class CertificateOut(Schema):
    code: str
    status: str = Field(..., description="valid | expired | revoked | renewed")
    holder_name: str
    course_title: str
    programme: str
    hours: float
    first_date: date | None
    last_date: date | None
    trainers: str
    issuer: str
    issued_on: date
    expires_on: date | None
    revoked_reason: str
    verification_url: str


@router.get(
    "/learning/certificates/{code}",
    response=CertificateOut,
    summary="Sprawdzenie zaświadczenia po kodzie (publiczne, bez logowania)",
)
def verify_certificate(
    request: HttpRequest, code: str = Path(..., min_length=4, max_length=20, pattern=r"^[A-Za-z0-9-]+$")
) -> dict[str, Any]:
    from django.utils import timezone

    c = selectors.certificate_by_code(code)
    return {
        "code": c.code,
        "status": c.status_on(),
        "holder_name": c.holder_name,
        "course_title": c.course_title,
        "programme": c.programme,
        "hours": float(c.hours),
        "first_date": c.first_date,
        "last_date": c.last_date,
        "trainers": c.trainer_names,
        "issuer": c.issuer_name,
        "issued_on": timezone.localtime(c.issued_at).date(),
        "expires_on": c.expires_on,
        "revoked_reason": c.revoked_reason if c.state == "revoked" else "",
        "verification_url": request.build_absolute_uri(reverse("certificates:verify", args=[c.code])),
    }
