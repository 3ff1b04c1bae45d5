"""Deadline reminders (Django Tasks): reports due, corrections due, calls closing, small grants to publish and
reports on the programme of cooperation.

`send_due_reminders` is idempotent (one reminder per record and kind, remembered in the audit timeline) and is
enqueued daily by `kooperacja commissioning_reminders` (cron / systemd timer); `remind_call_closing` is enqueued
when a call is published, deferred to 3 days before the deadline where the backend supports deferral.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import default_task_backend, task

from kooperacja.core.actors import SYSTEM
from kooperacja.core.models import AuditEvent
from kooperacja.organisations.models import Membership

from . import selectors
from .enums import CallMode, CallState, OfferState, ProgrammeState, ReportState
from .events import CommissioningEvent, event
from .models import Call, CooperationProgramme, CorrectionRequest, Report

REMIND_DAYS_BEFORE = 3
VERB = CommissioningEvent.REMINDER_SENT


def _already_sent(target: Any, kind: str) -> bool:
    return AuditEvent.objects.filter(
        verb=VERB, target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk), data__kind=kind
    ).exists()


def _emails_of(org_id: int) -> list[str]:
    return sorted(
        set(Membership.objects.filter(organisation_id=org_id, status="active").values_list("user__email", flat=True))
    )


def _send(target: Any, kind: str, subject: str, body: str, recipients: list[str]) -> bool:
    if not recipients or _already_sent(target, kind):
        return False
    send_mail(subject, body, None, recipients)
    event(actor=SYSTEM, verb=VERB, target=target, data={"kind": kind, "to": recipients})
    return True


@task()
def remind_call_closing(call_pk: int) -> int:
    call = Call.objects.filter(pk=call_pk, state=CallState.PUBLISHED).first()
    if call is None or call.offer_deadline is None:
        return 0
    now = timezone.now()
    if not (now < call.offer_deadline <= now + timedelta(days=REMIND_DAYS_BEFORE)):
        return 0
    sent = 0
    for offer in call.offers.filter(state=OfferState.DRAFT).select_related("lead_organisation"):
        sent += _send(
            offer,
            "call_closing",
            _("Kooperacja: termin składania ofert upływa %(d)s")
            % {"d": timezone.localtime(call.offer_deadline).strftime("%d.%m.%Y %H:%M")},
            _("Oferta „%(t)s” jest wersją roboczą. Złóż ją przed terminem – po nim system jej nie przyjmie.")
            % {"t": offer.title},
            _emails_of(offer.lead_organisation_id),
        )
    return sent


def remind_programme_reports(today: date) -> int:
    """The report on each year of an adopted programme of cooperation is due by 31 May of the next year (art. 5a
    ust. 3 OPP): its office is reminded 3 days before, once per programme and year, until it is recorded."""
    sent = 0
    horizon = today + timedelta(days=REMIND_DAYS_BEFORE)
    for programme in CooperationProgramme.objects.filter(state=ProgrammeState.ADOPTED, year_to__gte=today.year - 2):
        submitted = set(programme.reports.values_list("year", flat=True))
        for year in programme.years:
            due = programme.report_due(year)
            if year in submitted or not today <= due <= horizon:
                continue
            sent += _send(
                programme,
                f"programme_report_due:{year}",
                _("Kooperacja: sprawozdanie z programu współpracy za %(y)s r. do %(d)s")
                % {"y": year, "d": due.strftime("%d.%m.%Y")},
                _(
                    "„%(t)s”: sprawozdanie z realizacji za %(y)s r. przedkłada się radzie i publikuje w BIP do %(d)s "
                    "(art. 5a ust. 3 OPP)."
                )
                % {"t": programme.title, "y": year, "d": due.strftime("%d.%m.%Y")},
                _emails_of(programme.authority_id),
            )
    return sent


@task()
def send_due_reminders() -> int:
    today = timezone.localdate()
    horizon = today + timedelta(days=REMIND_DAYS_BEFORE)
    sent = 0
    for report in Report.objects.filter(
        state__in=[ReportState.DRAFT, ReportState.CORRECTIONS_REQUESTED], due_date__range=(today, horizon)
    ).select_related("contract"):
        sent += _send(
            report,
            f"report_due:{report.due_date.isoformat()}",
            _("Kooperacja: termin sprawozdania %(d)s") % {"d": report.due_date.strftime("%d.%m.%Y")},
            _("Umowa %(n)s: %(k)s należy złożyć do %(d)s (art. 18 OPP).")
            % {"n": report.contract.number, "k": report.get_kind_display(), "d": report.due_date.strftime("%d.%m.%Y")},
            _emails_of(report.contract.contractor_id),
        )
    for req in CorrectionRequest.objects.filter(
        answered_at__isnull=True, due_date__range=(today, horizon), offer__state=OfferState.CORRECTION_REQUESTED
    ).select_related("offer"):
        sent += _send(
            req,
            "correction_due",
            _("Kooperacja: termin uzupełnienia oferty %(d)s") % {"d": req.due_date.strftime("%d.%m.%Y")},
            _("Oferta „%(t)s”: uzupełnij braki formalne do %(d)s.")
            % {"t": req.offer.title, "d": req.due_date.strftime("%d.%m.%Y")},
            _emails_of(req.offer.lead_organisation_id),
        )
    for call in Call.objects.filter(state=CallState.SUBMITTED, mode=CallMode.OPP_SMALL_GRANT):
        offer = call.offers.first()
        term = selectors.small_grant_publication(offer, today=today) if offer else None
        if term and term["due"] and term["due"] <= horizon:
            sent += _send(
                call,
                "small_grant_publish_due",
                _("Kooperacja: opublikuj ofertę małego grantu do %(d)s") % {"d": term["due"].strftime("%d.%m.%Y")},
                _("Oferta „%(t)s” czeka na publikację do uwag: 7 dni roboczych od wpłynięcia (art. 19a ust. 3 OPP).")
                % {"t": call.title},
                _emails_of(call.authority_id),
            )
    for call in Call.objects.filter(state=CallState.PUBLISHED, offer_deadline__date__range=(today, horizon)):
        sent += remind_call_closing.call(call.pk)
    sent += remind_programme_reports(today)
    return sent


def schedule_call_closing(call: Call) -> None:
    """Enqueue the closing reminder: deferred where the backend supports it, checked at once otherwise."""
    if call.offer_deadline is None:
        return
    when = call.offer_deadline - timedelta(days=REMIND_DAYS_BEFORE)
    if default_task_backend.supports_defer and when > timezone.now():
        remind_call_closing.using(run_after=when).enqueue(call.pk)
    else:
        remind_call_closing.enqueue(call.pk)
