"""Helpers shared by the page modules: need-to-know checks and the access log of a case display."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kooperacja.core.audit import log_access

from .. import selectors
from ..enums import CasePart
from ..models import Case

PAGE_SIZE = 25
# The label of the written text a referral transition needs (a refusal gives its reason, the end its outcome).
REASON_LABELS = {"decline": gettext_lazy("Powód odmowy")}


def _need(request: HttpRequest, perm: str, obj: Any = None) -> None:
    """403 for team members lacking this right; 404 for everyone outside the cooperation model."""
    if not request.user.has_perm(perm, obj):
        if not selectors.member_team_ids(request.user):
            raise Http404
        raise PermissionDenied


def _show_case(
    request: HttpRequest, case: Case, access: selectors.CaseAccess, *, part: str, persons: list | None = None
) -> None:
    """Write the access log for a display of `part` of the case (and of each person shown)."""
    purpose = _("prowadzenie sprawy") if access.is_owner else _("realizacja skierowania / zgody rodziny")
    log_access(user=request.user, targets=case, purpose=purpose, part=part, request=request)
    if persons:
        log_access(
            user=request.user,
            targets=[cp.person for cp in persons],
            purpose=purpose,
            part=f"{case.number}: {CasePart.PERSONS.value}",
            request=request,
        )


def _case(request: HttpRequest, pk: int, *, manage: bool = False) -> tuple[Case, selectors.CaseAccess]:
    case = selectors.case_for(request.user, pk)
    access = selectors.case_access(request.user, case)
    if manage:
        _need(request, "cooperation.manage_case", case)
    return case, access
