"""Amending the consortium agreement after founding: by a resolution of the general meeting (qualified majority),
with numbered versions of the terms and their history (consortia.models.AgreementVersion)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.actors import Actor, require

from ..enums import BodyKind, ResolutionKind
from ..events import ConsortiumEvent, event
from ..models import AgreementAmendment, AgreementVersion, Consortium, Resolution

# The terms a resolution may change (the name, the lead and the dates of founding stay as they are).
AMENDABLE_FIELDS = (
    "purpose",
    "representation",
    "decision_rules",
    "quorum_percent",
    "ordinary_majority",
    "membership_majority",
    "admission_rules",
    "exit_rules",
    "office_cost_share_percent",
    "office_cost_rules",
    "allocation_transparency",
)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def term_label(name: str) -> str:
    return str(Consortium._meta.get_field(name).verbose_name)


def term_shown(name: str, value: str) -> str:
    """A stored term as a person reads it: the label of a choice, a percent with a comma."""
    field = Consortium._meta.get_field(name)
    if field.choices:
        return str(dict(field.choices).get(value, value))
    if name.endswith("_percent"):
        return f"{value.replace('.', ',')} %"
    return value or "–"


def described(changes: dict[str, str]) -> list[tuple[str, str]]:
    """(label, value as shown) of proposed or recorded terms, in the agreement's order."""
    return [(term_label(n), term_shown(n, changes[n])) for n in AMENDABLE_FIELDS if n in changes]


def terms_of(consortium: Consortium) -> dict[str, str]:
    return {name: _text(getattr(consortium, name)) for name in AMENDABLE_FIELDS}


def _apply(consortium: Consortium, changes: dict[str, str]) -> None:
    """Set the changed terms on `consortium` (not saved) and check them like the founding form does."""
    for name, value in changes.items():
        field = Consortium._meta.get_field(name)
        setattr(consortium, name, field.to_python(value))
    consortium.full_clean(exclude=["agreement_file", "lead", "created_by"])


def changes_against(consortium: Consortium, proposed: dict[str, Any]) -> dict[str, str]:
    """The proposed terms that differ from the current ones, as text; refused when nothing changes or a value is
    invalid (the message names the field)."""
    unknown = set(proposed) - set(AMENDABLE_FIELDS)
    if unknown:
        raise TypeError(f"not amendable: {sorted(unknown)}")
    current = terms_of(consortium)
    changes = {k: _text(v) for k, v in proposed.items() if _text(v).strip() != current[k].strip()}
    if not changes:
        raise ValidationError(_("Projekt nie zmienia żadnego postanowienia umowy."))
    probe = Consortium.objects.get(pk=consortium.pk)
    _apply(probe, changes)  # ValidationError at the field when a value breaks a rule of the agreement
    return changes


def amendment_draft(
    *, actor: Actor, consortium: Consortium, title: str, text: str, proposed: dict[str, Any]
) -> Resolution:
    """A draft resolution of the general meeting amending the agreement; voted and closed like any resolution,
    decided by the qualified majority (`membership_majority`), applied only when adopted."""
    from .governance import resolution_draft

    require(actor, "consortia.manage_consortium", consortium)
    changes = changes_against(consortium, proposed)
    return resolution_draft(
        actor=actor,
        consortium=consortium,
        body=consortium.bodies.get(kind=BodyKind.GENERAL_MEETING),
        title=title,
        text=text,
        kind=ResolutionKind.AMEND_AGREEMENT,
        amendment=changes,
    )


def amendment_carry_out(actor: Actor, res: Resolution) -> AgreementVersion:
    """Apply an adopted amendment (called from governance._carry_out inside resolution_close's transaction): the
    consortium's terms change and a new version is recorded (version 1 = the terms before the first amendment)."""
    consortium = Consortium.objects.select_for_update().get(pk=res.consortium_id)
    amendment = AgreementAmendment.objects.get(resolution=res)
    versions = AgreementVersion.objects.filter(consortium=consortium)
    if not versions.exists():
        AgreementVersion.objects.create(
            consortium=consortium,
            number=1,
            terms=terms_of(consortium),
            effective_on=consortium.agreement_signed_on or consortium.start_date,
        )
    latest = versions.order_by("-number").first()
    assert latest is not None
    current = terms_of(consortium)
    changed = sorted(k for k, v in amendment.changes.items() if current.get(k) != v)
    _apply(consortium, {k: amendment.changes[k] for k in changed})
    consortium.save()
    version = AgreementVersion.objects.create(
        consortium=consortium,
        number=latest.number + 1,
        terms=terms_of(consortium),
        changed=changed,
        resolution=res,
        effective_on=res.effective_on or timezone.localdate(),
    )
    event(
        actor=actor,
        verb=ConsortiumEvent.AGREEMENT_AMENDED,
        target=consortium,
        data={"version": version.number, "resolution": res.pk, "changed": changed},
    )
    return version
