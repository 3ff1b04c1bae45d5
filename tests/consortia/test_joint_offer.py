"""The register of members' capacity feeds a joint offer (issue 17): for a published call the register proposes a
member for each lot (sector, gmina/powiat, places, availability), and the coordinator's choice becomes the lead's
draft joint offer through commissioning's offer services (partners, one action and one cost row per lot)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from kooperacja.consortia import joint_offer, services
from kooperacja.demo.scenarios.consortia_reporting import NEW_CALL

from . import helpers as h


def _call() -> Any:
    from kooperacja.commissioning.models import Call

    return Call.objects.get(title=NEW_CALL)


def test_the_register_proposes_a_member_for_each_lot(demo: Any) -> None:
    proposals = {p.lot.sector: p for p in joint_offer.proposals(h.consortium(), _call())}
    assert proposals["seniors"].proposed.member.organisation == demo.org("ss_zubr")
    assert proposals["youth"].proposed.member.organisation == demo.org("fundacja_puszcza")
    day_room = proposals["children_day_room"].proposed
    # Fundacja Puszcza works in Narewka: not the package's gmina but the same powiat, and it says so.
    assert day_room.member.organisation == demo.org("fundacja_puszcza")
    assert any("tym samym powiecie" in f for f in day_room.fits)


def test_a_suspended_member_is_shown_but_not_proposed(demo: Any) -> None:
    from kooperacja.consortia.models import ConsortiumMember

    ConsortiumMember.objects.filter(consortium=h.consortium(), organisation=demo.org("ss_zubr")).update(
        status="suspended"
    )
    seniors = next(p for p in joint_offer.proposals(h.consortium(), _call()) if p.lot.sector == "seniors")
    assert seniors.candidates and seniors.proposed is None
    assert "członkostwo zawieszone" in seniors.candidates[0].gaps


def test_the_demo_draft_follows_the_register(demo: Any) -> None:
    from kooperacja.commissioning.models import Offer

    offer = Offer.objects.get(call=_call(), lead_organisation=demo.org("cal_hajnowka"))
    assert offer.state == "draft" and offer.is_joint
    partners = set(offer.partners.values_list("organisation__name", flat=True))
    assert partners == {demo.org(k).name for k in ("cal_hajnowka", "ss_zubr", "fundacja_puszcza")}
    rows = {(r.lot.sector, r.partner.organisation_id) for r in offer.budget_rows.select_related("lot", "partner")}
    assert rows == {
        ("seniors", demo.org("ss_zubr").pk),
        ("youth", demo.org("fundacja_puszcza").pk),
        ("children_day_room", demo.org("fundacja_puszcza").pk),
    }
    assert offer.requested_amount == sum(lot.budget for lot in _call().lots.all())
    assert offer.actions.filter(responsible__organisation=demo.org("ss_zubr")).count() == 1


def test_the_coordinator_builds_a_draft_on_the_page(demo: Any, client_as: Any) -> None:
    from kooperacja.commissioning.models import Offer
    from kooperacja.core.models import AuditEvent

    call = _call()
    url = f"/konsorcja/{h.consortium().pk}/oferta-wspolna/{call.pk}/"
    page = client_as("coordinator").get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "propozycja" in html and "Klub seniora z posiłkiem" in html
    proposals = joint_offer.proposals(h.consortium(), call)
    youth = next(p for p in proposals if p.lot.sector == "youth")
    data = {"title": "Oferta wspólna – test"}
    data[f"lot_{youth.lot.pk}"] = str(youth.proposed.capacity.pk)  # only the youth lot
    before = Offer.objects.filter(call=call).count()
    response = client_as("coordinator").post(url, data)
    assert response.status_code == 302
    offer = Offer.objects.filter(call=call).order_by("-pk").first()
    assert Offer.objects.filter(call=call).count() == before + 1
    assert response["Location"].endswith(f"/oferty/{offer.pk}/edycja/")
    assert offer.title == "Oferta wspólna – test"
    assert list(offer.offer_lots.values_list("lot_id", flat=True)) == [youth.lot.pk]
    assert AuditEvent.objects.filter(verb="consortium.joint_offer_built").exists()


def test_a_choice_from_another_sector_is_refused(demo: Any) -> None:
    call = _call()
    proposals = joint_offer.proposals(h.consortium(), call)
    seniors = next(p for p in proposals if p.lot.sector == "seniors")
    youth = next(p for p in proposals if p.lot.sector == "youth")
    with pytest.raises(ValidationError) as caught:
        services.joint_offer_build(
            actor=demo.user("coordinator"),
            consortium=h.consortium(),
            call=call,
            choices={seniors.lot.pk: youth.proposed.capacity},
        )
    assert "innego obszaru usług" in " ".join(caught.value.messages)


def test_a_member_may_not_build_the_offer(demo: Any, client_as: Any) -> None:
    url = f"/konsorcja/{h.consortium().pk}/oferta-wspolna/{_call().pk}/"
    assert client_as("ngo_staff").post(url, {}).status_code == 403
    assert client_as("officer").get(url).status_code == 404
