"""Building a joint offer draft from the register of members' capacity (issue 17): the coordinator picks the call's
lots and a member for each (the register proposes one), and the lead's draft offer is written through commissioning's
own offer services (`offer_create`, `offer_save`): the chosen members as partners of the joint offer (art. 14 ust. 2
OPP), one action and one cost row per lot carried by its member. The coordinator then reviews and edits the draft in
the offer form before submitting it; nothing is submitted here."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kooperacja.core.actors import Actor, require

from ..enums import MemberStatus
from ..events import ConsortiumEvent, event
from ..joint_offer import open_calls_for
from ..models import Consortium, MemberCapacity


def joint_offer_build(
    *, actor: Actor, consortium: Consortium, call: Any, choices: dict[int, MemberCapacity], title: str = ""
) -> Any:
    """A draft joint offer of the consortium's lead in `call`: {lot id: the capacity row chosen for that lot}."""
    from kooperacja.commissioning import services as commissioning

    require(actor, "consortia.manage_consortium", consortium)
    if not open_calls_for(consortium).filter(pk=call.pk).exists():
        raise ValidationError(
            _("To ogłoszenie nie przyjmuje teraz ofert wspólnych (art. 14 ust. 2 ustawy o pożytku publicznym).")
        )
    if not choices:
        raise ValidationError(_("Wybierz co najmniej jedną część ogłoszenia i członka, który ją zrealizuje."))
    lots = {lot.pk: lot for lot in call.lots.all()}
    problems = []
    for lot_id, row in choices.items():
        lot = lots.get(lot_id)
        if lot is None:
            problems.append(_("Ta część nie należy do ogłoszenia."))
            continue
        if row.member.consortium_id != consortium.pk or row.member.status != MemberStatus.ACTIVE:
            problems.append(
                _("Część %(n)s: %(m)s nie jest aktywnym członkiem konsorcjum.")
                % {"n": lot.number, "m": row.member.organisation}
            )
        elif row.sector != lot.sector:
            problems.append(
                _("Część %(n)s: wpis członka %(m)s dotyczy innego obszaru usług niż ta część.")
                % {"n": lot.number, "m": row.member.organisation}
            )
    if problems:
        raise ValidationError(problems)
    chosen = sorted(choices.items(), key=lambda kv: lots[kv[0]].number)
    lead_id = consortium.lead_id
    orgs: dict[int, list[str]] = {lead_id: []}
    for lot_id, row in chosen:
        orgs.setdefault(row.member.organisation_id, []).append(f"{lots[lot_id].number}. {lots[lot_id].name}")
    start, end = call.delivery_start, call.delivery_end
    actions = [
        commissioning.ActionLine(
            name=f"{lots[lot_id].name}: {row.service}"[:250],
            description=_("Realizuje: %(m)s (%(g)s, liczba miejsc: %(n)s).")
            % {"m": row.member.organisation.name, "g": row.territory.name, "n": row.people},
            lot_id=lot_id,
            responsible_org_id=row.member.organisation_id,
            start_date=start,
            end_date=end,
        )
        for lot_id, row in chosen
    ]
    budget = [
        commissioning.BudgetLine(
            name=_("Realizacja części %(n)s: %(lot)s") % {"n": lots[lot_id].number, "lot": lots[lot_id].name},
            quantity=Decimal("1"),
            unit=_("usługa"),
            unit_cost=lots[lot_id].budget or Decimal("0"),
            lot_id=lot_id,
            partner_org_id=row.member.organisation_id if row.member.organisation_id != lead_id else None,
        )
        for lot_id, row in chosen
    ]
    partners = [
        commissioning.PartnerLine(
            organisation_id=org_id,
            actions="; ".join(parts) if parts else _("Koordynacja konsorcjum i rozliczenie zadania"),
        )
        for org_id, parts in orgs.items()
    ]
    with transaction.atomic():
        offer = commissioning.offer_create(
            actor=actor,
            call=call,
            lead_organisation=consortium.lead,
            title=(title.strip() or _("Oferta wspólna %(c)s: %(t)s") % {"c": consortium.name, "t": call.title})[:250],
        )
        offer = commissioning.offer_save(
            actor=actor,
            offer=offer,
            data={"start_date": start, "end_date": end} if start and end else {},
            partners=partners,
            lot_ids=[lot_id for lot_id, _row in chosen],
            actions=actions,
            budget=budget,
        )
        event(
            actor=actor,
            verb=ConsortiumEvent.JOINT_OFFER_BUILT,
            target=consortium,
            data={
                "call": call.pk,
                "offer": offer.pk,
                "lots": {str(lot_id): row.member_id for lot_id, row in chosen},
            },
        )
    return offer
