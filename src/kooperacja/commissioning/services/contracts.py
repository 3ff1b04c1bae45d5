"""Contracts: preparation, signature, tranches, annexes and settlement."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.actors import Actor, require

from .. import legal
from ..enums import (
    ContractState,
    OfferState,
    ReportKind,
    ReportState,
)
from ..events import CommissioningEvent as E
from ..events import event
from ..models import (
    Annex,
    Call,
    Contract,
    ContractLot,
    Offer,
    Report,
    Tranche,
)
from ..workflows import CONTRACT, CONTRACT_IN_FORCE_STATES, OFFER, call_workflow
from .calculations import ZERO, _split, add_months, money
from .common import _lock


def _budget_years(contract: Contract) -> list[tuple[date, date]]:
    """The periods of each budget year of the contract but the last one (the final report covers the last)."""
    periods = []
    for year in range(contract.start_date.year, contract.end_date.year):
        periods.append((max(contract.start_date, date(year, 1, 1)), date(year, 12, 31)))
    return periods


def _schedule_yearly_reports(contract: Contract) -> None:
    """A multi-year contract demands a report for each budget year (art. 16 ust. 3 OPP), due 30 days after the
    year ends; a change of the end date (annex) adds the missing years and drops unwritten ones no longer due."""
    periods = _budget_years(contract)
    ends = {end for _start, end in periods}
    contract.reports.filter(kind=ReportKind.YEARLY, state=ReportState.DRAFT).exclude(period_end__in=ends).delete()
    for start, end in periods:
        Report.objects.get_or_create(
            contract=contract,
            kind=ReportKind.YEARLY,
            period_end=end,
            defaults={
                "period_start": start,
                "due_date": end + timedelta(days=legal.YEARLY_REPORT_DAYS.value),
            },
        )


def contract_create(
    *,
    actor: Actor,
    offer: Offer,
    number: str,
    tranches: Sequence[tuple[date, Decimal]],
    start_date: date | None = None,
    end_date: date | None = None,
) -> Contract:
    call = offer.call
    require(actor, "commissioning.manage_call", call)
    with transaction.atomic():
        call = _lock(Call, call.pk)
        offer = _lock(Offer, offer.pk)
        if offer.state != OfferState.ACCEPTED:
            raise ValidationError(_("Umowę zawiera się z ofertą przyjętą do realizacji."))
        amount = offer.awarded_amount or offer.requested_amount
        if sum((money(a) for _d, a in tranches), ZERO) != amount:
            raise ValidationError(_("Suma transz musi być równa kwocie dotacji (%(a)s zł).") % {"a": amount})
        start = start_date or offer.start_date or call.delivery_start
        end = end_date or offer.end_date or call.delivery_end
        if start is None or end is None:
            raise ValidationError(_("Podaj okres realizacji zadania."))
        if end >= add_months(start, 12 * legal.CONTRACT_MAX_YEARS.value):
            raise ValidationError(f"{legal.CONTRACT_MAX_YEARS.text} ({legal.CONTRACT_MAX_YEARS.basis})")
        contract = Contract(
            offer=offer,
            call=call,
            authority=call.authority,
            contractor=offer.lead_organisation,
            number=number,
            title=offer.title,
            amount=amount,
            own_contribution=offer.total_cost - offer.requested_amount,
            start_date=start,
            end_date=end,
            created_by=actor,
        )
        contract.full_clean()
        contract.save()
        for ol in offer.offer_lots.all():
            ContractLot.objects.create(contract=contract, lot=ol.lot, amount=ol.awarded_amount or ol.requested_amount)
        for i, (day, value) in enumerate(sorted(tranches), start=1):
            Tranche.objects.create(contract=contract, number=i, due_date=day, amount=money(value))
        wf = call_workflow(call.mode)
        if wf.can(call, "start_contracting"):
            wf.apply(call, "start_contracting", actor=actor)
            call.save()
        event(actor=actor, verb=E.CONTRACT_CREATED, target=contract, data={"amount": str(amount)})
    return contract


def contract_sign(*, actor: Actor, contract: Contract, signed_on: date) -> Contract:
    """Signing starts the delivery and schedules the final report, due 30 days after the end (art. 18 ust. 1)."""
    require(actor, "commissioning.manage_contract", contract)
    with transaction.atomic():
        contract = _lock(Contract, contract.pk)
        CONTRACT.apply(contract, "sign", actor=actor)
        contract.signed_on = signed_on
        contract.save()
        CONTRACT.apply(contract, "start_delivery", actor=actor)
        contract.save()
        offer = _lock(Offer, contract.offer_id)
        OFFER.apply(offer, "sign_contract")
        offer.save()
        Report.objects.get_or_create(
            contract=contract,
            kind=ReportKind.FINAL,
            defaults={
                "period_start": contract.start_date,
                "period_end": contract.end_date,
                "due_date": contract.end_date + timedelta(days=legal.FINAL_REPORT_DAYS.value),
            },
        )
        _schedule_yearly_reports(contract)
        event(actor=actor, verb=E.CONTRACT_SIGNED, target=contract, data={"on": signed_on.isoformat()})
    return contract


def tranche_mark_paid(*, actor: Actor, tranche: Tranche, paid_on: date) -> Tranche:
    require(actor, "commissioning.manage_contract", tranche.contract)
    with transaction.atomic():
        tranche.paid_on = paid_on
        tranche.save()
        event(actor=actor, verb=E.TRANCHE_PAID, target=tranche.contract, data={"tranche": tranche.number})
    return tranche


def annex_create(
    *,
    actor: Actor,
    contract: Contract,
    signed_on: date,
    summary: str,
    new_amount: Decimal | None = None,
    new_end_date: date | None = None,
) -> Annex:
    require(actor, "commissioning.manage_contract", contract)
    with transaction.atomic():
        contract = _lock(Contract, contract.pk)
        if contract.state not in CONTRACT_IN_FORCE_STATES:
            raise ValidationError(_("Aneks zawiera się do umowy w realizacji."))
        amount = money(new_amount) if new_amount is not None else contract.amount
        end = new_end_date or contract.end_date
        paid = contract.tranches.exclude(paid_on=None).aggregate(s=Sum("amount"))["s"] or ZERO
        if amount < paid:
            raise ValidationError(
                _("Kwota po zmianie nie może być niższa od przekazanych transz (%(p)s zł).") % {"p": paid}
            )
        if end < contract.start_date:
            raise ValidationError(_("Koniec realizacji nie może poprzedzać jej początku."))
        if end >= add_months(contract.start_date, 12 * legal.CONTRACT_MAX_YEARS.value):
            raise ValidationError(f"{legal.CONTRACT_MAX_YEARS.text} ({legal.CONTRACT_MAX_YEARS.basis})")
        number = (contract.annexes.aggregate(m=Max("number"))["m"] or 0) + 1
        annex = Annex.objects.create(
            contract=contract,
            number=number,
            signed_on=signed_on,
            summary=summary,
            previous_amount=contract.amount,
            new_amount=amount,
            previous_end_date=contract.end_date,
            new_end_date=end,
            created_by=actor,
        )
        if amount != contract.amount:
            lots = list(contract.contract_lots.all())
            for cl, part in zip(lots, _split(amount, [cl.amount for cl in lots]), strict=True):
                cl.amount = part
                cl.save(update_fields=["amount"])
            unpaid = list(contract.tranches.filter(paid_on=None).order_by("number"))
            if unpaid:
                last = unpaid[-1]
                last.amount = amount - (contract.tranches.exclude(pk=last.pk).aggregate(s=Sum("amount"))["s"] or ZERO)
                if last.amount <= 0:
                    raise ValidationError(_("Zmiana kwoty wymaga korekty harmonogramu transz."))
                last.save(update_fields=["amount"])
        contract.amount = amount
        contract.end_date = end
        contract.save()
        contract.reports.filter(kind=ReportKind.FINAL, state=ReportState.DRAFT).update(
            period_end=end,
            due_date=end + timedelta(days=legal.FINAL_REPORT_DAYS.value),
        )
        if contract.state != ContractState.DRAFT:
            _schedule_yearly_reports(contract)
        event(actor=actor, verb=E.ANNEX_SIGNED, target=contract, data={"number": number, "summary": summary})
    return annex


def contract_settle(*, actor: Actor, contract: Contract, note: str = "") -> Contract:
    require(actor, "commissioning.manage_contract", contract)
    with transaction.atomic():
        contract = _lock(Contract, contract.pk)
        final = contract.reports.filter(kind=ReportKind.FINAL).first()
        if final is None or final.state not in {ReportState.ACCEPTED, ReportState.RETURN_DEMANDED}:
            raise ValidationError(_("Rozliczenie zamyka umowę po przyjęciu sprawozdania końcowego."))
        if contract.reports.filter(
            state__in=[ReportState.DRAFT, ReportState.SUBMITTED, ReportState.CORRECTIONS_REQUESTED]
        ).exists():
            raise ValidationError(_("Najpierw oceń wszystkie sprawozdania."))
        CONTRACT.apply(contract, "settle", actor=actor)
        contract.settled_at = timezone.now()
        contract.save()
        call = _lock(Call, contract.call_id)
        wf = call_workflow(call.mode)
        if (
            wf.can(call, "archive")
            and not Contract.objects.filter(call=call)
            .exclude(state__in=[ContractState.SETTLED, ContractState.TERMINATED])
            .exists()
        ):
            wf.apply(call, "archive", actor=actor)
            call.save()
        event(actor=actor, verb=E.CONTRACT_SETTLED, target=contract, data={"note": note})
    return contract
