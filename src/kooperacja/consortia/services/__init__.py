"""Every write of the consortium app, one module per section (founding and bodies, governance, support).

The split of won contracts (versions, delivery reports, feeding the contract report) is `services.split`; its
reads are in `consortia.selectors`.
`consortia.services.<name>` keeps working for every service: other apps, the demo and the tests import from here.
"""

from __future__ import annotations

from .agreement import AMENDABLE_FIELDS, amendment_draft, described, term_label, term_shown, terms_of
from .capacity import CAPACITY_FIELDS, capacity_remove, capacity_save
from .expenses import ExpenseEntry, contract_report_lines, write_expenses
from .founding import (
    AGREEMENT_FIELDS,
    BODY_NAMES,
    MEETING_FIELDS,
    body_seat_add,
    body_seat_end,
    consortium_found,
    document_upload,
    meeting_record,
    meeting_schedule,
    member_set_representatives,
)
from .governance import (
    eligible_members,
    next_resolution_number,
    resolution_close,
    resolution_draft,
    resolution_open_vote,
    resolution_withdraw,
    tally_of,
    vote_cast,
)
from .joint_offer import joint_offer_build
from .split import (
    AllocationRow,
    check_contract_for,
    consortium_report_feed,
    delivery_report_resubmit,
    delivery_report_review,
    delivery_report_submit,
    money,
    plan_approve,
    plan_create,
    plan_propose_for_vote,
    plan_reject,
    validate_rows,
)
from .support import (
    incubation_item_set,
    incubation_set_stage,
    incubation_start,
    standard_checklist,
    support_request_comment,
    support_request_file,
    support_request_handle,
)

__all__ = [
    "AGREEMENT_FIELDS",
    "AMENDABLE_FIELDS",
    "BODY_NAMES",
    "CAPACITY_FIELDS",
    "MEETING_FIELDS",
    "AllocationRow",
    "ExpenseEntry",
    "amendment_draft",
    "body_seat_add",
    "body_seat_end",
    "capacity_remove",
    "capacity_save",
    "check_contract_for",
    "consortium_found",
    "consortium_report_feed",
    "contract_report_lines",
    "delivery_report_resubmit",
    "delivery_report_review",
    "delivery_report_submit",
    "described",
    "document_upload",
    "eligible_members",
    "incubation_item_set",
    "incubation_set_stage",
    "incubation_start",
    "joint_offer_build",
    "meeting_record",
    "meeting_schedule",
    "member_set_representatives",
    "money",
    "next_resolution_number",
    "plan_approve",
    "plan_create",
    "plan_propose_for_vote",
    "plan_reject",
    "resolution_close",
    "resolution_draft",
    "resolution_open_vote",
    "resolution_withdraw",
    "standard_checklist",
    "support_request_comment",
    "support_request_file",
    "support_request_handle",
    "tally_of",
    "term_label",
    "term_shown",
    "terms_of",
    "validate_rows",
    "vote_cast",
    "write_expenses",
]
