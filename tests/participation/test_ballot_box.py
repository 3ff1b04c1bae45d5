"""The short write path of an online vote (services/ballot_box.py): one statement on PostgreSQL, the same steps on
SQLite; every rule it checks in SQL refuses exactly what the ORM path refuses, with the ORM path's message, and
writes nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kooperacja.core.actors import SYSTEM
from kooperacja.core.models import AuditEvent, Territory
from kooperacja.participation import identity, selectors, services
from kooperacja.participation.models import Ballot, Tally, VoterRecord
from kooperacja.participation.services import ballot_box
from kooperacja.participation.services.voting import AlreadyVoted
from tests.participation import helpers as h


def _first(pleb: Any) -> int:
    return int(pleb.candidates.filter(state="accepted").order_by("number").values_list("pk", flat=True).first())


def _written(pleb: Any) -> tuple[int, int, int, int]:
    return (
        VoterRecord.objects.filter(plebiscite=pleb).count(),
        Ballot.objects.filter(plebiscite=pleb).count(),
        sum(Tally.objects.filter(plebiscite=pleb).values_list("votes", flat=True)),
        AuditEvent.objects.filter(verb="participation.vote_cast", target_id=str(pleb.pk)).count(),
    )


def _writes(queries: list[dict[str, str]]) -> list[str]:
    return [q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]


def test_a_vote_is_one_statement_on_postgresql_and_the_same_five_steps_on_sqlite(demo: Any) -> None:
    pleb, resident = h.plebiscite(), demo.user("resident")
    before = _written(pleb)
    results_before = selectors.results(pleb).total_votes
    ContentType.objects.get_for_model(pleb)  # cached for the process's life: not a query of the vote
    choice = _first(pleb)
    with CaptureQueriesContext(connection) as ctx:
        receipt = services.vote_cast(actor=resident, plebiscite=pleb, choices=[choice], pesel=h.valid_pesel())
    statements = _writes(ctx.captured_queries)
    if connection.vendor == "postgresql":
        assert len(statements) == 1 and statements[0].lstrip().startswith("WITH ok AS")
    else:
        assert len(statements) == 5, statements  # rules, has voted, ballot, tally, audit event
    # every part of the vote was written, together
    assert _written(pleb) == tuple(n + 1 for n in before)
    assert selectors.results(pleb).total_votes == results_before + 1
    assert Ballot.objects.filter(receipt_hash=identity.receipt_hash(receipt), plebiscite=pleb).exists()
    record = VoterRecord.objects.get(plebiscite=pleb, user=resident)
    assert record.voter_key == identity.pesel_key(h.valid_pesel())
    assert record.voted_on == timezone.localdate() and record.channel == "online" and record.age_band == "30-54"


def test_the_audit_row_is_the_one_record_event_would_write(demo: Any) -> None:
    pleb, resident = h.plebiscite(), demo.user("resident")
    services.vote_cast(actor=resident, plebiscite=pleb, choices=[_first(pleb)], pesel=h.valid_pesel())
    row = AuditEvent.objects.filter(verb="participation.vote_cast").latest("pk")
    assert (row.actor_id, row.actor_label, row.target_id, row.data) == (
        resident.pk,
        resident.email,
        str(pleb.pk),
        {"channel": "online"},
    )
    assert row.target_type.model_class().__name__ == "Plebiscite"
    assert abs((timezone.now() - row.occurred_at).total_seconds()) < 60
    # the timeline reads it like any other event of the plebiscite
    from kooperacja.core.audit import events_for

    assert events_for(pleb).filter(pk=row.pk).exists()


def test_a_second_vote_is_refused_by_the_database_and_writes_nothing(demo: Any) -> None:
    pleb = h.plebiscite()
    services.vote_cast(actor=demo.user("resident"), plebiscite=pleb, choices=[_first(pleb)], pesel=h.valid_pesel())
    after_first = _written(pleb)
    with pytest.raises(AlreadyVoted, match="Można głosować tylko raz"):  # the same PESEL from another account
        services.vote_cast(actor=demo.user("officer"), plebiscite=pleb, choices=[_first(pleb)], pesel=h.valid_pesel())
    with pytest.raises(AlreadyVoted):  # the same account with another PESEL
        services.vote_cast(
            actor=demo.user("resident"), plebiscite=pleb, choices=[_first(pleb)], pesel=h.valid_pesel(serial=1111)
        )
    assert _written(pleb) == after_first


def _move_voting(pleb: Any, *, starts: timedelta, ends: timedelta) -> None:
    now = timezone.now()
    services.phase_reschedule(actor=SYSTEM, phase=pleb.voting_phase, starts_at=now + starts, ends_at=now + ends)


def _set(pleb: Any, **fields: Any) -> None:
    type(pleb).objects.filter(pk=pleb.pk).update(**fields)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("closed", "nie jest teraz otwarte"),
        ("not_yet", "nie jest teraz otwarte"),
        ("cancelled", "nie jest teraz otwarte"),
        ("paper_only", "nie głosuje się przez internet"),
        ("other_gmina", "Głosują mieszkańcy gminy"),
        ("too_young", "co najmniej 60 lat"),
        ("too_many", "najwyżej 1"),
        ("not_admitted", "z listy"),
        ("unknown_area", "część gminy z listy"),
        ("bad_pesel", "prawidłowy numer PESEL"),
    ],
)
def test_each_rule_refuses_with_the_orm_message_and_writes_nothing(demo: Any, change: str, message: str) -> None:
    pleb, resident = h.plebiscite(), demo.user("resident")
    choices, pesel, area = [_first(pleb)], h.valid_pesel(), ""
    if change == "closed":
        _move_voting(pleb, starts=timedelta(days=-10), ends=timedelta(minutes=-1))
    elif change == "not_yet":
        _move_voting(pleb, starts=timedelta(days=1), ends=timedelta(days=2))
    elif change == "cancelled":
        type(pleb.process).objects.filter(pk=pleb.process_id).update(state="cancelled")
    elif change == "paper_only":
        _set(pleb, online=False)
    elif change == "other_gmina":
        resident.home_territory = Territory.objects.filter(kind="gmina").exclude(code__startswith="200501").first()
    elif change == "too_young":
        _set(pleb, min_age=60)  # the PESEL is of a person born in 1980
    elif change == "too_many":
        choices = list(pleb.candidates.filter(state="accepted").values_list("pk", flat=True)[:2])
    elif change == "not_admitted":
        from kooperacja.participation.models import Candidate

        choices = [Candidate.objects.create(plebiscite=pleb, title="Nie", description="-", number=97).pk]
    elif change == "unknown_area":
        _set(pleb, areas=["Centrum", "Os. Mazury"])
        area = "Księżyc"
    elif change == "bad_pesel":
        pesel = "12345678901"
    before = _written(pleb)
    with pytest.raises(ValidationError, match=message):
        services.vote_cast(actor=resident, plebiscite=pleb, choices=choices, pesel=pesel, area=area)
    assert _written(pleb) == before


def test_an_area_from_the_list_is_accepted_and_recorded(demo: Any) -> None:
    pleb, resident = h.plebiscite(), demo.user("resident")
    _set(pleb, areas=["Centrum", "Os. Mazury"])
    services.vote_cast(actor=resident, plebiscite=pleb, choices=[_first(pleb)], pesel=h.valid_pesel(), area="Centrum")
    assert VoterRecord.objects.get(plebiscite=pleb, user=resident).area == "Centrum"


def test_anonymous_and_system_are_left_to_the_orm_path(demo: Any) -> None:
    pleb = h.plebiscite()
    now = timezone.now()
    assert ballot_box.cast_online(actor=SYSTEM, plebiscite=pleb, choices=[1], pesel="", area="", now=now) is None
    with pytest.raises(PermissionDenied):
        services.vote_cast(actor=SYSTEM, plebiscite=pleb, choices=[_first(pleb)], pesel=h.valid_pesel())


def test_many_choices_count_once_each(demo: Any) -> None:
    pleb, resident = h.plebiscite(), demo.user("resident")
    _set(pleb, max_choices=3)
    two = list(pleb.candidates.filter(state="accepted").order_by("number").values_list("pk", flat=True)[:2])
    before = {r["candidate"].pk: r["total"] for r in selectors.results(pleb).rows}
    services.vote_cast(actor=resident, plebiscite=pleb, choices=[*two, two[0]], pesel=h.valid_pesel())
    after = {r["candidate"].pk: r["total"] for r in selectors.results(pleb).rows}
    assert {pk: after[pk] - before[pk] for pk in after if after[pk] != before[pk]} == {two[0]: 1, two[1]: 1}
