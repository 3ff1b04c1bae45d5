"""Permission matrix rows for every URL of the consortium app."""

from __future__ import annotations

from typing import Any

from tests.matrix import EVERYONE, LOGGED_IN, Case, allowed

from . import helpers as h

# The platform administrator is not an insider: consortium internals answer it 404 (docs/architecture.md,
# "Administrator platformy a dane wewnętrzne"); it keeps the public pages and founding.
INSIDERS = allowed("coordinator", "pes_staff", "ngo_staff")
OFFICE = allowed("coordinator")
REPS = allowed("coordinator", "pes_staff", "ngo_staff")


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
    ),
    Case("consortia:incubation_create", OFFICE, kwargs=_c),
    Case("consortia:bodies", INSIDERS, kwargs=_c),
    Case(
        "consortia:seat_end",
        OFFICE,
        kwargs=lambda d: {"pk": h.consortium().bodies.get(kind="office").seats.filter(until=None).first().pk},
        method="post",
        ok_status=(302,),
    ),
    Case("consortia:agreement_pdf", INSIDERS, kwargs=_c),
    Case("consortia:meetings", INSIDERS, kwargs=_c),
    Case("consortia:meeting_create", OFFICE, kwargs=_c),
    Case("consortia:meeting", INSIDERS, kwargs=_meeting),
    Case("consortia:meeting_minutes", OFFICE, kwargs=_meeting),
    Case("consortia:meeting_pdf", INSIDERS, kwargs=_meeting),
    Case("consortia:resolutions", INSIDERS, kwargs=_c),
    Case("consortia:resolution_create", OFFICE, kwargs=_c),
    Case("consortia:resolution", INSIDERS, kwargs=_res("adopted")),
    Case("consortia:resolution_pdf", INSIDERS, kwargs=_res("adopted")),
    Case(
        "consortia:resolution_vote",
        REPS,
        kwargs=_res("voting"),
        method="post",
        data=lambda d: {"member": h.member_of(d, "pes_staff").pk, "choice": "for"},
        ok_status=(302,),
        note="the coordinator already voted for CAL: redirected with an error message",
    ),
    Case("consortia:resolution_open", OFFICE, kwargs=_res("draft"), method="post", ok_status=(302,)),
    Case("consortia:resolution_close", OFFICE, kwargs=_res("voting"), method="post", ok_status=(302,)),
    Case("consortia:documents", INSIDERS, kwargs=_c),
    Case("consortia:document", INSIDERS, kwargs=_document),
    Case(
        "consortia:split",
        INSIDERS | allowed("officer"),
        kwargs=_split,
        note="the officer of the contracting authority sees the split of its own contract",
    ),
    Case("consortia:plan", INSIDERS | allowed("officer"), kwargs=_plan),
    Case("consortia:plan_create", OFFICE, kwargs=_split),
    Case("consortia:report_delivery", allowed("pes_staff"), kwargs=_allocation),
    Case(
        "consortia:report_review",
        OFFICE,
        kwargs=_report,
        method="post",
        data=lambda d: {"decision": "accept"},
        ok_status=(302,),
    ),
    Case("consortia:consortium_report", OFFICE, kwargs=_split),
    Case(
        "consortia:consortium_report_feed",
        OFFICE,
        kwargs=_split,
        method="post",
        data=lambda d: {"report": h.contract_report(d).pk},
        ok_status=(302,),
    ),
    Case("consortia:consortium_report_pdf", OFFICE, kwargs=_split),
]
