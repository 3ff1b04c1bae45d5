"""The commissioning audit vocabulary (impersonal Polish past tense) and its recorder.

The verb strings are stored data: the timeline, the tests and the reminders' idempotency query them, so they never
change. The timeline shows the labels (`core.events.label_for`), never the codes.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core.actors import Actor
from kooperacja.core.events import declare, record
from kooperacja.core.models import AuditEvent


@declare
class CommissioningEvent(models.TextChoices):
    # packages and lots
    PACKAGE_CREATED = "commissioning.package_created", _("Utworzono pakiet usług")
    LOT_SAVED = "commissioning.lot_saved", _("Zapisano część zamówienia")
    # the needs behind the package (models/needs.py)
    DIAGNOSIS_SAVED = "commissioning.diagnosis_saved", _("Zapisano diagnozę potrzeb")
    DIAGNOSIS_LINKED = "commissioning.diagnosis_linked", _("Wskazano diagnozę potrzeb, z której wynika pakiet")
    NEED_SAVED = "commissioning.need_saved", _("Zapisano potrzebę z diagnozy")
    NEED_REMOVED = "commissioning.need_removed", _("Usunięto potrzebę z diagnozy")
    NEED_LOTS_SET = "commissioning.need_lots_set", _("Wskazano części pakietu odpowiadające na potrzeby")
    # calls
    CALL_CREATED = "commissioning.call_created", _("Utworzono ogłoszenie")
    CALL_UPDATED = "commissioning.call_updated", _("Zmieniono ogłoszenie")
    CALL_CLONED = "commissioning.call_cloned", _("Utworzono ogłoszenie na wzór poprzedniego")
    CALL_PUBLISHED = "commissioning.call_published", _("Opublikowano ogłoszenie")
    CALL_CANCELLED = "commissioning.call_cancelled", _("Unieważniono postępowanie")
    OFFERS_OPENED = "commissioning.offers_opened", _("Otwarto oferty")
    REMINDER_SENT = "commissioning.reminder_sent", _("Wysłano przypomnienie o terminie")
    # offers
    OFFER_CREATED = "commissioning.offer_created", _("Rozpoczęto przygotowanie oferty")
    OFFER_REGISTERED_PAPER = "commissioning.offer_registered_paper", _("Zarejestrowano ofertę złożoną na papierze")
    OFFER_SAVED = "commissioning.offer_saved", _("Zapisano ofertę")
    OFFER_SUBMITTED = "commissioning.offer_submitted", _("Złożono ofertę")
    OFFER_WITHDRAWN = "commissioning.offer_withdrawn", _("Wycofano ofertę")
    OFFER_REOPENED = "commissioning.offer_reopened", _("Przywrócono ofertę do edycji")
    OFFER_ATTACHMENT_ADDED = "commissioning.offer_attachment_added", _("Dodano załącznik do oferty")
    # formal review
    CORRECTION_REQUESTED = "commissioning.correction_requested", _("Wezwano do uzupełnienia oferty")
    CORRECTION_ANSWERED = "commissioning.correction_answered", _("Uzupełniono ofertę")
    OFFER_FORMAL_DECISION = "commissioning.offer_formal_decision", _("Rozstrzygnięto ocenę formalną oferty")
    FORMAL_REVIEW_FINISHED = "commissioning.formal_review_finished", _("Zakończono ocenę formalną")
    # commission
    COMMISSION_APPOINTED = "commissioning.commission_appointed", _("Powołano członka komisji")
    DECLARATION_SIGNED = "commissioning.declaration_signed", _("Podpisano oświadczenie o bezstronności")
    OFFER_SCORED = "commissioning.offer_scored", _("Oceniono ofertę")
    COMMISSION_OPINION = "commissioning.commission_opinion", _("Zapisano opinię komisji")
    # award
    CALL_DECIDED = "commissioning.call_decided", _("Rozstrzygnięto konkurs")
    RESULTS_PUBLISHED = "commissioning.results_published", _("Opublikowano wyniki")
    AWARD_ACCEPTED = "commissioning.award_accepted", _("Przyjęto dotację")
    AWARD_DECLINED = "commissioning.award_declined", _("Odmówiono przyjęcia dotacji")
    REASONS_REQUESTED = "commissioning.reasons_requested", _("Poproszono o uzasadnienie rozstrzygnięcia")
    REASONS_ANSWERED = "commissioning.reasons_answered", _("Udzielono uzasadnienia rozstrzygnięcia")
    # contracts
    CONTRACT_CREATED = "commissioning.contract_created", _("Przygotowano umowę")
    CONTRACT_SIGNED = "commissioning.contract_signed", _("Podpisano umowę")
    TRANCHE_PAID = "commissioning.tranche_paid", _("Wypłacono transzę")
    ANNEX_SIGNED = "commissioning.annex_signed", _("Podpisano aneks do umowy")
    CONTRACT_SETTLED = "commissioning.contract_settled", _("Rozliczono umowę")
    # changes after the award: the updated offer and change requests (models/changes.py)
    OFFER_UPDATE_SUBMITTED = (
        "commissioning.offer_update_submitted",
        _("Złożono zaktualizowany kosztorys i harmonogram"),
    )
    OFFER_UPDATE_ACCEPTED = "commissioning.offer_update_accepted", _("Przyjęto zaktualizowany kosztorys i harmonogram")
    OFFER_UPDATE_RETURNED = (
        "commissioning.offer_update_returned",
        _("Zwrócono zaktualizowany kosztorys i harmonogram do poprawy"),
    )
    CHANGE_REQUESTED = "commissioning.change_requested", _("Złożono wniosek o zmianę umowy")
    CHANGE_APPROVED = "commissioning.change_approved", _("Zatwierdzono wniosek o zmianę umowy")
    CHANGE_REJECTED = "commissioning.change_rejected", _("Odrzucono wniosek o zmianę umowy")
    # reports
    REPORT_DEMANDED = "commissioning.report_demanded", _("Wezwano do złożenia sprawozdania")
    REPORT_SAVED = "commissioning.report_saved", _("Zapisano sprawozdanie")
    REPORT_SUBMITTED = "commissioning.report_submitted", _("Złożono sprawozdanie")
    REPORT_REVIEWED = "commissioning.report_reviewed", _("Oceniono sprawozdanie")
    # small grants (art. 19a) and own initiative (art. 12)
    SMALL_GRANT_SUBMITTED = "commissioning.small_grant_submitted", _("Złożono ofertę w trybie pozakonkursowym")
    SMALL_GRANT_PUBLISHED = "commissioning.small_grant_published", _("Opublikowano ofertę do uwag")
    SMALL_GRANT_COMMENT = "commissioning.small_grant_comment", _("Zgłoszono uwagę do oferty")
    SMALL_GRANT_DECIDED = "commissioning.small_grant_decided", _("Rozstrzygnięto ofertę pozakonkursową")
    OWN_INITIATIVE_SUBMITTED = "commissioning.own_initiative_submitted", _("Złożono inicjatywę własną")
    OWN_INITIATIVE_ASSESSED = "commissioning.own_initiative_assessed", _("Oceniono inicjatywę własną")
    # the programme of cooperation (art. 5a OPP)
    PROGRAMME_CREATED = "commissioning.programme_created", _("Utworzono projekt programu współpracy")
    PROGRAMME_UPDATED = "commissioning.programme_updated", _("Zmieniono program współpracy")
    PROGRAMME_PRIORITY_SAVED = "commissioning.programme_priority_saved", _("Zapisano zadanie priorytetowe programu")
    PROGRAMME_CONSULTED = "commissioning.programme_consulted", _("Skierowano projekt programu do konsultacji")
    PROGRAMME_ADOPTED = "commissioning.programme_adopted", _("Zapisano uchwałę rady o programie współpracy")
    CALL_PRIORITY_SET = "commissioning.call_priority_set", _("Przypisano ogłoszenie do priorytetu programu")
    PROGRAMME_REPORT_SUBMITTED = (
        "commissioning.programme_report_submitted",
        _("Przedłożono sprawozdanie z realizacji programu współpracy"),
    )
    # social clauses
    CLAUSE_ADDED = "commissioning.clause_added", _("Dodano klauzulę społeczną")
    # Pzp qualification of contractors and the criteria of a call
    QUALIFICATION_SET = "commissioning.qualification_set", _("Określono warunki udziału i podstawy wykluczenia")
    OFFER_QUALIFIED = "commissioning.offer_qualified", _("Rozstrzygnięto kwalifikację wykonawcy")
    CRITERIA_SAVED = "commissioning.criteria_saved", _("Zmieniono kryteria oceny ofert")


def event(
    *, actor: Actor | None, verb: CommissioningEvent, target: models.Model, data: dict[str, Any] | None = None
) -> AuditEvent:
    """The one recorder of the app: a declared verb, its target and small data (no personal data).

    `actor=None` only for an anonymous member of the public (a public comment on a small grant).
    """
    if not isinstance(verb, CommissioningEvent):
        raise TypeError(f"not a commissioning verb: {verb!r}")
    return record(actor=actor, verb=verb, target=target, data=data)
