"""Scheduled work of consortia (Django Tasks).

- `close_due_votes`: daily, just after midnight (`kooperacja consortia_close_votes --enqueue` from cron / a systemd
  timer): every resolution whose online vote had a deadline (`voting_closes_on`) that has passed is closed by the
  clock, as the system: the result is computed from the votes cast (quorum and majority frozen when the vote
  opened), an adopted resolution is carried out (`resolution_close`), and the representatives of the members and
  the consortium's office get one e-mail with the result. A vote without a deadline is closed by the office.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

logger = logging.getLogger(__name__)


def _site_url(path: str) -> str:
    return getattr(settings, "SITE_URL", "").rstrip("/") + path


def result_recipients(resolution: Any) -> list[tuple[str, str]]:
    """(e-mail, language) of the people of the consortium's members (PES staff and consortium coordinators of a
    current member organisation, the lead included) and of the office seats; each address once, in a fixed order."""
    from kooperacja.accounts.enums import MembershipStatus
    from kooperacja.accounts.models import User

    from .access import REP_ROLES
    from .enums import BodyKind, MemberStatus

    consortium_id = resolution.consortium_id
    rows = (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .filter(
            models_q_members(consortium_id, REP_ROLES, MembershipStatus.ACTIVE, MemberStatus)
            | models_q_office(consortium_id, BodyKind.OFFICE)
        )
        .distinct()
        .order_by("email")
        .values_list("email", "language")
    )
    return [(email, language or "pl") for email, language in rows]


def models_q_members(consortium_id: int, roles: Any, active: str, member_status: Any) -> Any:
    from django.db.models import Q

    return Q(
        memberships__status=active,
        memberships__role__in=list(roles),
        memberships__organisation__consortium_memberships__consortium_id=consortium_id,
        memberships__organisation__consortium_memberships__status__in=[member_status.ACTIVE, member_status.SUSPENDED],
    )


def models_q_office(consortium_id: int, office: str) -> Any:
    from django.db.models import Q

    return Q(
        consortium_seats__body__consortium_id=consortium_id,
        consortium_seats__body__kind=office,
        consortium_seats__until__isnull=True,
    )


def result_notice(resolution: Any, language: str) -> tuple[str, str]:
    """The subject and text of "the vote has closed", in the reader's language (dates in the Polish format)."""
    with translation.override(language or "pl"):
        adopted = resolution.status == "adopted"
        outcome = _("uchwała została podjęta") if adopted else _("uchwała nie została podjęta")
        subject = (
            _("Zakończono głosowanie nad uchwałą %(number)s: %(outcome)s")
            % {"number": resolution.number, "outcome": outcome}
        )[:200]
        assert resolution.voting_closes_on is not None
        lines = [
            _("Konsorcjum: %(consortium)s.") % {"consortium": resolution.consortium},
            _("Uchwała %(number)s „%(title)s”.") % {"number": resolution.number, "title": resolution.title},
            _("Termin głosowania minął %(day)s; głosowanie zamknięto automatycznie.")
            % {"day": resolution.voting_closes_on.strftime("%d.%m.%Y")},
            _("Wynik: za %(f)s, przeciw %(a)s, wstrzymało się %(w)s, uprawnionych %(e)s; %(quorum)s; %(outcome)s.")
            % {
                "f": resolution.votes_for,
                "a": resolution.votes_against,
                "w": resolution.votes_abstain,
                "e": resolution.eligible_count,
                "quorum": _("kworum osiągnięte") if resolution.quorum_met else _("brak kworum"),
                "outcome": outcome,
            },
            "",
            _("Szczegóły: %(link)s")
            % {"link": _site_url(reverse("consortia:resolution", kwargs={"pk": resolution.pk}))},
        ]
    return subject, "\n".join(lines)


@task()
def close_due_votes(today_iso: str | None = None) -> int:
    """Close every vote whose deadline has passed (the day after `voting_closes_on`, Warsaw time) and e-mail the
    result. Returns the number of resolutions closed. A resolution another worker closed first is skipped."""
    from django.core.exceptions import ValidationError

    from kooperacja.core.actors import SYSTEM

    from .enums import ResolutionStatus
    from .events import ResolutionEvent, event
    from .models import Resolution
    from .services import resolution_close

    today = date.fromisoformat(today_iso) if today_iso else timezone.localdate()
    due = list(
        Resolution.objects.filter(status=ResolutionStatus.VOTING, voting_closes_on__lt=today).order_by(
            "voting_closes_on", "pk"
        )
    )
    closed = 0
    for res in due:
        try:
            res = resolution_close(actor=SYSTEM, resolution=res)
        except ValidationError as exc:  # closed meanwhile by the office or another worker, or cannot be carried out
            logger.warning("consortia: vote on resolution %s not closed by the clock: %s", res.pk, exc.messages)
            continue
        closed += 1
        recipients = result_recipients(res)
        messages = []
        for email, language in recipients:
            subject, body = result_notice(res, language)
            messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [email]))
        event(actor=SYSTEM, verb=ResolutionEvent.RESULT_NOTIFIED, target=res, data={"recipients": len(messages)})
        if messages:
            send_mass_mail(messages)
        logger.info("consortia: vote on resolution %s closed by the clock, %s notified", res.pk, len(messages))
    return closed
