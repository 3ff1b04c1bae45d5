"""The short write path of an online vote (issue 12: at least 1,000 votes/s on a 2-core machine).

`vote_cast` (services/voting.py) asks `cast_online` first. On PostgreSQL one SQL statement, one round trip, in
autocommit its own transaction, does what the ORM path does in four writes and two reads (a prepared statement of
the connection: planned once, not for every vote):

1. `ok`: the rules, checked by the database on the rows as they are now: the process is published, the voting
   phase is open at `now`, online voting is allowed, the voter is old enough, lives in the gmina (the same TERYT
   gmina: first six digits), chose no more than allowed, only admitted candidates, an area from the list, and the
   counters of the chosen candidates exist;
2. `voter`: the "has voted" record, `ON CONFLICT DO NOTHING`: the UNIQUE constraints (plebiscite, voter key) and
   (plebiscite, account) decide, in the database, whether this is a second vote (a concurrent insert of the same
   key waits for the first transaction and then inserts nothing);
3. `ballot`: the anonymous ballot (random id, the choice, the receipt's hash; nothing that names the voter),
   only when (2) inserted a row;
4. `tally`: the counters of the chosen candidates (+1 on one of the shards), only when (2) inserted a row;
5. `audit`: the audit event "participation.vote_cast" (who voted, not what), as `core.audit.record_event`
   would write it, only when (2) inserted a row.

All five run in the same statement, so they commit or fail together. SQLite (tests, the demo) runs the same
five steps as separate statements in one transaction; the rules clause differs only in its JSON functions.

`cast_online` returns the receipt, raises `AlreadyVoted` when the rules allowed the vote and the database found
the person's earlier vote, and returns None when it cannot decide: a rule refused the vote (the ORM path then
reads the plebiscite and names the rule that refused it, as it always did), or something here is unusual (a
notification handler listens to the vote, a PESEL the checksum refuses), which the ORM path handles.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from django.utils import timezone
from django.utils.translation import gettext_lazy

from kooperacja.core.actors import is_system
from kooperacja.core.models import AuditEvent
from kooperacja.core.notifications import handled_verbs

from .. import identity
from ..enums import CandidateState, Channel, ProcessState
from ..events import ParticipationEvent
from ..models import MAX_CHOICES, TALLY_SHARDS, Ballot, Plebiscite

ALREADY_VOTED = gettext_lazy(
    "Ta osoba już oddała głos w tym plebiscycie. Można głosować tylko raz – drugi głos nie został policzony."
)


class AlreadyVoted(ValidationError):
    """The database refused a second "has voted" record for the same person."""


# The rules, one clause for both databases; {choice_in}, {area_in}, {areas_len} are the JSON parts per vendor.
_RULES = """
    SELECT pl.id
    FROM participation_plebiscite pl
    JOIN participation_process p ON p.id = pl.process_id
    JOIN participation_phase ph ON ph.id = pl.voting_phase_id
    WHERE pl.id = %(plebiscite)s
      AND p.state = %(published)s
      AND ph.starts_at <= %(now)s AND %(now)s < ph.ends_at
      AND pl.online
      AND pl.min_age <= %(age)s
      AND pl.max_choices >= %(n)s
      AND (NOT pl.residents_only OR p.territory_id = %(home)s OR EXISTS (
            SELECT 1 FROM core_territory h JOIN core_territory t ON substr(h.code, 1, 6) = substr(t.code, 1, 6)
            WHERE h.id = %(home)s AND t.id = p.territory_id))
      AND (%(area)s = '' OR {areas_len} = 0 OR {area_in})
      AND (SELECT count(*) FROM participation_candidate c
           WHERE c.plebiscite_id = pl.id AND c.state = %(accepted)s AND {choice_in}) = %(n)s
      AND (SELECT count(*) FROM participation_tally t
           WHERE t.candidate_id IN (SELECT c.id FROM participation_candidate c
                                    WHERE c.plebiscite_id = pl.id AND {choice_in})
             AND t.channel = %(channel)s AND t.shard = %(shard)s) = %(n)s
"""
_PG_RULES = _RULES.format(
    choice_in="c.id = ANY(%(choice_ids)s)",
    area_in="jsonb_exists(pl.areas, %(area)s)",
    areas_len="jsonb_array_length(pl.areas)",
)
_SQLITE_RULES = _RULES.format(
    choice_in="c.id IN (SELECT value FROM json_each(%(choices)s))",
    area_in="EXISTS (SELECT 1 FROM json_each(pl.areas) WHERE value = %(area)s)",
    areas_len="json_array_length(pl.areas)",
)
_INSERT_VOTER = """
    INSERT INTO participation_voterrecord (plebiscite_id, voter_key, user_id, channel, age_band, area, voted_on)
    SELECT {source}, %(voter_key)s, %(user)s, %(channel)s, %(age_band)s, %(area)s, %(today)s {where}
    ON CONFLICT DO NOTHING
    RETURNING plebiscite_id
"""
_INSERT_BALLOT = """
    INSERT INTO participation_ballot (id, plebiscite_id, channel, choices, receipt_hash)
    SELECT %(ballot_id)s, {source}, %(channel)s, %(choices)s, %(receipt_hash)s {where}
    RETURNING plebiscite_id
"""
_UPDATE_TALLY = """
    UPDATE participation_tally SET votes = votes + 1
    WHERE plebiscite_id = %(plebiscite)s AND candidate_id {choice_in} AND channel = %(channel)s
      AND shard = %(shard)s {where}
    RETURNING candidate_id
"""
_INSERT_AUDIT = """
    INSERT INTO core_auditevent (occurred_at, actor_id, actor_label, verb, target_type_id, target_id, data)
    SELECT %(occurred_at)s, %(user)s, %(actor_label)s, %(verb)s, %(target_type)s, %(target_id)s, %(data)s {where}
    RETURNING id
"""
# Constant SQL built from the constants above; every value is a bound parameter.
PG_VOTE = f"""
    WITH ok AS ({_PG_RULES}),
    voter AS ({_INSERT_VOTER.format(source="ok.id", where="FROM ok")}),
    ballot AS ({_INSERT_BALLOT.format(source="voter.plebiscite_id", where="FROM voter")}),
    tally AS ({_UPDATE_TALLY.format(choice_in="= ANY(%(choice_ids)s)", where="AND EXISTS (SELECT 1 FROM voter)")}),
    audit AS ({_INSERT_AUDIT.format(where="FROM voter")})
    SELECT (SELECT count(*) FROM ok), (SELECT count(*) FROM voter), (SELECT count(*) FROM ballot),
           (SELECT count(*) FROM tally), (SELECT count(*) FROM audit)
"""  # noqa: S608
SQLITE_VOTER = _INSERT_VOTER.format(source="%(plebiscite)s", where="")
SQLITE_BALLOT = _INSERT_BALLOT.format(source="%(plebiscite)s", where="")
SQLITE_TALLY = _UPDATE_TALLY.format(choice_in="IN (SELECT value FROM json_each(%(choices)s))", where="")
SQLITE_AUDIT = _INSERT_AUDIT.format(where="")


class _PreparedExecute:
    """Django's cursor wrapper (execute wrappers, the query log of tests and DEBUG) around a psycopg cursor with
    server-side binding that runs the statement as a prepared statement of its connection: PostgreSQL plans the
    vote once per connection (planning took 0.76 ms of the 1.2 ms the server spent on a vote), not every time."""

    cursor: Any
    db: Any

    def _execute(self, sql: str, params: Any, *ignored_wrapper_args: Any) -> Any:
        self.db.validate_no_broken_transaction()
        with self.db.wrap_database_errors:
            return self.cursor.execute(sql, params, prepare=True)


class _Prepared(_PreparedExecute, CursorWrapper):
    """The wrapper outside tests and DEBUG."""


class _PreparedDebug(_PreparedExecute, CursorDebugWrapper):
    """The wrapper that logs queries (tests' assertNumQueries, DEBUG)."""


def _prepared_cursor() -> CursorWrapper:
    import psycopg

    connection.ensure_connection()
    raw = psycopg.Cursor(connection.connection)  # server-side binding (Django's own cursors bind on the client)
    return (_PreparedDebug if connection.queries_logged else _Prepared)(raw, connection)


class _Refused(Exception):
    """Rolls the SQLite transaction back when a step wrote less than it must (it cannot happen on PostgreSQL,
    where the rules clause and the writes are one statement)."""


def _picked(choices: Iterable[Any]) -> list[int] | None:
    try:
        picked = sorted({int(c) for c in choices})
    except (TypeError, ValueError):
        return None
    return picked if 0 < len(picked) <= MAX_CHOICES else None


def _prep(model: Any, field: str, value: Any) -> Any:
    return model._meta.get_field(field).get_db_prep_value(value, connection, prepared=False)


def cast_online(
    *, actor: Any, plebiscite: Plebiscite | int, choices: Iterable[Any], pesel: str, area: str, now: datetime
) -> str | None:
    """The receipt of the counted vote; AlreadyVoted; or None: the ORM path decides (and names the refusal)."""
    if is_system(actor) or not getattr(actor, "is_authenticated", False):
        return None
    if str(ParticipationEvent.VOTE_CAST) in handled_verbs():
        return None  # a notification would have to be written with the event: the ORM path does that
    picked = _picked(choices)
    if picked is None:
        return None
    today = timezone.localdate(now)
    try:
        compact, age = identity.check_pesel(pesel, min_age=0, on=today)
    except ValidationError:
        return None
    receipt = identity.new_receipt()
    ops = connection.ops
    params: dict[str, Any] = {
        "plebiscite": plebiscite if isinstance(plebiscite, int) else plebiscite.pk,
        "published": str(ProcessState.PUBLISHED),
        "accepted": str(CandidateState.ACCEPTED),
        "now": ops.adapt_datetimefield_value(now),
        "age": age,
        "n": len(picked),
        "home": getattr(actor, "home_territory_id", None),
        "area": (area or "").strip()[:80],
        "choice_ids": picked,
        "choices": _prep(Ballot, "choices", picked),
        "channel": str(Channel.ONLINE),
        "shard": random.randrange(TALLY_SHARDS),  # noqa: S311 - spreads row locks, not a secret
        "voter_key": identity.pesel_key(compact),
        "user": actor.pk,
        "age_band": identity.age_band(age),
        "today": ops.adapt_datefield_value(today),
        "ballot_id": _prep(Ballot, "id", uuid.uuid4()),
        "receipt_hash": identity.receipt_hash(receipt),
        "occurred_at": ops.adapt_datetimefield_value(timezone.now()),
        "actor_label": getattr(actor, "email", "") or "",
        "verb": str(ParticipationEvent.VOTE_CAST),
        "target_type": ContentType.objects.get_for_model(Plebiscite).pk,
        "data": _prep(AuditEvent, "data", {"channel": str(Channel.ONLINE)}),
    }
    params["target_id"] = str(params["plebiscite"])
    if connection.vendor == "postgresql":
        with _prepared_cursor() as cur:
            cur.execute(PG_VOTE, params)
            allowed, voted, _ballots, _tallies, _events = cur.fetchone()
        if not allowed:
            return None
        if not voted:
            raise AlreadyVoted(ALREADY_VOTED, code="already_voted")
        # one statement: the rules clause made sure every counter exists, so ballots == events == 1 and
        # tallies == len(picked) whenever voted == 1 (tests/participation/test_ballot_box.py checks the figures)
        return receipt
    return _cast_sqlite(params, receipt)


def _cast_sqlite(params: dict[str, Any], receipt: str) -> str | None:
    """The same five steps on SQLite, in one transaction (the database file is locked for the writer)."""
    params = {k: v for k, v in params.items() if k != "choice_ids"}  # a list: sqlite3 binds no lists
    try:
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(_SQLITE_RULES, params)
            if cur.fetchone() is None:
                return None
            cur.execute(SQLITE_VOTER, params)
            if cur.fetchone() is None:
                raise AlreadyVoted(ALREADY_VOTED, code="already_voted")
            cur.execute(SQLITE_BALLOT, params)
            cur.fetchall()
            cur.execute(SQLITE_TALLY, params)
            if len(cur.fetchall()) != params["n"]:
                raise _Refused
            cur.execute(SQLITE_AUDIT, params)
            cur.fetchall()
    except _Refused:
        return None
    return receipt


__all__ = ["ALREADY_VOTED", "AlreadyVoted", "cast_online"]
