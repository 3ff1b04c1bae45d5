"""The calculations the services and forms share: money, budget arithmetic, the offer's limits, the
announcement checklist, the art. 361 Pzp check and clause rendering. They read, they never write."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kooperacja.organisations.models import Organisation

from .. import legal, selectors
from ..enums import (
    OPP_MODES,
    CallMode,
    ClauseKind,
    TaskForm,
)
from ..models import (
    Call,
    Offer,
)

CENT = Decimal("0.01")


ZERO = Decimal("0.00")


def money(value: Any) -> Decimal:
    return Decimal(value or 0).quantize(CENT, rounding=ROUND_HALF_UP)


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Missing:
    label: str
    basis: str


PZP_ELEMENTS: tuple[tuple[str, Any, str], ...] = (
    ("task_type", _("przedmiot zamówienia"), "art. 360 ust. 1 Pzp"),
    ("cpv_codes", _("kody CPV"), "art. 360 ust. 1 Pzp"),
    ("estimated_value", _("wartość szacunkowa"), "art. 28 Pzp"),
    ("offer_deadline", _("termin składania ofert"), "art. 360 ust. 1 Pzp"),
    ("selection_procedure", _("kryteria oceny ofert i ich znaczenie"), "art. 242 Pzp"),
    ("delivery_start", _("termin wykonania zamówienia – początek"), "art. 360 ust. 1 Pzp"),
    ("delivery_end", _("termin wykonania zamówienia – koniec"), "art. 360 ust. 1 Pzp"),
)


def announcement_checklist(call: Call) -> list[tuple[str, str, bool]]:
    """Every required element of the announcement with its basis and whether it is filled in."""
    elements = legal.ANNOUNCEMENT_ELEMENTS if call.mode in OPP_MODES else PZP_ELEMENTS
    out = []
    for field, label, basis in elements:
        value = getattr(call, field)
        filled = value not in (None, "", [], {})
        out.append((str(label), basis, filled))
    if call.package_id is not None and not call.lots.exists():
        out.append((_("co najmniej jedna część pakietu objęta ogłoszeniem"), "art. 13 ust. 2 pkt 1 OPP", False))
    return out


def announcement_missing(call: Call) -> list[Missing]:
    return [Missing(label, basis) for label, basis, ok in announcement_checklist(call) if not ok]


@dataclass
class BudgetLine:
    name: str
    quantity: Decimal
    unit: str
    unit_cost: Decimal
    category: str = "task"
    lot_id: int | None = None
    partner_org_id: int | None = None
    from_grant: Decimal | None = None  # None = the remainder (automatic arithmetic)
    from_other: Decimal = ZERO
    own_financial: Decimal = ZERO
    personal: Decimal = ZERO
    in_kind: Decimal = ZERO


@dataclass
class ActionLine:
    name: str
    description: str = ""
    lot_id: int | None = None
    responsible_org_id: int | None = None
    start_date: date | None = None
    end_date: date | None = None


@dataclass
class IndicatorLine:
    name: str
    planned_level: Decimal
    unit: str = ""
    monitoring: str = ""
    lot_id: int | None = None


@dataclass
class PartnerLine:
    organisation_id: int
    actions: str = ""


def budget_arithmetic(line: BudgetLine) -> dict[str, Decimal]:
    """Total = quantity × unit cost; the grant share is the remainder when not given. Raises with a Polish hint."""
    total = money(Decimal(line.quantity) * Decimal(line.unit_cost))
    others = money(line.from_other) + money(line.own_financial) + money(line.personal) + money(line.in_kind)
    grant = total - others if line.from_grant is None else money(line.from_grant)
    if grant < 0:
        raise ValidationError(
            _("„%(name)s”: wkłady i inne środki (%(o)s zł) przekraczają koszt razem (%(t)s zł).")
            % {"name": line.name, "o": others, "t": total}
        )
    if grant + others != total:
        raise ValidationError(
            _("„%(name)s”: suma źródeł (%(s)s zł) musi być równa kosztowi razem %(q)s × %(c)s = %(t)s zł.")
            % {"name": line.name, "s": grant + others, "q": line.quantity, "c": line.unit_cost, "t": total}
        )
    return {
        "total": total,
        "from_grant": grant,
        "from_other": money(line.from_other),
        "own_financial": money(line.own_financial),
        "personal": money(line.personal),
        "in_kind": money(line.in_kind),
    }


def offer_limit_errors(offer: Offer) -> list[str]:
    """What stops the offer from being submitted: the call's limits and the form's completeness."""
    return [
        *_completeness_errors(offer),
        *_amount_errors(offer),
        *_date_errors(offer),
        *_joint_offer_errors(offer),
    ]


def _completeness_errors(offer: Offer) -> list[str]:
    """The form's required parts (Annex 1 sections II-VII)."""
    call = offer.call
    errors: list[str] = []
    required = {
        "title": _("tytuł zadania (sekcja III)"),
        "start_date": _("data rozpoczęcia (sekcja III)"),
        "end_date": _("data zakończenia (sekcja III)"),
        "summary": _("syntetyczny opis zadania (sekcja III)"),
        "expected_results": _("zakładane rezultaty (sekcja III)"),
        "contact_person": _("osoba do kontaktu (sekcja II)"),
        "experience": _("doświadczenie oferenta (sekcja IV)"),
    }
    for field, label in required.items():
        if not getattr(offer, field):
            errors.append(_("Uzupełnij: %(f)s.") % {"f": label})
    if not offer.declarations_accepted:
        errors.append(_("Złóż oświadczenia z sekcji VII."))
    rows = list(offer.budget_rows.all())
    if not rows:
        errors.append(_("Kosztorys (sekcja V) musi mieć co najmniej jedną pozycję."))
    if not offer.actions.exists():
        errors.append(_("Plan i harmonogram działań (sekcja III) musi mieć co najmniej jedno działanie."))
    if call.lots.exists() and not offer.offer_lots.exists():
        errors.append(_("Wskaż, które części pakietu obejmuje oferta."))
    return errors


def _amount_errors(offer: Offer) -> list[str]:
    """The call's grant limits and minimum contributions."""
    call = offer.call
    errors: list[str] = []
    total = offer.total_cost
    req = offer.requested_amount
    if req <= 0:
        errors.append(_("Wnioskowana kwota dotacji musi być większa od zera."))
    if call.min_grant is not None and req < call.min_grant:
        errors.append(
            _("Wnioskowana dotacja (%(r)s zł) jest niższa od minimalnej (%(m)s zł).") % {"r": req, "m": call.min_grant}
        )
    if call.max_grant is not None and req > call.max_grant:
        errors.append(
            _("Wnioskowana dotacja (%(r)s zł) przekracza maksymalną (%(m)s zł).") % {"r": req, "m": call.max_grant}
        )
    if call.mode == CallMode.OPP_SMALL_GRANT and req > legal.SMALL_GRANT_MAX.value:
        errors.append(f"{legal.SMALL_GRANT_MAX.text} ({legal.SMALL_GRANT_MAX.basis})")
    errors += share_errors(
        call,
        total=total,
        grant=req,
        own_financial=offer.own_financial,
        personal=offer.personal_contribution,
        in_kind=offer.in_kind_contribution,
    )
    if call.task_form == TaskForm.SUPPORT and call.mode in OPP_MODES and total > 0 and req >= total:
        errors.append(
            _("Przy wspieraniu dotacja współfinansuje zadanie – wykaż inne źródła lub wkład (art. 5 ust. 4 pkt 1 OPP).")
        )
    return errors


def share_limits(
    call: Call, *, total: Decimal, grant: Decimal, own_financial: Decimal, personal: Decimal, in_kind: Decimal
) -> list[dict[str, Any]]:
    """The call's minimum shares of the total cost (own contribution overall, financial, personal, in kind): for
    each one the call sets, the percentage required, the amount it means and what the budget has."""
    shares = (
        (call.min_own_share, total - grant, _("wkład własny ogółem")),
        (call.min_financial_share, own_financial, _("wkład finansowy")),
        (call.min_personal_share, personal, _("wkład osobowy")),
        (call.min_in_kind_share, in_kind, _("wkład rzeczowy")),
    )
    out = []
    for pct, amount, label in shares:
        if not pct:
            continue
        percent = (amount * 100 / total).quantize(CENT, rounding=ROUND_HALF_UP) if total > 0 else ZERO
        out.append(
            {
                "label": label,
                "required": pct,
                "need": money(total * pct / 100),
                "amount": amount,
                "percent": percent,
                "ok": total <= 0 or amount * 100 >= pct * total,
            }
        )
    return out


def share_errors(
    call: Call, *, total: Decimal, grant: Decimal, own_financial: Decimal, personal: Decimal, in_kind: Decimal
) -> list[str]:
    """The minimum shares of the call that a budget with these sums misses (Polish messages)."""
    if total <= 0:
        return []
    return [
        _("%(l)s: wymagane co najmniej %(p)s%% kosztów (%(need)s zł), w ofercie %(a)s zł.")
        % {"l": s["label"], "p": s["required"], "need": s["need"], "a": s["amount"]}
        for s in share_limits(
            call, total=total, grant=grant, own_financial=own_financial, personal=personal, in_kind=in_kind
        )
        if not s["ok"]
    ]


def budget_preview(call: Call, lines: list[BudgetLine], *, target_grant: Decimal | None = None) -> dict[str, Any]:
    """The budget's arithmetic as the offeror types it (the offer form's live sums, the updated budget): each row
    through `budget_arithmetic` (its total or its error), the sums of the rows that add up, the call's limits on
    the grant and the minimum shares, and, for an updated budget, the grant it must reach. Reads, never writes."""
    rows: list[dict[str, Any]] = []
    sums = {k: ZERO for k in ("total", "from_grant", "from_other", "own_financial", "personal", "in_kind")}
    for line in lines:
        try:
            amounts = budget_arithmetic(line)
        except ValidationError as exc:
            rows.append({"name": line.name, "error": " ".join(exc.messages)})
            continue
        others = amounts["total"] - amounts["from_grant"]
        rows.append({"name": line.name, "quantity": line.quantity, "unit": line.unit, "others": others, **amounts})
        for key in sums:
            sums[key] += amounts[key]
    total, grant = sums["total"], sums["from_grant"]
    limits = share_limits(
        call,
        total=total,
        grant=grant,
        own_financial=sums["own_financial"],
        personal=sums["personal"],
        in_kind=sums["in_kind"],
    )
    hints: list[str] = []
    if target_grant is None:
        if call.min_grant is not None and grant < call.min_grant:
            hints.append(_("Dotacja jest niższa od minimalnej z ogłoszenia (%(m)s zł).") % {"m": call.min_grant})
        if call.max_grant is not None and grant > call.max_grant:
            hints.append(_("Dotacja przekracza maksymalną z ogłoszenia (%(m)s zł).") % {"m": call.max_grant})
    elif grant != target_grant:
        hints.append(
            _("Dotacja w kosztorysie (%(g)s zł) musi być równa przyznanej (%(a)s zł): różnica %(d)s zł.")
            % {"g": grant, "a": target_grant, "d": grant - target_grant}
        )
    return {
        "rows": rows,
        "sums": sums,
        "grant_percent": (grant * 100 / total).quantize(CENT, rounding=ROUND_HALF_UP) if total > 0 else ZERO,
        "limits": limits,
        "hints": hints,
        "min_grant": call.min_grant,
        "max_grant": call.max_grant,
        "target_grant": target_grant,
        "ok": not hints and all("error" not in r for r in rows) and all(s["ok"] for s in limits),
    }


def _date_errors(offer: Offer) -> list[str]:
    """The task's dates against each other and the announcement."""
    call = offer.call
    errors: list[str] = []
    if offer.start_date and offer.end_date:
        if offer.start_date > offer.end_date:
            errors.append(_("Data rozpoczęcia jest późniejsza niż data zakończenia."))
        if call.delivery_start and offer.start_date < call.delivery_start:
            errors.append(
                _("Zadanie nie może zacząć się przed %(d)s (termin z ogłoszenia).")
                % {"d": call.delivery_start.strftime("%d.%m.%Y")}
            )
        if call.delivery_end and offer.end_date > call.delivery_end:
            errors.append(
                _("Zadanie nie może skończyć się po %(d)s (termin z ogłoszenia).")
                % {"d": call.delivery_end.strftime("%d.%m.%Y")}
            )
        if (
            call.mode == CallMode.OPP_SMALL_GRANT
            and (offer.end_date - offer.start_date).days + 1 > legal.SMALL_GRANT_MAX_DAYS.value
        ):
            errors.append(f"{legal.SMALL_GRANT_MAX_DAYS.text} ({legal.SMALL_GRANT_MAX_DAYS.basis})")
    return errors


def _joint_offer_errors(offer: Offer) -> list[str]:
    """A joint offer (art. 14 OPP): partners, their verification, actions and cost shares."""
    errors: list[str] = []
    if offer.is_joint:
        partners = list(offer.partners.select_related("organisation"))
        if len(partners) < legal.JOINT_OFFER.value:
            errors.append(f"{legal.JOINT_OFFER.text} ({legal.JOINT_OFFER.basis})")
        if any(not p.organisation.is_verified for p in partners):
            errors.append(_("Wszyscy oferenci oferty wspólnej muszą być zweryfikowani."))
        if any(a.responsible_id is None for a in offer.actions.all()):
            errors.append(
                _("W ofercie wspólnej każde działanie wskazuje oferenta, który je realizuje (art. 14 ust. 2 OPP).")
            )
        if sum((p.cost_share for p in partners), ZERO) != offer.total_cost:
            errors.append(_("Podział kosztów między oferentów nie sumuje się do kosztu całkowitego."))
    return errors


def _split(amount: Decimal, weights: list[Decimal]) -> list[Decimal]:
    total = sum(weights, ZERO)
    if not weights:
        return []
    if total <= 0:
        weights = [Decimal(1)] * len(weights)
        total = Decimal(len(weights))
    parts = [money(amount * w / total) for w in weights]
    parts[-1] += amount - sum(parts, ZERO)
    return parts


class _SafeDict(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def clause_render(template_body: str, parameters: dict[str, Any]) -> str:
    values = {k: (", ".join(map(str, v)) if isinstance(v, list | tuple) else v) for k, v in parameters.items()}
    return template_body.format_map(_SafeDict(values))


def art361_check(*, call: Call, contractor: Organisation | None = None, today: date | None = None) -> dict[str, Any]:
    """CPV codes against the art. 361 list and, for a contractor, the 3-year history with this authority."""
    codes = [str(c) for c in call.cpv_codes]
    listed = [c for c in codes if legal.cpv_in_art361(c)]
    result: dict[str, Any] = {
        "codes": [(c, legal.cpv_in_art361(c)) for c in codes],
        "all_listed": bool(codes) and len(listed) == len(codes),
        "basis": "art. 361 ust. 1 Pzp",
        "history": [],
        "history_ok": True,
        "history_basis": legal.ART361_HISTORY_YEARS.basis,
    }
    if contractor is not None:
        history = list(
            selectors.authority_history(
                call.authority_id, contractor.pk, years=legal.ART361_HISTORY_YEARS.value, today=today
            )
        )
        result["history"] = history
        result["history_ok"] = not any(
            c.call.mode in {CallMode.PZP_SOCIAL, CallMode.PZP_RESERVED}
            and c.call.clauses.filter(kind=ClauseKind.ART_361).exists()
            for c in history
        )
    return result
