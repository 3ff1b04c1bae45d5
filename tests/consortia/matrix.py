"""Permission matrix rows for every URL of the consortium app."""

from __future__ import annotations

from typing import Any

from tests.matrix import EVERYONE, LOGGED_IN, SECOND_AUTHORITY, Case, allowed, knows

from . import helpers as h

# The platform administrator is not an insider: consortium internals answer it 404 (docs/architecture.md,
# "Administrator platformy a dane wewnętrzne"); it keeps the public pages and founding.
INSIDERS = allowed("coordinator", "pes_staff", "ngo_staff")
OFFICE = allowed("coordinator")
REPS = allowed("coordinator", "pes_staff", "ngo_staff")
# Members' representatives know the consortium's internals: what only the office may do answers them 403.
MEMBERS_KNOW = knows("pes_staff", "ngo_staff")
# Konsorcjum Puszcza of Gmina Białowieża (demo/scenarios/second_authority.py)
B = frozenset(SECOND_AUTHORITY)
INSIDERS_B = allowed("coordinator_b", "pes_staff_b")


def _b() -> Any:
    from kooperacja.consortia.models import Consortium
    from kooperacja.demo.scenarios.second_authority import CONSORTIUM_NAME

    return Consortium.objects.get(name=CONSORTIUM_NAME)


def _b_res(status: str) -> Any:
    return lambda d: {"pk": _b().resolutions.get(status=status).pk}


def _b_member(d: Any, org_key: str) -> Any:
    return _b().members.get(organisation=d.org(org_key))


def _c(d: Any) -> dict[str, int]:
    return {"pk": h.consortium().pk}


def _support(d: Any) -> dict[str, int]:
    from kooperacja.consortia.models import SupportRequest

    return {"pk": SupportRequest.objects.get(subject="Umowa o pracę dla wychowawczyni świetlicy").pk}


def _incubation(d: Any) -> dict[str, int]:
    from kooperacja.consortia.models import IncubationPath

    return {"pk": IncubationPath.objects.get(organisation=d.org("nowa_inicjatywa")).pk}


def _item(d: Any) -> dict[str, int]:
    from kooperacja.consortia.models import IncubationItem

    return {"pk": IncubationItem.objects.filter(path__organisation=d.org("nowa_inicjatywa"), done_on=None).first().pk}


def _capacity_row(d: Any) -> Any:
    """The demo's first capacity row of SS „Żubr” (demo/scenarios/consortia_governance.py)."""
    return h.member_of(d, "pes_staff").capacities.order_by("pk").first()


def _joint_offer_call(d: Any) -> dict[str, int]:
    """The call of the next year published in the demo (demo/scenarios/consortia_reporting.py)."""
    from kooperacja.commissioning.models import Call
    from kooperacja.demo.scenarios.consortia_reporting import NEW_CALL

    return {"pk": h.consortium().pk, "call_pk": Call.objects.get(title=NEW_CALL).pk}


def _meeting(d: Any) -> dict[str, int]:
    return {"pk": h.consortium().meetings.filter(status="held").first().pk}


def _res(status: str) -> Any:
    return lambda d: {"pk": h.resolution(status).pk}


def _document(d: Any) -> dict[str, int]:
    return {"pk": h.consortium().documents.first().pk}


def _split(d: Any) -> dict[str, int]:
    plan = h.approved_plan(d)
    return {"pk": plan.consortium_id, "contract_pk": plan.contract_id}


def _plan(d: Any) -> dict[str, int]:
    return {"pk": h.approved_plan(d).pk}


def _allocation(d: Any) -> dict[str, int]:
    return {"pk": h.allocation_of(d, "ss_zubr").pk}


def _report(d: Any) -> dict[str, int]:
    from kooperacja.consortia import services

    allocation = h.allocation_of(d, "ss_zubr")
    report = allocation.reports.filter(status="submitted").first()
    if report is None:
        report = services.delivery_report_submit(
            actor=d.user("pes_staff"),
            allocation=allocation,
            period_start=allocation.starts_on,
            period_end=allocation.starts_on,
            delivered="Zajęcia",
            costs="100.00",
        )
    return {"pk": report.pk}


# Asserted exactly: the status of every denial and the effect of every POST (tests/matrix.py).
EXACT = True

CASES = [
    Case("consortia:list", EVERYONE),
    Case("consortia:detail", EVERYONE, kwargs=_c, note="public profile; internals only for insiders"),
    Case("consortia:found", allowed("admin", "coordinator")),
    Case("consortia:obligations", REPS),
    Case("consortia:support_list", LOGGED_IN),
    Case("consortia:support_create", REPS),
    Case("consortia:support", allowed("coordinator", "pes_staff"), kwargs=_support),
    Case(
        "consortia:support_handle",
        OFFICE,
        kwargs=_support,
        method="post",
        data=lambda d: {"status": "in_progress", "minutes": "15", "note": "Rozmowa telefoniczna"},
        ok_status=(302,),
        status=knows("pes_staff"),
    ),
    Case(
        "consortia:support_comment",
        allowed("coordinator", "pes_staff"),
        kwargs=_support,
        method="post",
        data=lambda d: {"note": "Dziękujemy"},
        ok_status=(302,),
    ),
    Case("consortia:incubation", allowed("coordinator"), kwargs=_incubation),
    Case(
        "consortia:incubation_stage",
        OFFICE,
        kwargs=_incubation,
        method="post",
        data=lambda d: {"stage": "first_service"},
        ok_status=(302,),
    ),
    Case(
        "consortia:incubation_item", OFFICE, kwargs=_item, method="post", data=lambda d: {"done": "1"}, ok_status=(302,)
    ),
    Case("consortia:members", INSIDERS, kwargs=_c),
    Case(
        "consortia:member_representatives",
        OFFICE,
        kwargs=lambda d: {"pk": h.member_of(d, "pes_staff").pk},
        method="post",
        data=lambda d: {f"m{h.member_of(d, 'pes_staff').pk}-users": [d.user("pes_staff").pk]},
        ok_status=(302,),
        status=MEMBERS_KNOW,
    ),
    Case("consortia:incubation_create", OFFICE, kwargs=_c, status=MEMBERS_KNOW),
    Case("consortia:bodies", INSIDERS, kwargs=_c),
    Case(
        "consortia:seat_end",
        OFFICE,
        kwargs=lambda d: {"pk": h.consortium().bodies.get(kind="office").seats.filter(until=None).first().pk},
        method="post",
        ok_status=(302,),
        status=MEMBERS_KNOW,
    ),
    Case("consortia:agreement_pdf", INSIDERS, kwargs=_c),
    Case("consortia:meetings", INSIDERS, kwargs=_c),
    Case("consortia:meeting_create", OFFICE, kwargs=_c, status=MEMBERS_KNOW),
    Case("consortia:meeting", INSIDERS, kwargs=_meeting),
    Case("consortia:meeting_minutes", OFFICE, kwargs=_meeting, status=MEMBERS_KNOW),
    Case("consortia:meeting_pdf", INSIDERS, kwargs=_meeting),
    Case("consortia:resolutions", INSIDERS, kwargs=_c),
    Case("consortia:resolution_create", OFFICE, kwargs=_c, status=MEMBERS_KNOW),
    Case("consortia:resolution", INSIDERS, kwargs=_res("adopted")),
    Case("consortia:resolution_pdf", INSIDERS, kwargs=_res("adopted")),
    Case(
        "consortia:resolution_vote",
        allowed("pes_staff"),
        kwargs=_res("voting"),
        method="post",
        data=lambda d: {"member": h.member_of(d, "pes_staff").pk, "choice": "for"},
        ok_status=(302,),
        status={"coordinator": 302, "ngo_staff": 302},
        note="a vote for SS Żubr: only its representative casts it (the event is written); the other members' "
        "representatives are refused with a message (302, nothing written)",
    ),
    Case(
        "consortia:resolution_open", OFFICE, kwargs=_res("draft"), method="post", ok_status=(302,), status=MEMBERS_KNOW
    ),
    Case(
        "consortia:resolution_close",
        OFFICE,
        kwargs=_res("voting"),
        method="post",
        ok_status=(302,),
        status=MEMBERS_KNOW,
    ),
    Case("consortia:documents", INSIDERS, kwargs=_c),
    Case("consortia:agreement", INSIDERS, kwargs=_c),
    Case("consortia:amendment_create", OFFICE, kwargs=_c, status=MEMBERS_KNOW),
    Case("consortia:capacity", INSIDERS, kwargs=_c),
    Case("consortia:capacity_add", INSIDERS, kwargs=_c, note="each insider adds rows for its own member"),
    Case(
        "consortia:capacity_edit",
        allowed("coordinator", "pes_staff"),
        kwargs=lambda d: {"pk": h.consortium().pk, "row_pk": _capacity_row(d).pk},
        status=knows("ngo_staff"),
        note="a row of SS „Żubr”: its representative and the office; another member's people see it, may not edit",
    ),
    Case(
        "consortia:capacity_remove",
        allowed("coordinator", "pes_staff"),
        kwargs=lambda d: {"pk": _capacity_row(d).pk},
        method="post",
        ok_status=(302,),
        status=knows("ngo_staff"),
    ),
    Case("consortia:joint_offer_calls", OFFICE, kwargs=_c, status=MEMBERS_KNOW),
    Case(
        "consortia:joint_offer_build",
        OFFICE,
        kwargs=_joint_offer_call,
        status=MEMBERS_KNOW,
        note="the new call of the demo (consortia_reporting); building the draft: tests/consortia/test_joint_offer.py",
    ),
    Case("consortia:document", INSIDERS, kwargs=_document),
    Case(
        "consortia:split",
        INSIDERS | allowed("officer"),
        kwargs=_split,
        note="the officer of the contracting authority sees the split of its own contract",
    ),
    Case("consortia:plan", INSIDERS | allowed("officer"), kwargs=_plan),
    Case("consortia:plan_create", OFFICE, kwargs=_split, status=knows("admin", "officer", "pes_staff", "ngo_staff")),
    Case("consortia:report_delivery", allowed("pes_staff"), kwargs=_allocation, status=knows("officer", "coordinator")),
    Case(
        "consortia:report_review",
        OFFICE,
        kwargs=_report,
        method="post",
        data=lambda d: {"decision": "accept"},
        ok_status=(302,),
        status=MEMBERS_KNOW,
    ),
    Case("consortia:consortium_report", OFFICE, kwargs=_split, status=MEMBERS_KNOW),
    Case(
        "consortia:consortium_report_feed",
        OFFICE,
        kwargs=_split,
        method="post",
        data=lambda d: {"report": h.contract_report(d).pk},
        ok_status=(302,),
        status=MEMBERS_KNOW,
    ),
    Case("consortia:consortium_report_pdf", OFFICE, kwargs=_split, status=MEMBERS_KNOW),
    # Konsorcjum Puszcza (Gmina Białowieża): its internals are its members' only; OdNowa's insiders get 404.
    Case("consortia:detail", EVERYONE, kwargs=lambda d: {"pk": _b().pk}, note="the public profile"),
    Case("consortia:members", INSIDERS_B, kwargs=lambda d: {"pk": _b().pk}, walk=B),
    Case("consortia:resolutions", INSIDERS_B, kwargs=lambda d: {"pk": _b().pk}, walk=B),
    Case("consortia:resolution", INSIDERS_B, kwargs=_b_res("adopted"), walk=B),
    Case("consortia:resolution_pdf", INSIDERS_B, kwargs=_b_res("adopted"), walk=B),
    Case(
        "consortia:resolution_vote",
        allowed("pes_staff_b"),
        kwargs=_b_res("voting"),
        method="post",
        data=lambda d: {"member": _b_member(d, "ss_pogorzelce").pk, "choice": "for"},
        ok_status=(302,),
        status={"coordinator_b": 302},
        walk=B,
        note="SS Pogorzelce's vote: its person casts it; the lead's coordinator is refused (302, nothing written); "
        "OdNowa's representatives get 404 and write nothing",
    ),
    Case(
        "consortia:resolution_close",
        allowed("coordinator_b"),
        kwargs=_b_res("voting"),
        method="post",
        ok_status=(302,),
        status=knows("pes_staff_b"),
        walk=B,
        note="closing the vote writes its event; OdNowa's office gets 404",
    ),
]
