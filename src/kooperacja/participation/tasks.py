"""Scheduled work of the participation app (Django Tasks).

- `purge_verification_data`: daily (`kooperacja participation_purge --enqueue` from cron / a systemd timer):
  deletes the verification data (PESEL hashes, voting codes, paper cards' personal data) of every plebiscite
  whose result has been final for `KOOPERACJA_PARTICIPATION_PURGE_AFTER_DAYS` days (default 14: the time for
  complaints), and logs each deletion in the audit timeline.
- `notify_proposal_answered`: the author of a proposal gets an e-mail when the authority answers.
- `notify_phases_opened`: every 15 minutes (`kooperacja participation_notify --enqueue` from cron / a systemd
  timer): the followers of a process get an e-mail when one of its phases opens by the clock (once per phase;
  phases that opened more than `NOTICE_WINDOW` ago are not announced late). Times in the text are Warsaw times.
- `remind_unfinished_votes`: hourly (`kooperacja participation_remind --enqueue`): one e-mail to each person who
  opened the online ballot (`VoteStart`) at least `REMIND_IDLE` ago and has not voted, when the voting phase ends
  within `KOOPERACJA_PARTICIPATION_REMIND_BEFORE_HOURS` (default 24); never a second time, never to a person who
  chose "do not remind me" on the ballot page.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail, send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

logger = logging.getLogger(__name__)
NOTICE_WINDOW = timedelta(days=2)
REMIND_IDLE = timedelta(hours=1)  # someone who opened the ballot a minute ago is probably still voting


def site_url(path: str) -> str:
    return getattr(settings, "SITE_URL", "").rstrip("/") + path


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")


def purge_after_days() -> int:
    return int(getattr(settings, "KOOPERACJA_PARTICIPATION_PURGE_AFTER_DAYS", 14))


@task()
def purge_verification_data(after_days: int | None = None) -> int:
    """Returns the number of plebiscites purged."""
    from kooperacja.core.actors import SYSTEM

    from .enums import ResultsState
    from .models import Plebiscite
    from .services import verification_purge

    days = purge_after_days() if after_days is None else after_days
    due = Plebiscite.objects.filter(
        results_state=ResultsState.FINAL,
        verification_purged_at__isnull=True,
        final_at__lte=timezone.now() - timedelta(days=days),
    )
    done = 0
    for plebiscite in due:
        counts = verification_purge(actor=SYSTEM, plebiscite=plebiscite)
        logger.info("participation: verification data of plebiscite %s purged: %s", plebiscite.pk, counts)
        done += 1
    return done


@task()
def notify_proposal_answered(proposal_id: int) -> int:
    from .models import Proposal

    proposal = Proposal.objects.select_related("author", "process").get(pk=proposal_id)
    if proposal.author is None or not proposal.author.email:
        return 0
    link = site_url(reverse("participation:process_detail", args=[proposal.process_id]))
    with translation.override(getattr(proposal.author, "language", "") or "pl"):
        subject = (_("Odpowiedź na Twoją propozycję: %(title)s") % {"title": proposal.title})[:200]
        body = _(
            "Urząd odpowiedział na Twoją propozycję „%(title)s” w konsultacjach „%(process)s”: %(state)s."
            "\n\n%(answer)s\n\nSzczegóły: %(link)s"
        ) % {
            "title": proposal.title,
            "process": proposal.process.title,
            "state": proposal.get_state_display(),
            "answer": proposal.answer,
            "link": link,
        }
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [proposal.author.email])


def phase_notice(phase: Any, language: str) -> tuple[str, str]:
    """The subject and text of "a phase has opened", in the reader's language, with Warsaw times."""
    process = phase.process
    allowed = [label for action, label in _allow_labels() if phase.allows(action)]
    with translation.override(language or "pl"):
        subject = (_("Rozpoczął się etap „%(phase)s”: %(process)s") % {"phase": phase, "process": process.title})[:200]
        lines = [
            _("W procesie „%(process)s” (%(authority)s) rozpoczął się etap „%(phase)s”.")
            % {"process": process.title, "authority": process.authority, "phase": phase},
            _("Trwa od %(start)s do %(end)s (czas polski).")
            % {"start": _when(phase.starts_at), "end": _when(phase.ends_at)},
        ]
        if allowed:
            lines.append(_("Na tym etapie możesz: %(what)s.") % {"what": ", ".join(str(a) for a in allowed)})
        lines += [
            "",
            _("Szczegóły: %(link)s") % {"link": site_url(process.get_absolute_url())},
            "",
            _(
                "Dostajesz tę wiadomość, bo obserwujesz ten proces. Aby przestać, wybierz „Przestań obserwować” "
                "na stronie procesu."
            ),
        ]
    return subject, "\n".join(lines)


def _allow_labels() -> list[tuple[str, Any]]:
    from django.utils.translation import gettext_lazy

    return [
        ("comment", gettext_lazy("dodawać uwagi")),
        ("propose", gettext_lazy("składać i popierać propozycje")),
        ("survey", gettext_lazy("wypełnić ankietę")),
        ("attend", gettext_lazy("zapisać się na spotkanie")),
        ("vote", gettext_lazy("głosować")),
    ]


@task()
def notify_phases_opened(now_iso: str | None = None) -> int:
    """E-mail the followers of each process whose phase has opened (once per phase). Returns e-mails sent.

    A phase is claimed by setting `opening_notified_at` in the same statement that checks it is still unset, so
    two workers never announce the same phase twice."""
    from datetime import datetime

    from kooperacja.core.actors import SYSTEM

    from .enums import ProcessState
    from .events import ParticipationEvent, event
    from .models import Phase, Subscription

    now = datetime.fromisoformat(now_iso) if now_iso else timezone.now()
    due = list(
        Phase.objects.filter(
            opening_notified_at__isnull=True,
            starts_at__lte=now,
            starts_at__gt=now - NOTICE_WINDOW,
            ends_at__gt=now,
            process__state=ProcessState.PUBLISHED,
        )
        .select_related("process__authority")
        .order_by("starts_at", "pk")
    )
    sent = 0
    for phase in due:
        with transaction.atomic():
            if not Phase.objects.filter(pk=phase.pk, opening_notified_at__isnull=True).update(opening_notified_at=now):
                continue  # another worker took it
            followers = list(
                Subscription.objects.filter(process_id=phase.process_id, user__is_active=True)
                .exclude(user__email="")
                .values_list("user__email", "user__language")
                .order_by("user__email")
            )
            messages = []
            for email, language in followers:
                subject, body = phase_notice(phase, language)
                messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [email]))
            event(
                actor=SYSTEM,
                verb=ParticipationEvent.PHASE_OPENING_NOTIFIED,
                target=phase.process,
                phase=phase.pk,
                recipients=len(messages),
            )
        if messages:
            sent += send_mass_mail(messages)
        logger.info("participation: phase %s opened, %s followers notified", phase.pk, len(messages))
    return sent


def remind_before() -> timedelta:
    return timedelta(hours=int(settings.KOOPERACJA_PARTICIPATION_REMIND_BEFORE_HOURS))


def reminder_notice(plebiscite: Any, language: str) -> tuple[str, str]:
    """The subject and text of the one reminder about an unfinished vote, in the reader's language."""
    process = plebiscite.process
    with translation.override(language or "pl"):
        subject = (
            _("Przypomnienie: głosowanie „%(process)s” kończy się %(end)s")
            % {"process": process.title, "end": _when(plebiscite.voting_phase.ends_at)}
        )[:200]
        lines = [
            _(
                "Z Twojego konta otwarto kartę do głosowania w plebiscycie „%(process)s” (%(authority)s), "
                "ale głos nie został oddany."
            )
            % {"process": process.title, "authority": process.authority},
            _("Głosowanie trwa do %(end)s (czas polski).") % {"end": _when(plebiscite.voting_phase.ends_at)},
            "",
            _("Zagłosuj: %(link)s") % {"link": site_url(reverse("participation:vote", args=[plebiscite.pk]))},
            "",
            _(
                "To jedyne przypomnienie o tym głosowaniu. Jeśli nie chcesz przypomnień, wybierz „Nie przypominaj "
                "mi” na stronie głosowania."
            ),
        ]
    return subject, "\n".join(lines)


@task()
def remind_unfinished_votes(now_iso: str | None = None) -> int:
    """E-mail once each person who started but did not finish an online vote, before the voting phase ends.
    Returns e-mails sent. Each person is claimed by setting `reminded_at` in the statement that checks it is
    unset, so two workers never send the same reminder twice."""
    from datetime import datetime

    from django.db.models import Exists, OuterRef

    from kooperacja.core.actors import SYSTEM

    from .enums import ProcessState
    from .events import ParticipationEvent, event
    from .models import Plebiscite, VoterRecord, VoteStart

    now = datetime.fromisoformat(now_iso) if now_iso else timezone.now()
    plebiscites = Plebiscite.objects.filter(
        process__state=ProcessState.PUBLISHED,
        online=True,
        voting_phase__starts_at__lte=now,
        voting_phase__ends_at__gt=now,
        voting_phase__ends_at__lte=now + remind_before(),
    ).select_related("process__authority", "voting_phase")
    sent = 0
    for plebiscite in plebiscites:
        voted = VoterRecord.objects.filter(plebiscite=plebiscite, user=OuterRef("user"))
        due = list(
            VoteStart.objects.filter(
                plebiscite=plebiscite,
                reminded_at__isnull=True,
                opted_out=False,
                started_at__lte=now - REMIND_IDLE,
                user__is_active=True,
            )
            .exclude(user__email="")
            .exclude(Exists(voted))
            .values_list("pk", "user__email", "user__language")
            .order_by("pk")
        )
        messages = []
        for pk, email, language in due:
            if not VoteStart.objects.filter(pk=pk, reminded_at__isnull=True).update(reminded_at=now):
                continue  # another worker took it
            subject, body = reminder_notice(plebiscite, language)
            messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [email]))
        if not messages:
            continue
        event(actor=SYSTEM, verb=ParticipationEvent.VOTE_REMINDERS_SENT, target=plebiscite, recipients=len(messages))
        sent += send_mass_mail(messages)
        logger.info("participation: plebiscite %s, %s reminders about unfinished votes", plebiscite.pk, len(messages))
    return sent
