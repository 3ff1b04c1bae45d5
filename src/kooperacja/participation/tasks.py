"""Scheduled work of the participation app (Django Tasks).

- `purge_verification_data`: daily (`kooperacja participation_purge --enqueue` from cron / a systemd timer):
  deletes the verification data (PESEL hashes, voting codes, paper cards' personal data) of every plebiscite
  whose result has been final for `KOOPERACJA_PARTICIPATION_PURGE_AFTER_DAYS` days (default 14: the time for
  complaints), and logs each deletion in the audit timeline.
- `notify_proposal_answered`: the author of a proposal gets an e-mail when the authority answers.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)


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
    link = getattr(settings, "SITE_URL", "").rstrip("/") + reverse(
        "participation:process_detail", args=[proposal.process_id]
    )
    subject = f"Odpowiedź na Twoją propozycję: {proposal.title}"[:200]
    body = (
        f"Urząd odpowiedział na Twoją propozycję „{proposal.title}” w konsultacjach „{proposal.process.title}”: "
        f"{proposal.get_state_display()}.\n\n{proposal.answer}\n\nSzczegóły: {link}"
    )
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [proposal.author.email])
