"""Social clauses: for Pzp procedures (art. 94, 95, 96, 242, 361, 58 Pzp) and for OPP competitions (the conditions
of delivery, art. 13 ust. 2 pkt 4, a social criterion, art. 15 ust. 1, a joint offer, art. 14 ust. 2 OPP), as
Model na więcej applies them to commissioning social services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kooperacja.core.actors import Actor, require

from .. import legal
from ..enums import (
    OPP_CLAUSE_KINDS,
    OPP_MODES,
    ClauseKind,
)
from ..events import CommissioningEvent as E
from ..events import event
from ..models import (
    Call,
    CallClause,
    ClauseTemplate,
)
from .calculations import art361_check, clause_render


def clause_add(
    *, actor: Actor, call: Call, kind: str, parameters: dict[str, Any], template: ClauseTemplate | None = None
) -> CallClause:
    """Generate the clause text for the tender documents and record that the call uses it."""
    require(actor, "commissioning.use_clause_helper", call)
    if kind not in ClauseKind.values:
        raise ValidationError(_("Nieznany rodzaj klauzuli."))
    if (kind in OPP_CLAUSE_KINDS) != (call.mode in OPP_MODES):
        raise ValidationError(
            _("Ta klauzula dotyczy postępowań Pzp – w konkursie OPP wybierz klauzulę z podstawą w ustawie OPP.")
            if call.mode in OPP_MODES
            else _("Ta klauzula dotyczy konkursów OPP – w postępowaniu Pzp wybierz klauzulę z podstawą w Pzp.")
        )
    if template is None:
        template = ClauseTemplate.objects.filter(kind=kind, is_active=True).order_by("id").first()
    if template is None:
        raise ValidationError(_("Brak aktywnego wzoru klauzuli tego rodzaju – dodaj go w panelu administracyjnym."))
    errors: list[str] = []
    if kind == ClauseKind.ART_94:
        pct = Decimal(str(parameters.get("percent") or 0))
        if pct < legal.ART94_MIN_PERCENT.value:
            errors.append(f"{legal.ART94_MIN_PERCENT.text} ({legal.ART94_MIN_PERCENT.basis})")
        if not parameters.get("groups"):
            errors.append(_("Wskaż grupy osób (art. 94 ust. 1 Pzp)."))
    if kind == ClauseKind.ART_96 and (
        not parameters.get("groups") or not parameters.get("people") or not parameters.get("months")
    ):
        errors.append(_("Art. 96 ust. 2 pkt 2 Pzp: określ grupy, liczbę osób i okres zatrudnienia."))
    if kind == ClauseKind.ART_95 and not parameters.get("activities"):
        errors.append(_("Art. 95 ust. 2 Pzp: wskaż czynności, których dotyczy wymóg zatrudnienia."))
    if kind == ClauseKind.ART_242:
        weight = Decimal(str(parameters.get("weight") or 0))
        if not (0 < weight < 100):
            errors.append(_("Waga kryterium musi być większa od 0 i mniejsza od 100% (art. 242 ust. 2 Pzp)."))
    if kind == ClauseKind.OPP_CONDITIONS and (
        not parameters.get("groups") or not parameters.get("people") or not parameters.get("months")
    ):
        errors.append(_("Art. 13 ust. 2 pkt 4 OPP: określ grupy, liczbę osób i okres zatrudnienia lub zaangażowania."))
    if kind == ClauseKind.OPP_CRITERION and (not parameters.get("points") or not parameters.get("formula")):
        errors.append(_("Art. 15 ust. 1 OPP: podaj liczbę punktów i sposób oceny kryterium społecznego."))
    if kind == ClauseKind.ART_361:
        check = art361_check(call=call)
        if not check["all_listed"]:
            bad = [c for c, ok in check["codes"] if not ok] or [_("brak kodów CPV")]
            errors.append(
                _("Zastrzeżenie z art. 361 Pzp dotyczy tylko usług z wykazu; poza wykazem: %(c)s.")
                % {"c": ", ".join(map(str, bad))}
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        clause = CallClause.objects.create(
            call=call,
            template=template,
            kind=kind,
            parameters=parameters,
            text=clause_render(template.body, parameters),
            created_by=actor,
        )
        event(actor=actor, verb=E.CLAUSE_ADDED, target=call, data={"kind": kind})
    return clause
