"""Editing and ending (issue 17): a team membership, its agreement (porozumienie) and a family's consent.

Nothing is overwritten without a trace: an amended agreement keeps its earlier wording (`AgreementVersion`), a
consent whose scope changes becomes a new version and the old one is ended as replaced, an ended membership keeps
its date, manner and reason. Every change is an event of the team or of the case.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.accounts import roles
from kooperacja.core.actors import Actor, require
from kooperacja.organisations.models import Organisation

from ..enums import SHAREABLE_PARTS, ConsentEnd, MembershipEnd, TeamFunction
from ..events import CooperationEvent as E
from ..events import event
from ..models import AgreementVersion, Consent, TeamMember, TeamPerson
from ._common import _active_member, _person

if TYPE_CHECKING:
    from kooperacja.accounts.models import User


def _require_change(actor: Actor, member: TeamMember) -> None:
    if not actor.has_perm("cooperation.change_membership", member):
        raise PermissionDenied


# --- membership -------------------------------------------------------------------------------------------------


def member_update(*, actor: Actor, member: TeamMember, level: str, representative: User | None) -> TeamMember:
    """The level of the institution in the team and its representative (one; the earlier one stops acting)."""
    _require_change(actor, member)
    if representative is not None and member.organisation_id not in roles.organisation_ids(representative):
        raise ValidationError({"representative": _("Ta osoba nie pracuje w tej instytucji.")})
    with transaction.atomic():
        locked = TeamMember.objects.select_for_update().get(pk=member.pk)
        if locked.left_on is not None:
            raise ValidationError(_("Członkostwo tej instytucji jest zakończone – nie można go zmienić."))
        changes: dict[str, object] = {}
        if locked.level != level:
            changes["level"] = [locked.level, level]
            locked.level = level
            locked.full_clean()
            locked.save(update_fields=["level", "updated_at"])
        current = TeamPerson.objects.filter(member=locked, function=TeamFunction.REPRESENTATIVE)
        before = sorted(current.values_list("user_id", flat=True))
        after = [representative.pk] if representative is not None else []
        if before != after:
            current.exclude(user_id__in=after).delete()
            if representative is not None:
                TeamPerson.objects.get_or_create(
                    team_id=locked.team_id,
                    user=representative,
                    function=TeamFunction.REPRESENTATIVE,
                    defaults={"member": locked},
                )
            changes["representative"] = [before[0] if before else None, after[0] if after else None]
        if not changes:
            raise ValidationError(_("Nic się nie zmieniło."))
        event(actor=actor, verb=E.MEMBER_UPDATED, target=locked.team, member=locked.pk, **changes)
    return locked


def member_end(*, actor: Actor, member: TeamMember, left_on: date, end_kind: str, reason: str) -> TeamMember:
    """The institution leaves the team (or its agreement ends): it stops seeing the team from that day on."""
    _require_change(actor, member)
    if member.organisation_id == member.team.lead_organisation_id:
        raise ValidationError(_("Instytucja wiodąca nie może wystąpić z zespołu, który prowadzi."))
    if end_kind not in MembershipEnd.values:
        raise ValidationError({"end_kind": _("Wybierz sposób zakończenia.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Podaj powód zakończenia członkostwa.")})
    if left_on > timezone.localdate():
        raise ValidationError(
            {"left_on": _("Zakończenie wpisuje się w dniu, w którym nastąpiło – data nie może być przyszła.")}
        )
    if left_on < member.agreement_signed_on:
        raise ValidationError({"left_on": _("Data zakończenia nie może być wcześniejsza niż podpisanie porozumienia.")})
    with transaction.atomic():
        locked = TeamMember.objects.select_for_update().get(pk=member.pk)
        if locked.left_on is not None:
            raise ValidationError(_("Członkostwo tej instytucji jest już zakończone."))
        locked.left_on, locked.end_kind, locked.left_reason = left_on, end_kind, reason.strip()
        locked.full_clean()
        locked.save(update_fields=["left_on", "end_kind", "left_reason", "updated_at"])
        TeamPerson.objects.filter(member=locked).delete()  # nobody acts for an institution that left
        event(actor=actor, verb=E.MEMBER_LEFT, target=locked.team, member=locked.pk, end_kind=end_kind)
    return locked


def agreement_amend(
    *,
    actor: Actor,
    member: TeamMember,
    number: str,
    signed_on: date,
    scope: str,
    valid_until: date | None,
    reason: str,
) -> TeamMember:
    """An annex to the agreement: the new terms apply, the earlier wording is kept as a version."""
    require(actor, "cooperation.manage_team", member.team)
    if not reason.strip():
        raise ValidationError({"reason": _("Podaj powód zmiany porozumienia.")})
    if valid_until is not None and valid_until < signed_on:
        raise ValidationError({"valid_until": _("Porozumienie nie może kończyć się przed dniem podpisania.")})
    with transaction.atomic():
        locked = TeamMember.objects.select_for_update().get(pk=member.pk)
        if locked.left_on is not None:
            raise ValidationError(_("Porozumienie tej instytucji jest zakończone – nie można go zmienić."))
        if signed_on < locked.agreement_signed_on:
            raise ValidationError(
                {"signed_on": _("Zmiana porozumienia nie może być podpisana przed jego poprzednią wersją.")}
            )
        if (number, signed_on, scope.strip(), valid_until) == (
            locked.agreement_number,
            locked.agreement_signed_on,
            locked.agreement_scope,
            locked.agreement_valid_until,
        ):
            raise ValidationError(_("Nic się nie zmieniło."))
        AgreementVersion.objects.create(
            member=locked,
            version=locked.agreement_version,
            number=locked.agreement_number,
            signed_on=locked.agreement_signed_on,
            valid_until=locked.agreement_valid_until,
            scope=locked.agreement_scope,
            replaced_by=_person(actor),
            change_reason=reason.strip(),
        )
        locked.agreement_version += 1
        locked.agreement_number, locked.agreement_signed_on = number, signed_on
        locked.agreement_scope, locked.agreement_valid_until = scope.strip(), valid_until
        locked.full_clean()
        locked.save()
        event(
            actor=actor,
            verb=E.AGREEMENT_AMENDED,
            target=locked.team,
            member=locked.pk,
            version=locked.agreement_version,
        )
    return locked


# --- consents ---------------------------------------------------------------------------------------------------


def consent_amend(
    *,
    actor: Actor,
    consent: Consent,
    organisation: Organisation,
    parts: list[str],
    purpose: str,
    given_by: str,
    given_on: date,
    valid_until: date,
) -> Consent:
    """The family changes what is shared with whom: a new version applies from now, the old one is kept, ended."""
    case = consent.case
    require(actor, "cooperation.manage_case", case)
    if organisation.pk == case.owner_id:
        raise ValidationError({"organisation": _("Instytucja prowadząca nie potrzebuje zgody.")})
    _active_member(case.team, organisation)
    if not parts or any(p not in SHAREABLE_PARTS for p in parts):
        raise ValidationError({"parts": _("Wybierz części sprawy, które można udostępnić.")})
    with transaction.atomic():
        old = Consent.objects.select_for_update().get(pk=consent.pk)
        if old.withdrawn_at is not None:
            raise ValidationError(_("Ta zgoda już nie obowiązuje – zmienić można tylko obowiązującą zgodę."))
        if given_on < old.given_on:
            raise ValidationError({"given_on": _("Zmiana zgody nie może być wcześniejsza niż zgoda, którą zmienia.")})
        new = Consent(
            case=case,
            organisation=organisation,
            parts=sorted(set(parts)),
            purpose=purpose,
            given_by=given_by,
            given_on=given_on,
            valid_until=valid_until,
            recorded_by=_person(actor),
            version=old.version + 1,
            previous=old,
        )
        if (new.organisation_id, new.parts, new.purpose, new.valid_until) == (
            old.organisation_id,
            old.parts,
            old.purpose,
            old.valid_until,
        ):
            raise ValidationError(_("Zakres zgody się nie zmienił."))
        new.full_clean()
        old.withdrawn_at, old.withdrawn_by, old.end_kind = timezone.now(), _person(actor), ConsentEnd.REPLACED
        old.withdrawal_note = _("Zastąpiona wersją %(n)d.") % {"n": new.version}
        old.save()
        new.save()
        event(
            actor=actor,
            verb=E.CONSENT_AMENDED,
            target=case,
            consent=new.pk,
            previous=old.pk,
            version=new.version,
            parts=new.parts,
            organisation=organisation.pk,
        )
    return new


def consent_end(*, actor: Actor, consent: Consent, end_kind: str, note: str = "") -> Consent:
    """The consent stops sharing at once: withdrawn by the family, or its purpose is met."""
    require(actor, "cooperation.see_case_log", consent.case)  # the owner institution (also of a closed case)
    if end_kind not in (ConsentEnd.WITHDRAWN, ConsentEnd.PURPOSE_MET):
        raise ValidationError({"end_kind": _("Wybierz powód zakończenia zgody.")})
    with transaction.atomic():
        locked = Consent.objects.select_for_update().get(pk=consent.pk)
        if locked.withdrawn_at is not None:
            raise ValidationError(_("Ta zgoda już nie obowiązuje."))
        locked.withdrawn_at, locked.withdrawn_by = timezone.now(), _person(actor)
        locked.end_kind, locked.withdrawal_note = end_kind, note
        locked.save()
        verb = E.CONSENT_WITHDRAWN if end_kind == ConsentEnd.WITHDRAWN else E.CONSENT_ENDED
        event(actor=actor, verb=verb, target=locked.case, consent=locked.pk, end_kind=end_kind)
    return locked
