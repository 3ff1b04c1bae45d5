"""Processes, phases, sections, moderators and the consultation report."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.actors import Actor, is_system, require

from ..enums import PhaseKind, ProcessKind, ProposalState
from ..events import ParticipationEvent, event
from ..models import Moderator, Phase, Process, Section
from ..models.processes import DEFAULT_CODE_OF_CONDUCT
from ..policies import officer_orgs
from ..workflows import PROCESS

PROCESS_FIELDS = ("title", "subject_kind", "subject", "description", "code_of_conduct")


def _check_authority(actor: Actor, authority: Any) -> None:
    if not is_system(actor) and authority.pk not in officer_orgs(actor):
        raise ValidationError({"authority": _("Możesz prowadzić procesy tylko w imieniu swojego urzędu.")})


def process_create(
    *,
    actor: Actor,
    authority: Any,
    territory: Any,
    kind: str,
    title: str,
    subject_kind: str,
    description: str,
    subject: str = "",
    code_of_conduct: str = "",
) -> Process:
    require(actor, "participation.manage_process")
    _check_authority(actor, authority)
    if kind not in ProcessKind.values:
        raise ValidationError({"kind": _("Wybierz rodzaj procesu.")})
    process = Process(
        authority=authority,
        territory=territory,
        kind=kind,
        title=title.strip(),
        subject_kind=subject_kind,
        subject=subject.strip(),
        description=description.strip(),
        code_of_conduct=code_of_conduct.strip() or str(DEFAULT_CODE_OF_CONDUCT),
        created_by=None if is_system(actor) else actor,
    )
    process.full_clean(exclude=["authority", "territory", "created_by"])
    with transaction.atomic():
        process.save()
        event(actor=actor, verb=ParticipationEvent.PROCESS_CREATED, target=process)
    return process


def phase_add(
    *,
    actor: Actor,
    process: Process,
    kind: str,
    starts_at: datetime,
    ends_at: datetime,
    title: str = "",
    allows: tuple[str, ...] | list[str] = (),
) -> Phase:
    require(actor, "participation.manage_process", process, hide=True)
    if kind not in PhaseKind.values:
        raise ValidationError({"kind": _("Wybierz rodzaj etapu.")})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("Koniec etapu musi być później niż jego początek.")})
    if "vote" in allows and process.kind != ProcessKind.PLEBISCITE:
        raise ValidationError({"allows": _("Głosowanie jest możliwe tylko w plebiscycie.")})
    phase = Phase(
        process=process,
        kind=kind,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        **{f"allows_{a}": a in allows for a in ("comment", "propose", "survey", "attend", "vote")},
    )
    phase.save()
    return phase


def phase_reschedule(
    *, actor: Actor, phase: Phase, starts_at: datetime, ends_at: datetime, now: datetime | None = None
) -> Phase:
    """Move a phase. A phase that has started keeps its start and may end no earlier than now (extend, or close
    it now); a voting phase that has started keeps its end too, except for the system actor (the demo's history,
    data corrections), which may set any dates."""
    require(actor, "participation.manage_process", phase.process, hide=True)
    now = now or timezone.now()
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("Koniec etapu musi być później niż jego początek.")})
    if not is_system(actor) and phase.starts_at <= now:
        if starts_at != phase.starts_at:
            raise ValidationError({"starts_at": _("Etap już trwa – nie można zmienić jego początku.")})
        if ends_at < now:
            raise ValidationError({"ends_at": _("Trwający etap może zakończyć się najwcześniej teraz.")})
        if phase.allows_vote and ends_at < phase.ends_at:
            raise ValidationError({"ends_at": _("Głosowania nie można skrócić po jego rozpoczęciu.")})
    phase.starts_at, phase.ends_at = starts_at, ends_at
    phase.save(update_fields=["starts_at", "ends_at"])
    return phase


def section_add(*, actor: Actor, process: Process, title: str, text: str = "") -> Section:
    require(actor, "participation.manage_process", process, hide=True)
    number = (process.sections.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return Section.objects.create(process=process, number=number, title=title.strip(), text=text.strip())


def process_publish(*, actor: Actor, process: Process) -> Process:
    require(actor, "participation.manage_process", process, hide=True)
    with transaction.atomic():
        process = Process.objects.select_for_update().get(pk=process.pk)
        if not process.phases.exists():
            raise ValidationError(_("Dodaj co najmniej jeden etap z datami, zanim ogłosisz proces."))
        PROCESS.apply(process, "publish", actor=actor)
        process.save(update_fields=["state"])
        event(actor=actor, verb=ParticipationEvent.PROCESS_PUBLISHED, target=process)
    return process


def process_cancel(*, actor: Actor, process: Process, reason: str) -> Process:
    require(actor, "participation.manage_process", process, hide=True)
    with transaction.atomic():
        process = Process.objects.select_for_update().get(pk=process.pk)
        PROCESS.apply(process, "cancel", actor=actor, reason=reason)
        process.save(update_fields=["state"])
        event(actor=actor, verb=ParticipationEvent.PROCESS_CANCELLED, target=process, reason=reason.strip()[:500])
    return process


def report_publish(*, actor: Actor, process: Process, summary: str, now: datetime | None = None) -> Process:
    """The consultation report: allowed when the contribution phases are over and every proposal has an answer."""
    require(actor, "participation.manage_process", process, hide=True)
    now = now or timezone.now()
    with transaction.atomic():
        process = Process.objects.select_for_update().get(pk=process.pk)
        still_open = process.phases.filter(ends_at__gt=now).exclude(kind=PhaseKind.REPORT).exists()
        if still_open:
            raise ValidationError(_("Raport można opublikować dopiero po zakończeniu etapów zbierania uwag."))
        unanswered = process.proposals.filter(state=ProposalState.SUBMITTED).count()
        if unanswered:
            raise ValidationError(
                _("Najpierw odpowiedz na wszystkie propozycje (bez odpowiedzi: %(n)s).") % {"n": unanswered}
            )
        if not summary.strip():
            raise ValidationError({"summary": _("Napisz podsumowanie konsultacji.")})
        PROCESS.apply(process, "publish_report", actor=actor)
        process.report_summary = summary.strip()
        process.report_published_at = now
        process.save(update_fields=["state", "report_summary", "report_published_at"])
        event(actor=actor, verb=ParticipationEvent.REPORT_PUBLISHED, target=process)
    return process


def moderator_add(*, actor: Actor, authority: Any, user: Any) -> Moderator:
    require(actor, "participation.manage_process")
    _check_authority(actor, authority)
    moderator, _created = Moderator.objects.get_or_create(authority=authority, user=user)
    return moderator
