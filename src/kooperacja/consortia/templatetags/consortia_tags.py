from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from kooperacja.core.pdf import format_pln

register = template.Library()


@register.filter
def pln(value: Decimal | None) -> str:
    return format_pln(value)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.simple_tag
def meeting_attendance(meeting: Any) -> dict[str, Any]:
    """The meeting's attendance list (people and the members they represented) and its quorum (consortia.attendance)."""
    from kooperacja.consortia.attendance import quorum

    return {
        "rows": list(meeting.attendance.select_related("person", "member__organisation")),
        "quorum": quorum(meeting),
    }


@register.simple_tag
def amendment_changes(resolution: Any) -> list[tuple[str, str]]:
    """The terms an agreement-amending resolution proposes (label, value as shown); empty for other resolutions."""
    from kooperacja.consortia.models import AgreementAmendment
    from kooperacja.consortia.services.agreement import described

    amendment = AgreementAmendment.objects.filter(resolution=resolution).first()
    return described(amendment.changes) if amendment else []
