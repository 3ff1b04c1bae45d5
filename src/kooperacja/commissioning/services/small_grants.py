"""Small grants (art. 19a OPP) and own-initiative requests (art. 12 OPP)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.actors import Actor, require
from kooperacja.organisations.enums import LegalForm
from kooperacja.organisations.models import Organisation

from .. import legal, selectors
from ..enums import (
    OPP_MODES,
    CallMode,
    CallState,
    OfferState,
    PartnerRole,
    TaskForm,
)
from ..events import CommissioningEvent as E
from ..events import event
from ..models import (
    Call,
    CallPriority,
    Offer,
    OfferPartner,
    ProgrammePriority,
    PublicComment,
)
from ..workflows import OFFER, call_workflow
from .calculations import (
    ZERO,
    ActionLine,
    BudgetLine,
    IndicatorLine,
    add_months,
    money,
    offer_limit_errors,
)
from .calls import _default_criteria
from .common import _lock, _public_actor
from .offers import OFFER_FIELDS, _write_lines


def _small_grant_cap_errors(offer: Offer, *, organisation: Organisation, authority: Organisation) -> list[str]:
    """The yearly caps of art. 19a OPP: per organisation, and the small grants' share of the authority's budget."""
    errors: list[str] = []
    year = offer.start_date.year if offer.start_date else timezone.localdate().year
    granted = (
        Offer.objects.filter(
            call__mode=CallMode.OPP_SMALL_GRANT,
            lead_organisation=organisation,
            state__in=[OfferState.ACCEPTED, OfferState.CONTRACT_SIGNED],
            start_date__year=year,
        ).aggregate(s=Sum("requested_amount"))["s"]
        or ZERO
    )
    if granted + offer.requested_amount > legal.SMALL_GRANT_ORG_YEAR_CAP.value:
        errors.append(
            _("%(text)s (%(basis)s): przyznano już %(g)s zł w %(y)s r.")
            % {
                "text": legal.SMALL_GRANT_ORG_YEAR_CAP.text,
                "basis": legal.SMALL_GRANT_ORG_YEAR_CAP.basis,
                "g": granted,
                "y": year,
            }
        )
    planned = (
        Call.objects.filter(authority=authority, mode__in=OPP_MODES, delivery_start__year=year)
        .exclude(mode=CallMode.OPP_SMALL_GRANT)
        .aggregate(s=Sum("funds_total"))["s"]
    )
    if planned:
        small_total = (
            Offer.objects.filter(
                call__authority=authority,
                call__mode=CallMode.OPP_SMALL_GRANT,
                state__in=[OfferState.ACCEPTED, OfferState.CONTRACT_SIGNED],
                start_date__year=year,
            ).aggregate(s=Sum("requested_amount"))["s"]
            or ZERO
        )
        if (small_total + offer.requested_amount) * 100 > planned * legal.SMALL_GRANT_BUDGET_SHARE.value:
            errors.append(f"{legal.SMALL_GRANT_BUDGET_SHARE.text} ({legal.SMALL_GRANT_BUDGET_SHARE.basis})")
    return errors


def small_grant_submit(
    *,
    actor: Actor,
    authority: Organisation,
    organisation: Organisation,
    title: str,
    data: dict[str, Any],
    actions: Sequence[ActionLine],
    indicators: Sequence[IndicatorLine],
    budget: Sequence[BudgetLine],
    priority: ProgrammePriority | None = None,
) -> Offer:
    """An organisation files a small-grant offer; the caps of art. 19a are checked at once, and the priority task
    it names must be one of the authority's programme of cooperation adopted for the task's year (art. 5a OPP)."""
    require(actor, "commissioning.submit_small_grant")
    if organisation.pk not in selectors.member_org_ids(actor):
        raise PermissionDenied(_("Ofertę składa się w imieniu własnej, zweryfikowanej organizacji."))
    if authority.legal_form != LegalForm.JST_OFFICE:
        raise ValidationError(_("Mały grant przyznaje jednostka samorządu terytorialnego."))
    with transaction.atomic():
        call = Call.objects.create(
            title=title,
            mode=CallMode.OPP_SMALL_GRANT,
            task_form=TaskForm.SUPPORT,
            state=CallState.SUBMITTED,
            authority=authority,
            proposed_by=organisation,
            max_grant=legal.SMALL_GRANT_MAX.value,
            created_by=actor,
        )
        _default_criteria(call)
        offer = Offer.objects.create(call=call, lead_organisation=organisation, title=title, created_by=actor)
        OfferPartner.objects.create(offer=offer, organisation=organisation, role=PartnerRole.LEAD)
        offer.declarations_accepted = bool(data.get("declarations_accepted"))
        for key in OFFER_FIELDS:
            if key in data:
                setattr(offer, key, data[key])
        offer.save()
        _write_lines(offer, lot_ids=None, actions=actions, indicators=indicators, budget=budget)
        offer.save()
        errors = offer_limit_errors(offer)
        errors += _small_grant_cap_errors(offer, organisation=organisation, authority=authority)
        if priority is not None:
            if selectors.priority_choices(call).filter(pk=priority.pk).exists():
                CallPriority.objects.create(call=call, priority=priority)
            else:
                errors.append(
                    _("Wybrane zadanie nie należy do programu współpracy uchwalonego na rok %(y)s (art. 5a OPP).")
                    % {"y": selectors.call_year(call)}
                )
        if errors:
            raise ValidationError(errors)
        OFFER.apply(offer, "submit")
        offer.submitted_at = timezone.now()
        offer.number = f"MG/{call.pk}"
        offer.save()
        event(actor=actor, verb=E.SMALL_GRANT_SUBMITTED, target=call, data={"offer": offer.pk})
    return offer


def small_grant_publish(*, actor: Actor, call: Call, today: date | None = None) -> Call:
    """Publish the offer for 7 days of public comment (art. 19a ust. 3 OPP).

    The office must publish within 7 working days of receipt (`selectors.small_grant_publication`, Polish public
    holidays excluded); a later publication is still the only way to the decision, so it is made and recorded as
    late (on the timeline and the call's page). Publication cannot be dated before the receipt."""
    require(actor, "commissioning.manage_call", call)
    today = today or timezone.localdate()
    with transaction.atomic():
        call = _lock(Call, call.pk)
        call_workflow(call.mode).apply(call, "publish_for_comment", actor=actor)
        offer = call.offers.select_for_update().get()
        if offer.submitted_at is not None and today < timezone.localdate(offer.submitted_at):
            raise ValidationError(_("Oferty nie można opublikować przed dniem jej wpłynięcia."))
        call.published_at = timezone.now()
        call.save()
        OFFER.apply(offer, "publish_for_comment")
        offer.comment_from = today
        offer.comment_until = today + timedelta(days=legal.SMALL_GRANT_COMMENT_DAYS.value - 1)
        offer.save()
        term = selectors.small_grant_publication(offer, today=today)
        event(
            actor=actor,
            verb=E.SMALL_GRANT_PUBLISHED,
            target=call,
            data={"due": term["due"].isoformat() if term["due"] else None, "late": term["late"]},
        )
    return call


def public_comment_add(
    *, call: Call, author_name: str, body: str, actor: Actor | AnonymousUser | None = None
) -> PublicComment:
    call = Call.objects.get(pk=call.pk)
    offer = call.offers.get()
    today = timezone.localdate()
    if call.state != CallState.PUBLISHED_FOR_COMMENT or not (
        offer.comment_from and offer.comment_until and offer.comment_from <= today <= offer.comment_until
    ):
        raise ValidationError(_("Uwagi można zgłaszać tylko w okresie publikacji oferty (art. 19a ust. 3 OPP)."))
    if not body.strip() or not author_name.strip():
        raise ValidationError(_("Podaj autora i treść uwagi."))
    with transaction.atomic():
        comment = PublicComment.objects.create(
            offer=offer,
            author_name=author_name,
            body=body,
            author=actor if getattr(actor, "is_authenticated", False) else None,
        )
        event(actor=_public_actor(actor), verb=E.SMALL_GRANT_COMMENT, target=call, data={"comment": comment.pk})
    return comment


def small_grant_decide(*, actor: Actor, call: Call, accept: bool, note: str = "") -> Call:
    """After the 7 days the authority considers the comments and awards the grant or refuses it."""
    require(actor, "commissioning.manage_call", call)
    with transaction.atomic():
        call = _lock(Call, call.pk)
        offer = call.offers.select_for_update().get()
        wf = call_workflow(call.mode)
        if offer.comment_from is None or offer.comment_until is None:
            raise ValidationError(
                _("Przed rozstrzygnięciem oferta musi być opublikowana na 7 dni do uwag (%(b)s).")
                % {"b": legal.SMALL_GRANT_COMMENT_DAYS.basis}
            )
        if timezone.localdate() <= offer.comment_until:
            raise ValidationError(
                _("Okres zgłaszania uwag trwa do %(d)s.") % {"d": offer.comment_until.strftime("%d.%m.%Y")}
            )
        if accept:
            check = selectors.programme_check(call)
            if check["programme"] is None:
                raise ValidationError(
                    _(
                        "Organ nie ma programu współpracy uchwalonego na rok %(y)s (art. 5a ust. 1 OPP): "
                        "małego grantu nie można przyznać poza programem."
                    )
                    % {"y": check["year"]}
                )
            if not check["ok"]:
                raise ValidationError(
                    _("Przypisz ofertę do zadania priorytetowego programu współpracy na rok %(y)s.")
                    % {"y": check["year"]}
                )
        wf.apply(call, "review_comments", actor=actor)
        call.save()
        offer.decision_note = note
        if accept:
            OFFER.apply(offer, "grant")
            offer.awarded_amount = offer.requested_amount
            call.decided_at = timezone.now()
            call.results_published_at = timezone.now()
        else:
            OFFER.apply(offer, "refuse")
            wf.apply(call, "reject", actor=actor)
        offer.save()
        call.save()
        event(actor=actor, verb=E.SMALL_GRANT_DECIDED, target=call, data={"accept": accept})
    return call


def own_initiative_submit(
    *,
    actor: Actor,
    authority: Organisation,
    organisation: Organisation,
    title: str,
    description: str,
    cost_estimate: Decimal,
) -> Call:
    """An organisation proposes a public task with a cost estimate (art. 12 ust. 1 OPP)."""
    require(actor, "commissioning.submit_small_grant")
    if organisation.pk not in selectors.member_org_ids(actor):
        raise PermissionDenied(_("Wniosek składa się w imieniu własnej, zweryfikowanej organizacji."))
    if not description.strip() or cost_estimate <= 0:
        raise ValidationError(_("Opisz zadanie i podaj szacunkowy koszt."))
    with transaction.atomic():
        call = Call.objects.create(
            title=title,
            mode=CallMode.OPP_OWN_INITIATIVE,
            task_form=TaskForm.SUPPORT,
            state=CallState.SUBMITTED,
            authority=authority,
            proposed_by=organisation,
            task_type=description,
            funds_total=money(cost_estimate),
            assessment_due=add_months(timezone.localdate(), legal.OWN_INITIATIVE_ASSESS_MONTHS.value),
            created_by=actor,
        )
        event(actor=actor, verb=E.OWN_INITIATIVE_SUBMITTED, target=call)
    return call


def own_initiative_assess(*, actor: Actor, call: Call, positive: bool, note: str) -> Call:
    """The authority assesses the request: priorities, quality, funds, benefit (art. 12 ust. 2 OPP)."""
    require(actor, "commissioning.manage_call", call)
    if not note.strip():
        raise ValidationError(_("Uzasadnij ocenę celowości realizacji zadania."))
    with transaction.atomic():
        call = _lock(Call, call.pk)
        call_workflow(call.mode).apply(call, "assess_positive" if positive else "reject", actor=actor)
        call.assessment_note = note
        call.published_at = call.published_at or timezone.now()
        call.save()
        event(actor=actor, verb=E.OWN_INITIATIVE_ASSESSED, target=call, data={"positive": positive})
    return call
