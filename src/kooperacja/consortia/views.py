"""Pages of the consortium app (thin: parse, call a selector or service, render)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.forms import formset_factory
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.commissioning.models import ContractLot
from kooperacja.commissioning.selectors import contract_for
from kooperacja.core.fields import parse_id

from . import pdfs, selectors, services, split
from .access import access_of
from .enums import OPEN_SUPPORT, MemberStatus, PlanStatus, ReportStatus, ResolutionStatus
from .forms import (
    CommentForm,
    DocumentForm,
    FoundingForm,
    IncubationForm,
    MeetingForm,
    MinutesForm,
    RepresentativesForm,
    ResolutionForm,
    SeatForm,
    SupportHandleForm,
    SupportRequestForm,
    VoteForm,
)
from .models import ConsortiumMember, DeliveryReport, IncubationItem
from .split_forms import AllocationRowForm, DeliveryReportForm, PlanNoteForm

PAGE_SIZE = 25


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _error(form: Any, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


# ------------------------------------------------------------------ consortia


def consortium_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.consortia_visible_to(request.user), PAGE_SIZE).get_page(request.GET.get("strona"))
    insider = selectors.insider_ids(request.user)
    return render(request, "consortia/list.html", {"page": page, "insider": insider})


def consortium_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consortium = selectors.consortium_for(request.user, pk)
    user = request.user
    ctx: dict[str, Any] = {
        "consortium": consortium,
        "members": selectors.current_members(consortium),
        "internal": user.has_perm("consortia.view_internal", consortium),
        "is_office": user.has_perm("consortia.manage_consortium", consortium),
    }
    today = timezone.localdate()
    contracts = list(split.contracts_of(consortium))
    visible_plans = {
        p.contract_id: p for p in split.plans_visible_to(user).filter(consortium=consortium, status=PlanStatus.APPROVED)
    }
    if ctx["internal"]:
        rows = []
        for contract in contracts:
            plan = visible_plans.get(contract.pk)
            rows.append(
                {"contract": contract, "plan": plan, "summaries": split.plan_status(plan, today) if plan else []}
            )
        ctx["contract_rows"] = rows
        ctx["sees_all"] = split.sees_all_detail(user, consortium)
        ctx["own_member_ids"] = {m.member_id for m in access_of(user).members_in(consortium.pk)}
        ctx["open_support"] = selectors.open_support_requests(consortium)[:10]
        ctx["open_votes"] = selectors.resolutions_visible_to(user).filter(
            consortium=consortium, status=ResolutionStatus.VOTING
        )
        ctx["upcoming_meetings"] = consortium.meetings.filter(starts_at__date__gte=today).select_related("body")[:5]
        horizon = today + dt.timedelta(days=60)
        ctx["deadlines"] = (
            split.allocations_visible_to(user)
            .filter(plan__consortium=consortium, plan__status=PlanStatus.APPROVED, report_due__lte=horizon)
            .annotate(n_reports=Count("reports", filter=~Q(reports__status=ReportStatus.RETURNED)))
            .order_by("report_due")[:10]
        )
        ctx["today"] = today
        ctx["incubations"] = selectors.incubations_visible_to(user).filter(consortium=consortium)
    else:
        ctx["contract_rows"] = [
            {"contract": c, "plan": visible_plans.get(c.pk), "summaries": []}
            for c in contracts
            if c.pk in visible_plans
        ]
    return render(request, "consortia/detail.html", ctx)


@login_required
def consortium_found(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("consortia.found_consortium"):
        raise PermissionDenied
    form = FoundingForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consortium = services.consortium_found(
                actor=request.user,
                lead=data["lead"],
                members=data["founders"],
                terms=data,
                agreement_file=data.get("agreement"),
            )
        except ValidationError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("Konsorcjum zostało założone."))
            return redirect("consortia:detail", pk=consortium.pk)
    return render(request, "consortia/found.html", {"form": form})


@login_required
def members(request: HttpRequest, pk: int) -> HttpResponse:
    consortium = selectors.internal_consortium_for(request.user, pk)
    members_qs = list(selectors.all_members(consortium))
    forms_by_member = {}
    if request.user.has_perm("consortia.manage_consortium", consortium):
        forms_by_member = {
            m.pk: RepresentativesForm(member=m, initial={"users": list(m.representatives.all())})
            for m in members_qs
            if m.is_current
        }
    return render(
        request,
        "consortia/members.html",
        {
            "consortium": consortium,
            "members": members_qs,
            "rep_forms": [(m, forms_by_member[m.pk]) for m in members_qs if m.pk in forms_by_member],
            "history": selectors.membership_history(consortium),
        },
    )


@login_required
@require_POST
def member_representatives(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(
        ConsortiumMember.objects.select_related("consortium", "organisation"),
        pk=pk,
        consortium__in=selectors.internal_consortia_for(request.user),
    )
    if not request.user.has_perm("consortia.manage_consortium", member.consortium):
        raise PermissionDenied
    form = RepresentativesForm(request.POST, member=member)
    if form.is_valid():
        try:
            services.member_set_representatives(actor=request.user, member=member, users=form.cleaned_data["users"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Zapisano przedstawicieli: %(o)s.") % {"o": member.organisation})
    else:
        messages.error(request, _("Popraw wybór przedstawicieli."))
    return redirect("consortia:members", pk=member.consortium_id)


@login_required
def incubation_create(request: HttpRequest, pk: int) -> HttpResponse:
    consortium = selectors.internal_consortium_for(request.user, pk)
    if not request.user.has_perm("consortia.manage_incubation", consortium):
        raise PermissionDenied
    form = IncubationForm(request.POST or None, consortium=consortium, initial={"started_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        checklist = services.standard_checklist(d["started_on"]) + [
            ("diagnosis", line.strip(), None) for line in d["extra"].splitlines() if line.strip()
        ]
        try:
            path = services.incubation_start(
                actor=request.user,
                consortium=consortium,
                organisation=d["organisation"],
                mentor=d["mentor"],
                goal=d["goal"],
                started_on=d["started_on"],
                checklist=checklist,
            )
        except ValidationError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("Rozpoczęto ścieżkę inkubacji."))
            return redirect("consortia:incubation", pk=path.pk)
    return render(
        request, "consortia/form.html", {"form": form, "consortium": consortium, "title": _("Nowa ścieżka inkubacji")}
    )


@login_required
def bodies(request: HttpRequest, pk: int) -> HttpResponse:
    consortium = selectors.internal_consortium_for(request.user, pk)
    can_manage = request.user.has_perm("consortia.manage_consortium", consortium)
    form = SeatForm(request.POST or None, consortium=consortium) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.body_seat_add(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _error(form, exc)
            else:
                messages.success(request, _("Dodano osobę do organu."))
                return redirect("consortia:bodies", pk=pk)
    return render(
        request,
        "consortia/bodies.html",
        {"consortium": consortium, "bodies": selectors.bodies_of(consortium), "form": form, "can_manage": can_manage},
    )


@login_required
@require_POST
def seat_end(request: HttpRequest, pk: int) -> HttpResponse:
    from .models import BodySeat

    seat = get_object_or_404(
        BodySeat.objects.select_related("body__consortium"),
        pk=pk,
        until__isnull=True,
        body__consortium__in=selectors.internal_consortia_for(request.user),
    )
    if not request.user.has_perm("consortia.manage_consortium", seat.body.consortium):
        raise PermissionDenied
    services.body_seat_end(actor=request.user, seat=seat, until=timezone.localdate())
    messages.success(request, _("Zakończono pełnienie funkcji: %(p)s.") % {"p": seat.person})
    return redirect("consortia:bodies", pk=seat.body.consortium_id)


@login_required
def agreement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    consortium = selectors.internal_consortium_for(request.user, pk)
    return _pdf(pdfs.agreement_pdf(consortium, selectors.current_members(consortium)), f"umowa-konsorcjum-{pk}.pdf")


# ------------------------------------------------------------------ meetings


@login_required
def meetings(request: HttpRequest, pk: int) -> HttpResponse:
    consortium = selectors.internal_consortium_for(request.user, pk)
    qs = selectors.meetings_visible_to(request.user).filter(consortium=consortium)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("strona"))
    return render(request, "consortia/meetings.html", {"consortium": consortium, "page": page})


@login_required
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    consortium = selectors.internal_consortium_for(request.user, pk)
    if not request.user.has_perm("consortia.manage_consortium", consortium):
        raise PermissionDenied
    form = MeetingForm(request.POST or None, consortium=consortium)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        body = data.pop("body")
        meeting = services.meeting_schedule(actor=request.user, body=body, data=data)
        messages.success(request, _("Zaplanowano posiedzenie."))
        return redirect("consortia:meeting", pk=meeting.pk)
    return render(
        request, "consortia/form.html", {"form": form, "consortium": consortium, "title": _("Nowe posiedzenie")}
    )


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, pk)
    return render(
        request,
        "consortia/meeting.html",
        {
            "meeting": meeting,
            "consortium": meeting.consortium,
            "present": meeting.present_members.select_related("organisation"),
            "resolutions": meeting.resolutions.all(),
        },
    )


@login_required
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, pk)
    if not request.user.has_perm("consortia.manage_consortium", meeting.consortium):
        raise PermissionDenied
    initial = {"minutes": meeting.minutes, "present": meeting.present_members.all()}
    form = MinutesForm(request.POST or None, meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_record(
                actor=request.user,
                meeting=meeting,
                minutes=form.cleaned_data["minutes"],
                present=form.cleaned_data["present"],
            )
        except ValidationError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("Zapisano protokół i listę obecności."))
            return redirect("consortia:meeting", pk=meeting.pk)
    return render(
        request,
        "consortia/form.html",
        {"form": form, "consortium": meeting.consortium, "title": _("Protokół: %(t)s") % {"t": meeting.title}},
    )


@login_required
def meeting_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, pk)
    data = pdfs.minutes_pdf(meeting, meeting.present_members.select_related("organisation"), meeting.resolutions.all())
    return _pdf(data, f"protokol-{pk}.pdf")


# ------------------------------------------------------------------ resolutions


@login_required
def resolutions(request: HttpRequest, pk: int) -> HttpResponse:
    consortium = selectors.internal_consortium_for(request.user, pk)
    qs = selectors.resolutions_visible_to(request.user).filter(consortium=consortium)
    status = request.GET.get("status", "")
    if status in ResolutionStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("strona"))
    return render(
        request,
        "consortia/resolutions.html",
        {"consortium": consortium, "page": page, "status": status, "statuses": ResolutionStatus.choices},
    )


@login_required
def resolution_create(request: HttpRequest, pk: int) -> HttpResponse:
    consortium = selectors.internal_consortium_for(request.user, pk)
    if not request.user.has_perm("consortia.manage_consortium", consortium):
        raise PermissionDenied
    initial = {}
    if request.GET.get("plan"):
        initial = {"kind": "approve_split", "target_plan": request.GET["plan"]}
    form = ResolutionForm(request.POST or None, consortium=consortium, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            res = services.resolution_draft(actor=request.user, consortium=consortium, **form.cleaned_data)
        except ValidationError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("Zapisano projekt uchwały."))
            return redirect("consortia:resolution", pk=res.pk)
    return render(
        request, "consortia/form.html", {"form": form, "consortium": consortium, "title": _("Projekt uchwały")}
    )


def _my_voting_members(user: Any, res: Any) -> Any:
    eligible = set(res.eligible_member_ids or [])
    ids = [m.member_id for m in access_of(user).members_in(res.consortium_id) if m.can_vote and m.member_id in eligible]
    return ConsortiumMember.objects.filter(pk__in=ids).exclude(votes__resolution=res).select_related("organisation")


@login_required
def resolution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    res = selectors.resolution_for(request.user, pk)
    can_vote = request.user.has_perm("consortia.cast_vote", res)
    vote_form = None
    if can_vote:
        mine = _my_voting_members(request.user, res)
        if mine.exists():
            vote_form = VoteForm(members=mine)
    tally = services.tally_of(res) if res.status == ResolutionStatus.VOTING else None
    return render(
        request,
        "consortia/resolution.html",
        {
            "res": res,
            "consortium": res.consortium,
            "votes": selectors.votes_of(res),
            "vote_form": vote_form,
            "tally": tally,
            "changes": res.membership_changes.select_related("member__organisation"),
        },
    )


@login_required
@require_POST
def resolution_vote(request: HttpRequest, pk: int) -> HttpResponse:
    res = selectors.resolution_for(request.user, pk)
    if not request.user.has_perm("consortia.cast_vote", res):
        raise PermissionDenied
    form = VoteForm(request.POST, members=_my_voting_members(request.user, res))
    if form.is_valid():
        try:
            services.vote_cast(
                actor=request.user,
                resolution=res,
                member=form.cleaned_data["member"],
                choice=form.cleaned_data["choice"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Głos został oddany."))
    else:
        messages.error(request, _("Wybierz głos."))
    return redirect("consortia:resolution", pk=pk)


@login_required
@require_POST
def resolution_open(request: HttpRequest, pk: int) -> HttpResponse:
    res = selectors.resolution_for(request.user, pk)
    if not request.user.has_perm("consortia.open_vote", res):
        raise PermissionDenied
    closes = request.POST.get("closes_on") or ""
    try:
        closes_on = dt.date.fromisoformat(closes) if closes else None
        services.resolution_open_vote(actor=request.user, resolution=res, closes_on=closes_on)
    except ValueError:
        messages.error(request, _("Nieprawidłowa data zakończenia głosowania."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Głosowanie zostało otwarte."))
    return redirect("consortia:resolution", pk=pk)


@login_required
@require_POST
def resolution_close(request: HttpRequest, pk: int) -> HttpResponse:
    res = selectors.resolution_for(request.user, pk)
    if not request.user.has_perm("consortia.close_vote", res):
        raise PermissionDenied
    try:
        res = services.resolution_close(actor=request.user, resolution=res)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if res.status == ResolutionStatus.ADOPTED:
            messages.success(request, _("Uchwała została podjęta."))
        else:
            messages.warning(request, _("Uchwała nie została podjęta."))
    return redirect("consortia:resolution", pk=pk)


@login_required
def resolution_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    res = selectors.resolution_for(request.user, pk)
    return _pdf(pdfs.resolution_pdf(res, selectors.votes_of(res)), f"uchwala-{res.number.replace('/', '-')}.pdf")


# ------------------------------------------------------------------ documents


@login_required
def documents(request: HttpRequest, pk: int) -> HttpResponse:
    consortium = selectors.internal_consortium_for(request.user, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_upload(
                actor=request.user,
                consortium=consortium,
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("Dodano dokument."))
            return redirect("consortia:documents", pk=pk)
    res_qs = selectors.resolutions_visible_to(request.user).filter(consortium=consortium).exclude(status="draft")
    return render(
        request,
        "consortia/documents.html",
        {
            "consortium": consortium,
            "form": form,
            "documents": selectors.documents_of(consortium),
            "resolutions": res_qs,
            "meetings": consortium.meetings.filter(status="held"),
        },
    )


@login_required
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    doc = selectors.document_for(request.user, pk)
    try:
        handle = doc.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(
        handle, as_attachment=True, filename=doc.file.name.rsplit("/", 1)[-1], content_type=doc.content_type or None
    )


# ------------------------------------------------------------------ support and incubation


@login_required
def support_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.support_requests_visible_to(request.user)
    status = request.GET.get("status", "")
    if status == "open":
        qs = qs.filter(status__in=OPEN_SUPPORT)
    elif status:
        qs = qs.filter(status=status)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("strona"))
    return render(
        request,
        "consortia/support_list.html",
        {
            "page": page,
            "status": status,
            "can_file": request.user.has_perm("consortia.file_support_request"),
            "incubations": selectors.incubations_visible_to(request.user),
        },
    )


@login_required
def support_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("consortia.file_support_request"):
        raise PermissionDenied
    form = SupportRequestForm(
        request.POST or None, user=request.user, consortia=selectors.support_consortia_for(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        consortium, organisation = data.pop("consortium"), data.pop("organisation")
        try:
            req = services.support_request_file(
                actor=request.user, consortium=consortium, organisation=organisation, data=data
            )
        except ValidationError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("Zgłoszenie trafiło do biura konsorcjum."))
            return redirect("consortia:support", pk=req.pk)
    return render(request, "consortia/form.html", {"form": form, "title": _("Zgłoszenie wsparcia"), "support": True})


@login_required
def support_detail(request: HttpRequest, pk: int) -> HttpResponse:
    req = selectors.support_request_for(request.user, pk)
    handle_form = None
    if request.user.has_perm("consortia.handle_support_request", req):
        handle_form = SupportHandleForm(
            consortium=req.consortium, initial={"status": req.status, "assignee": req.assignee, "outcome": req.outcome}
        )
    comment_form = CommentForm() if request.user.has_perm("consortia.comment_support_request", req) else None
    return render(
        request,
        "consortia/support.html",
        {
            "req": req,
            "entries": req.entries.select_related("author"),
            "handle_form": handle_form,
            "comment_form": comment_form,
        },
    )


@login_required
@require_POST
def support_handle(request: HttpRequest, pk: int) -> HttpResponse:
    req = selectors.support_request_for(request.user, pk)
    if not request.user.has_perm("consortia.handle_support_request", req):
        raise PermissionDenied
    form = SupportHandleForm(request.POST, consortium=req.consortium)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.support_request_handle(
                actor=request.user,
                request=req,
                status=d["status"],
                assignee=d.get("assignee"),
                minutes=d.get("minutes") or 0,
                note=d.get("note") or "",
                outcome=d.get("outcome") or "",
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Zapisano zmiany zgłoszenia."))
    else:
        messages.error(request, _("Popraw dane formularza."))
    return redirect("consortia:support", pk=pk)


@login_required
@require_POST
def support_comment(request: HttpRequest, pk: int) -> HttpResponse:
    req = selectors.support_request_for(request.user, pk)
    if not request.user.has_perm("consortia.comment_support_request", req):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        services.support_request_comment(actor=request.user, request=req, note=form.cleaned_data["note"])
        messages.success(request, _("Dodano wpis."))
    return redirect("consortia:support", pk=pk)


@login_required
def incubation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    path = selectors.incubation_for(request.user, pk)
    items = list(path.items.all())
    done = sum(1 for i in items if i.done_on)
    from .enums import IncubationStage

    return render(
        request,
        "consortia/incubation.html",
        {
            "path": path,
            "items": items,
            "done": done,
            "progress": int(done * 100 / len(items)) if items else 0,
            "stages": IncubationStage.choices,
            "can_manage": request.user.has_perm("consortia.manage_incubation", path),
        },
    )


@login_required
@require_POST
def incubation_item(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        IncubationItem.objects.select_related("path"), pk=pk, path__in=selectors.incubations_visible_to(request.user)
    )
    if not request.user.has_perm("consortia.manage_incubation", item.path):
        raise PermissionDenied
    services.incubation_item_set(actor=request.user, item=item, done=request.POST.get("done") == "1")
    return redirect("consortia:incubation", pk=item.path_id)


@login_required
@require_POST
def incubation_stage(request: HttpRequest, pk: int) -> HttpResponse:
    path = selectors.incubation_for(request.user, pk)
    if not request.user.has_perm("consortia.manage_incubation", path):
        raise PermissionDenied
    try:
        services.incubation_set_stage(actor=request.user, path=path, stage=request.POST.get("stage", ""))
    except ValidationError:
        messages.error(request, _("Nieznany etap."))
    else:
        messages.success(request, _("Zmieniono etap inkubacji."))
    return redirect("consortia:incubation", pk=pk)


# ------------------------------------------------------------------ member obligations


@login_required
def obligations(request: HttpRequest) -> HttpResponse:
    """The member's own obligations: its allocations in approved splits, report deadlines, open votes."""
    acc = access_of(request.user)
    if not acc.members:
        raise PermissionDenied
    today = timezone.localdate()
    member_ids = [m.member_id for m in acc.members]
    allocations = list(
        split.allocations_visible_to(request.user)
        .filter(member_id__in=member_ids, plan__status=PlanStatus.APPROVED)
        .annotate(n_reports=Count("reports", filter=~Q(reports__status=ReportStatus.RETURNED)))
        .order_by("report_due", "id")
    )
    reports = (
        DeliveryReport.objects.filter(allocation__member_id__in=member_ids)
        .select_related("allocation__plan__contract", "allocation__member__organisation")
        .order_by("-period_end", "-id")[:20]
    )
    return render(
        request,
        "consortia/obligations.html",
        {
            "allocations": allocations,
            "reports": reports,
            "open_votes": selectors.open_votes_for(request.user),
            "today": today,
        },
    )


# ------------------------------------------------------------------ split


def _contract_and_consortium(request: HttpRequest, pk: int, contract_pk: int) -> tuple[Any, Any]:
    """The consortium and one of its contracts: insiders see every contract won by the consortium, others (the
    authority's officers) only contracts commissioning lets them see."""
    consortium = selectors.consortium_for(request.user, pk)
    if request.user.has_perm("consortia.view_internal", consortium):
        contract = get_object_or_404(split.contracts_of(consortium), pk=contract_pk)
    else:
        contract = contract_for(request.user, contract_pk)
        if contract.contractor_id != consortium.lead_id:
            raise Http404
    return consortium, contract


@login_required
def split_view(request: HttpRequest, pk: int, contract_pk: int) -> HttpResponse:
    consortium, contract = _contract_and_consortium(request, pk, contract_pk)
    plans = list(split.plans_visible_to(request.user).filter(consortium=consortium, contract=contract))
    if not plans and not request.user.has_perm("consortia.view_internal", consortium):
        raise Http404
    approved = next((p for p in plans if p.status == PlanStatus.APPROVED), None)
    sees_all = split.sees_all_detail(request.user, consortium) or (
        approved is not None
        and request.user.has_perm("consortia.view_split", approved)
        and not request.user.has_perm("consortia.view_internal", consortium)
    )
    summaries = split.plan_status(approved) if approved else []
    own = {m.member_id for m in access_of(request.user).members_in(consortium.pk)}
    return render(
        request,
        "consortia/split.html",
        {
            "consortium": consortium,
            "contract": contract,
            "plans": plans,
            "approved": approved,
            "summaries": summaries,
            "sees_all": sees_all,
            "own": own,
            "today": timezone.localdate(),
            "is_office": request.user.has_perm("consortia.manage_consortium", consortium),
            "internal": request.user.has_perm("consortia.view_internal", consortium),
        },
    )


AllocationFormSet = formset_factory(AllocationRowForm, extra=2, can_delete=False)


@login_required
def plan_create(request: HttpRequest, pk: int, contract_pk: int) -> HttpResponse:
    consortium, contract = _contract_and_consortium(request, pk, contract_pk)
    if not request.user.has_perm("consortia.manage_consortium", consortium):
        raise PermissionDenied
    form_kwargs = {"consortium": consortium, "contract": contract}
    base = split.approved_plan(contract)
    initial = []
    if base:
        initial = [
            {
                "member": a.member_id,
                "contract_lot": a.contract_lot_id,
                "task": a.task,
                "amount": a.amount,
                "starts_on": a.starts_on,
                "ends_on": a.ends_on,
                "report_due": a.report_due,
            }
            for a in split.plan_allocations(base)
        ]
    else:
        lots = list(ContractLot.objects.filter(contract=contract))
        initial = [
            {
                "contract_lot": cl.pk,
                "amount": cl.amount,
                "starts_on": contract.start_date,
                "ends_on": contract.end_date,
                "report_due": contract.end_date,
            }
            for cl in lots
        ] or [
            {
                "amount": contract.amount,
                "starts_on": contract.start_date,
                "ends_on": contract.end_date,
                "report_due": contract.end_date,
            }
        ]
    note_form = PlanNoteForm(request.POST or None)
    formset = AllocationFormSet(request.POST or None, initial=initial, form_kwargs=form_kwargs, prefix="rows")
    if request.method == "POST" and formset.is_valid() and note_form.is_valid():
        rows = [
            split.AllocationRow(
                member=f.cleaned_data["member"],
                task=f.cleaned_data["task"],
                amount=f.cleaned_data["amount"],
                starts_on=f.cleaned_data["starts_on"],
                ends_on=f.cleaned_data["ends_on"],
                report_due=f.cleaned_data["report_due"],
                contract_lot=f.cleaned_data.get("contract_lot"),
            )
            for f in formset.forms
            if f.cleaned_data and f.cleaned_data.get("member")
        ]
        try:
            plan = split.plan_create(
                actor=request.user,
                consortium=consortium,
                contract=contract,
                rows=rows,
                note=note_form.cleaned_data["note"],
            )
        except ValidationError as exc:
            for m in exc.messages:
                note_form.add_error(None, m)
        else:
            messages.success(
                request,
                _("Zapisano wersję %(v)s podziału. Przedłóż ją do zatwierdzenia uchwałą.") % {"v": plan.version},
            )
            return redirect("consortia:plan", pk=plan.pk)
    return render(
        request,
        "consortia/plan_form.html",
        {"consortium": consortium, "contract": contract, "formset": formset, "note_form": note_form, "base": base},
    )


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(split.plans_visible_to(request.user), pk=pk)
    consortium = plan.consortium
    sees_all = split.sees_all_detail(request.user, consortium) or not request.user.has_perm(
        "consortia.view_internal", consortium
    )
    allocations = split.plan_allocations(plan)
    own = {m.member_id for m in access_of(request.user).members_in(consortium.pk)}
    per_member: dict[Any, Decimal] = {}
    for a in allocations:
        per_member[a.member.organisation] = per_member.get(a.member.organisation, Decimal("0")) + a.amount
    return render(
        request,
        "consortia/plan.html",
        {
            "plan": plan,
            "consortium": consortium,
            "contract": plan.contract,
            "allocations": allocations,
            "sees_all": sees_all,
            "own": own,
            "per_member": sorted(per_member.items(), key=lambda kv: kv[0].name),
            "resolutions": plan.resolutions.all()
            if request.user.has_perm("consortia.view_internal", consortium)
            else [],
            "is_office": request.user.has_perm("consortia.manage_consortium", consortium),
        },
    )


@login_required
def report_delivery(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = get_object_or_404(split.allocations_visible_to(request.user), pk=pk)
    if not request.user.has_perm("consortia.report_delivery", allocation):
        raise PermissionDenied
    form = DeliveryReportForm(request.POST or None, initial={"period_start": allocation.starts_on})
    if request.method == "POST" and form.is_valid():
        try:
            split.delivery_report_submit(actor=request.user, allocation=allocation, **form.cleaned_data)
        except ValidationError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("Sprawozdanie przekazano do biura konsorcjum."))
            return redirect("consortia:obligations")
    return render(
        request,
        "consortia/report_form.html",
        {
            "form": form,
            "allocation": allocation,
            "consortium": allocation.plan.consortium,
            "previous": allocation.reports.order_by("period_start"),
        },
    )


@login_required
@require_POST
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(
        DeliveryReport.objects.select_related("allocation__plan__consortium", "allocation__plan__contract"),
        pk=pk,
        allocation__plan__consortium__in=selectors.internal_consortia_for(request.user),
    )
    if not request.user.has_perm("consortia.manage_consortium", report.allocation.plan.consortium):
        raise PermissionDenied
    try:
        split.delivery_report_review(
            actor=request.user,
            report=report,
            accept=request.POST.get("decision") == "accept",
            note=request.POST.get("note", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Zapisano decyzję biura."))
    plan = report.allocation.plan
    return redirect("consortia:consortium_report", pk=plan.consortium_id, contract_pk=plan.contract_id)


def _report_context(request: HttpRequest, pk: int, contract_pk: int) -> dict[str, Any]:
    consortium, contract = _contract_and_consortium(request, pk, contract_pk)
    if not request.user.has_perm("consortia.manage_consortium", consortium):
        if request.user.has_perm("consortia.view_internal", consortium):
            raise PermissionDenied
        raise Http404
    plan = split.approved_plan(contract)
    if plan is None:
        raise Http404
    today = timezone.localdate()
    summaries = split.plan_status(plan, today)
    return {
        "consortium": consortium,
        "contract": contract,
        "plan": plan,
        "summaries": summaries,
        "today": today,
        "late": [(s.member, r) for s in summaries for r in s.rows if r.is_late(today)],
        "total_spent": sum((s.spent for s in summaries), Decimal("0.00")),
        "is_office": request.user.has_perm("consortia.manage_consortium", consortium),
        "to_feed": split.contract_reports_to_feed(contract),
    }


@login_required
@require_POST
def consortium_report_feed(request: HttpRequest, pk: int, contract_pk: int) -> HttpResponse:
    ctx = _report_context(request, pk, contract_pk)
    if not ctx["is_office"]:
        raise PermissionDenied
    report = get_object_or_404(ctx["to_feed"], pk=parse_id(request.POST.get("report", "")) or 0)
    try:
        split.consortium_report_feed(
            actor=request.user, consortium=ctx["consortium"], contract=ctx["contract"], report=report
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Przeniesiono opis działań i koszty członków do sprawozdania „%(r)s” dla zleceniodawcy.") % {"r": report},
        )
    return redirect("consortia:consortium_report", pk=pk, contract_pk=contract_pk)


@login_required
def consortium_report(request: HttpRequest, pk: int, contract_pk: int) -> HttpResponse:
    return render(request, "consortia/consortium_report.html", _report_context(request, pk, contract_pk))


@login_required
def consortium_report_pdf(request: HttpRequest, pk: int, contract_pk: int) -> HttpResponse:
    ctx = _report_context(request, pk, contract_pk)
    data = pdfs.consortium_report_pdf(ctx["consortium"], ctx["contract"], ctx["plan"], ctx["summaries"])
    return _pdf(data, f"sprawozdanie-konsorcjum-{contract_pk}.pdf")


__all__ = ["MemberStatus"]
