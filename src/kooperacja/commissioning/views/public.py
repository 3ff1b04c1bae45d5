"""Public pages: the calls, a call, its PDF and results, the open-data feed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core import pagecache
from kooperacja.core.audit import events_for
from kooperacja.core.viewtools import call_service

from .. import documents, forms, legal, programme_forms, selectors, services, stages
from ..apps import PUBLIC_TAG
from ..enums import OPP_MODES, CallMode, CallState
from .common import PAGE_SIZE


@pagecache.public_page(PUBLIC_TAG)
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


@pagecache.public_page(PUBLIC_TAG)
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
        "steps": selectors.call_steps(call),
        "stages": stages.call_stages(call),
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
        ctx["publication"] = selectors.small_grant_publication(ctx["small_offer"])
        ctx["comment_form"] = forms.CommentForm()
    if call.mode in OPP_MODES:
        check = selectors.programme_check(call)
        ctx["programme"] = check
        if can_manage:
            ctx["priority_form"] = programme_forms.CallPriorityForm(
                initial={"priority": check["priority"]}, choices=selectors.priority_choices(call)
            )
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
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(form, services.reasons_request_create, call=call, actor=request.user, **form.cleaned_data)
    ):
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
