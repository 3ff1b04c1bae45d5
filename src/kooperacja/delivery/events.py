"""The delivery app's audit verbs (impersonal Polish past tense) and its recorder.

The verb strings are stored in the timeline and queried by tests and reports: they never change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core.events import declare, record

if TYPE_CHECKING:
    from kooperacja.core.actors import Actor
    from kooperacja.core.models import AuditEvent


@declare
class DeliveryEvent(models.TextChoices):
    PERSON_REGISTERED = "delivery.person_registered", _("Zarejestrowano uczestnika")
    PERSON_UPDATED = "delivery.person_updated", _("Zmieniono dane uczestnika")
    PERSON_SHARED = "delivery.person_shared", _("Udostępniono dane uczestnika innej organizacji")
    PERSON_ANONYMISED = "delivery.person_anonymised", _("Zanonimizowano dane uczestnika")
    DUPLICATE_FLAGGED = "delivery.duplicate_flagged", _("Oznaczono możliwy duplikat uczestnika")
    DUPLICATE_DISMISSED = "delivery.duplicate_dismissed", _("Odrzucono podejrzenie duplikatu")
    CONSENT_RECORDED = "delivery.consent_recorded", _("Odebrano zgodę")
    CONSENT_WITHDRAWN = "delivery.consent_withdrawn", _("Wycofano zgodę")
    ENROLLED = "delivery.enrolled", _("Zapisano uczestnika na usługę")
    ADMITTED = "delivery.admitted", _("Przyjęto uczestnika do usługi")
    LEFT = "delivery.left", _("Zakończono udział uczestnika w usłudze")
    ESF_RECORDED = "delivery.esf_recorded", _("Zapisano dane uczestnika EFS+")
    SESSION_CREATED = "delivery.session_created", _("Utworzono zajęcia")
    ATTENDANCE = "delivery.attendance", _("Zapisano obecność")
    REGISTER_BACKFILLED = "delivery.register_backfilled", _("Wpisano listy obecności minionych zajęć")
    MEETING = "delivery.meeting", _("Odnotowano spotkanie z uczestnikiem")
    PROGRAMME_CREATED = "delivery.programme_created", _("Utworzono indywidualny program")
    PROGRAMME_GOAL = "delivery.programme_goal", _("Dodano cel programu")
    PROGRAMME_ACTION = "delivery.programme_action", _("Zaplanowano działanie w programie")
    PROGRAMME_ACTION_DONE = "delivery.programme_action_done", _("Wykonano działanie w programie")
    PROGRAMME_SUBMITTED = "delivery.programme_submitted", _("Przekazano program do zatwierdzenia")
    PROGRAMME_APPROVED = "delivery.programme_approved", _("Zatwierdzono program")
    PROGRAMME_RETURNED = "delivery.programme_returned", _("Zwrócono program do poprawy")
    PROGRAMME_REVIEWED = "delivery.programme_reviewed", _("Dokonano przeglądu programu")
    PROGRAMME_CLOSED = "delivery.programme_closed", _("Zamknięto program")
    FLAT_CREATED = "delivery.flat_created", _("Dodano mieszkanie treningowe lub wspomagane")
    PLACEMENT_STARTED = "delivery.placement_started", _("Zakwaterowano uczestnika")
    PLACEMENT_ENDED = "delivery.placement_ended", _("Zakończono zakwaterowanie")
    INDICATOR_PLANNED = "delivery.indicator_planned", _("Zaplanowano wskaźnik usługi")


def event(*, actor: Actor, verb: DeliveryEvent, target: models.Model, data: dict[str, Any] | None = None) -> AuditEvent:
    """The one recorder of the app: a declared verb, a target and small data."""
    return record(actor=actor, verb=verb, target=target, data=data)
