"""Staff pages of service delivery, by section. Personal data is logged (core.audit.log_access) before it is
rendered. `urls.py` reaches every view as `views.<name>`."""

from __future__ import annotations

from .common import (
    PAGE_SIZE,
    PROGRAMME_BUTTONS,
    REGISTER_PAGE,
    perm_required,
)
from .data_import import (
    import_data,
)
from .enrolments import (
    admit,
    enrol,
    leave,
    meeting_add,
    service,
)
from .esf import (
    esf_record,
)
from .flats import (
    flat,
    flats,
    placement_end,
)
from .home import (
    home,
)
from .outcomes import (
    lot_outcomes,
    outcomes,
    report,
    service_outcomes,
)
from .people import (
    consent_add,
    consent_withdraw,
    duplicate_dismiss,
    duplicates,
    people,
    person,
    person_anonymise,
    person_create,
    person_edit,
    person_export,
)
from .programmes import (
    action_done,
    programme,
    programme_action,
    programme_close,
    programme_create,
    programme_goal,
    programme_review,
    programme_transition,
    programmes,
)
from .sessions import (
    mark,
    mark_all,
    month_register,
    register,
    session_create,
    sessions,
)

__all__ = [
    "PAGE_SIZE",
    "PROGRAMME_BUTTONS",
    "REGISTER_PAGE",
    "action_done",
    "admit",
    "consent_add",
    "consent_withdraw",
    "duplicate_dismiss",
    "duplicates",
    "enrol",
    "esf_record",
    "flat",
    "flats",
    "home",
    "import_data",
    "leave",
    "lot_outcomes",
    "mark",
    "mark_all",
    "meeting_add",
    "month_register",
    "outcomes",
    "people",
    "perm_required",
    "person",
    "person_anonymise",
    "person_create",
    "person_edit",
    "person_export",
    "placement_end",
    "programme",
    "programme_action",
    "programme_close",
    "programme_create",
    "programme_goal",
    "programme_review",
    "programme_transition",
    "programmes",
    "register",
    "report",
    "service",
    "service_outcomes",
    "session_create",
    "sessions",
]
