"""One policy per aggregate of the learning app (can + scope from one place, see core.policy)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Q

from kooperacja.core.policy import EVERYTHING, NOTHING, Policy

from .audience import audience_q, profile
from .enums import CourseState
from .models import Certificate, Cohort, Course, CourseGrant, Enrolment, ExchangeMeeting, Material, MaterialGrant, Study


class MaterialPolicy(Policy[Material]):
    """view: its audience, its publisher's trainers, platform admins. change: publisher's trainers and admins."""

    model = Material
    actions: ClassVar = ("view", "change")

    def scope(self, user: Any, action: str) -> Q:
        p = profile(user)
        if p.admin:
            return EVERYTHING
        manage = Q(organisation_id__in=sorted(p.trainer_org_ids)) if p.trainer_org_ids else NOTHING
        if action == "change":
            return manage
        return audience_q(p, MaterialGrant, "material_id") | manage

    def can_without_object(self, user: Any, action: str) -> bool:
        p = profile(user)
        return p.admin or bool(p.trainer_org_ids)


class CoursePolicy(Policy[Course]):
    """view: published for its audience, one's own enrolments, trainers, the regional coordinator and admins.
    manage: the course's trainers, trainers of the organiser, admins. enrol: published, audience, not by cohort."""

    model = Course
    actions: ClassVar = ("view", "manage", "enrol")

    def _manage(self, user: Any) -> Q:
        p = profile(user)
        if p.admin:
            return EVERYTHING
        if not p.signed_in:
            return NOTHING
        q = Q(pk__in=Course.trainers.through.objects.filter(user_id=p.user_id).values("course_id"))
        if p.trainer_org_ids:
            q |= Q(organisation_id__in=sorted(p.trainer_org_ids))
        return q

    def scope(self, user: Any, action: str) -> Q:
        p = profile(user)
        live = Q(state__in=[CourseState.PUBLISHED, CourseState.CLOSED])
        if action == "manage":
            return self._manage(user)
        if action == "enrol":
            if not p.signed_in:
                return NOTHING
            return (
                Q(state=CourseState.PUBLISHED) & audience_q(p, CourseGrant, "course_id") & ~Q(enrolment_mode="cohort")
            )
        if p.admin or p.coordinator:
            return EVERYTHING
        q = (live & audience_q(p, CourseGrant, "course_id")) | self._manage(user)
        if p.signed_in:
            q |= Q(pk__in=Enrolment.objects.filter(user_id=p.user_id).values("course_id"))
        return q

    def can_without_object(self, user: Any, action: str) -> bool:
        p = profile(user)
        if action == "manage":
            return p.admin or bool(p.trainer_org_ids)
        return action == "view" and (p.admin or p.coordinator)


COURSES = CoursePolicy()


class EnrolmentPolicy(Policy[Enrolment]):
    """view: the learner and the course's managers. decide: the course's managers."""

    model = Enrolment
    actions: ClassVar = ("view", "decide")

    def scope(self, user: Any, action: str) -> Q:
        p = profile(user)
        managed = Q(course__in=Course.objects.filter(COURSES.scope(user, "manage")).values("pk"))
        if p.admin:
            return EVERYTHING
        if action == "decide":
            return managed if p.signed_in else NOTHING
        if not p.signed_in:
            return NOTHING
        return Q(user_id=p.user_id) | managed


class CertificatePolicy(Policy[Certificate]):
    """view (the PDF with its details): the holder, the course's managers, the coordinator, admins.
    revoke / renew: the course's managers and admins. The public check by code needs no permission."""

    model = Certificate
    actions: ClassVar = ("view", "revoke")

    def scope(self, user: Any, action: str) -> Q:
        p = profile(user)
        if not p.signed_in:
            return NOTHING
        if p.admin:
            return EVERYTHING
        managed = Q(enrolment__course__in=Course.objects.filter(COURSES.scope(user, "manage")).values("pk"))
        if action == "revoke":
            return managed
        if p.coordinator:
            return EVERYTHING
        return Q(enrolment__user_id=p.user_id) | managed


class ExchangeMeetingPolicy(Policy[ExchangeMeeting]):
    """view / register: staff of verified institutions. manage: trainers, the regional coordinator, admins."""

    model = ExchangeMeeting
    actions: ClassVar = ("view", "manage")

    def scope(self, user: Any, action: str) -> Q:
        p = profile(user)
        if p.admin or (action == "manage" and p.coordinator):
            return EVERYTHING
        if not p.signed_in:
            return NOTHING
        if action == "manage":  # the School of Cooperation's trainers run the exchange and research programme
            return EVERYTHING if p.trainer_org_ids else NOTHING
        return EVERYTHING if p.verified else NOTHING

    def can_without_object(self, user: Any, action: str) -> bool:
        p = profile(user)
        if action == "view":
            return p.admin or p.verified
        return p.admin or p.coordinator or bool(p.trainer_org_ids)


class StudyPolicy(Policy[Study]):
    """view: staff of verified institutions. manage: trainers, the regional coordinator, admins."""

    model = Study
    actions: ClassVar = ("view", "manage")

    def scope(self, user: Any, action: str) -> Q:
        p = profile(user)
        if p.admin or (action == "manage" and p.coordinator):
            return EVERYTHING
        if not p.signed_in:
            return NOTHING
        if action == "manage":  # the School of Cooperation's trainers run the exchange and research programme
            return EVERYTHING if p.trainer_org_ids else NOTHING
        return EVERYTHING if p.verified else NOTHING

    def can_without_object(self, user: Any, action: str) -> bool:
        p = profile(user)
        if action == "view":
            return p.admin or p.verified
        return p.admin or p.coordinator or bool(p.trainer_org_ids)


class CohortPolicy(Policy[Cohort]):
    """view / change: the people who run the School of Cooperation - trainers of a verified institution, the
    regional coordinator and admins. Everyone else may not know a cohort exists (404)."""

    model = Cohort
    actions: ClassVar = ("view", "change")

    def scope(self, user: Any, action: str) -> Q:
        p = profile(user)
        if p.admin or p.coordinator or p.trainer_org_ids:
            return EVERYTHING
        return NOTHING

    def can(self, user: Any, action: str, obj: Cohort) -> bool:
        self._check_action(action)
        if obj is None or obj.pk is None:
            return False
        p = profile(user)
        return p.admin or p.coordinator or bool(p.trainer_org_ids)

    def can_without_object(self, user: Any, action: str) -> bool:
        p = profile(user)
        return p.admin or p.coordinator or bool(p.trainer_org_ids)


MATERIALS = MaterialPolicy()
COHORTS = CohortPolicy()
ENROLMENTS = EnrolmentPolicy()
CERTIFICATES = CertificatePolicy()
EXCHANGES = ExchangeMeetingPolicy()
STUDIES = StudyPolicy()
