"""The office's support for members and incubation of would-be members."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.actors import Actor, require
from kooperacja.organisations.models import Organisation

if TYPE_CHECKING:
    from kooperacja.accounts.models import User

from .. import workflows
from ..access import person_of
from ..enums import (
    SupportStatus,
)
from ..events import SupportEvent, event
from ..models import (
    Consortium,
    IncubationItem,
    IncubationPath,
    SupportEntry,
    SupportRequest,
)

# ------------------------------------------------------------------ support and incubation


def support_request_file(
    *, actor: User, consortium: Consortium, organisation: Organisation, data: dict[str, Any]
) -> SupportRequest:
    require(actor, "consortia.file_support_request")
    from kooperacja.accounts import roles

    from ..access import REP_ROLES

    if organisation.pk not in roles.organisation_ids(actor, *REP_ROLES):
        raise PermissionDenied
    with transaction.atomic():
        req = SupportRequest(consortium=consortium, organisation=organisation, requested_by=person_of(actor), **data)
        req.full_clean()
        req.save()
        event(actor=actor, verb=SupportEvent.FILED, target=req, data={"category": req.category})
    return req


_OFFICE_SUPPORT = ("take", "wait", "resolve", "cancel", "reopen")


def support_request_handle(
    *,
    actor: Actor,
    request: SupportRequest,
    status: str,
    assignee: User | None = None,
    minutes: int = 0,
    note: str = "",
    outcome: str = "",
) -> SupportRequest:
    """The office takes a request: assign, log time spent, change status, record the outcome."""
    require(actor, "consortia.handle_support_request", request)
    with transaction.atomic():
        req = SupportRequest.objects.select_for_update().get(pk=request.pk)
        if status != req.status:
            name = workflows.transition_to(workflows.SUPPORT, req.status, status, names=_OFFICE_SUPPORT)
        if status == SupportStatus.RESOLVED and not (outcome or req.outcome).strip():
            raise ValidationError(_("Opisz rezultat wsparcia przed zamknięciem zgłoszenia."))
        if status != req.status:
            workflows.SUPPORT.apply(req, name, actor=actor)
        if assignee is not None:
            req.assignee = assignee
        if outcome:
            req.outcome = outcome
        req.minutes_spent += max(minutes, 0)
        req.resolved_at = timezone.now() if status == SupportStatus.RESOLVED else None
        req.save()
        if note or minutes:
            SupportEntry.objects.create(
                request=req, author=person_of(actor), note=note or _("Czas pracy"), minutes=max(minutes, 0)
            )
        event(actor=actor, verb=SupportEvent.UPDATED, target=req, data={"status": status, "minutes": minutes})
    return req


def support_request_comment(*, actor: Actor, request: SupportRequest, note: str) -> SupportEntry:
    require(actor, "consortia.comment_support_request", request)
    if not note.strip():
        raise ValidationError(_("Wpis nie może być pusty."))
    with transaction.atomic():
        entry = SupportEntry.objects.create(request=request, author=person_of(actor), note=note)
        if request.status == SupportStatus.WAITING and not actor.has_perm("consortia.handle_support_request", request):
            req = SupportRequest.objects.select_for_update().get(pk=request.pk)
            if workflows.SUPPORT.can(req, "answer"):
                workflows.SUPPORT.apply(req, "answer", actor=actor)
                req.save(update_fields=["status", "updated_at"])
        event(actor=actor, verb=SupportEvent.COMMENTED, target=request)
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
    actor: Actor,
    consortium: Consortium,
    organisation: Organisation,
    mentor: User | None,
    goal: str,
    started_on: dt.date,
    checklist: Iterable[tuple[str, str, dt.date | None]] = (),
) -> IncubationPath:
    """Start an incubation path (stages with a checklist); the organisation need not be verified yet."""
    require(actor, "consortia.manage_incubation", consortium)
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
        event(actor=actor, verb=SupportEvent.INCUBATION_STARTED, target=path, data={"organisation": organisation.pk})
    return path


def incubation_item_set(*, actor: Actor, item: IncubationItem, done: bool, on: dt.date | None = None) -> IncubationItem:
    require(actor, "consortia.manage_incubation", item.path)
    with transaction.atomic():
        item.done_on = (on or timezone.localdate()) if done else None
        item.save(update_fields=["done_on"])
        event(actor=actor, verb=SupportEvent.INCUBATION_ITEM, target=item.path, data={"item": item.pk, "done": done})
    return item


def incubation_set_stage(*, actor: Actor, path: IncubationPath, stage: str) -> IncubationPath:
    require(actor, "consortia.manage_incubation", path)
    with transaction.atomic():
        path = IncubationPath.objects.select_for_update().get(pk=path.pk)
        path.stage = stage
        path.full_clean()
        path.save(update_fields=["stage", "updated_at"])
        event(actor=actor, verb=SupportEvent.INCUBATION_STAGE, target=path, data={"stage": stage})
    return path
