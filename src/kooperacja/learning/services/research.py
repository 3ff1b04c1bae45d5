"""Partner exchange meetings (study visits) and focus-group research."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kooperacja.accounts import roles
from kooperacja.core.actors import Actor, require
from kooperacja.organisations.enums import LegalForm

from ..enums import MeetingState
from ..events import LearningEvent, learning_event
from ..models import ExchangeMeeting, ExchangePhoto, ExchangeRegistration, Study, StudyGroup
from ..workflows import MEETING
from ._common import PHOTO_TYPES, check_file


def _user(actor: Actor) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def exchange_create(
    *, actor: Actor, title: str, host: Any, starts_at: Any, place: str, programme: str, capacity: int
) -> ExchangeMeeting:
    require(actor, "learning.add_exchange")
    meeting = ExchangeMeeting(
        title=title,
        host=host,
        starts_at=starts_at,
        place=place,
        programme=programme,
        capacity=capacity,
        created_by=_user(actor),
    )
    meeting.full_clean(exclude=["state"])
    meeting.save()
    learning_event(actor=actor, verb=LearningEvent.EXCHANGE_CREATED, target=meeting)
    return meeting


@transaction.atomic
def exchange_register(
    *, actor: Actor, meeting: ExchangeMeeting, organisation: Any = None, user: Any = None
) -> ExchangeRegistration:
    """A member of a verified institution registers (the system may register a named user)."""
    require(actor, "learning.view_exchange", meeting, hide=True)
    person = user if user is not None and not getattr(actor, "is_authenticated", False) else actor
    meeting = ExchangeMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state != MeetingState.PLANNED:
        raise ValidationError(_("Zapisy na to spotkanie są zamknięte."))
    if ExchangeRegistration.objects.filter(meeting=meeting, user=person).exists():
        raise ValidationError(_("Jesteś już zgłoszony(-a) na to spotkanie."))
    if meeting.registrations.count() >= meeting.capacity:
        raise ValidationError(_("Brak wolnych miejsc na to spotkanie."))
    own = roles.organisation_ids(person, verified_only=True)
    if organisation is None:
        if not own:
            raise ValidationError(_("Na spotkanie zgłaszają się pracownicy zweryfikowanych instytucji."))
        from kooperacja.organisations.models import Organisation

        organisation = Organisation.objects.get(pk=min(own))
    elif organisation.pk not in own:
        raise ValidationError({"organisation": _("Wybierz instytucję, w której pracujesz.")})
    registration = ExchangeRegistration.objects.create(meeting=meeting, user=person, organisation=organisation)
    learning_event(actor=actor, verb=LearningEvent.EXCHANGE_REGISTERED, target=meeting)
    return registration


@transaction.atomic
def exchange_report(
    *,
    actor: Actor,
    meeting: ExchangeMeeting,
    conclusions: str,
    recommendations: str,
    photos: Iterable[tuple[Any, str]] = (),
) -> ExchangeMeeting:
    require(actor, "learning.manage_exchange", meeting, hide=True)
    if not conclusions.strip():
        raise ValidationError({"conclusions": _("Wpisz wnioski ze spotkania.")})
    checked = [(f, caption, check_file(f, field="photo", extensions=PHOTO_TYPES)) for f, caption in photos]
    meeting = ExchangeMeeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.conclusions = conclusions.strip()
    meeting.recommendations = recommendations.strip()
    if meeting.state == MeetingState.PLANNED:
        MEETING.apply(meeting, "report")
    meeting.save()
    for f, caption, content_type in checked:
        photo = ExchangePhoto(meeting=meeting, caption=caption[:200] or meeting.title, content_type=content_type)
        photo.file.save(f"spotkanie-{meeting.pk}-{f.name.rsplit('/', 1)[-1][:80]}", f, save=False)
        photo.save()
    learning_event(actor=actor, verb=LearningEvent.EXCHANGE_REPORTED, target=meeting, photos=len(checked))
    return meeting


@transaction.atomic
def exchange_cancel(*, actor: Actor, meeting: ExchangeMeeting, reason: str) -> ExchangeMeeting:
    """Call the meeting off with a reason; everyone registered gets an e-mail with it once the change is saved."""
    require(actor, "learning.manage_exchange", meeting, hide=True)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Podaj powód odwołania – zobaczą go wszyscy zgłoszeni uczestnicy.")})
    meeting = ExchangeMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state != MeetingState.PLANNED:
        raise ValidationError(_("Odwołać można tylko zaplanowane spotkanie."))
    MEETING.apply(meeting, "cancel", reason=reason)
    meeting.cancel_reason = reason[:500]
    meeting.save(update_fields=["state", "cancel_reason", "updated_at"])
    learning_event(actor=actor, verb=LearningEvent.EXCHANGE_CANCELLED, target=meeting, reason=reason)
    from ..tasks import notify

    pk = meeting.pk
    transaction.on_commit(lambda: notify.enqueue("exchange_cancelled", pk))
    return meeting


@transaction.atomic
def study_create(
    *,
    actor: Actor,
    title: str,
    aim: str,
    starts_on: Any,
    ends_on: Any,
    organisation: Any,
    groups: Iterable[tuple[Any, str, str, int]] = (),
    team: Any = None,
    package: Any = None,
) -> Study:
    """A focus-group study; each group is (date, place, organisation kind, number of participants): no names."""
    require(actor, "learning.add_study")
    study = Study(
        title=title,
        aim=aim,
        starts_on=starts_on,
        ends_on=ends_on,
        organisation=organisation,
        team=team,
        package=package,
        created_by=_user(actor),
    )
    study.full_clean(exclude=["report"])
    study.save()
    rows = []
    for held_on, place, legal_form, participants in groups:
        if legal_form not in LegalForm.values:
            raise ValidationError({"groups": _("Nieznany rodzaj instytucji.")})
        if not (study.starts_on <= held_on <= study.ends_on):
            raise ValidationError({"groups": _("Grupa fokusowa odbywa się w czasie badania.")})
        rows.append(
            StudyGroup(study=study, held_on=held_on, place=place, legal_form=legal_form, participants=participants)
        )
    for row in rows:
        row.full_clean(exclude=["study"])
    StudyGroup.objects.bulk_create(rows)
    learning_event(actor=actor, verb=LearningEvent.STUDY_CREATED, target=study, groups=len(rows))
    return study


@transaction.atomic
def study_group_add(
    *, actor: Actor, study: Study, held_on: Any, place: str, legal_form: str, participants: int
) -> StudyGroup:
    """One focus group held: date, place, the organisation kind of its participants and how many (no names)."""
    require(actor, "learning.manage_study", study, hide=True)
    if legal_form not in LegalForm.values:
        raise ValidationError({"legal_form": _("Nieznany rodzaj instytucji.")})
    if not (study.starts_on <= held_on <= study.ends_on):
        raise ValidationError({"held_on": _("Grupa fokusowa odbywa się w czasie badania.")})
    group = StudyGroup(study=study, held_on=held_on, place=place, legal_form=legal_form, participants=participants)
    group.full_clean()
    group.save()
    learning_event(actor=actor, verb=LearningEvent.STUDY_REPORTED, target=study, group=str(held_on))
    return group


@transaction.atomic
def study_report(*, actor: Actor, study: Study, conclusions: str, report: Any = None) -> Study:
    require(actor, "learning.manage_study", study, hide=True)
    if not conclusions.strip():
        raise ValidationError({"conclusions": _("Wpisz wnioski z badania.")})
    if report is not None:
        check_file(report, field="report", extensions=(".pdf",))
    study = Study.objects.select_for_update().get(pk=study.pk)
    study.conclusions = conclusions.strip()
    if report is not None:
        study.report.save(f"badanie-{study.pk}.pdf", report, save=False)
    study.save()
    learning_event(actor=actor, verb=LearningEvent.STUDY_REPORTED, target=study)
    return study
