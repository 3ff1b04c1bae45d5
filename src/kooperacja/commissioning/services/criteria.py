"""The criteria and weights of a call, edited before publication (art. 15 ust. 1 OPP; art. 242 Pzp).

An OPP competition applies every criterion of art. 15 ust. 1 pkt 1-6 (pkt 4, own and other funds, only when the
task is supported, not entrusted) and may add its own; each is scored in points. A Pzp procedure has price or cost
(art. 242 ust. 1) and may add the criteria of art. 242 ust. 2; the weights (the points of each criterion) sum to
100. Once the notice is published the criteria are locked (`commissioning.edit_criteria`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kooperacja.core.actors import Actor, require
from kooperacja.core.pdf import format_percent

from .. import legal
from ..enums import OPP_MODES, CallState, TaskForm
from ..events import CommissioningEvent as E
from ..events import event
from ..models import Call, Criterion
from .common import _lock

OWN_BASIS = "ogłoszenie konkursu (art. 13 ust. 2 pkt 6 OPP)"
MAX_CRITERIA = 15


@dataclass(frozen=True)
class CriterionLine:
    name: str
    basis: str
    max_points: Decimal
    weight: Decimal = Decimal("0")
    support_only: bool = False


def _opp_mandatory(call: Call) -> list[tuple[Any, str, int, bool]]:
    return [c for c in legal.OPP_CRITERIA if not (c[3] and call.task_form == TaskForm.ENTRUST)]


def criteria_defaults(call: Call) -> list[CriterionLine]:
    """The defaults of the call's mode: the art. 15 ust. 1 OPP list, or price and the social criteria of Pzp."""
    if call.mode in OPP_MODES:
        return [
            CriterionLine(str(name), basis, Decimal(points), Decimal("0"), support_only)
            for name, basis, points, support_only in _opp_mandatory(call)
        ]
    return [CriterionLine(str(name), basis, Decimal(w), Decimal(w)) for name, basis, w in legal.PZP_CRITERIA]


def basis_choices(call: Call) -> list[tuple[str, str]]:
    """The legal bases a criterion of this call may name (shown with the criterion's words)."""
    if call.mode in OPP_MODES:
        return [(basis, f"{basis} – {name}") for name, basis, _p, _s in _opp_mandatory(call)] + [
            (OWN_BASIS, _("kryterium własne określone w ogłoszeniu (art. 13 ust. 2 pkt 6 OPP)"))
        ]
    return [("art. 242 ust. 1 Pzp", _("art. 242 ust. 1 Pzp – cena lub koszt"))] + [
        (basis, f"{basis} – {name}") for name, basis in legal.PZP_OTHER_CRITERIA
    ]


def criteria_errors(call: Call, lines: Sequence[CriterionLine]) -> list[str]:
    """What makes the list unlawful or unusable, each with its article (empty: the list can be saved)."""
    errors: list[str] = []
    if not lines:
        return [_("Podaj co najmniej jedno kryterium oceny.")]
    if len(lines) > MAX_CRITERIA:
        errors.append(_("Ogłoszenie może mieć najwyżej %(n)s kryteriów.") % {"n": MAX_CRITERIA})
    allowed = {b for b, _l in basis_choices(call)}
    for line in lines:
        if line.basis not in allowed:
            errors.append(_("Kryterium „%(c)s”: wybierz podstawę prawną z listy.") % {"c": line.name})
    bases = [line.basis for line in lines]
    if call.mode in OPP_MODES:
        rule = legal.OPP_CRITERIA_MANDATORY
        for name, basis, _p, _s in _opp_mandatory(call):
            if basis not in bases:
                errors.append(
                    _("Brak kryterium „%(c)s” – %(rule)s (%(basis)s).") % {"c": name, "rule": rule.text, "basis": basis}
                )
        weighted = [line.weight for line in lines if line.weight]
        total = sum(weighted, Decimal("0"))
        if weighted and total != legal.PZP_WEIGHTS_TOTAL.value:
            errors.append(
                _("Jeśli kryteria mają wagi, muszą sumować się do 100 %% (suma: %(s)s).") % {"s": _pct(total)}
            )
    else:
        if not any(b.startswith("art. 242 ust. 1") for b in bases):
            errors.append(f"{legal.PZP_PRICE_CRITERION.text} ({legal.PZP_PRICE_CRITERION.basis}).")
        total = sum((line.weight for line in lines), Decimal("0"))
        if any(line.weight <= 0 for line in lines):
            errors.append(_("Każde kryterium postępowania Pzp ma wagę większą od zera."))
        if total != legal.PZP_WEIGHTS_TOTAL.value:
            errors.append(
                _("Wagi kryteriów muszą sumować się do 100 %% (suma: %(s)s) – %(basis)s.")
                % {"s": _pct(total), "basis": legal.PZP_WEIGHTS_TOTAL.basis}
            )
    return errors


def _pct(value: Decimal) -> str:
    return format_percent(value)


def criteria_save(*, actor: Actor, call: Call, lines: Sequence[CriterionLine]) -> list[Criterion]:
    """Replace the call's criteria with `lines` (in order) while the call is a draft."""
    require(actor, "commissioning.manage_call", call)
    with transaction.atomic():
        call = _lock(Call, call.pk)
        if call.state != CallState.DRAFT or call.published_at is not None:
            raise ValidationError(_("Kryteria oceny są zablokowane po publikacji ogłoszenia – ogłoszenie je określa."))
        require(actor, "commissioning.edit_criteria", call)
        if errors := criteria_errors(call, lines):
            raise ValidationError(errors)
        call.criteria.all().delete()
        saved = []
        for order, line in enumerate(lines, start=1):
            criterion = Criterion(
                call=call,
                order=order,
                name=line.name.strip(),
                basis=line.basis,
                # Pzp: the points of a criterion are its weight (100 points in total)
                max_points=line.max_points if call.mode in OPP_MODES else line.weight,
                weight=line.weight,
                support_only=line.support_only,
            )
            criterion.full_clean()
            criterion.save()
            saved.append(criterion)
        event(
            actor=actor,
            verb=E.CRITERIA_SAVED,
            target=call,
            data={"count": len(saved), "weights": [str(c.weight) for c in saved if c.weight]},
        )
    return saved
