"""Finding the learning demo objects by name."""

from __future__ import annotations

from typing import Any

MODEL_COURSE = "Model Kooperacji w praktyce"
CLAUSES_COURSE = "Klauzule społeczne w zamówieniach i zlecaniu usług"
RESTRICTED = "Wzór porozumienia o współpracy w Partnerskim Zespole Kooperacji"
PUBLIC_DOC = "Model Kooperacji – przewodnik dla gmin"
COHORT = "PZK Narewka – Szkoła Kooperacji 2026"


def course(title: str = MODEL_COURSE) -> Any:
    from kooperacja.learning.models import Course

    return Course.objects.get(title=title)


def material(title: str = RESTRICTED) -> Any:
    from kooperacja.learning.models import Material

    return Material.objects.get(title=title)


def certificate(email: str = "pracownik@gops-narewka.demo") -> Any:
    from kooperacja.learning.models import Certificate

    return Certificate.objects.get(enrolment__user__email=email, enrolment__course__title=MODEL_COURSE)


def enrolment(email: str, title: str = MODEL_COURSE) -> Any:
    from kooperacja.learning.models import Enrolment

    return Enrolment.objects.get(user__email=email, course__title=title)


def session(title: str = CLAUSES_COURSE, index: int = 0) -> Any:
    return course(title).sessions.order_by("starts_at")[index]


def exchange() -> Any:
    from kooperacja.learning.models import ExchangeMeeting

    return ExchangeMeeting.objects.get()


def study() -> Any:
    from kooperacja.learning.models import Study

    return Study.objects.get()


def cohort(name: str = COHORT) -> Any:
    from kooperacja.learning.models import Cohort

    return Cohort.objects.get(name=name)
