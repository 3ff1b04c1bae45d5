"""The form of a joint offer built from the register of members' capacity: for each lot of the call, the member's
capacity row that will deliver it (or none: the lot stays out of the offer)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .joint_offer import LotProposal


class JointOfferForm(forms.Form):
    title = forms.CharField(label=_("Tytuł oferty"), max_length=250, required=False)

    def __init__(self, *args: Any, proposals: list[LotProposal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.proposals = proposals
        for p in proposals:
            choices: list[tuple[str, str]] = [("", str(_("— bez tej części —")))]
            choices += [
                (str(c.capacity.pk), f"{c.member.organisation.name}: {c.capacity.service}")
                for c in p.candidates
                if c.proposable
            ]
            proposed = p.proposed
            self.fields[f"lot_{p.lot.pk}"] = forms.ChoiceField(
                label=_("Część %(n)s: %(name)s") % {"n": p.lot.number, "name": p.lot.name},
                choices=choices,
                required=False,
                initial=str(proposed.capacity.pk) if proposed else "",
            )

    def choices(self) -> dict[int, Any]:
        """{lot id: the chosen capacity row} from the cleaned data."""
        rows = {c.capacity.pk: c.capacity for p in self.proposals for c in p.candidates}
        out = {}
        for p in self.proposals:
            value = self.cleaned_data.get(f"lot_{p.lot.pk}")
            if value:
                out[p.lot.pk] = rows[int(value)]
        return out

    def lot_fields(self) -> list[tuple[LotProposal, Any]]:
        return [(p, self[f"lot_{p.lot.pk}"]) for p in self.proposals]
