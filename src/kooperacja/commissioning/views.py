"""Thin views: parse the request, call a selector or a service, render. Hidden records give 404 (selectors)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.core.audit import events_for
from kooperacja.core.fields import parse_id

from . import documents, forms, legal, selectors, services
from .enums import CallMode, CallState, OfferState, ReportState
from .models import Lot, Offer, ReasonsRequest, Report, Tranche
from .services import ActionLine, BudgetLine, ExpenseLine, IndicatorLine, InvoiceLine, PartnerLine

PAGE_SIZE = 20


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def service_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """POST actions: a ValidationError from a service becomes messages and a redirect back."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except ValidationError as exc:
            _errors(request, exc)
            return redirect(request.POST.get("next") or request.META.get("HTTP_REFERER") or "commissioning:calls")

    return wrapper


def _need(request: HttpRequest, perm: str, obj: Any = None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


# --- public: calls, results, feed -------------------------------------------------------------------------


def calls(request: HttpRequest) -> HttpResponse:
    mode = request.GET.get("tryb", "")
    only_open = request.GET.get("otwarte") == "1"
    qs = selectors.calls_visible_to(request.user).filter(published_at__isnull=False)
    if mode in CallMode.values:
        qs = qs.filter(mode=mode)
    if only_open:
        qs = qs.filter(state=CallState.PUBLISHED, offer_deadline__gt=timezone.now())
    page = Paginator(qs.order_by("-published_at", "-id"), PAGE_SIZE).get_page(request.GET.get("strona"))
    return render(
        request,
        "commissioning/calls.html",
        {"page": page, "modes": CallMode.choices, "mode": mode, "only_open": only_open},
    )


def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_for(request.user, pk)
    can_manage = request.user.has_perm("commissioning.manage_call", call)
    sealed = selectors.is_sealed(call)
    seat = selectors.seat_of(request.user, call)
    ctx: dict[str, Any] = {
        "call": call,
        "lots": list(call.lots.all()),
        "publications": list(call.publications.all()),
        "criteria": list(call.criteria.all()),
        "clauses": list(call.clauses.all()),
        "sealed": sealed,
        "submitted_count": selectors.submitted_count(call),
        "can_manage": can_manage,
        "seat": seat,
        "declared": selectors.has_declared(seat),
        "can_offer": call.state == CallState.PUBLISHED
        and call.offer_deadline is not None
        and call.offer_deadline > timezone.now()
        and request.user.has_perm("commissioning.prepare_offer", call),
        "checklist": services.announcement_checklist(call) if can_manage else [],
        "my_offers": selectors.my_offers(request.user).filter(call=call) if request.user.is_authenticated else [],
        "now": timezone.now(),
        "rule_21": legal.OFFER_MIN_DAYS_AFTER_PUBLICATION,
        "small_offer": call.offers.select_related("lead_organisation").first()
        if call.mode == CallMode.OPP_SMALL_GRANT
        else None,
    }
    if call.mode == CallMode.OPP_SMALL_GRANT and ctx["small_offer"] is not None:
        ctx.update(selectors.offer_detail_parts(ctx["small_offer"]))
        ctx["comments"] = list(ctx["small_offer"].public_comments.all())
        ctx["comment_form"] = forms.CommentForm()
    if can_manage:
        ctx["events"] = events_for(call)[:15]
        ctx["cancel_form"] = forms.CancelForm()
        ctx["assess_form"] = forms.AssessForm()
    return render(request, "commissioning/call_detail.html", ctx)


def call_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_for(request.user, pk)
    data = documents.announcement_pdf(call)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ogloszenie-{call.pk}.pdf"'
    return response


def call_results(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_for(request.user, pk)
    if call.results_published_at is None:
        raise Http404
    form = forms.ReasonsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reasons_request_create(call=call, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Wniosek o uzasadnienie przyjęto; odpowiedź otrzymasz na podany e-mail."))
            return redirect("commissioning:call_results", pk=call.pk)
    can_manage = request.user.has_perm("commissioning.manage_call", call)
    return render(
        request,
        "commissioning/call_results.html",
        {
            "call": call,
            **selectors.results_of(call),
            "form": form,
            "reasons": list(call.reasons_requests.all()) if can_manage else [],
            "can_manage": can_manage,
            "rule": legal.REASONS_ON_REQUEST,
        },
    )


@login_required
@require_POST
def reasons_answer(request: HttpRequest, pk: int) -> HttpResponse:
    req = get_object_or_404(ReasonsRequest.objects.select_related("call"), pk=pk)
    _need(request, "commissioning.manage_call", req.call)
    services.reasons_answer(actor=request.user, request=req, answer=request.POST.get("answer", ""))
    messages.success(request, _("Zapisano odpowiedź."))
    return redirect("commissioning:call_results", pk=req.call_id)


def open_feed(request: HttpRequest) -> HttpResponse:
    """Atom feed of open calls (anyone can subscribe)."""
    from django.utils.feedgenerator import Atom1Feed

    feed = Atom1Feed(
        title=_("Kooperacja – otwarte ogłoszenia"),
        link=request.build_absolute_uri("/zlecanie/ogloszenia/"),
        description=_("Ogłoszenia, w których trwa nabór ofert."),
        language="pl",
    )
    for call in selectors.open_calls()[:100]:
        url = request.build_absolute_uri(f"/zlecanie/ogloszenia/{call.pk}/")
        feed.add_item(
            title=call.title,
            link=url,
            description=_("%(a)s – termin składania ofert %(d)s")
            % {"a": call.authority, "d": timezone.localtime(call.offer_deadline).strftime("%d.%m.%Y %H:%M")},
            pubdate=call.published_at,
            unique_id=url,
        )
    return HttpResponse(feed.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8")


# --- packages ---------------------------------------------------------------------------------------------


def packages(request: HttpRequest) -> HttpResponse:
    qs = selectors.packages_visible_to(request.user)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("strona"))
    return render(request, "commissioning/packages.html", {"page": page})


def package_detail(request: HttpRequest, pk: int) -> HttpResponse:
    package = selectors.package_for(request.user, pk)
    return render(
        request,
        "commissioning/package_detail.html",
        {
            "package": package,
            "lots": list(package.lots.prefetch_related("services")),
            "calls": selectors.calls_visible_to(request.user).filter(package=package),
            "can_manage": request.user.has_perm("commissioning.manage_package", package),
        },
    )


@login_required
def package_create(request: HttpRequest) -> HttpResponse:
    _need(request, "commissioning.manage_package")
    offices = list(selectors.authority_ids(request.user))
    form = forms.PackageForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        from kooperacja.organisations.models import Organisation

        municipality = Organisation.objects.get(pk=sorted(offices)[0])
        try:
            package = services.package_create(actor=request.user, municipality=municipality, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Utworzono pakiet. Dodaj jego części."))
            return redirect("commissioning:package_detail", pk=package.pk)
    return render(request, "commissioning/form.html", {"form": form, "title": _("Nowy pakiet usług")})


@login_required
def lot_create(request: HttpRequest, pk: int) -> HttpResponse:
    package = selectors.package_for(request.user, pk)
    _need(request, "commissioning.manage_package", package)
    form = forms.LotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.lot_save(actor=request.user, package=package, data=form.lot_data())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Dodano część pakietu."))
            return redirect("commissioning:package_detail", pk=package.pk)
    return render(
        request,
        "commissioning/form.html",
        {"form": form, "title": _("Nowa część pakietu"), "parent": package, "parent_url": package.get_absolute_url()},
    )


@login_required
def lot_edit(request: HttpRequest, pk: int) -> HttpResponse:
    lot = get_object_or_404(Lot.objects.select_related("package"), pk=pk)
    package = selectors.package_for(request.user, lot.package_id)
    _need(request, "commissioning.manage_package", package)
    initial = {}
    if lot.indicators:
        first = lot.indicators[0]
        initial = {
            "indicator_name": first.get("name"),
            "indicator_target": first.get("target"),
            "indicator_unit": first.get("unit"),
        }
    form = forms.LotForm(request.POST or None, instance=lot, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.lot_save(actor=request.user, package=package, data=form.lot_data(), lot=lot)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Zapisano część pakietu."))
            return redirect("commissioning:package_detail", pk=package.pk)
    return render(
        request,
        "commissioning/form.html",
        {"form": form, "title": str(lot), "parent": package, "parent_url": package.get_absolute_url()},
    )


# --- officer workspace ------------------------------------------------------------------------------------


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
        try:
            data = form.call_data()
            call = services.call_create(
                actor=request.user, authority=authority, mode=mode, title=data.pop("title"), package=package, data=data
            )
            if package is not None and "lots" in form.cleaned_data:
                call.lots.set(form.cleaned_data["lots"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
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
    if request.method == "POST" and form.is_valid():
        try:
            services.call_update(
                actor=request.user, call=call, data=form.call_data(), lots=form.cleaned_data.get("lots")
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Zapisano ogłoszenie."))
            return redirect("commissioning:call_detail", pk=call.pk)
    return render(request, "commissioning/call_form.html", {"form": form, "title": call.title, "call": call})


@login_required
def call_publish(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_for(request.user, pk)
    _need(request, "commissioning.manage_call", call)
    today = timezone.localdate()
    form = forms.PublishForm(
        request.POST or None,
        initial={f"{ch}_date": today for ch in ("bip", "notice_board", "website")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.call_publish(actor=request.user, call=call, publications=form.publications())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
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
    offers = (
        [] if sealed else list(selectors.offers_of_call(request.user, call, q).prefetch_related("correction_requests"))
    )
    return render(
        request,
        "commissioning/call_offers.html",
        {
            "call": call,
            "offers": offers,
            "sealed": sealed,
            "submitted_count": selectors.submitted_count(call),
            "can_manage": can_manage,
            "seat": seat,
            "declared": selectors.has_declared(seat),
            "correction_form": forms.CorrectionForm(),
            "q": q,
        },
    )


@login_required
@require_POST
@service_errors
def offer_formal(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_for(request.user, pk)
    _need(request, "commissioning.review_offer", offer.call)
    decision = request.POST.get("decision")
    if decision == "correction":
        form = forms.CorrectionForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Podaj zakres i termin uzupełnienia."))
        services.offer_request_correction(actor=request.user, offer=offer, **form.cleaned_data)
    elif decision in {"eligible", "reject"}:
        services.offer_formal_decision(
            actor=request.user, offer=offer, eligible=decision == "eligible", reason=request.POST.get("reason", "")
        )
    else:
        raise Http404
    messages.success(request, _("Zapisano ocenę formalną."))
    return redirect("commissioning:call_offers", pk=offer.call_id)


@login_required
def commission(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_for(request.user, pk)
    _need(request, "commissioning.manage_call", call)
    form = forms.AppointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = get_user_model().objects.filter(email__iexact=form.cleaned_data["email"], is_active=True).first()
        if user is None:
            form.add_error("email", _("Nie ma konta z tym adresem e-mail."))
        else:
            try:
                services.commission_appoint(
                    actor=request.user,
                    call=call,
                    user=user,
                    role=form.cleaned_data["role"],
                    nominated_by=form.cleaned_data["nominated_by"],
                    is_chair=form.cleaned_data["is_chair"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Powołano członka komisji."))
                return redirect("commissioning:commission", pk=call.pk)
    members = list(call.commission.select_related("user", "nominated_by", "declaration"))
    return render(
        request,
        "commissioning/commission.html",
        {"call": call, "members": members, "form": form, "rule": legal.COMMISSION_NO_BIDDER_NOMINEES},
    )


@login_required
def call_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Ranking, the commission's opinion and the authority's decision on amounts (art. 15 ust. 2h OPP)."""
    call = selectors.call_for(request.user, pk)
    can_manage = request.user.has_perm("commissioning.manage_call", call)
    seat = selectors.seat_of(request.user, call)
    if not (can_manage or selectors.has_declared(seat)):
        raise PermissionDenied
    if selectors.is_sealed(call):
        raise Http404
    ranking = selectors.ranking(call)
    opinion_form = forms.OpinionForm(request.POST or None, initial={"opinion": call.commission_opinion})
    if request.method == "POST":
        try:
            if request.POST.get("step") == "opinion":
                if opinion_form.is_valid():
                    services.call_record_opinion(
                        actor=request.user, call=call, opinion=opinion_form.cleaned_data["opinion"]
                    )
                    messages.success(request, _("Zapisano opinię komisji."))
                    return redirect("commissioning:call_decide", pk=call.pk)
            elif request.POST.get("step") == "decide":
                _need(request, "commissioning.manage_call", call)
                awards: dict[int, Decimal | None] = {}
                for row in ranking:
                    raw = (request.POST.get(f"award_{row['offer'].pk}") or "").replace(",", ".").replace(" ", "")
                    try:
                        awards[row["offer"].pk] = Decimal(raw) if raw else None
                    except ArithmeticError as exc:
                        raise ValidationError(_("Niepoprawna kwota.")) from exc
                services.call_decide(actor=request.user, call=call, awards=awards, note=request.POST.get("note", ""))
                messages.success(request, _("Organ rozstrzygnął konkurs. Opublikuj wyniki."))
                return redirect("commissioning:call_detail", pk=call.pk)
        except ValidationError as exc:
            _errors(request, exc)
    return render(
        request,
        "commissioning/call_decide.html",
        {
            "call": call,
            "ranking": ranking,
            "criteria": list(call.criteria.all()),
            "opinion_form": opinion_form,
            "can_manage": can_manage,
            "seat": seat,
            "rule": legal.AUTHORITY_DECIDES,
        },
    )


# --- offers -----------------------------------------------------------------------------------------------


@login_required
def my_offers(request: HttpRequest) -> HttpResponse:
    _need(request, "commissioning.view_my_offers")
    qs = selectors.my_offers(request.user)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("strona"))
    return render(
        request,
        "commissioning/my_offers.html",
        {"page": page, "open_calls": selectors.open_calls()[:10]},
    )


def _offeror_orgs(user: Any) -> Any:
    from kooperacja.accounts import roles
    from kooperacja.organisations.models import Organisation

    from .rules import OFFEROR_ROLES

    return Organisation.objects.filter(pk__in=roles.organisation_ids(user, *OFFEROR_ROLES, verified_only=True))


@login_required
def offer_start(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_for(request.user, pk)
    _need(request, "commissioning.prepare_offer", call)
    orgs = _offeror_orgs(request.user)
    only = list(orgs[:2])
    form = forms.OfferStartForm(
        request.POST or None, organisations=orgs, initial={"organisation": only[0].pk} if len(only) == 1 else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.offer_create(
                actor=request.user,
                call=call,
                lead_organisation=form.cleaned_data["organisation"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Utworzono wersję roboczą oferty."))
            return redirect("commissioning:offer_edit", pk=offer.pk)
    return render(
        request,
        "commissioning/form.html",
        {"form": form, "title": _("Nowa oferta"), "parent": call, "parent_url": call.get_absolute_url()},
    )


def _offer_formsets(offer: Offer, data: Any = None) -> dict[str, Any]:
    from kooperacja.organisations.models import Organisation

    lots = list(offer.call.lots.all())
    lot_choices = [("", "—")] + [(lot.pk, str(lot)) for lot in lots]
    partners = list(offer.partners.select_related("organisation"))
    orgs = Organisation.objects.filter(is_verified=True, is_pes=True).exclude(pk=offer.lead_organisation_id)
    # any offeror of this offer: the lead and the verified organisations that may be added as partners
    partner_choices = [("", "—"), (offer.lead_organisation_id, str(offer.lead_organisation))] + [
        (o.pk, str(o)) for o in orgs
    ]
    init_partners = [
        {"organisation": p.organisation_id, "actions": p.actions} for p in partners if p.role != "lead"
    ] + [{}, {}]
    init_actions = [
        {
            "name": a.name,
            "lot": a.lot_id,
            "responsible": a.responsible.organisation_id if a.responsible else None,
            "start_date": a.start_date,
            "end_date": a.end_date,
        }
        for a in offer.actions.select_related("responsible")
    ] + [{}, {}]
    init_ind = [
        {"name": i.name, "planned_level": i.planned_level, "unit": i.unit, "monitoring": i.monitoring, "lot": i.lot_id}
        for i in offer.indicators.all()
    ] + [{}]
    init_budget = [
        {
            "name": r.name,
            "category": r.category,
            "lot": r.lot_id,
            "partner": r.partner.organisation_id if r.partner else None,
            "quantity": r.quantity,
            "unit": r.unit,
            "unit_cost": r.unit_cost,
            "from_grant": r.from_grant,
            "from_other": r.from_other,
            "own_financial": r.own_financial,
            "personal": r.personal,
            "in_kind": r.in_kind,
        }
        for r in offer.budget_rows.select_related("partner")
    ] + [{}, {}]
    fs = {
        "partners": forms.PartnerFormSet(
            data, prefix="p", initial=None if data else init_partners, form_kwargs={"organisations": orgs}
        ),
        "actions": forms.ActionFormSet(data, prefix="a", initial=None if data else init_actions),
        "indicators": forms.IndicatorFormSet(data, prefix="i", initial=None if data else init_ind),
        "budget": forms.BudgetFormSet(data, prefix="b", initial=None if data else init_budget),
    }
    for form in fs["actions"]:
        form.fields["lot"].choices = lot_choices
        form.fields["responsible"].choices = partner_choices
    for form in fs["indicators"]:
        form.fields["lot"].choices = lot_choices
    for form in fs["budget"]:
        form.fields["lot"].choices = lot_choices
        form.fields["partner"].choices = partner_choices
    return fs


@login_required
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_for(request.user, pk)
    _need(request, "commissioning.edit_offer", offer)
    if offer.state not in services.EDITABLE_OFFER_STATES:
        messages.info(request, _("Oferty w tym stanie nie można edytować."))
        return redirect("commissioning:offer_detail", pk=offer.pk)
    initial = {f: getattr(offer, f) for f in services.OFFER_FIELDS}
    main = forms.OfferMainForm(request.POST or None, initial=initial)
    sets = _offer_formsets(offer, request.POST or None)
    lots = list(offer.call.lots.all())
    chosen = (
        {n for x in request.POST.getlist("lots") if (n := parse_id(x)) is not None}
        if request.method == "POST"
        else set(offer.offer_lots.values_list("lot_id", flat=True))
    )
    if request.method == "POST" and main.is_valid() and all(s.is_valid() for s in sets.values()):
        try:
            services.offer_save(
                actor=request.user,
                offer=offer,
                data=main.cleaned_data,
                partners=[
                    PartnerLine(f.cleaned_data["organisation"].pk, f.cleaned_data.get("actions", ""))
                    for f in sets["partners"]
                    if f.cleaned_data.get("organisation")
                ],
                lot_ids=sorted(chosen),
                actions=[
                    ActionLine(
                        name=f.cleaned_data["name"],
                        lot_id=f.cleaned_data.get("lot"),
                        responsible_org_id=f.cleaned_data.get("responsible"),
                        start_date=f.cleaned_data.get("start_date"),
                        end_date=f.cleaned_data.get("end_date"),
                    )
                    for f in sets["actions"]
                    if f.cleaned_data.get("name")
                ],
                indicators=[
                    IndicatorLine(
                        name=f.cleaned_data["name"],
                        planned_level=f.cleaned_data.get("planned_level") or Decimal(0),
                        unit=f.cleaned_data.get("unit", ""),
                        monitoring=f.cleaned_data.get("monitoring", ""),
                        lot_id=f.cleaned_data.get("lot"),
                    )
                    for f in sets["indicators"]
                    if f.cleaned_data.get("name")
                ],
                budget=[
                    BudgetLine(
                        name=f.cleaned_data["name"],
                        category=f.cleaned_data.get("category") or "task",
                        lot_id=f.cleaned_data.get("lot"),
                        partner_org_id=f.cleaned_data.get("partner"),
                        quantity=f.cleaned_data["quantity"],
                        unit=f.cleaned_data["unit"],
                        unit_cost=f.cleaned_data["unit_cost"],
                        from_grant=f.cleaned_data.get("from_grant"),
                        from_other=f.cleaned_data.get("from_other") or Decimal(0),
                        own_financial=f.cleaned_data.get("own_financial") or Decimal(0),
                        personal=f.cleaned_data.get("personal") or Decimal(0),
                        in_kind=f.cleaned_data.get("in_kind") or Decimal(0),
                    )
                    for f in sets["budget"]
                    if f.cleaned_data.get("name")
                ],
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            if request.POST.get("then") == "submit":
                try:
                    services.offer_submit(actor=request.user, offer=offer)
                except ValidationError as exc:
                    _errors(request, exc)
                    return redirect("commissioning:offer_edit", pk=offer.pk)
                messages.success(request, _("Oferta została złożona. Do terminu możesz ją wycofać."))
                return redirect("commissioning:offer_detail", pk=offer.pk)
            messages.success(request, _("Zapisano wersję roboczą. Sumy przeliczono automatycznie."))
            return redirect("commissioning:offer_edit", pk=offer.pk)
    offer.refresh_from_db()
    return render(
        request,
        "commissioning/offer_edit.html",
        {
            "offer": offer,
            "call": offer.call,
            "main": main,
            "lots": lots,
            "chosen": chosen,
            **sets,
            "rows": list(offer.budget_rows.select_related("partner__organisation", "lot")),
            "problems": services.offer_limit_errors(offer),
            "attachment_form": forms.AttachmentForm(),
            "attachments": list(offer.attachments.all()),
        },
    )


def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        raise Http404
    offer = selectors.offer_for(request.user, pk)
    parts = selectors.offer_detail_parts(offer)
    return render(
        request,
        "commissioning/offer_detail.html",
        {
            "offer": offer,
            "call": offer.call,
            **parts,
            "can_edit": request.user.has_perm("commissioning.edit_offer", offer),
            "sealed": selectors.is_sealed(offer.call),
            "seat": selectors.seat_of(request.user, offer.call),
            "open_correction": next((c for c in parts["corrections"] if c.answered_at is None), None),
            "contract": getattr(offer, "contract", None) if hasattr(offer, "contract") else None,
            "can_contract": request.user.has_perm("commissioning.manage_contract", offer.call)
            and offer.state == OfferState.ACCEPTED,
        },
    )


OFFER_ACTIONS = {
    "submit": (lambda r, o: services.offer_submit(actor=r.user, offer=o), _("Oferta została złożona.")),
    "withdraw": (lambda r, o: services.offer_withdraw(actor=r.user, offer=o), _("Ofertę wycofano.")),
    "reopen": (lambda r, o: services.offer_reopen(actor=r.user, offer=o), _("Oferta wróciła do wersji roboczej.")),
    "answer": (
        lambda r, o: services.offer_answer_correction(actor=r.user, offer=o, answer=r.POST.get("answer", "")),
        _("Przesłano uzupełnienie."),
    ),
    "accept": (
        lambda r, o: services.offer_accept_award(actor=r.user, offer=o, schedule_note=r.POST.get("schedule_note", "")),
        _("Przyjęto dotację; kosztorys zaktualizowano przy zachowaniu udziału dotacji."),
    ),
    "decline": (
        lambda r, o: services.offer_decline_award(actor=r.user, offer=o, reason=r.POST.get("reason", "")),
        _("Zrezygnowano z realizacji zadania."),
    ),
}


@login_required
@require_POST
@service_errors
def offer_action(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_for(request.user, pk)
    _need(request, "commissioning.edit_offer", offer)
    action = request.POST.get("action", "")
    if action == "attach":
        form = forms.AttachmentForm(request.POST, request.FILES)
        if not form.is_valid():
            raise ValidationError(_("Wybierz plik."))
        services.offer_attach(
            actor=request.user,
            offer=offer,
            upload=form.cleaned_data["file"],
            description=form.cleaned_data["description"],
        )
        messages.success(request, _("Dodano załącznik."))
        return redirect("commissioning:offer_edit", pk=offer.pk)
    if action not in OFFER_ACTIONS:
        raise Http404
    func, message = OFFER_ACTIONS[action]
    func(request, offer)
    messages.success(request, message)
    return redirect("commissioning:offer_detail", pk=offer.pk)


@login_required
def small_grant_new(request: HttpRequest) -> HttpResponse:
    _need(request, "commissioning.submit_small_grant")
    form = forms.SmallGrantForm(request.POST or None, organisations=_offeror_orgs(request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            offer = services.small_grant_submit(
                actor=request.user,
                authority=d["authority"],
                organisation=d["organisation"],
                title=d["title"],
                data={k: d[k] for k in services.OFFER_FIELDS if k in d},
                actions=[ActionLine(name=d["action_name"], start_date=d["start_date"], end_date=d["end_date"])],
                indicators=[IndicatorLine(name=d["indicator_name"], planned_level=d["indicator_level"])],
                budget=[
                    BudgetLine(
                        name=d["cost_name"],
                        quantity=d["cost_quantity"],
                        unit=d["cost_unit"],
                        unit_cost=d["cost_unit_cost"],
                        personal=d.get("cost_personal") or Decimal(0),
                        own_financial=d.get("cost_own") or Decimal(0),
                    )
                ],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Złożono ofertę w trybie małego grantu."))
            return redirect("commissioning:call_detail", pk=offer.call_id)
    return render(
        request,
        "commissioning/form.html",
        {
            "form": form,
            "title": _("Mały grant (art. 19a OPP)"),
            "legal": [legal.SMALL_GRANT_MAX, legal.SMALL_GRANT_MAX_DAYS, legal.SMALL_GRANT_ORG_YEAR_CAP],
        },
    )


@login_required
def own_initiative_new(request: HttpRequest) -> HttpResponse:
    _need(request, "commissioning.submit_small_grant")
    form = forms.OwnInitiativeForm(request.POST or None, organisations=_offeror_orgs(request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            call = services.own_initiative_submit(actor=request.user, **d)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Złożono wniosek; organ rozpatrzy go w ciągu miesiąca (art. 12 ust. 2 OPP)."))
            return redirect("commissioning:call_detail", pk=call.pk)
    return render(
        request,
        "commissioning/form.html",
        {"form": form, "title": _("Inicjatywa własna (art. 12 OPP)"), "legal": [legal.OWN_INITIATIVE_ASSESS_MONTHS]},
    )


@require_POST
@service_errors
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_for(request.user, pk)
    form = forms.CommentForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Podaj autora i treść uwagi."))
    services.public_comment_add(call=call, actor=request.user, **form.cleaned_data)
    messages.success(request, _("Dziękujemy – uwaga została przekazana organowi."))
    return redirect("commissioning:call_detail", pk=call.pk)


# --- commission -------------------------------------------------------------------------------------------


@login_required
def commission_home(request: HttpRequest) -> HttpResponse:
    _need(request, "commissioning.view_commission_work")
    return render(request, "commissioning/commission_home.html", {"seats": selectors.seats_of(request.user)})


@login_required
def declaration(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_for(request.user, pk)
    seat = selectors.seat_of(request.user, call)
    if seat is None:
        raise PermissionDenied
    form = forms.DeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.declaration_sign(actor=request.user, call=call, confirm=True)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Podpisano oświadczenie. Możesz otworzyć oferty."))
            return redirect("commissioning:call_offers", pk=call.pk)
    names, text = services.declaration_text(call)
    return render(
        request,
        "commissioning/declaration.html",
        {"call": call, "seat": seat, "form": form, "names": names, "text": text},
    )


@login_required
def score(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_for(request.user, pk)
    seat = selectors.seat_of(request.user, offer.call)
    if not selectors.has_declared(seat):
        raise PermissionDenied
    criteria = list(offer.call.criteria.all())
    if offer.call.task_form == "entrust":
        criteria = [c for c in criteria if not c.support_only]
    existing = {s.criterion_id: s for s in offer.scores.filter(member=seat)}
    if request.method == "POST":
        data: dict[int, tuple[Decimal, str]] = {}
        try:
            for c in criteria:
                raw = (request.POST.get(f"points_{c.pk}") or "").replace(",", ".")
                if raw == "":
                    raise ValidationError(_("Oceń wszystkie kryteria."))
                try:
                    points = Decimal(raw)
                except ArithmeticError as exc:
                    raise ValidationError(_("Niepoprawna liczba punktów.")) from exc
                data[c.pk] = (points, request.POST.get(f"why_{c.pk}", ""))
            services.score_submit(actor=request.user, offer=offer, scores=data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Zapisano ocenę oferty."))
            return redirect("commissioning:call_offers", pk=offer.call_id)
    rows = [
        (
            c,
            request.POST.get(f"points_{c.pk}", existing[c.pk].points if c.pk in existing else ""),
            request.POST.get(f"why_{c.pk}", existing[c.pk].justification if c.pk in existing else ""),
        )
        for c in criteria
    ]
    return render(
        request,
        "commissioning/score.html",
        {"offer": offer, "call": offer.call, "rows": rows, **selectors.offer_detail_parts(offer)},
    )


# --- contracts and reports --------------------------------------------------------------------------------


@login_required
def contracts(request: HttpRequest) -> HttpResponse:
    _need(request, "commissioning.view_contracts")
    qs = selectors.contracts_visible_to(request.user).order_by("-start_date", "-id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("strona"))
    return render(request, "commissioning/contracts.html", {"page": page})


@login_required
def contract_create(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_for(request.user, pk)
    _need(request, "commissioning.manage_contract", offer.call)
    amount = offer.awarded_amount or offer.requested_amount
    form = forms.ContractForm(
        request.POST or None,
        initial={
            "number": f"{offer.call.number or 'UM'}/{offer.number}",
            "start_date": offer.start_date,
            "end_date": offer.end_date,
            "tranche1_date": offer.start_date,
            "tranche1_amount": amount,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.contract_create(
                actor=request.user,
                offer=offer,
                number=form.cleaned_data["number"],
                tranches=form.tranches(),
                start_date=form.cleaned_data["start_date"],
                end_date=form.cleaned_data["end_date"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Przygotowano umowę. Po podpisaniu zaznacz to w systemie."))
            return redirect("commissioning:contract_detail", pk=contract.pk)
    return render(
        request,
        "commissioning/form.html",
        {
            "form": form,
            "title": _("Umowa dla oferty %(n)s (dotacja %(a)s zł)") % {"n": offer.number, "a": amount},
            "parent": offer.call,
            "parent_url": offer.call.get_absolute_url(),
        },
    )


@login_required
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = selectors.contract_for(request.user, pk)
    return render(
        request,
        "commissioning/contract_detail.html",
        {
            "contract": contract,
            "lots": list(contract.contract_lots.select_related("lot")),
            "tranches": list(contract.tranches.all()),
            "annexes": list(contract.annexes.all()),
            "reports": list(contract.reports.all()),
            "partners": list(contract.offer.partners.select_related("organisation")),
            "totals": selectors.running_totals(contract),
            "can_manage": request.user.has_perm("commissioning.manage_contract", contract),
            "can_report": request.user.has_perm("commissioning.report_contract", contract),
            "history": contract.history.select_related("history_user")[:10],
            "annex_form": forms.AnnexForm(),
            "demand_form": forms.ReportDemandForm(),
            "today": timezone.localdate(),
        },
    )


@login_required
def contract_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    contract = selectors.contract_for(request.user, pk)
    response = HttpResponse(documents.contract_pdf(contract), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="umowa-{contract.pk}.pdf"'
    return response


@login_required
@require_POST
@service_errors
def contract_action(request: HttpRequest, pk: int) -> HttpResponse:
    contract = selectors.contract_for(request.user, pk)
    _need(request, "commissioning.manage_contract", contract)
    action = request.POST.get("action")
    today = timezone.localdate()
    if action == "sign":
        services.contract_sign(actor=request.user, contract=contract, signed_on=today)
    elif action == "tranche_paid":
        tranche = get_object_or_404(Tranche, contract=contract, pk=request.POST.get("tranche"))
        services.tranche_mark_paid(actor=request.user, tranche=tranche, paid_on=today)
    elif action == "annex":
        form = forms.AnnexForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Uzupełnij datę i zakres aneksu."))
        services.annex_create(actor=request.user, contract=contract, **form.cleaned_data)
    elif action == "demand_report":
        demand = forms.ReportDemandForm(request.POST)
        if not demand.is_valid():
            raise ValidationError(_("Podaj okres i termin sprawozdania."))
        services.report_demand(actor=request.user, contract=contract, **demand.cleaned_data)
    elif action == "settle":
        services.contract_settle(actor=request.user, contract=contract, note=request.POST.get("note", ""))
    else:
        raise Http404
    messages.success(request, _("Zapisano."))
    return redirect("commissioning:contract_detail", pk=contract.pk)


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_for(request.user, pk)
    contract = report.contract
    can_manage = request.user.has_perm("commissioning.manage_contract", contract)
    form = forms.ReportReviewForm(request.POST or None)
    if request.method == "POST":
        _need(request, "commissioning.manage_contract", contract)
        if form.is_valid():
            try:
                services.report_review(actor=request.user, report=report, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Zapisano ocenę sprawozdania."))
                return redirect("commissioning:contract_detail", pk=contract.pk)
    return render(
        request,
        "commissioning/report_detail.html",
        {
            "report": report,
            "contract": contract,
            "indicators": list(report.indicator_values.select_related("indicator")),
            "expenses": list(report.expenses.select_related("budget_row")),
            "invoices": list(report.invoices.select_related("budget_row")),
            "totals": selectors.running_totals(contract, upto=report),
            "can_manage": can_manage,
            "can_report": request.user.has_perm("commissioning.report_contract", contract),
            "form": form,
        },
    )


@login_required
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_for(request.user, pk)
    contract = report.contract
    _need(request, "commissioning.report_contract", contract)
    if report.state not in {ReportState.DRAFT, ReportState.CORRECTIONS_REQUESTED}:
        return redirect("commissioning:report_detail", pk=report.pk)
    offer = contract.offer
    rows = list(offer.budget_rows.order_by("order"))
    indicators = list(offer.indicators.all())
    spent = {e.budget_row_id: e for e in report.expenses.all()}
    achieved = {v.indicator_id: v.achieved for v in report.indicator_values.all()}
    invoices = list(report.invoices.all())
    if request.method == "POST":

        def dec(name: str) -> Decimal:
            raw = (request.POST.get(name) or "0").replace(",", ".").replace(" ", "") or "0"
            try:
                return Decimal(raw)
            except ArithmeticError as exc:
                raise ValidationError(_("Niepoprawna kwota: %(v)s") % {"v": raw}) from exc

        try:
            inv_lines = []
            for i in range(len(invoices) + 2):
                if request.POST.get(f"inv_{i}_number"):
                    from datetime import date as _date

                    row_id = parse_id(request.POST.get(f"inv_{i}_row", ""))
                    if row_id not in {r.pk for r in rows}:
                        raise ValidationError(_("Nieznana pozycja kosztorysu."))
                    inv_lines.append(
                        InvoiceLine(
                            budget_row_id=row_id,
                            number=request.POST[f"inv_{i}_number"],
                            issuer=request.POST.get(f"inv_{i}_issuer", ""),
                            issue_date=_date.fromisoformat(
                                request.POST.get(f"inv_{i}_date") or str(timezone.localdate())
                            ),
                            amount=dec(f"inv_{i}_amount"),
                            from_grant=dec(f"inv_{i}_grant"),
                        )
                    )
            services.report_save(
                actor=request.user,
                report=report,
                actions_done=request.POST.get("actions_done", ""),
                other_info=request.POST.get("other_info", ""),
                indicators={ind.pk: dec(f"ind_{ind.pk}") for ind in indicators},
                expenses=[
                    ExpenseLine(
                        budget_row_id=r.pk,
                        from_grant=dec(f"row_{r.pk}_grant"),
                        from_other=dec(f"row_{r.pk}_other"),
                        own_financial=dec(f"row_{r.pk}_own"),
                        personal=dec(f"row_{r.pk}_personal"),
                        in_kind=dec(f"row_{r.pk}_in_kind"),
                    )
                    for r in rows
                ],
                invoices=inv_lines,
            )
            if request.POST.get("then") == "submit":
                services.report_submit(actor=request.user, report=report)
                messages.success(request, _("Złożono sprawozdanie."))
                return redirect("commissioning:report_detail", pk=report.pk)
        except (ValidationError, ValueError) as exc:
            if isinstance(exc, ValidationError):
                _errors(request, exc)
            else:
                messages.error(request, _("Niepoprawne dane dokumentu księgowego."))
        else:
            messages.success(request, _("Zapisano sprawozdanie (wersja robocza)."))
        return redirect("commissioning:report_edit", pk=report.pk)
    return render(
        request,
        "commissioning/report_edit.html",
        {
            "report": report,
            "contract": contract,
            "rows": [(r, spent.get(r.pk)) for r in rows],
            "indicators": [(i, achieved.get(i.pk, "")) for i in indicators],
            "invoices": [*list(enumerate(invoices)), *[(len(invoices) + k, None) for k in range(2)]],
            "budget_rows": rows,
        },
    )


# --- Pzp social clauses -----------------------------------------------------------------------------------


@login_required
def clauses(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_for(request.user, pk)
    _need(request, "commissioning.use_clause_helper", call)
    form = forms.ClauseForm(request.POST or None)
    check_form = forms.HistoryCheckForm(request.GET or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.clause_add(
                actor=request.user, call=call, kind=form.cleaned_data["kind"], parameters=form.parameters()
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Dodano klauzulę; tekst możesz skopiować do SWZ."))
            return redirect("commissioning:clauses", pk=call.pk)
    contractor = check_form.cleaned_data.get("contractor") if check_form.is_valid() else None
    return render(
        request,
        "commissioning/clauses.html",
        {
            "call": call,
            "form": form,
            "check_form": check_form,
            "check": services.art361_check(call=call, contractor=contractor),
            "contractor": contractor,
            "clauses": list(call.clauses.all()),
            "cpv_list": legal.ART361_CPV_CODES,
            "rules": [
                legal.ART94_MIN_PERCENT,
                legal.ART361_HISTORY_YEARS,
                legal.ART361_MAX_YEARS,
                legal.PZP_THRESHOLD_PLN,
            ],
        },
    )
