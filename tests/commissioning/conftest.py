from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

D = Decimal


class Builder:
    """Creates fresh commissioning records through the services (for tests that need their own call)."""

    def __init__(self, demo: Any) -> None:
        self.demo = demo

    def call(self, *, deadline_days: int = 30, publish: bool = True, **extra: Any) -> Any:
        from kooperacja.commissioning import services

        officer = self.demo.user("officer")
        today = timezone.localdate()
        data = {
            "task_type": "Wspieranie seniorów",
            "funds_total": D("100000.00"),
            "award_rules": "Dotacja do 90% kosztów.",
            "delivery_start": today + dt.timedelta(days=deadline_days + 10),
            "delivery_end": today + dt.timedelta(days=deadline_days + 200),
            "delivery_conditions": "Standard minimalny.",
            "offer_deadline": timezone.now() + dt.timedelta(days=deadline_days),
            "selection_procedure": "Art. 15 OPP.",
            "selection_date": today + dt.timedelta(days=deadline_days + 5),
            "previous_tasks": "Brak.",
            "min_own_share": D("5"),
            **extra,
        }
        call = services.call_create(
            actor=officer,
            authority=self.demo.org("um_hajnowka"),
            mode="opp_open",
            title=f"Konkurs testowy {timezone.now().timestamp()}",
            data=data,
        )
        if publish:
            call = services.call_publish(
                actor=officer,
                call=call,
                publications=[(ch, today, "") for ch in ("bip", "notice_board", "website")],
            )
        return call

    def offer(self, call: Any, *, user: str = "pes_staff", org: str = "ss_zubr", submit: bool = True, **kw: Any) -> Any:
        from kooperacja.commissioning import services
        from kooperacja.commissioning.services import ActionLine, BudgetLine, IndicatorLine

        actor = self.demo.user(user)
        offer = services.offer_create(
            actor=actor, call=call, lead_organisation=self.demo.org(org), title="Klub seniora"
        )
        start, end = call.delivery_start, call.delivery_start + dt.timedelta(days=90)
        offer = services.offer_save(
            actor=actor,
            offer=offer,
            data={
                "start_date": start,
                "end_date": end,
                "summary": "Zajęcia dla seniorów.",
                "expected_results": "40 osób.",
                "contact_person": "Jan Kowalski",
                "experience": "10 lat.",
                "declarations_accepted": True,
            },
            actions=[ActionLine(name="Zajęcia", start_date=start, end_date=end)],
            indicators=[IndicatorLine(name="Uczestnicy", planned_level=D(40))],
            budget=kw.get(
                "budget",
                [
                    BudgetLine(
                        name="Opiekun", quantity=D(10), unit="mies.", unit_cost=D("3000.00"), personal=D("2000.00")
                    )
                ],
            ),
        )
        if submit:
            offer = services.offer_submit(actor=actor, offer=offer)
        return offer

    def past_deadline(self, call: Any) -> Any:
        from kooperacja.commissioning.models import Call

        Call.objects.filter(pk=call.pk).update(offer_deadline=timezone.now() - dt.timedelta(minutes=1))
        call.refresh_from_db()
        return call


@pytest.fixture
def build(demo: Any) -> Builder:
    return Builder(demo)
