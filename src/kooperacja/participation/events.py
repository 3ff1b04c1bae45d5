"""The participation app's audit verbs (impersonal Polish past tense) and their recorders.

No recorder stores a choice of a voter, a PESEL or a code: the vote's event says only that a vote was cast.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core.actors import Actor
from kooperacja.core.events import declare, record


@declare
class ParticipationEvent(models.TextChoices):
    PROCESS_CREATED = "participation.process_created", _("Utworzono proces partycypacyjny")
    PROCESS_PUBLISHED = "participation.process_published", _("Ogłoszono konsultacje")
    PROCESS_CANCELLED = "participation.process_cancelled", _("Odwołano proces")
    REPORT_PUBLISHED = "participation.report_published", _("Opublikowano raport z konsultacji")
    PHASE_ADDED = "participation.phase_added", _("Dodano etap procesu")
    PHASE_CHANGED = "participation.phase_changed", _("Zmieniono etap procesu")
    PHASE_OPENING_NOTIFIED = "participation.phase_notified", _("Powiadomiono obserwujących o otwarciu etapu")
    PROCESS_FOLLOWED = "participation.process_followed", _("Zaczęto obserwować proces")
    PROCESS_UNFOLLOWED = "participation.process_unfollowed", _("Przestano obserwować proces")
    ATTACHMENT_ADDED = "participation.attachment_added", _("Dodano dokument do procesu")
    ATTACHMENT_REMOVED = "participation.attachment_removed", _("Usunięto dokument z procesu")
    CANDIDATE_IMAGE_SET = "participation.candidate_image_set", _("Zmieniono ilustrację propozycji w plebiscycie")
    COMMENT_ADDED = "participation.comment_added", _("Dodano uwagę")
    PAPER_SUBMISSION_ENTERED = "participation.paper_entered", _("Wprowadzono zgłoszenie papierowe")
    COMMENT_REPORTED = "participation.comment_reported", _("Zgłoszono uwagę moderatorowi")
    COMMENT_HIDDEN = "participation.comment_hidden", _("Ukryto uwagę")
    COMMENT_RESTORED = "participation.comment_restored", _("Przywrócono uwagę")
    PROPOSAL_SUBMITTED = "participation.proposal_submitted", _("Złożono propozycję")
    PROPOSAL_SUPPORTED = "participation.proposal_supported", _("Poparto propozycję")
    PROPOSAL_ANSWERED = "participation.proposal_answered", _("Udzielono odpowiedzi na propozycję")
    SURVEY_ANSWERED = "participation.survey_answered", _("Wypełniono ankietę")
    WORKSHOP_REGISTERED = "participation.workshop_registered", _("Zapisano się na spotkanie")
    WORKSHOP_MINUTES = "participation.workshop_minutes", _("Zapisano przebieg spotkania")
    CANDIDATE_ADDED = "participation.candidate_added", _("Zgłoszono propozycję do plebiscytu")
    CANDIDATE_DECIDED = "participation.candidate_decided", _("Rozstrzygnięto ocenę formalną propozycji")
    RULES_CHANGED = "participation.rules_changed", _("Zmieniono zasady głosowania")
    VOTE_CAST = "participation.vote_cast", _("Oddano głos")
    VOTE_REMINDER_OFF = "participation.vote_reminder_off", _("Wyłączono przypomnienie o niedokończonym głosowaniu")
    VOTE_REMINDER_ON = "participation.vote_reminder_on", _("Włączono przypomnienie o niedokończonym głosowaniu")
    VOTE_REMINDERS_SENT = "participation.vote_reminders_sent", _("Wysłano przypomnienia o niedokończonym głosowaniu")
    CODES_ISSUED = "participation.codes_issued", _("Wydano kody do głosowania")
    PAPER_BALLOT_ENTERED = "participation.paper_ballot_entered", _("Wprowadzono kartę papierową")
    PAPER_BALLOT_RESOLVED = "participation.paper_ballot_resolved", _("Rozstrzygnięto kartę papierową")
    RESULTS_PUBLISHED = "participation.results_published", _("Opublikowano wyniki plebiscytu")
    RESULTS_FINAL = "participation.results_final", _("Zatwierdzono wyniki jako ostateczne")
    TIE_DRAWN = "participation.tie_drawn", _("Rozstrzygnięto remis losowaniem")
    VERIFICATION_PURGED = "participation.verification_purged", _("Usunięto dane weryfikacyjne głosujących")


def event(*, actor: Actor | None, verb: ParticipationEvent, target: models.Model, **data: Any) -> Any:
    """The one recorder of the app: a declared verb, a target and small, non-personal data.

    `actor` is None only for a vote cast with a one-time code by a resident without an account."""
    return record(actor=actor, verb=verb, target=target, data=data or None)
