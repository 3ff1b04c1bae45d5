"""Small grants (art. 19a OPP) and own initiative (art. 12 OPP)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kooperacja.commissioning import services
from kooperacja.commissioning.enums import CallState
from kooperacja.commissioning.models import Call
from kooperacja.commissioning.services import ActionLine, BudgetLine
from kooperacja.demo.scenarios.commissioning import FINISHED_TITLE

D = Decimal
pytestmark = pytest.mark.django_db


def finished() -> Call:
    return Call.objects.get(title=FINISHED_TITLE)


def test_small_grant_caps(demo: Any) -> None:
    start = timezone.localdate() + dt.timedelta(days=10)
    kwargs: dict[str, Any] = {
        "actor": demo.user("pes_staff"),
        "authority": demo.org("um_hajnowka"),
        "organisation": demo.org("ss_zubr"),
        "title": "Warsztaty",
        "actions": [ActionLine(name="Warsztaty")],
        "indicators": [],
    }
    data = {
        "start_date": start,
        "end_date": start + dt.timedelta(days=30),
        "summary": "s",
        "expected_results": "r",
        "contact_person": "T",
        "experience": "e",
        "declarations_accepted": True,
    }
    with pytest.raises(ValidationError, match=r"art\. 19a ust\. 1 OPP"):
        services.small_grant_submit(
            **kwargs,
            data=data,
            budget=[BudgetLine(name="x", quantity=D(1), unit="szt.", unit_cost=D("12000"), personal=D(100))],
        )
    with pytest.raises(ValidationError, match="90 dni"):
        services.small_grant_submit(
            **kwargs,
            data={**data, "end_date": start + dt.timedelta(days=95)},
            budget=[BudgetLine(name="x", quantity=D(1), unit="szt.", unit_cost=D("5000"), personal=D(100))],
        )
    offer = services.small_grant_submit(
        **kwargs,
        data=data,
        budget=[BudgetLine(name="x", quantity=D(1), unit="szt.", unit_cost=D("5000"), personal=D(100))],
    )
    call = services.small_grant_publish(actor=demo.user("officer"), call=offer.call)
    offer.refresh_from_db()
    assert offer.comment_until - offer.comment_from == dt.timedelta(days=6)
    services.public_comment_add(call=call, author_name="Mieszkanka", body="Dobry pomysł")
    with pytest.raises(ValidationError, match="Okres zgłaszania uwag"):
        services.small_grant_decide(actor=demo.user("officer"), call=call, accept=True)


def test_own_initiative_is_assessed_within_a_month(demo: Any) -> None:
    call = services.own_initiative_submit(
        actor=demo.user("ngo_staff"),
        authority=demo.org("um_hajnowka"),
        organisation=demo.org("fundacja_puszcza"),
        title="Rada młodzieży",
        description="Opis",
        cost_estimate=D("5000"),
    )
    assert call.assessment_due == services.add_months(timezone.localdate(), 1)
    with pytest.raises(ValidationError):
        services.own_initiative_assess(actor=demo.user("officer"), call=call, positive=True, note="")
    call = services.own_initiative_assess(
        actor=demo.user("officer"), call=call, positive=True, note="Zgodne z programem"
    )
    assert call.state == CallState.ASSESSED_POSITIVE
