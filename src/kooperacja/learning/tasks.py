"""E-mails of the learning app (Django Tasks): enrolment confirmed, session tomorrow, certificate issued,
certificate expiring. Times in Europe/Warsaw. Schedule `learning_reminders` daily (see docs/learning.md)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail, send_mass_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from .enums import EnrolmentState, SessionState


def site_url(path: str) -> str:
    base = (
        getattr(settings, "KOOPERACJA_SITE_URL", "")
        or f"http://{settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else 'localhost'}"
    )
    return base.rstrip("/") + path


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")


@task()
def notify(kind: str, pk: int) -> int:
    """E-mail after a service committed: `enrolled` (an Enrolment), `certificate` (a Certificate) or
    `exchange_cancelled` (an ExchangeMeeting: one message to each registered person)."""
    from .models import Certificate, Enrolment

    if kind == "enrolled":
        e = Enrolment.objects.select_related("user", "course").filter(pk=pk, state=EnrolmentState.ENROLLED).first()
        if e is None:
            return 0
        first = e.course.sessions.filter(state=SessionState.PLANNED).order_by("starts_at").first()
        body = _("Potwierdzamy zapis na szkolenie „%(course)s”.") % {"course": e.course.title}
        if first is not None:
            body += "\n" + _("Najbliższe zajęcia: %(when)s, %(where)s.") % {
                "when": _when(first.starts_at),
                "where": first.place or first.online_url,
            }
        body += "\n\n" + site_url(reverse("learning:course_detail", args=[e.course_id]))
        return send_mail(_("Zapis na szkolenie potwierdzony"), body, None, [e.user.email])
    if kind == "certificate":
        c = Certificate.objects.select_related("enrolment__user").filter(pk=pk).first()
        if c is None:
            return 0
        body = _(
            "Wydano zaświadczenie o ukończeniu szkolenia „%(course)s” (kod %(code)s).\n"
            "Pobierz je z listy swoich zaświadczeń: %(mine)s\nKażdy może sprawdzić jego ważność: %(check)s"
        ) % {
            "course": c.course_title,
            "code": c.code,
            "mine": site_url(reverse("learning:my_learning")),
            "check": site_url(reverse("certificates:verify", args=[c.code])),
        }
        return send_mail(_("Wydano zaświadczenie"), body, None, [c.enrolment.user.email])
    if kind == "exchange_cancelled":
        return _exchange_cancelled(pk)
    return 0


def _exchange_cancelled(pk: int) -> int:
    """Every person registered for a cancelled exchange meeting learns it, with the reason."""
    from .enums import MeetingState
    from .models import ExchangeMeeting

    m = ExchangeMeeting.objects.filter(pk=pk, state=MeetingState.CANCELLED).first()
    if m is None:
        return 0
    recipients = sorted(set(m.registrations.values_list("user__email", flat=True)))
    subject = _("Odwołano spotkanie: %(title)s") % {"title": m.title}
    body = _(
        "Spotkanie „%(title)s” zaplanowane na %(when)s (%(place)s) zostało odwołane.\nPowód: %(reason)s\n\n%(url)s"
    ) % {
        "title": m.title,
        "when": _when(m.starts_at),
        "place": m.place,
        "reason": m.cancel_reason,
        "url": site_url(reverse("learning:exchange_detail", args=[m.pk])),
    }
    return send_mass_mail([(subject, body, None, [r]) for r in recipients]) if recipients else 0


@task()
def remind_sessions_tomorrow() -> int:
    """E-mail every enrolled learner of a planned session that starts tomorrow (once per session)."""
    from .models import LiveSession

    tomorrow = timezone.localdate() + timedelta(days=1)
    messages: list[tuple[str, str, None, list[str]]] = []
    due = LiveSession.objects.filter(
        state=SessionState.PLANNED, reminder_sent_at__isnull=True, starts_at__date=tomorrow
    ).select_related("course")
    for s in due:
        recipients = list(
            s.course.enrolments.filter(state=EnrolmentState.ENROLLED).values_list("user__email", flat=True)
        )
        if not recipients:
            continue
        body = _("Jutro zajęcia „%(title)s” (%(course)s): %(when)s, %(where)s.\nDodaj do kalendarza: %(ics)s") % {
            "title": s.title,
            "course": s.course.title,
            "when": _when(s.starts_at),
            "where": s.place or s.online_url,
            "ics": site_url(reverse("learning:session_ics", args=[s.pk])),
        }
        messages.extend((_("Jutro zajęcia: %(t)s") % {"t": s.title}, body, None, [r]) for r in recipients)
        LiveSession.objects.filter(pk=s.pk).update(reminder_sent_at=timezone.now())
    return send_mass_mail(messages) if messages else 0


def send_renewal_reminder(certificate: Any) -> bool:
    body = _(
        "Zaświadczenie %(code)s ze szkolenia „%(course)s” jest ważne do %(date)s. "
        "Zgłoś się na szkolenie odnawiające do organizatora: %(issuer)s."
    ) % {
        "code": certificate.code,
        "course": certificate.course_title,
        "date": certificate.expires_on.strftime("%d.%m.%Y"),
        "issuer": certificate.issuer_name,
    }
    return bool(send_mail(_("Zaświadczenie wkrótce wygaśnie"), body, None, [certificate.enrolment.user.email]))


@task()
def remind_expiring_certificates(days: int = 30) -> int:
    from kooperacja.core.actors import SYSTEM

    from .services import certificates_remind_expiring

    return certificates_remind_expiring(actor=SYSTEM, days=days)
