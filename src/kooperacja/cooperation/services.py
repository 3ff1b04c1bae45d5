"""Every write of the Cooperation Model: permission check, validation, transaction, timeline, side effects."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.accounts import roles
from kooperacja.core.audit import record_event
from kooperacja.organisations.models import Organisation

from . import selectors
from .enums import (
    SHAREABLE_PARTS,
    ActionStatus,
    CaseOutcome,
    CaseStatus,
    MeetingItemKind,
    MeetingStatus,
    ProgrammeStatus,
    ProposalStatus,
    ReferralState,
)
from .models import (
    Action,
    Case,
    CaseNamedMember,
    CasePerson,
    Consent,
    Diagnosis,
    Goal,
    Meeting,
    MeetingItem,
    PlanProposal,
    Programme,
    Referral,
    Review,
    Team,
    TeamMember,
    TeamPerson,
)
from .tasks import notify_referral
from .workflows import REFERRAL_OPEN_STATES, referral_transition


def _require(actor: Any, perm: str, obj: Any = None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


def _active_member(team: Team, organisation: Organisation) -> TeamMember:
    member = team.members.filter(organisation=organisation, left_on__isnull=True).first()
    if member is None:
        raise ValidationError(_("Instytucja nie jest członkiem zespołu."))
    return member


# --- team -------------------------------------------------------------------------------------------------


def team_create(
    *, actor: Any, gmina: Any, lead_organisation: Organisation, name: str, founded_on: date, description: str = ""
) -> Team:
    """The OPS founds the team of its gmina and becomes its first member."""
    if not (roles.is_platform_admin(actor) or lead_organisation.pk in roles.organisation_ids(actor, admin_only=True)):
        raise PermissionDenied
    if not lead_organisation.is_verified:
        raise ValidationError(_("Tylko zweryfikowana instytucja może powołać zespół."))
    with transaction.atomic():
        team = Team(
            gmina=gmina, lead_organisation=lead_organisation, name=name, founded_on=founded_on, description=description
        )
        team.full_clean()
        team.save()
        TeamMember.objects.create(
            team=team,
            organisation=lead_organisation,
            agreement_signed_on=founded_on,
            agreement_scope=_("Instytucja wiodąca zespołu: koordynacja pracy z rodzinami."),
        )
        record_event(actor=actor, verb="cooperation.team_created", target=team)
    return team


def team_member_add(
    *,
    actor: Any,
    team: Team,
    organisation: Organisation,
    level: str,
    agreement_signed_on: date,
    agreement_scope: str,
    agreement_number: str = "",
) -> TeamMember:
    _require(actor, "cooperation.manage_team", team)
    if not organisation.is_verified:
        raise ValidationError(_("Członkiem zespołu może być tylko zweryfikowana instytucja."))
    with transaction.atomic():
        if team.members.filter(organisation=organisation).exists():
            raise ValidationError(_("Ta instytucja już jest członkiem zespołu."))
        member = TeamMember(
            team=team,
            organisation=organisation,
            level=level,
            agreement_signed_on=agreement_signed_on,
            agreement_scope=agreement_scope,
            agreement_number=agreement_number,
        )
        member.full_clean()
        member.save()
        record_event(actor=actor, verb="cooperation.member_joined", target=team, data={"organisation": organisation.pk})
    return member


def team_person_add(*, actor: Any, team: Team, member: TeamMember, user: Any, function: str) -> TeamPerson:
    _require(actor, "cooperation.manage_team", team)
    if member.team_id != team.pk:
        raise ValidationError(_("Instytucja nie należy do tego zespołu."))
    if member.organisation_id not in roles.organisation_ids(user):
        raise ValidationError(_("Osoba nie pracuje w tej instytucji."))
    with transaction.atomic():
        person, _created = TeamPerson.objects.get_or_create(
            team=team, user=user, function=function, defaults={"member": member}
        )
        record_event(
            actor=actor, verb="cooperation.person_added", target=team, data={"user": user.pk, "function": function}
        )
    return person


def meeting_schedule(*, actor: Any, team: Team, title: str, starts_at: datetime, place: str, agenda: str) -> Meeting:
    _require(actor, "cooperation.manage_team", team)
    with transaction.atomic():
        meeting = Meeting.objects.create(team=team, title=title, starts_at=starts_at, place=place, agenda=agenda)
        record_event(actor=actor, verb="cooperation.meeting_scheduled", target=meeting)
    return meeting


def meeting_record_minutes(*, actor: Any, meeting: Meeting, minutes: str, attendees: list[TeamMember]) -> Meeting:
    _require(actor, "cooperation.manage_team", meeting.team)
    if not minutes.strip():
        raise ValidationError(_("Protokół nie może być pusty."))
    if any(m.team_id != meeting.team_id for m in attendees):
        raise ValidationError(_("Obecność można zaznaczyć tylko instytucjom zespołu."))
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        locked.minutes = minutes
        locked.status = MeetingStatus.HELD
        locked.minutes_by = actor
        locked.save()
        locked.attendees.set(attendees)
        record_event(
            actor=actor, verb="cooperation.minutes_recorded", target=locked, data={"attendees": len(attendees)}
        )
    return locked


def meeting_item_add(
    *, actor: Any, meeting: Meeting, kind: str, text: str, owner: TeamMember | None = None, deadline: date | None = None
) -> MeetingItem:
    _require(actor, "cooperation.manage_team", meeting.team)
    if kind == MeetingItemKind.TASK and (owner is None or deadline is None):
        raise ValidationError(_("Zadanie musi mieć instytucję odpowiedzialną i termin."))
    if owner is not None and owner.team_id != meeting.team_id:
        raise ValidationError(_("Odpowiedzialna może być tylko instytucja zespołu."))
    with transaction.atomic():
        item = MeetingItem.objects.create(meeting=meeting, kind=kind, text=text, owner=owner, deadline=deadline)
        record_event(actor=actor, verb=f"cooperation.{kind}_added", target=meeting, data={"item": item.pk})
    return item


def task_complete(*, actor: Any, item: MeetingItem, follow_up: str, done_on: date | None = None) -> MeetingItem:
    team = item.meeting.team
    owner_org = item.owner.organisation_id if item.owner else None
    if not (actor.has_perm("cooperation.manage_team", team) or owner_org in roles.organisation_ids(actor)):
        raise PermissionDenied
    with transaction.atomic():
        locked = MeetingItem.objects.select_for_update().get(pk=item.pk)
        if locked.kind != MeetingItemKind.TASK or locked.done_on is not None:
            raise ValidationError(_("To zadanie jest już wykonane."))
        locked.done_on = done_on or timezone.localdate()
        locked.follow_up = follow_up
        locked.save()
        record_event(actor=actor, verb="cooperation.task_done", target=locked.meeting, data={"item": locked.pk})
    return locked


# --- cases ------------------------------------------------------------------------------------------------


def _next_number(team: Team, year: int) -> str:
    prefix = f"PZK/{team.gmina.code}/{year}/"
    count = Case.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{count + 1:03d}"


def case_open(
    *,
    actor: Any,
    team: Team,
    owner: Organisation,
    kind: str,
    title: str,
    gmina: Any,
    opened_on: date | None = None,
    case_worker: Any = None,
    is_domestic_violence: bool = False,
) -> Case:
    _require(actor, "cooperation.open_case")
    if owner.pk not in selectors._staff_orgs(actor):
        raise PermissionDenied
    _active_member(team, owner)
    case_worker = case_worker or actor
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
        )
        case.full_clean()
        case.save()
        for person in {actor, case_worker}:
            CaseNamedMember.objects.create(case=case, user=person, added_by=actor)
        record_event(actor=actor, verb="cooperation.case_opened", target=case, data={"nk": is_domestic_violence})
    return case


def case_name_member(*, actor: Any, case: Case, user: Any) -> CaseNamedMember:
    """Name a person on the case (for a Niebieska Karta case: the only way anyone sees it)."""
    _require(actor, "cooperation.manage_case", case)
    team_orgs = set(case.team.members.filter(left_on__isnull=True).values_list("organisation_id", flat=True))
    if not roles.organisation_ids(user, verified_only=True) & team_orgs:
        raise ValidationError(_("Wskazać można tylko osobę z instytucji członkowskiej zespołu."))
    with transaction.atomic():
        named, _created = CaseNamedMember.objects.get_or_create(case=case, user=user, defaults={"added_by": actor})
        record_event(actor=actor, verb="cooperation.member_named", target=case, data={"user": user.pk})
    return named


def case_person_add(
    *, actor: Any, case: Case, data: dict[str, Any], relation: str, is_main: bool = False
) -> CasePerson:
    """Add a person to the case through the personal record of delivery (`delivery.services.person_register` for
    the case owner): a PESEL the owner already serves reuses that record when the name matches (otherwise a
    validation error); a PESEL held only by other organisations is neither linked nor revealed - the owner gets its
    own record and the other records' controllers see a suspected duplicate (docs/delivery.md)."""
    from kooperacja.delivery.services import person_register

    _require(actor, "cooperation.manage_case", case)
    with transaction.atomic():
        person = person_register(actor=actor, organisation=case.owner, data=data)
        if CasePerson.objects.filter(case=case, person=person).exists():
            raise ValidationError(_("Ta osoba już jest w sprawie."))
        link = CasePerson.objects.create(case=case, person=person, relation=relation, is_main=is_main)
        record_event(actor=actor, verb="cooperation.person_added", target=case, data={"person": person.code})
    return link


def diagnosis_save(*, actor: Any, case: Case, data: dict[str, Any]) -> Diagnosis:
    _require(actor, "cooperation.manage_case", case)
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
        diagnosis.recorded_by = actor
        diagnosis.full_clean()
        diagnosis.save()
        record_event(actor=actor, verb="cooperation.diagnosis_saved", target=case, data={"reasons": diagnosis.reasons})
    return diagnosis


def programme_save(*, actor: Any, case: Case, starts_on: date, ends_on: date) -> Programme:
    _require(actor, "cooperation.manage_case", case)
    if ends_on < starts_on:
        raise ValidationError(_("Koniec programu nie może być przed jego początkiem."))
    with transaction.atomic():
        programme = Programme.objects.select_for_update().filter(case=case).first() or Programme(case=case)
        if programme.status == ProgrammeStatus.CLOSED:
            raise ValidationError(_("Program jest zakończony."))
        programme.starts_on, programme.ends_on = starts_on, ends_on
        programme.save()
        record_event(actor=actor, verb="cooperation.programme_saved", target=case)
    return programme


def _open_programme(case: Case) -> Programme:
    programme = Programme.objects.filter(case=case).first()
    if programme is None:
        raise ValidationError(_("Najpierw zapisz ramy programu (IPW)."))
    if programme.status == ProgrammeStatus.CLOSED:
        raise ValidationError(_("Program jest zakończony."))
    return programme


def goal_add(*, actor: Any, case: Case, text: str) -> Goal:
    _require(actor, "cooperation.manage_case", case)
    programme = _open_programme(case)
    with transaction.atomic():
        goal = Goal.objects.create(programme=programme, text=text, order=programme.goals.count() + 1)
        record_event(actor=actor, verb="cooperation.goal_added", target=case, data={"goal": goal.pk})
    return goal


def action_add(
    *,
    actor: Any,
    case: Case,
    title: str,
    responsible: Organisation,
    starts_on: date,
    ends_on: date,
    goal: Goal | None = None,
    beneficiary: CasePerson | None = None,
    service: Any = None,
    own_offer: str = "",
    category: str = "",
    priority: int = 2,
) -> Action:
    """Add an action to the IPW: it is an item of the basket (a catalogue service or the member's own offer)."""
    _require(actor, "cooperation.manage_case", case)
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
        record_event(actor=actor, verb="cooperation.action_added", target=case, data={"action": action.pk})
    return action


def action_set_service(*, actor: Any, action: Action, service: Any) -> Action:
    case = action.programme.case
    _require(actor, "cooperation.manage_case", case)
    with transaction.atomic():
        locked = Action.objects.select_for_update().get(pk=action.pk)
        locked.service = service
        locked.category = locked.category or service.category
        locked.save(update_fields=["service", "category", "updated_at"])
        record_event(
            actor=actor,
            verb="cooperation.basket_service_set",
            target=case,
            data={"action": locked.pk, "service": service.pk},
        )
    return locked


def programme_agree(*, actor: Any, case: Case, agreed_on: date, agreement_note: str) -> Programme:
    """The family agrees the IPW: the case moves to delivering the programme."""
    _require(actor, "cooperation.manage_case", case)
    with transaction.atomic():
        locked_case = Case.objects.select_for_update().get(pk=case.pk)
        programme = Programme.objects.select_for_update().filter(case=case).first()
        if programme is None or programme.status != ProgrammeStatus.DRAFT:
            raise ValidationError(_("Uzgodnić można tylko projekt programu."))
        if not Diagnosis.objects.filter(case=case).exists():
            raise ValidationError(_("Program wymaga diagnozy."))
        if not programme.goals.exists() or not programme.actions.exists():
            raise ValidationError(_("Program musi mieć co najmniej jeden cel i jedno działanie."))
        programme.status = ProgrammeStatus.AGREED
        programme.agreed_on = agreed_on
        programme.agreement_note = agreement_note
        programme.save()
        locked_case.status = CaseStatus.PROGRAMME
        locked_case.save(update_fields=["status", "updated_at"])
        record_event(actor=actor, verb="cooperation.programme_agreed", target=case)
    return programme


def review_add(*, actor: Any, case: Case, reviewed_on: date, notes: str) -> Review:
    _require(actor, "cooperation.manage_case", case)
    programme = _open_programme(case)
    if programme.status != ProgrammeStatus.AGREED:
        raise ValidationError(_("Przegląd dotyczy uzgodnionego programu."))
    with transaction.atomic():
        review = Review.objects.create(programme=programme, reviewed_on=reviewed_on, notes=notes, reviewed_by=actor)
        record_event(actor=actor, verb="cooperation.programme_reviewed", target=case)
    return review


def case_close(*, actor: Any, case: Case, summary: str, outcome: str, closed_on: date | None = None) -> Case:
    """Close the case and its IPW with a written summary; the loop of every referral must be closed first."""
    _require(actor, "cooperation.manage_case", case)
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
        programme.status = ProgrammeStatus.CLOSED
        programme.agreed_on = programme.agreed_on or closed_on
        programme.summary = summary
        programme.outcome = outcome
        programme.full_clean()
        programme.save()
        locked.status = CaseStatus.CLOSED
        locked.closed_on = closed_on
        locked.save(update_fields=["status", "closed_on", "updated_at"])
        record_event(actor=actor, verb="cooperation.case_closed", target=locked, data={"outcome": outcome})
    return locked


# --- consents ---------------------------------------------------------------------------------------------


def consent_record(
    *,
    actor: Any,
    case: Case,
    organisation: Organisation,
    parts: list[str],
    purpose: str,
    given_by: str,
    given_on: date,
    valid_until: date,
) -> Consent:
    _require(actor, "cooperation.manage_case", case)
    if organisation.pk == case.owner_id:
        raise ValidationError(_("Instytucja prowadząca nie potrzebuje zgody."))
    _active_member(case.team, organisation)
    if not parts or any(p not in SHAREABLE_PARTS for p in parts):
        raise ValidationError(_("Wybierz części sprawy, które można udostępnić."))
    with transaction.atomic():
        consent = Consent(
            case=case,
            organisation=organisation,
            parts=sorted(set(parts)),
            purpose=purpose,
            given_by=given_by,
            given_on=given_on,
            valid_until=valid_until,
            recorded_by=actor,
        )
        consent.full_clean()
        consent.save()
        record_event(
            actor=actor,
            verb="cooperation.consent_recorded",
            target=case,
            data={"consent": consent.pk, "parts": consent.parts},
        )
    return consent


def consent_withdraw(*, actor: Any, consent: Consent, note: str = "") -> Consent:
    """Withdrawal stops sharing at once: access is computed from consents on every request."""
    if not selectors.is_case_owner(actor, consent.case):
        raise PermissionDenied
    with transaction.atomic():
        locked = Consent.objects.select_for_update().get(pk=consent.pk)
        if locked.withdrawn_at is not None:
            raise ValidationError(_("Zgoda została już wycofana."))
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_by = actor
        locked.withdrawal_note = note
        locked.save()
        record_event(actor=actor, verb="cooperation.consent_withdrawn", target=locked.case, data={"consent": locked.pk})
    return locked


# --- referrals --------------------------------------------------------------------------------------------


def referral_send(
    *,
    actor: Any,
    case: Case,
    to_organisation: Organisation,
    request: str,
    due_on: date,
    action: Action | None = None,
    shared_parts: list[str] | None = None,
) -> Referral:
    _require(actor, "cooperation.manage_case", case)
    if to_organisation.pk == case.owner_id:
        raise ValidationError(_("Skierowanie wysyła się do innej instytucji zespołu."))
    _active_member(case.team, to_organisation)
    if due_on < timezone.localdate():
        raise ValidationError(_("Termin nie może być w przeszłości."))
    if action is not None and action.programme.case_id != case.pk:
        raise ValidationError(_("Działanie nie należy do tej sprawy."))
    shared = sorted(set(shared_parts or []))
    if shared:
        allowed: set[str] = set()
        for consent in selectors.active_consents().filter(case=case, organisation=to_organisation):
            allowed |= set(consent.parts)
        missing = set(shared) - allowed
        if missing:
            raise ValidationError(
                _("Brak aktywnej zgody rodziny na udostępnienie tej instytucji: %(parts)s.")
                % {"parts": ", ".join(sorted(missing))}
            )
    with transaction.atomic():
        referral = Referral(
            case=case,
            action=action,
            from_organisation_id=case.owner_id,
            to_organisation=to_organisation,
            sent_by=actor,
            request=request,
            shared_parts=shared,
            due_on=due_on,
            sent_at=timezone.now(),
        )
        referral.full_clean()
        referral.save()
        record_event(actor=actor, verb="cooperation.referral_sent", target=referral)
        record_event(actor=actor, verb="cooperation.referral_sent", target=case, data={"referral": referral.pk})
        transaction.on_commit(lambda: notify_referral.enqueue(referral.pk, "sent"))
    return referral


_ACTION_STATUS: dict[str, str] = {
    ReferralState.IN_PROGRESS: ActionStatus.IN_PROGRESS,
    ReferralState.COMPLETED: ActionStatus.DONE,
    ReferralState.NOT_COMPLETED: ActionStatus.NOT_DONE,
}


def referral_move(*, actor: Any, referral: Referral, transition: str, text: str = "") -> Referral:
    """One step of the closed loop, performed by the receiving institution through the workflow table."""
    _require(actor, "cooperation.handle_referral", referral)
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        step = referral_transition(locked.state, transition)
        if step.needs_reason and not text.strip():
            raise ValidationError(_("Podaj powód lub opisz rezultat."))
        now = timezone.now()
        locked.state = step.target
        locked.handled_by = actor
        if step.target in (ReferralState.ACCEPTED, ReferralState.DECLINED):
            locked.decided_at = now
        if step.target == ReferralState.DECLINED:
            locked.decline_reason = text
        if step.target == ReferralState.IN_PROGRESS:
            locked.started_at = now
        if step.target in (ReferralState.COMPLETED, ReferralState.NOT_COMPLETED):
            locked.finished_at = now
            locked.outcome = text
        locked.full_clean()
        locked.save()
        if locked.action_id and step.target in _ACTION_STATUS:
            Action.objects.filter(pk=locked.action_id).update(status=_ACTION_STATUS[step.target], updated_at=now)
        record_event(actor=actor, verb=f"cooperation.referral_{transition}", target=locked, data={"text": text[:200]})
        transaction.on_commit(lambda: notify_referral.enqueue(locked.pk, transition))
    return locked


# --- basket planner ---------------------------------------------------------------------------------------


def plan_propose(*, actor: Any, team: Team, max_distance_km: int = 40) -> PlanProposal:
    """Run the planner over the open basket items of the team's cases; store the proposal, change nothing else."""
    from .basket import build_planner_instance
    from .planner import solve

    _require(actor, "cooperation.run_planner", team)
    instance, needs, services = build_planner_instance(team=team, max_distance_km=max_distance_km)
    plan = solve(instance)
    assignments = [
        {"action": needs[i].pk, "service": services[j].pk, "distance_km": round(float(d), 1)}
        for i, j, d in plan.assignments
    ]
    stats = {
        "needs": len(needs),
        "services": len(services),
        "met": plan.met,
        "weight_met": plan.weight_met,
        "weight_total": plan.weight_total,
        "seconds": round(plan.seconds, 3),
        "status": plan.status,
    }
    with transaction.atomic():
        proposal = PlanProposal.objects.create(
            team=team, created_by=actor, max_distance_km=max_distance_km, assignments=assignments, stats=stats
        )
        record_event(actor=actor, verb="cooperation.plan_proposed", target=proposal, data=stats)
    return proposal


def plan_decide(*, actor: Any, proposal: PlanProposal, accept: bool) -> PlanProposal:
    """A person accepts (the basket items get their services) or rejects the proposal."""
    from kooperacja.catalog.models import Service

    _require(actor, "cooperation.run_planner", proposal.team)
    with transaction.atomic():
        locked = PlanProposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.status != ProposalStatus.PROPOSED:
            raise ValidationError(_("O tej propozycji już zdecydowano."))
        applied = 0
        if accept:
            # Re-check at acceptance: a basket item may have got a service meanwhile, places may have gone.
            wanted: dict[int, int] = {}
            for row in locked.assignments:
                wanted[row["service"]] = wanted.get(row["service"], 0) + 1
            services = {s.pk: s for s in Service.objects.select_for_update().filter(pk__in=wanted)}
            used: dict[int, int] = {}
            for row in locked.assignments:
                service = services.get(row["service"])
                action = (
                    Action.objects.select_for_update()
                    .filter(pk=row["action"], service__isnull=True, programme__case__team=locked.team)
                    .exclude(programme__case__status=CaseStatus.CLOSED)
                    .select_related("programme__case")
                    .first()
                )
                if (
                    service is None
                    or action is None
                    or not actor.has_perm("cooperation.manage_case", action.programme.case)
                ):
                    continue
                free = service.free_places
                if free is not None and used.get(service.pk, 0) >= free:
                    continue
                used[service.pk] = used.get(service.pk, 0) + 1
                action.service = service
                action.save(update_fields=["service", "updated_at"])
                applied += 1
        locked.status = ProposalStatus.ACCEPTED if accept else ProposalStatus.REJECTED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.stats = {**locked.stats, "applied": applied}
        locked.save()
        record_event(
            actor=actor,
            verb="cooperation.plan_" + ("accepted" if accept else "rejected"),
            target=locked,
            data={"applied": applied},
        )
    return locked
