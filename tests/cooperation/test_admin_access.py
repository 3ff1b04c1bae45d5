"""Least privilege (issue 10, item 7): the platform administrator does not read a cooperation team's pages
(members, meetings, minutes, tasks) unless its institution is a member; aggregated figures stay open to it.
Decision: docs/architecture.md, "Administrator platformy a dane wewnętrzne"."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from kooperacja.cooperation import selectors

from . import helpers as h


def test_platform_admin_gets_404_on_team_pages(demo: Any, client_as: Any) -> None:
    admin = client_as("admin")
    for url in (
        reverse("cooperation:teams"),
        reverse("cooperation:team_detail", kwargs={"pk": h.team().pk}),
        reverse("cooperation:meeting_detail", kwargs={"pk": h.meeting(0).pk}),
    ):
        assert admin.get(url).status_code == 404, url
    user = demo.user("admin")
    assert not user.has_perm("cooperation.see_teams")
    assert not user.has_perm("cooperation.see_team", h.team())
    assert not selectors.teams_visible_to(user).exists()
    home = admin.get("/").content.decode()
    assert f'href="{reverse("cooperation:teams")}"' not in home  # no menu entry to pages it cannot open
    assert admin.get(reverse("cooperation:statistics")).status_code == 200


def test_team_member_still_reads_the_meeting(demo: Any, client_as: Any) -> None:
    url = reverse("cooperation:meeting_detail", kwargs={"pk": h.meeting(0).pk})
    assert client_as("police").get(url).status_code == 200
