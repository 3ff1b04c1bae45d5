"""Resolutions and the online vote: drafting, opening, casting, closing and carrying out."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.actors import Actor, require
from kooperacja.organisations.models import Organisation

if TYPE_CHECKING:
    from kooperacja.accounts.models import User

from .. import workflows
from ..access import access_of, person_of
from ..enums import (
    MEMBERSHIP_KINDS,
    QUALIFIED_KINDS,
    BodyKind,
    MembershipChangeKind,
    MemberStatus,
    ResolutionKind,
    ResolutionStatus,
    VoteChoice,
)
from ..events import ResolutionEvent, event
from ..models import (
    AgreementAmendment,
    AllocationPlan,
    Body,
    BodySeat,
    Consortium,
    ConsortiumMember,
    Meeting,
    MembershipChange,
    Resolution,
    Vote,
)
from ..voting import Tally

# ------------------------------------------------------------------ resolutions and votes


def next_resolution_number(consortium: Consortium, year: int) -> str:
    count = Resolution.objects.filter(consortium=consortium, number__endswith=f"/{year}").count()
    number = f"{count + 1}/{year}"
    while Resolution.objects.filter(consortium=consortium, number=number).exists():
        count += 1
        number = f"{count + 1}/{year}"
    return number


def _check_membership_target(consortium: Consortium, kind: str, org: Organisation | None) -> None:
    if kind not in MEMBERSHIP_KINDS:
        return
    if org is None:
        raise ValidationError(_("Wskaż organizację, której dotyczy uchwała."))
    member = ConsortiumMember.objects.filter(consortium=consortium, organisation=org).first()
    status = member.status if member else None
    if kind == ResolutionKind.ADMIT_MEMBER:
        if not org.is_verified:
            raise ValidationError(_("Przyjąć można tylko zweryfikowaną organizację."))
        if status in (MemberStatus.ACTIVE, MemberStatus.SUSPENDED):
            raise ValidationError(_("Ta organizacja jest już członkiem konsorcjum."))
    elif kind == ResolutionKind.REINSTATE_MEMBER:
        if status != MemberStatus.SUSPENDED:
            raise ValidationError(_("Przywrócić można tylko zawieszonego członka."))
    elif kind == ResolutionKind.SUSPEND_MEMBER:
        if status != MemberStatus.ACTIVE:
            raise ValidationError(_("Zawiesić można tylko aktywnego członka."))
    elif status not in (MemberStatus.ACTIVE, MemberStatus.SUSPENDED):
        raise ValidationError(_("Ta organizacja nie jest członkiem konsorcjum."))
    if kind in (ResolutionKind.EXCLUDE_MEMBER, ResolutionKind.MEMBER_EXIT) and org.pk == consortium.lead_id:
        raise ValidationError(_("Lider nie może wystąpić ani zostać wykluczony bez zmiany umowy konsorcjum."))


def resolution_draft(
    *,
    actor: Actor,
    consortium: Consortium,
    body: Body,
    title: str,
    text: str,
    kind: str = ResolutionKind.GENERAL,
    target_organisation: Organisation | None = None,
    target_plan: AllocationPlan | None = None,
    meeting: Meeting | None = None,
    number: str = "",
    amendment: dict[str, str] | None = None,
) -> Resolution:
    require(actor, "consortia.manage_consortium", consortium)
    if body.consortium_id != consortium.pk or body.kind == BodyKind.OFFICE:
        raise ValidationError(_("Uchwały podejmuje zgromadzenie członków albo zarząd tego konsorcjum."))
    if meeting is not None and meeting.consortium_id != consortium.pk:
        raise ValidationError(_("Posiedzenie należy do innego konsorcjum."))
    _check_membership_target(consortium, kind, target_organisation)
    if kind == ResolutionKind.APPROVE_SPLIT and (target_plan is None or target_plan.consortium_id != consortium.pk):
        raise ValidationError(_("Wskaż wersję podziału tego konsorcjum."))
    if (kind == ResolutionKind.AMEND_AGREEMENT) != bool(amendment):
        # the changes are proposed on the agreement's page (services.agreement.amendment_draft), never empty
        raise ValidationError(_("Zmianę umowy przygotowuje się na stronie umowy konsorcjum („Projekt zmiany umowy”)."))
    if kind == ResolutionKind.AMEND_AGREEMENT and body.kind != BodyKind.GENERAL_MEETING:
        raise ValidationError(_("Umowę konsorcjum zmienia zgromadzenie członków."))
    with transaction.atomic():
        res = Resolution(
            consortium=consortium,
            body=body,
            meeting=meeting,
            number=number or next_resolution_number(consortium, timezone.localdate().year),
            title=title,
            text=text,
            kind=kind,
            target_organisation=target_organisation if kind in MEMBERSHIP_KINDS else None,
            created_by=person_of(actor),
        )
        if kind == ResolutionKind.APPROVE_SPLIT:
            res.target_plan = target_plan
        res.full_clean()
        res.save()
        if amendment:
            AgreementAmendment.objects.create(resolution=res, changes=amendment)
        event(actor=actor, verb=ResolutionEvent.DRAFTED, target=res, data={"kind": kind})
    return res


def eligible_members(resolution: Resolution) -> list[ConsortiumMember]:
    """Who votes: for the general meeting every active member; for the board the active members holding a seat."""
    qs = ConsortiumMember.objects.filter(consortium_id=resolution.consortium_id, status=MemberStatus.ACTIVE)
    if resolution.body.kind == BodyKind.BOARD:
        qs = qs.filter(seats__body=resolution.body, seats__until__isnull=True)
    return list(qs.distinct().order_by("pk"))


def resolution_open_vote(*, actor: Actor, resolution: Resolution, closes_on: dt.date | None = None) -> Resolution:
    """Open the online vote; quorum, majority and the list of eligible members are frozen now."""
    with transaction.atomic():
        res = Resolution.objects.select_for_update().select_related("consortium", "body").get(pk=resolution.pk)
        require(actor, "consortia.open_vote", res)
        workflows.RESOLUTION.transition(res.status, "open_vote")
        if closes_on is not None and closes_on < timezone.localdate():
            # a deadline in the past would let the clock close the vote before anyone could vote (consortia.tasks)
            raise ValidationError({"closes_on": _("Termin głosowania nie może być wcześniejszy niż dziś.")})
        _check_membership_target(res.consortium, res.kind, res.target_organisation)
        eligible = eligible_members(res)
        if not eligible:
            raise ValidationError(_("Nikt nie jest uprawniony do głosowania nad tą uchwałą."))
        if res.kind == ResolutionKind.APPROVE_SPLIT:
            from .split import plan_propose_for_vote

            assert res.target_plan is not None  # resolution_split_has_plan
            plan_propose_for_vote(plan=res.target_plan)
        agreement = res.consortium
        res.quorum_percent = agreement.quorum_percent
        res.majority = agreement.membership_majority if res.kind in QUALIFIED_KINDS else agreement.ordinary_majority
        res.eligible_member_ids = [m.pk for m in eligible]
        res.eligible_count = len(eligible)
        res.voting_opened_at = timezone.now()
        res.voting_closes_on = closes_on
        workflows.RESOLUTION.apply(res, "open_vote", actor=actor)
        res.save()
        event(
            actor=actor,
            verb=ResolutionEvent.VOTE_OPENED,
            target=res,
            data={"eligible": res.eligible_member_ids, "quorum": res.quorum_percent, "majority": res.majority},
        )
    return res


def vote_cast(*, actor: User, resolution: Resolution, member: ConsortiumMember, choice: str) -> Vote:
    """One vote per member: the database constraint and a row lock on the resolution guarantee it."""
    if choice not in VoteChoice.values:
        raise ValidationError(_("Nieznany wybór."))
    acc = access_of(actor)
    ref = next((m for m in acc.members if m.member_id == member.pk), None)
    if ref is None or not ref.can_vote:
        raise PermissionDenied
    try:
        with transaction.atomic():
            res = Resolution.objects.select_for_update().get(pk=resolution.pk)
            if res.status != ResolutionStatus.VOTING:
                raise ValidationError(_("Głosowanie nad tą uchwałą nie trwa."))
            if res.voting_closes_on and timezone.localdate() > res.voting_closes_on:
                raise ValidationError(_("Termin głosowania minął."))
            if member.pk not in (res.eligible_member_ids or []):
                raise ValidationError(_("Ten członek nie jest uprawniony do głosowania nad tą uchwałą."))
            if Vote.objects.filter(resolution=res, member=member).exists():
                raise ValidationError(_("W imieniu tego członka oddano już głos."))
            vote = Vote.objects.create(resolution=res, member=member, choice=choice, cast_by=actor)
            event(actor=actor, verb=ResolutionEvent.VOTE_CAST, target=res, data={"member": member.pk, "choice": choice})
    except IntegrityError as exc:
        raise ValidationError(_("W imieniu tego członka oddano już głos.")) from exc
    return vote


def tally_of(res: Resolution) -> Tally:
    counts = {c: 0 for c in VoteChoice.values}
    for choice in res.votes.values_list("choice", flat=True):
        counts[choice] += 1
    return Tally(
        eligible=res.eligible_count,
        votes_for=counts[VoteChoice.FOR],
        votes_against=counts[VoteChoice.AGAINST],
        votes_abstain=counts[VoteChoice.ABSTAIN],
        quorum_percent=res.quorum_percent or 0,
        majority=res.majority,
    )


def resolution_close(*, actor: Actor, resolution: Resolution) -> Resolution:
    """Close the vote, compute the result and, only when adopted, carry out what the resolution decides."""
    with transaction.atomic():
        res = Resolution.objects.select_for_update().select_related("consortium", "body").get(pk=resolution.pk)
        require(actor, "consortia.close_vote", res)
        tally = tally_of(res)
        workflows.RESOLUTION.apply(res, "adopt" if tally.adopted else "reject", actor=actor)
        res.votes_for, res.votes_against, res.votes_abstain = tally.votes_for, tally.votes_against, tally.votes_abstain
        res.quorum_met = tally.quorum_met
        res.decided_at = timezone.now()
        res.effective_on = timezone.localdate() if tally.adopted else None
        res.save()
        if tally.adopted:
            _carry_out(actor, res)
        elif res.kind == ResolutionKind.APPROVE_SPLIT:
            from .split import plan_reject

            assert res.target_plan is not None  # resolution_split_has_plan
            plan_reject(plan=res.target_plan)
        event(
            actor=actor,
            verb=ResolutionEvent.ADOPTED if tally.adopted else ResolutionEvent.REJECTED,
            target=res,
            data={
                "for": tally.votes_for,
                "against": tally.votes_against,
                "abstain": tally.votes_abstain,
                "eligible": tally.eligible,
                "quorum_met": tally.quorum_met,
            },
        )
    return res


_MEMBER_EFFECT: dict[str, tuple[str, str]] = {
    ResolutionKind.SUSPEND_MEMBER: (MemberStatus.SUSPENDED, MembershipChangeKind.SUSPENDED),
    ResolutionKind.REINSTATE_MEMBER: (MemberStatus.ACTIVE, MembershipChangeKind.REINSTATED),
    ResolutionKind.MEMBER_EXIT: (MemberStatus.LEFT, MembershipChangeKind.LEFT),
    ResolutionKind.EXCLUDE_MEMBER: (MemberStatus.EXCLUDED, MembershipChangeKind.EXCLUDED),
}


def _carry_out(actor: Actor, res: Resolution) -> None:
    """What an adopted resolution decides (called only from resolution_close, inside its transaction)."""
    day = res.effective_on or timezone.localdate()
    if res.kind == ResolutionKind.ADMIT_MEMBER:
        org = res.target_organisation
        assert org is not None
        _check_membership_target(res.consortium, res.kind, org)
        member, created = ConsortiumMember.objects.select_for_update().get_or_create(
            consortium=res.consortium, organisation=org, defaults={"joined_on": day}
        )
        if not created:
            member.status, member.joined_on, member.left_on = MemberStatus.ACTIVE, day, None
            member.save(update_fields=["status", "joined_on", "left_on", "updated_at"])
        MembershipChange.objects.create(
            member=member, kind=MembershipChangeKind.ADMITTED, effective_on=day, resolution=res
        )
    elif res.kind in _MEMBER_EFFECT:
        status, change = _MEMBER_EFFECT[res.kind]
        member = ConsortiumMember.objects.select_for_update().get(
            consortium=res.consortium, organisation=res.target_organisation
        )
        _check_membership_target(res.consortium, res.kind, res.target_organisation)
        member.status = status
        member.left_on = day if status in (MemberStatus.LEFT, MemberStatus.EXCLUDED) else None
        member.save(update_fields=["status", "left_on", "updated_at"])
        if status in (MemberStatus.LEFT, MemberStatus.EXCLUDED):
            BodySeat.objects.filter(member=member, until__isnull=True).update(until=day)
        MembershipChange.objects.create(member=member, kind=change, effective_on=day, resolution=res)
    elif res.kind == ResolutionKind.AMEND_AGREEMENT:
        from .agreement import amendment_carry_out

        amendment_carry_out(actor, res)
    elif res.kind == ResolutionKind.APPROVE_SPLIT:
        from .split import plan_approve

        assert res.target_plan is not None  # resolution_split_has_plan
        plan_approve(plan=res.target_plan, resolution=res)


def resolution_withdraw(*, actor: Actor, resolution: Resolution) -> Resolution:
    with transaction.atomic():
        res = Resolution.objects.select_for_update().get(pk=resolution.pk)
        require(actor, "consortia.edit_resolution", res)
        workflows.RESOLUTION.apply(res, "withdraw", actor=actor)
        res.save(update_fields=["status", "updated_at"])
        event(actor=actor, verb=ResolutionEvent.WITHDRAWN, target=res)
    return res
