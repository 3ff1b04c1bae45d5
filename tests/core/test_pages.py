from __future__ import annotations

from typing import Any

from django.test import Client

from tests.conftest import login_client


def test_404_page_is_polish(db: None, client: Client) -> None:
    response = client.get("/nie-ma-takiej-strony/")
    assert response.status_code == 404
    assert "Nie znaleziono strony" in response.content.decode()


def test_403_page_is_polish(demo: Any) -> None:
    client = login_client(Client(), demo.user("resident"))
    response = client.get("/organizacje/import/")
    assert response.status_code == 403
    assert "Brak dostępu" in response.content.decode()


def test_500_page_is_static_polish(rf: Any) -> None:
    from kooperacja.core.views import error_500

    response = error_500(rf.get("/"))
    assert response.status_code == 500
    assert "wystąpił błąd serwera" in response.content.decode()


def test_menu_follows_permissions(demo: Any) -> None:
    admin = login_client(Client(), demo.user("admin"))
    text = admin.get("/").content.decode()
    assert "Import organizacji" in text
    assert "Organizacje do weryfikacji" in text
    resident = login_client(Client(), demo.user("resident"))
    text = resident.get("/").content.decode()
    assert "Import organizacji" not in text
    assert "mieszkaniec" in text


def test_english_can_be_switched_on(demo: Any, client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    text = client.get("/").content.decode()
    assert '<html lang="en">' in text
    assert "Log in" in text


def test_platform_admin_reaches_django_admin_for_the_registry_only(demo: Any) -> None:
    admin = login_client(Client(), demo.user("admin"))
    assert admin.get("/admin/organisations/organisation/").status_code == 200
    assert admin.get("/admin/core/accesslog/").status_code == 403
    officer = login_client(Client(), demo.user("officer"))
    assert officer.get("/admin/").status_code == 302


def test_security_headers(db: None, client: Client) -> None:
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_health(db: None, client: Client) -> None:
    assert client.get("/zdrowie/").json() == {"status": "ok"}
