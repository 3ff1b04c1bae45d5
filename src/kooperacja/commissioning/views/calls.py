"""The officer's workspace: create, edit, publish a call, its actions and its offers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.core.fields import parse_id
from kooperacja.core.viewtools import call_service

from .. import forms, legal, programme_forms, selectors, services
from ..enums import OPP_MODES, PZP_MODES, CallMode, CallState, ReportState
from ..models import Report
from .common import _need, service_errors

OFFERS_PAGE_SIZE = 25


@login_required
def officer_home(request: HttpRequest) -> HttpResponse:
    _need(request, "commissioning.view_officer_menu")
    managed = selectors.calls_managed_by(request.user).annotate(
        offer_count=Count("offers", filter=Q(offers__state__in=list(selectors.OFFER_SUBMITTED_STATES)))
    )
    return render(
        request,
        "commissioning/officer_home.html",
        {
            "packages": selectors.packages_visible_to(request.user).filter(
                municipality_id__in=selectors.authority_ids(request.user)
            ),
            "calls": managed.order_by("-created_at")[:50],
            "contracts": selectors.contracts_visible_to(request.user)
            .filter(authority_id__in=selectors.authority_ids(request.user))
            .order_by("-start_date")[:20],
            "reports": Report.objects.filter(
                contract__authority_id__in=selectors.authority_ids(request.user), state=ReportState.SUBMITTED
            ).select_related("contract"),
            "modes": [
                (m, label)
                for m, label in CallMode.choices
                if m not in {CallMode.OPP_SMALL_GRANT, CallMode.OPP_OWN_INITIATIVE}
            ],
        },
    )


@login_required
def call_create(request: HttpRequest) -> HttpResponse:
    _need(request, "commissioning.manage_call")
    mode = request.GET.get("tryb") or request.POST.get("tryb") or CallMode.OPP_OPEN
    if mode not in CallMode.values or mode in {CallMode.OPP_SMALL_GRANT, CallMode.OPP_OWN_INITIATIVE}:
        raise Http404
    package = None
    if request.GET.get("pakiet"):
        package_id = parse_id(request.GET["pakiet"])
        if package_id is None:
            raise Http404
        package = selectors.package_for(request.user, package_id)
    form = forms.CallForm(request.POST or None, mode=mode, package=package)
    if request.method == "POST" and form.is_valid():
        from kooperacja.organisations.models import Organisation

        authority = (
            package.municipality
            if package
            else Organisation.objects.get(pk=sorted(selectors.authority_ids(request.user))[0])
        )
        data = form.call_data()
        call = call_service(
            form,
            services.call_create,
            actor=request.user,
            authority=authority,
            mode=mode,
            title=data.pop("title"),
            package=package,
            data=data,
            lots=form.cleaned_data.get("lots") if package is not None else None,
        )
        if call is not None:
            messages.success(
                request, _("Zapisano projekt ogłoszenia. Lista kontrolna pokazuje, czego jeszcze brakuje.")
            )
            return redirect("commissioning:call_detail", pk=call.pk)
    return render(
        request,
        "commissioning/call_form.html",
        {"form": form, "title": _("Nowe ogłoszenie: %(m)s") % {"m": CallMode(mode).label}, "mode": mode},
    )


@login_required
def call_edit(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_for(request.user, pk)
    _need(request, "commissioning.manage_call", call)
    if call.state != CallState.DRAFT:
        messages.error(request, _("Opublikowanego ogłoszenia nie można zmieniać."))
        return redirect("commissioning:call_detail", pk=call.pk)
    form = forms.CallForm(request.POST or None, instance=call, mode=call.mode, package=call.package)
    programme_forms.add_call_priority_field(form, call)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            call_service(
                form,
                services.call_update,
                actor=request.user,
                call=call,
                data=form.call_data(),
                lots=form.cleaned_data.get("lots"),
            )
            is not None
        )
        and (
            "priority" not in form.fields
            or call_service(
                form, services.call_priority_set, actor=request.user, call=call, priority=form.cleaned_data["priority"]
            )
            is not None
        )
    ):
        messages.success(request, _("Zapisano ogłoszenie."))
        return redirect("commissioning:call_detail", pk=call.pk)
    return render(request, "commissioning/call_form.html", {"form": form, "title": call.title, "call": call})


@login_required
def call_publish(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_for(request.user, pk)
    _need(request, "commissioning.manage_call", call)
    form = forms.PublishForm(
        request.POST if request.method == "POST" else None,  # an empty POST is still a submitted (empty) form
        required_channels=legal.PUBLICATION_CHANNELS.value if call.mode in OPP_MODES else (),
        earliest=timezone.localdate(call.created_at) if call.created_at else None,
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(form, services.call_publish, actor=request.user, call=call, publications=form.publications())
    ):
        messages.success(request, _("Ogłoszenie opublikowano."))
        return redirect("commissioning:call_detail", pk=call.pk)
    return render(
        request,
        "commissioning/call_publish.html",
        {
            "form": form,
            "call": call,
            "checklist": services.announcement_checklist(call),
            "rule": legal.PUBLICATION_CHANNELS,
        },
    )


CALL_ACTIONS = {
    "open": lambda r, c: services.call_open_offers(actor=r.user, call=c),
    "finish_review": lambda r, c: services.call_finish_formal_review(actor=r.user, call=c),
    "publish_results": lambda r, c: services.call_publish_results(actor=r.user, call=c),
    "small_grant_publish": lambda r, c: services.small_grant_publish(actor=r.user, call=c),
    "small_grant_accept": lambda r, c: services.small_grant_decide(
        actor=r.user, call=c, accept=True, note=r.POST.get("note", "")
    ),
    "small_grant_reject": lambda r, c: services.small_grant_decide(
        actor=r.user, call=c, accept=False, note=r.POST.get("note", "")
    ),
}


@login_required
@require_POST
@service_errors
def call_action(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_for(request.user, pk)
    _need(request, "commissioning.manage_call", call)
    action = request.POST.get("action", "")
    if action == "clone":
        new = services.call_clone(actor=request.user, call=call)
        messages.success(request, _("Skopiowano ogłoszenie do nowego projektu."))
        return redirect("commissioning:call_edit", pk=new.pk)
    if action == "cancel":
        form = forms.CancelForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Podaj przyczynę i uzasadnienie unieważnienia."))
        services.call_cancel(actor=request.user, call=call, **form.cleaned_data)
    elif action == "assess":
        assess = forms.AssessForm(request.POST)
        if not assess.is_valid():
            raise ValidationError(_("Podaj ocenę i uzasadnienie."))
        services.own_initiative_assess(actor=request.user, call=call, **assess.cleaned_data)
    elif action in CALL_ACTIONS:
        CALL_ACTIONS[action](request, call)
    else:
        raise Http404
    messages.success(request, _("Zapisano."))
    return redirect(request.POST.get("next") or call.get_absolute_url())


@login_required
def call_offers(request: HttpRequest, pk: int) -> HttpResponse:
    """Offers of the call for the authority and the commission – only after the deadline (the seal)."""
    call = selectors.call_for(request.user, pk)
    can_manage = request.user.has_perm("commissioning.manage_call", call)
    seat = selectors.seat_of(request.user, call)
    if not (can_manage or seat is not None or request.user.is_staff):
        raise PermissionDenied
    sealed = selectors.is_sealed(call)
    q = request.GET.get("q", "")
    # one page of offers from the database (a call of the region had 302; every row carries its forms)
    page = None
    if not sealed:
        offers_qs = selectors.offers_of_call(request.user, call, q).prefetch_related("correction_requests")
        page = Paginator(offers_qs, OFFERS_PAGE_SIZE).get_page(request.GET.get("strona"))
    query = request.GET.copy()
    query.pop("strona", None)
    return render(
        request,
        "commissioning/call_offers.html",
        {
            "call": call,
            "offers": page.object_list if page is not None else [],
            "page": page,
            "query": query.urlencode(),
            "sealed": sealed,
            "submitted_count": selectors.submitted_count(call),
            "can_manage": can_manage,
            "seat": seat,
            "declared": selectors.has_declared(seat),
            "correction_form": forms.CorrectionForm(),
            "q": q,
            "pzp": call.mode in PZP_MODES,
        },
    )
