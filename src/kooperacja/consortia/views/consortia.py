"""Consortium pages: the list and public profile, founding, members, bodies, the agreement, documents."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.core.viewtools import call_service, run_action

from .. import pdfs, selectors, services
from ..enums import MeetingStatus, MemberStatus, ResolutionStatus
from ..forms import DocumentForm, FoundingForm, RepresentativesForm, SeatForm
from ..models import BodySeat, ConsortiumMember
from ._common import PAGE_SIZE, pdf_response


def consortium_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.consortia_visible_to(request.user), PAGE_SIZE).get_page(request.GET.get("strona"))
    insider = selectors.insider_ids(request.user)
    return render(request, "consortia/list.html", {"page": page, "insider": insider})


def consortium_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consortium = selectors.consortium_for(request.user, pk)
    internal = request.user.has_perm("consortia.view_internal", consortium)
    ctx: dict[str, Any] = {
        "consortium": consortium,
        "members": selectors.current_members(consortium),
        "internal": internal,
        "member_active": MemberStatus.ACTIVE,
        "is_office": request.user.has_perm("consortia.manage_consortium", consortium),
        **selectors.consortium_overview(request.user, consortium, internal=internal),
    }
    return render(request, "consortia/detail.html", ctx)


@login_required
def consortium_found(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("consortia.found_consortium"):
        raise PermissionDenied
    form = FoundingForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        consortium = call_service(
            form,
            services.consortium_found,
            actor=request.user,
            lead=data["lead"],
            members=data["founders"],
            terms=data,
            agreement_file=data.get("agreement"),
        )
        if consortium is not None:
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
        run_action(
            request,
            services.member_set_representatives,
            actor=request.user,
            member=member,
            users=form.cleaned_data["users"],
            success=_("Zapisano przedstawicieli: %(o)s.") % {"o": member.organisation},
        )
    else:
        messages.error(request, _("Popraw wybór przedstawicieli."))
    return redirect("consortia:members", pk=member.consortium_id)


@login_required
def bodies(request: HttpRequest, pk: int) -> HttpResponse:
    consortium = selectors.internal_consortium_for(request.user, pk)
    can_manage = request.user.has_perm("consortia.manage_consortium", consortium)
    form = SeatForm(request.POST or None, consortium=consortium) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid() and call_service(form, services.body_seat_add, actor=request.user, **form.cleaned_data):
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
    data = pdfs.agreement_pdf(consortium, selectors.current_members(consortium))
    return pdf_response(data, f"umowa-konsorcjum-{pk}.pdf")


@login_required
def documents(request: HttpRequest, pk: int) -> HttpResponse:
    consortium = selectors.internal_consortium_for(request.user, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        doc = call_service(
            form,
            services.document_upload,
            actor=request.user,
            consortium=consortium,
            title=form.cleaned_data["title"],
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
        )
        if doc is not None:
            messages.success(request, _("Dodano dokument."))
            return redirect("consortia:documents", pk=pk)
    resolutions = (
        selectors.resolutions_visible_to(request.user)
        .filter(consortium=consortium)
        .exclude(status=ResolutionStatus.DRAFT)
    )
    return render(
        request,
        "consortia/documents.html",
        {
            "consortium": consortium,
            "form": form,
            "documents": selectors.documents_of(consortium),
            "resolutions": resolutions,
            "meetings": consortium.meetings.filter(status=MeetingStatus.HELD),
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
