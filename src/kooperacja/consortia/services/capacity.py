"""The register of members' capacity for new calls: a member's people (or the office) add, change and remove rows."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kooperacja.core.actors import Actor, is_system, require

from ..access import person_of
from ..capacity import gminas, may_edit
from ..enums import MemberStatus
from ..events import ConsortiumEvent, event
from ..models import ConsortiumMember, MemberCapacity

CAPACITY_FIELDS = ("sector", "service", "territory", "people", "available_from", "notes")


def _check_editor(actor: Actor, member: ConsortiumMember) -> None:
    require(actor, "consortia.view_internal", member.consortium, hide=True)
    if not is_system(actor) and not may_edit(actor, member):
        raise PermissionDenied(_("Potencjał członka wpisują jego przedstawiciele albo biuro konsorcjum."))


def capacity_save(
    *, actor: Actor, member: ConsortiumMember, data: dict[str, Any], capacity: MemberCapacity | None = None
) -> MemberCapacity:
    """Add a row for `member` (or change `capacity`, which must be that member's)."""
    unknown = set(data) - set(CAPACITY_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    _check_editor(actor, member)
    if member.status not in (MemberStatus.ACTIVE, MemberStatus.SUSPENDED):
        raise ValidationError(_("Potencjał wpisuje się tylko dla bieżącego członka konsorcjum."))
    if capacity is not None and capacity.member_id != member.pk:
        raise ValidationError(_("Ten wpis należy do innego członka."))
    territory = data.get("territory")
    if territory is not None and not gminas(member.consortium).filter(pk=territory.pk).exists():
        raise ValidationError({"territory": _("Wybierz gminę z województwa, w którym działa konsorcjum.")})
    with transaction.atomic():
        row = capacity or MemberCapacity(member=member)
        for name in CAPACITY_FIELDS:
            if name in data:
                setattr(row, name, data[name].strip() if isinstance(data[name], str) else data[name])
        row.updated_by = person_of(actor)
        row.full_clean(exclude=["member", "updated_by"])
        row.save()
        event(
            actor=actor,
            verb=ConsortiumEvent.CAPACITY_SAVED,
            target=member.consortium,
            data={"member": member.pk, "capacity": row.pk, "sector": row.sector, "people": row.people},
        )
    return row


def capacity_remove(*, actor: Actor, capacity: MemberCapacity) -> None:
    member = capacity.member
    _check_editor(actor, member)
    with transaction.atomic():
        pk = capacity.pk
        capacity.delete()
        event(
            actor=actor,
            verb=ConsortiumEvent.CAPACITY_REMOVED,
            target=member.consortium,
            data={"member": member.pk, "capacity": pk},
        )
