"""The programme of cooperation with NGOs (art. 5a OPP): the draft, its priorities, the consultation, the council's
resolution, the calls linked to its priorities and the yearly report on its implementation (art. 5a ust. 3)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.actors import Actor, require
from kooperacja.organisations.enums import LegalForm
from kooperacja.organisations.models import Organisation

from .. import selectors
from ..enums import CooperationForm, ProgrammeState
from ..events import CommissioningEvent as E
from ..events import event
from ..models import Call, CallPriority, CooperationProgramme, ProgrammePriority, ProgrammeReport
from ..workflows import PROGRAMME
from .calculations import money
from .common import _lock, _person

PROGRAMME_FIELDS = (
    "title",
    "year_from",
    "year_to",
    "goals",
    "cooperation_forms",
    "amount_planned",
    "evaluation_method",
    "consultation_summary",
    "consultation_url",
)


def _apply_fields(programme: CooperationProgramme, data: dict[str, Any]) -> None:
    for key in PROGRAMME_FIELDS:
        if key in data:
            setattr(programme, key, data[key])
    unknown = set(programme.cooperation_forms) - set(CooperationForm.values)
    if unknown:
        raise ValidationError({"cooperation_forms": _("Nieznana forma współpracy.")})
    programme.amount_planned = money(programme.amount_planned)
    programme.full_clean()


def programme_create(*, actor: Actor, authority: Organisation, data: dict[str, Any]) -> CooperationProgramme:
    """The office drafts its programme for a year (or several) (art. 5a ust. 1 OPP)."""
    if authority.legal_form != LegalForm.JST_OFFICE or not authority.is_verified:
        raise ValidationError(_("Program współpracy uchwala jednostka samorządu terytorialnego."))
    programme = CooperationProgramme(authority=authority, amount_planned=Decimal("0.00"))
    require(actor, "commissioning.manage_programme", programme)
    with transaction.atomic():
        _apply_fields(programme, data)
        programme.created_by = _person(actor)
        programme.save()
        event(actor=actor, verb=E.PROGRAMME_CREATED, target=programme, data={"years": programme.years})
    return programme


def programme_update(*, actor: Actor, programme: CooperationProgramme, data: dict[str, Any]) -> CooperationProgramme:
    """Changes before the resolution; an adopted programme changes only by a new resolution (a new programme)."""
    require(actor, "commissioning.manage_programme", programme)
    with transaction.atomic():
        programme = _lock(CooperationProgramme, programme.pk)
        if programme.state == ProgrammeState.ADOPTED:
            raise ValidationError(_("Uchwalonego programu nie można zmieniać; zmiana wymaga nowej uchwały rady."))
        _apply_fields(programme, data)
        programme.save()
        event(actor=actor, verb=E.PROGRAMME_UPDATED, target=programme)
    return programme


def priority_save(
    *,
    actor: Actor,
    programme: CooperationProgramme,
    name: str,
    sphere: str = "",
    amount_planned: Decimal = Decimal("0.00"),
    priority: ProgrammePriority | None = None,
) -> ProgrammePriority:
    """A priority public task of the programme (art. 5a ust. 4 pkt 5 OPP)."""
    require(actor, "commissioning.manage_programme", programme)
    with transaction.atomic():
        programme = _lock(CooperationProgramme, programme.pk)
        if programme.state == ProgrammeState.ADOPTED:
            raise ValidationError(_("Zadania priorytetowe uchwalonego programu zmienia tylko nowa uchwała rady."))
        if not name.strip():
            raise ValidationError({"name": _("Podaj nazwę zadania priorytetowego.")})
        if priority is None:
            number = (programme.priorities.aggregate(m=Max("number"))["m"] or 0) + 1
            priority = ProgrammePriority(programme=programme, number=number)
        elif priority.programme_id != programme.pk:
            raise ValidationError(_("Zadanie należy do innego programu."))
        priority.name = name.strip()
        priority.sphere = sphere.strip()
        priority.amount_planned = money(amount_planned)
        priority.full_clean()
        planned = sum((p.amount_planned for p in programme.priorities.exclude(pk=priority.pk)), Decimal("0.00"))
        if planned + priority.amount_planned > programme.amount_planned:
            raise ValidationError(
                {
                    "amount_planned": _("Środki zadań priorytetowych przekraczają kwotę programu (%(a)s zł).")
                    % {"a": programme.amount_planned}
                }
            )
        priority.save()
        event(actor=actor, verb=E.PROGRAMME_PRIORITY_SAVED, target=programme, data={"number": priority.number})
    return priority


def programme_consult(*, actor: Actor, programme: CooperationProgramme, consultation_url: str = "") -> Any:
    """The draft goes to consultation with the NGOs (art. 5a ust. 1 and art. 5 ust. 5 OPP)."""
    require(actor, "commissioning.manage_programme", programme)
    with transaction.atomic():
        programme = _lock(CooperationProgramme, programme.pk)
        if not programme.priorities.exists():
            raise ValidationError(_("Projekt programu wymaga co najmniej jednego zadania priorytetowego."))
        PROGRAMME.apply(programme, "consult", actor=actor)
        if consultation_url:
            programme.consultation_url = consultation_url
        programme.full_clean()
        programme.save()
        event(actor=actor, verb=E.PROGRAMME_CONSULTED, target=programme)
    return programme


def programme_adopt(
    *,
    actor: Actor,
    programme: CooperationProgramme,
    resolution_number: str,
    resolution_date: date,
    consultation_summary: str = "",
) -> CooperationProgramme:
    """The council adopts the programme by resolution (art. 5a ust. 1 OPP: by 30 November of the year before)."""
    require(actor, "commissioning.manage_programme", programme)
    if not resolution_number.strip():
        raise ValidationError({"resolution_number": _("Podaj numer uchwały rady.")})
    if resolution_date > timezone.localdate():
        raise ValidationError({"resolution_date": _("Data uchwały nie może być późniejsza niż dziś.")})
    with transaction.atomic():
        programme = _lock(CooperationProgramme, programme.pk)
        if consultation_summary.strip():
            programme.consultation_summary = consultation_summary.strip()
        if not programme.consultation_summary.strip():
            raise ValidationError(
                {"consultation_summary": _("Opisz przebieg konsultacji projektu (art. 5a ust. 4 pkt 10 OPP).")}
            )
        PROGRAMME.apply(programme, "adopt", actor=actor)
        programme.resolution_number = resolution_number.strip()
        programme.resolution_date = resolution_date
        programme.save()
        event(
            actor=actor,
            verb=E.PROGRAMME_ADOPTED,
            target=programme,
            data={"resolution": programme.resolution_number, "on": resolution_date.isoformat()},
        )
    return programme


def call_priority_set(*, actor: Actor, call: Call, priority: ProgrammePriority | None) -> Call:
    """Link a call (or a small grant) to a priority of its authority's programme adopted for the call's year."""
    require(actor, "commissioning.manage_call", call)
    with transaction.atomic():
        call = _lock(Call, call.pk)
        if priority is None:
            CallPriority.objects.filter(call=call).delete()
        else:
            if not selectors.priority_choices(call).filter(pk=priority.pk).exists():
                raise ValidationError(
                    {
                        "priority": _(
                            "To nie jest zadanie priorytetowe programu współpracy uchwalonego na rok %(y)s "
                            "(art. 5a ust. 1 OPP)."
                        )
                        % {"y": selectors.call_year(call)}
                    }
                )
            CallPriority.objects.update_or_create(call=call, defaults={"priority": priority})
        event(
            actor=actor,
            verb=E.CALL_PRIORITY_SET,
            target=call,
            data={"priority": priority.pk if priority else None},
        )
    return call


def programme_report_submit(
    *,
    actor: Actor,
    programme: CooperationProgramme,
    year: int,
    submitted_on: date,
    bip_url: str = "",
    conclusions: str = "",
) -> ProgrammeReport:
    """Record that the report on the year was submitted to the council and published in the BIP (art. 5a ust. 3
    OPP: by 31 May of the next year); a later date is recorded and shown as late."""
    require(actor, "commissioning.manage_programme", programme)
    if programme.state != ProgrammeState.ADOPTED:
        raise ValidationError(_("Sprawozdanie dotyczy uchwalonego programu."))
    if year not in programme.years:
        raise ValidationError(_("Program nie obejmuje roku %(y)s.") % {"y": year})
    if submitted_on.year <= year or submitted_on > timezone.localdate():
        raise ValidationError(
            {
                "submitted_on": _("Sprawozdanie za rok %(y)s przedkłada się po jego zakończeniu, nie w przyszłości.")
                % {"y": year}
            }
        )
    with transaction.atomic():
        programme = _lock(CooperationProgramme, programme.pk)
        if programme.reports.filter(year=year).exists():
            raise ValidationError(_("Sprawozdanie za ten rok już przedłożono."))
        report = ProgrammeReport(
            programme=programme,
            year=year,
            submitted_on=submitted_on,
            bip_url=bip_url,
            conclusions=conclusions,
            created_by=_person(actor),
        )
        report.full_clean()
        report.save()
        event(
            actor=actor,
            verb=E.PROGRAMME_REPORT_SUBMITTED,
            target=programme,
            data={"year": year, "late": submitted_on > programme.report_due(year)},
        )
    return report
