"""Issue 15 §3: public anonymous pages come from the cache (`kooperacja.core.pagecache`) and follow writes."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ANY_TOKEN = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[A-Za-z0-9]+')


def _get(client: Any, url: str) -> tuple[Any, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["catalog:index", "organisations:directory"])
def test_second_anonymous_view_runs_no_query(name: str, demo: Any) -> None:
    url = reverse(name)
    first, n_first = _get(Client(), url)
    again, n_again = _get(Client(), url)
    assert n_first > 0
    assert n_again == 0
    assert ANY_TOKEN.sub("", first.content.decode()) == ANY_TOKEN.sub("", again.content.decode())


def test_cached_page_carries_the_visitors_own_csrf_token(demo: Any) -> None:
    url = reverse("catalog:index")
    Client().get(url)  # fills the cache
    visitor = Client(enforce_csrf_checks=True)
    page, n = _get(visitor, url)
    assert n == 0
    token = TOKEN.search(page.content.decode()).group(1)
    other = TOKEN.search(Client().get(url).content.decode()).group(1)
    assert token != other  # each visitor their own masked token, never the one of whoever filled the cache
    assert "csrftoken" in page.cookies
    # the language form of the cached page works for this visitor (403 if the token were someone else's)
    answer = visitor.post(reverse("set_language"), {"language": "en", "next": url, "csrfmiddlewaretoken": token})
    assert answer.status_code == 302


def test_a_write_shows_at_once(demo: Any) -> None:
    from kooperacja.catalog.models import Service

    url = reverse("catalog:detail", args=[Service.objects.filter(status="active").order_by("pk").first().pk])
    _get(Client(), url)
    service = Service.objects.filter(status="active").order_by("pk").first()
    service.summary = "Zupełnie nowy opis usługi dla mieszkańców"
    service.save()
    page, n = _get(Client(), url)
    assert n > 0
    assert "Zupełnie nowy opis usługi dla mieszkańców" in page.content.decode()


def test_signed_in_and_flash_message_visitors_are_not_served_from_the_cache(client_as: Any, demo: Any) -> None:
    url = reverse("catalog:index")
    _get(Client(), url)
    officer = client_as("officer")
    _get(officer, url)
    _, n = _get(officer, url)
    assert n > 0  # a signed-in page is rendered for them (their menu, their drafts)
    with_message = Client()
    with_message.cookies["messages"] = "x"
    _, n = _get(with_message, url)
    assert n > 0
