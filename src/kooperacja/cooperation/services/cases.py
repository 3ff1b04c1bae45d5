"""Cases: opening, naming, persons, diagnosis, the programme (IPW) with its basket, agreement, review, closing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.accounts import roles
from kooperacja.core.actors import Actor, is_system, require
from kooperacja.organisations.models import Organisation

from ..enums import (
    CaseOutcome,
    CaseStatus,
    ProgrammeStatus,
)
from ..events import CooperationEvent as E
from ..events import event
from ..models import (
    Action,
    Case,
    CaseNamedMember,
    CasePerson,
    Diagnosis,
    Goal,
    Programme,
    Review,
    Team,
)
from ..policies import staff_orgs_of
from ..workflows import CASE_WF, PROGRAMME_WF, REFERRAL_OPEN_STATES

if TYPE_CHECKING:
    from kooperacja.accounts.models import User
    from kooperacja.catalog.models import Service
    from kooperacja.core.models import Territory


from ._common import _active_member, _person

# --- cases ------------------------------------------------------------------------------------------------


def _next_number(team: Team, year: int) -> str:
    prefix = f"PZK/{team.gmina.code}/{year}/"
    count = Case.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{count + 1:03d}"


def case_open(
    *,
    actor: Actor,
    team: Team,
    owner: Organisation,
    kind: str,
    title: str,
    gmina: Territory,
    opened_on: date | None = None,
    case_worker: User | None = None,
    is_domestic_violence: bool = False,
    locality: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
) -> Case:
    require(actor, "cooperation.open_case")
    if team.is_powiat:
        raise ValidationError(_("Sprawy prowadzi zespół gminny; zespół powiatowy przyjmuje skierowania."))
    if not is_system(actor) and owner.pk not in staff_orgs_of(actor):
        raise PermissionDenied
    _active_member(team, owner)
    case_worker = case_worker or _person(actor)
    if case_worker is None:
        raise ValidationError(_("Wskaż pracownika prowadzącego sprawę."))
    if owner.pk not in roles.organisation_ids(case_worker):
        raise ValidationError(_("Pracownik prowadzący musi pracować w instytucji prowadzącej."))
    opened_on = opened_on or timezone.localdate()
    with transaction.atomic():
        Team.objects.select_for_update().get(pk=team.pk)  # serialise numbering within the team
        case = Case(
            team=team,
            number=_next_number(team, opened_on.year),
            kind=kind,
            title=title,
            gmina=gmina,
            owner=owner,
            case_worker=case_worker,
            is_domestic_violence=is_domestic_violence,
            opened_on=opened_on,
            locality=locality,
            latitude=latitude,
            longitude=longitude,
        )
        case.full_clean()
        case.save()
        for person in {_person(actor), case_worker} - {None}:
            CaseNamedMember.objects.create(case=case, user=person, added_by=_person(actor))
        event(actor=actor, verb=E.CASE_OPENED, target=case, nk=is_domestic_violence)
    return case


def case_set_place(
    *, actor: Actor, case: Case, locality: str, latitude: Decimal | None, longitude: Decimal | None
) -> Case:
    """Where the family lives, for the planner's distances: the locality and approximate coordinates (or none)."""
    require(actor, "cooperation.manage_case", case)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        locked.locality, locked.latitude, locked.longitude = locality, latitude, longitude
        locked.full_clean()
        locked.save(update_fields=["locality", "latitude", "longitude", "updated_at"])
        event(actor=actor, verb=E.CASE_PLACE_SET, target=locked, has_coordinates=latitude is not None)
    return locked


def case_name_member(*, actor: Actor, case: Case, user: User) -> CaseNamedMember:
    """Name a person on the case (for a Niebieska Karta case: the only way anyone sees it)."""
    require(actor, "cooperation.manage_case", case)
    team_orgs = set(case.team.members.filter(left_on__isnull=True).values_list("organisation_id", flat=True))
    if not roles.organisation_ids(user, verified_only=True) & team_orgs:
        raise ValidationError(_("Wskazać można tylko osobę z instytucji członkowskiej zespołu."))
    with transaction.atomic():
        named, _created = CaseNamedMember.objects.get_or_create(
            case=case, user=user, defaults={"added_by": _person(actor)}
        )
        event(actor=actor, verb=E.MEMBER_NAMED, target=case, user=user.pk)
    return named


def case_person_add(
    *,
    actor: Actor,
    case: Case,
    data: dict[str, Any],
    relation: str,
    is_main: bool = False,
    same_name_confirmed: bool = False,
) -> CasePerson:
    """Add a person to the case through the personal record of delivery (`delivery.services.person_register` for
    the case owner): a PESEL the owner already serves reuses that record when the name matches (otherwise a
    validation error); a PESEL held only by other organisations is neither linked nor revealed - the owner gets its
    own record and the other records' controllers see a suspected duplicate (docs/delivery.md)."""
    from kooperacja.delivery.services import person_register

    require(actor, "cooperation.manage_case", case)
    first, last = str(data.get("first_name", "")).strip(), str(data.get("last_name", "")).strip()
    if (
        not data.get("pesel")
        and not same_name_confirmed
        and CasePerson.objects.filter(
            case=case, person__first_name__iexact=first, person__last_name__iexact=last
        ).exists()
    ):
        raise ValidationError(
            {
                "same_name_confirmed": _(
                    "W sprawie jest już osoba o imieniu i nazwisku %(n)s. Jeśli to inna osoba, zaznacz to pole "
                    "albo wpisz PESEL."
                )
                % {"n": f"{first} {last}"}
            }
        )
    with transaction.atomic():
        person = person_register(actor=actor, organisation=case.owner, data=data)
        if CasePerson.objects.filter(case=case, person=person).exists():
            raise ValidationError(_("Ta osoba już jest w sprawie."))
        link = CasePerson.objects.create(case=case, person=person, relation=relation, is_main=is_main)
        event(actor=actor, verb=E.PERSON_ADDED, target=case, person=person.code)
    return link


def diagnosis_save(*, actor: Actor, case: Case, data: dict[str, Any]) -> Diagnosis:
    require(actor, "cooperation.manage_case", case)
    fields = (
        "workshop_on",
        "reasons",
        "needs",
        "causes",
        "strengths_weaknesses",
        "resources_deficits",
        "expectations_needs",
    )
    with transaction.atomic():
        diagnosis = Diagnosis.objects.select_for_update().filter(case=case).first() or Diagnosis(case=case)
        for name in fields:
            if name in data:
                setattr(diagnosis, name, data[name])
        diagnosis.recorded_by = _person(actor)
        diagnosis.full_clean()
        diagnosis.save()
        event(actor=actor, verb=E.DIAGNOSIS_SAVED, target=case, reasons=diagnosis.reasons)
    return diagnosis


def programme_save(*, actor: Actor, case: Case, starts_on: date, ends_on: date) -> Programme:
    require(actor, "cooperation.manage_case", case)
    if ends_on < starts_on:
        raise ValidationError(_("Koniec programu nie może być przed jego początkiem."))
    with transaction.atomic():
        programme = Programme.objects.select_for_update().filter(case=case).first() or Programme(case=case)
        if programme.status == ProgrammeStatus.CLOSED:
            raise ValidationError(_("Program jest zakończony."))
        programme.starts_on, programme.ends_on = starts_on, ends_on
        programme.save()
        event(actor=actor, verb=E.PROGRAMME_SAVED, target=case)
    return programme


def _open_programme(case: Case) -> Programme:
    programme = Programme.objects.filter(case=case).first()
    if programme is None:
        raise ValidationError(_("Najpierw zapisz ramy programu (IPW)."))
    if programme.status == ProgrammeStatus.CLOSED:
        raise ValidationError(_("Program jest zakończony."))
    return programme


def goal_add(*, actor: Actor, case: Case, text: str) -> Goal:
    require(actor, "cooperation.manage_case", case)
    programme = _open_programme(case)
    with transaction.atomic():
        goal = Goal.objects.create(programme=programme, text=text, order=programme.goals.count() + 1)
        event(actor=actor, verb=E.GOAL_ADDED, target=case, goal=goal.pk)
    return goal


def action_add(
    *,
    actor: Actor,
    case: Case,
    title: str,
    responsible: Organisation,
    starts_on: date,
    ends_on: date,
    goal: Goal | None = None,
    beneficiary: CasePerson | None = None,
    service: Service | None = None,
    own_offer: str = "",
    category: str = "",
    priority: int = 2,
) -> Action:
    """Add an action to the IPW: it is an item of the basket (a catalogue service or the member's own offer)."""
    require(actor, "cooperation.manage_case", case)
    programme = _open_programme(case)
    _active_member(case.team, responsible)
    if goal is not None and goal.programme_id != programme.pk:
        raise ValidationError(_("Cel nie należy do tego programu."))
    if beneficiary is not None and beneficiary.case_id != case.pk:
        raise ValidationError(_("Osoba nie należy do tej sprawy."))
    if service is not None:
        from kooperacja.catalog.selectors import services_visible_to

        if not services_visible_to(actor).filter(pk=service.pk, status="active").exists():
            raise ValidationError(_("Usługa nie jest dostępna w katalogu."))
        category = category or service.category
    with transaction.atomic():
        action = Action(
            programme=programme,
            goal=goal,
            beneficiary=beneficiary,
            title=title,
            responsible=responsible,
            starts_on=starts_on,
            ends_on=ends_on,
            service=service,
            own_offer=own_offer,
            category=category,
            priority=priority,
        )
        action.full_clean()
        action.save()
        event(actor=actor, verb=E.ACTION_ADDED, target=case, action=action.pk)
    return action


def action_set_service(*, actor: Actor, action: Action, service: Service) -> Action:
    case = action.programme.case
    require(actor, "cooperation.manage_case", case)
    with transaction.atomic():
        locked = Action.objects.select_for_update().get(pk=action.pk)
        locked.service = service
        locked.category = locked.category or service.category
        locked.save(update_fields=["service", "category", "updated_at"])
        event(actor=actor, verb=E.BASKET_SERVICE_SET, target=case, action=locked.pk, service=service.pk)
    return locked


def programme_agree(*, actor: Actor, case: Case, agreed_on: date, agreement_note: str) -> Programme:
    """The family agrees the IPW: the case moves to delivering the programme."""
    require(actor, "cooperation.manage_case", case)
    with transaction.atomic():
        locked_case = Case.objects.select_for_update().get(pk=case.pk)
        programme = Programme.objects.select_for_update().filter(case=case).first()
        if programme is None or programme.status != ProgrammeStatus.DRAFT:
            raise ValidationError(_("Uzgodnić można tylko projekt programu."))
        if not Diagnosis.objects.filter(case=case).exists():
            raise ValidationError(_("Program wymaga diagnozy."))
        if not programme.goals.exists() or not programme.actions.exists():
            raise ValidationError(_("Program musi mieć co najmniej jeden cel i jedno działanie."))
        PROGRAMME_WF.apply(programme, "agree")
        programme.agreed_on = agreed_on
        programme.agreement_note = agreement_note
        programme.save()
        if CASE_WF.can(locked_case, "start_programme"):
            CASE_WF.apply(locked_case, "start_programme", actor=actor)
            locked_case.save(update_fields=["status", "updated_at"])
        event(actor=actor, verb=E.PROGRAMME_AGREED, target=case)
    return programme


def review_add(*, actor: Actor, case: Case, reviewed_on: date, notes: str) -> Review:
    require(actor, "cooperation.manage_case", case)
    programme = _open_programme(case)
    if programme.status != ProgrammeStatus.AGREED:
        raise ValidationError(_("Przegląd dotyczy uzgodnionego programu."))
    with transaction.atomic():
        review = Review.objects.create(
            programme=programme, reviewed_on=reviewed_on, notes=notes, reviewed_by=_person(actor)
        )
        event(actor=actor, verb=E.PROGRAMME_REVIEWED, target=case)
    return review


def case_close(*, actor: Actor, case: Case, summary: str, outcome: str, closed_on: date | None = None) -> Case:
    """Close the case and its IPW with a written summary; the loop of every referral must be closed first."""
    require(actor, "cooperation.manage_case", case)
    if not summary.strip():
        raise ValidationError(_("Zamknięcie wymaga pisemnego podsumowania."))
    if outcome not in CaseOutcome.values:
        raise ValidationError(_("Wybierz rezultat."))
    closed_on = closed_on or timezone.localdate()
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.status == CaseStatus.CLOSED:
            raise ValidationError(_("Sprawa jest już zamknięta."))
        if locked.referrals.filter(state__in=REFERRAL_OPEN_STATES).exists():
            raise ValidationError(_("Najpierw zamknij otwarte skierowania (przyjęte, odrzucone lub zrealizowane)."))
        programme = Programme.objects.select_for_update().filter(case=locked).first()
        if programme is None:
            programme = Programme(case=locked, starts_on=locked.opened_on, ends_on=closed_on)
        PROGRAMME_WF.apply(programme, "close", reason=summary)
        programme.agreed_on = programme.agreed_on or closed_on
        programme.summary = summary
        programme.outcome = outcome
        programme.full_clean()
        programme.save()
        CASE_WF.apply(locked, "close", actor=actor, reason=summary)
        locked.closed_on = closed_on
        locked.save(update_fields=["status", "closed_on", "updated_at"])
        event(actor=actor, verb=E.CASE_CLOSED, target=locked, outcome=outcome)
    return locked
