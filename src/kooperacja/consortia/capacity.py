"""Reading the register of members' capacity (consortia.models.MemberCapacity): the rows of a consortium with
filters, totals per sector, who may change a member's rows, and the gminas offered in the form."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet, Sum

from .access import access_of
from .enums import MemberStatus


def register(consortium: Any, *, sector: str = "", territory_id: int | None = None) -> QuerySet[Any]:
    """The rows of the current (active or suspended) members, filtered by sector and gmina when given."""
    from .models import MemberCapacity

    qs = MemberCapacity.objects.filter(
        member__consortium=consortium, member__status__in=[MemberStatus.ACTIVE, MemberStatus.SUSPENDED]
    ).select_related("member__organisation", "territory")
    if sector:
        qs = qs.filter(sector=sector)
    if territory_id:
        qs = qs.filter(territory_id=territory_id)
    return qs.order_by("sector", "member__organisation__name", "pk")


def totals(rows: QuerySet[Any]) -> list[dict[str, Any]]:
    """Per sector: the number of members offering it and the people they can serve together (one query)."""
    from kooperacja.commissioning.enums import LotSector

    labels = dict(LotSector.choices)
    out = (
        rows.order_by()
        .values("sector")
        .annotate(members=Count("member", distinct=True), people=Sum("people"))
        .order_by("sector")
    )
    return [{"sector": labels.get(r["sector"], r["sector"]), **{k: r[k] for k in ("members", "people")}} for r in out]


def may_edit(user: Any, member: Any) -> bool:
    """The consortium's office, or the people of that member (its representatives, PES staff, coordinators)."""
    if member is None:
        return False
    acc = access_of(user)
    if member.consortium_id in acc.office:
        return True
    return any(m.member_id == member.pk for m in acc.members)


def editable_members(user: Any, consortium: Any) -> QuerySet[Any]:
    from .models import ConsortiumMember

    qs = ConsortiumMember.objects.filter(
        consortium=consortium, status__in=[MemberStatus.ACTIVE, MemberStatus.SUSPENDED]
    ).select_related("organisation")
    acc = access_of(user)
    if consortium.pk not in acc.office:
        qs = qs.filter(pk__in=[m.member_id for m in acc.members_in(consortium.pk)])
    return qs.order_by("organisation__name")


def gminas(consortium: Any) -> QuerySet[Any]:
    """The gminas of the lead's voivodeship (TERC code prefix): where a member of this consortium may work."""
    from kooperacja.core.enums import TerritoryKind
    from kooperacja.core.models import Territory

    code = getattr(getattr(consortium.lead, "territory", None), "code", "") or ""
    qs = Territory.objects.filter(kind=TerritoryKind.GMINA)
    if len(code) >= 2:
        qs = qs.filter(code__startswith=code[:2])
    return qs.order_by("name", "code")
