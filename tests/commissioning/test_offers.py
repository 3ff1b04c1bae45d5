"""Offers: the seal, the deadline, the call's limits, the budget arithmetic, joint offers, attachments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from kooperacja.commissioning import legal, selectors, services
from kooperacja.commissioning.enums import OfferState
from kooperacja.commissioning.models import Call
from kooperacja.commissioning.services import ActionLine, BudgetLine, PartnerLine
from kooperacja.core.models import AuditEvent
from kooperacja.demo.scenarios.commissioning import FINISHED_TITLE, OPEN_TITLE

D = Decimal
pytestmark = pytest.mark.django_db


def finished() -> Call:
    return Call.objects.get(title=FINISHED_TITLE)


def test_sealed_offer_is_invisible_to_everyone_but_its_offerors(build: Any, demo: Any) -> None:
    call = build.call()
    offer = build.offer(call)
    for key in ("officer", "admin", "commission", "coordinator", "analyst"):
        assert not selectors.offers_visible_to(demo.user(key)).filter(pk=offer.pk).exists(), key
    assert selectors.offers_visible_to(demo.user("pes_staff")).filter(pk=offer.pk).exists()
    assert selectors.submitted_count(call) == 1
    build.past_deadline(call)
    assert selectors.offers_visible_to(demo.user("officer")).filter(pk=offer.pk).exists()
    assert selectors.offers_visible_to(demo.user("admin")).filter(pk=offer.pk).exists()


def test_late_submission_is_refused_and_nothing_is_stored(build: Any, demo: Any) -> None:
    call = build.call()
    offer = build.offer(call, submit=False)
    build.past_deadline(call)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.offer_submit(actor=demo.user("pes_staff"), offer=offer)
    assert "nic nie zapisano" in exc.value.messages[0]
    offer.refresh_from_db()
    assert offer.state == OfferState.DRAFT
    assert offer.submitted_at is None and offer.number == ""
    assert AuditEvent.objects.count() == events
    with pytest.raises(ValidationError):
        services.offer_create(actor=demo.user("pes_staff"), call=call, lead_organisation=demo.org("ss_zubr"), title="x")


def test_withdraw_and_resubmit_only_before_the_deadline(build: Any, demo: Any) -> None:
    call = build.call()
    offer = build.offer(call)
    user = demo.user("pes_staff")
    offer = services.offer_withdraw(actor=user, offer=offer)
    assert offer.state == OfferState.WITHDRAWN
    offer = services.offer_reopen(actor=user, offer=offer)
    offer = services.offer_submit(actor=user, offer=offer)
    assert offer.state == OfferState.SUBMITTED
    build.past_deadline(call)
    with pytest.raises(ValidationError):
        services.offer_withdraw(actor=user, offer=offer)


def test_limits_of_the_call_are_enforced(build: Any, demo: Any) -> None:
    call = build.call(max_grant=D("20000.00"), min_own_share=D("10"))
    offer = build.offer(
        call,
        submit=False,
        budget=[
            BudgetLine(name="Opiekun", quantity=D(10), unit="mies.", unit_cost=D("3000.00"), personal=D("1000.00"))
        ],
    )
    problems = services.offer_limit_errors(offer)
    assert any("przekracza maksymalną" in p for p in problems)
    assert any("wkład własny ogółem" in p for p in problems)
    with pytest.raises(ValidationError):
        services.offer_submit(actor=demo.user("pes_staff"), offer=offer)


def test_budget_arithmetic_fills_the_grant_and_checks_sums() -> None:
    line = BudgetLine(name="Sala", quantity=D("12"), unit="mies.", unit_cost=D("1500.50"), in_kind=D("6.00"))
    amounts = services.budget_arithmetic(line)
    assert amounts["total"] == D("18006.00") and amounts["from_grant"] == D("18000.00")
    with pytest.raises(ValidationError, match="suma źródeł"):
        services.budget_arithmetic(
            BudgetLine(name="Sala", quantity=D(1), unit="szt.", unit_cost=D(100), from_grant=D(50), personal=D(10))
        )
    with pytest.raises(ValidationError, match="przekraczają"):
        services.budget_arithmetic(
            BudgetLine(name="Sala", quantity=D(1), unit="szt.", unit_cost=D(100), personal=D(200))
        )


def test_joint_offer_needs_responsible_offeror_for_each_action(build: Any, demo: Any) -> None:
    call = build.call()
    coordinator = demo.user("coordinator")
    offer = services.offer_create(
        actor=coordinator, call=call, lead_organisation=demo.org("cal_hajnowka"), title="Wspólna"
    )
    start = call.delivery_start
    offer = services.offer_save(
        actor=coordinator,
        offer=offer,
        data={
            "start_date": start,
            "end_date": start + dt.timedelta(days=30),
            "summary": "s",
            "expected_results": "r",
            "contact_person": "K",
            "experience": "e",
            "declarations_accepted": True,
        },
        partners=[PartnerLine(demo.org("ss_zubr").pk, "świetlica")],
        actions=[ActionLine(name="Świetlica")],
        budget=[
            BudgetLine(
                name="Wychowawca",
                quantity=D(1),
                unit="mies.",
                unit_cost=D("10000"),
                personal=D("1000"),
                partner_org_id=demo.org("ss_zubr").pk,
            )
        ],
    )
    assert offer.is_joint
    problems = services.offer_limit_errors(offer)
    assert any("art. 14 ust. 2 OPP" in p for p in problems)
    shares = {p.organisation_id: p.cost_share for p in offer.partners.all()}
    assert shares[demo.org("ss_zubr").pk] == D("10000.00")
    assert shares[demo.org("cal_hajnowka").pk] == D("0.00")
    with pytest.raises(ValidationError, match="zweryfikowana"):
        services.offer_save(
            actor=coordinator, offer=offer, data={}, partners=[PartnerLine(demo.org("nowa_inicjatywa").pk)]
        )


def test_attachments_are_checked_for_type_and_size(build: Any, demo: Any) -> None:
    offer = build.offer(build.call(), submit=False)
    user = demo.user("pes_staff")
    with pytest.raises(ValidationError, match="Niedozwolony typ"):
        services.offer_attach(actor=user, offer=offer, upload=SimpleUploadedFile("a.exe", b"MZ"))
    with pytest.raises(ValidationError, match="PDF"):
        services.offer_attach(actor=user, offer=offer, upload=SimpleUploadedFile("a.pdf", b"not a pdf"))
    big = SimpleUploadedFile("a.pdf", b"%PDF" + b"0" * legal.ATTACHMENT_MAX_BYTES)
    with pytest.raises(ValidationError, match="za duży"):
        services.offer_attach(actor=user, offer=offer, upload=big)
    att = services.offer_attach(actor=user, offer=offer, upload=SimpleUploadedFile("statut.pdf", b"%PDF-1.4 ok"))
    assert att.content_type == "application/pdf" and att.size == 11


def test_open_demo_call_is_sealed(demo: Any) -> None:
    call = Call.objects.get(title=OPEN_TITLE)
    assert selectors.is_sealed(call)
    assert selectors.submitted_count(call) == 1
    assert not selectors.offers_of_call(demo.user("officer"), call).exists()


def test_offer_form_fields_are_the_services() -> None:
    from kooperacja.commissioning.forms import OfferMainForm

    assert list(OfferMainForm().fields) == list(services.OFFER_FIELDS)
