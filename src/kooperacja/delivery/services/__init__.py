"""Every write of service delivery, by section: keyword-only, permission-checked, atomic, with timeline events.

Capacity: `enrolment_request` / `enrolment_admit` / `enrolment_leave` lock the catalogue service row
(`select_for_update`), recount active enrolments and store the figure in `Service.places_taken`. Concurrent
enrolments are therefore serialised per service: K places -> exactly K active enrolments, the rest wait.

The package re-exports every public name, so `from kooperacja.delivery import services;
services.person_register` keeps working.
"""

from __future__ import annotations

from .backfill import (
    register_backfill,
)
from .common import (
    RETENTION_DAYS,
    CapacityFull,
)
from .enrolments import (
    eligibility_problems,
    enrolment_admit,
    enrolment_leave,
    enrolment_request,
    next_waiting,
)
from .esf import (
    ESF_FIELDS,
    esf_collectable,
    esf_record_save,
)
from .flats import (
    flat_create,
    placement_end,
    placement_start,
)
from .gdpr import (
    anonymise_expired,
    last_activity_on,
    people_due_for_anonymisation,
    person_anonymise,
    person_export,
)
from .indicators import (
    indicator_plan,
)
from .people import (
    PERSON_FIELDS,
    consent_record,
    consent_withdraw,
    person_duplicate_dismiss,
    person_link_organisation,
    person_register,
    person_update,
)
from .programmes import (
    programme_action_add,
    programme_action_done,
    programme_approve,
    programme_close,
    programme_create,
    programme_goal_add,
    programme_review_add,
    programme_submit,
)
from .sessions import (
    attendance_mark_all,
    attendance_set,
    meeting_record,
    session_create,
)

__all__ = [
    "ESF_FIELDS",
    "PERSON_FIELDS",
    "RETENTION_DAYS",
    "CapacityFull",
    "anonymise_expired",
    "attendance_mark_all",
    "attendance_set",
    "consent_record",
    "consent_withdraw",
    "eligibility_problems",
    "enrolment_admit",
    "enrolment_leave",
    "enrolment_request",
    "esf_collectable",
    "esf_record_save",
    "flat_create",
    "indicator_plan",
    "last_activity_on",
    "meeting_record",
    "next_waiting",
    "people_due_for_anonymisation",
    "person_anonymise",
    "person_duplicate_dismiss",
    "person_export",
    "person_link_organisation",
    "person_register",
    "person_update",
    "placement_end",
    "placement_start",
    "programme_action_add",
    "programme_action_done",
    "programme_approve",
    "programme_close",
    "programme_create",
    "programme_goal_add",
    "programme_review_add",
    "programme_submit",
    "register_backfill",
    "session_create",
]
