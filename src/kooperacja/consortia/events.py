"""The consortium app's audit verbs (impersonal Polish past tense) and its recorder.

The verb strings predate this module and are kept as they are (stored events and tests query them), so their
prefixes name the part of the app (`consortium.`, `resolution.`, `split.`, `support.`, `incubation.`).
The resolution's vote event records which member voted and how: a consortium's vote is an open, recorded vote of
member organisations (the register of votes is part of the resolution), not a secret ballot of persons.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core.actors import Actor
from kooperacja.core.events import declare, record

if TYPE_CHECKING:
    from kooperacja.core.models import AuditEvent


@declare
class ConsortiumEvent(models.TextChoices):
    FOUNDED = "consortium.founded", _("Założono konsorcjum")
    REPRESENTATIVES_SET = "consortium.representatives_set", _("Wskazano przedstawicieli członka")
    SEAT_ADDED = "consortium.seat_added", _("Powołano osobę do organu")
    SEAT_ENDED = "consortium.seat_ended", _("Zakończono pełnienie funkcji w organie")
    MEETING_SCHEDULED = "consortium.meeting_scheduled", _("Zaplanowano posiedzenie")
    MINUTES_RECORDED = "consortium.minutes_recorded", _("Zapisano protokół posiedzenia")
    DOCUMENT_UPLOADED = "consortium.document_uploaded", _("Dodano dokument konsorcjum")
    AGREEMENT_AMENDED = "consortium.agreement_amended", _("Zmieniono umowę konsorcjum (nowa wersja)")
    CAPACITY_SAVED = "consortium.capacity_saved", _("Zapisano potencjał członka w rejestrze")
    CAPACITY_REMOVED = "consortium.capacity_removed", _("Usunięto wpis z rejestru potencjału członków")
    JOINT_OFFER_BUILT = (
        "consortium.joint_offer_built",
        _("Przygotowano projekt oferty wspólnej z rejestru potencjału członków"),
    )


@declare
class ResolutionEvent(models.TextChoices):
    DRAFTED = "resolution.drafted", _("Przygotowano projekt uchwały")
    VOTE_OPENED = "resolution.vote_opened", _("Otwarto głosowanie nad uchwałą")
    VOTE_CAST = "resolution.vote_cast", _("Oddano głos w imieniu członka")
    ADOPTED = "resolution.adopted", _("Podjęto uchwałę")
    REJECTED = "resolution.rejected", _("Uchwała nie została podjęta")
    WITHDRAWN = "resolution.withdrawn", _("Wycofano projekt uchwały")
    RESULT_NOTIFIED = (
        "resolution.result_notified",
        _("Powiadomiono członków o wyniku głosowania po terminie"),
    )


@declare
class SplitEvent(models.TextChoices):
    VERSION_CREATED = "split.version_created", _("Zapisano wersję podziału zadań i budżetu")
    DELIVERY_REPORTED = "split.delivery_reported", _("Złożono sprawozdanie członka")
    DELIVERY_REVIEWED = "split.delivery_reviewed", _("Rozpatrzono sprawozdanie członka")
    DELIVERY_RESUBMITTED = "split.delivery_resubmitted", _("Ponownie złożono poprawione sprawozdanie")
    CONTRACT_REPORT_FED = "split.contract_report_fed", _("Przeniesiono sprawozdania członków do sprawozdania z umowy")


@declare
class SupportEvent(models.TextChoices):
    FILED = "support.filed", _("Złożono zgłoszenie wsparcia")
    UPDATED = "support.updated", _("Zmieniono zgłoszenie wsparcia")
    COMMENTED = "support.commented", _("Dodano wpis do zgłoszenia")
    INCUBATION_STARTED = "incubation.started", _("Rozpoczęto ścieżkę inkubacji")
    INCUBATION_ITEM = "incubation.item", _("Zmieniono punkt planu inkubacji")
    INCUBATION_STAGE = "incubation.stage", _("Zmieniono etap inkubacji")


ALL_EVENTS: tuple[type[models.TextChoices], ...] = (ConsortiumEvent, ResolutionEvent, SplitEvent, SupportEvent)

Verb = ConsortiumEvent | ResolutionEvent | SplitEvent | SupportEvent


def event(*, actor: Actor, verb: Verb, target: models.Model, data: dict[str, Any] | None = None) -> AuditEvent:
    """The one recorder of the app: a declared verb, the record it concerns and small data (ids, counts)."""
    return record(actor=actor, verb=verb, target=target, data=data)
