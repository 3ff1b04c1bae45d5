"""The plebiscite: one verified vote per person (database), secrecy, paper ballots, codes, results, purge."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import timezone

from kooperacja.core.actors import SYSTEM
from kooperacja.core.models import AuditEvent
from kooperacja.participation import identity, selectors, services
from kooperacja.participation.enums import PaperBallotState, PaperProblem, ResultsState
from kooperacja.participation.models import Ballot, PaperBallot, VoterRecord, VotingCode
from kooperacja.participation.services.voting import AlreadyVoted
from kooperacja.participation.tasks import purge_verification_data
from tests.participation import helpers as h


def _first(pleb: Any) -> int:
    return int(pleb.candidates.order_by("number").values_list("pk", flat=True).first())


def _end_voting(pleb: Any) -> None:
    now = timezone.now()
    services.phase_reschedule(
        actor=SYSTEM, phase=pleb.voting_phase, starts_at=now - timedelta(days=10), ends_at=now - timedelta(minutes=1)
    )
    pleb.refresh_from_db()


def test_vote_gives_a_receipt_and_counts_in_the_same_transaction(demo: Any) -> None:
    pleb, resident = h.plebiscite(), demo.user("resident")
    before = selectors.results(pleb).total_votes
    receipt = services.vote_cast(actor=resident, plebiscite=pleb, choices=[_first(pleb)], pesel=h.valid_pesel())
    assert Ballot.objects.filter(receipt_hash=identity.receipt_hash(receipt)).exists()
    assert selectors.results(pleb).total_votes == before + 1
    record = VoterRecord.objects.get(plebiscite=pleb, user=resident)
    assert record.voter_key == identity.pesel_key(h.valid_pesel())
    event = AuditEvent.objects.filter(verb="participation.vote_cast").latest("pk")
    assert str(_first(pleb)) not in str(event.data) and h.valid_pesel() not in str(event.data)


def test_the_ballot_table_cannot_link_a_choice_to_a_voter() -> None:
    fields = {f.name for f in Ballot._meta.get_fields()}
    assert fields == {"id", "plebiscite", "channel", "choices", "receipt_hash"}  # no voter, no time, random id


def test_second_vote_is_refused_same_account_or_same_pesel(demo: Any) -> None:
    pleb, choice = h.plebiscite(), [_first(h.plebiscite())]
    services.vote_cast(actor=demo.user("resident"), plebiscite=pleb, choices=choice, pesel=h.valid_pesel())
    with pytest.raises(AlreadyVoted, match="Można głosować tylko raz"):
        services.vote_cast(actor=demo.user("officer"), plebiscite=pleb, choices=choice, pesel=h.valid_pesel())
    with pytest.raises(AlreadyVoted):
        services.vote_cast(
            actor=demo.user("resident"), plebiscite=pleb, choices=choice, pesel=h.valid_pesel(serial=1111)
        )
    assert (
        VoterRecord.objects.filter(plebiscite=pleb, user__in=[demo.user("resident"), demo.user("officer")]).count() == 1
    )


def test_the_database_itself_refuses_a_second_has_voted_record(demo: Any) -> None:
    pleb = h.plebiscite()
    key = identity.pesel_key(h.valid_pesel())
    VoterRecord.objects.create(plebiscite=pleb, voter_key=key, channel="online", voted_on=timezone.localdate())
    with pytest.raises(IntegrityError), transaction.atomic():
        VoterRecord.objects.create(plebiscite=pleb, voter_key=key, channel="paper", voted_on=timezone.localdate())


@pytest.mark.parametrize(
    ("pesel", "message"),
    [("12345678901", "prawidłowy numer PESEL"), (None, "co najmniej 13 lat")],
)
def test_pesel_checksum_and_age_limit(demo: Any, pesel: str | None, message: str) -> None:
    pleb = h.plebiscite()
    if pesel is None:
        young = timezone.localdate() - timedelta(days=365 * 10)
        pesel = h.valid_pesel(young.year, young.month, min(young.day, 28))
    with pytest.raises(ValidationError, match=message):
        services.vote_cast(actor=demo.user("resident"), plebiscite=pleb, choices=[_first(pleb)], pesel=pesel)


def test_choices_are_bounded_by_the_rules(demo: Any) -> None:
    pleb = h.plebiscite()
    two = list(pleb.candidates.values_list("pk", flat=True)[:2])
    with pytest.raises(ValidationError, match="najwyżej 1"):
        services.vote_cast(actor=demo.user("resident"), plebiscite=pleb, choices=two, pesel=h.valid_pesel())
    with pytest.raises(ValidationError, match="z listy"):
        services.vote_cast(actor=demo.user("resident"), plebiscite=pleb, choices=[10**6], pesel=h.valid_pesel())


def test_rules_are_frozen_once_voting_opened(demo: Any) -> None:
    with pytest.raises(ValidationError, match="zasady są zamrożone"):
        services.plebiscite_rules_update(actor=demo.user("officer"), plebiscite=h.plebiscite(), max_choices=2)


def test_the_key_is_an_hmac_under_the_secret_not_a_plain_hash(demo: Any) -> None:
    pesel = h.valid_pesel()
    assert identity.pesel_key(pesel) != hashlib.sha256(pesel.encode()).hexdigest()
    with override_settings(KOOPERACJA_VOTER_HMAC_KEY="inny-sekret"):
        other = identity.pesel_key(pesel)
    assert other != identity.pesel_key(pesel)


def test_paper_ballot_collision_goes_to_the_coordinator(demo: Any) -> None:
    pleb, officer = h.plebiscite(), demo.user("officer")
    services.vote_cast(actor=demo.user("resident"), plebiscite=pleb, choices=[_first(pleb)], pesel=h.valid_pesel())
    ballot = services.paper_ballot_enter(
        actor=officer,
        plebiscite=pleb,
        number=9001,
        full_name="Helena M.",
        pesel=h.valid_pesel(),
        choices=[_first(pleb)],
    )
    assert ballot.state == PaperBallotState.PENDING and ballot.problem == PaperProblem.COLLISION
    with pytest.raises(ValidationError, match="już głosowała"):
        services.paper_ballot_resolve(actor=officer, ballot=ballot, decision="count", reason="Sprawdzono.")
    done = services.paper_ballot_resolve(actor=officer, ballot=ballot, decision="invalidate", reason="Drugi głos.")
    assert done.state == PaperBallotState.INVALID and done.choices == []


def test_paper_ballot_with_a_typo_in_pesel_is_counted_after_correction(demo: Any) -> None:
    pleb, officer = h.plebiscite(), demo.user("officer")
    before = selectors.results(pleb).total_votes
    good = h.valid_pesel(serial=2222)
    typo = good[:-1] + str((int(good[-1]) + 1) % 10)  # a wrong check digit
    ballot = services.paper_ballot_enter(
        actor=officer, plebiscite=pleb, number=9002, full_name="Jan K.", pesel=typo, choices=[_first(pleb)]
    )
    assert ballot.problem == PaperProblem.PESEL and selectors.results(pleb).total_votes == before
    services.paper_ballot_resolve(
        actor=officer, ballot=ballot, decision="count", reason="Pomyłka w cyfrze.", pesel=good
    )
    assert selectors.results(pleb).total_votes == before + 1


def test_one_time_code_votes_once(demo: Any) -> None:
    pleb = h.plebiscite()
    issued = services.codes_issue(actor=demo.user("officer"), plebiscite=pleb, rows=[{"name": "Anna Z."}])
    code = issued[0][1]
    assert not VotingCode.objects.filter(code_hash__contains=code).exists()  # only the HMAC is stored
    services.vote_cast_with_code(actor=None, plebiscite=pleb, code=code.lower(), choices=[_first(pleb)])
    with pytest.raises(AlreadyVoted, match="już użyty"):
        services.vote_cast_with_code(actor=None, plebiscite=pleb, code=code, choices=[_first(pleb)])


def test_results_hidden_while_voting_then_public(demo: Any) -> None:
    pleb, resident = h.plebiscite(), demo.user("resident")
    assert not demo.user("officer").has_perm("participation.see_results", pleb)
    assert not resident.has_perm("participation.see_results", pleb)
    _end_voting(pleb)
    assert resident.has_perm("participation.see_results", pleb)


def test_finalise_needs_an_empty_queue_and_then_the_purge_deletes_verification_data(demo: Any) -> None:
    pleb, officer = h.plebiscite(), demo.user("officer")
    _end_voting(pleb)
    with pytest.raises(ValidationError, match="rozstrzygnąć karty"):
        services.results_finalise(actor=officer, plebiscite=pleb)
    for b in PaperBallot.objects.filter(plebiscite=pleb, state=PaperBallotState.PENDING):
        services.paper_ballot_resolve(actor=officer, ballot=b, decision="invalidate", reason="Kolizja.")
    pleb = services.results_finalise(actor=officer, plebiscite=pleb)
    assert pleb.results_state == ResultsState.FINAL and pleb.winner_id
    assert purge_verification_data.call(after_days=1) == 0  # too early: time for complaints
    assert purge_verification_data.call(after_days=0) >= 1
    assert not VoterRecord.objects.filter(plebiscite=pleb, voter_key__isnull=False).exists()
    assert not PaperBallot.objects.filter(plebiscite=pleb).exclude(full_name="").exists()
    assert AuditEvent.objects.filter(verb="participation.verification_purged", target_id=str(pleb.pk)).exists()


def test_tie_is_resolved_by_a_recorded_draw(demo: Any) -> None:
    square = h.plebiscite(h.SQUARE)
    draw = square.draws.get()
    assert len(draw.candidates) == 2 and draw.winner_id in draw.candidates and draw.seed
    import random

    assert random.Random(draw.seed).choice(sorted(draw.candidates)) == draw.winner_id


def test_purge_command_for_cron(demo: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    square = h.plebiscite(h.SQUARE)
    out = StringIO()
    call_command("participation_purge", "--after-days", "0", stdout=out)
    square.refresh_from_db()
    assert square.verification_purged_at is not None and "Usunięto" in out.getvalue()
    assert not PaperBallot.objects.filter(plebiscite=square).exclude(pesel_key="").exists()


def test_no_candidate_joins_or_leaves_the_ballot_once_voting_opened(demo: Any) -> None:
    from kooperacja.participation.models import Candidate

    pleb = h.plebiscite()  # voting open
    late = Candidate.objects.create(plebiscite=pleb, title="Spóźniona", description="Po otwarciu.", number=98)
    with pytest.raises(ValidationError, match="lista propozycji jest zamknięta"):
        services.candidate_decide(actor=demo.user("officer"), candidate=late, decision="admit")
    admitted = pleb.candidates.filter(state="accepted").first()
    with pytest.raises(ValidationError, match="lista propozycji jest zamknięta"):
        services.candidate_decide(actor=demo.user("officer"), candidate=admitted, decision="reject", reason="Za późno.")
    late.refresh_from_db()
    admitted.refresh_from_db()
    assert late.state == "proposed" and admitted.state == "accepted"
