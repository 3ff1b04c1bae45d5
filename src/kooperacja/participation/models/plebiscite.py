"""The plebiscite: candidates, rules, and the vote split into a "has voted" record and an anonymous ballot.

Secrecy and uniqueness (docs/participation.md):
- `VoterRecord` says that a person voted: one row per (plebiscite, voter_key), a UNIQUE constraint in the
  database. The key is an HMAC of the PESEL (or of the voting code, or of the account) under a secret kept
  outside the database (`KOOPERACJA_VOTER_HMAC_KEY`), so it can be compared but not brute-forced from a dump.
- `Ballot` holds the choice: a random UUID, no voter, no timestamp, inserted in the same transaction.
- `Tally` keeps the counts: per candidate, channel and one of `TALLY_SHARDS` shards, incremented in the same
  transaction (a shard spreads the row locks of a popular candidate); results are one aggregate query.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kooperacja.core import bounds
from kooperacja.core.workflow import StateField, WorkflowModel

from ..enums import AgeBand, CandidateState, Channel, PaperBallotState, PaperProblem, ResultsState
from .processes import Phase, Process

TALLY_SHARDS = 8
MAX_CHOICES = 10  # also the CheckConstraint below
_USER = settings.AUTH_USER_MODEL


class Plebiscite(WorkflowModel):
    process = models.OneToOneField(Process, on_delete=models.CASCADE, related_name="plebiscite")
    voting_phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="+")
    # The rules; frozen (the service refuses changes) once the voting phase has started.
    max_choices = models.PositiveSmallIntegerField(
        _("ile wyborów ma głosujący"), default=1, validators=[bounds.CountPositive(1), MaxValueValidator(MAX_CHOICES)]
    )
    min_age = models.PositiveSmallIntegerField(_("minimalny wiek głosującego"), default=13, validators=bounds.AGE)
    residents_only = models.BooleanField(_("głosują tylko mieszkańcy gminy"), default=True)
    online = models.BooleanField(_("głosowanie przez internet"), default=True)
    paper = models.BooleanField(_("głosowanie na papierze w urzędzie"), default=True)
    codes = models.BooleanField(_("głosowanie kodem jednorazowym"), default=False)
    areas = models.JSONField(_("części gminy (osiedla)"), default=list, blank=True)
    auto_publish = models.BooleanField(_("wyniki jawne po zakończeniu głosowania"), default=True)
    results_state = StateField(_("wyniki"), choices=ResultsState.choices, default=ResultsState.COUNTING)
    results_published_at = models.DateTimeField(null=True, blank=True, validators=bounds.DATE)
    final_at = models.DateTimeField(null=True, blank=True, validators=bounds.DATE)
    winner = models.ForeignKey("Candidate", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    verification_purged_at = models.DateTimeField(
        _("dane weryfikacyjne usunięto"), null=True, blank=True, validators=bounds.DATE
    )

    class Meta:
        verbose_name = _("plebiscyt")
        verbose_name_plural = _("plebiscyty")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(max_choices__gte=1, max_choices__lte=10),
                name="participation_plebiscite_choices_range",
                violation_error_code="participation_plebiscite_choices_range",
                violation_error_message=_("Liczba wyborów (pole „ile wyborów”) musi być od 1 do 10."),
            ),
            models.CheckConstraint(
                condition=Q(min_age__lte=120),
                name="participation_plebiscite_age_range",
                violation_error_code="participation_plebiscite_age_range",
                violation_error_message=_("Minimalny wiek (pole „minimalny wiek”) musi być od 0 do 120 lat."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.process)

    def get_absolute_url(self) -> str:
        return reverse("participation:process_detail", args=[self.process_id])


class Candidate(WorkflowModel):
    plebiscite = models.ForeignKey(Plebiscite, on_delete=models.CASCADE, related_name="candidates")
    title = models.CharField(_("nazwa"), max_length=200)
    description = models.TextField(_("opis"), max_length=4000)
    image = models.ImageField(_("ilustracja"), upload_to="participation/candidates/", blank=True)
    image_alt = models.CharField(_("opis ilustracji (dla niewidomych)"), max_length=300, blank=True)
    proposed_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    state = StateField(_("stan"), choices=CandidateState.choices, default=CandidateState.PROPOSED)
    rejection_reason = models.CharField(_("powód odrzucenia"), max_length=500, blank=True)
    number = models.PositiveSmallIntegerField(_("numer na karcie"), default=0, validators=bounds.COUNT_NOT_NEGATIVE)

    class Meta:
        verbose_name = _("propozycja w plebiscycie")
        verbose_name_plural = _("propozycje w plebiscycie")
        ordering: ClassVar = ["number", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:candidate_detail", args=[self.pk])

    @property
    def is_admitted(self) -> bool:
        return self.state == CandidateState.ACCEPTED


class VoterRecord(models.Model):
    """That a person voted (never what). The UNIQUE constraint is the one-vote guarantee."""

    plebiscite = models.ForeignKey(Plebiscite, on_delete=models.CASCADE, related_name="voters")
    # HMAC-SHA256 hex of the identity; emptied (NULL) by the purge after the result is final.
    voter_key = models.CharField(max_length=64, null=True, blank=True)
    user = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    channel = models.CharField(_("kanał"), max_length=16, choices=Channel.choices)
    age_band = models.CharField(_("wiek"), max_length=8, choices=AgeBand.choices, default=AgeBand.UNKNOWN)
    area = models.CharField(_("część gminy"), max_length=80, blank=True)
    voted_on = models.DateField(_("dzień głosowania"), validators=bounds.EVENT_DATE)

    class Meta:
        verbose_name = _("udział w głosowaniu")
        verbose_name_plural = _("udział w głosowaniu")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["plebiscite", "voter_key"],
                name="participation_one_vote_per_person",
                violation_error_code="participation_one_vote_per_person",
                violation_error_message=_("Ta osoba (pole „głosujący”) już oddała głos w tym plebiscycie."),
            ),
            models.UniqueConstraint(
                fields=["plebiscite", "user"],
                condition=Q(user__isnull=False),
                name="participation_one_vote_per_account",
                violation_error_code="participation_one_vote_per_account",
                violation_error_message=_("Z tego konta (pole „konto”) już oddano głos w tym plebiscycie."),
            ),
        ]


def _new_ballot_id() -> uuid.UUID:
    return uuid.uuid4()


class Ballot(models.Model):
    """The anonymous choice: no voter, no time, a random id; `receipt_hash` lets the voter check it was counted."""

    id = models.UUIDField(primary_key=True, default=_new_ballot_id, editable=False)
    plebiscite = models.ForeignKey(Plebiscite, on_delete=models.CASCADE, related_name="ballots")
    channel = models.CharField(max_length=16, choices=Channel.choices)
    choices = models.JSONField(default=list)  # candidate ids
    receipt_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("karta do głosowania (anonimowa)")
        verbose_name_plural = _("karty do głosowania (anonimowe)")


class Tally(models.Model):
    plebiscite = models.ForeignKey(Plebiscite, on_delete=models.CASCADE, related_name="tallies")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="tallies")
    channel = models.CharField(max_length=16, choices=Channel.choices)
    shard = models.PositiveSmallIntegerField(validators=bounds.COUNT_NOT_NEGATIVE)
    votes = models.PositiveIntegerField(default=0, validators=bounds.COUNT_NOT_NEGATIVE)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["candidate", "channel", "shard"],
                name="participation_tally_unique",
                violation_error_code="participation_tally_unique",
                violation_error_message=_("Licznik dla tej propozycji i kanału (pola „propozycja”, „kanał”) już jest."),
            )
        ]


class VotingCode(models.Model):
    """A one-time code issued from the residents' list; only its HMAC is stored."""

    plebiscite = models.ForeignKey(Plebiscite, on_delete=models.CASCADE, related_name="voting_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    holder = models.CharField(_("imię i nazwisko"), max_length=150, blank=True)
    pesel_key = models.CharField(max_length=64, blank=True)  # HMAC of the holder's PESEL when the list had one
    age_band = models.CharField(max_length=8, choices=AgeBand.choices, default=AgeBand.UNKNOWN)
    area = models.CharField(max_length=80, blank=True)
    used = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("kod do głosowania")
        verbose_name_plural = _("kody do głosowania")


class PaperBallot(WorkflowModel):
    """A paper vote card entered by an officer; personal data kept until the purge."""

    plebiscite = models.ForeignKey(Plebiscite, on_delete=models.CASCADE, related_name="paper_ballots")
    number = models.PositiveIntegerField(_("numer karty"), validators=bounds.COUNT_POSITIVE)
    full_name = models.CharField(_("imię i nazwisko"), max_length=150, blank=True)
    pesel_key = models.CharField(max_length=64, blank=True)
    pesel_last = models.CharField(_("PESEL (ostatnie cyfry)"), max_length=4, blank=True)
    age_band = models.CharField(max_length=8, choices=AgeBand.choices, default=AgeBand.UNKNOWN)
    area = models.CharField(_("część gminy"), max_length=80, blank=True)
    choices = models.JSONField(default=list)  # kept only while the card waits for the coordinator
    state = StateField(_("status karty"), choices=PaperBallotState.choices, default=PaperBallotState.PENDING)
    problem = models.CharField(_("problem"), max_length=16, choices=PaperProblem.choices, blank=True)
    resolution_note = models.CharField(_("uzasadnienie"), max_length=500, blank=True)
    entered_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)
    resolved_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("karta papierowa")
        verbose_name_plural = _("karty papierowe")
        ordering: ClassVar = ["number"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["plebiscite", "number"],
                name="participation_paper_number_unique",
                violation_error_code="participation_paper_number_unique",
                violation_error_message=_("Karta o tym numerze (pole „numer karty”) już została wprowadzona."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}"


class TieDraw(models.Model):
    """A recorded draw between candidates with the same number of votes."""

    plebiscite = models.ForeignKey(Plebiscite, on_delete=models.CASCADE, related_name="draws")
    candidates = models.JSONField(default=list)
    winner = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="+")
    seed = models.CharField(max_length=64)
    drawn_by_label = models.CharField(max_length=200)
    drawn_at = models.DateTimeField(auto_now_add=True)


class VoteStart(models.Model):
    """A signed-in person opened the online ballot while voting was open and has not voted yet ("started": the
    voting form was shown to them, or they sent it and it was refused, e.g. for a mistyped PESEL). Nothing of the
    choice is kept (secrecy). One reminder e-mail is sent before the voting phase ends (`reminded_at`, never
    again), unless the person chose "do not remind me" (`opted_out`). Deleted with the verification data."""

    plebiscite = models.ForeignKey(Plebiscite, on_delete=models.CASCADE, related_name="vote_starts")
    user = models.ForeignKey(_USER, on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField(_("otwarto kartę do głosowania"), validators=bounds.DATE)
    reminded_at = models.DateTimeField(_("wysłano przypomnienie"), null=True, blank=True, validators=bounds.DATE)
    opted_out = models.BooleanField(_("bez przypomnienia"), default=False)

    class Meta:
        verbose_name = _("rozpoczęte głosowanie")
        verbose_name_plural = _("rozpoczęte głosowania")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["plebiscite", "user"],
                name="participation_vote_start_unique",
                violation_error_code="participation_vote_start_unique",
                violation_error_message=_("Rozpoczęcie głosowania przez tę osobę (pole „konto”) jest już zapisane."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.plebiscite_id}"
