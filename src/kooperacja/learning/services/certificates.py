"""Certificates: issued on completion with a unique code, revoked with a reason, renewed, reminded before expiry."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.actors import Actor, require

from .. import selectors
from ..enums import CertificateState, EnrolmentState
from ..events import LearningEvent, learning_event
from ..models import Certificate, Enrolment
from ..workflows import CERTIFICATE, ENROLMENT

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed without mistakes


def new_code() -> str:
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"SK-{body[:4]}-{body[4:8]}-{body[8:]}"


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _snapshot(enrolment: Enrolment, actor: Actor) -> Certificate:
    course = enrolment.course
    first, last = selectors.course_dates(course)
    issued = timezone.now()
    expires = _add_months(timezone.localdate(issued), course.certificate_months) if course.certificate_months else None
    return Certificate(
        code=new_code(),
        enrolment=enrolment,
        holder_name=enrolment.user.full_name or enrolment.user.email,
        course_title=course.title,
        programme=course.programme,
        hours=course.hours,
        first_date=first,
        last_date=last,
        trainer_names=", ".join(t.full_name for t in course.trainers.order_by("full_name"))[:300],
        issuer_name=course.organisation.name[:250],
        issued_at=issued,
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
        expires_on=expires,
    )


@transaction.atomic
def certificate_issue(*, actor: Actor, enrolment: Enrolment) -> Certificate:
    """Confirm completion (the course's rule must be met) and issue the certificate; the learner gets an e-mail."""
    require(actor, "learning.decide_enrolment", enrolment, hide=True)
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("course", "course__organisation", "user")
        .get(pk=enrolment.pk)
    )
    if enrolment.certificates.filter(state=CertificateState.VALID).exists():
        raise ValidationError(_("Ta osoba ma już ważne zaświadczenie z tego szkolenia."))
    if enrolment.state == EnrolmentState.ENROLLED:
        progress = selectors.progress_of(enrolment)
        if not progress.complete:
            raise ValidationError(
                _("Warunki ukończenia nie są spełnione: %(missing)s.") % {"missing": "; ".join(progress.missing)}
            )
        ENROLMENT.apply(enrolment, "complete")
        enrolment.completed_at = timezone.now()
        enrolment.save(update_fields=["state", "completed_at", "updated_at"])
        learning_event(actor=actor, verb=LearningEvent.ENROLMENT_COMPLETED, target=enrolment)
    elif enrolment.state != EnrolmentState.COMPLETED:
        raise ValidationError(_("Zaświadczenie wydaje się uczestnikom, którzy ukończyli szkolenie."))
    certificate = _snapshot(enrolment, actor)
    certificate.save()
    learning_event(actor=actor, verb=LearningEvent.CERTIFICATE_ISSUED, target=certificate, code=certificate.code)
    _notify(certificate.pk)
    return certificate


def _notify(pk: int) -> None:
    from ..tasks import notify

    transaction.on_commit(lambda: notify.enqueue("certificate", pk))


@transaction.atomic
def certificate_revoke(*, actor: Actor, certificate: Certificate, reason: str) -> Certificate:
    require(actor, "learning.revoke_certificate", certificate, hide=True)
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    CERTIFICATE.apply(certificate, "revoke", reason=reason)
    certificate.revoked_reason = reason.strip()[:500]
    certificate.revoked_at = timezone.now()
    certificate.save(update_fields=["state", "revoked_reason", "revoked_at"])
    learning_event(actor=actor, verb=LearningEvent.CERTIFICATE_REVOKED, target=certificate, reason=reason)
    return certificate


@transaction.atomic
def certificate_renew(*, actor: Actor, certificate: Certificate) -> Certificate:
    """A new certificate (new code, new expiry) replaces the old one, which then shows as renewed."""
    require(actor, "learning.revoke_certificate", certificate, hide=True)
    old = (
        Certificate.objects.select_for_update()
        .select_related("enrolment__course__organisation", "enrolment__user")
        .get(pk=certificate.pk)
    )
    CERTIFICATE.apply(old, "renew")
    old.save(update_fields=["state"])
    new = _snapshot(old.enrolment, actor)
    new.replaces = old
    new.save()
    learning_event(actor=actor, verb=LearningEvent.CERTIFICATE_RENEWED, target=old, new_code=new.code)
    learning_event(actor=actor, verb=LearningEvent.CERTIFICATE_ISSUED, target=new, code=new.code, replaces=old.code)
    _notify(new.pk)
    return new


def certificates_remind_expiring(*, actor: Actor, days: int = 30, today: date | None = None) -> int:
    """E-mail holders whose valid certificate expires within `days` (once per certificate)."""
    require(actor, "learning.see_coordination")
    from ..tasks import send_renewal_reminder

    today = today or timezone.localdate()
    due = Certificate.objects.filter(
        state=CertificateState.VALID,
        expires_on__isnull=False,
        expires_on__gte=today,
        expires_on__lte=today + timedelta(days=days),
        reminder_sent_at__isnull=True,
    )
    sent = 0
    for cert in due.select_related("enrolment__user"):
        if send_renewal_reminder(cert):
            Certificate.objects.filter(pk=cert.pk).update(reminder_sent_at=timezone.now())
            sent += 1
    return sent
