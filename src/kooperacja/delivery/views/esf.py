"""ESF+ participant data of an enrolment (only on an EU-funded service); the legal basis is shown at the form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.audit import log_access
from kooperacja.core.viewtools import call_service

from .. import selectors, services
from ..enums import EnrolmentStatus
from ..forms import EsfRecordForm
from ..models import EsfRecord
from ..services.esf import add_months


@login_required
def esf_record(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = selectors.enrolment_for(request.user, pk)  # 404 unless the user's organisation delivers it
    if not services.esf_collectable(enrolment):
        raise Http404  # ESF+ data exist only for EU-funded services (and not for an anonymised person)
    record = EsfRecord.objects.filter(enrolment=enrolment).first()
    left = enrolment.status == EnrolmentStatus.LEFT
    initial = {}
    if record is not None:
        # the answers are personal data (one of them special-category): logged before they are shown
        log_access(
            user=request.user,
            targets=enrolment.person,
            purpose=_("dane uczestnika EFS+"),
            part=_("status na rynku pracy, wykształcenie, niepełnosprawność, rezultaty"),
            request=request,
        )
        initial = {name: getattr(record, name) for name in services.ESF_FIELDS}
        initial["six_months_employed"] = {True: "yes", False: "no"}.get(record.six_months_employed, "")
    form = EsfRecordForm(request.POST or None, initial=initial, left=left)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form, services.esf_record_save, actor=request.user, enrolment=enrolment, data=form.cleaned_data
        )
        if done is not None:
            messages.success(request, _("Zapisano dane uczestnika EFS+."))
            return redirect("delivery:person", pk=enrolment.person_id)
    six_months_from = add_months(enrolment.left_on, 6) if left and enrolment.left_on else None
    return render(
        request,
        "delivery/esf.html",
        {
            "enrolment": enrolment,
            "service": enrolment.service,
            "form": form,
            "left": left,
            "six_months_from": six_months_from,
            "six_months_due": six_months_from is not None and six_months_from <= timezone.localdate(),
        },
    )
