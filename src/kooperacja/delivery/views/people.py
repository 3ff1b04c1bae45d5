"""People (personal data): list, registration, record, edit, export, anonymisation, consents, duplicates."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.core.fields import parse_id
from kooperacja.core.pagination import keyset_page
from kooperacja.core.viewtools import call_service, run_action

from .. import selectors, services
from ..enums import DuplicateStatus
from ..forms import (
    ConsentForm,
    PersonForm,
)
from ..models import Consent, EsfRecord
from ..policies import staff_org_ids
from .common import PAGE_SIZE, _staff_orgs, perm_required


@perm_required("delivery.register_person")
def people(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    qs = selectors.people_visible_to(request.user)
    if q:
        qs = qs.filter(Q(last_name__icontains=q) | Q(first_name__icontains=q) | Q(code__iexact=q) | Q(pesel=q))
    # keyset (the code is unique), not OFFSET and COUNT: a provider may serve thousands (core.pagination; issue 15)
    page = keyset_page(qs, order=("last_name", "first_name", "code"), params=request.GET, per_page=PAGE_SIZE)
    selectors.people_shown(request.user, page.object_list, purpose=_("lista uczestników"), request=request)
    return render(request, "delivery/people.html", {"page": page, "q": q, "query": urlencode({"q": q}) if q else ""})


@perm_required("delivery.register_person")
def person_create(request: HttpRequest) -> HttpResponse:
    orgs = _staff_orgs(request.user)
    form = PersonForm(request.POST or None, initial={"gmina": orgs.first().territory.code if orgs else ""})
    org_choice = request.POST.get("organisation", "")
    if request.method == "POST" and form.is_valid():
        organisation = orgs.filter(pk=org_id).first() if (org_id := parse_id(org_choice)) else orgs.first()
        data = form.person_data()
        person = call_service(form, services.person_register, actor=request.user, organisation=organisation, data=data)
        if person is not None:  # an error naming a field (the name does not match the PESEL) sits at the field
            messages.success(request, _("Zarejestrowano uczestnika %(c)s.") % {"c": person.code})
            return redirect("delivery:person", pk=person.pk)
    return render(
        request,
        "delivery/simple_form.html",
        {
            "form": form,
            "orgs": orgs if orgs.count() > 1 else None,
            "title": _("Nowy uczestnik"),
            "intro": _(
                "Jeśli osoba o tym numerze PESEL jest już w rejestrze Twojej organizacji, zapis trafi do jej "
                "rekordu – imię i nazwisko muszą się wtedy zgadzać."
            ),
            "back_url": reverse("delivery:people"),
            "back_label": _("Uczestnicy"),
        },
    )


@login_required
def person(request: HttpRequest, pk: int) -> HttpResponse:
    p = selectors.person_for(request.user, pk, purpose=_("karta uczestnika"), part=_("dane osobowe"), request=request)
    mine = staff_org_ids(request.user)
    return render(
        request,
        "delivery/person.html",
        {
            "person": p,
            "enrolments": p.enrolments.select_related("service", "service__provider").order_by("-requested_on"),
            "consents": p.consents.select_related("organisation"),
            "meetings": selectors.meetings_of(p).filter(enrolment__service__provider_id__in=mine)[:20],
            "programmes": p.homelessness_programmes.select_related("ops"),
            "placements": p.placements.select_related("flat"),
            "serving": p.served_by.select_related("organisation"),
            "duplicates": selectors.open_duplicate_flags_of(p),
            "today": timezone.localdate(),
            "mine": mine,
            "esf_done": set(EsfRecord.objects.filter(enrolment__person=p).values_list("enrolment_id", flat=True)),
        },
    )


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    p = selectors.person_for(request.user, pk, purpose=_("edycja danych uczestnika"), request=request)
    initial = {
        "first_name": p.first_name, "last_name": p.last_name, "pesel": p.pesel, "birth_date": p.birth_date,
        "phone": p.phone, "email": p.email, "street": p.street, "postal_code": p.postal_code, "city": p.city,
        "gmina": p.territory.code, "reasons": p.reasons,
    }  # fmt: skip
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = call_service(form, services.person_update, actor=request.user, person=p, data=form.person_data())
        if done is not None:
            messages.success(request, _("Zapisano dane uczestnika."))
            return redirect("delivery:person", pk=p.pk)
    return render(
        request,
        "delivery/simple_form.html",
        {
            "form": form,
            "title": _("Dane uczestnika %(c)s") % {"c": p.code},
            "back_url": reverse("delivery:person", args=[p.pk]),
            "back_label": p.code,
        },
    )


@login_required
def person_export(request: HttpRequest, pk: int) -> HttpResponse:
    p = get_object_or_404(selectors.people_visible_to(request.user), pk=pk)
    data = services.person_export(actor=request.user, person=p, request=request)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="dane-{p.code}.json"'
    return response


@login_required
@require_POST
def person_anonymise(request: HttpRequest, pk: int) -> HttpResponse:
    p = get_object_or_404(selectors.people_visible_to(request.user), pk=pk)
    run_action(
        request,
        services.person_anonymise,
        actor=request.user,
        person=p,
        success=_("Dane osobowe zostały zanonimizowane; statystyki pozostały."),
    )
    return redirect("delivery:person", pk=p.pk)


@login_required
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    p = selectors.person_for(request.user, pk, purpose=_("rejestracja zgody"), part=_("zgody"), request=request)
    form = ConsentForm(request.POST or None, organisations=_staff_orgs(request.user))
    if request.method == "POST" and form.is_valid():
        done = call_service(form, services.consent_record, actor=request.user, person=p, **form.cleaned_data)
        if done is not None:
            messages.success(request, _("Zapisano zgodę."))
            return redirect("delivery:person", pk=p.pk)
    return render(
        request,
        "delivery/simple_form.html",
        {
            "form": form,
            "title": _("Nowa zgoda: %(c)s") % {"c": p.code},
            "back_url": reverse("delivery:person", args=[p.pk]),
            "back_label": p.code,
        },
    )


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    consent = get_object_or_404(
        Consent.objects.select_related("person"), pk=pk, person__in=selectors.people_visible_to(request.user)
    )
    run_action(
        request, services.consent_withdraw, actor=request.user, consent=consent, success=_("Zgoda została wycofana.")
    )
    return redirect("delivery:person", pk=consent.person_id)


@perm_required("delivery.register_person")
def duplicates(request: HttpRequest) -> HttpResponse:
    """Suspected duplicates of the records the user's organisations serve (docs/delivery.md)."""
    show_all = request.GET.get("stan") == "wszystkie"
    qs = selectors.duplicate_flags_visible_to(request.user).order_by("-created_at", "-id")
    if not show_all:
        qs = qs.filter(status=DuplicateStatus.OPEN)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("strona"))
    shown = {flag.existing_id: flag.existing for flag in page.object_list}
    selectors.people_shown(request.user, shown.values(), purpose=_("możliwe duplikaty uczestników"), request=request)
    return render(
        request,
        "delivery/duplicates.html",
        {"page": page, "show_all": show_all, "query": "stan=wszystkie" if show_all else ""},
    )


@login_required
@require_POST
def duplicate_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    flag = selectors.duplicate_flag_for(request.user, pk)
    run_action(
        request,
        services.person_duplicate_dismiss,
        actor=request.user,
        flag=flag,
        note=request.POST.get("resolution_note", ""),
        success=_("Zgłoszenie zamknięto bez łączenia rekordów."),
    )
    return redirect("delivery:duplicates")
