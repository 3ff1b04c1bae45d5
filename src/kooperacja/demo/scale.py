"""A synthetic voivodeship-sized region on top of the demo (issue 15 §1): `kooperacja seed_scale`.

At scale 1.0 (a ROPS serving ~120 gminas): 3,000 organisations, 5,000 services, 100,000 participants with one
active enrolment each, 10 sessions per service and one attendance mark per enrolment and session (1,000,000),
one cooperation team per gmina of the voivodeship that has none yet (118 in Podlaskie) with 20,000 cases and
50,000 referrals. Everything is bulk-inserted but every row is one the workflows could have produced:
- organisations have unique names per gmina, services `places_taken` equal to their active enrolments and a
  capacity above it, every participant is served by (PersonOrganisation) the provider of their service;
- cases are open (diagnosis) or closed with a closing date; referrals are in every state of the closed loop
  with the dates and texts each state requires (declined: reason; completed/not completed: outcome);
- team meetings that were held have minutes; planned ones are in the future.
Calls, offers (one call with 302), contracts and consortia with resolutions and votes: `demo.scale_commissioning`.

Clearly marked: every name starts with `MARK` ("[SYNT]"), persons' codes with "S-", e-mails end in
`@synthetic.kooperacja.demo`; no real PESEL. Deterministic: the same `seed` gives the same rows (dates are
offsets from the day of the run). Refuses to run twice (`ScaleAlreadySeededError`).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils import timezone

from kooperacja.accounts.enums import MembershipStatus, Role
from kooperacja.accounts.models import User
from kooperacja.catalog.enums import ServiceCategory, ServiceStatus
from kooperacja.catalog.models import Service
from kooperacja.cooperation.enums import CaseKind, CaseStatus, MeetingStatus, MemberLevel, ReferralState
from kooperacja.cooperation.models import Case, Meeting, Referral, Team, TeamMember
from kooperacja.core.models import Territory
from kooperacja.delivery.enums import AttendanceStatus, EnrolmentStatus
from kooperacja.delivery.models import Attendance, Enrolment, Person, PersonOrganisation, Session
from kooperacja.organisations.enums import LegalForm
from kooperacja.organisations.models import Membership, Organisation

MARK = "[SYNT]"
EMAIL_DOMAIN = "synthetic.kooperacja.demo"
BATCH = 2_000
# Sizes at scale 1.0 (issue 15).
SIZES = {
    "organisations": 3_000,
    "services": 5_000,
    "participants": 100_000,
    "sessions_per_service": 10,
    "cases": 20_000,
    "referrals": 50_000,
    "teams": 118,
    "big_service_enrolments": 513,  # the day-room register of the issue
}
NGO_FORMS = [
    LegalForm.ASSOCIATION,
    LegalForm.FOUNDATION,
    LegalForm.SOCIAL_COOPERATIVE,
    LegalForm.CIS,
    LegalForm.KIS,
    LegalForm.WTZ,
]
FIRST_NAMES = ["Anna", "Piotr", "Maria", "Krzysztof", "Katarzyna", "Tomasz", "Agnieszka", "Paweł", "Ewa", "Jan"]
M = TypeVar("M", bound=models.Model)


class ScaleAlreadySeededError(Exception):
    """The synthetic region is already in this database: seed_scale refuses to run twice."""


@dataclass
class Report:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def already_seeded() -> bool:
    return Organisation.objects.filter(name__startswith=MARK).exists()


def bulk(model: type[M], rows: Sequence[M], say: Callable[[str], None], label: str) -> list[M]:
    out: list[M] = []
    for start in range(0, len(rows), BATCH):
        out.extend(model.objects.bulk_create(rows[start : start + BATCH]))
    say(f"  {label}: {len(out)}")
    return out


def n_of(base: int, scale: float, minimum: int = 1) -> int:
    return max(minimum, round(base * scale))


def seed_scale(
    *, scale: float = 1.0, seed: int = 2026, voivodeship: str = "20", say: Callable[[str], None] = print
) -> Report:
    """Insert the synthetic region. Raises ScaleAlreadySeededError if it is already there."""
    if already_seeded():
        raise ScaleAlreadySeededError
    started = time.perf_counter()
    rng = random.Random(seed)
    today = timezone.localdate()
    now = timezone.now()
    report = Report()
    gminas = list(Territory.objects.filter(kind="gmina", code__startswith=voivodeship).order_by("code"))
    if not gminas:
        raise ValueError(f"Brak gmin województwa {voivodeship} w rejestrze TERYT (kooperacja import_teryt).")
    with transaction.atomic():
        orgs = _organisations(rng, scale, gminas, say)
        services = _services(rng, scale, orgs, today, say)
        _delivery(rng, scale, orgs, services, today, now, say, report)
        _cooperation(rng, scale, gminas, orgs, today, now, say, report)
        from kooperacja.demo import scale_commissioning  # imports this module's helpers

        scale_commissioning.seed_commissioning(rng, scale, gminas, orgs, today, now, say, report)
        scale_commissioning.seed_consortia(rng, scale, orgs, today, now, say, report)
    # bulk inserts send no model signals: tell the cached figures and public pages (core.pagecache) ourselves
    from kooperacja.catalog.selectors import PUBLIC_TAG as CATALOG
    from kooperacja.commissioning.apps import PUBLIC_TAG as COMMISSIONING
    from kooperacja.cooperation.selectors import STATISTICS_TAG
    from kooperacja.core import pagecache
    from kooperacja.organisations.selectors import PUBLIC_TAG as ORGANISATIONS

    pagecache.bump(STATISTICS_TAG, CATALOG, COMMISSIONING, ORGANISATIONS)
    report.counts.update(organisations=len(orgs), services=len(services))
    report.seconds = time.perf_counter() - started
    return report


def _organisations(
    rng: random.Random, scale: float, gminas: list[Territory], say: Callable[[str], None]
) -> list[Organisation]:
    say("Organizacje…")
    rows = []
    for i in range(n_of(SIZES["organisations"], scale, minimum=4)):
        gmina = gminas[i % len(gminas)]
        form = NGO_FORMS[rng.randrange(len(NGO_FORMS))]
        rows.append(
            Organisation(
                name=f"{MARK} Organizacja {i + 1:05d}",
                legal_form=form,
                territory=gmina,
                city=gmina.name,
                is_pes=True,
                is_verified=True,
                areas=["youth"],
                description="Dane syntetyczne do testów wydajności (kooperacja seed_scale).",
            )
        )
    return bulk(Organisation, rows, say, "organizacje")


def _services(
    rng: random.Random, scale: float, orgs: list[Organisation], today: date, say: Callable[[str], None]
) -> list[Service]:
    say("Usługi…")
    categories = list(ServiceCategory.values)
    rows = [
        Service(
            provider=orgs[i % len(orgs)],
            name=f"{MARK} Usługa {i + 1:05d}",
            summary="Usługa syntetyczna",
            description="Dane syntetyczne do testów wydajności.",
            category=categories[rng.randrange(len(categories))],
            status=ServiceStatus.ACTIVE,
            is_free=True,
            starts_on=today - timedelta(days=365),
        )
        for i in range(n_of(SIZES["services"], scale, minimum=2))
    ]
    return bulk(Service, rows, say, "usługi")


def _delivery(
    rng: random.Random,
    scale: float,
    orgs: list[Organisation],
    services: list[Service],
    today: date,
    now: datetime,
    say: Callable[[str], None],
    report: Report,
) -> None:
    say("Uczestnicy, zapisy, zajęcia, obecności…")
    n_people = n_of(SIZES["participants"], scale, minimum=len(services))
    big = min(n_of(SIZES["big_service_enrolments"], scale), n_people)
    # Person i attends service 0 for i < big, then the others in turn.
    service_of = [0 if i < big else i % len(services) for i in range(n_people)]
    people = bulk(
        Person,
        [
            Person(
                code=f"S-{i + 1:08d}",
                first_name=FIRST_NAMES[rng.randrange(len(FIRST_NAMES))],
                last_name=f"Syntetyczny {i + 1}",
                territory_id=services[service_of[i]].provider.territory_id,
                registered_by=services[service_of[i]].provider,
                birth_date=today - timedelta(days=rng.randrange(6 * 365, 80 * 365)),
            )
            for i in range(n_people)
        ],
        say,
        "uczestnicy",
    )
    bulk(
        PersonOrganisation,
        [
            PersonOrganisation(
                person=p, organisation_id=services[s].provider_id, since=today - timedelta(days=200), reason="zapis"
            )
            for p, s in zip(people, service_of, strict=True)
        ],
        say,
        "powiązania uczestnik–organizacja",
    )
    enrolments = bulk(
        Enrolment,
        [
            Enrolment(
                person=p,
                service=services[s],
                status=EnrolmentStatus.ACTIVE,
                requested_on=today - timedelta(days=200),
                enrolled_on=today - timedelta(days=190),
            )
            for p, s in zip(people, service_of, strict=True)
        ],
        say,
        "zapisy (aktywne)",
    )
    taken: dict[int, int] = {}
    for s in service_of:
        taken[services[s].pk] = taken.get(services[s].pk, 0) + 1
    for service in services:  # the figure delivery's services keep: active enrolments, never above capacity
        service.places_taken = taken.get(service.pk, 0)
        service.capacity_places = service.places_taken + 5
    Service.objects.bulk_update(services, ["places_taken", "capacity_places"], batch_size=BATCH)
    per_service = SIZES["sessions_per_service"]
    sessions = bulk(
        Session,
        [
            Session(service=service, date=today - timedelta(days=7 * (k + 1)), topic=f"Zajęcia {k + 1}", led_by=MARK)
            for service in services
            for k in range(per_service)
        ],
        say,
        "zajęcia",
    )
    sessions_of: dict[int, list[Session]] = {}
    for session in sessions:
        sessions_of.setdefault(session.service_id, []).append(session)
    marks = 0
    rows: list[Attendance] = []
    for enrolment in enrolments:
        for session in sessions_of[enrolment.service_id]:
            roll = rng.random()
            status = (
                AttendanceStatus.PRESENT
                if roll < 0.8
                else (AttendanceStatus.ABSENT if roll < 0.93 else AttendanceStatus.EXCUSED)
            )
            hours = session.duration_hours if status == AttendanceStatus.PRESENT else Decimal("0")
            rows.append(Attendance(session=session, enrolment=enrolment, status=status, hours=hours))
        if len(rows) >= 20_000:
            Attendance.objects.bulk_create(rows, batch_size=5_000)
            marks += len(rows)
            rows = []
            say(f"  obecności: {marks}…")
    Attendance.objects.bulk_create(rows, batch_size=5_000)
    marks += len(rows)
    say(f"  obecności: {marks}")
    report.counts.update(participants=len(people), enrolments=len(enrolments), sessions=len(sessions), attendance=marks)


def _referral_fields(state: str, sent_at: datetime, today: date, rng: random.Random) -> dict[str, Any]:
    """The dates and texts the closed loop leaves on a referral in `state` (workflows.REFERRAL_WF)."""
    due = (sent_at + timedelta(days=30)).date()
    fields: dict[str, Any] = {"state": state, "sent_at": sent_at, "due_on": due}
    if state != ReferralState.SENT:
        fields["decided_at"] = sent_at + timedelta(days=2)
    if state == ReferralState.DECLINED:
        fields["decline_reason"] = "Brak wolnych miejsc (dane syntetyczne)."
    if state in (ReferralState.IN_PROGRESS, ReferralState.COMPLETED):
        fields["started_at"] = sent_at + timedelta(days=5)
    if state in (ReferralState.COMPLETED, ReferralState.NOT_COMPLETED):
        fields["finished_at"] = sent_at + timedelta(days=25)
        fields["outcome"] = "Rezultat opisany (dane syntetyczne)."
    return fields


def _cooperation(
    rng: random.Random,
    scale: float,
    gminas: list[Territory],
    orgs: list[Organisation],
    today: date,
    now: datetime,
    say: Callable[[str], None],
    report: Report,
) -> None:
    say("Zespoły kooperacji, sprawy, skierowania…")
    free = [g for g in gminas if not Team.objects.filter(gmina=g).exists()]
    team_gminas = free[: n_of(SIZES["teams"], scale, minimum=2)]
    leads = bulk(
        Organisation,
        [
            Organisation(
                name=f"{MARK} Ośrodek Pomocy Społecznej w gminie {g.name} ({g.code})",
                legal_form=LegalForm.SOCIAL_ASSISTANCE_CENTRE,
                territory=g,
                city=g.name,
                is_verified=True,
            )
            for g in team_gminas
        ],
        say,
        "ośrodki pomocy społecznej (instytucje wiodące)",
    )
    password = make_password(None)  # unusable: the synthetic workers cannot log in
    workers = bulk(
        User,
        [
            User(
                email=f"pzk-{g.code}@{EMAIL_DOMAIN}", full_name=f"{MARK} Pracownik socjalny {g.code}", password=password
            )
            for g in team_gminas
        ],
        say,
        "pracownicy socjalni",
    )
    bulk(
        Membership,
        [
            Membership(user=w, organisation=o, role=Role.SOCIAL_WORKER, status=MembershipStatus.ACTIVE, decided_at=now)
            for w, o in zip(workers, leads, strict=True)
        ],
        say,
        "członkostwa",
    )
    teams = bulk(
        Team,
        [
            Team(
                name=f"{MARK} Partnerski Zespół Kooperacji Gminy {g.name} ({g.code})",
                gmina=g,
                lead_organisation=o,
                founded_on=today - timedelta(days=400),
            )
            for g, o in zip(team_gminas, leads, strict=True)
        ],
        say,
        "zespoły",
    )
    partners: dict[int, list[Organisation]] = {}
    members = []
    for k, (team, lead) in enumerate(zip(teams, leads, strict=True)):
        partners[team.pk] = [orgs[(3 * k + j) % len(orgs)] for j in range(3)]
        for org in [lead, *partners[team.pk]]:
            members.append(
                TeamMember(
                    team=team,
                    organisation=org,
                    level=MemberLevel.GMINA,
                    agreement_signed_on=today - timedelta(days=390),
                    agreement_scope="Współpraca w zespole (dane syntetyczne).",
                )
            )
    bulk(TeamMember, members, say, "członkowie zespołów")
    meetings = []
    for team in teams:
        for k in range(4):
            held = k < 3
            meetings.append(
                Meeting(
                    team=team,
                    title=f"Posiedzenie {k + 1}",
                    starts_at=now + timedelta(days=(-90 + 30 * k) if held else 14),
                    place="Sala konferencyjna",
                    agenda="Sprawy bieżące.",
                    minutes="Protokół (dane syntetyczne)." if held else "",
                    status=MeetingStatus.HELD if held else MeetingStatus.PLANNED,
                )
            )
    bulk(Meeting, meetings, say, "posiedzenia")
    # Cases: bigger gminas have more (a Pareto-like weight), every team at least one.
    weights = [1.0 / (1 + k) ** 0.7 for k in range(len(teams))]
    n_cases = max(len(teams), n_of(SIZES["cases"], scale))
    team_index = list(range(len(teams))) + rng.choices(range(len(teams)), weights=weights, k=n_cases - len(teams))
    case_rows = []
    for i, t in enumerate(team_index):
        closed = rng.random() < 0.35
        opened = today - timedelta(days=rng.randrange(10, 700))
        case_rows.append(
            Case(
                team=teams[t],
                number=f"SYN/{team_gminas[t].code}/{i + 1:06d}",
                kind=CaseKind.FAMILY,
                title=f"Rodzina {i + 1} (synt.)",
                gmina=team_gminas[t],
                owner=leads[t],
                case_worker=workers[t],
                status=CaseStatus.CLOSED if closed else CaseStatus.OPEN,
                opened_on=opened,
                closed_on=min(today, opened + timedelta(days=rng.randrange(30, 300))) if closed else None,
            )
        )
    cases = bulk(Case, case_rows, say, "sprawy")
    team_pos = {team.pk: k for k, team in enumerate(teams)}
    states = list(ReferralState.values)
    referral_rows = []
    for _ in range(n_of(SIZES["referrals"], scale)):
        case = cases[rng.randrange(len(cases))]
        k = team_pos[case.team_id]
        age = max(1, (today - case.opened_on).days)  # sent while the case was open
        sent_at = now - timedelta(days=rng.randrange(0, age), hours=rng.randrange(1, 24))
        state = states[rng.randrange(len(states))]
        to = partners[case.team_id][rng.randrange(3)]
        referral_rows.append(
            Referral(
                case=case,
                from_organisation=leads[k],
                to_organisation=to,
                sent_by=workers[k],
                request="Prośba o wsparcie (dane syntetyczne).",
                shared_parts=["summary"],
                **_referral_fields(state, sent_at, today, rng),
            )
        )
    bulk(Referral, referral_rows, say, "skierowania")
    report.counts.update(teams=len(teams), cases=len(cases), referrals=len(referral_rows), meetings=len(meetings))
