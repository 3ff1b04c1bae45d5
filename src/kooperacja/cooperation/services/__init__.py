"""Every write of the Cooperation Model: permission check, validation, transaction, timeline, side effects.

A package along the sections of the app; every service is importable as `cooperation.services.<name>`.
"""

from __future__ import annotations

from .cases import (
    action_add,
    action_set_service,
    case_close,
    case_name_member,
    case_open,
    case_person_add,
    case_set_place,
    diagnosis_save,
    goal_add,
    programme_agree,
    programme_save,
    review_add,
)
from .consents import (
    consent_record,
    consent_withdraw,
)
from .editing import (
    agreement_amend,
    consent_amend,
    consent_end,
    member_end,
    member_update,
)
from .planning import (
    plan_decide,
    plan_propose,
)
from .powiat import (
    plan_propose_powiat,
    powiat_team_create,
)
from .referrals import (
    referral_move,
    referral_send,
)
from .taskteams import (
    supervision_record,
    task_team_close,
    task_team_form,
    task_team_meeting_record,
    task_team_member_add,
)
from .teams import (
    meeting_item_add,
    meeting_record_minutes,
    meeting_schedule,
    task_complete,
    team_create,
    team_member_add,
    team_person_add,
)

__all__ = [
    "action_add",
    "action_set_service",
    "agreement_amend",
    "case_close",
    "case_name_member",
    "case_open",
    "case_person_add",
    "case_set_place",
    "consent_amend",
    "consent_end",
    "consent_record",
    "consent_withdraw",
    "diagnosis_save",
    "goal_add",
    "meeting_item_add",
    "meeting_record_minutes",
    "meeting_schedule",
    "member_end",
    "member_update",
    "plan_decide",
    "plan_propose",
    "plan_propose_powiat",
    "powiat_team_create",
    "programme_agree",
    "programme_save",
    "referral_move",
    "referral_send",
    "review_add",
    "supervision_record",
    "task_complete",
    "task_team_close",
    "task_team_form",
    "task_team_meeting_record",
    "task_team_member_add",
    "team_create",
    "team_member_add",
    "team_person_add",
]
