"""Processes, phases, sections, moderators and the consultation report."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core import uploads
from kooperacja.core.actors import Actor, is_system, require

from ..enums import PhaseKind, ProcessKind, ProposalState
from ..events import ParticipationEvent, event
from ..models import ALLOWS, Attachment, Moderator, Phase, Plebiscite, Process, Section, Subscription
from ..models.processes import DEFAULT_CODE_OF_CONDUCT
from ..policies import officer_orgs
from ..workflows import PROCESS
from ._common import check_bounds

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
    check_bounds(Phase, starts_at=starts_at, ends_at=ends_at)
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("Koniec etapu musi być później niż jego początek.")})
    if "vote" in allows and process.kind != ProcessKind.PLEBISCITE:
        raise ValidationError({"allows": _("Głosowanie jest możliwe tylko w plebiscycie.")})
    if not is_system(actor):
        _check_no_overlap(process, starts_at, ends_at)
    phase = Phase(
        process=process,
        kind=kind,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        **{f"allows_{a}": a in allows for a in ALLOWS},
    )
    with transaction.atomic():
        phase.save()
        event(actor=actor, verb=ParticipationEvent.PHASE_ADDED, target=process, phase=phase.pk)
    return phase


def _when(value: datetime) -> str:
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")


def _check_no_overlap(process: Process, starts_at: datetime, ends_at: datetime, exclude: int | None = None) -> None:
    """Phases of one process follow each other (the active phase decides what residents may do, so there is at
    most one); one may start exactly when the previous ends."""
    clash = (
        process.phases.filter(starts_at__lt=ends_at, ends_at__gt=starts_at).exclude(pk=exclude).order_by("starts_at")
    ).first()
    if clash is not None:
        raise ValidationError(
            {
                "starts_at" if clash.starts_at <= starts_at else "ends_at": _(
                    "Etap nakłada się na etap „%(name)s” (%(start)s – %(end)s, czas polski). Etapy jednego procesu "
                    "następują po sobie: początek może być najwcześniej w chwili końca poprzedniego etapu."
                )
                % {"name": clash, "start": _when(clash.starts_at), "end": _when(clash.ends_at)}
            }
        )


def _check_dates(actor: Actor, phase: Phase, starts_at: datetime, ends_at: datetime, now: datetime) -> None:
    """The date rules of a phase that exists: end after start, no overlap with the other phases; a phase that
    has ended is history; a phase that has started keeps its start and may end no earlier than now; a voting
    phase that has started may not be shortened. The system actor (the demo's history, data corrections) may set
    any dates within the bounds of the fields (2000–2100)."""
    check_bounds(Phase, starts_at=starts_at, ends_at=ends_at)
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("Koniec etapu musi być później niż jego początek.")})
    if is_system(actor):
        return
    if phase.ends_at <= now:
        raise ValidationError(_("Etap już się zakończył – należy do historii procesu i nie można go zmienić."))
    if phase.starts_at <= now:
        if starts_at != phase.starts_at:
            raise ValidationError({"starts_at": _("Etap już trwa – nie można zmienić jego początku.")})
        if ends_at < now:
            raise ValidationError({"ends_at": _("Trwający etap może zakończyć się najwcześniej teraz.")})
        if phase.allows_vote and ends_at < phase.ends_at:
            raise ValidationError({"ends_at": _("Głosowania nie można skrócić po jego rozpoczęciu.")})
    elif starts_at < now - timedelta(minutes=1):
        raise ValidationError(
            {"starts_at": _("Etap, który się jeszcze nie zaczął, nie może zacząć się w przeszłości.")}
        )
    _check_no_overlap(phase.process, starts_at, ends_at, exclude=phase.pk)


def phase_reschedule(
    *, actor: Actor, phase: Phase, starts_at: datetime, ends_at: datetime, now: datetime | None = None
) -> Phase:
    """Move a phase. A phase that has started keeps its start and may end no earlier than now (extend, or close
    it now); a voting phase that has started keeps its end too, except for the system actor (the demo's history,
    data corrections), which may set any dates."""
    require(actor, "participation.manage_process", phase.process, hide=True)
    _check_dates(actor, phase, starts_at, ends_at, now or timezone.now())
    phase.starts_at, phase.ends_at = starts_at, ends_at
    phase.save(update_fields=["starts_at", "ends_at"])
    return phase


def phase_update(
    *,
    actor: Actor,
    phase: Phase,
    kind: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    allows: tuple[str, ...] | list[str] = (),
    now: datetime | None = None,
) -> Phase:
    """The phase edit page: name, kind, dates and what it allows. The date rules of `phase_reschedule` apply; a
    phase that has started keeps its kind and its vote (a vote cannot be switched on or off half-way), and the
    voting phase of a plebiscite keeps allowing the vote."""
    require(actor, "participation.manage_process", phase.process, hide=True)
    now = now or timezone.now()
    if kind not in PhaseKind.values:
        raise ValidationError({"kind": _("Wybierz rodzaj etapu.")})
    allows = [a for a in allows if a in ALLOWS]
    if "vote" in allows and phase.process.kind != ProcessKind.PLEBISCITE:
        raise ValidationError({"allows": _("Głosowanie jest możliwe tylko w plebiscycie.")})
    with transaction.atomic():
        phase = Phase.objects.select_for_update().select_related("process").get(pk=phase.pk)
        _check_dates(actor, phase, starts_at, ends_at, now)
        started = phase.starts_at <= now and not is_system(actor)
        if started and kind != phase.kind:
            raise ValidationError({"kind": _("Etap już trwa – nie można zmienić jego rodzaju.")})
        if started and ("vote" in allows) != phase.allows_vote:
            raise ValidationError({"allows": _("Etap już trwa – nie można włączyć ani wyłączyć w nim głosowania.")})
        is_voting_phase = Plebiscite.objects.filter(voting_phase=phase).exists()
        if is_voting_phase and "vote" not in allows:
            raise ValidationError({"allows": _("To etap głosowania plebiscytu – musi pozwalać na głosowanie.")})
        changed = sorted(
            f
            for f, value in [("kind", kind), ("title", title.strip()), ("starts_at", starts_at), ("ends_at", ends_at)]
            + [(f"allows_{a}", a in allows) for a in ALLOWS]
            if getattr(phase, f) != value
        )
        phase.kind, phase.title, phase.starts_at, phase.ends_at = kind, title.strip(), starts_at, ends_at
        for a in ALLOWS:
            setattr(phase, f"allows_{a}", a in allows)
        if "starts_at" in changed and starts_at > now:
            phase.opening_notified_at = None  # moved to the future: the opening notice goes out when it opens
        phase.save()
        if changed:
            event(
                actor=actor, verb=ParticipationEvent.PHASE_CHANGED, target=phase.process, phase=phase.pk, fields=changed
            )
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


def attachment_add(*, actor: Actor, process: Process, title: str, file: Any) -> Attachment:
    """A PDF document of the process (the consulted draft, a map, the resolution): type and size checked by
    core.uploads, whatever the form did."""
    require(actor, "participation.manage_process", process, hide=True)
    if not title.strip():
        raise ValidationError({"title": _("Podaj tytuł dokumentu.")})
    try:
        uploads.validate_file(file, uploads.PDF)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    with transaction.atomic():
        attachment = Attachment(process=process, title=title.strip()[:200])
        attachment.file.save(_safe_name(file.name, "pdf"), file, save=False)
        attachment.save()
        event(actor=actor, verb=ParticipationEvent.ATTACHMENT_ADDED, target=process, attachment=attachment.pk)
    return attachment


def attachment_remove(*, actor: Actor, attachment: Attachment) -> None:
    require(actor, "participation.manage_process", attachment.process, hide=True)
    with transaction.atomic():
        event(
            actor=actor, verb=ParticipationEvent.ATTACHMENT_REMOVED, target=attachment.process, title=attachment.title
        )
        attachment.delete()
    attachment.file.delete(save=False)


def _safe_name(name: str, ext: str) -> str:
    """A file name made of ASCII letters and digits only (the original may hold anything a user typed)."""
    from django.utils.text import get_valid_filename, slugify

    stem = slugify(Path(name or "").stem)[:60] or "plik"
    return get_valid_filename(f"{stem}.{ext}")


def process_follow(*, actor: Actor, process: Process, follow: bool = True) -> bool:
    """Follow a process (an e-mail when each phase opens) or stop following it. Returns whether one follows."""
    require(actor, "participation.view_process", process, hide=True)
    if is_system(actor):
        raise ValidationError(_("Obserwować proces może tylko osoba zalogowana."))
    with transaction.atomic():
        if follow:
            changed = Subscription.objects.get_or_create(process=process, user=actor)[1]
        else:
            changed = Subscription.objects.filter(process=process, user=actor).delete()[0] > 0
        if changed:
            verb = ParticipationEvent.PROCESS_FOLLOWED if follow else ParticipationEvent.PROCESS_UNFOLLOWED
            event(actor=actor, verb=verb, target=process)
    return follow
