from __future__ import annotations

from typing import Any

from tests.matrix import NOBODY, Case, allowed, audit_events, knows, rows_of

STAFF = allowed("coordinator", "pes_staff", "ngo_staff", "social_worker", "partner", "police")
ZUBR = allowed("pes_staff")
GOPS = allowed("social_worker")
OUTCOMES = STAFF | allowed("officer", "analyst", "admin")
ZUBR_OUTCOMES = allowed("pes_staff", "officer", "analyst", "admin")
DAY_ROOM = "Świetlica środowiskowa „Żubrzątko”"


def _service() -> Any:
    from kooperacja.catalog.models import Service

    return Service.objects.get(name=DAY_ROOM)


def service_pk() -> dict[str, int]:
    return {"pk": _service().pk}


def _enrolment() -> Any:
    from kooperacja.delivery.models import Enrolment

    return Enrolment.objects.filter(service=_service(), status="active").order_by("id").first()


def enrolment_pk() -> dict[str, int]:
    return {"pk": _enrolment().pk}


def person_pk() -> dict[str, int]:
    return {"pk": _enrolment().person_id}


def session_pk() -> dict[str, int]:
    from kooperacja.delivery.models import Session

    return {"pk": Session.objects.filter(service=_service()).order_by("-date").first().pk}


def mark_kwargs() -> dict[str, int]:
    return {**session_pk(), "enrolment_pk": _enrolment().pk}


def consent_pk() -> dict[str, int]:
    return {"pk": _enrolment().person.consents.first().pk}


def programme(status: str) -> Any:
    from kooperacja.delivery.models import HomelessnessProgramme

    return HomelessnessProgramme.objects.filter(status=status).order_by("id").first()


def flat_pk() -> dict[str, int]:
    from kooperacja.delivery.models import Flat

    return {"pk": Flat.objects.order_by("id").first().pk}


def placement_pk() -> dict[str, int]:
    from kooperacja.delivery.models import Placement

    return {"pk": Placement.objects.filter(ended_on__isnull=True).order_by("id").first().pk}


def waiting_enrolment_pk() -> dict[str, int]:
    """The demo child on the day room's waiting list (the day room has free places since it grew to 15)."""
    from kooperacja.delivery.models import Enrolment

    return {"pk": Enrolment.objects.get(service=_service(), status="waiting").pk}


def youth_enrolment_pk() -> dict[str, int]:
    """An enrolment on the EU-funded youth programme of Fundacja Puszcza (ngo_staff), with ESF+ data."""
    from kooperacja.delivery.models import Enrolment

    return {
        "pk": Enrolment.objects.filter(
            service__eu_funded=True, esf__isnull=False, service__provider__name__icontains="Puszcza", status="active"
        )
        .order_by("id")
        .first()
        .pk
    }


def anonymisable_person_pk(demo: Any) -> dict[str, int]:
    """A former participant of Żubr whose record is past the retention period. Made here, not in the demo: a
    record's registration date cannot be set through a service (it is the moment of registering), and a
    demo seeded today has no five-year-old records."""
    from datetime import date, timedelta

    from django.utils import timezone

    from kooperacja.core.actors import SYSTEM
    from kooperacja.delivery import services
    from kooperacja.delivery.models import Person

    org = demo.org("ss_zubr")
    person = services.person_register(
        actor=SYSTEM,
        organisation=org,
        data={
            "first_name": "Dawna",
            "last_name": "Uczestniczka",
            "birth_date": date(2008, 4, 4),
            "territory": org.territory,
        },
    )
    Person.objects.filter(pk=person.pk).update(created_at=timezone.now() - timedelta(days=6 * 365))
    return {"pk": person.pk}


def goal_data(demo: Any) -> dict[str, Any]:
    from datetime import timedelta

    from django.utils import timezone

    goal = programme("approved").goals.order_by("id").first()
    return {
        "goal": goal.pk,
        "text": "Zgłoszenie do programu mieszkań wspieranych",
        "responsible_note": "pracownik socjalny GOPS",
        "due_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
    }


def post(url: str, who: frozenset[str], kwargs: Any, data: Any = lambda d: {}, **extra: Any) -> Case:
    return Case(url, who, kwargs=kwargs, method="post", data=data, ok_status=(302,), **extra)


def _today() -> str:
    from django.utils import timezone

    return timezone.localdate().isoformat()


# Asserted exactly: the status of every denial and the effect of every POST (tests/matrix.py).
EXACT = True

CASES = [
    Case("delivery:home", OUTCOMES),
    Case("delivery:service", ZUBR, kwargs=lambda d: service_pk()),
    Case("delivery:enrol", ZUBR, kwargs=lambda d: service_pk()),
    Case("delivery:sessions", ZUBR, kwargs=lambda d: service_pk()),
    Case("delivery:month_register", ZUBR, kwargs=lambda d: service_pk()),
    Case("delivery:session_create", ZUBR, kwargs=lambda d: service_pk()),
    Case("delivery:import", ZUBR, kwargs=lambda d: service_pk()),
    Case("delivery:service_outcomes", ZUBR_OUTCOMES, kwargs=lambda d: service_pk()),
    Case("delivery:report", ZUBR_OUTCOMES, kwargs=lambda d: service_pk()),
    post(
        "delivery:admit",
        ZUBR,
        lambda d: waiting_enrolment_pk(),
        effect=rows_of("delivery.Enrolment", status="active"),
    ),
    Case("delivery:leave", ZUBR, kwargs=lambda d: enrolment_pk()),
    Case("delivery:meeting_add", ZUBR, kwargs=lambda d: enrolment_pk()),
    # ESF+ data: only on an EU-funded service, only its provider's staff (everyone else: the record is unknown)
    Case("delivery:esf", allowed("ngo_staff"), kwargs=lambda d: youth_enrolment_pk()),
    post(
        "delivery:esf",
        allowed("ngo_staff"),
        lambda d: youth_enrolment_pk(),
        lambda d: {"employment": "inactive", "education": "isced2", "disability": "refused"},
        effect=audit_events("delivery.esf_recorded"),
    ),
    Case("delivery:register", ZUBR, kwargs=lambda d: session_pk()),
    post("delivery:mark", ZUBR, lambda d: mark_kwargs(), lambda d: {"status": "present"}),
    # today's session of the day room: the demo leaves its register empty
    post("delivery:mark_all", ZUBR, lambda d: session_pk(), effect=rows_of("delivery.Attendance")),
    Case("delivery:people", STAFF),
    Case("delivery:person_create", STAFF),
    Case("delivery:person", ZUBR, kwargs=lambda d: person_pk()),
    Case("delivery:person_edit", ZUBR, kwargs=lambda d: person_pk()),
    Case("delivery:person_export", ZUBR, kwargs=lambda d: person_pk()),
    post(
        "delivery:person_anonymise",
        ZUBR,
        lambda d: anonymisable_person_pk(d),
        effect=rows_of("delivery.Person", anonymised_at__isnull=False),
    ),
    Case("delivery:consent_add", ZUBR, kwargs=lambda d: person_pk()),
    post("delivery:consent_withdraw", ZUBR, lambda d: consent_pk()),
    Case("delivery:outcomes", OUTCOMES),
    Case("delivery:programmes", STAFF),
    Case("delivery:programme_create", STAFF),
    Case("delivery:programme", GOPS, kwargs=lambda d: {"pk": programme("approved").pk}),
    post(
        "delivery:programme_goal",
        GOPS,
        lambda d: {"pk": programme("approved").pk},
        lambda d: {"area": "work", "text": "Staż"},
    ),
    post(
        "delivery:programme_action",
        GOPS,
        lambda d: {"pk": programme("approved").pk},
        goal_data,
        effect=rows_of("delivery.ProgrammeAction"),
    ),
    post(
        "delivery:programme_review",
        GOPS,
        lambda d: {"pk": programme("approved").pk},
        lambda d: {"reviewed_on": _today(), "progress": "Osoba podjęła pracę na stałe."},
        effect=rows_of("delivery.ProgrammeReview"),
    ),
    post(
        "delivery:programme_close",
        GOPS,
        lambda d: {"pk": programme("approved").pk},
        lambda d: {"outcome": "partial", "note": "Zatrudnienie tak, mieszkanie jeszcze nie.", "on": _today()},
        effect=rows_of("delivery.HomelessnessProgramme", status__in=["completed", "discontinued"]),
    ),
    post("delivery:programme_transition", GOPS, lambda d: {"pk": programme("submitted").pk, "action": "approve"}),
    post("delivery:action_done", GOPS, lambda d: {"pk": programme("approved").actions.first().pk}),
    Case("delivery:flats", STAFF),
    Case("delivery:flat", NOBODY, kwargs=lambda d: flat_pk()),
    post("delivery:placement_end", NOBODY, lambda d: placement_pk()),
]


def day_room_lot_pk() -> dict[str, int]:
    from kooperacja.commissioning.models import Lot

    return {"pk": Lot.objects.filter(services__name=DAY_ROOM).order_by("id").first().pk}


CASES.append(
    Case(
        "delivery:lot_outcomes",
        ZUBR_OUTCOMES,
        kwargs=lambda d: day_room_lot_pk(),
        status=knows("commission", "trainer", "resident"),
        note="as found: roles without any organisation role get 403, staff of other organisations 404 (reported)",
    )
)


def duplicate_flag_pk(demo: Any) -> dict[str, int]:
    """Another organisation registers the PESEL of a Żubr participant: a suspected duplicate only Żubr sees."""
    from kooperacja.core.actors import SYSTEM
    from kooperacja.delivery import services
    from kooperacja.delivery.models import PersonDuplicateFlag

    child = _enrolment().person
    new = services.person_register(
        actor=SYSTEM,
        organisation=demo.org("fundacja_puszcza"),
        data={"first_name": "Jan", "last_name": "Obcy", "pesel": child.pesel, "territory": child.territory},
    )
    return {"pk": PersonDuplicateFlag.objects.get(existing=child, duplicate=new).pk}


CASES += [
    Case("delivery:duplicates", STAFF),
    post(
        "delivery:duplicate_dismiss",
        ZUBR,
        lambda d: duplicate_flag_pk(d),
        lambda d: {"resolution_note": "Inna osoba – pomyłka w numerze PESEL."},
    ),
]
