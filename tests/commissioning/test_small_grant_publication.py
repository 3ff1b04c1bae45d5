"""Small grants: the office publishes the offer within 7 working days of receipt (art. 19a ust. 3 OPP), public
holidays excluded; the decision comes only after the 7 days of comment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kooperacja.commissioning import selectors, services
from kooperacja.commissioning.events import CommissioningEvent
from kooperacja.commissioning.models import Offer
from kooperacja.commissioning.services import ActionLine, BudgetLine
from kooperacja.core.models import AuditEvent

D = Decimal
pytestmark = pytest.mark.django_db


def _submit(demo: Any, *, received: dt.date) -> Offer:
    start = timezone.localdate() + dt.timedelta(days=30)
    offer = services.small_grant_submit(
        actor=demo.user("pes_staff"),
        authority=demo.org("um_hajnowka"),
        organisation=demo.org("ss_zubr"),
        title="Warsztaty świąteczne",
        data={
            "start_date": start,
            "end_date": start + dt.timedelta(days=20),
            "summary": "s",
            "expected_results": "r",
            "contact_person": "T",
            "experience": "e",
            "declarations_accepted": True,
        },
        actions=[ActionLine(name="Warsztaty")],
        indicators=[],
        budget=[BudgetLine(name="x", quantity=D(1), unit="szt.", unit_cost=D("3000"), personal=D(100))],
    )
    at = timezone.make_aware(dt.datetime.combine(received, dt.time(10, 0)))
    Offer.objects.filter(pk=offer.pk).update(submitted_at=at)  # received on a chosen day (test set-up)
    offer.refresh_from_db()
    return offer


def test_due_date_skips_11_november(demo: Any) -> None:
    offer = _submit(demo, received=dt.date(2026, 11, 10))
    term = selectors.small_grant_publication(offer, today=dt.date(2026, 11, 19))
    assert term["due"] == dt.date(2026, 11, 20)
    assert term["late"] is False
    assert selectors.small_grant_publication(offer, today=dt.date(2026, 11, 23))["late"] is True


def test_due_date_skips_easter_monday(demo: Any) -> None:
    offer = _submit(demo, received=dt.date(2026, 4, 3))
    assert selectors.small_grant_publication(offer)["due"] == dt.date(2026, 4, 15)


def test_late_publication_is_recorded_and_shown(demo: Any, client_as: Any) -> None:
    today = timezone.localdate()
    received = today - dt.timedelta(days=20)  # 20 calendar days are always more than 7 working days
    offer = _submit(demo, received=received)
    call = services.small_grant_publish(actor=demo.user("officer"), call=offer.call, today=today)
    ev = AuditEvent.objects.filter(verb=CommissioningEvent.SMALL_GRANT_PUBLISHED, target_id=str(call.pk)).get()
    assert ev.data["late"] is True
    assert ev.data["due"] == selectors.small_grant_publication(offer)["due"].isoformat()
    page = client_as("officer").get(call.get_absolute_url()).content.decode()
    assert "opublikowano po terminie" in page
    assert "7 dni roboczych" in page


def test_timely_publication_is_not_late(demo: Any) -> None:
    today = timezone.localdate()
    offer = _submit(demo, received=today)
    call = services.small_grant_publish(actor=demo.user("officer"), call=offer.call, today=today)
    ev = AuditEvent.objects.filter(verb=CommissioningEvent.SMALL_GRANT_PUBLISHED, target_id=str(call.pk)).get()
    assert ev.data["late"] is False


def test_no_decision_before_publication(demo: Any) -> None:
    offer = _submit(demo, received=timezone.localdate())
    with pytest.raises(ValidationError, match="opublikowana na 7 dni"):
        services.small_grant_decide(actor=demo.user("officer"), call=offer.call, accept=True)


def test_no_publication_dated_before_receipt(demo: Any) -> None:
    today = timezone.localdate()
    offer = _submit(demo, received=today)
    with pytest.raises(ValidationError, match="przed dniem jej wpłynięcia"):
        services.small_grant_publish(actor=demo.user("officer"), call=offer.call, today=today - dt.timedelta(days=1))
