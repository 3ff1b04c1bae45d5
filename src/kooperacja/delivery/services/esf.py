"""ESF+ participant data (Regulation (EU) 2021/1057, art. 17 and Annex I): recorded on an enrolment only where the
catalogue service is EU-funded; results at exit only after the person left, the 6-month result only six months
after leaving."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kooperacja.core.actors import Actor, require
from kooperacja.delivery.events import DeliveryEvent, event

from ..enums import EnrolmentStatus, EsfDisability, EsfEducation, EsfEmployment
from ..models import Enrolment, EsfRecord
from .common import _today

ESF_FIELDS = (
    "employment",
    "education",
    "disability",
    "exit_recorded_on",
    "exit_job_seeking",
    "exit_in_education",
    "exit_qualification",
    "exit_employed",
    "six_months_recorded_on",
    "six_months_employed",
)
EXIT_RESULTS = ("exit_job_seeking", "exit_in_education", "exit_qualification", "exit_employed")


def add_months(day: date, months: int) -> date:
    """`day` plus whole months, clamped to the last day of the target month (31.08 + 6 -> 28/29.02)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def esf_collectable(enrolment: Enrolment) -> bool:
    """ESF+ data may be recorded only on an EU-funded service (and not about an anonymised person)."""
    return bool(enrolment.service.eu_funded) and not enrolment.person.is_anonymised


def _check(enrolment: Enrolment, data: dict[str, Any], today: date) -> dict[str, ValidationError | str]:
    errors: dict[str, Any] = {}
    for name, choices in (("employment", EsfEmployment), ("education", EsfEducation), ("disability", EsfDisability)):
        if data.get(name) not in choices.values:
            errors[name] = _("Wybierz jedną z odpowiedzi.")
    exit_on, six_on = data.get("exit_recorded_on"), data.get("six_months_recorded_on")
    has_exit = exit_on is not None or any(data.get(k) for k in EXIT_RESULTS)
    left = enrolment.status == EnrolmentStatus.LEFT and enrolment.left_on is not None
    if has_exit:
        if not left:
            errors["exit_recorded_on"] = _("Sytuację po zakończeniu zapisuje się dopiero po zakończeniu udziału.")
        elif exit_on is None:
            errors["exit_recorded_on"] = _("Podaj datę ustalenia sytuacji po zakończeniu udziału.")
        elif exit_on < enrolment.left_on or exit_on > today:  # type: ignore[operator]
            errors["exit_recorded_on"] = _(
                "Data musi przypadać między dniem zakończenia udziału (%(d)s) a dniem dzisiejszym."
            ) % {"d": f"{enrolment.left_on:%d.%m.%Y}"}
    if six_on is not None or data.get("six_months_employed") is not None:
        if not left:
            errors["six_months_recorded_on"] = _(
                "Sytuację po 6 miesiącach zapisuje się dopiero po zakończeniu udziału."
            )
        elif six_on is None:
            errors["six_months_recorded_on"] = _("Podaj datę ustalenia sytuacji po 6 miesiącach.")
        elif data.get("six_months_employed") is None:
            errors["six_months_employed"] = _("Zaznacz, czy osoba pracuje.")
        else:
            earliest = add_months(enrolment.left_on, 6)  # type: ignore[arg-type]
            if six_on < earliest or six_on > today:
                errors["six_months_recorded_on"] = _(
                    "Sytuację po 6 miesiącach ustala się nie wcześniej niż %(d)s (6 miesięcy po zakończeniu "
                    "udziału) i nie później niż dziś."
                ) % {"d": f"{earliest:%d.%m.%Y}"}
    return errors


@transaction.atomic
def esf_record_save(
    *, actor: Actor, enrolment: Enrolment, data: dict[str, Any], today: date | None = None
) -> EsfRecord:
    """Create or update the ESF+ data of an enrolment (the provider's staff; only on an EU-funded service)."""
    require(actor, "delivery.deliver_service", enrolment.service)
    enrolment = Enrolment.objects.select_related("service", "person").get(pk=enrolment.pk)
    if not enrolment.service.eu_funded:
        raise ValidationError(
            _("Usługa nie jest oznaczona jako współfinansowana z EFS+ – dane uczestnika EFS+ nie są zbierane.")
        )
    if enrolment.person.is_anonymised:
        raise ValidationError(_("Dane uczestnika zostały zanonimizowane – nie można ich uzupełniać."))
    errors = _check(enrolment, data, today or _today())
    if errors:
        raise ValidationError(errors)
    record = EsfRecord.objects.select_for_update().filter(enrolment=enrolment).first() or EsfRecord(enrolment=enrolment)
    created = record.pk is None
    for name in ESF_FIELDS:
        default: Any = False if name in EXIT_RESULTS else None
        setattr(record, name, data.get(name, default))
    if record.six_months_recorded_on is None:
        record.six_months_employed = None
    record.recorded_by = actor if getattr(actor, "pk", None) else None  # type: ignore[assignment]
    record.full_clean(exclude=["enrolment", "recorded_by"])
    record.save()
    # the timeline names what was recorded, never the answers (special-category data stays in the record)
    event(
        actor=actor,
        verb=DeliveryEvent.ESF_RECORDED,
        target=enrolment,
        data={
            "created": created,
            "exit": record.exit_recorded_on is not None,
            "six_months": record.six_months_recorded_on is not None,
        },
    )
    return record
