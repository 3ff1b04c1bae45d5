"""Every read of the learning app that has rules goes through the policies' scopes (404 for what one may not see)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .enums import AttendanceStatus, CertificateState, EnrolmentState, SessionState
from .models import (
    Attendance,
    Certificate,
    Cohort,
    Course,
    Enrolment,
    ExchangeMeeting,
    LiveSession,
    Material,
    MaterialVersion,
    Module,
    Study,
)
from .policies import CERTIFICATES, COHORTS, COURSES, ENROLMENTS, EXCHANGES, MATERIALS, STUDIES

ACTIVE_ENROLMENT = (EnrolmentState.ENROLLED, EnrolmentState.COMPLETED)

# --- materials --------------------------------------------------------------------------------------------


def materials_visible_to(user: Any) -> QuerySet[Material]:
    return MATERIALS.visible(user, "view").select_related("organisation")


def material_search(
    user: Any, *, q: str = "", topic: str = "", audience: str = "", kind: str = "", order: str = "newest"
) -> QuerySet[Material]:
    qs = materials_visible_to(user)
    if q:
        qs = qs.filter(
            Q(title__icontains=q) | Q(summary__icontains=q) | Q(topics__icontains=q) | Q(author__icontains=q)
        )
    if topic:
        qs = qs.filter(topics__icontains=topic)
    if audience:
        qs = qs.filter(audience=audience)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("title", "id") if order == "title" else qs.order_by("-created_at", "-id")


def material_for(user: Any, pk: int, action: str = "view") -> Material:
    return get_object_or_404(MATERIALS.visible(user, action).select_related("organisation", "cohort"), pk=pk)


def material_versions(material: Material) -> QuerySet[MaterialVersion]:
    return material.versions.select_related("created_by").order_by("-number")


def version_for(user: Any, material_pk: int, number: int | None = None) -> MaterialVersion:
    material = material_for(user, material_pk)
    qs = material.versions.all()
    if number is None:
        version = qs.order_by("-number").first()
        if version is None:
            from django.http import Http404

            raise Http404
        return version
    return get_object_or_404(qs, number=number)


def topics_in_use(user: Any) -> list[str]:
    found: set[str] = set()
    for topics in materials_visible_to(user).values_list("topics", flat=True)[:500]:
        found.update(t.strip() for t in topics.split(",") if t.strip())
    return sorted(found, key=str.lower)


def cohorts_for_choice() -> QuerySet[Cohort]:
    return Cohort.objects.order_by("name")


def cohorts_visible_to(user: Any) -> QuerySet[Cohort]:
    """The cohorts page: each with its member count and the team it was made from (one query per page)."""
    return (
        COHORTS.visible(user, "view")
        .select_related("team")
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("name", "pk")
    )


def cohort_for(user: Any, pk: int, action: str = "view") -> Cohort:
    return get_object_or_404(COHORTS.visible(user, action).select_related("team"), pk=pk)


def cohort_candidates() -> QuerySet[Any]:
    """People who can be put in a cohort: active staff of verified institutions."""
    from kooperacja.accounts.enums import MembershipStatus
    from kooperacja.accounts.models import User

    return User.objects.filter(
        is_active=True,
        pk__in=User.objects.filter(
            memberships__status=MembershipStatus.ACTIVE, memberships__organisation__is_verified=True
        ).values("pk"),
    ).order_by("full_name", "pk")


# --- courses ----------------------------------------------------------------------------------------------


def courses_visible_to(user: Any) -> QuerySet[Course]:
    return (
        COURSES.visible(user, "view")
        .select_related("organisation")
        .annotate(
            first_start=Min("sessions__starts_at"),
            enrolled=Count("enrolments", filter=Q(enrolments__state__in=ACTIVE_ENROLMENT), distinct=True),
        )
        .order_by("-created_at", "-id")
    )


def course_for(user: Any, pk: int, action: str = "view") -> Course:
    return get_object_or_404(COURSES.visible(user, action).select_related("organisation", "cohort"), pk=pk)


def courses_managed_by(user: Any) -> QuerySet[Course]:
    return (
        COURSES.visible(user, "manage")
        .select_related("organisation")
        .annotate(
            waiting=Count("enrolments", filter=Q(enrolments__state=EnrolmentState.APPLIED), distinct=True),
            enrolled=Count("enrolments", filter=Q(enrolments__state__in=ACTIVE_ENROLMENT), distinct=True),
            issued=Count(
                "enrolments__certificates",
                filter=Q(enrolments__certificates__state=CertificateState.VALID),
                distinct=True,
            ),
        )
        .order_by("-created_at", "-id")
    )


def sessions_of(course: Course) -> QuerySet[LiveSession]:
    return course.sessions.select_related("trainer").order_by("starts_at", "id")


def modules_of(course: Course) -> QuerySet[Module]:
    return course.modules.prefetch_related(Prefetch("materials", queryset=Material.objects.order_by("title"))).order_by(
        "order", "id"
    )


def session_for(user: Any, pk: int, action: str = "view") -> LiveSession:
    session = get_object_or_404(LiveSession.objects.select_related("course", "trainer"), pk=pk)
    if not COURSES.can(user, action, session.course):
        from django.http import Http404

        raise Http404
    return session


def upcoming_sessions_for_trainer(user: Any, limit: int = 10) -> QuerySet[LiveSession]:
    managed = COURSES.visible(user, "manage").values("pk")
    return (
        LiveSession.objects.filter(course__in=managed, state=SessionState.PLANNED)
        .select_related("course")
        .order_by("starts_at")[:limit]
    )


def enrolments_of(course: Course) -> QuerySet[Enrolment]:
    return course.enrolments.select_related("user", "organisation").order_by("state", "user__full_name", "id")


def enrolment_for(user: Any, pk: int, action: str = "view") -> Enrolment:
    return get_object_or_404(
        ENROLMENTS.visible(user, action).select_related("course", "course__organisation", "user", "organisation"),
        pk=pk,
    )


def my_enrolment(user: Any, course: Course) -> Enrolment | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Enrolment.objects.filter(course=course, user=user).first()


def my_enrolments(user: Any) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(user=user)
        .select_related("course", "course__organisation")
        .order_by("-created_at", "-id")
    )


@dataclass
class RegisterRow:
    enrolment: Enrolment
    attendance: Attendance | None


def session_register(session: LiveSession) -> list[RegisterRow]:
    enrolments = list(
        session.course.enrolments.filter(state__in=ACTIVE_ENROLMENT)
        .select_related("user", "organisation")
        .order_by("user__full_name", "id")
    )
    marks = {a.enrolment_id: a for a in session.attendance.all()}
    return [RegisterRow(e, marks.get(e.pk)) for e in enrolments]


@dataclass
class Progress:
    modules_done: int = 0
    modules_total: int = 0
    sessions_attended: int = 0
    sessions_held: int = 0
    check_passed: bool = False
    attempts: int = 0
    best_score: int | None = None
    missing: list[str] = field(default_factory=list)

    @property
    def attendance_percent(self) -> int:
        return round(100 * self.sessions_attended / self.sessions_held) if self.sessions_held else 0

    @property
    def complete(self) -> bool:
        return not self.missing


def progress_many(enrolments: list[Enrolment]) -> dict[int, Progress]:
    """Progress of many enrolments (of any courses) in a fixed number of queries."""
    from .models import Attempt, ModuleProgress

    if not enrolments:
        return {}
    ids = [e.pk for e in enrolments]
    courses = {
        c.pk: c
        for c in Course.objects.filter(pk__in={e.course_id for e in enrolments}).annotate(
            held_n=Count("sessions", filter=Q(sessions__state=SessionState.HELD), distinct=True),
            modules_n=Count("modules", distinct=True),
            questions_n=Count("questions", distinct=True),
        )
    }
    attended = dict(
        Attendance.objects.filter(
            enrolment_id__in=ids, status=AttendanceStatus.PRESENT, session__state=SessionState.HELD
        )
        .values("enrolment_id")
        .annotate(n=Count("id"))
        .values_list("enrolment_id", "n")
    )
    done = dict(
        ModuleProgress.objects.filter(enrolment_id__in=ids)
        .values("enrolment_id")
        .annotate(n=Count("id"))
        .values_list("enrolment_id", "n")
    )
    attempts = {
        row["enrolment_id"]: row
        for row in Attempt.objects.filter(enrolment_id__in=ids)
        .values("enrolment_id")
        .annotate(n=Count("id"), best=Max("score"), ok=Count("id", filter=Q(passed=True)))
    }
    result = {}
    for e in enrolments:
        course = courses[e.course_id]
        a: dict[str, Any] = dict(attempts.get(e.pk) or {})
        p = Progress(
            modules_done=done.get(e.pk, 0),
            modules_total=course.modules_n,  # type: ignore[attr-defined]
            sessions_held=course.held_n,  # type: ignore[attr-defined]
            sessions_attended=attended.get(e.pk, 0),
            check_passed=bool(a.get("ok")),
            attempts=a.get("n", 0),
            best_score=a.get("best"),
        )
        _missing(p, course, has_questions=bool(course.questions_n))  # type: ignore[attr-defined]
        result[e.pk] = p
    return result


def _missing(p: Progress, course: Course, *, has_questions: bool) -> None:
    from django.utils.translation import gettext as _

    if p.sessions_held == 0 or p.attendance_percent < course.min_attendance:
        p.missing.append(
            _("frekwencja %(have)d%% (wymagane %(need)d%%)")
            % {"have": p.attendance_percent, "need": course.min_attendance}
        )
    if course.requires_modules and p.modules_done < p.modules_total:
        p.missing.append(_("moduły: %(done)d z %(all)d") % {"done": p.modules_done, "all": p.modules_total})
    if course.requires_check and has_questions and not p.check_passed:
        p.missing.append(_("zaliczenie testu wiedzy"))


def progress_of(enrolment: Enrolment, *, course: Course | None = None) -> Progress:
    """Modules done, sessions attended of those held, the knowledge check, and what is still missing."""
    return progress_many([enrolment])[enrolment.pk]


def course_dates(course: Course) -> tuple[Any, Any]:
    agg = course.sessions.exclude(state=SessionState.CANCELLED).aggregate(a=Min("starts_at"), b=Max("ends_at"))
    first = timezone.localtime(agg["a"]).date() if agg["a"] else None
    last = timezone.localtime(agg["b"]).date() if agg["b"] else None
    return first, last


# --- certificates -------------------------------------------------------------------------------------------


def certificate_by_code(code: str) -> Certificate:
    """The public check: anyone who has the code sees the certificate's status (codes are random and long)."""
    code = (code or "").strip().upper()[:20]
    return get_object_or_404(Certificate, code=code)


def certificate_for(user: Any, pk: int, action: str = "view") -> Certificate:
    return get_object_or_404(CERTIFICATES.visible(user, action).select_related("enrolment", "enrolment__course"), pk=pk)


def my_certificates(user: Any) -> QuerySet[Certificate]:
    return Certificate.objects.filter(enrolment__user=user).order_by("-issued_at", "-id")


def certificates_of(course: Course) -> QuerySet[Certificate]:
    return Certificate.objects.filter(enrolment__course=course).select_related("enrolment").order_by("-issued_at")


# --- coordination figures -----------------------------------------------------------------------------------


def coordination_figures(user: Any) -> dict[str, Any]:
    """Courses with enrolled / completed / certificates issued, and the same per organisation kind and gmina."""
    from kooperacja.organisations.enums import LegalForm

    courses = list(
        COURSES.visible(user, "view")
        .select_related("organisation")
        .annotate(
            enrolled=Count("enrolments", filter=Q(enrolments__state__in=ACTIVE_ENROLMENT), distinct=True),
            completed=Count("enrolments", filter=Q(enrolments__state=EnrolmentState.COMPLETED), distinct=True),
            issued=Count("enrolments__certificates", distinct=True),
        )
        .order_by("title")
    )
    base = Enrolment.objects.filter(course__in=[c.pk for c in courses], state__in=ACTIVE_ENROLMENT)
    by_kind = (
        base.values("organisation__legal_form")
        .annotate(
            enrolled=Count("id", distinct=True),
            completed=Count("id", filter=Q(state=EnrolmentState.COMPLETED), distinct=True),
            issued=Count("certificates", distinct=True),
        )
        .order_by("organisation__legal_form")
    )
    labels = dict(LegalForm.choices)
    kinds = [{**row, "label": labels.get(row["organisation__legal_form"]) or "—"} for row in by_kind]
    by_gmina = list(
        base.values("organisation__territory__name", "organisation__territory__code")
        .annotate(
            enrolled=Count("id", distinct=True),
            completed=Count("id", filter=Q(state=EnrolmentState.COMPLETED), distinct=True),
            issued=Count("certificates", distinct=True),
        )
        .order_by("organisation__territory__name")
    )
    totals = {
        "enrolled": sum(c.enrolled for c in courses),
        "completed": sum(c.completed for c in courses),
        "issued": sum(c.issued for c in courses),
    }
    return {"courses": courses, "by_kind": kinds, "by_gmina": by_gmina, "totals": totals}


# --- exchange meetings and studies -----------------------------------------------------------------------------


def exchanges_visible_to(user: Any) -> QuerySet[ExchangeMeeting]:
    return (
        EXCHANGES.visible(user, "view")
        .select_related("host")
        .annotate(registered=Count("registrations"))
        .order_by("-starts_at", "-id")
    )


def exchange_for(user: Any, pk: int, action: str = "view") -> ExchangeMeeting:
    return get_object_or_404(EXCHANGES.visible(user, action).select_related("host"), pk=pk)


def studies_visible_to(user: Any) -> QuerySet[Study]:
    return STUDIES.visible(user, "view").select_related("organisation", "team", "package").order_by("-starts_on")


def study_for(user: Any, pk: int, action: str = "view") -> Study:
    return get_object_or_404(STUDIES.visible(user, action).select_related("organisation", "team", "package"), pk=pk)


def hours_text(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")
