"""The header menu (core/nav.py, templates/base.html): sections instead of a column of links, exactly one active
entry, the same permission checks (issue 16, layout)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client, RequestFactory

from kooperacja.core import nav


class _Header(HTMLParser):
    """Collects the links of the header's navigation: (href, aria-current, section label or None)."""

    def __init__(self) -> None:
        super().__init__()
        self.in_nav = 0
        self.summary: str | None = None
        self.reading_summary = False
        self.in_details = False
        self.links: list[tuple[str, str | None, str | None]] = []
        self.top_level: list[str] = []
        self._li_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "nav" and "main-nav" in (a.get("class") or ""):
            self.in_nav += 1
        if not self.in_nav:
            return
        if tag == "details":
            self.in_details = True
        if tag == "summary":
            self.reading_summary, self.summary = True, ""
        if tag == "a":
            self.links.append((a.get("href") or "", a.get("aria-current"), self.summary if self.in_details else None))

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self.in_nav:
            self.in_nav -= 1
        if tag == "summary":
            self.reading_summary = False
        if tag == "details":
            self.in_details, self.summary = False, None

    def handle_data(self, data: str) -> None:
        if self.reading_summary and self.summary is not None:
            self.summary += data.strip()


def _header(client: Client, path: str) -> _Header:
    response = client.get(path)
    assert response.status_code == 200, path
    parser = _Header()
    parser.feed(response.content.decode())
    return parser


def _sections(html: str) -> list[str]:
    nav_html = html.split('class="main-nav"', 1)[1].split('class="user-nav"', 1)[0]
    return re.findall(r"<summary>([^<]+)</summary>", nav_html)


ROLES = [
    "officer",
    "commission",
    "coordinator",
    "pes_staff",
    "ngo_staff",
    "social_worker",
    "partner",
    "analyst",
    "admin",
]


def _known_roles(demo: Any) -> list[str]:
    from kooperacja.demo.scenarios.foundation import USERS

    keys = {row[0] for row in USERS}
    return [key for key in ROLES if key in keys] or [row[0] for row in USERS][:6]


@pytest.mark.django_db
def test_every_menu_page_has_exactly_one_active_entry(demo: Any, client_as: Any) -> None:
    for key in ["anonymous", *_known_roles(demo)]:
        client = client_as(key)
        response = client.get("/")
        home = _header(client, "/")
        assert [href for href, current, _s in home.links if current] == [], f"{key}: an entry active on the home page"
        menu_urls = [row["url"] for row in [*response.context["main_menu"], *response.context["user_menu"]]]
        for url in dict.fromkeys(menu_urls):
            page = _header(client, url)
            active = [href for href, current, _s in page.links if current == "page"]
            assert active == [url], f"{key} on {url}: active {active}"


@pytest.mark.django_db
def test_many_entries_are_grouped_into_a_few_sections(demo: Any, client_as: Any) -> None:
    grouped = 0
    for key in _known_roles(demo):
        client = client_as(key)
        response = client.get("/")
        menus = response.context["main_menu"]
        groups = response.context["main_groups"]
        if len(menus) > nav.FLAT_LIMIT:
            grouped += 1
            assert len(groups) <= len(nav.GROUPS) + 1, key
            sections = _sections(response.content.decode())
            assert sections, f"{key}: {len(menus)} entries, no sections"
            for group in groups:
                if len(group["items"]) > 1:
                    assert str(group["label"]) in sections
        else:
            assert all(len(g["items"]) == 1 for g in groups), key
        # every entry is still reachable from the header, in its section or on its own
        parser = _header(client, "/")
        hrefs = {href for href, _c, _s in parser.links}
        assert {row["url"] for row in menus} <= hrefs
    assert grouped, "no demo role has enough entries to be grouped"


@pytest.mark.django_db
def test_anonymous_menu_stays_flat(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert _sections(response.content.decode()) == []
    assert len(response.context["main_groups"]) == len(response.context["main_menu"])


def test_the_longest_matching_prefix_wins() -> None:
    items = [
        (nav.NavItem("A", "a:x", match_prefix="/kooperacja/"), "/kooperacja/zespoly/"),
        (nav.NavItem("B", "b:x", match_prefix="/kooperacja/sprawy/"), "/kooperacja/sprawy/"),
    ]
    request = RequestFactory().get("/kooperacja/sprawy/12/")
    assert nav._active_url(request, items) == "/kooperacja/sprawy/"
    assert nav._active_url(RequestFactory().get("/"), items) is None
    # an entry's own page is active even when its prefix names a deeper folder
    own = [(nav.NavItem("K", "k:x", match_prefix="/kooperacja/zespoly/"), "/kooperacja/"), *items]
    assert nav._active_url(RequestFactory().get("/kooperacja/"), own) == "/kooperacja/"
    assert nav._active_url(RequestFactory().get("/kooperacja/zespoly/3/"), own) == "/kooperacja/"


@pytest.mark.django_db
def test_menu_costs_no_more_queries_than_one_permission_pass(demo: Any) -> None:
    """The header is computed once per page, both sections in one pass: no more queries than checking each
    entry's permission once (before, the main and the user menu each checked every entry)."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pk = demo.user(_known_roles(demo)[0]).pk
    fresh = get_user_model().objects.get(pk=pk)
    with CaptureQueriesContext(connection) as one_pass:
        [item.visible_to(fresh) for item in nav.all_items()]
    request = RequestFactory().get("/zlecanie/")
    request.user = get_user_model().objects.get(pk=pk)
    with CaptureQueriesContext(connection) as header:
        menus = nav.menus_for(request)
    assert menus["main_menu"]
    assert len(header) <= len(one_pass)


@pytest.mark.django_db
def test_favicon_is_served(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("core/favicon.svg")
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    body = b"".join(icon.streaming_content) if icon.streaming else icon.content
    assert b"<svg" in body
    page = client.get("/").content.decode()
    assert 'rel="icon"' in page and "core/favicon.svg" in page


def _menu_urls(client: Client) -> set[str]:
    response = client.get("/")
    assert response.status_code == 200
    return {row["url"] for row in [*response.context["main_menu"], *response.context["user_menu"]]}


@pytest.mark.django_db
def test_the_menu_reads_the_role_facts_in_two_queries(demo: Any) -> None:
    """Every signed-in page pays for the menu: the memberships and one query of all the apps' yes/no role facts
    (accounts.roles.flag), whatever the role (before: 6-15 queries, docs/performance.md §5 p. 6). The other two
    are Django's ModelBackend (the user's and the groups' model permissions), once per request."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for key in [*_known_roles(demo), "police", "trainer", "resident"]:
        request = RequestFactory().get("/")
        request.user = get_user_model().objects.get(pk=demo.user(key).pk)
        with CaptureQueriesContext(connection) as ctx:
            nav.menus_for(request)
            nav.menus_for(request)  # a second pass (a widget, a template asking again) is free
        ours = [q["sql"] for q in ctx.captured_queries if "auth_permission" not in q["sql"]]
        assert len(ours) <= 2, f"{key}: {len(ours)} queries for the menu:\n" + "\n".join(ours)
        assert len(ctx.captured_queries) - len(ours) <= 2, key


@pytest.mark.django_db
def test_a_change_of_role_shows_on_the_next_request(demo: Any, client_as: Any) -> None:
    """Role facts live for one request only: a membership ended, a commission seat, a moderator appointment or
    a team membership given or taken back (here written as another process would) change the next page's menu."""
    import copy

    from django.urls import reverse

    from kooperacja.commissioning.models import Call, CommissionMember
    from kooperacja.cooperation.enums import MembershipEnd
    from kooperacja.cooperation.models import TeamMember
    from kooperacja.organisations.models import Membership
    from kooperacja.participation.models import Moderator

    officer = client_as("officer")
    officer_home = reverse("commissioning:officer_home")
    assert officer_home in _menu_urls(officer)
    Membership.objects.filter(user=demo.user("officer"), status="active").update(status="ended")
    assert officer_home not in _menu_urls(officer)
    assert officer.get(officer_home).status_code in (403, 404)
    Membership.objects.filter(user=demo.user("officer"), status="ended").update(status="active")
    assert officer_home in _menu_urls(officer)

    trainer = demo.user("trainer")
    client = client_as("trainer")
    wanted = {
        reverse("commissioning:commission_home"),
        reverse("participation:moderation"),
        reverse("cooperation:teams"),
    }
    assert not wanted & _menu_urls(client)
    call = Call.objects.filter(published_at__isnull=False).order_by("pk").first()
    seat = CommissionMember.objects.create(call=call, user=trainer)
    moderator = Moderator.objects.create(authority=demo.org("um_hajnowka"), user=trainer)
    source = TeamMember.objects.filter(left_on__isnull=True).order_by("pk").first()
    member = copy.copy(source)
    member.pk = member.id = None
    member._state = copy.copy(source._state)
    member._state.adding = True
    member.organisation = demo.org("owop")
    member.save()
    assert wanted <= _menu_urls(client)
    seat.delete()
    moderator.delete()
    TeamMember.objects.filter(pk=member.pk).update(
        left_on=member.agreement_signed_on, end_kind=MembershipEnd.values[0], left_reason="wystąpienie"
    )
    assert not wanted & _menu_urls(client)
