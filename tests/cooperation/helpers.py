"""Finding the cooperation demo objects (kooperacja.demo.scenarios.cooperation) in tests."""

from __future__ import annotations

from typing import Any

from kooperacja.demo.scenarios.foundation import NAREWKA


def team() -> Any:
    from kooperacja.cooperation.models import Team

    return Team.objects.get(gmina__code=NAREWKA)


def case(title: str) -> Any:
    from kooperacja.cooperation.models import Case

    return Case.objects.get(team=team(), title=title)


def referral(title: str, org_short: str) -> Any:
    from kooperacja.cooperation.models import Referral

    return Referral.objects.get(case=case(title), to_organisation__short_name=org_short)


def meeting(index: int = 0) -> Any:
    return team().meetings.order_by("starts_at")[index]


def open_task(owner: str = "razem_narewka") -> Any:
    """The open task of the demo owned by the institution `owner` (a foundation ORGANISATIONS key)."""
    from kooperacja.cooperation.models import MeetingItem
    from kooperacja.demo.scenarios.foundation import ORGANISATIONS

    name = next(row[1] for row in ORGANISATIONS if row[0] == owner)
    return MeetingItem.objects.get(
        meeting__team=team(), kind="task", done_on__isnull=True, owner__organisation__name=name
    )


def active_consent(title: str = "Rodzina J.") -> Any:
    return case(title).consents.filter(withdrawn_at__isnull=True).order_by("id").first()


def proposal() -> Any:
    from kooperacja.cooperation.models import PlanProposal

    return PlanProposal.objects.filter(team=team(), status="proposed").order_by("-id").first()
