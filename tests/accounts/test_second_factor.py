"""The second factor cannot be skipped, replaced or reset with the password alone (issue 10, item 1)."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from django.core import mail
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kooperacja.accounts.services import backup_codes_regenerate
from kooperacja.core.models import AuditEvent
from kooperacja.demo.context import DEMO_PASSWORD

LOGIN = "/konto/logowanie/"
SETUP = "/konto/2fa/konfiguracja/"
VERIFY = "/konto/2fa/weryfikacja/"
REMOVE = "/konto/2fa/usun-urzadzenie/"
CODES = "/konto/2fa/kody-zapasowe/"


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _owner_with_app(user: Any) -> TOTPDevice:
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name="Telefon właściciela", confirmed=True)


def _password_only(client: Client, user: Any) -> None:
    response = client.post(LOGIN, {"username": user.email, "password": DEMO_PASSWORD})
    assert response.status_code == 302


def _verified(client: Client, user: Any) -> None:
    _password_only(client, user)
    code = backup_codes_regenerate(user=user, count=1, notify=False)[0]
    assert client.post(VERIFY, {"token": code, "next": "/"}).status_code == 302


def _events(user: Any, verb: str) -> int:
    return AuditEvent.objects.filter(verb=verb, target_id=str(user.pk)).count()


def test_password_alone_cannot_enrol_a_new_device(demo: Any, client: Client) -> None:
    """The attack of the report: password step, then the setup page, then a code of the attacker's own key."""
    owner = demo.user("social_worker")
    owner_device = _owner_with_app(owner)
    backup_codes_regenerate(user=owner, count=3, notify=False)
    _password_only(client, owner)

    page = client.get(SETUP)
    assert page.status_code == 302
    assert page["Location"].startswith(VERIFY)
    assert not TOTPDevice.objects.filter(user=owner, confirmed=False).exists()  # no key was shown

    # even with a pending device of the attacker's making, posting to setup does not verify the session
    attacker = TOTPDevice.objects.create(user=owner, name="atak", confirmed=False)
    post = client.post(SETUP, {"token": _code(attacker), "password": DEMO_PASSWORD, "name": "x"})
    assert post.status_code == 302
    assert post["Location"].startswith(VERIFY)
    attacker.refresh_from_db()
    assert not attacker.confirmed

    # the half-logged-in session reaches nothing with personal data, neither pages nor the API
    assert client.get("/wspolpraca/").status_code == 302
    cases = client.get("/api/v1/cooperation/cases")
    assert cases.status_code in (200, 401, 403)
    assert owner.full_name not in cases.content.decode()
    if cases.status_code == 200:
        body = cases.json()
        assert (body.get("count", 0) if isinstance(body, dict) else len(body)) == 0
    # and the owner keeps everything
    assert TOTPDevice.objects.get(pk=owner_device.pk).confirmed
    assert StaticToken.objects.filter(device__user=owner).count() == 3


def test_unverified_session_reaches_only_verification_and_logout(demo: Any, client: Client) -> None:
    owner = demo.user("social_worker")
    _owner_with_app(owner)
    _password_only(client, owner)
    for path in (SETUP, CODES, REMOVE, "/konto/profil/", "/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(VERIFY), path
    assert client.post(CODES, {"password": DEMO_PASSWORD}).status_code == 302
    assert client.get(VERIFY).status_code == 200
    assert client.post("/konto/wyloguj/").status_code == 302


def test_a_user_with_a_device_must_pass_it_even_if_the_role_does_not_require_it(demo: Any, client: Client) -> None:
    officer = demo.user("officer")
    _owner_with_app(officer)
    _password_only(client, officer)
    response = client.get("/konto/profil/")
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)


def test_adding_a_device_needs_the_password_keeps_the_others_and_is_logged_and_mailed(
    demo: Any, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    owner = demo.user("social_worker")
    first = _owner_with_app(owner)
    _verified(client, owner)
    mail.outbox.clear()

    page = client.get(SETUP)
    assert page.status_code == 200
    pending = TOTPDevice.objects.get(user=owner, confirmed=False)
    wrong = client.post(SETUP, {"token": _code(pending), "password": "zle-haslo", "name": "Nowy"})
    assert wrong.status_code == 200
    assert "Hasło jest nieprawidłowe" in wrong.content.decode()
    pending.refresh_from_db()
    assert not pending.confirmed

    before = _events(owner, "user.2fa_device_added")
    with django_capture_on_commit_callbacks(execute=True):
        with_password = client.post(SETUP, {"token": _code(pending), "password": DEMO_PASSWORD, "name": "Nowy telefon"})
    assert with_password.status_code == 302
    assert set(TOTPDevice.objects.filter(user=owner, confirmed=True).values_list("name", flat=True)) == {
        first.name,
        "Nowy telefon",
    }
    assert _events(owner, "user.2fa_device_added") == before + 1
    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert "Nowy telefon" in mail.outbox[0].body


def test_setup_key_is_base32_and_stays_the_same_on_reload_until_it_expires(demo: Any, client: Client) -> None:
    user = demo.user("pes_staff")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    _password_only(client, user)
    first = client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    import base64

    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    assert grouped in first
    assert device.key not in first  # the hex form is gone
    assert "otpauth" not in first or "data:image/svg+xml" in first
    second = client.get(SETUP).content.decode()
    assert grouped in second
    assert TOTPDevice.objects.filter(user=user, confirmed=False).count() == 1

    TOTPDevice.objects.filter(pk=device.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    client.get(SETUP)
    pending = TOTPDevice.objects.get(user=user, confirmed=False)
    assert pending.pk != device.pk


def test_first_enrolment_gives_backup_codes(demo: Any, client: Client) -> None:
    user = demo.user("pes_staff")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    _password_only(client, user)
    assert client.get("/realizacja/")["Location"].startswith(SETUP)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    done = client.post(SETUP, {"token": _code(device), "password": DEMO_PASSWORD, "name": ""})
    assert done.status_code == 200
    assert "Kody zapasowe" in done.content.decode()
    assert StaticToken.objects.filter(device__user=user).count() == 10
    assert client.get("/realizacja/").status_code == 200


def test_removing_a_device_is_explicit_logged_and_keeps_the_last_one_of_a_2fa_role(
    demo: Any, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    owner = demo.user("social_worker")
    only = _owner_with_app(owner)
    _verified(client, owner)
    refused = client.post(REMOVE, {"device": only.pk, "password": DEMO_PASSWORD})
    assert refused.status_code == 200
    assert "najpierw dodaj nowe urządzenie" in refused.content.decode()
    assert TOTPDevice.objects.filter(pk=only.pk).exists()

    second = TOTPDevice.objects.create(user=owner, name="Zapasowy telefon", confirmed=True)
    no_password = client.post(REMOVE, {"device": only.pk, "password": "zle"})
    assert no_password.status_code == 200
    assert TOTPDevice.objects.filter(pk=only.pk).exists()

    mail.outbox.clear()
    before = _events(owner, "user.2fa_device_removed")
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(REMOVE, {"device": only.pk, "password": DEMO_PASSWORD})
    assert done.status_code == 302
    assert list(TOTPDevice.objects.filter(user=owner).values_list("pk", flat=True)) == [second.pk]
    assert _events(owner, "user.2fa_device_removed") == before + 1
    assert len(mail.outbox) == 1


def test_someone_elses_device_cannot_be_removed(demo: Any, client: Client) -> None:
    owner = demo.user("social_worker")
    _owner_with_app(owner)
    other = _owner_with_app(demo.user("admin"))
    _verified(client, owner)
    response = client.post(REMOVE, {"device": other.pk, "password": DEMO_PASSWORD})
    assert response.status_code == 200
    assert TOTPDevice.objects.filter(pk=other.pk).exists()


def test_backup_codes_need_a_verified_session_and_the_password(
    demo: Any, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    owner = demo.user("social_worker")
    _owner_with_app(owner)
    _verified(client, owner)
    old = set(StaticToken.objects.filter(device__user=owner).values_list("token", flat=True))
    refused = client.post(CODES, {"password": "zle-haslo"})
    assert refused.status_code == 200
    assert set(StaticToken.objects.filter(device__user=owner).values_list("token", flat=True)) == old

    mail.outbox.clear()
    before = _events(owner, "user.backup_codes_regenerated")
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(CODES, {"password": DEMO_PASSWORD})
    assert done.status_code == 200
    assert "Kody zapasowe" in done.content.decode()
    assert set(StaticToken.objects.filter(device__user=owner).values_list("token", flat=True)).isdisjoint(old)
    assert _events(owner, "user.backup_codes_regenerated") == before + 1
    assert [m.to for m in mail.outbox] == [[owner.email]]


def test_five_wrong_passwords_on_second_factor_pages_sign_out(demo: Any, client: Client) -> None:
    owner = demo.user("social_worker")
    _owner_with_app(owner)
    _verified(client, owner)
    for _ in range(4):
        assert client.post(CODES, {"password": "zle"}).status_code == 200
    last = client.post(CODES, {"password": "zle"})
    assert last.status_code == 302
    assert last["Location"].startswith(LOGIN)
    assert client.get("/konto/profil/").status_code == 302


def test_backup_codes_from_the_command_are_recorded_as_the_system(demo: Any) -> None:
    """`kooperacja backup_codes` acts as SYSTEM: the timeline names the system, never an anonymous nobody."""
    from django.core.management import call_command

    from kooperacja.core.actors import SYSTEM

    owner = demo.user("social_worker")
    call_command("backup_codes", owner.email, "--count", "2", stdout=io.StringIO())
    last = AuditEvent.objects.filter(verb="user.backup_codes_regenerated", target_id=str(owner.pk)).latest("pk")
    assert last.actor is None
    assert last.actor_label == str(SYSTEM.label)
    assert last.data["by_owner"] is False
    assert StaticToken.objects.filter(device__user=owner).count() == 2


def test_device_added_outside_the_session_leads_to_verification_not_a_loop(demo: Any, client: Client) -> None:
    """A role that needs 2FA, no device at the password step (the session remembers "none"), then an administrator
    issues backup codes: setup sends to verification and verification accepts a code (no setup <-> verify loop)."""
    user = demo.user("social_worker")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    _password_only(client, user)
    assert client.get("/")["Location"].startswith(SETUP)
    code = backup_codes_regenerate(user=user, count=1, notify=False)[0]

    to_verify = client.get(SETUP)
    assert to_verify.status_code == 302 and to_verify["Location"].startswith(VERIFY)
    page = client.get(VERIFY)
    assert page.status_code == 200, page.get("Location")
    assert client.post(VERIFY, {"token": code, "next": "/"}).status_code == 302
    assert client.get("/").status_code == 200
