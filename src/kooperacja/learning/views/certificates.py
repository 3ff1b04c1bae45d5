"""Certificates: the holder's PDF, revocation and renewal, and the public check by code (no login)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kooperacja.core.viewtools import call_service, run_action

from .. import selectors, services
from ..forms import CodeForm, ReasonForm
from ..pdfs import certificate_pdf as make_pdf


@login_required
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = selectors.certificate_for(request.user, pk)
    url = request.build_absolute_uri(reverse("certificates:verify", args=[certificate.code]))
    response = HttpResponse(make_pdf(certificate, url), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="zaswiadczenie-{certificate.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def certificate_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = selectors.certificate_for(request.user, pk, "revoke")
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services.certificate_revoke,
            actor=request.user,
            certificate=certificate,
            reason=form.cleaned_data["reason"],
        )
        if done is not None:
            messages.success(request, _("Unieważniono zaświadczenie."))
            return redirect("learning:course_manage", pk=certificate.enrolment.course_id)
    return render(
        request,
        "learning/form.html",
        {
            "form": form,
            "title": _("Unieważnienie zaświadczenia %(code)s") % {"code": certificate.code},
            "course": certificate.enrolment.course,
            "danger": True,
        },
    )


@login_required
@require_POST
def certificate_renew(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = selectors.certificate_for(request.user, pk, "revoke")
    run_action(
        request,
        services.certificate_renew,
        actor=request.user,
        certificate=certificate,
        success=_("Wydano odnowione zaświadczenie z nowym kodem."),
    )
    return redirect("learning:course_manage", pk=certificate.enrolment.course_id)


def verify_form(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect("certificates:verify", code=form.cleaned_data["code"].strip().upper())
    return render(request, "learning/verify_form.html", {"form": form})


def _verdict(status: str) -> tuple[str, str]:
    """The public check's answer for `Certificate.status_on()`: the badge's style and its words."""
    return {
        "valid": ("badge-ok", _("Ważne")),
        "expired": ("badge-warn", _("Wygasło")),
        "revoked": ("badge-danger", _("Unieważnione")),
    }.get(status, ("badge-warn", _("Zastąpione nowym zaświadczeniem")))


def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Anyone with the code sees: valid / expired / revoked / renewed, for whom, for what, by whom."""
    certificate = selectors.certificate_by_code(code)
    status = certificate.status_on()
    badge, verdict = _verdict(status)
    return render(
        request,
        "learning/verify.html",
        {
            "c": certificate,
            "badge": badge,
            "verdict": verdict,
            "revoked": status == "revoked",
            "hours": selectors.hours_text(certificate.hours),
        },
    )
