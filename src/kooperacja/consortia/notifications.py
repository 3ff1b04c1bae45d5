"""Which consortium events reach whose inbox (core.notifications): votes to cast, their results, support requests.

A vote opened reaches the representatives of every member entitled to vote (the member's named representatives,
or else its active PES staff and coordinators, as `access.access_of` counts them); its result reaches the same
people; a new support request reaches the consortium's office.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_noop

from kooperacja.accounts.enums import MembershipStatus, Role
from kooperacja.core.notifications import Notice, on

from .enums import BodyKind, ResolutionStatus
from .events import ResolutionEvent, SupportEvent
from .models import ConsortiumMember, Resolution, SupportRequest

REP_ROLES = (Role.PES_STAFF, Role.CONSORTIUM_COORDINATOR)


def _voters(resolution: Resolution) -> list[Any]:
    """Named representatives of the entitled members; for a member without named ones, its active staff (2 queries)."""
    members = ConsortiumMember.objects.filter(pk__in=resolution.eligible_member_ids).prefetch_related("representatives")
    users: dict[int, Any] = {}
    without_named: list[int] = []
    for member in members:
        named = list(member.representatives.all())
        if named:
            users.update({u.pk: u for u in named})
        else:
            without_named.append(member.organisation_id)
    if without_named:
        staff = get_user_model().objects.filter(
            memberships__organisation_id__in=without_named,
            memberships__status=MembershipStatus.ACTIVE,
            memberships__role__in=REP_ROLES,
            is_active=True,
        )
        users.update({u.pk: u for u in staff})
    return list(users.values())


def _office(consortium_id: int, lead_id: int) -> Any:
    return (
        get_user_model()
        .objects.filter(
            Q(
                memberships__organisation_id=lead_id,
                memberships__status=MembershipStatus.ACTIVE,
                memberships__role=Role.CONSORTIUM_COORDINATOR,
            )
            | Q(
                consortium_seats__body__consortium_id=consortium_id,
                consortium_seats__body__kind=BodyKind.OFFICE,
                consortium_seats__until__isnull=True,
            ),
            is_active=True,
        )
        .distinct()
    )


@on(ResolutionEvent.VOTE_OPENED)
def vote_opened(resolution: Resolution, data: dict[str, Any]) -> Iterable[Notice]:
    params = {"number": resolution.number, "title": resolution.title[:120]}
    message = gettext_noop("Otwarto głosowanie nad uchwałą %(number)s „%(title)s”")
    if resolution.voting_closes_on:
        params["until"] = f"{resolution.voting_closes_on:%d.%m.%Y}"
        message = gettext_noop("Otwarto głosowanie nad uchwałą %(number)s „%(title)s”: głosuj do %(until)s")
    yield Notice(
        recipients=_voters(resolution),
        message=message,
        params=params,
        url=reverse("consortia:resolution", args=[resolution.pk]),
    )


@on(ResolutionEvent.ADOPTED, ResolutionEvent.REJECTED)
def vote_decided(resolution: Resolution, data: dict[str, Any]) -> Iterable[Notice]:
    adopted = resolution.status == ResolutionStatus.ADOPTED
    yield Notice(
        recipients=_voters(resolution),
        message=gettext_noop("Podjęto uchwałę %(number)s")
        if adopted
        else gettext_noop("Uchwała %(number)s nie została podjęta"),
        params={"number": resolution.number},
        url=reverse("consortia:resolution", args=[resolution.pk]),
    )


@on(SupportEvent.FILED)
def support_filed(request: SupportRequest, data: dict[str, Any]) -> Iterable[Notice]:
    yield Notice(
        recipients=_office(request.consortium_id, request.consortium.lead_id),
        message=gettext_noop("Nowe zgłoszenie wsparcia w konsorcjum"),
        url=reverse("consortia:support", args=[request.pk]),
    )
