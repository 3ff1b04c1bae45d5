"""Permission matrix rows of the learning app. A restricted material (PZK members only) answers 404 to the rest."""

from __future__ import annotations

from tests.learning import helpers as h
from tests.matrix import EVERYONE, LOGGED_IN, NOT_FOUND, Case, allowed, knows

PZK = allowed("social_worker", "partner", "police")
MANAGERS = allowed("admin", "trainer")
RESTRICTED_READERS = PZK | MANAGERS
MODEL_READERS = RESTRICTED_READERS | allowed("analyst")
CLAUSES_READERS = MANAGERS | allowed("analyst", "officer", "commission")
INSTITUTIONS = LOGGED_IN - {"resident"}
RESEARCH_MANAGERS = MANAGERS | allowed("analyst")


def restricted(d: object) -> dict[str, int]:
    return {"pk": h.material().pk}


def public(d: object) -> dict[str, int]:
    return {"pk": h.material(h.PUBLIC_DOC).pk}


def model(d: object) -> dict[str, int]:
    return {"pk": h.course().pk}


def clauses(d: object) -> dict[str, int]:
    return {"pk": h.course(h.CLAUSES_COURSE).pk}


def session(d: object) -> dict[str, int]:
    return {"pk": h.session().pk}


def certificate(d: object) -> dict[str, int]:
    return {"pk": h.certificate().pk}


def exchange(d: object) -> dict[str, int]:
    return {"pk": h.exchange().pk}


def cohort(d: object) -> dict[str, int]:
    return {"pk": h.cohort().pk}


def cohort_data(d: object) -> dict[str, object]:
    c = h.cohort()
    return {"name": c.name + " (zmiana)", "users": list(c.memberships.values_list("user_id", flat=True))}


def new_cohort_data(d: object) -> dict[str, object]:
    return {"name": "Nowa grupa z macierzy", "users": list(h.cohort().memberships.values_list("user_id", flat=True))}


def fresh_clauses_course(d: object) -> dict[str, int]:
    """A new edition of the clauses course (by application, for municipal officers), published, nobody enrolled:
    each allowed role's application is a new one (in the demo's course the officer is already enrolled)."""
    from decimal import Decimal

    from kooperacja.accounts.enums import Role
    from kooperacja.core.actors import SYSTEM
    from kooperacja.learning import services
    from kooperacja.learning.enums import EnrolmentMode, GrantKind, Visibility
    from kooperacja.organisations.enums import LegalForm

    base = h.course(h.CLAUSES_COURSE)
    course = services.course_create(
        actor=SYSTEM,
        organisation=base.organisation,
        trainers=list(base.trainers.all()),
        title="Klauzule społeczne – nowa edycja",
        summary="Nowa edycja szkolenia dla urzędników JST.",
        hours=Decimal("3"),
        capacity=12,
        enrolment_mode=EnrolmentMode.APPLICATION,
        visibility=Visibility.GROUPS,
        grants=[(GrantKind.ROLE, Role.MUNICIPAL_OFFICER, None), (GrantKind.LEGAL_FORM, LegalForm.JST_OFFICE, None)],
    )
    services.module_add(actor=SYSTEM, course=course, title="Klauzule w Pzp")
    services.course_transition(actor=SYSTEM, course=course, name="publish")
    return {"pk": course.pk}


def planned_exchange(d: object) -> dict[str, int]:
    """A planned exchange meeting with free places (the demo's meeting is over: its registration is closed)."""
    from datetime import timedelta

    from django.utils import timezone

    from kooperacja.core.actors import SYSTEM
    from kooperacja.learning import services

    meeting = services.exchange_create(
        actor=SYSTEM,
        title="Wizyta studyjna w GOPS Narewka",
        host=h.exchange().host,
        starts_at=timezone.now() + timedelta(days=30),
        place="GOPS Narewka, ul. Mickiewicza 50",
        programme="10:00 powitanie\n11:00 rozmowa o koszyku usług",
        capacity=30,
    )
    return {"pk": meeting.pk}


def study(d: object) -> dict[str, int]:
    return {"pk": h.study().pk}


POST = {"method": "post", "ok_status": (302,)}

# asserted exactly: the status of every denial and the effect of every POST (tests/matrix.py)
EXACT = True

CASES = [
    Case("learning:library", EVERYONE),
    Case("learning:material_detail", EVERYONE, kwargs=public),
    # The library, a course's page and a session's calendar file are public pages: a record hidden from the visitor
    # answers 404 to the anonymous visitor too (nothing to sign in for), as public pages do in the other apps.
    Case(
        "learning:material_detail",
        RESTRICTED_READERS,
        kwargs=restricted,
        anonymous=NOT_FOUND,
        note="PZK members only: 404 to others",
    ),
    Case(
        "learning:material_download",
        RESTRICTED_READERS,
        kwargs=restricted,
        anonymous=NOT_FOUND,
        note="the file is behind the same scope",
    ),
    Case(
        "learning:material_version_download",
        EVERYONE,
        kwargs=lambda d: {"pk": h.material(h.PUBLIC_DOC).pk, "number": 1},
    ),
    Case("learning:material_create", MANAGERS),
    Case("learning:material_edit", MANAGERS, kwargs=public),
    Case("learning:material_version_add", MANAGERS, kwargs=public),
    Case("learning:course_list", EVERYONE),
    Case("learning:course_create", MANAGERS),
    Case("learning:course_detail", MODEL_READERS, kwargs=model, anonymous=NOT_FOUND),
    Case("learning:course_detail", CLAUSES_READERS, kwargs=clauses, anonymous=NOT_FOUND),
    Case(
        "learning:enrol",
        allowed("officer", "commission"),
        kwargs=fresh_clauses_course,
        **POST,
        status=knows("admin", "trainer", "analyst"),
        note="by application, for the municipal office: a new application is recorded; those who see the course "
        "but are not its audience get 403",
    ),
    Case("learning:cancel", allowed("officer"), kwargs=clauses, **POST),
    Case("learning:knowledge_check", PZK, kwargs=model),
    Case(
        "learning:module_done",
        PZK,
        kwargs=lambda d: {"pk": h.course().pk, "module_pk": h.course().modules.first().pk},
        **POST,
    ),
    Case("learning:course_manage", MANAGERS, kwargs=model),
    Case("learning:course_edit", MANAGERS, kwargs=model, note="404 to those who may not manage it"),
    Case("learning:course_transition", MANAGERS, kwargs=lambda d: {**clauses(d), "name": "close"}, **POST),
    Case("learning:cohort_assign", MANAGERS, kwargs=model, data=lambda d: {"cohort": h.cohort().pk}, **POST),
    Case("learning:module_create", MANAGERS, kwargs=model),
    Case("learning:session_create", MANAGERS, kwargs=model),
    Case("learning:question_create", MANAGERS, kwargs=model),
    Case(
        "learning:enrolment_decide",
        MANAGERS,
        kwargs=lambda d: {"pk": h.enrolment("urzednik@ug-narewka.demo", h.CLAUSES_COURSE).pk, "name": "approve"},
        **POST,
    ),
    Case(
        "learning:certificate_issue",
        MANAGERS,
        kwargs=lambda d: {"pk": h.enrolment("pedagog@sp-narewka.demo").pk},
        **POST,
    ),
    Case("learning:session_register", MANAGERS, kwargs=session),
    Case("learning:session_edit", MANAGERS, kwargs=session),
    Case(
        "learning:mark",
        MANAGERS,
        kwargs=lambda d: {
            "pk": h.session().pk,
            "enrolment_pk": h.enrolment("urzednik@hajnowka.demo", h.CLAUSES_COURSE).pk,
        },
        data=lambda d: {"status": "present"},
        **POST,
    ),
    Case("learning:mark_all", MANAGERS, kwargs=session, **POST),
    Case("learning:session_transition", MANAGERS, kwargs=lambda d: {**session(d), "name": "hold"}, **POST),
    Case("learning:session_ics", CLAUSES_READERS, kwargs=session, anonymous=NOT_FOUND),
    Case("learning:my_learning", LOGGED_IN),
    Case("learning:trainer_panel", MANAGERS),
    Case("learning:coordination", allowed("admin", "analyst")),
    Case("learning:certificate_pdf", allowed("social_worker", "admin", "trainer", "analyst"), kwargs=certificate),
    Case("learning:certificate_revoke", MANAGERS, kwargs=certificate),
    Case("learning:certificate_renew", MANAGERS, kwargs=certificate, **POST),
    Case("learning:exchange_list", INSTITUTIONS),
    Case("learning:exchange_detail", INSTITUTIONS, kwargs=exchange),
    Case(
        "learning:exchange_register",
        INSTITUTIONS - {"admin"},
        kwargs=planned_exchange,
        **POST,
        status={"admin": 302},
        note="staff of a verified institution; the platform admin belongs to none: refused, nothing written",
    ),
    Case("learning:exchange_create", RESEARCH_MANAGERS),
    Case("learning:exchange_report", RESEARCH_MANAGERS, kwargs=exchange),
    Case("learning:exchange_cancel", RESEARCH_MANAGERS, kwargs=exchange),
    Case("learning:exchange_photo", INSTITUTIONS, kwargs=lambda d: {"pk": h.exchange().photos.first().pk}),
    Case("learning:study_create", RESEARCH_MANAGERS),
    Case("learning:study_detail", INSTITUTIONS, kwargs=study),
    Case("learning:study_report", RESEARCH_MANAGERS, kwargs=study),
    Case("learning:study_group_add", RESEARCH_MANAGERS, kwargs=study),
    Case("learning:study_report_file", INSTITUTIONS, kwargs=study),
    Case("learning:cohort_list", RESEARCH_MANAGERS, note="trainers and the regional coordinator run the cohorts"),
    Case("learning:cohort_create", RESEARCH_MANAGERS),
    Case("learning:cohort_create", RESEARCH_MANAGERS, data=new_cohort_data, **POST),
    Case("learning:cohort_edit", RESEARCH_MANAGERS, kwargs=cohort, note="404 to those who may not know the cohort"),
    Case("learning:cohort_edit", RESEARCH_MANAGERS, kwargs=cohort, data=cohort_data, **POST),
    Case("certificates:verify_form", EVERYONE),
    Case("certificates:verify", EVERYONE, kwargs=lambda d: {"code": h.certificate().code}),
]
