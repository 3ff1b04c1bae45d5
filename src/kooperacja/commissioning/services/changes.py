"""Changes after the award.

1. The updated offer (aktualizacja oferty): when the grant awarded is lower than requested, the offeror submits an
   updated budget and schedule before the contract is signed; the grant in it equals the amount awarded and the
   call's minimum own shares still hold. The office accepts it (the offer's, and so the contract's, cost rows and
   dates come from it, and the offer is accepted for delivery) or returns it with a reason.
2. Change requests during the contract (wniosek o zmianę): budget shifts between cost rows, the schedule (dates of
   actions, the end date) and the people (the contact person, the staff). A row may grow by up to the contract's
   percentage (§ 4 ust. 1 of the model contract) without a change of the contract; a larger increase or a new end
   date needs an annex (art. 16 ust. 1 OPP with art. 77 § 1 KC), made by `annex_create` when the office approves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.actors import Actor, require
from kooperacja.core.pdf import format_pln

from .. import legal, selectors
from ..enums import ChangeRequestState, OfferState, OfferUpdateState
from ..events import CommissioningEvent as E
from ..events import event
from ..models import (
    BudgetRow,
    ChangeBudgetLine,
    ChangeRequest,
    ChangeScheduleLine,
    Contract,
    Offer,
    OfferAction,
    OfferUpdate,
    OfferUpdateAction,
    OfferUpdateRow,
)
from ..workflows import CHANGE_REQUEST, CONTRACT_IN_FORCE_STATES, OFFER, OFFER_UPDATE
from .calculations import ZERO, BudgetLine, _split, add_months, budget_arithmetic, money, share_errors
from .common import _lock, _person
from .contracts import annex_create
from .offers import _recompute_totals, _write_budget


@dataclass
class ScheduleLine:
    """New dates of one action of the offer's schedule (section III.4)."""

    action_id: int
    start_date: date
    end_date: date


@dataclass
class ShiftLine:
    """The grant a cost row should have after the change."""

    budget_row_id: int
    new_grant: Decimal


def _grant_per_lot(offer: Offer, total: Decimal) -> dict[int, Decimal] | None:
    """The grant of the cost rows per lot of the package, when every row names a lot and they add up to `total`
    (then the amounts per lot follow the budget); None otherwise (the amounts per lot stay as they are)."""
    per_lot: dict[int, Decimal] = {}
    for lot_id, grant in offer.budget_rows.values_list("lot_id", "from_grant"):
        if lot_id is None:
            return None
        per_lot[lot_id] = per_lot.get(lot_id, ZERO) + grant
    return per_lot if per_lot and sum(per_lot.values(), ZERO) == total else None


# --- 1. the updated offer after a lower award -------------------------------------------------------------


def update_proposal(offer: Offer) -> list[BudgetLine]:
    """A starting point for the updated budget: every row scaled by awarded/requested, so the grant's share of the
    costs stays the same (local practice, DOMAIN.md A); the offeror changes it as the task needs."""
    awarded = offer.awarded_amount or ZERO
    rows = list(offer.budget_rows.select_related("partner"))
    requested = offer.requested_amount
    factor = awarded / requested if requested > 0 else Decimal(1)
    grants = _split(awarded, [r.from_grant for r in rows])
    lines = []
    for row, grant in zip(rows, grants, strict=True):
        other = {k: money(getattr(row, k) * factor) for k in ("from_other", "own_financial", "personal", "in_kind")}
        total = grant + sum(other.values(), ZERO)
        quantity, unit, unit_cost = row.quantity, row.unit, money(total / row.quantity)
        rounding = money(quantity * unit_cost) - total  # a few grosze: quantity × unit cost must equal the total
        largest = max((k for k in other if other[k] > 0), key=lambda k: other[k], default=None)
        if rounding and largest is not None and other[largest] + rounding >= 0:
            other[largest] += rounding  # the contribution absorbs the grosze, the grant stays as split
        elif rounding:
            quantity, unit, unit_cost = Decimal(1), (row.unit + " " + _("(ryczałt)"))[:30], total
        lines.append(
            BudgetLine(
                name=row.name,
                category=row.category,
                lot_id=row.lot_id,
                partner_org_id=row.partner.organisation_id if row.partner else None,
                quantity=quantity,
                unit=unit,
                unit_cost=unit_cost,
                from_grant=grant,
                **other,
            )
        )
    return lines


def _check_update(offer: Offer, start: date, end: date, budget: Sequence[BudgetLine]) -> dict[str, Decimal]:
    """The updated budget's sums, or a ValidationError keyed by the part of the form it is about."""
    call = offer.call
    errors: dict[str, list[str]] = {}
    if start > end:
        errors.setdefault("end_date", []).append(_("Data zakończenia nie może poprzedzać daty rozpoczęcia."))
    if call.delivery_start and start < call.delivery_start:
        errors.setdefault("start_date", []).append(
            _("Zadanie nie może zacząć się przed %(d)s (termin z ogłoszenia).")
            % {"d": call.delivery_start.strftime("%d.%m.%Y")}
        )
    if call.delivery_end and end > call.delivery_end:
        errors.setdefault("end_date", []).append(
            _("Zadanie nie może skończyć się po %(d)s (termin z ogłoszenia).")
            % {"d": call.delivery_end.strftime("%d.%m.%Y")}
        )
    sums = {k: ZERO for k in ("total", "from_grant", "from_other", "own_financial", "personal", "in_kind")}
    if not budget:
        errors.setdefault("budget", []).append(_("Kosztorys musi mieć co najmniej jedną pozycję."))
    for line in budget:
        try:
            amounts = budget_arithmetic(line)
        except ValidationError as exc:
            errors.setdefault("budget", []).extend(exc.messages)
            continue
        for key in sums:
            sums[key] += amounts[key]
    awarded = offer.awarded_amount or ZERO
    if "budget" not in errors and sums["from_grant"] != awarded:
        errors.setdefault("budget", []).append(
            _("Dotacja w zaktualizowanym kosztorysie (%(g)s zł) musi być równa przyznanej (%(a)s zł).")
            % {"g": sums["from_grant"], "a": awarded}
        )
    if "budget" not in errors:
        shares = share_errors(
            call,
            total=sums["total"],
            grant=sums["from_grant"],
            own_financial=sums["own_financial"],
            personal=sums["personal"],
            in_kind=sums["in_kind"],
        )
        if shares:
            errors["budget"] = shares
    if errors:
        raise ValidationError(errors)
    return sums


def offer_update_submit(
    *,
    actor: Actor,
    offer: Offer,
    start_date: date,
    end_date: date,
    budget: Sequence[BudgetLine],
    schedule: Sequence[ScheduleLine] = (),
    note: str = "",
) -> OfferUpdate:
    """The offeror's updated budget and schedule after a lower award (a new version after a return)."""
    require(actor, "commissioning.edit_offer", offer)
    with transaction.atomic():
        offer = _lock(Offer, offer.pk)
        if offer.state != OfferState.UPDATE_REQUIRED:
            raise ValidationError(_("Aktualizację składa się, gdy przyznana dotacja jest niższa od wnioskowanej."))
        if offer.updates.filter(state=OfferUpdateState.SUBMITTED).exists():
            raise ValidationError(_("Poprzednia aktualizacja czeka na decyzję urzędu."))
        sums = _check_update(offer, start_date, end_date, budget)
        actions = {a.pk: a for a in offer.actions.all()}
        schedule_errors = []
        for sline in schedule:
            if sline.action_id not in actions:
                raise ValidationError({"schedule": _("Można zmienić tylko terminy działań tej oferty.")})
            if sline.start_date > sline.end_date or sline.start_date < start_date or sline.end_date > end_date:
                schedule_errors.append(
                    _("„%(a)s”: termin działania musi mieścić się w okresie realizacji zadania (%(s)s – %(e)s).")
                    % {
                        "a": actions[sline.action_id].name,
                        "s": start_date.strftime("%d.%m.%Y"),
                        "e": end_date.strftime("%d.%m.%Y"),
                    }
                )
        if schedule_errors:
            raise ValidationError({"schedule": schedule_errors})
        number = (offer.updates.aggregate(m=Max("number"))["m"] or 0) + 1
        update = OfferUpdate(
            offer=offer,
            number=number,
            awarded_amount=offer.awarded_amount or ZERO,
            start_date=start_date,
            end_date=end_date,
            schedule_note=note,
            total_cost=sums["total"],
            grant_total=sums["from_grant"],
            submitted_by=_person(actor),
        )
        update.full_clean(exclude=["offer"])
        update.save()
        partners = {p.organisation_id: p for p in offer.partners.all()}
        for i, line in enumerate(budget, start=1):
            OfferUpdateRow.objects.create(
                update=update,
                order=i,
                category=line.category,
                name=line.name,
                lot_id=line.lot_id,
                partner=partners.get(line.partner_org_id) if line.partner_org_id else None,
                quantity=line.quantity,
                unit=line.unit,
                unit_cost=money(line.unit_cost),
                **budget_arithmetic(line),
            )
        for sline in schedule:
            OfferUpdateAction.objects.create(
                update=update, action_id=sline.action_id, start_date=sline.start_date, end_date=sline.end_date
            )
        event(
            actor=actor,
            verb=E.OFFER_UPDATE_SUBMITTED,
            target=offer,
            data={"number": number, "grant": str(sums["from_grant"]), "total": str(sums["total"])},
        )
    return update


def offer_update_accept(*, actor: Actor, update: OfferUpdate) -> OfferUpdate:
    """The office accepts the update: the offer's cost rows, dates and action dates come from it and the offer is
    accepted for delivery (the contract is prepared from it)."""
    require(actor, "commissioning.manage_call", update.offer.call)
    with transaction.atomic():
        offer = _lock(Offer, update.offer_id)
        update = _lock(OfferUpdate, update.pk)
        OFFER_UPDATE.apply(update, "accept")
        update.decided_by = _person(actor)
        update.decided_at = timezone.now()
        update.save()
        partners = {p.pk: p for p in offer.partners.all()}
        lines = [
            BudgetLine(
                name=r.name,
                category=r.category,
                lot_id=r.lot_id,
                partner_org_id=partners[r.partner_id].organisation_id if r.partner_id in partners else None,
                quantity=r.quantity,
                unit=r.unit,
                unit_cost=r.unit_cost,
                from_grant=r.from_grant,
                from_other=r.from_other,
                own_financial=r.own_financial,
                personal=r.personal,
                in_kind=r.in_kind,
            )
            for r in update.rows.all()
        ]
        _write_budget(offer, lines, {p.organisation_id: p for p in partners.values()})
        for ua in update.actions.all():
            OfferAction.objects.filter(pk=ua.action_id, offer=offer).update(
                start_date=ua.start_date, end_date=ua.end_date
            )
        offer.start_date, offer.end_date = update.start_date, update.end_date
        _recompute_totals(offer)
        per_lot = _grant_per_lot(offer, update.awarded_amount)
        if per_lot is not None:  # the grant per lot of the package follows the accepted budget
            for ol in offer.offer_lots.all():
                ol.awarded_amount = per_lot.get(ol.lot_id, ZERO)
                ol.save(update_fields=["awarded_amount"])
        OFFER.apply(offer, "accept_award")
        offer.save()
        event(
            actor=actor,
            verb=E.OFFER_UPDATE_ACCEPTED,
            target=offer,
            data={"number": update.number, "grant": str(offer.requested_amount)},
        )
    return update


def offer_update_return(*, actor: Actor, update: OfferUpdate, reason: str) -> OfferUpdate:
    """The office returns the update with a reason; the offeror submits a corrected one."""
    require(actor, "commissioning.manage_call", update.offer.call)
    with transaction.atomic():
        update = _lock(OfferUpdate, update.pk)
        OFFER_UPDATE.apply(update, "return", reason=reason)
        update.return_reason = reason.strip()
        update.decided_by = _person(actor)
        update.decided_at = timezone.now()
        update.full_clean(exclude=["offer"])
        update.save()
        event(
            actor=actor,
            verb=E.OFFER_UPDATE_RETURNED,
            target=update.offer,
            data={"number": update.number, "reason": update.return_reason},
        )
    return update


# --- 2. change requests during the contract --------------------------------------------------------------


def increase_limit(contract: Contract, previous_grant: Decimal) -> Decimal:
    """How much a cost row financed with `previous_grant` may grow without an annex (§ 4 ust. 1 model contract)."""
    return money(previous_grant * contract.shift_limit_percent / 100)


def needs_annex(contract: Contract, lines: Sequence[tuple[Decimal, Decimal]], new_end_date: date | None) -> bool:
    """A change needs an annex when a row's grant grows beyond the contract's percentage or the end date moves."""
    if new_end_date is not None and new_end_date != contract.end_date:
        return True
    return any(new - old > increase_limit(contract, old) for old, new in lines)


def change_summary(request: ChangeRequest) -> str:
    """The change as sentences (the annex's scope of changes and the contract's history)."""
    parts = []
    shifts = [
        _("„%(row)s” z %(old)s na %(new)s")
        % {"row": line.budget_row.name, "old": format_pln(line.previous_grant), "new": format_pln(line.new_grant)}
        for line in request.budget_lines.all()
    ]
    if shifts:
        parts.append(_("Przesunięcie środków dotacji między pozycjami kosztorysu: %(s)s.") % {"s": "; ".join(shifts)})
    if request.new_end_date and request.previous_end_date and request.new_end_date != request.previous_end_date:
        parts.append(
            _("Koniec realizacji zadania przesunięto z %(a)s na %(b)s.")
            % {"a": f"{request.previous_end_date:%d.%m.%Y}", "b": f"{request.new_end_date:%d.%m.%Y}"}
        )
    dates = [
        _("„%(a)s” %(s)s – %(e)s (wcześniej %(ps)s – %(pe)s)")
        % {
            "a": line.action.name,
            "s": f"{line.new_start:%d.%m.%Y}",
            "e": f"{line.new_end:%d.%m.%Y}",
            "ps": f"{line.previous_start:%d.%m.%Y}" if line.previous_start else "—",
            "pe": f"{line.previous_end:%d.%m.%Y}" if line.previous_end else "—",
        }
        for line in request.schedule_lines.select_related("action")
    ]
    if dates:
        parts.append(_("Nowe terminy działań: %(d)s.") % {"d": "; ".join(dates)})
    if request.new_contact_person:
        parts.append(
            _("Nowa osoba do kontaktu: %(p)s (wcześniej %(o)s).")
            % {"p": request.new_contact_person, "o": request.previous_contact or "—"}
        )
    if request.staff_change:
        parts.append(_("Zmiana osób realizujących zadanie: %(s)s") % {"s": request.staff_change})
    return " ".join(str(p) for p in parts)


def _check_shifts(contract: Contract, shifts: Sequence[ShiftLine]) -> list[tuple[BudgetRow, Decimal]]:
    rows = {r.pk: r for r in contract.offer.budget_rows.all()}
    spent = {t["row"].pk: t["spent"]["grant"] for t in selectors.running_totals(contract)}
    out: list[tuple[BudgetRow, Decimal]] = []
    errors: list[str] = []
    for line in shifts:
        row = rows.get(line.budget_row_id)
        if row is None:
            raise ValidationError({"budget": _("Można przesuwać środki tylko między pozycjami kosztorysu tej umowy.")})
        new = money(line.new_grant)
        if new == row.from_grant:
            continue
        if new < 0:
            errors.append(_("„%(r)s”: dotacja nie może być ujemna.") % {"r": row.name})
        elif new < spent.get(row.pk, ZERO):
            errors.append(
                _(
                    "„%(r)s”: wydano już %(s)s z dotacji według sprawozdań; nie można zmniejszyć pozycji poniżej tej "
                    "kwoty."
                )
                % {"r": row.name, "s": format_pln(spent[row.pk])}
            )
        out.append((row, new))
    difference = sum((new - row.from_grant for row, new in out), ZERO)
    if difference != 0:
        errors.append(
            _(
                "Przesunięcia muszą się bilansować: suma zwiększeń i zmniejszeń dotacji wynosi %(d)s, a powinna 0 zł "
                "(zmiana kwoty dotacji to osobny aneks)."
            )
            % {"d": format_pln(difference)}
        )
    if errors:
        raise ValidationError({"budget": errors})
    return out


def change_request_submit(
    *,
    actor: Actor,
    contract: Contract,
    justification: str,
    shifts: Sequence[ShiftLine] = (),
    schedule: Sequence[ScheduleLine] = (),
    new_end_date: date | None = None,
    contact: tuple[str, str, str] | None = None,
    staff_change: str = "",
) -> ChangeRequest:
    """The contractor asks to change the contract: budget shifts, schedule, people. Nothing changes until the office
    approves; the request records the values before the change."""
    require(actor, "commissioning.report_contract", contract)
    with transaction.atomic():
        contract = _lock(Contract, contract.pk)
        if contract.state not in CONTRACT_IN_FORCE_STATES:
            raise ValidationError(_("Wniosek o zmianę składa się do umowy w realizacji."))
        if contract.change_requests.filter(state=ChangeRequestState.SUBMITTED).exists():
            raise ValidationError(_("Poprzedni wniosek o zmianę czeka na decyzję urzędu."))
        if not justification.strip():
            raise ValidationError({"justification": _("Uzasadnij zmianę.")})
        offer = contract.offer
        moved = _check_shifts(contract, shifts)
        end = new_end_date if new_end_date and new_end_date != contract.end_date else None
        if end is not None:
            if end < contract.start_date:
                raise ValidationError({"new_end_date": _("Koniec realizacji nie może poprzedzać jej początku.")})
            if end >= add_months(contract.start_date, 12 * legal.CONTRACT_MAX_YEARS.value):
                raise ValidationError({"new_end_date": str(legal.CONTRACT_MAX_YEARS)})
        last_day = end or contract.end_date
        actions = {a.pk: a for a in offer.actions.all()}
        dates = []
        for line in schedule:
            action = actions.get(line.action_id)
            if action is None:
                raise ValidationError({"schedule": _("Można zmienić tylko terminy działań tej umowy.")})
            if (line.start_date, line.end_date) == (action.start_date, action.end_date):
                continue
            if line.start_date > line.end_date or line.start_date < contract.start_date or line.end_date > last_day:
                raise ValidationError(
                    {
                        "schedule": _(
                            "„%(a)s”: termin działania musi mieścić się w okresie realizacji umowy (%(s)s – %(e)s)."
                        )
                        % {"a": action.name, "s": f"{contract.start_date:%d.%m.%Y}", "e": f"{last_day:%d.%m.%Y}"}
                    }
                )
            dates.append((action, line))
        person, email, phone = contact or ("", "", "")
        person = person.strip()
        if person == offer.contact_person.strip():
            person, email, phone = "", "", ""
        if not (moved or end or dates or person or staff_change.strip()):
            raise ValidationError(_("Wniosek nie zawiera żadnej zmiany."))
        number = (contract.change_requests.aggregate(m=Max("number"))["m"] or 0) + 1
        request = ChangeRequest(
            contract=contract,
            number=number,
            justification=justification.strip(),
            previous_end_date=contract.end_date,
            new_end_date=end,
            previous_contact=" ".join(x for x in (offer.contact_person, offer.contact_email, offer.contact_phone) if x),
            new_contact_person=person,
            new_contact_email=email if person else "",
            new_contact_phone=phone if person else "",
            staff_change=staff_change.strip(),
            needs_annex=needs_annex(contract, [(row.from_grant, new) for row, new in moved], end),
            submitted_by=_person(actor),
        )
        request.full_clean(exclude=["contract", "annex"])
        request.save()
        for row, new in moved:
            ChangeBudgetLine.objects.create(
                request=request, budget_row=row, previous_grant=row.from_grant, new_grant=new
            )
        for action, line in dates:
            ChangeScheduleLine.objects.create(
                request=request,
                action=action,
                previous_start=action.start_date,
                previous_end=action.end_date,
                new_start=line.start_date,
                new_end=line.end_date,
            )
        event(
            actor=actor,
            verb=E.CHANGE_REQUESTED,
            target=contract,
            data={"number": number, "needs_annex": request.needs_annex},
        )
    return request


def _set_row_grant(row: BudgetRow, new_grant: Decimal) -> None:
    """The row's grant and total move together; quantity × unit cost keeps equal to the total."""
    row.total = row.total - row.from_grant + new_grant
    row.from_grant = new_grant
    unit_cost = money(row.total / row.quantity)
    if money(row.quantity * unit_cost) == row.total:
        row.unit_cost = unit_cost
    else:
        row.quantity, row.unit, row.unit_cost = Decimal(1), (row.unit + " " + _("(ryczałt)"))[:30], row.total
    row.full_clean(exclude=["offer", "lot", "partner"])
    row.save()


def change_request_approve(*, actor: Actor, request: ChangeRequest, signed_on: date | None = None) -> ChangeRequest:
    """The office approves: the changes are made; one beyond what the contract allows becomes an annex (signed on
    `signed_on`, today by default) with the values before and after."""
    require(actor, "commissioning.manage_contract", request.contract)
    with transaction.atomic():
        contract = _lock(Contract, request.contract_id)
        request = _lock(ChangeRequest, request.pk)
        CHANGE_REQUEST.apply(request, "approve")
        if contract.state not in CONTRACT_IN_FORCE_STATES:
            raise ValidationError(_("Zmiany zatwierdza się w umowie w realizacji."))
        lines = list(request.budget_lines.select_related("budget_row"))
        stale = [line.budget_row.name for line in lines if line.budget_row.from_grant != line.previous_grant]
        if stale:
            raise ValidationError(
                _("Kosztorys zmienił się od złożenia wniosku (%(r)s): odrzuć wniosek, a zleceniobiorca złoży nowy.")
                % {"r": ", ".join(stale)}
            )
        if request.needs_annex:
            request.annex = annex_create(
                actor=actor,
                contract=contract,
                signed_on=signed_on or timezone.localdate(),
                summary=change_summary(request),
                new_end_date=request.new_end_date,
            )
        # decreases first, so no row passes through a moment with more grant than the contract
        for line in sorted(lines, key=lambda x: x.difference):
            _set_row_grant(line.budget_row, line.new_grant)
        for sl in request.schedule_lines.all():
            OfferAction.objects.filter(pk=sl.action_id).update(start_date=sl.new_start, end_date=sl.new_end)
        offer = _lock(Offer, contract.offer_id)
        if request.new_contact_person:
            offer.contact_person = request.new_contact_person
            offer.contact_email = request.new_contact_email
            offer.contact_phone = request.new_contact_phone
        _recompute_totals(offer)
        offer.save()
        per_lot = _grant_per_lot(offer, contract.amount) if lines else None
        lots = list(contract.contract_lots.all())
        if per_lot is not None and set(per_lot) <= {cl.lot_id for cl in lots}:
            # a shift between rows of different lots moves the contract's amounts per lot
            for cl in lots:
                if cl.amount != per_lot.get(cl.lot_id, ZERO):
                    cl.amount = per_lot.get(cl.lot_id, ZERO)
                    cl.save(update_fields=["amount"])
        request.decided_by = _person(actor)
        request.decided_at = timezone.now()
        request.save()
        event(
            actor=actor,
            verb=E.CHANGE_APPROVED,
            target=contract,
            data={"number": request.number, "annex": request.annex.number if request.annex else None},
        )
    return request


def change_request_reject(*, actor: Actor, request: ChangeRequest, reason: str) -> ChangeRequest:
    require(actor, "commissioning.manage_contract", request.contract)
    with transaction.atomic():
        request = _lock(ChangeRequest, request.pk)
        CHANGE_REQUEST.apply(request, "reject", reason=reason)
        request.rejection_reason = reason.strip()
        request.decided_by = _person(actor)
        request.decided_at = timezone.now()
        request.full_clean(exclude=["contract", "annex"])
        request.save()
        event(
            actor=actor,
            verb=E.CHANGE_REJECTED,
            target=request.contract,
            data={"number": request.number, "reason": request.rejection_reason},
        )
    return request


def contract_changes(contract: Contract) -> list[dict[str, Any]]:
    """The contract's change requests as sentences, newest first (the contract page's history of changes)."""
    out = []
    for req in (
        contract.change_requests.select_related("annex")
        .prefetch_related("budget_lines__budget_row", "schedule_lines__action")
        .order_by("-number")
    ):
        out.append({"request": req, "summary": change_summary(req)})
    return out
