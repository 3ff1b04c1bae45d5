"""Issue 15 §3: the number of queries of every main page does not depend on the size of the data.

For each role, every main page and API list of that role (the pages `benchmarks/scale.py` measures) is fetched
on the demo, then the data grows in two ways and the pages are fetched again; the counts must be equal:
- the synthetic region of `seed_scale` (organisations, services, participants, teams, cases, referrals of
  other gminas: the public lists and the regional statistics grow);
- rows the role itself sees: more cases of the social worker's institution with referrals to the partner,
  more participants enrolled on the register's service of the PES, more offers in the officer's call.
Anonymous pages are counted with an empty cache (`core.pagecache` would answer them without a query).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db

GROW = 12  # rows added in the role's own scope, per kind


def _first(model: Any, **filters: Any) -> Any:
    return model.objects.filter(**filters).order_by("pk").first()


def _call() -> Any:
    from kooperacja.commissioning.models import Call

    return Call.objects.filter(published_at__isnull=False).annotate(n=Count("offers")).order_by("-n", "pk").first()


def _session(demo: Any) -> Any:
    from kooperacja.delivery.models import Session

    return (
        Session.objects.filter(service__provider__memberships__user=demo.user("pes_staff"))
        .annotate(n=Count("service__enrolments"))
        .order_by("-n", "-date", "pk")
        .first()
    )


def _pages(demo: Any) -> dict[str, list[tuple[str, str]]]:
    from kooperacja.catalog.models import Service
    from kooperacja.cooperation.selectors import cases_owned_by

    call = _call()
    case = cases_owned_by(demo.user("social_worker")).order_by("pk").first()
    service = _first(Service, status="active")
    session = _session(demo)
    return {
        "anonymous": [
            ("strona główna", "/"),
            ("katalog usług", reverse("catalog:index")),
            ("katalog: wyszukiwanie", reverse("catalog:index") + "?q=dzieci"),
            ("usługa", reverse("catalog:detail", args=[service.pk])),
            ("ogłoszenia", reverse("commissioning:calls")),
            ("ogłoszenie", reverse("commissioning:call_detail", args=[call.pk])),
            ("katalog organizacji", reverse("organisations:directory")),
            ("katalog organizacji: wyszukiwanie", reverse("organisations:directory") + "?q=stowarzyszenie"),
            ("API organizacje", "/api/v1/organisations?limit=50"),
            ("API usługi", "/api/v1/services"),
            ("API ogłoszenia", "/api/v1/calls?limit=50"),
        ],
        "officer": [
            ("pulpit urzędnika", reverse("commissioning:officer_home")),
            ("oferty ogłoszenia", reverse("commissioning:call_offers", args=[call.pk])),
            ("API oferty", "/api/v1/offers"),
        ],
        "pes_staff": [
            ("uczestnicy", reverse("delivery:people")),
            ("dziennik zajęć", reverse("delivery:register", args=[session.pk])),
            ("konsorcja", reverse("consortia:list")),
        ],
        "social_worker": [
            ("sprawy", reverse("cooperation:case_list")),
            ("zespoły", reverse("cooperation:teams")),
            ("rejestr dostępu sprawy", reverse("cooperation:case_log", args=[case.pk])),
        ],
        "partner": [
            ("sprawy (partner)", reverse("cooperation:case_list")),
            ("API sprawy", "/api/v1/cooperation/cases"),
            ("API skierowania", "/api/v1/cooperation/referrals"),
        ],
        "analyst": [
            ("statystyki regionalne", reverse("cooperation:statistics")),
            ("API statystyki", "/api/v1/cooperation/statistics"),
        ],
    }


def _clone(obj: Any, **changes: Any) -> Any:
    new = copy.copy(obj)
    new.pk = new.id = None
    new._state = copy.copy(obj._state)
    new._state.adding = True
    for name, value in changes.items():
        setattr(new, name, value)
    new.save()
    return new


def _grow_cases(demo: Any) -> None:
    """More cases of the social worker's institution, each with its referrals (to the partner among others)."""
    from kooperacja.cooperation import selectors
    from kooperacja.cooperation.models import Referral

    owned = list(selectors.cases_owned_by(demo.user("social_worker")).filter(is_domestic_violence=False)[:3])
    assert owned, "the demo has cases of the social worker's institution"
    for i in range(GROW):
        source = owned[i % len(owned)]
        case = _clone(source, number=f"{source.number}-Q{i}")
        for referral in Referral.objects.filter(case=source):
            _clone(referral, case=case)


def _grow_register(demo: Any) -> None:
    """More participants of the PES, enrolled on the service of the register page (with their marks)."""
    from kooperacja.delivery.models import Attendance, Enrolment, PersonOrganisation

    session = _session(demo)
    enrolment = Enrolment.objects.filter(service=session.service, status="active").select_related("person").first()
    assert enrolment is not None, "the register's service has an active enrolment in the demo"
    served = PersonOrganisation.objects.filter(person=enrolment.person).first()
    mark = Attendance.objects.filter(enrolment=enrolment).first()
    for i in range(GROW):
        person = _clone(enrolment.person, code=f"Q-{i:08d}", last_name=f"Wzrost {i}")
        if served is not None:
            _clone(served, person=person)
        grown = _clone(enrolment, person=person)
        if mark is not None:
            _clone(mark, enrolment=grown)


def _grow_offers() -> None:
    """More offers in the call whose offers the officer reads, each with its partners."""
    from kooperacja.commissioning.models import OfferPartner

    call = _call()
    offers = list(call.offers.order_by("pk")[:3])
    assert offers
    for i in range(GROW):
        source = offers[i % len(offers)]
        offer = _clone(source, number=f"{source.number}-Q{i}" if source.number else "")
        for partner in OfferPartner.objects.filter(offer=source):
            _clone(partner, offer=offer)


def _count(client: Any, url: str) -> int:
    cache.clear()
    client.get(url)  # warm (content types, the session, the menu's lazy imports)
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return len(ctx.captured_queries)


ROLES = ("anonymous", "officer", "pes_staff", "social_worker", "partner", "analyst")


@pytest.mark.parametrize("role", ROLES)
def test_queries_do_not_grow_with_the_data(role: str, demo: Any, client_as: Callable[[str], Any]) -> None:
    from kooperacja.demo import scale

    pages = _pages(demo)[role]
    client = client_as(role)
    before = {label: _count(client, url) for label, url in pages}
    scale.seed_scale(scale=0.002, seed=7, say=lambda _line: None)
    {"officer": _grow_offers, "pes_staff": lambda: _grow_register(demo)}.get(role, lambda: _grow_cases(demo))()
    after = {label: _count(client, url) for label, url in pages}
    assert after == before


# docs/performance.md §5 p. 6: the fixed cost of a signed-in page. Each page's exact count on the demo (the
# data-size independence of the same pages is the test above). The header's menu reads the role facts in two
# queries (the memberships, then every app's yes/no facts as EXISTS columns of one query; accounts.roles) and a
# plain page view writes no session (accounts.middleware.SlidingSessionMiddleware). Before (1 XII 2026):
# officer dashboard 25, cases list 27, participants list 23, profile 19-27 (of which 5-13 the menu's role
# predicates and 3 the session's SAVEPOINT / UPDATE / RELEASE).
SIGNED_IN_PAGES: dict[tuple[str, str], int] = {
    ("officer", "commissioning:officer_home"): 12,
    ("social_worker", "cooperation:case_list"): 11,
    ("partner", "cooperation:case_list"): 11,
    ("pes_staff", "delivery:people"): 10,
    # the profile: the fixed cost of every signed-in page (the session, the user, the second factor, the menu's
    # memberships and role facts, Django's two model-permission queries, the bell) and the profile's own rows
    ("officer", "accounts:profile"): 14,
    ("commission", "accounts:profile"): 14,
    ("coordinator", "accounts:profile"): 13,
    ("pes_staff", "accounts:profile"): 13,
    ("social_worker", "accounts:profile"): 13,
    ("partner", "accounts:profile"): 13,
    ("trainer", "accounts:profile"): 14,
    ("analyst", "accounts:profile"): 14,
    ("resident", "accounts:profile"): 14,
}


def test_signed_in_pages_cost_what_they_did_when_measured(demo: Any, client_as: Callable[[str], Any]) -> None:
    actual: dict[tuple[str, str], int] = {}
    writes: dict[tuple[str, str], list[str]] = {}
    for role, url_name in SIGNED_IN_PAGES:
        client = client_as(role)
        url = reverse(url_name)
        cache.clear()
        client.get(url)  # warm (content types, lazy imports)
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, f"{role} {url}: {response.status_code}"
        actual[(role, url_name)] = len(ctx.captured_queries)
        writes[(role, url_name)] = [q["sql"] for q in ctx.captured_queries if "django_session" in q["sql"]][1:]
    assert actual == SIGNED_IN_PAGES, {k: (SIGNED_IN_PAGES[k], v) for k, v in actual.items() if SIGNED_IN_PAGES[k] != v}
    assert all(not sqls for sqls in writes.values()), writes  # one SELECT of the session, no UPDATE
