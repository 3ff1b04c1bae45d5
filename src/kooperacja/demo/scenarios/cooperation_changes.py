"""Demo: Narewka's PZK over time (issue 17). A membership edited (GOK's representative named) and one ended (the
probation officers moved to the powiat's team), an agreement amended (Fundacja Żubry's annex, version 2 kept
beside version 1), a consent narrowed (Pan S.: the association keeps the programme, no longer the persons' data:
version 2, version 1 kept), a task team for the family J. with its meeting, and a supervision meeting of the
team's workers. Everything goes through the cooperation services, acting as the demo users.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from kooperacja.cooperation import services
from kooperacja.cooperation.enums import CasePart, MemberLevel, MembershipEnd, TaskTeamKind, TaskTeamRole
from kooperacja.demo.context import DemoContext


def seed(ctx: DemoContext) -> None:
    coop = ctx.extra.get("cooperation")
    if not coop:
        return
    today = ctx.today
    sw, partner = ctx.users["social_worker"], ctx.users["partner"]
    team = coop["team"]
    staff = ctx.extra.get("cooperation_staff", {})
    members = {m.organisation_id: m for m in team.members.all()}

    def member(key: str) -> Any:
        org = ctx.orgs.get(key)
        return members.get(org.pk) if org is not None else None

    # A membership edited: the cultural centre names its representative in the team.
    gok, gok_staff = member("gok_narewka"), staff.get("staff_gok_narewka")
    if gok is not None and gok_staff is not None:
        services.member_update(actor=sw, member=gok, level=MemberLevel.GMINA, representative=gok_staff)
    # An agreement amended by an annex: version 1 is kept.
    zubry = member("fundacja_zubry")
    if zubry is not None:
        services.agreement_amend(
            actor=sw,
            member=zubry,
            number=f"{zubry.agreement_number}/A1" if zubry.agreement_number else "A1",
            signed_on=today - timedelta(days=45),
            scope=(
                "Profilaktyka uzależnień, grupa wsparcia, zajęcia dla młodzieży; od aneksu także grupa wsparcia "
                "dla rodziców dzieci uczestniczących w zajęciach."
            ),
            valid_until=today + timedelta(days=730),
            reason="Aneks nr 1: rozszerzenie zakresu o grupę wsparcia dla rodziców, porozumienie na dwa lata.",
        )
    # A membership ended: the probation officers work with the gmina through the powiat's team from now on.
    probation = member("kuratorzy")
    if probation is not None:
        services.member_end(
            actor=sw,
            member=probation,
            left_on=today - timedelta(days=10),
            end_kind=MembershipEnd.MUTUAL,
            reason="Kuratorzy współpracują z gminą w Powiatowym Zespole Kooperacji (porozumienie z PCPR Hajnówka).",
        )

    cases = coop["cases"]
    # A consent narrowed: the association was to see the persons and the programme; the man agreed to share
    # only the programme (version 2), version 1 is kept in the case's record.
    pan_s = cases.get("pan_s")
    razem = ctx.orgs.get("razem_narewka")
    if pan_s is not None and razem is not None:
        consent = services.consent_record(
            actor=sw,
            case=pan_s,
            organisation=razem,
            parts=[CasePart.PERSONS, CasePart.PROGRAMME],
            purpose="wolontariat sąsiedzki: zakupy i dojazdy",
            given_by="Pan S. (osoba wiodąca)",
            given_on=today - timedelta(days=50),
            valid_until=today + timedelta(days=180),
        )
        services.consent_amend(
            actor=sw,
            consent=consent,
            organisation=razem,
            parts=[CasePart.PROGRAMME],
            purpose="wolontariat sąsiedzki: dojazdy na zajęcia klubu pracy",
            given_by="Pan S. (osoba wiodąca)",
            given_on=today - timedelta(days=12),
            valid_until=today + timedelta(days=120),
        )

    # A task team for the family J. and its meeting.
    family = cases.get("rodzina_j")
    if family is not None:
        task_team = services.task_team_form(
            actor=sw,
            case=family,
            kind=TaskTeamKind.TASK_TEAM,
            name="Zespół zadaniowy – Rodzina J.",
            purpose="Wspólny plan wsparcia dzieci w szkole i po lekcjach oraz terapii ojca.",
            formed_on=today - timedelta(days=35),
        )
        rows = [task_team.members.get()]
        for key, role, person in (
            ("pcpr_hajnowka", TaskTeamRole.MEMBER, partner),
            ("sp_narewka", TaskTeamRole.MEMBER, staff.get("staff_sp_narewka")),
            ("fundacja_zubry", TaskTeamRole.MEMBER, staff.get("staff_fundacja_zubry")),
        ):
            m = member(key)
            if m is not None and m.left_on is None:
                rows.append(
                    services.task_team_member_add(actor=sw, task_team=task_team, member=m, role=role, user=person)
                )
        services.task_team_meeting_record(
            actor=sw,
            task_team=task_team,
            held_on=today - timedelta(days=14),
            place="GOPS Narewka, pokój 4",
            topics="Frekwencja dzieci w szkole; terminy konsultacji w poradni; grupa wsparcia dla rodziców.",
            findings=(
                "Syn opuścił 6 dni nauki w listopadzie – pedagog spotka się z matką. Ojciec uczestniczy w grupie "
                "wsparcia; PCPR proponuje konsultację rodzinną w grudniu."
            ),
            attendees=rows,
        )

    # A supervision meeting of the team's workers; the family's case is named only in its need-to-know part.
    participants = [sw, partner]
    services.supervision_record(
        actor=sw,
        team=team,
        held_on=today - timedelta(days=21),
        supervisor="dr Ewa Sokołowska, superwizorka pracy socjalnej",
        hours=Decimal("3"),
        topics=(
            "Współpraca instytucji przy rodzinach z dziećmi w wieku szkolnym; granice odpowiedzialności asystenta "
            "rodziny; zapobieganie wypaleniu."
        ),
        participants=participants,
        case=family,
        case_notes="Rodzina J.: ustalić jedną osobę kontaktową dla szkoły i poradni, by matka nie powtarzała historii.",
    )
