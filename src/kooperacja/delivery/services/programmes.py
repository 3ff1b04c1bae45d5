"""Art. 49 individual programmes for exiting homelessness: goals, actions, transitions, reviews, closing."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kooperacja.catalog.models import Service
from kooperacja.core.actors import Actor, is_system, person_of, require
from kooperacja.delivery.events import DeliveryEvent, event

from .. import workflows
from ..enums import (
    ProgrammeArea,
    ProgrammeOutcome,
    ProgrammeStatus,
)
from ..models import (
    HomelessnessProgramme,
    Person,
    ProgrammeAction,
    ProgrammeGoal,
    ProgrammeReview,
)
from ..policies import staff_org_ids

if TYPE_CHECKING:
    from kooperacja.organisations.models import Organisation


from .common import _today
from .people import _link


@transaction.atomic
def programme_create(
    *,
    actor: Actor,
    person: Person,
    ops: Organisation,
    service: Service | None,
    drawn_up_on: date,
    starts_on: date,
    planned_end_on: date,
    situation: str,
    person_agreed: bool,
) -> HomelessnessProgramme:
    require(actor, "delivery.see_person", person)
    ids = {ops.pk} if is_system(actor) else staff_org_ids(actor)
    if ops.pk not in ids and (service is None or service.provider_id not in ids):
        raise PermissionDenied
    if ops.legal_form != "ops":
        raise ValidationError(_("Program zatwierdza ośrodek pomocy społecznej – wybierz OPS."))
    programme = HomelessnessProgramme(
        person=person,
        ops=ops,
        service=service,
        prepared_by=person_of(actor),
        drawn_up_on=drawn_up_on,
        starts_on=starts_on,
        planned_end_on=planned_end_on,
        situation=situation,
        person_agreed=person_agreed,
    )
    programme.full_clean()
    programme.save()
    _link(person, ops, _("indywidualny program wychodzenia z bezdomności"))
    if service is not None:
        _link(person, service.provider, _("indywidualny program wychodzenia z bezdomności"))
    event(actor=actor, verb=DeliveryEvent.PROGRAMME_CREATED, target=programme, data={"person": person.code})
    return programme


def _editable(actor: Actor, programme: HomelessnessProgramme) -> None:
    require(actor, "delivery.work_on_programme", programme)
    if programme.status not in workflows.PROGRAMME_OPEN:
        raise ValidationError(_("Program jest zamknięty."))


@transaction.atomic
def programme_goal_add(*, actor: Actor, programme: HomelessnessProgramme, area: str, text: str) -> ProgrammeGoal:
    _editable(actor, programme)
    if area not in ProgrammeArea.values:
        raise ValidationError(_("Nieznany obszar celu."))
    goal = ProgrammeGoal.objects.create(programme=programme, area=area, text=text)
    event(actor=actor, verb=DeliveryEvent.PROGRAMME_GOAL, target=programme, data={"area": area})
    return goal


@transaction.atomic
def programme_action_add(
    *,
    actor: Actor,
    programme: HomelessnessProgramme,
    goal: ProgrammeGoal,
    text: str,
    due_on: date,
    responsible_organisation: Organisation | None = None,
    responsible_note: str = "",
) -> ProgrammeAction:
    _editable(actor, programme)
    if goal.programme_id != programme.pk:
        raise ValidationError(_("Cel nie należy do tego programu."))
    action = ProgrammeAction(
        programme=programme,
        goal=goal,
        text=text,
        due_on=due_on,
        responsible_organisation=responsible_organisation,
        responsible_note=responsible_note,
    )
    if responsible_organisation is None and not responsible_note.strip():
        raise ValidationError(_("Wskaż podmiot odpowiedzialny za działanie."))
    action.full_clean()
    action.save()
    event(actor=actor, verb=DeliveryEvent.PROGRAMME_ACTION, target=programme, data={"due": due_on.isoformat()})
    return action


@transaction.atomic
def programme_action_done(*, actor: Actor, action: ProgrammeAction, on: date | None = None) -> ProgrammeAction:
    _editable(actor, action.programme)
    action.done_on = on or _today()
    action.save(update_fields=["done_on"])
    event(actor=actor, verb=DeliveryEvent.PROGRAMME_ACTION_DONE, target=action.programme, data={"action": action.pk})
    return action


def _transition(actor: Actor, programme: HomelessnessProgramme, action: str) -> HomelessnessProgramme:
    programme = HomelessnessProgramme.objects.select_for_update().select_related("ops").get(pk=programme.pk)
    workflows.PROGRAMME.apply(programme, action, actor=actor)
    return programme


@transaction.atomic
def programme_submit(*, actor: Actor, programme: HomelessnessProgramme) -> HomelessnessProgramme:
    require(actor, "delivery.work_on_programme", programme)
    if not programme.person_agreed:
        raise ValidationError(_("Program sporządza się wspólnie z osobą – zaznacz, że został z nią uzgodniony."))
    if not programme.goals.exists() or not programme.actions.exists():
        raise ValidationError(_("Dodaj co najmniej jeden cel i jedno działanie."))
    programme = _transition(actor, programme, "submit")
    programme.save(update_fields=["status", "updated_at"])
    event(actor=actor, verb=DeliveryEvent.PROGRAMME_SUBMITTED, target=programme)
    return programme


@transaction.atomic
def programme_approve(
    *, actor: Actor, programme: HomelessnessProgramme, on: date | None = None, approve: bool = True
) -> HomelessnessProgramme:
    """Approval by the head of the OPS (art. 49) – or return to the social worker for changes."""
    require(actor, "delivery.approve_programme", programme)
    programme = _transition(actor, programme, "approve" if approve else "return")
    if approve:
        programme.approved_by = person_of(actor)
        programme.approved_on = on or _today()
    programme.save(update_fields=["status", "approved_by", "approved_on", "updated_at"])
    event(
        actor=actor,
        verb=DeliveryEvent.PROGRAMME_APPROVED if approve else DeliveryEvent.PROGRAMME_RETURNED,
        target=programme,
    )
    return programme


@transaction.atomic
def programme_review_add(
    *,
    actor: Actor,
    programme: HomelessnessProgramme,
    reviewed_on: date,
    progress: str,
    next_review_on: date | None = None,
) -> ProgrammeReview:
    require(actor, "delivery.work_on_programme", programme)
    if programme.status != ProgrammeStatus.APPROVED:
        raise ValidationError(_("Postępy ocenia się w programie zatwierdzonym i realizowanym."))
    review = ProgrammeReview.objects.create(
        programme=programme,
        reviewed_on=reviewed_on,
        progress=progress,
        next_review_on=next_review_on,
        reviewer=person_of(actor),
    )
    event(actor=actor, verb=DeliveryEvent.PROGRAMME_REVIEWED, target=programme)
    return review


@transaction.atomic
def programme_close(
    *, actor: Actor, programme: HomelessnessProgramme, outcome: str, note: str, on: date | None = None
) -> HomelessnessProgramme:
    require(actor, "delivery.work_on_programme", programme)
    if outcome not in ProgrammeOutcome.values:
        raise ValidationError(_("Wybierz rezultat programu."))
    action = "discontinue" if outcome == ProgrammeOutcome.DISCONTINUED else "complete"
    programme = _transition(actor, programme, action)
    programme.outcome = outcome
    programme.outcome_note = note
    programme.closed_on = on or _today()
    programme.save(update_fields=["status", "outcome", "outcome_note", "closed_on", "updated_at"])
    event(actor=actor, verb=DeliveryEvent.PROGRAMME_CLOSED, target=programme, data={"outcome": outcome})
    return programme
