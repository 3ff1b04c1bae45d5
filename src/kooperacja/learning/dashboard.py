"""Home-page widgets: the learner's next sessions, the trainer's next registers and pending applications."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kooperacja.core.nav import Widget

from .enums import EnrolmentState, SessionState
from .models import LiveSession


def widgets(request: HttpRequest) -> list[Widget]:
    user = request.user
    if not user.is_authenticated:
        return []
    from . import selectors

    found: list[Widget] = []
    upcoming = list(
        LiveSession.objects.filter(
            course__enrolments__user=user,
            course__enrolments__state=EnrolmentState.ENROLLED,
            state=SessionState.PLANNED,
            starts_at__gte=timezone.now(),
        )
        .select_related("course")
        .order_by("starts_at")[:3]
    )
    if upcoming:
        found.append(
            Widget(
                _("Moje najbliższe zajęcia"),
                "learning/widgets/sessions.html",
                {"sessions": upcoming, "register": False},
                order=70,
            )
        )
    if user.has_perm("learning.see_trainer_panel"):
        sessions = list(selectors.upcoming_sessions_for_trainer(user, limit=3))
        waiting = sum(c.waiting for c in selectors.courses_managed_by(user))
        found.append(
            Widget(
                _("Szkoła Kooperacji: do zrobienia"),
                "learning/widgets/sessions.html",
                {"sessions": sessions, "register": True, "waiting": waiting},
                order=71,
            )
        )
    return found
