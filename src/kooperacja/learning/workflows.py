"""Lifecycles of the learning app (core.workflow): course, enrolment, live session, certificate, exchange meeting."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kooperacja.core.workflow import Transition, Workflow

from .enums import CertificateState, CourseState, EnrolmentState, MeetingState, SessionState

C = CourseState
COURSE = Workflow(
    "learning.course",
    states=CourseState,
    initial=C.DRAFT,
    transitions=[
        Transition("publish", _("Opublikuj szkolenie"), (C.DRAFT,), C.PUBLISHED, permission="learning.manage_course"),
        Transition(
            "close",
            _("Zakończ szkolenie"),
            (C.PUBLISHED,),
            C.CLOSED,
            permission="learning.manage_course",
            button="secondary",
        ),
        Transition(
            "reopen",
            _("Wznów szkolenie"),
            (C.CLOSED,),
            C.PUBLISHED,
            permission="learning.manage_course",
            button="secondary",
        ),
    ],
)

E = EnrolmentState
ENROLMENT = Workflow(
    "learning.enrolment",
    states=EnrolmentState,
    initial=E.APPLIED,
    final=[E.COMPLETED],
    transitions=[
        Transition(
            "approve",
            _("Przyjmij na szkolenie"),
            (E.APPLIED, E.WAITLISTED),
            E.ENROLLED,
            permission="learning.decide_enrolment",
        ),
        Transition(
            "waitlist",
            _("Wpisz na listę rezerwową"),
            (E.APPLIED,),
            E.WAITLISTED,
            permission="learning.decide_enrolment",
            button="secondary",
        ),
        Transition(
            "reject",
            _("Odrzuć zgłoszenie"),
            (E.APPLIED, E.WAITLISTED),
            E.REJECTED,
            needs_reason=True,
            permission="learning.decide_enrolment",
            button="danger",
        ),
        # the learner cancels their own enrolment, or a manager does: the service checks who
        Transition(
            "cancel", _("Zrezygnuj ze szkolenia"), (E.APPLIED, E.WAITLISTED, E.ENROLLED), E.CANCELLED, button="danger"
        ),
        Transition("reapply", _("Zgłoś się ponownie"), (E.CANCELLED, E.REJECTED), E.APPLIED),
        Transition(
            "complete", _("Potwierdź ukończenie"), (E.ENROLLED,), E.COMPLETED, permission="learning.decide_enrolment"
        ),
    ],
)

S = SessionState
SESSION = Workflow(
    "learning.session",
    states=SessionState,
    initial=S.PLANNED,
    final=[S.CANCELLED],
    transitions=[
        Transition("hold", _("Zamknij listę obecności"), (S.PLANNED,), S.HELD, permission="learning.manage_course"),
        Transition(
            "reopen",
            _("Otwórz listę obecności"),
            (S.HELD,),
            S.PLANNED,
            permission="learning.manage_course",
            button="secondary",
        ),
        Transition(
            "cancel",
            _("Odwołaj zajęcia"),
            (S.PLANNED,),
            S.CANCELLED,
            needs_reason=True,
            permission="learning.manage_course",
            button="danger",
        ),
    ],
)

Z = CertificateState
CERTIFICATE = Workflow(
    "learning.certificate",
    states=CertificateState,
    initial=Z.VALID,
    final=[Z.REVOKED, Z.RENEWED],
    transitions=[
        Transition(
            "revoke",
            _("Unieważnij zaświadczenie"),
            (Z.VALID,),
            Z.REVOKED,
            needs_reason=True,
            permission="learning.revoke_certificate",
            button="danger",
        ),
        Transition(
            "renew",
            _("Wydaj odnowione zaświadczenie"),
            (Z.VALID,),
            Z.RENEWED,
            permission="learning.revoke_certificate",
            button="secondary",
        ),
    ],
)

M = MeetingState
MEETING = Workflow(
    "learning.exchange",
    states=MeetingState,
    initial=M.PLANNED,
    final=[M.HELD, M.CANCELLED],
    transitions=[
        Transition("report", _("Zapisz sprawozdanie"), (M.PLANNED,), M.HELD, permission="learning.manage_exchange"),
        Transition(
            "cancel",
            _("Odwołaj spotkanie"),
            (M.PLANNED,),
            M.CANCELLED,
            needs_reason=True,
            permission="learning.manage_exchange",
            button="danger",
        ),
    ],
)

ALL = (COURSE, ENROLMENT, SESSION, CERTIFICATE, MEETING)
