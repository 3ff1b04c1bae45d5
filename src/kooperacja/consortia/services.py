"""Every write of the consortium app: founding, governance (resolutions and votes), documents, support."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.audit import record_event
from kooperacja.organisations.models import Organisation

from . import workflows
from .access import access_of, forget
from .documents import AGREEMENT_EXTENSIONS, check_upload
from .enums import (
    MEMBERSHIP_KINDS,
    BodyKind,
    MeetingStatus,
    MembershipChangeKind,
    MemberStatus,
    ResolutionKind,
    ResolutionStatus,
    SupportStatus,
    VoteChoice,
)
from .models import (
    Body,
    BodySeat,
    Consortium,
    ConsortiumDocument,
    ConsortiumMember,
    IncubationItem,
    IncubationPath,
    Meeting,
    MembershipChange,
    Resolution,
    SupportEntry,
    SupportRequest,
    Vote,
)
from .voting import Tally

AGREEMENT_FIELDS = (
    "name",
    "short_name",
    "purpose",
    "start_date",
    "agreement_signed_on",
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

BODY_NAMES = {
    BodyKind.GENERAL_MEETING: _("Zgromadzenie Członków"),
    BodyKind.BOARD: _("Zarząd"),
    BodyKind.OFFICE: _("Biuro Konsorcjum"),
}


def _require(actor: Any, perm: str, obj: Any = None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


# ------------------------------------------------------------------ founding


def consortium_found(
    *,
    actor: Any,
    lead: Organisation,
    members: Iterable[Organisation],
    terms: dict[str, Any],
    agreement_file: Any = None,
) -> Consortium:
    """Found a consortium: agreement terms, the lead and founding members (all verified), the three bodies."""
    _require(actor, "consortia.found_consortium")
    from kooperacja.accounts import roles
    from kooperacja.accounts.enums import Role

    if not roles.is_platform_admin(actor) and lead.pk not in roles.organisation_ids(
        actor, Role.CONSORTIUM_COORDINATOR, verified_only=True
    ):
        raise PermissionDenied
    founders = {lead.pk: lead} | {o.pk: o for o in members}
    unverified = [str(o) for o in founders.values() if not o.is_verified]
    if unverified:
        raise ValidationError(
            _("Członkami mogą być tylko zweryfikowane organizacje: %(names)s.") % {"names": ", ".join(unverified)}
        )
    if len(founders) < 2:
        raise ValidationError(_("Konsorcjum tworzą co najmniej dwie organizacje."))
    content_type = ""
    if agreement_file is not None:
        content_type = check_upload(agreement_file, extensions=AGREEMENT_EXTENSIONS)
    with transaction.atomic():
        consortium = Consortium(lead=lead, created_by=actor, **{k: terms[k] for k in AGREEMENT_FIELDS if k in terms})
        consortium.full_clean(exclude=["agreement_file"])
        consortium.save()
        if agreement_file is not None:
            consortium.agreement_file.save(agreement_file.name, agreement_file, save=True)
            ConsortiumDocument.objects.create(
                consortium=consortium,
                title=_("Umowa konsorcjum (podpisany egzemplarz)"),
                kind="agreement",
                file=consortium.agreement_file.name,
                content_type=content_type,
                size=agreement_file.size,
                uploaded_by=actor,
            )
        for org in sorted(founders.values(), key=lambda o: o.name):
            member = ConsortiumMember.objects.create(
                consortium=consortium, organisation=org, joined_on=consortium.start_date, is_founding=True
            )
            MembershipChange.objects.create(
                member=member, kind=MembershipChangeKind.FOUNDING, effective_on=consortium.start_date
            )
        for kind, name in BODY_NAMES.items():
            Body.objects.create(consortium=consortium, kind=kind, name=str(name))
        record_event(
            actor=actor,
            verb="consortium.founded",
            target=consortium,
            data={"lead": lead.pk, "members": sorted(founders)},
        )
    forget(actor)
    return consortium


def member_set_representatives(*, actor: Any, member: ConsortiumMember, users: Iterable[Any]) -> ConsortiumMember:
    """The office records who may vote for a member (people of that organisation only)."""
    _require(actor, "consortia.manage_consortium", member.consortium)
    from kooperacja.accounts import roles

    users = list(users)
    for u in users:
        if member.organisation_id not in roles.organisation_ids(u):
            raise ValidationError(_("%(u)s nie pracuje w organizacji członkowskiej.") % {"u": u})
    with transaction.atomic():
        member.representatives.set(users)
        record_event(
            actor=actor, verb="consortium.representatives_set", target=member, data={"users": [u.pk for u in users]}
        )
    return member


# ------------------------------------------------------------------ bodies and meetings


def body_seat_add(
    *, actor: Any, body: Body, person: Any, role: str, since: dt.date, member: ConsortiumMember | None = None
) -> BodySeat:
    _require(actor, "consortia.manage_consortium", body.consortium)
    if member is not None and member.consortium_id != body.consortium_id:
        raise ValidationError(_("Reprezentowany członek należy do innego konsorcjum."))
    if body.kind == BodyKind.BOARD and (member is None or member.status != MemberStatus.ACTIVE):
        raise ValidationError(_("Miejsce w zarządzie reprezentuje aktywnego członka konsorcjum."))
    with transaction.atomic():
        if BodySeat.objects.filter(body=body, person=person, until__isnull=True).exists():
            raise ValidationError(_("Ta osoba zasiada już w tym organie."))
        seat = BodySeat.objects.create(body=body, person=person, role=role, since=since, member=member)
        record_event(actor=actor, verb="consortium.seat_added", target=body, data={"person": person.pk, "role": role})
    forget(person)
    return seat


def body_seat_end(*, actor: Any, seat: BodySeat, until: dt.date) -> BodySeat:
    _require(actor, "consortia.manage_consortium", seat.body.consortium)
    with transaction.atomic():
        seat = BodySeat.objects.select_for_update().get(pk=seat.pk)
        seat.until = until
        seat.save(update_fields=["until", "updated_at"])
        record_event(actor=actor, verb="consortium.seat_ended", target=seat.body, data={"person": seat.person_id})
    return seat


def meeting_schedule(*, actor: Any, body: Body, data: dict[str, Any]) -> Meeting:
    _require(actor, "consortia.manage_consortium", body.consortium)
    with transaction.atomic():
        meeting = Meeting(consortium=body.consortium, body=body, **data)
        meeting.full_clean()
        meeting.save()
        record_event(actor=actor, verb="consortium.meeting_scheduled", target=meeting)
    return meeting


def meeting_record(*, actor: Any, meeting: Meeting, minutes: str, present: Iterable[ConsortiumMember]) -> Meeting:
    """Record attendance and minutes of a meeting that took place."""
    _require(actor, "consortia.manage_consortium", meeting.consortium)
    present = list(present)
    if any(m.consortium_id != meeting.consortium_id for m in present):
        raise ValidationError(_("Obecni mogą być tylko członkowie tego konsorcjum."))
    if not minutes.strip():
        raise ValidationError(_("Protokół nie może być pusty."))
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status == MeetingStatus.CANCELLED:
            raise ValidationError(_("Posiedzenie zostało odwołane."))
        meeting.minutes = minutes
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["minutes", "status", "updated_at"])
        meeting.present_members.set(present)
        record_event(
            actor=actor, verb="consortium.minutes_recorded", target=meeting, data={"present": [m.pk for m in present]}
        )
    return meeting


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
    actor: Any,
    consortium: Consortium,
    body: Body,
    title: str,
    text: str,
    kind: str = ResolutionKind.GENERAL,
    target_organisation: Organisation | None = None,
    target_plan: Any = None,
    meeting: Meeting | None = None,
    number: str = "",
) -> Resolution:
    _require(actor, "consortia.manage_consortium", consortium)
    if body.consortium_id != consortium.pk or body.kind == BodyKind.OFFICE:
        raise ValidationError(_("Uchwały podejmuje zgromadzenie członków albo zarząd tego konsorcjum."))
    if meeting is not None and meeting.consortium_id != consortium.pk:
        raise ValidationError(_("Posiedzenie należy do innego konsorcjum."))
    _check_membership_target(consortium, kind, target_organisation)
    if kind == ResolutionKind.APPROVE_SPLIT and (target_plan is None or target_plan.consortium_id != consortium.pk):
        raise ValidationError(_("Wskaż wersję podziału tego konsorcjum."))
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
            created_by=actor,
        )
        if kind == ResolutionKind.APPROVE_SPLIT:
            res.target_plan = target_plan
        res.full_clean()
        res.save()
        record_event(actor=actor, verb="resolution.drafted", target=res, data={"kind": kind})
    return res


def eligible_members(resolution: Resolution) -> list[ConsortiumMember]:
    """Who votes: for the general meeting every active member; for the board the active members holding a seat."""
    qs = ConsortiumMember.objects.filter(consortium_id=resolution.consortium_id, status=MemberStatus.ACTIVE)
    if resolution.body.kind == BodyKind.BOARD:
        qs = qs.filter(seats__body=resolution.body, seats__until__isnull=True)
    return list(qs.distinct().order_by("pk"))


def resolution_open_vote(*, actor: Any, resolution: Resolution, closes_on: dt.date | None = None) -> Resolution:
    """Open the online vote; quorum, majority and the list of eligible members are frozen now."""
    with transaction.atomic():
        res = Resolution.objects.select_for_update().select_related("consortium", "body").get(pk=resolution.pk)
        _require(actor, "consortia.open_vote", res)
        workflows.check(workflows.RESOLUTION, res.status, ResolutionStatus.VOTING)
        _check_membership_target(res.consortium, res.kind, res.target_organisation)
        eligible = eligible_members(res)
        if not eligible:
            raise ValidationError(_("Nikt nie jest uprawniony do głosowania nad tą uchwałą."))
        if res.kind == ResolutionKind.APPROVE_SPLIT:
            from .split import plan_propose_for_vote

            plan_propose_for_vote(plan=res.target_plan)
        agreement = res.consortium
        res.quorum_percent = agreement.quorum_percent
        res.majority = agreement.membership_majority if res.kind in MEMBERSHIP_KINDS else agreement.ordinary_majority
        res.eligible_member_ids = [m.pk for m in eligible]
        res.eligible_count = len(eligible)
        res.voting_opened_at = timezone.now()
        res.voting_closes_on = closes_on
        res.status = ResolutionStatus.VOTING
        res.save()
        record_event(
            actor=actor,
            verb="resolution.vote_opened",
            target=res,
            data={"eligible": res.eligible_member_ids, "quorum": res.quorum_percent, "majority": res.majority},
        )
    return res


def vote_cast(*, actor: Any, resolution: Resolution, member: ConsortiumMember, choice: str) -> Vote:
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
            record_event(
                actor=actor, verb="resolution.vote_cast", target=res, data={"member": member.pk, "choice": choice}
            )
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


def resolution_close(*, actor: Any, resolution: Resolution) -> Resolution:
    """Close the vote, compute the result and, only when adopted, carry out what the resolution decides."""
    with transaction.atomic():
        res = Resolution.objects.select_for_update().select_related("consortium", "body").get(pk=resolution.pk)
        _require(actor, "consortia.close_vote", res)
        tally = tally_of(res)
        target = ResolutionStatus.ADOPTED if tally.adopted else ResolutionStatus.REJECTED
        workflows.check(workflows.RESOLUTION, res.status, target)
        res.votes_for, res.votes_against, res.votes_abstain = tally.votes_for, tally.votes_against, tally.votes_abstain
        res.quorum_met = tally.quorum_met
        res.status = target
        res.decided_at = timezone.now()
        res.effective_on = timezone.localdate() if tally.adopted else None
        res.save()
        if tally.adopted:
            _carry_out(actor, res)
        elif res.kind == ResolutionKind.APPROVE_SPLIT:
            from .split import plan_reject

            plan_reject(plan=res.target_plan)
        record_event(
            actor=actor,
            verb="resolution.adopted" if tally.adopted else "resolution.rejected",
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


def _carry_out(actor: Any, res: Resolution) -> None:
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
    elif res.kind == ResolutionKind.APPROVE_SPLIT:
        from .split import plan_approve

        plan_approve(plan=res.target_plan, resolution=res)


def resolution_withdraw(*, actor: Any, resolution: Resolution) -> Resolution:
    with transaction.atomic():
        res = Resolution.objects.select_for_update().get(pk=resolution.pk)
        _require(actor, "consortia.edit_resolution", res)
        workflows.check(workflows.RESOLUTION, res.status, ResolutionStatus.WITHDRAWN)
        res.status = ResolutionStatus.WITHDRAWN
        res.save(update_fields=["status", "updated_at"])
        record_event(actor=actor, verb="resolution.withdrawn", target=res)
    return res


# ------------------------------------------------------------------ documents


def document_upload(*, actor: Any, consortium: Consortium, title: str, kind: str, upload: Any) -> ConsortiumDocument:
    _require(actor, "consortia.view_internal", consortium)
    if not (actor.has_perm("consortia.manage_consortium", consortium) or access_of(actor).members_in(consortium.pk)):
        raise PermissionDenied
    content_type = check_upload(upload)
    with transaction.atomic():
        doc = ConsortiumDocument(
            consortium=consortium,
            title=title,
            kind=kind,
            content_type=content_type,
            size=upload.size,
            uploaded_by=actor,
        )
        doc.file.save(upload.name, upload, save=False)
        doc.save()
        record_event(actor=actor, verb="consortium.document_uploaded", target=consortium, data={"document": doc.pk})
    return doc


# ------------------------------------------------------------------ support and incubation


def support_request_file(
    *, actor: Any, consortium: Consortium, organisation: Organisation, data: dict[str, Any]
) -> SupportRequest:
    _require(actor, "consortia.file_support_request")
    from kooperacja.accounts import roles

    from .access import REP_ROLES

    if organisation.pk not in roles.organisation_ids(actor, *REP_ROLES):
        raise PermissionDenied
    with transaction.atomic():
        req = SupportRequest(consortium=consortium, organisation=organisation, requested_by=actor, **data)
        req.full_clean()
        req.save()
        record_event(actor=actor, verb="support.filed", target=req, data={"category": req.category})
    return req


def support_request_handle(
    *,
    actor: Any,
    request: SupportRequest,
    status: str,
    assignee: Any = None,
    minutes: int = 0,
    note: str = "",
    outcome: str = "",
) -> SupportRequest:
    """The office takes a request: assign, log time spent, change status, record the outcome."""
    _require(actor, "consortia.handle_support_request", request)
    with transaction.atomic():
        req = SupportRequest.objects.select_for_update().get(pk=request.pk)
        if status != req.status:
            workflows.check(workflows.SUPPORT, req.status, status)
        if status == SupportStatus.RESOLVED and not (outcome or req.outcome).strip():
            raise ValidationError(_("Opisz rezultat wsparcia przed zamknięciem zgłoszenia."))
        req.status = status
        if assignee is not None:
            req.assignee = assignee
        if outcome:
            req.outcome = outcome
        req.minutes_spent += max(minutes, 0)
        req.resolved_at = timezone.now() if status == SupportStatus.RESOLVED else None
        req.save()
        if note or minutes:
            SupportEntry.objects.create(
                request=req, author=actor, note=note or _("Czas pracy"), minutes=max(minutes, 0)
            )
        record_event(actor=actor, verb="support.updated", target=req, data={"status": status, "minutes": minutes})
    return req


def support_request_comment(*, actor: Any, request: SupportRequest, note: str) -> SupportEntry:
    _require(actor, "consortia.comment_support_request", request)
    if not note.strip():
        raise ValidationError(_("Wpis nie może być pusty."))
    with transaction.atomic():
        entry = SupportEntry.objects.create(request=request, author=actor, note=note)
        if request.status == SupportStatus.WAITING and not actor.has_perm("consortia.handle_support_request", request):
            SupportRequest.objects.filter(pk=request.pk).update(status=SupportStatus.IN_PROGRESS)
        record_event(actor=actor, verb="support.commented", target=request)
    return entry


def standard_checklist(start: dt.date) -> list[tuple[str, str, dt.date | None]]:
    """The office's standard incubation checklist (stages of the path), with due dates from the start."""
    days = dt.timedelta
    return [
        ("diagnosis", _("Warsztat diagnozy potrzeb i zasobów"), start + days(days=14)),
        ("diagnosis", _("Plan rozwoju organizacji"), start + days(days=30)),
        ("formalisation", _("Statut, rejestracja i konto bankowe"), start + days(days=90)),
        ("formalisation", _("Księgowość i polityka RODO"), start + days(days=120)),
        ("first_service", _("Pierwsza usługa lub mały grant (art. 19a)"), start + days(days=210)),
        (
            "membership_ready",
            _("Weryfikacja na platformie i wniosek o przyjęcie do konsorcjum"),
            start + days(days=365),
        ),
    ]


def incubation_start(
    *,
    actor: Any,
    consortium: Consortium,
    organisation: Organisation,
    mentor: Any,
    goal: str,
    started_on: dt.date,
    checklist: Iterable[tuple[str, str, dt.date | None]] = (),
) -> IncubationPath:
    """Start an incubation path (stages with a checklist); the organisation need not be verified yet."""
    _require(actor, "consortia.manage_incubation", consortium)
    with transaction.atomic():
        path = IncubationPath(
            consortium=consortium, organisation=organisation, mentor=mentor, goal=goal, started_on=started_on
        )
        path.full_clean()
        path.save()
        IncubationItem.objects.bulk_create(
            IncubationItem(path=path, stage=stage, title=title, due_on=due, position=i)
            for i, (stage, title, due) in enumerate(checklist)
        )
        record_event(actor=actor, verb="incubation.started", target=path, data={"organisation": organisation.pk})
    return path


def incubation_item_set(*, actor: Any, item: IncubationItem, done: bool, on: dt.date | None = None) -> IncubationItem:
    _require(actor, "consortia.manage_incubation", item.path)
    with transaction.atomic():
        item.done_on = (on or timezone.localdate()) if done else None
        item.save(update_fields=["done_on"])
        record_event(actor=actor, verb="incubation.item", target=item.path, data={"item": item.pk, "done": done})
    return item


def incubation_set_stage(*, actor: Any, path: IncubationPath, stage: str) -> IncubationPath:
    _require(actor, "consortia.manage_incubation", path)
    with transaction.atomic():
        path = IncubationPath.objects.select_for_update().get(pk=path.pk)
        path.stage = stage
        path.full_clean()
        path.save(update_fields=["stage", "updated_at"])
        record_event(actor=actor, verb="incubation.stage", target=path, data={"stage": stage})
    return path
