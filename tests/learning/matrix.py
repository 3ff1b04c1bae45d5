"""Permission matrix rows of the learning app. A restricted material (PZK members only) answers 404 to the rest."""

from __future__ import annotations

from tests.learning import helpers as h
from tests.matrix import EVERYONE, LOGGED_IN, Case, allowed

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


def study(d: object) -> dict[str, int]:
    return {"pk": h.study().pk}


POST = {"method": "post", "ok_status": (302,)}

CASES = [
    Case("learning:library", EVERYONE),
    Case("learning:material_detail", EVERYONE, kwargs=public),
    Case("learning:material_detail", RESTRICTED_READERS, kwargs=restricted, note="PZK members only: 404 to others"),
    Case("learning:material_download", RESTRICTED_READERS, kwargs=restricted, note="the file is behind the same scope"),
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
    Case("learning:course_detail", MODEL_READERS, kwargs=model),
    Case("learning:course_detail", CLAUSES_READERS, kwargs=clauses),
    Case("learning:enrol", allowed("officer", "commission"), kwargs=clauses, **POST, note="by application, officers"),
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
    Case("learning:session_ics", CLAUSES_READERS, kwargs=session),
    Case("learning:my_learning", LOGGED_IN),
    Case("learning:trainer_panel", MANAGERS),
    Case("learning:coordination", allowed("admin", "analyst")),
    Case("learning:certificate_pdf", allowed("social_worker", "admin", "trainer", "analyst"), kwargs=certificate),
    Case("learning:certificate_revoke", MANAGERS, kwargs=certificate),
    Case("learning:certificate_renew", MANAGERS, kwargs=certificate, **POST),
    Case("learning:exchange_list", INSTITUTIONS),
    Case("learning:exchange_detail", INSTITUTIONS, kwargs=exchange),
    Case("learning:exchange_register", INSTITUTIONS, kwargs=exchange, **POST),
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
