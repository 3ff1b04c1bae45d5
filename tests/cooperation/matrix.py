"""Permission matrix rows of the Cooperation Model (need-to-know: everyone else gets 403/404)."""

from __future__ import annotations

from tests.cooperation import helpers as h
from tests.matrix import NOT_FOUND, SECOND_AUTHORITY, Case, allowed, knows

MEMBERS = allowed("social_worker", "partner", "police")
# The platform administrator is not a team member: the team's pages answer it 404 (docs/architecture.md).
TEAM_READERS = allowed("social_worker", "partner", "police")
TEAM_MANAGERS = allowed("social_worker", "partner")  # lead institution's staff and the powiat animator
OWNER = allowed("social_worker")
# Need-to-know answers 403 only to who may know the record: the police (a team reader, not a manager) for team
# actions and named cases, PCPR (referred) for the family J.'s case; everyone else gets 404 - also the social
# cooperative Żubr, which sees the case's summary because its day room was named on a referral, but is no member
# of the team (the team's pages answer 404 to non-members).
POLICE_KNOWS = knows("police")
PCPR_KNOWS = knows("partner")
# Gmina Białowieża's PZK: GOPS, the gmina office and the association are its members (second_authority.py).
B = frozenset(SECOND_AUTHORITY)
TEAM_B_READERS = allowed("social_worker_b", "officer_b", "coordinator_b")
OWNER_B = allowed("social_worker_b")


def team_b() -> object:
    from kooperacja.cooperation.models import Team
    from kooperacja.demo.scenarios.second_authority import TEAM_NAME

    return Team.objects.get(name=TEAM_NAME)


def case_b(d: object) -> dict[str, int]:
    from kooperacja.cooperation.models import Case as CaseModel
    from kooperacja.demo.scenarios.second_authority import CASE_TITLES

    return {"pk": CaseModel.objects.get(team=team_b(), title=CASE_TITLES[0]).pk}


def team_pk(d: object) -> dict[str, int]:
    return {"pk": h.team().pk}


def case_pk(title: str):
    return lambda d: {"pk": h.case(title).pk}


J = case_pk("Rodzina J.")
NK = case_pk("Rodzina K.")

# Asserted exactly: the status of every denial and the effect of every POST (tests/matrix.py).
EXACT = True

CASES = [
    # the module's pages answer 404 to anyone outside a team (no role-level 403: that would tell that it exists)
    Case("cooperation:teams", TEAM_READERS, denied=NOT_FOUND),
    Case("cooperation:team_detail", TEAM_READERS, kwargs=team_pk, walk=B, note="Białowieża's people get 404"),
    Case("cooperation:member_add", TEAM_MANAGERS, kwargs=team_pk, status=POLICE_KNOWS),
    Case("cooperation:meeting_create", TEAM_MANAGERS, kwargs=team_pk, status=POLICE_KNOWS),
    Case("cooperation:person_add", TEAM_MANAGERS, kwargs=team_pk, status=POLICE_KNOWS),
    Case("cooperation:meeting_detail", TEAM_READERS, kwargs=lambda d: {"pk": h.meeting(0).pk}),
    Case("cooperation:meeting_minutes", TEAM_MANAGERS, kwargs=lambda d: {"pk": h.meeting(0).pk}, status=POLICE_KNOWS),
    Case(
        "cooperation:meeting_item_add",
        TEAM_MANAGERS,
        kwargs=lambda d: {"pk": h.meeting(1).pk},
        method="post",
        data=lambda d: {"kind": "decision", "text": "Ustalenie z macierzy uprawnień."},
        ok_status=(302,),
        status=POLICE_KNOWS,
    ),
    Case(
        "cooperation:task_done",
        TEAM_MANAGERS,
        kwargs=lambda d: {"pk": h.open_task("razem_narewka").pk},
        method="post",
        data=lambda d: {"follow_up": "Wykonano."},
        ok_status=(302,),
        status=POLICE_KNOWS,
    ),
    Case("cooperation:case_list", MEMBERS, denied=NOT_FOUND),
    Case(
        "cooperation:case_create",
        MEMBERS,
        denied=NOT_FOUND,
        note="a case worker of any member institution may open a case",
    ),
    Case(
        "cooperation:case_detail",
        allowed("social_worker", "partner", "pes_staff"),
        kwargs=J,
        walk=B,
        note="PCPR and Żubr (its day room) were referred; Białowieża's GOPS gets 404",
    ),
    Case("cooperation:case_detail", allowed("social_worker", "police"), kwargs=NK, note="Niebieska Karta: named only"),
    Case("cooperation:case_detail", OWNER, kwargs=case_pk("Rodzina W."), note="PCPR's consent was withdrawn"),
    Case("cooperation:case_person_add", OWNER, kwargs=J, status=PCPR_KNOWS),
    Case("cooperation:case_diagnosis", OWNER, kwargs=J, status=PCPR_KNOWS),
    Case("cooperation:case_programme", OWNER, kwargs=J, note="PCPR's consent does not cover the programme"),
    Case(
        "cooperation:goal_add",
        OWNER,
        kwargs=J,
        method="post",
        data=lambda d: {"text": "Nowy cel"},
        ok_status=(302,),
        status=PCPR_KNOWS,
    ),
    Case(
        "cooperation:programme_agree",
        OWNER,
        kwargs=NK,
        method="post",
        data=lambda d: {"agreed_on": "2026-01-05", "agreement_note": "podpisany"},
        ok_status=(302,),
        status=POLICE_KNOWS,
    ),
    Case(
        "cooperation:review_add",
        OWNER,
        kwargs=J,
        method="post",
        data=lambda d: {"reviewed_on": "2026-01-05", "notes": "przegląd"},
        ok_status=(302,),
        status=PCPR_KNOWS,
    ),
    Case("cooperation:action_add", OWNER, kwargs=J, status=PCPR_KNOWS),
    Case("cooperation:case_basket", OWNER, kwargs=J),
    Case("cooperation:referral_create", OWNER, kwargs=J, status=PCPR_KNOWS),
    Case("cooperation:consent_create", OWNER, kwargs=J, status=PCPR_KNOWS),
    Case(
        "cooperation:task_done",
        allowed("social_worker", "partner", "police"),
        kwargs=lambda d: {"pk": h.open_task("kpp_hajnowka").pk},
        method="post",
        data=lambda d: {"follow_up": "Szkolenie odbyło się."},
        ok_status=(302,),
        note="the owner institution (KPP) reports its own task",
    ),
    Case(
        "cooperation:case_named_add",
        OWNER,
        kwargs=NK,
        method="post",
        data=lambda d: {"user": d.user("partner").pk},
        ok_status=(302,),
        status=POLICE_KNOWS,
    ),
    Case("cooperation:case_close", OWNER, kwargs=J, status=PCPR_KNOWS),
    Case("cooperation:case_log", OWNER, kwargs=J, status=PCPR_KNOWS),
    Case("cooperation:case_export", allowed("social_worker", "partner", "pes_staff"), kwargs=J),
    Case("cooperation:case_export", allowed("social_worker", "police"), kwargs=NK),
    Case(
        "cooperation:consent_withdraw",
        OWNER,
        kwargs=lambda d: {"pk": h.active_consent().pk},
        method="post",
        ok_status=(302,),
    ),
    Case(
        "cooperation:referral_inbox",
        allowed("social_worker", "partner", "police", "pes_staff"),
        denied=NOT_FOUND,
        note="Żubr is no member of the team, but its day room was named on a referral",
    ),
    Case(
        "cooperation:referral_detail",
        allowed("social_worker", "pes_staff"),
        kwargs=lambda d: {"pk": h.referral("Rodzina J.", "SS „Żubr”").pk},
        note="the referral to a catalogue service goes to its provider",
    ),
    Case(
        "cooperation:referral_detail",
        allowed("social_worker", "partner"),
        kwargs=lambda d: {"pk": h.referral("Rodzina J.", "PCPR Hajnówka").pk},
    ),
    Case(
        "cooperation:referral_move",
        allowed("partner"),
        kwargs=lambda d: {"pk": h.referral("Rodzina J.", "PCPR Hajnówka").pk, "transition": "accept"},
        method="post",
        ok_status=(302,),
        status=knows("social_worker"),
        note="only the receiving institution closes the loop",
    ),
    Case(
        "cooperation:planner",
        allowed("social_worker", "partner"),
        denied=NOT_FOUND,
        status=POLICE_KNOWS,
        note="PCPR leads the powiat team: it runs the powiat-wide planner",
    ),
    Case("cooperation:proposal_detail", OWNER, kwargs=lambda d: {"pk": h.proposal().pk}),
    Case(
        "cooperation:proposal_decide",
        OWNER,
        kwargs=lambda d: {"pk": h.proposal().pk},
        method="post",
        data=lambda d: {"decision": "reject"},
        ok_status=(302,),
    ),
    Case(
        "cooperation:statistics",
        allowed("analyst", "admin"),
        denied=NOT_FOUND,
        status=knows("social_worker", "partner", "police"),
        note="team members know the figures exist (403); the rest of the platform does not (404)",
    ),
    # Gmina Białowieża's PZK and case: its own people only; Narewka's team gets 404 and writes nothing.
    Case("cooperation:team_detail", TEAM_B_READERS, kwargs=lambda d: {"pk": team_b().pk}, walk=B),
    Case("cooperation:case_detail", OWNER_B, kwargs=case_b, walk=B),
    Case("cooperation:case_log", OWNER_B, kwargs=case_b, walk=B),
    Case(
        "cooperation:goal_add",
        OWNER_B,
        kwargs=case_b,
        method="post",
        data=lambda d: {"text": "Cel z macierzy uprawnień"},
        ok_status=(302,),
        walk=B,
    ),
]


# --- editing and ending, task teams and supervision (issue 17) --------------------------------------------------


def kpp_member(d: object) -> dict[str, int]:
    return {"pk": h.team().members.get(organisation__short_name="KPP Hajnówka").pk}


def task_team_j(d: object) -> dict[str, int]:
    from kooperacja.cooperation.models import TaskTeam

    return {"pk": TaskTeam.objects.get(case=h.case("Rodzina J.")).pk}


def supervision(d: object) -> dict[str, int]:
    from kooperacja.cooperation.models import SupervisionMeeting

    return {"pk": SupervisionMeeting.objects.filter(team=h.team()).order_by("id").first().pk}


def _today() -> str:
    from django.utils import timezone

    return timezone.localdate().isoformat()


# The KPP itself may change or end its own membership (the police officer works for it); amending the agreement
# is the coordinator's. A consent is changed by the institution running the case (the others get 404: the consent
# is of a case they do not run). The task team of the family J.: GOPS runs it, PCPR is a member; the supervision
# record is the team's (every member reads it, the coordinator writes it).
CHANGES = [
    Case("cooperation:member_detail", TEAM_READERS, kwargs=kpp_member),
    Case("cooperation:member_edit", TEAM_READERS, kwargs=kpp_member, note="the coordinator or the KPP itself"),
    Case("cooperation:member_end", TEAM_READERS, kwargs=kpp_member, note="the coordinator or the KPP itself"),
    Case("cooperation:agreement_amend", TEAM_MANAGERS, kwargs=kpp_member, status=POLICE_KNOWS),
    Case("cooperation:consent_amend", OWNER, kwargs=lambda d: {"pk": h.active_consent().pk}),
    Case("cooperation:consent_end", OWNER, kwargs=lambda d: {"pk": h.active_consent().pk}),
    Case("cooperation:task_team_create", OWNER, kwargs=J, status=PCPR_KNOWS),
    Case(
        "cooperation:task_team_detail",
        allowed("social_worker", "partner"),
        kwargs=task_team_j,
        note="Żubr sees the case's summary but is no member of the task team: 404",
    ),
    Case("cooperation:task_team_member_add", OWNER, kwargs=task_team_j, status=PCPR_KNOWS),
    Case("cooperation:task_team_meeting_add", OWNER, kwargs=task_team_j, status=PCPR_KNOWS),
    Case(
        "cooperation:task_team_close",
        OWNER,
        kwargs=task_team_j,
        method="post",
        data=lambda d: {"closed_on": _today()},
        ok_status=(302,),
        status=PCPR_KNOWS,
    ),
    Case("cooperation:supervision_create", TEAM_MANAGERS, kwargs=team_pk, status=POLICE_KNOWS),
    Case("cooperation:supervision_detail", TEAM_READERS, kwargs=supervision),
]
CASES += CHANGES


# --- the powiat level: Hajnówka's powiat team and its gminas (issue 17) -------------------------------------------


def powiat_team(d: object) -> dict[str, int]:
    from kooperacja.cooperation.models import Team
    from kooperacja.demo.scenarios.powiat import TEAM_NAME

    return {"pk": Team.objects.get(name=TEAM_NAME).pk}


def pan_s_b(d: object) -> dict[str, int]:
    from kooperacja.cooperation.models import Case as CaseModel

    return {"pk": CaseModel.objects.get(team=team_b(), title="Pan S. (Białowieża)").pk}


def referral_b(d: object) -> dict[str, int]:
    from kooperacja.cooperation.models import Referral

    return {"pk": Referral.objects.get(case_id=pan_s_b(d)["pk"], to_organisation__short_name="PCPR Hajnówka").pk}


def powiat_plan(d: object) -> dict[str, int]:
    from kooperacja.cooperation.models import PlanProposal

    return {"pk": PlanProposal.objects.filter(team_id=powiat_team(d)["pk"]).order_by("-id").first().pk}


# The powiat team's members (PCPR, KPP) read its page; GOPS Narewka and Białowieża's people get 404. The referral
# from Białowieża's case to the PCPR opens that case's summary to the PCPR only: the police, a member of the same
# powiat team, gets 404 for it (need-to-know), and the PCPR gets 404 for Białowieża's other case (no referral, no
# consent: the existing row of `case_b` above). The powiat plan holds figures only, for the powiat's planners.
POWIAT = [
    Case("cooperation:team_detail", allowed("partner", "police"), kwargs=powiat_team, walk=B),
    Case(
        "cooperation:case_detail",
        allowed("social_worker_b", "partner"),
        kwargs=pan_s_b,
        walk=B,
        note="referred to the PCPR; the police (same powiat team, no referral) gets 404",
    ),
    Case("cooperation:referral_detail", allowed("social_worker_b", "partner"), kwargs=referral_b, walk=B),
    Case(
        "cooperation:referral_move",
        allowed("partner"),
        kwargs=lambda d: {**referral_b(d), "transition": "accept"},
        method="post",
        ok_status=(302,),
        status=knows("social_worker_b"),
        walk=B,
        note="the powiat institution closes the loop of a gmina's referral",
    ),
    Case("cooperation:proposal_detail", allowed("partner"), kwargs=powiat_plan, walk=B),
    Case("cooperation:case_place", OWNER, kwargs=J, status=PCPR_KNOWS),
    Case(
        "cooperation:case_place",
        OWNER,
        kwargs=J,
        method="post",
        data=lambda d: {"locality": "Siemianówka", "latitude": "52,9120", "longitude": "23,8360"},
        ok_status=(302,),
        status=PCPR_KNOWS,
    ),
]
CASES += POWIAT
