"""Every write of commissioning, by section: keyword-only services that check permission, validate, lock,
transition through `workflows`, record the event and schedule side effects on commit (DESIGN.md, Inside an app).

The package re-exports every public name, so `from kooperacja.commissioning import services; services.call_publish`
keeps working. The calculations (money, budget arithmetic, limits, checklists, clause rendering) are in
`calculations`; they read and never write.
"""

from __future__ import annotations

from .award import (
    call_decide,
    call_publish_results,
    offer_accept_award,
    offer_decline_award,
    reasons_answer,
    reasons_request_create,
)
from .calculations import (
    CENT,
    PZP_ELEMENTS,
    ZERO,
    ActionLine,
    BudgetLine,
    IndicatorLine,
    Missing,
    PartnerLine,
    add_months,
    announcement_checklist,
    announcement_missing,
    art361_check,
    budget_arithmetic,
    clause_render,
    money,
    offer_limit_errors,
)
from .calls import (
    CALL_FIELDS,
    call_cancel,
    call_clone,
    call_create,
    call_open_offers,
    call_publish,
    call_update,
)
from .clauses import (
    clause_add,
)
from .commission import (
    call_record_opinion,
    commission_appoint,
    declaration_sign,
    declaration_text,
    offeror_org_ids,
    score_submit,
)
from .contracts import (
    annex_create,
    contract_create,
    contract_settle,
    contract_sign,
    tranche_mark_paid,
)
from .formal_review import (
    call_finish_formal_review,
    offer_answer_correction,
    offer_formal_decision,
    offer_request_correction,
)
from .offers import (
    EDITABLE_OFFER_STATES,
    OFFER_FIELDS,
    offer_attach,
    offer_create,
    offer_register_paper,
    offer_reopen,
    offer_save,
    offer_submit,
    offer_withdraw,
)
from .packages import (
    LOT_FIELDS,
    lot_save,
    package_create,
)
from .reports import (
    ExpenseLine,
    InvoiceLine,
    report_demand,
    report_review,
    report_save,
    report_submit,
)
from .small_grants import (
    own_initiative_assess,
    own_initiative_submit,
    public_comment_add,
    small_grant_decide,
    small_grant_publish,
    small_grant_submit,
)

__all__ = [
    "CALL_FIELDS",
    "CENT",
    "EDITABLE_OFFER_STATES",
    "LOT_FIELDS",
    "OFFER_FIELDS",
    "PZP_ELEMENTS",
    "ZERO",
    "ActionLine",
    "BudgetLine",
    "ExpenseLine",
    "IndicatorLine",
    "InvoiceLine",
    "Missing",
    "PartnerLine",
    "add_months",
    "annex_create",
    "announcement_checklist",
    "announcement_missing",
    "art361_check",
    "budget_arithmetic",
    "call_cancel",
    "call_clone",
    "call_create",
    "call_decide",
    "call_finish_formal_review",
    "call_open_offers",
    "call_publish",
    "call_publish_results",
    "call_record_opinion",
    "call_update",
    "clause_add",
    "clause_render",
    "commission_appoint",
    "contract_create",
    "contract_settle",
    "contract_sign",
    "declaration_sign",
    "declaration_text",
    "lot_save",
    "money",
    "offer_accept_award",
    "offer_answer_correction",
    "offer_attach",
    "offer_create",
    "offer_decline_award",
    "offer_formal_decision",
    "offer_limit_errors",
    "offer_register_paper",
    "offer_reopen",
    "offer_request_correction",
    "offer_save",
    "offer_submit",
    "offer_withdraw",
    "offeror_org_ids",
    "own_initiative_assess",
    "own_initiative_submit",
    "package_create",
    "public_comment_add",
    "reasons_answer",
    "reasons_request_create",
    "report_demand",
    "report_review",
    "report_save",
    "report_submit",
    "score_submit",
    "small_grant_decide",
    "small_grant_publish",
    "small_grant_submit",
    "tranche_mark_paid",
]
