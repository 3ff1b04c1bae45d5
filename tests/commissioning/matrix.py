"""Permission matrix rows for every URL of commissioning (the seal included: a sealed offer is 404 for all
but its offerors, administrators too)."""

from __future__ import annotations

from typing import Any

from tests.matrix import (
    EVERYONE,
    FORBIDDEN,
    NOBODY,
    NOT_FOUND,
    SECOND_AUTHORITY,
    Case,
    allowed,
    knows,
    nothing_written,
)

OFFERORS = allowed("coordinator", "pes_staff", "ngo_staff")
# Who may see the joint offer of the finished call (and so knows it exists): a refusal to act is 403 for them.
OFFER_READERS = ("admin", "officer", "commission", "coordinator", "pes_staff", "ngo_staff")
B = frozenset(SECOND_AUTHORITY)
JURY = allowed("officer", "commission")
B_ADMIN = knows("admin")  # the platform admin sees a draft call, so a refusal to act on it is 403
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


def call_b(d: Any) -> Any:
    """Gmina Białowieża's own call, still a draft (demo/scenarios/second_authority.py)."""
    from kooperacja.commissioning.models import Call
    from kooperacja.demo.scenarios.second_authority import CALL_TITLE

    return Call.objects.get(title=CALL_TITLE)


def pk(obj: Any) -> dict[str, int]:
    return {"pk": obj.pk}


# Asserted exactly: the status of every denial and the effect of every POST (tests/matrix.py).
EXACT = True

CASES = [
    Case("commissioning:officer_home", allowed("officer")),
    Case("commissioning:packages", EVERYONE),
    Case("commissioning:package_detail", EVERYONE, kwargs=lambda d: pk(package(d))),
    Case("commissioning:package_create", allowed("officer")),
    # the package is public: the others know it and get 403
    Case("commissioning:lot_create", allowed("officer"), kwargs=lambda d: pk(package(d)), denied=FORBIDDEN),
    Case("commissioning:lot_edit", allowed("officer"), kwargs=lambda d: pk(package(d).lots.first()), denied=FORBIDDEN),
    Case("commissioning:calls", EVERYONE),
    Case("commissioning:open_feed", EVERYONE),
    Case("commissioning:call_create", allowed("officer")),
    Case("commissioning:call_detail", EVERYONE, kwargs=lambda d: pk(finished(d))),
    Case(
        "commissioning:call_detail",
        allowed("officer", "admin"),
        kwargs=lambda d: pk(pzp(d)),
        anonymous=NOT_FOUND,
        walk=B,
        note="an unpublished draft is visible to the authority (and admin) only",
    ),
    Case("commissioning:call_pdf", EVERYONE, kwargs=lambda d: pk(finished(d))),
    Case("commissioning:call_edit", allowed("officer"), kwargs=lambda d: pk(pzp(d)), status=knows("admin"), walk=B),
    Case("commissioning:call_publish", allowed("officer"), kwargs=lambda d: pk(pzp(d)), status=knows("admin"), walk=B),
    Case(
        "commissioning:call_action",
        allowed("officer"),
        kwargs=lambda d: pk(finished(d)),
        method="post",
        data=lambda d: {"action": "clone"},
        ok_status=(302,),
        denied=FORBIDDEN,
    ),
    # the finished call is public: a role that may not act on it gets 403
    Case(
        "commissioning:call_offers",
        allowed("officer", "commission", "admin"),
        kwargs=lambda d: pk(finished(d)),
        denied=FORBIDDEN,
    ),
    Case("commissioning:commission", allowed("officer"), kwargs=lambda d: pk(finished(d)), denied=FORBIDDEN),
    Case("commissioning:declaration", JURY, kwargs=lambda d: pk(finished(d)), denied=FORBIDDEN),
    Case("commissioning:call_decide", JURY, kwargs=lambda d: pk(finished(d)), denied=FORBIDDEN),
    Case("commissioning:call_results", EVERYONE, kwargs=lambda d: pk(finished(d))),
    Case("commissioning:clauses", allowed("officer"), kwargs=lambda d: pk(pzp(d)), status=knows("admin"), walk=B),
    Case(
        "commissioning:comment_add",
        EVERYONE,
        kwargs=lambda d: pk(small_grant(d)),
        method="post",
        data=lambda d: {"author_name": "Jan", "body": "Uwaga do oferty."},
        ok_status=(302,),
    ),
    Case("commissioning:offer_start", OFFERORS, kwargs=lambda d: pk(open_call(d)), denied=FORBIDDEN),
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
        anonymous=NOT_FOUND,
    ),
    Case(
        "commissioning:offer_detail",
        allowed("ngo_staff"),
        kwargs=lambda d: pk(sealed_offer(d)),
        anonymous=NOT_FOUND,
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
        NOBODY,
        kwargs=lambda d: pk(joint_offer(d)),
        method="post",
        data=lambda d: {"decision": "eligible"},
        status={**knows(*OFFER_READERS), "officer": 302},
        note="the call is past formal review: the service refuses the officer too (302 with a message, nothing "
        "written); the readers of the offer get 403, the others 404",
    ),
    Case(
        "commissioning:score",
        allowed("officer", "commission"),
        kwargs=lambda d: pk(joint_offer(d)),
        status=knows(*OFFER_READERS),
    ),
    Case(
        "commissioning:contract_create",
        allowed("officer"),
        kwargs=lambda d: pk(joint_offer(d)),
        status=knows(*OFFER_READERS),
    ),
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
        status=knows(*CONTRACT_READERS),
    ),
    Case(
        "commissioning:report_detail",
        CONTRACT_READERS,
        kwargs=lambda d: pk(contract(d).reports.get(kind="partial")),
    ),
    Case(
        "commissioning:report_edit",
        allowed("coordinator"),
        kwargs=lambda d: pk(contract(d).reports.get(kind="final")),
        status=knows(*CONTRACT_READERS),
    ),
    # Gmina Białowieża's draft call: its office (and the platform admin) only; Hajnówka's officer gets 404.
    Case(
        "commissioning:call_detail",
        allowed("officer_b", "admin"),
        kwargs=lambda d: pk(call_b(d)),
        anonymous=NOT_FOUND,
        walk=B,
        note="another authority's draft: 404 for Hajnówka's office",
    ),
    Case("commissioning:call_edit", allowed("officer_b"), kwargs=lambda d: pk(call_b(d)), status=B_ADMIN, walk=B),
    Case("commissioning:call_publish", allowed("officer_b"), kwargs=lambda d: pk(call_b(d)), status=B_ADMIN, walk=B),
    Case("commissioning:clauses", allowed("officer_b"), kwargs=lambda d: pk(call_b(d)), status=knows("admin"), walk=B),
    Case(
        "commissioning:call_action",
        allowed("officer_b"),
        kwargs=lambda d: pk(call_b(d)),
        method="post",
        data=lambda d: {"action": "clone"},
        ok_status=(302,),
        status=knows("admin"),
        walk=B,
        note="cloning writes its event for Białowieża's office; Hajnówka's office gets 404 and writes nothing",
    ),
]


# --- the programme of cooperation (art. 5a OPP), demo/scenarios/programme.py --------------------------------


def programme(d: Any) -> Any:
    from kooperacja.commissioning.models import CooperationProgramme
    from kooperacja.demo.scenarios.programme import TITLE

    return CooperationProgramme.objects.get(title__startswith=TITLE)


def draft_programme(d: Any) -> Any:
    from kooperacja.commissioning.models import CooperationProgramme
    from kooperacja.demo.scenarios.programme import DRAFT_TITLE

    return CooperationProgramme.objects.get(title__startswith=DRAFT_TITLE)


def programme_year(d: Any) -> dict[str, int]:
    p = programme(d)
    return {"pk": p.pk, "year": p.year_from}


CASES += [
    Case("commissioning:programmes", EVERYONE),
    Case("commissioning:programme_create", allowed("officer", "officer_b")),
    Case("commissioning:programme_detail", EVERYONE, kwargs=lambda d: pk(programme(d))),
    Case(
        "commissioning:programme_report",
        EVERYONE,
        kwargs=programme_year,
        note="the report on an adopted programme is public (published in the BIP, art. 5a ust. 3 OPP)",
    ),
    Case("commissioning:programme_report_pdf", EVERYONE, kwargs=programme_year),
    Case(
        "commissioning:programme_report_submit",
        NOBODY,
        kwargs=programme_year,
        method="post",
        data=lambda d: {"submitted_on": "2000-01-01"},
        denied=FORBIDDEN,
        status={"officer": 302},
        walk=B,
        note="the demo's year is not over: the service refuses the officer too (302 with a message, nothing "
        "written); the programme is public, so the others get 403",
    ),
    Case(
        "commissioning:call_priority",
        allowed("officer"),
        kwargs=lambda d: pk(finished(d)),
        method="post",
        data=lambda d: {"priority": programme(d).priorities.order_by("number").last().pk},
        ok_status=(302,),
        denied=FORBIDDEN,
        walk=B,
        note="a published call is public: a refusal is 403",
    ),
    # the multi-year draft: its office and the platform admin see it, nobody else knows it exists
    Case(
        "commissioning:programme_detail",
        allowed("officer", "admin"),
        kwargs=lambda d: pk(draft_programme(d)),
        anonymous=NOT_FOUND,
        walk=B,
    ),
    Case(
        "commissioning:programme_edit",
        allowed("officer"),
        kwargs=lambda d: pk(draft_programme(d)),
        status=knows("admin"),
        walk=B,
    ),
    Case(
        "commissioning:priority_add",
        allowed("officer"),
        kwargs=lambda d: pk(draft_programme(d)),
        method="post",
        data=lambda d: {"name": "Wolontariat", "sphere": "", "amount_planned": "1000"},
        ok_status=(302,),
        status=knows("admin"),
        walk=B,
    ),
    Case(
        "commissioning:programme_action",
        allowed("officer"),
        kwargs=lambda d: pk(draft_programme(d)),
        method="post",
        data=lambda d: {"action": "consult", "consultation_url": "https://hajnowka.pl/konsultacje"},
        ok_status=(302,),
        status=knows("admin"),
        walk=B,
    ),
]


# --- Pzp qualification, the BZP notice, the criteria page (demo/scenarios/procurement.py) --------------------


def reserved(d: Any) -> Any:
    from kooperacja.commissioning.models import Call
    from kooperacja.demo.scenarios.procurement import RESERVED_TITLE

    return Call.objects.get(title=RESERVED_TITLE)


def draft_competition(d: Any) -> Any:
    from kooperacja.commissioning.models import Call
    from kooperacja.demo.scenarios.procurement import DRAFT_TITLE

    return Call.objects.get(title=DRAFT_TITLE)


def qualified_offer(d: Any) -> Any:
    return reserved(d).offers.get(lead_organisation=d.org("ss_dobre_rece"))


CASES += [
    # the reserved call is published (public): a role that may not manage it gets 403
    Case("commissioning:call_qualification", allowed("officer"), kwargs=lambda d: pk(reserved(d)), denied=FORBIDDEN),
    Case("commissioning:call_bzp", allowed("officer"), kwargs=lambda d: pk(reserved(d)), denied=FORBIDDEN),
    Case("commissioning:call_criteria", allowed("officer"), kwargs=lambda d: pk(reserved(d)), denied=FORBIDDEN),
    # the qualified offer: the office reads it (the platform administrator too, so 403 to act); the offerors of
    # other organisations, the commission (no seat on this call) and the public do not know it
    Case(
        "commissioning:offer_qualification",
        allowed("officer"),
        kwargs=lambda d: pk(qualified_offer(d)),
        status=knows("admin"),
        walk=B,
    ),
    # a draft competition: only its office and the administrator know it
    Case(
        "commissioning:call_criteria",
        allowed("officer"),
        kwargs=lambda d: pk(draft_competition(d)),
        status=knows("admin"),
        walk=B,
    ),
    Case(
        "commissioning:call_criteria",
        allowed("officer"),
        kwargs=lambda d: pk(draft_competition(d)),
        method="post",
        data=lambda d: {
            "k-INITIAL_FORMS": "0",
            "k-MIN_NUM_FORMS": "0",
            "k-MAX_NUM_FORMS": "15",
            **{
                f"k-{i}-{key}": value
                for i, c in enumerate(draft_competition(d).criteria.order_by("order"))
                for key, value in (("name", c.name), ("basis", c.basis), ("max_points", str(c.max_points)))
            },
            "k-TOTAL_FORMS": str(draft_competition(d).criteria.count()),
        },
        ok_status=(302,),
        status=knows("admin"),
        walk=B,
        note="saving the criteria of a draft writes its event for the office; nothing for anyone else",
    ),
]


# --- the needs behind the package (demo/scenarios/needs.py): public like the package, written by its office -----


def diagnosis(d: Any) -> Any:
    return package(d).diagnosis


def package_links(d: Any) -> dict[str, list[str]]:
    from kooperacja.commissioning import selectors

    return {
        f"need_{r['need'].pk}": [str(pk) for pk in r["lot_ids"]] for r in selectors.package_needs(package(d))["rows"]
    }


CASES += [
    Case("commissioning:diagnosis_detail", EVERYONE, kwargs=lambda d: pk(diagnosis(d))),
    Case(
        "commissioning:package_needs",
        allowed("officer"),
        kwargs=lambda d: pk(package(d)),
        denied=FORBIDDEN,
        walk=B,
        note="the package and its coverage are public (package page); the editor is its office's",
    ),
    Case(
        "commissioning:package_needs",
        allowed("officer"),
        kwargs=lambda d: pk(package(d)),
        method="post",
        data=package_links,
        ok_status=(302,),
        denied=FORBIDDEN,
        walk=B,
    ),
    Case(
        "commissioning:package_diagnosis",
        allowed("officer"),
        kwargs=lambda d: pk(package(d)),
        method="post",
        data=lambda d: {"diagnosis": ""},
        ok_status=(302,),
        denied=FORBIDDEN,
        walk=B,
        note="the officer detaches the diagnosis (a write: the event); the others know the package, 403",
    ),
    Case(
        "commissioning:diagnosis_create",
        allowed("officer"),
        kwargs=lambda d: pk(package(d)),
        denied=FORBIDDEN,
        walk=B,
    ),
    Case(
        "commissioning:diagnosis_edit",
        allowed("officer"),
        kwargs=lambda d: pk(diagnosis(d)),
        denied=FORBIDDEN,
        walk=B,
    ),
    Case("commissioning:need_add", allowed("officer"), kwargs=lambda d: pk(diagnosis(d)), denied=FORBIDDEN, walk=B),
    Case(
        "commissioning:need_edit",
        allowed("officer"),
        kwargs=lambda d: pk(diagnosis(d).needs.first()),
        denied=FORBIDDEN,
        walk=B,
    ),
    Case(
        "commissioning:need_remove",
        allowed("officer"),
        kwargs=lambda d: pk(diagnosis(d).needs.order_by("number").last()),
        method="post",
        ok_status=(302,),
        denied=FORBIDDEN,
        walk=B,
    ),
]


# --- changes after the award (h1): the updated offer, change requests, the offer form's live sums ----------------


def pending_change(d: Any) -> Any:
    return contract(d).change_requests.get(state="submitted")


def accepted_update(d: Any) -> Any:
    return joint_offer(d).updates.get(state="accepted")


def _calc_data(d: Any) -> dict[str, str]:
    return {
        "b-TOTAL_FORMS": "1",
        "b-INITIAL_FORMS": "0",
        "b-0-name": "Opiekun",
        "b-0-quantity": "10",
        "b-0-unit": "mies.",
        "b-0-unit_cost": "3000",
    }


CASES += [
    Case(
        "commissioning:offer_calc",
        allowed("coordinator"),
        kwargs=lambda d: pk(draft_offer(d)),
        method="post",
        data=_calc_data,
        effect=nothing_written,
        note="the live sums compute and write nothing; the draft is sealed: 404 for all but its offeror",
    ),
    Case(
        "commissioning:offer_update",
        allowed("officer", "commission", "admin", "coordinator", "pes_staff", "ngo_staff"),
        kwargs=lambda d: pk(joint_offer(d)),
        note="the updated budget is part of the offer: whoever reads the offer reads it (behind sign-in)",
    ),
    Case(
        "commissioning:offer_update_decide",
        NOBODY,
        kwargs=lambda d: pk(accepted_update(d)),
        method="post",
        data=lambda d: {"action": "accept"},
        status={**knows(*OFFER_READERS), "officer": 302},
        note="the demo's update is already accepted: the service refuses the officer too (302 with a message, "
        "nothing written); the readers of the offer get 403, the others 404",
    ),
    Case(
        "commissioning:change_request_create",
        allowed("coordinator"),
        kwargs=lambda d: pk(contract(d)),
        status=knows(*CONTRACT_READERS),
    ),
    Case(
        "commissioning:change_request_detail",
        CONTRACT_READERS,
        kwargs=lambda d: pk(pending_change(d)),
    ),
    Case(
        "commissioning:change_request_decide",
        allowed("officer"),
        kwargs=lambda d: pk(pending_change(d)),
        method="post",
        data=lambda d: {"action": "approve"},
        ok_status=(302,),
        status=knows(*CONTRACT_READERS),
        note="approving the demo's pending request writes its event for the office; nothing for anyone else",
    ),
]
