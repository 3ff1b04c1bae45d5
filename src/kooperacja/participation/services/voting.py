"""The plebiscite: candidates, frozen rules, the one-vote-per-person vote, paper ballots, results, purge.

The vote (`_count`): one transaction inserts the "has voted" record (its UNIQUE (plebiscite, voter_key) is
the guarantee: a second insert for the same person fails in the database, whatever the application does),
the anonymous ballot and the tally increments. A refused duplicate rolls back all three.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core import uploads
from kooperacja.core.actors import Actor, is_system, require

from .. import identity
from ..enums import (
    AgeBand,
    CandidateState,
    Channel,
    PaperBallotState,
    PaperProblem,
    ProcessKind,
    ProcessState,
    ResultsState,
)
from ..events import ParticipationEvent, event
from ..models import (
    TALLY_SHARDS,
    Ballot,
    Candidate,
    PaperBallot,
    Phase,
    Plebiscite,
    Process,
    Tally,
    TieDraw,
    VoterRecord,
    VoteStart,
    VotingCode,
)
from ..workflows import CANDIDATE, PAPER, RESULTS
from ._common import _user
from .ballot_box import ALREADY_VOTED, AlreadyVoted, cast_online

RULE_FIELDS = ("max_choices", "min_age", "residents_only", "online", "paper", "codes", "areas", "auto_publish")


def _voting_open(plebiscite: Plebiscite, now: datetime) -> bool:
    phase = plebiscite.voting_phase
    return plebiscite.process.state == ProcessState.PUBLISHED and phase.starts_at <= now < phase.ends_at


def _voting_started(plebiscite: Plebiscite, now: datetime) -> bool:
    return now >= plebiscite.voting_phase.starts_at


def plebiscite_create(*, actor: Actor, process: Process, voting_phase: Phase, **rules: Any) -> Plebiscite:
    require(actor, "participation.manage_process", process, hide=True)
    if process.kind != ProcessKind.PLEBISCITE:
        raise ValidationError(_("Plebiscyt można dodać tylko do procesu rodzaju „plebiscyt”."))
    if voting_phase.process_id != process.pk or not voting_phase.allows_vote:
        raise ValidationError({"voting_phase": _("Wybierz etap tego procesu, w którym można głosować.")})
    unknown = set(rules) - set(RULE_FIELDS)
    if unknown:
        raise TypeError(f"unknown rules: {sorted(unknown)}")
    plebiscite = Plebiscite(process=process, voting_phase=voting_phase, **rules)
    plebiscite.full_clean(exclude=["process", "voting_phase", "winner"])
    plebiscite.save()
    return plebiscite


def plebiscite_rules_update(
    *, actor: Actor, plebiscite: Plebiscite, now: datetime | None = None, **rules: Any
) -> Plebiscite:
    """Change the rules; refused once voting has opened (the rules are frozen for everyone who votes)."""
    require(actor, "participation.manage_plebiscite", plebiscite, hide=True)
    now = now or timezone.now()
    with transaction.atomic():
        plebiscite = Plebiscite.objects.select_for_update().select_related("voting_phase").get(pk=plebiscite.pk)
        if _voting_started(plebiscite, now):
            raise ValidationError(_("Głosowanie już się rozpoczęło – zasady są zamrożone i nie można ich zmienić."))
        for name, value in rules.items():
            if name not in RULE_FIELDS:
                raise TypeError(name)
            setattr(plebiscite, name, value)
        plebiscite.full_clean(exclude=["process", "voting_phase", "winner"])
        plebiscite.save()
        event(actor=actor, verb=ParticipationEvent.RULES_CHANGED, target=plebiscite, fields=sorted(rules))
    return plebiscite


def _create_tallies(candidate: Candidate) -> None:
    Tally.objects.bulk_create(
        [
            Tally(plebiscite_id=candidate.plebiscite_id, candidate=candidate, channel=ch, shard=s)
            for ch in (Channel.ONLINE, Channel.PAPER)
            for s in range(TALLY_SHARDS)
        ],
        ignore_conflicts=True,
    )


def candidate_add(
    *, actor: Actor, plebiscite: Plebiscite, title: str, description: str, image: Any = None, image_alt: str = ""
) -> Candidate:
    """Entered by the officer: admitted at once. Proposed by a resident (propose phase): waits for the formal check."""
    process = plebiscite.process
    officer = is_system(actor) or actor.has_perm("participation.manage_plebiscite", plebiscite)
    if not officer:
        require(actor, "participation.view_plebiscite", plebiscite, hide=True)
        if not getattr(actor, "is_authenticated", False) or not actor.has_perm(
            "participation.propose_process", process
        ):
            raise ValidationError(_("Propozycje do plebiscytu można zgłaszać tylko w etapie zgłaszania propozycji."))
    if _voting_started(plebiscite, timezone.now()):
        raise ValidationError(_("Głosowanie już się rozpoczęło – lista propozycji jest zamknięta."))
    if not title.strip():
        raise ValidationError({"title": _("Podaj nazwę propozycji.")})
    if image:
        check_image(image)
        if not image_alt.strip():
            raise ValidationError({"image_alt": _("Opisz ilustrację słowami (dla osób niewidomych).")})
    with transaction.atomic():
        number = (plebiscite.candidates.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        candidate = Candidate(
            plebiscite=plebiscite,
            title=title.strip(),
            description=description.strip(),
            image_alt=image_alt.strip(),
            proposed_by=None if is_system(actor) else actor,
            number=number,
        )
        if image:
            candidate.image.save(image_name(candidate, image), image, save=False)
        candidate.save()
        if officer:
            CANDIDATE.apply(candidate, "admit")
            candidate.save(update_fields=["state"])
            _create_tallies(candidate)
        event(actor=actor, verb=ParticipationEvent.CANDIDATE_ADDED, target=plebiscite, candidate=candidate.pk)
    return candidate


def check_image(image: Any, field: str = "image") -> None:
    """An illustration: size and type by core.uploads (extension and first bytes), then Pillow must be able to
    read it whole (a renamed or truncated file is refused here, not shown broken on the candidate's page)."""
    from PIL import Image

    try:
        uploads.validate_file(image, uploads.IMAGES)
        image.seek(0)
        with Image.open(image) as img:
            img.verify()
        image.seek(0)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None
    except Exception:  # Pillow raises many kinds of errors (and a warning turned error) for a broken image
        image.seek(0)
        raise ValidationError(
            {field: _("Nie udało się odczytać obrazu – plik jest uszkodzony albo nie jest obrazem PNG, JPEG ani WebP.")}
        ) from None


def image_name(candidate: Candidate, image: Any) -> str:
    ext = (getattr(image, "name", "") or "").rsplit(".", 1)[-1].lower()
    return f"p{candidate.plebiscite_id}-{secrets.token_hex(6)}.{ext if ext in uploads.IMAGES else 'png'}"


def candidate_image_set(*, actor: Actor, candidate: Candidate, image: Any, image_alt: str) -> Candidate:
    """Add or replace a candidate's illustration: the officer, or the resident who proposed it while it waits for
    the formal check; never after voting has started (the ballot must not change under the voters)."""
    candidate = Candidate.objects.select_related("plebiscite__process", "plebiscite__voting_phase").get(pk=candidate.pk)
    officer = is_system(actor) or actor.has_perm("participation.manage_candidate", candidate)
    if not officer:
        require(actor, "participation.view_candidate", candidate, hide=True)
        if candidate.proposed_by_id != getattr(actor, "pk", None) or candidate.state != CandidateState.PROPOSED:
            raise PermissionDenied(_("Ilustrację może zmienić urząd albo autor propozycji przed jej oceną formalną."))
    if _voting_started(candidate.plebiscite, timezone.now()):
        raise ValidationError(_("Głosowanie już się rozpoczęło – propozycji nie można już zmieniać."))
    if not image:
        raise ValidationError({"image": _("Wybierz plik z ilustracją.")})
    check_image(image)
    if not image_alt.strip():
        raise ValidationError({"image_alt": _("Opisz ilustrację słowami (dla osób niewidomych).")})
    old = candidate.image.name if candidate.image else ""
    with transaction.atomic():
        candidate.image.save(image_name(candidate, image), image, save=False)
        candidate.image_alt = image_alt.strip()[:300]
        candidate.save(update_fields=["image", "image_alt"])
        event(actor=actor, verb=ParticipationEvent.CANDIDATE_IMAGE_SET, target=candidate)
    if old:
        candidate.image.storage.delete(old)
    return candidate


def candidate_decide(*, actor: Actor, candidate: Candidate, decision: str, reason: str = "") -> Candidate:
    require(actor, "participation.manage_candidate", candidate, hide=True)
    if decision not in ("admit", "reject"):
        raise ValidationError({"decision": _("Wybierz decyzję.")})
    with transaction.atomic():
        candidate = (
            Candidate.objects.select_for_update().select_related("plebiscite__voting_phase").get(pk=candidate.pk)
        )
        if _voting_started(candidate.plebiscite, timezone.now()):
            # the ballot is fixed when voting opens: no candidate may join or leave it under the voters
            raise ValidationError(_("Głosowanie już się rozpoczęło – lista propozycji jest zamknięta."))
        CANDIDATE.apply(candidate, decision, actor=actor, reason=reason)
        candidate.rejection_reason = reason.strip()[:500] if decision == "reject" else ""
        candidate.save(update_fields=["state", "rejection_reason"])
        if decision == "admit":
            _create_tallies(candidate)
        event(actor=actor, verb=ParticipationEvent.CANDIDATE_DECIDED, target=candidate, decision=decision)
    return candidate


# --- the vote -------------------------------------------------------------------------------------------------


def _valid_choices(plebiscite: Plebiscite, choices: Iterable[Any], field: str = "choices") -> list[int]:
    try:
        picked = sorted({int(c) for c in choices})
    except (TypeError, ValueError):
        raise ValidationError({field: _("Wybierz propozycje z listy.")}) from None
    if not picked:
        raise ValidationError({field: _("Zaznacz co najmniej jedną propozycję.")})
    if len(picked) > plebiscite.max_choices:
        raise ValidationError({field: _("Możesz wybrać najwyżej %(n)s propozycji.") % {"n": plebiscite.max_choices}})
    allowed = set(
        Candidate.objects.filter(plebiscite=plebiscite, state=CandidateState.ACCEPTED, pk__in=picked).values_list(
            "pk", flat=True
        )
    )
    if allowed != set(picked):
        raise ValidationError({field: _("Wybierz propozycje z listy.")})
    return picked


def _count(
    *,
    plebiscite: Plebiscite,
    voter_key: str,
    user: Any,
    channel: str,
    choices: list[int],
    age_band: str,
    area: str,
    today: date,
    savepoint: bool = True,
) -> str:
    """Insert "has voted" + the anonymous ballot + the tallies in the caller's transaction; the receipt code.

    `savepoint=False` when the refused insert may abort the caller's whole transaction (an online vote: nothing
    else was written before it); it saves two round trips per vote. Paper ballots keep the savepoint: a collision
    there sends the card to the coordinator in the same transaction."""
    try:
        with transaction.atomic(savepoint=savepoint):  # with a savepoint the outer transaction stays usable
            VoterRecord.objects.create(
                plebiscite=plebiscite,
                voter_key=voter_key,
                user=user,
                channel=channel,
                age_band=age_band,
                area=area[:80],
                voted_on=today,
            )
    except IntegrityError:
        raise AlreadyVoted(ALREADY_VOTED, code="already_voted") from None
    receipt = identity.new_receipt()
    Ballot.objects.create(
        plebiscite=plebiscite, channel=channel, choices=choices, receipt_hash=identity.receipt_hash(receipt)
    )
    shard = random.randrange(TALLY_SHARDS)  # noqa: S311 - spreads row locks, not a secret
    for cid in choices:  # sorted: every transaction locks tally rows in the same order (no deadlock)
        Tally.objects.filter(candidate_id=cid, channel=channel, shard=shard).update(votes=F("votes") + 1)
    return receipt


def _check_area(plebiscite: Plebiscite, area: str) -> str:
    area = (area or "").strip()
    if area and plebiscite.areas and area not in plebiscite.areas:
        raise ValidationError({"area": _("Wybierz część gminy z listy.")})
    return area


def _lives_in(user: Any, territory: Any) -> bool:
    home_id = getattr(user, "home_territory_id", None)
    if home_id is None:
        return False
    if home_id == territory.pk:  # the usual case, without loading the territory
        return True
    return bool(user.home_territory.code.startswith(territory.code[:6]))


def vote_cast(
    *,
    actor: Actor,
    plebiscite: Plebiscite,
    choices: Iterable[Any],
    pesel: str,
    area: str = "",
    now: datetime | None = None,
) -> str:
    """An online vote by a signed-in resident verified by PESEL. Returns the receipt code (shown once).

    First the short path (`ballot_box.cast_online`: one statement checks every rule against the rows as they are
    and writes the vote); when it cannot decide (a rule refused), the ORM path reads the plebiscite and names the
    rule that refused the vote."""
    now = now or timezone.now()
    choices = list(choices)  # read twice when the short path leaves the decision to the ORM path
    receipt = cast_online(actor=actor, plebiscite=plebiscite, choices=choices, pesel=pesel, area=area, now=now)
    if receipt is not None:
        return receipt
    return vote_cast_orm(actor=actor, plebiscite=plebiscite, choices=choices, pesel=pesel, area=area, now=now)


def vote_cast_orm(
    *, actor: Actor, plebiscite: Plebiscite, choices: Iterable[Any], pesel: str, area: str, now: datetime
) -> str:
    """The ORM path of `vote_cast`: reads the plebiscite, checks each rule in order and names the one that refuses
    the vote; otherwise votes with four ORM writes (`_count`) and the audit event. `benchmarks/plebiscite.py`
    measures it as the baseline of the short path.

    Reads before the transaction: the plebiscite (fresh, with its process, territory and phase) and the admitted
    candidates; the view policy is asked only for a draft (a published process is visible to everyone, so the
    answer is known without the two queries the policy would make)."""
    plebiscite = Plebiscite.objects.select_related("process", "process__territory", "voting_phase").get(
        pk=plebiscite.pk
    )
    if plebiscite.process.state == ProcessState.DRAFT:
        require(actor, "participation.view_plebiscite", plebiscite, hide=True)
    if is_system(actor) or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Zaloguj się, aby zagłosować."))
    if not _voting_open(plebiscite, now):
        raise ValidationError(_("Głosowanie nie jest teraz otwarte."))
    if not plebiscite.online:
        raise ValidationError(_("W tym plebiscycie nie głosuje się przez internet."))
    if plebiscite.residents_only and not _lives_in(actor, plebiscite.process.territory):
        raise ValidationError(
            _("Głosują mieszkańcy gminy %(g)s (gmina w Twoim profilu jest inna).")
            % {"g": plebiscite.process.territory.name}
        )
    today = timezone.localdate(now)
    compact, age = identity.check_pesel(pesel, min_age=plebiscite.min_age, on=today)
    picked = _valid_choices(plebiscite, choices)
    area = _check_area(plebiscite, area)
    with transaction.atomic():
        receipt = _count(
            plebiscite=plebiscite,
            voter_key=identity.pesel_key(compact),
            user=actor,
            channel=Channel.ONLINE,
            choices=picked,
            age_band=identity.age_band(age),
            area=area,
            today=today,
            savepoint=False,
        )
        event(actor=actor, verb=ParticipationEvent.VOTE_CAST, target=plebiscite, channel=Channel.ONLINE)
    return receipt


def vote_cast_with_code(
    *, actor: Actor | None, plebiscite: Plebiscite, code: str, choices: Iterable[Any], now: datetime | None = None
) -> str:
    """A vote with a one-time code from the residents' list (no account needed: the code is the credential).

    `actor` is the signed-in user, or None for a resident without an account (the code is checked instead of a
    permission); the system actor is recorded as nobody, since it only stands in for a code holder."""
    now = now or timezone.now()
    plebiscite = Plebiscite.objects.select_related("process", "voting_phase").get(pk=plebiscite.pk)
    if plebiscite.process.state == ProcessState.DRAFT:
        raise PermissionDenied
    if not _voting_open(plebiscite, now) or not plebiscite.codes:
        raise ValidationError(_("Głosowanie kodem nie jest teraz możliwe."))
    picked = _valid_choices(plebiscite, choices)
    with transaction.atomic():
        found = (
            VotingCode.objects.select_for_update()
            .filter(plebiscite=plebiscite, code_hash=identity.code_key(code))
            .first()
        )
        if found is None:
            raise ValidationError({"code": _("Nie znaleziono takiego kodu. Sprawdź, czy przepisano go bez błędu.")})
        if found.used:
            raise AlreadyVoted(_("Ten kod został już użyty – można nim zagłosować tylko raz."), code="already_voted")
        receipt = _count(
            plebiscite=plebiscite,
            voter_key=found.pesel_key or found.code_hash,
            user=None,
            channel=Channel.ONLINE,
            choices=picked,
            age_band=found.age_band,
            area=found.area,
            today=timezone.localdate(now),
            savepoint=False,
        )
        VotingCode.objects.filter(pk=found.pk).update(used=True)
        event(
            actor=None if actor is None or is_system(actor) else actor,
            verb=ParticipationEvent.VOTE_CAST,
            target=plebiscite,
            channel="code",
        )
    return receipt


def vote_started(*, actor: Actor, plebiscite: Plebiscite, now: datetime | None = None) -> VoteStart | None:
    """Note that a signed-in person opened the online ballot while voting is open (the definition of "started" for
    the reminder: see `VoteStart`). Kept once per person and plebiscite; nothing of the choice is stored. Returns
    the record, or None when there is nothing to remind about (voting closed, not online, already voted).

    Not an audit event: it is a trace of opening a page, deleted with the verification data, not a decision."""
    now = now or timezone.now()
    if is_system(actor) or not getattr(actor, "is_authenticated", False):
        return None
    if not _voting_open(plebiscite, now) or not plebiscite.online:
        return None
    if plebiscite.residents_only and not _lives_in(actor, plebiscite.process.territory):
        return None  # may not vote online here: nothing to remind about
    if VoterRecord.objects.filter(plebiscite=plebiscite, user=actor).exists():
        return None
    start, _created = VoteStart.objects.get_or_create(plebiscite=plebiscite, user=actor, defaults={"started_at": now})
    return start


def vote_reminder_set(*, actor: Actor, plebiscite: Plebiscite, remind: bool, now: datetime | None = None) -> VoteStart:
    """The opt-out (and back in) of the one reminder e-mail about an unfinished vote, chosen on the ballot page."""
    require(actor, "participation.view_plebiscite", plebiscite, hide=True)
    if is_system(actor) or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Zaloguj się, aby zagłosować."))
    now = now or timezone.now()
    with transaction.atomic():
        start, _created = VoteStart.objects.select_for_update().get_or_create(
            plebiscite=plebiscite, user=actor, defaults={"started_at": now}
        )
        if start.opted_out == (not remind):
            return start
        start.opted_out = not remind
        start.save(update_fields=["opted_out"])
        event(
            actor=actor,
            verb=ParticipationEvent.VOTE_REMINDER_ON if remind else ParticipationEvent.VOTE_REMINDER_OFF,
            target=plebiscite,
        )
    return start


def codes_issue(*, actor: Actor, plebiscite: Plebiscite, rows: list[dict[str, str]]) -> list[tuple[str, str]]:
    """Issue one code per resident of the list ({"name", "pesel"?, "area"?}); returns (name, code) to print once."""
    require(actor, "participation.manage_plebiscite", plebiscite, hide=True)
    if not plebiscite.codes:
        raise ValidationError(_("W zasadach tego plebiscytu nie ma głosowania kodem."))
    today = timezone.localdate()
    issued: list[tuple[str, str]] = []
    objs = []
    errors = []
    for n, row in enumerate(rows, start=2):
        name = (row.get("name") or "").strip()[:150]
        pesel = (row.get("pesel") or "").strip()
        key, band = "", str(AgeBand.UNKNOWN)
        if pesel:
            try:
                compact, age = identity.check_pesel(pesel, min_age=plebiscite.min_age, on=today)
            except ValidationError as exc:
                errors.append(_("Wiersz %(n)s: %(e)s") % {"n": n, "e": " ".join(exc.messages)})
                continue
            key, band = identity.pesel_key(compact), identity.age_band(age)
        code = identity.new_code()
        objs.append(
            VotingCode(
                plebiscite=plebiscite,
                code_hash=identity.code_key(code),
                holder=name,
                pesel_key=key,
                age_band=band,
                area=(row.get("area") or "").strip()[:80],
            )
        )
        issued.append((name, code))
    if errors:
        raise ValidationError(errors[:20])
    with transaction.atomic():
        VotingCode.objects.bulk_create(objs)
        event(actor=actor, verb=ParticipationEvent.CODES_ISSUED, target=plebiscite, count=len(objs))
    return issued


# --- paper ballots --------------------------------------------------------------------------------------------


def paper_ballot_enter(
    *,
    actor: Actor,
    plebiscite: Plebiscite,
    number: int,
    full_name: str,
    pesel: str,
    choices: Iterable[Any],
    area: str = "",
    now: datetime | None = None,
) -> PaperBallot:
    """An officer enters a paper card. Counted at once when valid; a collision or a bad PESEL goes to the
    coordinator's queue (status "do rozstrzygnięcia") with the reason."""
    require(actor, "participation.coordinate_plebiscite", plebiscite, hide=True)
    now = now or timezone.now()
    plebiscite = Plebiscite.objects.select_related("process", "voting_phase").get(pk=plebiscite.pk)
    if not plebiscite.paper:
        raise ValidationError(_("W tym plebiscycie nie ma głosowania na papierze."))
    if plebiscite.results_state == ResultsState.FINAL:
        raise ValidationError(_("Wyniki są ostateczne – nie można już wprowadzać kart."))
    if now < plebiscite.voting_phase.starts_at:
        raise ValidationError(_("Głosowanie jeszcze się nie rozpoczęło."))
    if not full_name.strip():
        raise ValidationError({"full_name": _("Przepisz imię i nazwisko z karty.")})
    area = _check_area(plebiscite, area)
    today = timezone.localdate(now)
    problem = PaperProblem.NONE
    key, band = "", str(AgeBand.UNKNOWN)
    try:
        compact, age = identity.check_pesel(pesel, min_age=plebiscite.min_age, on=today)
        key, band = identity.pesel_key(compact), identity.age_band(age)
    except ValidationError:
        problem = PaperProblem.PESEL
    try:
        picked = _valid_choices(plebiscite, choices)
    except ValidationError:
        picked = []
        problem = problem or PaperProblem.CHOICES
    with transaction.atomic():
        try:
            with transaction.atomic():
                ballot = PaperBallot.objects.create(
                    plebiscite=plebiscite,
                    number=number,
                    full_name=full_name.strip()[:150],
                    pesel_key=key,
                    pesel_last=pesel.strip()[-4:] if pesel else "",
                    age_band=band,
                    area=area,
                    choices=picked,
                    entered_by=None if is_system(actor) else actor,
                )
        except IntegrityError:
            raise ValidationError({"number": _("Karta o tym numerze już została wprowadzona.")}) from None
        if not problem:
            try:
                _count(
                    plebiscite=plebiscite,
                    voter_key=key,
                    user=None,
                    channel=Channel.PAPER,
                    choices=picked,
                    age_band=band,
                    area=area,
                    today=today,
                )
            except AlreadyVoted:
                problem = PaperProblem.COLLISION
        if problem:
            ballot.problem = problem
            ballot.save(update_fields=["problem"])
        else:
            PAPER.apply(ballot, "count")
            ballot.choices = []  # counted: the choice now lives only in the anonymous ballot
            ballot.save(update_fields=["state", "choices"])
        event(actor=actor, verb=ParticipationEvent.PAPER_BALLOT_ENTERED, target=plebiscite, problem=str(problem))
    return ballot


def paper_ballot_resolve(
    *, actor: Actor, ballot: PaperBallot, decision: str, reason: str = "", pesel: str = "", now: datetime | None = None
) -> PaperBallot:
    """The coordinator's decision on a card in the queue: count it (with a corrected PESEL when that was the
    problem; refused if the person has voted), or give it one of the statuses with a reason."""
    plebiscite = ballot.plebiscite
    require(actor, "participation.coordinate_plebiscite", plebiscite, hide=True)
    if decision not in ("count", "pesel_unverified", "name_mismatch", "invalidate"):
        raise ValidationError({"decision": _("Wybierz rozstrzygnięcie.")})
    now = now or timezone.now()
    with transaction.atomic():
        ballot = PaperBallot.objects.select_for_update().select_related("plebiscite").get(pk=ballot.pk)
        PAPER.apply(ballot, decision, actor=actor, reason=reason)
        if decision == "count":
            key, band = ballot.pesel_key, ballot.age_band
            if pesel.strip():
                compact, age = identity.check_pesel(pesel, min_age=plebiscite.min_age, on=timezone.localdate(now))
                key, band = identity.pesel_key(compact), identity.age_band(age)
            if not key:
                raise ValidationError({"pesel": _("Podaj poprawiony numer PESEL z karty.")})
            if not ballot.choices:
                raise ValidationError(_("Karta nie ma prawidłowego wyboru – oznacz ją jako nieważną."))
            try:
                _count(
                    plebiscite=plebiscite,
                    voter_key=key,
                    user=None,
                    channel=Channel.PAPER,
                    choices=list(ballot.choices),
                    age_band=band,
                    area=ballot.area,
                    today=timezone.localdate(now),
                )
            except AlreadyVoted:
                raise ValidationError(
                    _("Ta osoba już głosowała – kartę można oznaczyć tylko jako nieważną albo z innym statusem.")
                ) from None
            ballot.pesel_key, ballot.age_band = key, band
        ballot.choices = []
        ballot.resolution_note = reason.strip()[:500]
        ballot.resolved_by = _user(actor)
        ballot.save(update_fields=["state", "choices", "resolution_note", "resolved_by", "pesel_key", "age_band"])
        event(actor=actor, verb=ParticipationEvent.PAPER_BALLOT_RESOLVED, target=plebiscite, decision=decision)
    return ballot


# --- results --------------------------------------------------------------------------------------------------


def results_publish(*, actor: Actor, plebiscite: Plebiscite, now: datetime | None = None) -> Plebiscite:
    require(actor, "participation.manage_plebiscite", plebiscite, hide=True)
    now = now or timezone.now()
    with transaction.atomic():
        plebiscite = Plebiscite.objects.select_for_update().select_related("voting_phase").get(pk=plebiscite.pk)
        if now < plebiscite.voting_phase.ends_at:
            raise ValidationError(_("Wyniki można opublikować dopiero po zakończeniu głosowania."))
        RESULTS.apply(plebiscite, "publish", actor=actor)
        plebiscite.results_published_at = now
        plebiscite.save(update_fields=["results_state", "results_published_at"])
        event(actor=actor, verb=ParticipationEvent.RESULTS_PUBLISHED, target=plebiscite)
    return plebiscite


def results_finalise(*, actor: Actor, plebiscite: Plebiscite, now: datetime | None = None) -> Plebiscite:
    """Final result: no card may wait in the queue; a tie for first place is resolved by a recorded draw."""
    from ..selectors import results

    require(actor, "participation.manage_plebiscite", plebiscite, hide=True)
    now = now or timezone.now()
    with transaction.atomic():
        plebiscite = (
            Plebiscite.objects.select_for_update().select_related("voting_phase", "process").get(pk=plebiscite.pk)
        )
        if now < plebiscite.voting_phase.ends_at:
            raise ValidationError(_("Wyniki można zatwierdzić dopiero po zakończeniu głosowania."))
        pending = plebiscite.paper_ballots.filter(state=PaperBallotState.PENDING).count()
        if pending:
            raise ValidationError(
                _("Koordynator musi najpierw rozstrzygnąć karty papierowe w kolejce (%(n)s).") % {"n": pending}
            )
        RESULTS.apply(plebiscite, "finalise", actor=actor)
        res = results(plebiscite)
        winner = res.rows[0]["candidate"] if res.rows and res.rows[0]["total"] else None
        if res.tied:
            seed = secrets.token_hex(16)
            ordered = sorted(res.tied, key=lambda c: c.pk)
            winner = random.Random(seed).choice(ordered)  # noqa: S311 - the seed is recorded, the draw replayable
            TieDraw.objects.create(
                plebiscite=plebiscite,
                candidates=[c.pk for c in ordered],
                winner=winner,
                seed=seed,
                drawn_by_label=str(actor) if is_system(actor) else (actor.email or str(actor)),
            )
            event(
                actor=actor,
                verb=ParticipationEvent.TIE_DRAWN,
                target=plebiscite,
                candidates=[c.pk for c in ordered],
                winner=winner.pk,
            )
        plebiscite.winner = winner
        plebiscite.final_at = now
        if plebiscite.results_published_at is None:
            plebiscite.results_published_at = now
        plebiscite.save(update_fields=["results_state", "winner", "final_at", "results_published_at"])
        event(actor=actor, verb=ParticipationEvent.RESULTS_FINAL, target=plebiscite)
    return plebiscite


def verification_purge(*, actor: Actor, plebiscite: Plebiscite) -> dict[str, int]:
    """Delete the verification data once the result is final: PESEL hashes, codes, paper cards' personal data."""
    require(actor, "participation.manage_plebiscite", plebiscite, hide=True)
    with transaction.atomic():
        plebiscite = Plebiscite.objects.select_for_update().get(pk=plebiscite.pk)
        if plebiscite.results_state != ResultsState.FINAL:
            raise ValidationError(_("Dane weryfikacyjne usuwa się dopiero po zatwierdzeniu ostatecznych wyników."))
        counts = {
            "voter_keys": VoterRecord.objects.filter(plebiscite=plebiscite, voter_key__isnull=False).update(
                voter_key=None
            ),
            "codes": VotingCode.objects.filter(plebiscite=plebiscite).delete()[0],
            "paper_ballots": PaperBallot.objects.filter(plebiscite=plebiscite).update(
                full_name="", pesel_key="", pesel_last="", choices=[]
            ),
            "vote_starts": VoteStart.objects.filter(plebiscite=plebiscite).delete()[0],
        }
        plebiscite.verification_purged_at = timezone.now()
        plebiscite.save(update_fields=["verification_purged_at"])
        event(actor=actor, verb=ParticipationEvent.VERIFICATION_PURGED, target=plebiscite, **counts)
    return counts
