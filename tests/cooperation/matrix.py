"""Permission matrix rows of the Cooperation Model (need-to-know: everyone else gets 403/404)."""

from __future__ import annotations

from tests.cooperation import helpers as h
from tests.matrix import Case, allowed

MEMBERS = allowed("social_worker", "partner", "police")
# The platform administrator is not a team member: the team's pages answer it 404 (docs/architecture.md).
TEAM_READERS = allowed("social_worker", "partner", "police")
TEAM_MANAGERS = allowed("social_worker", "partner")  # lead institution's staff and the powiat animator
OWNER = allowed("social_worker")


def team_pk(d: object) -> dict[str, int]:
    return {"pk": h.team().pk}


def case_pk(title: str):
    return lambda d: {"pk": h.case(title).pk}


J = case_pk("Rodzina J.")
NK = case_pk("Rodzina K.")

CASES = [
    Case("cooperation:teams", TEAM_READERS),
    Case("cooperation:team_detail", TEAM_READERS, kwargs=team_pk),
    Case("cooperation:member_add", TEAM_MANAGERS, kwargs=team_pk),
    Case("cooperation:meeting_create", TEAM_MANAGERS, kwargs=team_pk),
    Case("cooperation:person_add", TEAM_MANAGERS, kwargs=team_pk),
    Case("cooperation:meeting_detail", TEAM_READERS, kwargs=lambda d: {"pk": h.meeting(0).pk}),
    Case("cooperation:meeting_minutes", TEAM_MANAGERS, kwargs=lambda d: {"pk": h.meeting(0).pk}),
    Case(
        "cooperation:meeting_item_add",
        TEAM_MANAGERS,
        kwargs=lambda d: {"pk": h.meeting(1).pk},
        method="post",
        data=lambda d: {"kind": "decision", "text": "Ustalenie z macierzy uprawnień."},
        ok_status=(302,),
    ),
    Case(
        "cooperation:task_done",
        TEAM_MANAGERS,
        kwargs=lambda d: {"pk": h.open_task("razem_narewka").pk},
        method="post",
        data=lambda d: {"follow_up": "Wykonano."},
        ok_status=(302,),
    ),
    Case("cooperation:case_list", MEMBERS),
    Case("cooperation:case_create", MEMBERS, note="a case worker of any member institution may open a case"),
    Case("cooperation:case_detail", allowed("social_worker", "partner"), kwargs=J, note="PCPR was referred"),
    Case("cooperation:case_detail", allowed("social_worker", "police"), kwargs=NK, note="Niebieska Karta: named only"),
    Case("cooperation:case_detail", OWNER, kwargs=case_pk("Rodzina W."), note="PCPR's consent was withdrawn"),
    Case("cooperation:case_person_add", OWNER, kwargs=J),
    Case("cooperation:case_diagnosis", OWNER, kwargs=J),
    Case("cooperation:case_programme", OWNER, kwargs=J, note="PCPR's consent does not cover the programme"),
    Case("cooperation:goal_add", OWNER, kwargs=J, method="post", data=lambda d: {"text": "Nowy cel"}, ok_status=(302,)),
    Case(
        "cooperation:programme_agree",
        OWNER,
        kwargs=NK,
        method="post",
        data=lambda d: {"agreed_on": "2026-01-05", "agreement_note": "podpisany"},
        ok_status=(302,),
    ),
    Case(
        "cooperation:review_add",
        OWNER,
        kwargs=J,
        method="post",
        data=lambda d: {"reviewed_on": "2026-01-05", "notes": "przegląd"},
        ok_status=(302,),
    ),
    Case("cooperation:action_add", OWNER, kwargs=J),
    Case("cooperation:case_basket", OWNER, kwargs=J),
    Case("cooperation:referral_create", OWNER, kwargs=J),
    Case("cooperation:consent_create", OWNER, kwargs=J),
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
    ),
    Case("cooperation:case_close", OWNER, kwargs=J),
    Case("cooperation:case_log", OWNER, kwargs=J),
    Case("cooperation:case_export", allowed("social_worker", "partner"), kwargs=J),
    Case("cooperation:case_export", allowed("social_worker", "police"), kwargs=NK),
    Case(
        "cooperation:consent_withdraw",
        OWNER,
        kwargs=lambda d: {"pk": h.active_consent().pk},
        method="post",
        ok_status=(302,),
    ),
    Case("cooperation:referral_inbox", MEMBERS),
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
        note="only the receiving institution closes the loop",
    ),
    Case("cooperation:planner", OWNER),
    Case("cooperation:proposal_detail", OWNER, kwargs=lambda d: {"pk": h.proposal().pk}),
    Case(
        "cooperation:proposal_decide",
        OWNER,
        kwargs=lambda d: {"pk": h.proposal().pk},
        method="post",
        data=lambda d: {"decision": "reject"},
        ok_status=(302,),
    ),
    Case("cooperation:statistics", allowed("analyst", "admin")),
]
