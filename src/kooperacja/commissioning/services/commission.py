"""The commission: appointment (with conflict checks), impartiality declarations, scores, the opinion."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.accounts.models import User
from kooperacja.core.actors import Actor, require
from kooperacja.organisations.models import Membership, Organisation

from .. import legal, selectors
from ..enums import (
    CallState,
    CommissionRole,
    OfferState,
    TaskForm,
)
from ..events import CommissioningEvent as E
from ..events import event
from ..models import (
    Call,
    CommissionMember,
    ConflictDeclaration,
    Offer,
    OfferPartner,
    Score,
)
from ..workflows import OFFER, OFFER_SUBMITTED_STATES, SCORABLE_OFFER_STATES
from .common import _lock, _person


def offeror_org_ids(call: Call) -> set[int]:
    ids = set(call.offers.filter(state__in=OFFER_SUBMITTED_STATES).values_list("lead_organisation_id", flat=True))
    ids |= set(
        OfferPartner.objects.filter(offer__call=call, offer__state__in=OFFER_SUBMITTED_STATES).values_list(
            "organisation_id", flat=True
        )
    )
    return ids


def _conflict_reason(call: Call, user: User, nominated_by: Organisation | None) -> str:
    bidders = offeror_org_ids(call)
    if nominated_by is not None and nominated_by.pk in bidders:
        return _("%(org)s bierze udział w konkursie – jej kandydat nie może zasiadać w komisji (%(basis)s).") % {
            "org": nominated_by,
            "basis": legal.COMMISSION_NO_BIDDER_NOMINEES.basis,
        }
    mine = set(
        Membership.objects.filter(user=user, status="active", organisation_id__in=bidders).values_list(
            "organisation__name", flat=True
        )
    )
    if mine:
        return _("Osoba należy do organizacji składającej ofertę (%(orgs)s) – %(basis)s.") % {
            "orgs": ", ".join(sorted(mine)),
            "basis": legal.COMMISSION_NO_BIDDER_NOMINEES.basis,
        }
    return ""


def commission_appoint(
    *,
    actor: Actor,
    call: Call,
    user: User,
    role: str = CommissionRole.AUTHORITY,
    nominated_by: Organisation | None = None,
    is_chair: bool = False,
) -> CommissionMember:
    """The authority appoints the commission after the offers are opened (its members must know the offerors)."""
    require(actor, "commissioning.manage_call", call)
    call = Call.objects.get(pk=call.pk)
    if call.state not in {CallState.FORMAL_REVIEW, CallState.COMMISSION_OPINION}:
        raise ValidationError(_("Komisję powołuje się po otwarciu ofert, gdy znani są oferenci."))
    reason = _conflict_reason(call, user, nominated_by)
    if reason:
        raise ValidationError(reason)
    with transaction.atomic():
        member, created = CommissionMember.objects.get_or_create(
            call=call,
            user=user,
            defaults={"role": role, "nominated_by": nominated_by, "is_chair": is_chair, "appointed_by": _person(actor)},
        )
        if not created:
            raise ValidationError(_("Ta osoba już jest w komisji."))
        event(actor=actor, verb=E.COMMISSION_APPOINTED, target=call, data={"user": user.pk, "role": role})
    return member


def declaration_text(call: Call) -> tuple[list[str], str]:
    names = sorted(Organisation.objects.filter(pk__in=offeror_org_ids(call)).values_list("name", flat=True))
    text = _(
        "Oświadczam, że nie pozostaję z żadnym z oferentów (%(list)s) w takim stosunku prawnym lub faktycznym, "
        "który mógłby budzić uzasadnione wątpliwości co do mojej bezstronności (art. 15 ust. 2d i 2f OPP w zw. "
        "z art. 24 KPA), i nie zostałem/am wskazany/a przez organizację biorącą udział w konkursie."
    ) % {"list": "; ".join(names)}
    return names, text


def declaration_sign(*, actor: Actor, call: Call, confirm: bool) -> ConflictDeclaration:
    user = _person(actor)  # the platform itself holds no seat and signs nothing
    member = selectors.seat_of(user, call) if user is not None else None
    if user is None or member is None:
        raise PermissionDenied(_("Nie jesteś członkiem tej komisji."))
    if not confirm:
        raise ValidationError(_("Potwierdź treść oświadczenia."))
    reason = _conflict_reason(call, user, member.nominated_by)
    if reason:
        raise ValidationError(reason)
    with transaction.atomic():
        if hasattr(member, "declaration"):
            return member.declaration
        names, text = declaration_text(call)
        decl = ConflictDeclaration.objects.create(
            member=member, signed_at=timezone.now(), offerors=names, statement=text
        )
        event(actor=actor, verb=E.DECLARATION_SIGNED, target=call, data={"offerors": names})
    return decl


def score_submit(*, actor: Actor, offer: Offer, scores: dict[int, tuple[Decimal, str]]) -> list[Score]:
    """A member scores every criterion with a justification; only after signing the declaration."""
    call = Call.objects.get(pk=offer.call_id)
    member = selectors.seat_of(actor, call)
    if member is None:
        raise PermissionDenied(_("Nie jesteś członkiem tej komisji."))
    if not selectors.has_declared(member):
        raise PermissionDenied(_("Najpierw podpisz oświadczenie o bezstronności."))
    if member.role == CommissionRole.EXPERT:
        raise PermissionDenied(_("Ekspert ma głos doradczy i nie ocenia ofert (art. 15 ust. 2d OPP)."))
    if call.state != CallState.COMMISSION_OPINION:
        raise ValidationError(_("Oceny ofert dokonuje się na etapie opiniowania przez komisję."))
    criteria = {c.pk: c for c in call.criteria.all()}
    if call.task_form == TaskForm.ENTRUST:
        criteria = {k: c for k, c in criteria.items() if not c.support_only}
    missing = set(criteria) - set(scores)
    if missing:
        raise ValidationError(_("Oceń wszystkie kryteria."))
    errors = []
    for cid, (points, justification) in scores.items():
        crit = criteria.get(cid)
        if crit is None:
            raise ValidationError(_("Nieznane kryterium."))
        if points < 0 or points > crit.max_points:
            errors.append(_("„%(c)s”: od 0 do %(m)s pkt.") % {"c": crit.name, "m": crit.max_points})
        if not (justification or "").strip():
            errors.append(_("„%(c)s”: podaj uzasadnienie oceny.") % {"c": crit.name})
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        offer = _lock(Offer, offer.pk)
        if offer.state not in SCORABLE_OFFER_STATES:
            raise ValidationError(_("Ocenia się tylko oferty poprawne formalnie."))
        saved = []
        for cid, (points, justification) in scores.items():
            s, _c = Score.objects.update_or_create(
                offer=offer,
                member=member,
                criterion_id=cid,
                defaults={"points": points, "justification": justification},
            )
            saved.append(s)
        if offer.state == OfferState.ELIGIBLE:
            OFFER.apply(offer, "score")
        row = next(r for r in selectors.ranking(call) if r["offer"].pk == offer.pk)
        offer.average_score = row["average"]
        offer.save()
        event(actor=actor, verb=E.OFFER_SCORED, target=offer, data={"member": member.pk})
    return saved


def call_record_opinion(*, actor: Actor, call: Call, opinion: str) -> Call:
    member = selectors.seat_of(actor, call)
    if not (
        actor.has_perm("commissioning.manage_call", call)
        or (member and member.is_chair and selectors.has_declared(member))
    ):
        raise PermissionDenied(_("Opinię komisji zapisuje przewodniczący komisji lub organ."))
    with transaction.atomic():
        call = _lock(Call, call.pk)
        if call.state != CallState.COMMISSION_OPINION:
            raise ValidationError(_("Komisja opiniuje oferty po ocenie formalnej."))
        if call.offers.filter(state=OfferState.ELIGIBLE).exists():
            raise ValidationError(_("Nie wszystkie oferty poprawne formalnie zostały ocenione."))
        if not opinion.strip():
            raise ValidationError(_("Wpisz treść opinii."))
        call.commission_opinion = opinion
        call.commission_opinion_at = timezone.now()
        call.save()
        event(actor=actor, verb=E.COMMISSION_OPINION, target=call)
    return call
