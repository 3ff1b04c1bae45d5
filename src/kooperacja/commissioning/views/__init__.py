"""Thin views by section: parse the request, call a selector or a service, render. Hidden records give 404
(selectors). `urls.py` reaches every view as `views.<name>`."""

from __future__ import annotations

from .award import (
    call_decide,
    reasons_answer,
)
from .calls import (
    call_action,
    call_create,
    call_edit,
    call_offers,
    call_publish,
    officer_home,
)
from .changes import (
    change_request_create,
    change_request_decide,
    change_request_detail,
    offer_calc,
    offer_update,
    offer_update_decide,
)
from .clauses import (
    clauses,
)
from .commission import (
    commission,
    commission_home,
    declaration,
    score,
)
from .contracts import (
    contract_action,
    contract_create,
    contract_detail,
    contract_pdf,
    contracts,
)
from .formal_review import (
    offer_formal,
)
from .needs import (
    diagnosis_create,
    diagnosis_detail,
    diagnosis_edit,
    need_add,
    need_edit,
    need_remove,
    package_diagnosis,
    package_needs,
)
from .offers import (
    my_offers,
    offer_action,
    offer_detail,
    offer_edit,
    offer_start,
)
from .packages import (
    lot_create,
    lot_edit,
    package_create,
    package_detail,
    packages,
)
from .programme import (
    call_priority,
    priority_add,
    programme_action,
    programme_create,
    programme_detail,
    programme_edit,
    programme_report,
    programme_report_pdf,
    programme_report_submit,
    programmes,
)
from .public import (
    call_detail,
    call_pdf,
    call_results,
    calls,
    open_feed,
)
from .qualification import (
    call_bzp,
    call_criteria,
    call_qualification,
    offer_qualification,
)
from .reports import (
    report_detail,
    report_edit,
)
from .small_grants import (
    comment_add,
    own_initiative_new,
    small_grant_new,
)

__all__ = [
    "call_action",
    "call_bzp",
    "call_create",
    "call_criteria",
    "call_decide",
    "call_detail",
    "call_edit",
    "call_offers",
    "call_pdf",
    "call_priority",
    "call_publish",
    "call_qualification",
    "call_results",
    "calls",
    "change_request_create",
    "change_request_decide",
    "change_request_detail",
    "clauses",
    "comment_add",
    "commission",
    "commission_home",
    "contract_action",
    "contract_create",
    "contract_detail",
    "contract_pdf",
    "contracts",
    "declaration",
    "diagnosis_create",
    "diagnosis_detail",
    "diagnosis_edit",
    "lot_create",
    "lot_edit",
    "my_offers",
    "need_add",
    "need_edit",
    "need_remove",
    "offer_action",
    "offer_calc",
    "offer_detail",
    "offer_edit",
    "offer_formal",
    "offer_qualification",
    "offer_start",
    "offer_update",
    "offer_update_decide",
    "officer_home",
    "open_feed",
    "own_initiative_new",
    "package_create",
    "package_detail",
    "package_diagnosis",
    "package_needs",
    "packages",
    "priority_add",
    "programme_action",
    "programme_create",
    "programme_detail",
    "programme_edit",
    "programme_report",
    "programme_report_pdf",
    "programme_report_submit",
    "programmes",
    "reasons_answer",
    "report_detail",
    "report_edit",
    "score",
    "small_grant_new",
]
