"""Konsorcjum OdNowa's governance over time (issue 17, "Consortia"), after `consortia`: a vote with a deadline that
the clock closed the day after it (`consortia_close_votes`), with the result e-mailed to the members; a general
meeting with a per-person attendance list and the quorum computed from it; the register of the members' capacity
for new calls, kept by the members' people; an amendment of the agreement adopted by resolution (version 2).

Everything through the services, as the consortium's own people; the clock's step as the system (the task)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from kooperacja.consortia import services
from kooperacja.consortia.attendance import candidates
from kooperacja.consortia.capacity import gminas
from kooperacja.consortia.enums import BodyKind, VoteChoice
from kooperacja.consortia.tasks import close_due_votes
from kooperacja.demo.context import DemoContext


def seed(ctx: DemoContext) -> None:
    consortium = ctx.extra["consortia"]["open_resolution"].consortium  # Konsorcjum OdNowa (scenario `consortia`)
    coordinator = ctx.users["coordinator"]
    general = consortium.bodies.get(kind=BodyKind.GENERAL_MEETING)
    res = services.resolution_draft(
        actor=coordinator,
        consortium=consortium,
        body=general,
        title="Harmonogram posiedzeń zgromadzenia na kolejny rok",
        text=(
            "Zgromadzenie zbiera się w pierwszy wtorek każdego kwartału; biuro rozsyła porządek obrad 7 dni wcześniej."
        ),
    )
    # The vote closes at the end of the day; three of the members voted (the quorum), the rest did not in time.
    services.resolution_open_vote(actor=coordinator, resolution=res, closes_on=ctx.today)
    for key, org_key in (("coordinator", "cal_hajnowka"), ("pes_staff", "ss_zubr"), ("ngo_staff", "fundacja_puszcza")):
        member = consortium.members.get(organisation=ctx.orgs[org_key])
        services.vote_cast(actor=ctx.users[key], resolution=res, member=member, choice=VoteChoice.FOR)
    # The daily task on the next morning closes it and e-mails the result (only this vote is due then).
    close_due_votes.call((ctx.today + dt.timedelta(days=1)).isoformat())
    ctx.extra["consortia"]["closed_by_clock"] = res
    _meeting_with_attendance(ctx, consortium)
    _capacity(ctx, consortium)
    _amendment(ctx, consortium)


def _meeting_with_attendance(ctx: DemoContext, consortium: Any) -> None:
    """An extraordinary general meeting held last week: four people signed the attendance list – the chair and the
    office worker (both of CAL „Razem”: one member), the representatives of Żubr and of Fundacja Puszcza; the
    quorum is 3 members represented out of those entitled."""
    coordinator = ctx.users["coordinator"]
    general = consortium.bodies.get(kind=BodyKind.GENERAL_MEETING)
    meeting = services.meeting_schedule(
        actor=coordinator,
        body=general,
        data={
            "title": "Nadzwyczajne zgromadzenie członków – harmonogram posiedzeń",
            "starts_at": timezone.make_aware(dt.datetime.combine(ctx.today - dt.timedelta(days=6), dt.time(17, 0))),
            "place": "Hajnówka, ul. 3 Maja 25, sala 2",
            "agenda": "1. Lista obecności i kworum.\n2. Harmonogram posiedzeń na kolejny rok.\n3. Wolne wnioski.",
        },
    )
    present_people = {ctx.users[k].pk for k in ("coordinator", "pes_staff", "ngo_staff", "office_worker")}
    services.meeting_record(
        actor=coordinator,
        meeting=meeting,
        minutes=(
            "Zgromadzenie otworzyła przewodnicząca i stwierdziła kworum na podstawie listy obecności. Omówiono projekt "
            "harmonogramu posiedzeń; głosowanie nad uchwałą przeprowadzono na platformie."
        ),
        present=[c for c in candidates(meeting) if c.person.pk in present_people],
    )


def _capacity(ctx: DemoContext, consortium: Any) -> None:
    """Each member's people enter what they could take on in a new call (the office enters it for Dobre Ręce)."""
    places = gminas(consortium)
    hajnowka, narewka = places.get(code=ctx.orgs["um_hajnowka"].territory.code), places.get(name="Narewka")
    rows = [
        ("pes_staff", "ss_zubr", "seniors", "Klub seniora z posiłkiem, 3 dni w tygodniu", hajnowka, 25, ""),
        ("pes_staff", "ss_zubr", "unemployed", "Trening pracy w spółdzielni (gastronomia)", hajnowka, 6, "2 opiekunów"),
        ("ngo_staff", "fundacja_puszcza", "youth", "Klub młodzieżowy z mentoringiem", hajnowka, 30, ""),
        ("ngo_staff", "fundacja_puszcza", "children_day_room", "Świetlica popołudniowa 6–12 lat", narewka, 20, ""),
        ("coordinator", "ss_dobre_rece", "homelessness", "Mieszkanie treningowe z asystentem", hajnowka, 4, ""),
    ]
    for user_key, org_key, sector, service, territory, people, notes in rows:
        services.capacity_save(
            actor=ctx.users[user_key],
            member=consortium.members.get(organisation=ctx.orgs[org_key]),
            data={
                "sector": sector,
                "service": service,
                "territory": territory,
                "people": people,
                "available_from": ctx.today + dt.timedelta(days=30) if sector == "unemployed" else None,
                "notes": notes,
            },
        )


def _amendment(ctx: DemoContext, consortium: Any) -> None:
    """The general meeting shortened the notice period for leaving: version 2 of the agreement."""
    coordinator = ctx.users["coordinator"]
    res = services.amendment_draft(
        actor=coordinator,
        consortium=consortium,
        title="Zmiana umowy konsorcjum: wystąpienie członka",
        text="Trzymiesięczne wypowiedzenie blokowało udział w konkursach rocznych; skracamy je do dwóch miesięcy.",
        proposed={
            "exit_rules": (
                "Wystąpienie z 2-miesięcznym wypowiedzeniem ze skutkiem na koniec kwartału; wykluczenie za rażące "
                "naruszenie umowy."
            )
        },
    )
    services.resolution_open_vote(actor=coordinator, resolution=res)
    for key, org_key in (("coordinator", "cal_hajnowka"), ("pes_staff", "ss_zubr"), ("ngo_staff", "fundacja_puszcza")):
        member = consortium.members.get(organisation=ctx.orgs[org_key])
        services.vote_cast(actor=ctx.users[key], resolution=res, member=member, choice=VoteChoice.FOR)
    services.resolution_close(actor=coordinator, resolution=res)
