"""School of Cooperation: courses, modules, sessions, the knowledge check, enrolments and attendance."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.accounts import roles
from kooperacja.core.actors import SYSTEM, Actor, is_system, require

from .. import selectors
from ..enums import AttendanceStatus, CourseState, EnrolmentMode, EnrolmentState, SessionState
from ..events import LearningEvent, learning_event
from ..models import (
    Attempt,
    Attendance,
    Choice,
    Course,
    CourseGrant,
    Enrolment,
    LiveSession,
    Module,
    ModuleProgress,
    Question,
)
from ..workflows import COURSE, ENROLMENT, SESSION
from ._common import Grant, check_organiser, clean_grants, current_grants, save_grants

COURSE_FIELDS = (
    "title",
    "programme",
    "summary",
    "hours",
    "capacity",
    "enrolment_mode",
    "visibility",
    "cohort",
    "min_attendance",
    "requires_modules",
    "requires_check",
    "pass_mark",
    "max_attempts",
    "certificate_months",
)


def _user(actor: Actor) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _notify(kind: str, pk: int) -> None:
    from ..tasks import notify

    transaction.on_commit(lambda: notify.enqueue(kind, pk))


@transaction.atomic
def course_create(
    *,
    actor: Actor,
    organisation: Any,
    trainers: Iterable[Any],
    grants: Sequence[Grant] = (),
    **fields: Any,
) -> Course:
    require(actor, "learning.add_course")
    check_organiser(actor, organisation)
    data = {k: fields[k] for k in COURSE_FIELDS if k in fields}
    grants = clean_grants(data.get("visibility", "public"), data.get("cohort"), grants)
    course = Course(organisation=organisation, created_by=_user(actor), **data)
    course.full_clean(exclude=["state"])
    course.save()
    trainers = list(trainers) or ([actor] if _user(actor) else [])
    if not trainers:
        raise ValidationError({"trainers": _("Wskaż co najmniej jednego trenera.")})
    course.trainers.set(trainers)
    save_grants(CourseGrant, "course", course, grants)
    learning_event(actor=actor, verb=LearningEvent.COURSE_CREATED, target=course)
    return course


@transaction.atomic
def course_update(
    *,
    actor: Actor,
    course: Course,
    trainers: Iterable[Any] | None = None,
    organisation: Any = None,
    grants: Sequence[Grant] | None = None,
    **fields: Any,
) -> Course:
    """Change a course. The places cannot drop below the people already enrolled (waiting list excluded), and a
    trainer who leads a planned session stays until that session gets another trainer."""
    require(actor, "learning.manage_course", course, hide=True)
    course = Course.objects.select_for_update().get(pk=course.pk)
    for key in COURSE_FIELDS:
        if key in fields:
            setattr(course, key, fields[key])
    if organisation is not None and organisation.pk != course.organisation_id:
        check_organiser(actor, organisation)
        course.organisation = organisation
    grants = clean_grants(course.visibility, course.cohort, current_grants(course) if grants is None else grants)
    course.full_clean(exclude=["state"])
    taken = course.enrolments.filter(state__in=selectors.ACTIVE_ENROLMENT).count()
    if course.capacity is not None and course.capacity < taken:
        raise ValidationError(
            {
                "capacity": _(
                    "Na szkolenie zapisano już %(n)d osób: liczba miejsc nie może być mniejsza "
                    "(najpierw wypisz uczestników albo zostaw co najmniej %(n)d miejsc)."
                )
                % {"n": taken}
            }
        )
    if trainers is not None:
        trainers = list(trainers)
        if not trainers:
            raise ValidationError({"trainers": _("Wskaż co najmniej jednego trenera.")})
        leading = set(course.sessions.filter(state=SessionState.PLANNED).values_list("trainer_id", flat=True))
        missing = leading - {t.pk for t in trainers}
        if missing:
            raise ValidationError(
                {
                    "trainers": _(
                        "Nie można usunąć trenera, który prowadzi zaplanowane zajęcia – zmień najpierw prowadzącego."
                    )
                }
            )
    course.save()
    if trainers is not None:
        course.trainers.set(trainers)
    save_grants(CourseGrant, "course", course, grants)
    learning_event(actor=actor, verb=LearningEvent.COURSE_CHANGED, target=course)
    return course


COURSE_EVENTS = {
    "publish": LearningEvent.COURSE_PUBLISHED,
    "close": LearningEvent.COURSE_CLOSED,
    "reopen": LearningEvent.COURSE_REOPENED,
}


@transaction.atomic
def course_transition(*, actor: Actor, course: Course, name: str) -> Course:
    require(actor, "learning.manage_course", course, hide=True)
    course = Course.objects.select_for_update().get(pk=course.pk)
    if name == "publish" and not course.sessions.exists() and not course.modules.exists():
        raise ValidationError(_("Dodaj co najmniej jeden moduł albo zajęcia przed publikacją szkolenia."))
    COURSE.apply(course, name, actor=actor)
    course.save(update_fields=["state", "updated_at"])
    learning_event(actor=actor, verb=COURSE_EVENTS[name], target=course)
    return course


@transaction.atomic
def module_add(*, actor: Actor, course: Course, title: str, body: str = "", materials: Iterable[Any] = ()) -> Module:
    require(actor, "learning.manage_course", course, hide=True)
    order = course.modules.count() + 1
    module = Module.objects.create(course=course, order=order, title=title, body=body)
    module.materials.set(list(materials))
    learning_event(actor=actor, verb=LearningEvent.COURSE_CHANGED, target=course, module=module.title)
    return module


@transaction.atomic
def session_add(
    *,
    actor: Actor,
    course: Course,
    title: str,
    starts_at: Any,
    ends_at: Any,
    trainer: Any,
    place: str = "",
    online_url: str = "",
    capacity: int | None = None,
) -> LiveSession:
    require(actor, "learning.manage_course", course, hide=True)
    _check_session(course, starts_at=starts_at, ends_at=ends_at, trainer=trainer, place=place, online_url=online_url)
    session = LiveSession.objects.create(
        course=course,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        online_url=online_url,
        trainer=trainer,
        capacity=capacity,
    )
    learning_event(actor=actor, verb=LearningEvent.SESSION_ADDED, target=session)
    return session


def _check_session(course: Course, *, starts_at: Any, ends_at: Any, trainer: Any, place: str, online_url: str) -> None:
    errors: dict[str, str] = {}
    if ends_at <= starts_at:
        errors["ends_at"] = _("Zajęcia muszą kończyć się po ich rozpoczęciu.")
    elif ends_at - starts_at > timedelta(hours=12):
        errors["ends_at"] = _("Zajęcia trwają najwyżej 12 godzin – dłuższe szkolenie podziel na kilka zajęć.")
    if not place and not online_url:
        errors["place"] = _("Podaj miejsce albo odnośnik do spotkania online.")
    if not course.trainers.filter(pk=trainer.pk).exists():
        errors["trainer"] = _("Prowadzący musi być jednym z trenerów szkolenia.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def session_update(
    *,
    actor: Actor,
    session: LiveSession,
    title: str,
    starts_at: Any,
    ends_at: Any,
    trainer: Any,
    place: str = "",
    online_url: str = "",
    capacity: int | None = None,
) -> LiveSession:
    """Change a planned session (date, place, trainer, room). A session already held or cancelled keeps its record;
    a new start must not be in the past. Enrolled learners get the day-before reminder at the new date."""
    require(actor, "learning.manage_course", session.course, hide=True)
    session = LiveSession.objects.select_for_update().select_related("course").get(pk=session.pk)
    if session.state != SessionState.PLANNED:
        raise ValidationError(
            _("Zmieniać można tylko zaplanowane zajęcia (te już odbyte lub odwołane zostają bez zmian).")
        )
    _check_session(
        session.course, starts_at=starts_at, ends_at=ends_at, trainer=trainer, place=place, online_url=online_url
    )
    if starts_at != session.starts_at and starts_at < timezone.now():
        raise ValidationError({"starts_at": _("Nowy termin zajęć nie może być w przeszłości.")})
    moved = starts_at != session.starts_at
    session.title = title
    session.starts_at = starts_at
    session.ends_at = ends_at
    session.trainer = trainer
    session.place = place
    session.online_url = online_url
    session.capacity = capacity
    if moved:
        session.reminder_sent_at = None
    session.full_clean(exclude=["state"])
    session.save()
    learning_event(actor=actor, verb=LearningEvent.SESSION_CHANGED, target=session, moved=moved)
    return session


SESSION_EVENTS = {
    "hold": LearningEvent.SESSION_HELD,
    "reopen": LearningEvent.SESSION_REOPENED,
    "cancel": LearningEvent.SESSION_CANCELLED,
}


@transaction.atomic
def session_transition(*, actor: Actor, session: LiveSession, name: str, reason: str = "") -> LiveSession:
    require(actor, "learning.manage_course", session.course, hide=True)
    session = LiveSession.objects.select_for_update().select_related("course").get(pk=session.pk)
    SESSION.apply(session, name, actor=None, reason=reason)
    session.save(update_fields=["state", "updated_at"])
    learning_event(actor=actor, verb=SESSION_EVENTS[name], target=session, reason=reason)
    return session


@transaction.atomic
def question_add(
    *, actor: Actor, course: Course, text: str, choices: list[tuple[str, bool]], multiple: bool = False
) -> Question:
    require(actor, "learning.manage_course", course, hide=True)
    choices = [(t.strip(), ok) for t, ok in choices if t.strip()]
    if len(choices) < 2:
        raise ValidationError({"choices": _("Pytanie ma co najmniej dwie odpowiedzi.")})
    correct = sum(1 for _t, ok in choices if ok)
    if correct == 0:
        raise ValidationError({"choices": _("Zaznacz co najmniej jedną poprawną odpowiedź.")})
    if correct > 1 and not multiple:
        raise ValidationError({"choices": _("Pytanie jednokrotnego wyboru ma jedną poprawną odpowiedź.")})
    question = Question.objects.create(course=course, order=course.questions.count() + 1, text=text, multiple=multiple)
    Choice.objects.bulk_create([Choice(question=question, text=t, correct=ok) for t, ok in choices])
    return question


# --- enrolment ---------------------------------------------------------------------------------------------


def _learner_org(user: Any) -> Any:
    from kooperacja.organisations.models import Organisation

    ids = sorted(roles.organisation_ids(user, verified_only=True))
    return Organisation.objects.filter(pk=ids[0]).first() if ids else None


def _has_place(course: Course) -> bool:
    taken = course.enrolments.filter(state__in=selectors.ACTIVE_ENROLMENT).count()
    return taken < course.capacity


@transaction.atomic
def enrolment_apply(*, actor: Actor, course: Course, motivation: str = "", user: Any = None) -> Enrolment:
    """The learner applies. An open course enrols at once while places last, then puts on the waiting list."""
    learner = user if user is not None and is_system(actor) else actor
    if learner is None or is_system(learner):
        raise TypeError("enrolment_apply: the system enrols a named user")
    require(actor, "learning.enrol_course", course)
    course = Course.objects.select_for_update().get(pk=course.pk)
    if course.state != CourseState.PUBLISHED:
        raise ValidationError(_("Zapisy na to szkolenie są zamknięte."))
    existing = Enrolment.objects.select_for_update().filter(course=course, user=learner).first()
    if existing is not None:
        if not ENROLMENT.can(existing, "reapply"):
            raise ValidationError(_("Masz już zgłoszenie na to szkolenie."))
        ENROLMENT.apply(existing, "reapply")
        existing.motivation = motivation[:1000]
        existing.reason = ""
        existing.save()
        enrolment = existing
        learning_event(actor=actor, verb=LearningEvent.ENROLMENT_REAPPLIED, target=enrolment)
    else:
        enrolment = Enrolment.objects.create(
            course=course, user=learner, organisation=_learner_org(learner), motivation=motivation[:1000]
        )
        learning_event(actor=actor, verb=LearningEvent.ENROLMENT_APPLIED, target=enrolment)
    if course.enrolment_mode == EnrolmentMode.OPEN:
        _place_or_wait(enrolment, course)
    return enrolment


def _place_or_wait(enrolment: Enrolment, course: Course) -> None:
    name = "approve" if _has_place(course) else "waitlist"
    ENROLMENT.apply(enrolment, name)
    enrolment.save(update_fields=["state", "updated_at"])
    verb = LearningEvent.ENROLMENT_APPROVED if name == "approve" else LearningEvent.ENROLMENT_WAITLISTED
    learning_event(actor=SYSTEM, verb=verb, target=enrolment)
    if name == "approve":
        _notify("enrolled", enrolment.pk)


DECISION_EVENTS = {
    "approve": LearningEvent.ENROLMENT_APPROVED,
    "waitlist": LearningEvent.ENROLMENT_WAITLISTED,
    "reject": LearningEvent.ENROLMENT_REJECTED,
}


@transaction.atomic
def enrolment_decide(*, actor: Actor, enrolment: Enrolment, name: str, reason: str = "") -> Enrolment:
    require(actor, "learning.decide_enrolment", enrolment, hide=True)
    if name not in DECISION_EVENTS:
        raise ValidationError(_("Nieznana decyzja."))
    course = Course.objects.select_for_update().get(pk=enrolment.course_id)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if name == "approve" and not _has_place(course):
        raise ValidationError(_("Brak wolnych miejsc – wpisz osobę na listę rezerwową albo zwiększ liczbę miejsc."))
    ENROLMENT.apply(enrolment, name, actor=actor, reason=reason)
    enrolment.reason = reason[:1000]
    enrolment.save(update_fields=["state", "reason", "updated_at"])
    learning_event(actor=actor, verb=DECISION_EVENTS[name], target=enrolment, reason=reason)
    if name == "approve":
        _notify("enrolled", enrolment.pk)
    return enrolment


@transaction.atomic
def enrolment_cancel(*, actor: Actor, enrolment: Enrolment, reason: str = "") -> Enrolment:
    """The learner cancels their own place (or a course manager does); the first on the waiting list moves up."""
    own = getattr(actor, "pk", None) is not None and actor.pk == enrolment.user_id
    if not own:
        require(actor, "learning.decide_enrolment", enrolment, hide=True)
    course = Course.objects.select_for_update().get(pk=enrolment.course_id)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    was_enrolled = enrolment.state == EnrolmentState.ENROLLED
    ENROLMENT.apply(enrolment, "cancel")
    enrolment.reason = reason[:1000]
    enrolment.save(update_fields=["state", "reason", "updated_at"])
    learning_event(actor=actor, verb=LearningEvent.ENROLMENT_CANCELLED, target=enrolment)
    if was_enrolled and course.enrolment_mode == EnrolmentMode.OPEN:
        nxt = course.enrolments.select_for_update().filter(state=EnrolmentState.WAITLISTED).order_by("created_at", "id")
        first = nxt.first()
        if first is not None:
            ENROLMENT.apply(first, "approve")
            first.save(update_fields=["state", "updated_at"])
            learning_event(actor=SYSTEM, verb=LearningEvent.ENROLMENT_APPROVED, target=first, from_waiting_list=True)
            _notify("enrolled", first.pk)
    return enrolment


@transaction.atomic
def cohort_assign(*, actor: Actor, course: Course, cohort: Any) -> int:
    """Enrol every member of the cohort (waiting list beyond the places). Returns how many were added."""
    require(actor, "learning.manage_course", course, hide=True)
    course = Course.objects.select_for_update().get(pk=course.pk)
    if course.state == CourseState.CLOSED:
        raise ValidationError(_("Szkolenie jest zakończone."))
    present = set(course.enrolments.values_list("user_id", flat=True))
    added = 0
    for user in cohort.members.filter(is_active=True).order_by("full_name", "id"):
        if user.pk in present:
            continue
        enrolment = Enrolment.objects.create(course=course, user=user, organisation=_learner_org(user))
        _place_or_wait(enrolment, course)
        added += 1
    learning_event(actor=actor, verb=LearningEvent.COHORT_ASSIGNED, target=course, cohort=cohort.name, added=added)
    return added


# --- attendance, modules, knowledge check -----------------------------------------------------------------


def _register_open(session: LiveSession) -> None:
    if session.state == SessionState.CANCELLED:
        raise ValidationError(_("Zajęcia zostały odwołane."))


@transaction.atomic
def attendance_set(*, actor: Actor, session: LiveSession, enrolment: Enrolment, status: str) -> Attendance:
    require(actor, "learning.manage_course", session.course, hide=True)
    _register_open(session)
    if status not in AttendanceStatus.values:
        raise ValidationError({"status": _("Wybierz obecność z listy.")})
    if enrolment.course_id != session.course_id or enrolment.state not in selectors.ACTIVE_ENROLMENT:
        raise ValidationError(_("Ta osoba nie jest uczestnikiem tego szkolenia."))
    row, _created = Attendance.objects.update_or_create(
        session=session, enrolment=enrolment, defaults={"status": status, "marked_by": _user(actor)}
    )
    learning_event(
        actor=actor, verb=LearningEvent.ATTENDANCE_MARKED, target=session, enrolment=enrolment.pk, status=status
    )
    return row


@transaction.atomic
def attendance_mark_all(*, actor: Actor, session: LiveSession, status: str = AttendanceStatus.PRESENT) -> int:
    """Mark everyone without a mark yet (one click at the start of a session)."""
    require(actor, "learning.manage_course", session.course, hide=True)
    _register_open(session)
    rows = [r for r in selectors.session_register(session) if r.attendance is None]
    if not rows:
        return 0
    Attendance.objects.bulk_create(
        [Attendance(session=session, enrolment=r.enrolment, status=status, marked_by=_user(actor)) for r in rows]
    )
    learning_event(
        actor=actor, verb=LearningEvent.ATTENDANCE_MARKED_ALL, target=session, status=status, count=len(rows)
    )
    return len(rows)


@transaction.atomic
def module_done(*, actor: Actor, enrolment: Enrolment, module: Module) -> None:
    if getattr(actor, "pk", None) != enrolment.user_id and not is_system(actor):
        raise PermissionDenied(_("Postęp oznacza sam uczestnik."))
    if module.course_id != enrolment.course_id or enrolment.state not in selectors.ACTIVE_ENROLMENT:
        raise ValidationError(_("Ten moduł nie należy do Twojego szkolenia."))
    _progress, created = ModuleProgress.objects.get_or_create(enrolment=enrolment, module=module)
    if created:  # marking a module done twice changes nothing and records nothing
        learning_event(actor=actor, verb=LearningEvent.MODULE_DONE, target=enrolment, module=module.pk)


@transaction.atomic
def attempt_submit(*, actor: Actor, enrolment: Enrolment, answers: Mapping[int, Iterable[int]]) -> Attempt:
    """Score one attempt: a question counts when the chosen answers are exactly the correct ones."""
    if getattr(actor, "pk", None) != enrolment.user_id and not is_system(actor):
        raise PermissionDenied(_("Test rozwiązuje sam uczestnik."))
    enrolment = Enrolment.objects.select_for_update().select_related("course").get(pk=enrolment.pk)
    course = enrolment.course
    if enrolment.state not in selectors.ACTIVE_ENROLMENT:
        raise ValidationError(_("Test jest dostępny dla uczestników szkolenia."))
    if enrolment.attempts.filter(passed=True).exists():
        raise ValidationError(_("Test jest już zaliczony."))
    if enrolment.attempts.count() >= course.max_attempts:
        raise ValidationError(_("Wykorzystano wszystkie podejścia do testu."))
    questions = list(course.questions.prefetch_related("choices"))
    if not questions:
        raise ValidationError(_("To szkolenie nie ma testu wiedzy."))
    good = 0
    stored: dict[str, list[int]] = {}
    for q in questions:
        chosen = {int(c) for c in answers.get(q.pk, ())}
        valid = {c.pk for c in q.choices.all()}
        if not chosen <= valid or (not q.multiple and len(chosen) > 1):
            raise ValidationError({f"q{q.pk}": _("Niepoprawna odpowiedź.")})
        stored[str(q.pk)] = sorted(chosen)
        if chosen == {c.pk for c in q.choices.all() if c.correct}:
            good += 1
    score = round(100 * good / len(questions))
    attempt = Attempt.objects.create(enrolment=enrolment, answers=stored, score=score, passed=score >= course.pass_mark)
    learning_event(
        actor=actor, verb=LearningEvent.CHECK_ATTEMPTED, target=enrolment, score=score, passed=attempt.passed
    )
    return attempt
