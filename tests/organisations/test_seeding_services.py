"""Accounts, registry entries, memberships and authenticators made for someone (by a platform administrator or the
platform itself: the demo, imports), each through a service that checks the permission and writes an audit event
(issue 11 §7: the demo writes only through services)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kooperacja.accounts import roles
from kooperacja.accounts.enums import Role
from kooperacja.accounts.services import PLATFORM_ADMINS_GROUP, account_create, totp_device_provision
from kooperacja.core.actors import SYSTEM
from kooperacja.core.audit import events_for
from kooperacja.core.models import AuditEvent, Territory
from kooperacja.demo.ids import make_nip
from kooperacja.demo.people import DEMO_TOTP_KEY
from kooperacja.organisations import services
from kooperacja.organisations.models import Membership


def _data(**extra: Any) -> dict[str, Any]:
    return {
        "name": "Stowarzyszenie Wpisane Przez Administratora",
        "legal_form": "association",
        "territory": Territory.objects.get(code="2005011"),
        "nip": make_nip(907),
        "is_pes": True,
        "areas": ["youth"],
        **extra,
    }


def test_the_system_creates_an_account_recorded_as_the_system(demo: Any) -> None:
    user = account_create(actor=SYSTEM, email="nowa@kooperacja.demo", full_name="Nowa Osoba", password="Haslo-12345!")
    assert user.check_password("Haslo-12345!")
    assert not user.is_staff
    [e] = events_for(user)
    assert e.verb == "user.created"
    assert e.actor is None and e.data == {"is_staff": False, "can_sign_in": True}


def test_an_account_without_password_cannot_sign_in_and_a_staff_account_joins_the_admins(demo: Any) -> None:
    synthetic = account_create(actor=SYSTEM, email="syntetyczny@kooperacja.demo", full_name="S", password=None)
    assert not synthetic.has_usable_password()
    staff = account_create(
        actor=demo.user("admin"), email="admin2@kooperacja.demo", full_name="Druga Adm", password="x", is_staff=True
    )
    assert staff.is_staff
    assert list(staff.groups.values_list("name", flat=True)) == [PLATFORM_ADMINS_GROUP]
    assert events_for(staff).order_by("pk").first().actor == demo.user("admin")


def test_only_a_platform_admin_creates_accounts_and_authenticators(demo: Any) -> None:
    before = AuditEvent.objects.count()
    officer = demo.user("officer")
    with pytest.raises(PermissionDenied):
        account_create(actor=officer, email="x@kooperacja.demo", full_name="X", password="x")
    with pytest.raises(PermissionDenied):
        totp_device_provision(actor=officer, user=demo.user("resident"), key=DEMO_TOTP_KEY)
    assert AuditEvent.objects.count() == before


def test_a_provisioned_authenticator_is_confirmed_and_audited(demo: Any) -> None:
    from kooperacja.accounts.services import has_second_factor

    resident = demo.user("resident")
    assert not has_second_factor(resident)
    device = totp_device_provision(actor=SYSTEM, user=resident, key=DEMO_TOTP_KEY)
    assert device.confirmed and has_second_factor(resident)
    assert events_for(resident).order_by("pk").last().verb == "user.2fa_device_added"


def test_an_organisation_added_to_the_registry_has_no_member_and_may_be_verified_at_once(demo: Any) -> None:
    org = services.organisation_add(actor=SYSTEM, data=_data(), verified=True)
    assert org.is_verified and org.verified_at is not None
    assert not Membership.objects.filter(organisation=org).exists()
    assert [e.verb for e in events_for(org).order_by("pk")] == ["organisation.added", "organisation.verified"]
    plain = services.organisation_add(actor=demo.user("admin"), data=_data(name="Druga", nip=make_nip(908)))
    assert not plain.is_verified


def test_adding_to_the_registry_takes_only_the_editable_fields_and_only_from_an_admin(demo: Any) -> None:
    with pytest.raises(ValidationError):
        services.organisation_add(actor=SYSTEM, data=_data(is_verified=True))
    with pytest.raises(PermissionDenied):
        services.organisation_add(actor=demo.user("officer"), data=_data())


def test_a_granted_membership_is_active_at_once_and_gives_the_role(demo: Any) -> None:
    resident, org = demo.user("resident"), demo.org("ss_zubr")
    m = services.membership_grant(actor=SYSTEM, user=resident, organisation=org, role=Role.PES_STAFF, is_admin=True)
    assert m.status == "active" and m.is_admin and m.decided_by is None
    assert Role.PES_STAFF in roles.roles_of(resident)
    [e] = events_for(m)
    assert e.verb == "membership.granted" and e.data == {"role": Role.PES_STAFF, "is_admin": True}
    with pytest.raises(ValidationError):
        services.membership_grant(actor=SYSTEM, user=resident, organisation=org, role=Role.PES_STAFF)
    with pytest.raises(ValidationError):
        services.membership_grant(actor=SYSTEM, user=resident, organisation=org, role="nobody")


def test_a_member_of_an_organisation_may_not_grant_memberships(demo: Any) -> None:
    before = Membership.objects.count()
    with pytest.raises(PermissionDenied):
        services.membership_grant(
            actor=demo.user("pes_staff"), user=demo.user("resident"), organisation=demo.org("ss_zubr"), role="pes_staff"
        )
    assert Membership.objects.count() == before


def test_the_demo_accounts_are_made_by_the_system(demo: Any) -> None:
    """The foundation's people and organisations come through the services, recorded as the platform's acts."""
    officer = demo.user("officer")
    created = events_for(officer).order_by("pk").first()
    assert created.verb == "user.created" and created.actor is None
    membership = Membership.objects.get(user=officer, organisation=demo.org("um_hajnowka"))
    assert [e.verb for e in events_for(membership)] == ["membership.granted"]
    assert [e.verb for e in events_for(demo.org("nowa_inicjatywa"))] == ["organisation.added"]
    pending = Membership.objects.get(user=demo.user("ngo_staff"), organisation=demo.org("ss_zubr"))
    assert pending.status == "pending"
