"""The sliding idle timeout without a session write on every page view (docs/performance.md §5 p. 6).

settings: 30 minutes without a request end a session; `SlidingSessionMiddleware` writes the session when it
changed or when its last write is `SESSION_REFRESH_INTERVAL` (a minute) old, so a session ends after 29-30
minutes idle, and a plain second page view costs no `UPDATE django_session`."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

AGE = settings.SESSION_COOKIE_AGE
INTERVAL = settings.SESSION_REFRESH_INTERVAL


def _session_writes(ctx: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in ctx.captured_queries
        if "django_session" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")
    ]


def _expiry(client: Any) -> datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


@contextmanager
def _clock(at: datetime) -> Any:
    """Sessions, their expiry and the refresh mark all read `timezone.now()`."""
    with mock.patch("django.utils.timezone.now", return_value=at):
        yield


def test_a_plain_second_page_view_writes_no_session(client_as: Any) -> None:
    client = client_as("officer")
    page = reverse("accounts:profile")
    assert client.get(page).status_code == 200  # the first view after the sign-in marks the session
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(page).status_code == 200
    assert _session_writes(ctx) == []
    # the same for a page of the role's own work with the full menu
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("commissioning:officer_home")).status_code == 200
    assert _session_writes(ctx) == []


def test_a_change_in_the_session_is_written_at_once(client_as: Any) -> None:
    """Inside the interval a view that changes the session still saves it (the change is not lost)."""
    from django.http import HttpResponse
    from django.test import RequestFactory

    from kooperacja.accounts.middleware import SlidingSessionMiddleware

    client = client_as("officer")
    client.get("/")  # marked: the next plain views are inside the interval
    key = client.session.session_key

    def view(request: Any) -> HttpResponse:
        request.session["choice"] = "kept"
        return HttpResponse("ok")

    request = RequestFactory().get("/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = key
    middleware = SlidingSessionMiddleware(view)
    with CaptureQueriesContext(connection) as ctx:
        middleware(request)
    assert _session_writes(ctx)
    assert Session.objects.get(session_key=key).get_decoded()["choice"] == "kept"
    # and a sign-out flushes the session: it is deleted, not refreshed
    client.post(reverse("accounts:logout"))
    assert not Session.objects.filter(session_key=key).exists()


def test_the_idle_timeout_slides_once_a_minute_and_ends_the_session_after_30_minutes_idle(client_as: Any) -> None:
    client = client_as("officer")
    page = reverse("commissioning:officer_home")
    start = timezone.now()
    with _clock(start):
        assert client.get(page).status_code == 200
    first = _expiry(client)
    assert abs((first - (start + timedelta(seconds=AGE))).total_seconds()) < 2

    # inside the interval: nothing written, the expiry stays
    with _clock(start + timedelta(seconds=INTERVAL - 5)), CaptureQueriesContext(connection) as ctx:
        assert client.get(page).status_code == 200
    assert _session_writes(ctx) == []
    assert _expiry(client) == first

    # 20 minutes later: the mark is old, the view writes and the expiry moves to "now + 30 minutes"
    later = start + timedelta(minutes=20)
    with _clock(later), CaptureQueriesContext(connection) as ctx:
        assert client.get(page).status_code == 200
    assert _session_writes(ctx), "an old mark refreshes the session"
    assert abs((_expiry(client) - (later + timedelta(seconds=AGE))).total_seconds()) < 2

    # active at 20 min, then idle: still signed in at 20 + 29 minutes...
    with _clock(later + timedelta(seconds=AGE - INTERVAL)):
        assert client.get(page).status_code == 200
    # ...and signed out after 30 minutes without a request (the last write was at 20 + 29 minutes)
    last_write = later + timedelta(seconds=AGE - INTERVAL)
    with _clock(last_write + timedelta(seconds=AGE + 1)):
        response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_a_session_never_outlives_30_idle_minutes_between_refreshes(client_as: Any) -> None:
    """Views inside the interval do not move the expiry: idle time counts from the last write, at most a minute
    before the last request, so the session ends at most 30 and at least 29 minutes after the last request."""
    client = client_as("officer")
    page = reverse("accounts:profile")
    start = timezone.now()
    with _clock(start):
        client.get(page)
    with _clock(start + timedelta(seconds=INTERVAL - 1)):
        assert client.get(page).status_code == 200
    last_request = start + timedelta(seconds=INTERVAL - 1)
    with _clock(last_request + timedelta(seconds=AGE - INTERVAL + 2)):
        response = client.get(page)
    assert response.status_code == 302  # 29 minutes after the last request, 30 after the last write


def test_an_anonymous_visitor_with_a_stale_cookie_gets_no_session(client: Any) -> None:
    client.cookies[settings.SESSION_COOKIE_NAME] = "x" * 32
    before = Session.objects.count()
    assert client.get("/").status_code == 200
    assert Session.objects.count() == before
