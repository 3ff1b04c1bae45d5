"""Pages of the Cooperation Model. Thin: scope through selectors (404 for what the user may not know), call a
service, render. Every display of case data writes the access log before rendering.

A package along the sections of the app (teams, cases, referrals, planning); `urls.py` reaches every page
as `views.<name>`.
"""

from __future__ import annotations

from .cases import (
    action_add,
    case_basket,
    case_close,
    case_create,
    case_detail,
    case_diagnosis,
    case_export,
    case_list,
    case_log,
    case_named_add,
    case_person_add,
    case_programme,
    consent_create,
    consent_withdraw,
    goal_add,
    programme_agree,
    referral_create,
    review_add,
)
from .editing import (
    agreement_amend,
    consent_amend,
    consent_end,
    member_detail,
    member_edit,
    member_end,
)
from .planning import (
    planner,
    proposal_decide,
    proposal_detail,
    statistics,
)
from .powiat import (
    case_place,
)
from .referrals import (
    referral_detail,
    referral_inbox,
    referral_move,
)
from .taskteams import (
    supervision_create,
    supervision_detail,
    task_team_close,
    task_team_create,
    task_team_detail,
    task_team_meeting_add,
    task_team_member_add,
)
from .teams import (
    meeting_create,
    meeting_detail,
    meeting_item_add,
    meeting_minutes,
    member_add,
    person_add,
    task_done,
    team_detail,
    teams,
)

__all__ = [
    "action_add",
    "agreement_amend",
    "case_basket",
    "case_close",
    "case_create",
    "case_detail",
    "case_diagnosis",
    "case_export",
    "case_list",
    "case_log",
    "case_named_add",
    "case_person_add",
    "case_place",
    "case_programme",
    "consent_amend",
    "consent_create",
    "consent_end",
    "consent_withdraw",
    "goal_add",
    "meeting_create",
    "meeting_detail",
    "meeting_item_add",
    "meeting_minutes",
    "member_add",
    "member_detail",
    "member_edit",
    "member_end",
    "person_add",
    "planner",
    "programme_agree",
    "proposal_decide",
    "proposal_detail",
    "referral_create",
    "referral_detail",
    "referral_inbox",
    "referral_move",
    "review_add",
    "statistics",
    "supervision_create",
    "supervision_detail",
    "task_done",
    "task_team_close",
    "task_team_create",
    "task_team_detail",
    "task_team_meeting_add",
    "task_team_member_add",
    "team_detail",
    "teams",
]
