"""Pages for editing and ending a membership, its agreement and a family's consent (issue 17)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.viewtools import call_service

from .. import change_forms, history, selectors, services
from ..enums import CasePart
from ..models import Consent
from ._common import _need, _show_case


@login_required
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = history.member_for(request.user, pk)
    return render(
        request,
        "cooperation/member_detail.html",
        {
            "member": member,
            "team": member.team,
            "versions": history.agreement_versions(member),
            "people": member.people.select_related("user"),
            "is_lead": member.organisation_id == member.team.lead_organisation_id,
            "can_change": request.user.has_perm("cooperation.change_membership", member),
            "can_amend": request.user.has_perm("cooperation.manage_team", member.team),
        },
    )


@login_required
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = history.member_for(request.user, pk)
    _need(request, "cooperation.change_membership", member)
    current = history.representative_of(member)
    form = change_forms.MemberEditForm(
        request.POST or None,
        member=member,
        initial={"level": member.level, "representative": current.user if current else None},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(form, services.member_update, actor=request.user, member=member, **form.cleaned_data)
        is not None
    ):
        messages.success(request, _("Zapisano zmiany członkostwa."))
        return redirect("cooperation:member_detail", pk=member.pk)
    return render(
        request,
        "cooperation/form.html",
        {"form": form, "team": member.team, "title": _("Członkostwo: %(org)s") % {"org": member.organisation}},
    )


@login_required
def member_end(request: HttpRequest, pk: int) -> HttpResponse:
    member = history.member_for(request.user, pk)
    _need(request, "cooperation.change_membership", member)
    form = change_forms.MemberEndForm(request.POST or None, initial={"left_on": timezone.localdate()})
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(form, services.member_end, actor=request.user, member=member, **form.cleaned_data) is not None
    ):
        messages.success(request, _("Członkostwo zakończone – instytucja nie widzi już spraw zespołu."))
        return redirect("cooperation:member_detail", pk=member.pk)
    return render(
        request,
        "cooperation/form.html",
        {
            "form": form,
            "team": member.team,
            "title": _("Zakończenie członkostwa: %(org)s") % {"org": member.organisation},
            "intro": _(
                "Od dnia zakończenia instytucja nie widzi zespołu ani spraw udostępnionych jej jako członkowi; "
                "porozumienie, jego wersje i historia zostają w zapisie zespołu."
            ),
        },
    )


@login_required
def agreement_amend(request: HttpRequest, pk: int) -> HttpResponse:
    member = history.member_for(request.user, pk)
    _need(request, "cooperation.manage_team", member.team)
    form = change_forms.AgreementForm(
        request.POST or None,
        initial={
            "number": member.agreement_number,
            "signed_on": timezone.localdate(),
            "valid_until": member.agreement_valid_until,
            "scope": member.agreement_scope,
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(form, services.agreement_amend, actor=request.user, member=member, **form.cleaned_data)
        is not None
    ):
        messages.success(request, _("Zapisano zmianę porozumienia; poprzednia wersja pozostaje w historii."))
        return redirect("cooperation:member_detail", pk=member.pk)
    return render(
        request,
        "cooperation/form.html",
        {
            "form": form,
            "team": member.team,
            "title": _("Zmiana porozumienia: %(org)s") % {"org": member.organisation},
            "intro": _("Obowiązująca treść zostanie zapisana jako wersja %(n)s, a zmiana stanie się wersją %(m)s.")
            % {"n": member.agreement_version, "m": member.agreement_version + 1},
        },
    )


def _owned_consent(request: HttpRequest, pk: int) -> Consent:
    return get_object_or_404(
        Consent.objects.select_related("case", "case__team", "organisation").filter(
            case__in=selectors.cases_owned_by(request.user)
        ),
        pk=pk,
    )


@login_required
def consent_amend(request: HttpRequest, pk: int) -> HttpResponse:
    consent = _owned_consent(request, pk)
    case = consent.case
    _need(request, "cooperation.manage_case", case)
    _show_case(request, case, selectors.case_access(request.user, case), part=CasePart.SUMMARY.value)
    form = change_forms.ConsentAmendForm(
        request.POST or None,
        case=case,
        initial={
            "organisation": consent.organisation,
            "parts": consent.parts,
            "purpose": consent.purpose,
            "given_by": consent.given_by,
            "given_on": timezone.localdate(),
            "valid_until": consent.valid_until,
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(form, services.consent_amend, actor=request.user, consent=consent, **form.cleaned_data)
        is not None
    ):
        messages.success(request, _("Zapisano nową wersję zgody; poprzednia przestała obowiązywać."))
        return redirect("cooperation:case_detail", pk=case.pk)
    return render(
        request,
        "cooperation/form.html",
        {
            "form": form,
            "case": case,
            "title": _("Zmiana zakresu zgody"),
            "intro": _(
                "Zmiana tworzy wersję %(n)s zgody. Wersja %(m)s przestaje obowiązywać z chwilą zapisu i zostaje "
                "w historii sprawy."
            )
            % {"n": consent.version + 1, "m": consent.version},
        },
    )


@login_required
def consent_end(request: HttpRequest, pk: int) -> HttpResponse:
    consent = _owned_consent(request, pk)
    case = consent.case
    _need(request, "cooperation.see_case_log", case)
    form = change_forms.ConsentEndForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(form, services.consent_end, actor=request.user, consent=consent, **form.cleaned_data)
        is not None
    ):
        messages.success(request, _("Zgoda zakończona – udostępnianie zatrzymane."))
        return redirect("cooperation:case_detail", pk=case.pk)
    return render(
        request,
        "cooperation/form.html",
        {
            "form": form,
            "case": case,
            "title": _("Zakończenie zgody: %(org)s") % {"org": consent.organisation},
            "intro": _("Instytucja przestaje widzieć udostępnione części sprawy od razu po zapisie."),
        },
    )
