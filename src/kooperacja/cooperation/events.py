"""The Cooperation Model's audit verbs (impersonal Polish past tense) and their one recorder.

The verb strings are stored data (timelines, the access review, the reminders): never rename a value. No recorder
stores personal data: people appear by their pseudonymous code or user id, never by name or PESEL.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core.actors import Actor
from kooperacja.core.events import declare, record


@declare
class CooperationEvent(models.TextChoices):
    TEAM_CREATED = "cooperation.team_created", _("Powołano Partnerski Zespół Kooperacji")
    # The powiat level and the planner's distances (issue 17)
    POWIAT_TEAM_CREATED = "cooperation.powiat_team_created", _("Powołano Powiatowy Zespół Kooperacji")
    POWIAT_PLAN_PROPOSED = "cooperation.powiat_plan_proposed", _("Przygotowano powiatową propozycję planera koszyków")
    CASE_PLACE_SET = "cooperation.case_place_set", _("Zapisano miejscowość i współrzędne sprawy")
    MEMBER_JOINED = "cooperation.member_joined", _("Przyjęto instytucję do zespołu")
    PERSON_ADDED = "cooperation.person_added", _("Dodano osobę")
    MEETING_SCHEDULED = "cooperation.meeting_scheduled", _("Zaplanowano spotkanie zespołu")
    MINUTES_RECORDED = "cooperation.minutes_recorded", _("Zapisano protokół spotkania")
    DECISION_ADDED = "cooperation.decision_added", _("Zapisano ustalenie spotkania")
    TASK_ADDED = "cooperation.task_added", _("Zlecono zadanie instytucji")
    TASK_DONE = "cooperation.task_done", _("Wykonano zadanie")
    CASE_OPENED = "cooperation.case_opened", _("Otwarto sprawę")
    MEMBER_NAMED = "cooperation.member_named", _("Wskazano osobę do sprawy")
    DIAGNOSIS_SAVED = "cooperation.diagnosis_saved", _("Zapisano diagnozę")
    PROGRAMME_SAVED = "cooperation.programme_saved", _("Zapisano ramy programu (IPW)")
    GOAL_ADDED = "cooperation.goal_added", _("Dodano cel programu")
    ACTION_ADDED = "cooperation.action_added", _("Dodano działanie do koszyka usług")
    BASKET_SERVICE_SET = "cooperation.basket_service_set", _("Przypisano usługę do działania")
    PROGRAMME_AGREED = "cooperation.programme_agreed", _("Uzgodniono program z rodziną")
    PROGRAMME_REVIEWED = "cooperation.programme_reviewed", _("Przeprowadzono przegląd programu")
    CASE_CLOSED = "cooperation.case_closed", _("Zamknięto sprawę")
    CONSENT_RECORDED = "cooperation.consent_recorded", _("Odebrano zgodę na udostępnienie")
    CONSENT_WITHDRAWN = "cooperation.consent_withdrawn", _("Wycofano zgodę na udostępnienie")
    REFERRAL_SENT = "cooperation.referral_sent", _("Wysłano skierowanie")
    REFERRAL_ENTERED = "cooperation.referral_entered", _("Wpisano skierowanie wysłane wcześniej pismem")
    REFERRAL_ACCEPTED = "cooperation.referral_accept", _("Przyjęto skierowanie")
    REFERRAL_DECLINED = "cooperation.referral_decline", _("Odmówiono przyjęcia skierowania")
    REFERRAL_STARTED = "cooperation.referral_start", _("Rozpoczęto realizację skierowania")
    REFERRAL_COMPLETED = "cooperation.referral_complete", _("Zrealizowano skierowanie")
    REFERRAL_NOT_COMPLETED = "cooperation.referral_not_complete", _("Nie zrealizowano skierowania")
    PLAN_PROPOSED = "cooperation.plan_proposed", _("Przygotowano propozycję planera koszyków")
    PLAN_ACCEPTED = "cooperation.plan_accepted", _("Zatwierdzono propozycję planera koszyków")
    PLAN_REJECTED = "cooperation.plan_rejected", _("Odrzucono propozycję planera koszyków")
    # Editing and ending (issue 17)
    MEMBER_UPDATED = "cooperation.member_updated", _("Zmieniono dane członkostwa instytucji")
    AGREEMENT_AMENDED = "cooperation.agreement_amended", _("Zmieniono porozumienie")
    MEMBER_LEFT = "cooperation.member_left", _("Zakończono członkostwo instytucji w zespole")
    CONSENT_AMENDED = "cooperation.consent_amended", _("Zmieniono zakres zgody (nowa wersja)")
    CONSENT_ENDED = "cooperation.consent_ended", _("Zakończono zgodę na udostępnienie")
    # Task teams and supervision (issue 17)
    TASK_TEAM_FORMED = "cooperation.task_team_formed", _("Powołano zespół zadaniowy")
    TASK_TEAM_MEMBER_ADDED = "cooperation.task_team_member_added", _("Dodano instytucję do zespołu zadaniowego")
    TASK_TEAM_MEETING_RECORDED = "cooperation.task_team_meeting_recorded", _("Zapisano spotkanie zespołu zadaniowego")
    TASK_TEAM_CLOSED = "cooperation.task_team_closed", _("Zakończono pracę zespołu zadaniowego")
    SUPERVISION_RECORDED = "cooperation.supervision_recorded", _("Zapisano superwizję")


# The event of each referral transition (the verb is `cooperation.referral_<transition name>`).
REFERRAL_EVENTS: dict[str, CooperationEvent] = {
    "accept": CooperationEvent.REFERRAL_ACCEPTED,
    "decline": CooperationEvent.REFERRAL_DECLINED,
    "start": CooperationEvent.REFERRAL_STARTED,
    "complete": CooperationEvent.REFERRAL_COMPLETED,
    "not_complete": CooperationEvent.REFERRAL_NOT_COMPLETED,
}

# The event of each meeting item kind (`cooperation.<kind>_added`).
ITEM_EVENTS: dict[str, CooperationEvent] = {
    "decision": CooperationEvent.DECISION_ADDED,
    "task": CooperationEvent.TASK_ADDED,
}


def event(*, actor: Actor, verb: CooperationEvent, target: models.Model, **data: Any) -> Any:
    """The one recorder of the app: a declared verb, a target and small, non-personal data."""
    return record(actor=actor, verb=verb, target=target, data=data or None)
