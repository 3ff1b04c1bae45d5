"""Permission matrix rows for every URL of commissioning (the seal included: a sealed offer is 404 for all
but its offerors, administrators too)."""

from __future__ import annotations

from typing import Any

from tests.matrix import EVERYONE, Case, allowed

OFFERORS = allowed("coordinator", "pes_staff", "ngo_staff")
CONTRACT_READERS = allowed("officer", "coordinator", "pes_staff", "ngo_staff", "admin")


def finished(d: Any) -> Any:
    from kooperacja.commissioning.models import Call
    from kooperacja.demo.scenarios.commissioning import FINISHED_TITLE

    return Call.objects.get(title=FINISHED_TITLE)


def open_call(d: Any) -> Any:
    from kooperacja.commissioning.models import Call
    from kooperacja.demo.scenarios.commissioning import OPEN_TITLE

    return Call.objects.get(title=OPEN_TITLE)


def pzp(d: Any) -> Any:
    from kooperacja.commissioning.models import Call
    from kooperacja.demo.scenarios.commissioning import PZP_TITLE

    return Call.objects.get(title=PZP_TITLE)


def small_grant(d: Any) -> Any:
    from kooperacja.commissioning.models import Call

    return Call.objects.get(mode="opp_small_grant", proposed_by=d.org("ss_zubr"))


def package(d: Any) -> Any:
    from kooperacja.commissioning.models import ServicePackage
    from kooperacja.demo.scenarios.commissioning import PACKAGE_NAME

    return ServicePackage.objects.get(name=PACKAGE_NAME)


def joint_offer(d: Any) -> Any:
    return finished(d).offers.get(lead_organisation=d.org("cal_hajnowka"))


def sealed_offer(d: Any) -> Any:
    return open_call(d).offers.get(state="submitted")


def draft_offer(d: Any) -> Any:
    return open_call(d).offers.get(state="draft")


def contract(d: Any) -> Any:
    return joint_offer(d).contract


def pk(obj: Any) -> dict[str, int]:
    return {"pk": obj.pk}


CASES = [
    Case("commissioning:officer_home", allowed("officer")),
    Case("commissioning:packages", EVERYONE),
    Case("commissioning:package_detail", EVERYONE, kwargs=lambda d: pk(package(d))),
    Case("commissioning:package_create", allowed("officer")),
    Case("commissioning:lot_create", allowed("officer"), kwargs=lambda d: pk(package(d))),
    Case("commissioning:lot_edit", allowed("officer"), kwargs=lambda d: pk(package(d).lots.first())),
    Case("commissioning:calls", EVERYONE),
    Case("commissioning:open_feed", EVERYONE),
    Case("commissioning:call_create", allowed("officer")),
    Case("commissioning:call_detail", EVERYONE, kwargs=lambda d: pk(finished(d))),
    Case(
        "commissioning:call_detail",
        allowed("officer", "admin"),
        kwargs=lambda d: pk(pzp(d)),
        note="an unpublished draft is visible to the authority (and admin) only",
    ),
    Case("commissioning:call_pdf", EVERYONE, kwargs=lambda d: pk(finished(d))),
    Case("commissioning:call_edit", allowed("officer"), kwargs=lambda d: pk(pzp(d))),
    Case("commissioning:call_publish", allowed("officer"), kwargs=lambda d: pk(pzp(d))),
    Case(
        "commissioning:call_action",
        allowed("officer"),
        kwargs=lambda d: pk(finished(d)),
        method="post",
        data=lambda d: {"action": "clone"},
        ok_status=(302,),
    ),
    Case("commissioning:call_offers", allowed("officer", "commission", "admin"), kwargs=lambda d: pk(finished(d))),
    Case("commissioning:commission", allowed("officer"), kwargs=lambda d: pk(finished(d))),
    Case("commissioning:declaration", allowed("officer", "commission"), kwargs=lambda d: pk(finished(d))),
    Case("commissioning:call_decide", allowed("officer", "commission"), kwargs=lambda d: pk(finished(d))),
    Case("commissioning:call_results", EVERYONE, kwargs=lambda d: pk(finished(d))),
    Case("commissioning:clauses", allowed("officer"), kwargs=lambda d: pk(pzp(d))),
    Case(
        "commissioning:comment_add",
        EVERYONE,
        kwargs=lambda d: pk(small_grant(d)),
        method="post",
        data=lambda d: {"author_name": "Jan", "body": "Uwaga do oferty."},
        ok_status=(302,),
    ),
    Case("commissioning:offer_start", OFFERORS, kwargs=lambda d: pk(open_call(d))),
    Case(
        "commissioning:reasons_answer",
        allowed("officer"),
        kwargs=lambda d: pk(finished(d).reasons_requests.first()),
        method="post",
        data=lambda d: {"answer": "Oferta nie uzyskała minimum punktowego."},
        ok_status=(302,),
    ),
    Case("commissioning:my_offers", OFFERORS),
    Case("commissioning:small_grant_new", OFFERORS),
    Case("commissioning:own_initiative_new", OFFERORS),
    Case(
        "commissioning:offer_detail",
        allowed("officer", "commission", "admin", "coordinator", "pes_staff", "ngo_staff"),
        kwargs=lambda d: pk(joint_offer(d)),
    ),
    Case(
        "commissioning:offer_detail",
        allowed("ngo_staff"),
        kwargs=lambda d: pk(sealed_offer(d)),
        note="THE SEAL: before the deadline only the offeror reads the offer – not the office, not the admin",
    ),
    Case("commissioning:offer_edit", allowed("coordinator"), kwargs=lambda d: pk(draft_offer(d))),
    Case(
        "commissioning:offer_action",
        allowed("ngo_staff"),
        kwargs=lambda d: pk(sealed_offer(d)),
        method="post",
        data=lambda d: {"action": "withdraw"},
        ok_status=(302,),
    ),
    Case(
        "commissioning:offer_formal",
        allowed("officer"),
        kwargs=lambda d: pk(joint_offer(d)),
        method="post",
        data=lambda d: {"decision": "eligible"},
        ok_status=(302,),
        note="the call is past formal review: the service refuses and the view redirects with a message",
    ),
    Case("commissioning:score", allowed("officer", "commission"), kwargs=lambda d: pk(joint_offer(d))),
    Case("commissioning:contract_create", allowed("officer"), kwargs=lambda d: pk(joint_offer(d))),
    Case("commissioning:commission_home", allowed("officer", "commission")),
    Case("commissioning:contracts", CONTRACT_READERS),
    Case("commissioning:contract_detail", CONTRACT_READERS, kwargs=lambda d: pk(contract(d))),
    Case("commissioning:contract_pdf", CONTRACT_READERS, kwargs=lambda d: pk(contract(d))),
    Case(
        "commissioning:contract_action",
        allowed("officer"),
        kwargs=lambda d: pk(contract(d)),
        method="post",
        data=lambda d: {"action": "tranche_paid", "tranche": contract(d).tranches.get(number=2).pk},
        ok_status=(302,),
    ),
    Case(
        "commissioning:report_detail",
        CONTRACT_READERS,
        kwargs=lambda d: pk(contract(d).reports.get(kind="partial")),
    ),
    Case(
        "commissioning:report_edit", allowed("coordinator"), kwargs=lambda d: pk(contract(d).reports.get(kind="final"))
    ),
]
