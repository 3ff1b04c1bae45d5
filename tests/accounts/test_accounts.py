from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from kooperacja.accounts import roles
from kooperacja.accounts.models import ApiToken, User
from kooperacja.accounts.services import api_token_create, backup_codes_regenerate
from kooperacja.demo.context import DEMO_PASSWORD

LOGIN = "/konto/logowanie/"


def _login(client: Client, email: str, password: str = DEMO_PASSWORD) -> Any:
    return client.post(LOGIN, {"username": email, "password": password})


def test_roles_of_demo_users(demo: Any) -> None:
    assert roles.roles_of(demo.user("officer")) == {"municipal_officer"}
    assert roles.is_platform_admin(demo.user("admin"))
    assert not roles.is_platform_admin(demo.user("officer"))
    assert not demo.user("admin").is_superuser  # admins do not bypass need-to-know rules
    assert roles.requires_two_factor(demo.user("social_worker"))
    assert roles.requires_two_factor(demo.user("admin"))
    assert not roles.requires_two_factor(demo.user("officer"))
    assert not roles.requires_two_factor(demo.user("resident"))


def test_login_without_second_factor_for_officer(demo: Any, client: Client) -> None:
    response = _login(client, "urzednik@hajnowka.demo")
    assert response.status_code == 302
    assert client.get("/konto/profil/").status_code == 200


def test_social_worker_must_pass_second_factor(demo: Any, client: Client) -> None:
    response = _login(client, "pracownik@gops-narewka.demo")
    assert response.status_code == 302
    response = client.get("/konto/profil/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/2fa/weryfikacja/")
    user = demo.user("social_worker")
    codes = backup_codes_regenerate(user=user, count=2)
    ok = client.post("/konto/2fa/weryfikacja/", {"token": codes[0], "next": "/konto/profil/"})
    assert ok.status_code == 302
    assert ok["Location"] == "/konto/profil/"
    assert client.get("/konto/profil/").status_code == 200
    # a backup code works once
    other = Client()
    _login(other, "pracownik@gops-narewka.demo")
    again = other.post("/konto/2fa/weryfikacja/", {"token": codes[0], "next": "/"})
    assert again.status_code == 200
    assert StaticDevice.objects.get(user=user).token_set.count() == 1


def test_wrong_code_is_refused_and_throttled(demo: Any, client: Client) -> None:
    _login(client, "pracownik@gops-narewka.demo")
    code = backup_codes_regenerate(user=demo.user("social_worker"), count=1)[0]
    wrong = client.post("/konto/2fa/weryfikacja/", {"token": "00000000", "next": "/konto/profil/"})
    assert "Kod jest nieprawidłowy" in wrong.content.decode()
    # right after a failure django-otp throttles the devices, so even a good code waits
    throttled = client.post("/konto/2fa/weryfikacja/", {"token": code, "next": "/konto/profil/"})
    assert throttled.status_code == 200
    assert client.get("/konto/profil/").status_code == 302


def test_open_redirect_after_second_factor_is_refused(demo: Any, client: Client) -> None:
    _login(client, "pracownik@gops-narewka.demo")
    code = backup_codes_regenerate(user=demo.user("social_worker"), count=1)[0]
    response = client.post("/konto/2fa/weryfikacja/", {"token": code, "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_user_without_device_is_sent_to_setup_and_can_enable_totp(demo: Any, client: Client) -> None:
    user = demo.user("pes_staff")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    _login(client, user.email)
    response = client.get("/realizacja/")
    assert response["Location"].startswith("/konto/2fa/konfiguracja/")
    page = client.get("/konto/2fa/konfiguracja/")
    assert page.status_code == 200
    assert "data:image/svg+xml" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    from django_otp.oath import totp

    token = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    done = client.post("/konto/2fa/konfiguracja/", {"token": token, "password": DEMO_PASSWORD})
    assert done.status_code == 200
    assert "Kody zapasowe" in done.content.decode()
    assert TOTPDevice.objects.get(user=user).confirmed
    assert StaticDevice.objects.get(user=user).token_set.count() == 10


def test_lockout_after_five_failed_logins(demo: Any, client: Client) -> None:
    for _ in range(5):
        response = _login(client, "urzednik@hajnowka.demo", "zle-haslo")
    response = _login(client, "urzednik@hajnowka.demo")  # right password, still locked
    assert response.status_code == 429
    assert "zablokowane" in response.content.decode()


def test_wrong_password_shows_polish_error(demo: Any, client: Client) -> None:
    response = _login(client, "urzednik@hajnowka.demo", "zle-haslo")
    assert response.status_code == 200
    assert "Nieprawidłowy adres e-mail lub hasło" in response.content.decode()


def test_password_reset_sends_mail_with_working_link(demo: Any, client: Client) -> None:
    response = client.post("/konto/haslo/reset/", {"email": "urzednik@hajnowka.demo"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = next(line for line in body.splitlines() if "/konto/haslo/reset/" in line)
    path = link.split("testserver", 1)[1]
    form = client.get(path, follow=True)
    assert form.status_code == 200
    new_password = "Nowe-Haslo-Puszcza-2027"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    assert User.objects.get(email="urzednik@hajnowka.demo").check_password(new_password)


def test_registration_validates_and_creates_resident(db: None, client: Client) -> None:
    bad = client.post(
        "/konto/rejestracja/",
        {"full_name": "Jan", "email": "jan@example.org", "password1": "12345", "password2": "123456"},
    )
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "Hasła nie są takie same" in text
    assert not User.objects.filter(email="jan@example.org").exists()
    ok = client.post(
        "/konto/rejestracja/",
        {
            "full_name": "Jan Kowalski",
            "email": "Jan@Example.org",
            "password1": "Puszcza-Bialowieska-1",
            "password2": "Puszcza-Bialowieska-1",
        },
    )
    assert ok.status_code == 302
    user = User.objects.get(email="jan@example.org")
    assert roles.roles_of(user) == set()


def test_session_expires_after_inactivity() -> None:
    """30 minutes idle, sliding: refreshed at most once a minute, not on every request (the behaviour itself:
    tests/accounts/test_session_refresh.py)."""
    from django.conf import settings

    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert not settings.SESSION_SAVE_EVERY_REQUEST
    assert 0 < settings.SESSION_REFRESH_INTERVAL <= settings.SESSION_COOKIE_AGE // 10
    assert "kooperacja.accounts.middleware.SlidingSessionMiddleware" in settings.MIDDLEWARE


def test_api_token_lifecycle(demo: Any, client: Client) -> None:
    officer = demo.user("officer")
    token, key = api_token_create(user=officer, name="system OPS")
    assert ApiToken.objects.get(pk=token.pk).key_hash != key
    response = client.get("/api/v1/organisations?limit=1", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    bad = client.get("/api/v1/organisations", HTTP_AUTHORIZATION="Bearer koop_wrong")
    assert bad.status_code == 401
    from tests.conftest import login_client

    login_client(client, officer)
    revoke = client.post(f"/konto/tokeny/{token.pk}/uniewaznij/")
    assert revoke.status_code == 302
    after = Client().get("/api/v1/organisations", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert after.status_code == 401


@pytest.mark.parametrize("path", ["/konto/profil/", "/organizacje/nowa/"])
def test_anonymous_is_sent_to_login(client: Client, db: None, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
