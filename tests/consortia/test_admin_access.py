"""Least privilege (issue 10, item 7): the platform administrator runs the platform, it does not read a
consortium's deliberations (resolutions, votes, meetings and minutes, documents, the split, support, incubation)
unless it represents a member like anyone else. Decision: docs/architecture.md, "Administrator platformy a dane
wewnętrzne"."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from kooperacja.consortia import rules as _rules  # noqa: F401  (registers the permissions)
from kooperacja.consortia import selectors

from . import helpers as h

INTERNAL = [
    ("consortia:members", lambda d: {"pk": h.consortium().pk}),
    ("consortia:bodies", lambda d: {"pk": h.consortium().pk}),
    ("consortia:agreement_pdf", lambda d: {"pk": h.consortium().pk}),
    ("consortia:meetings", lambda d: {"pk": h.consortium().pk}),
    ("consortia:meeting", lambda d: {"pk": h.consortium().meetings.filter(status="held").first().pk}),
    ("consortia:meeting_pdf", lambda d: {"pk": h.consortium().meetings.filter(status="held").first().pk}),
    ("consortia:resolutions", lambda d: {"pk": h.consortium().pk}),
    ("consortia:resolution", lambda d: {"pk": h.resolution("adopted").pk}),
    ("consortia:resolution_pdf", lambda d: {"pk": h.resolution("adopted").pk}),
    ("consortia:documents", lambda d: {"pk": h.consortium().pk}),
    ("consortia:document", lambda d: {"pk": h.consortium().documents.first().pk}),
    ("consortia:plan", lambda d: {"pk": h.approved_plan(d).pk}),
    (
        "consortia:split",
        lambda d: {"pk": h.approved_plan(d).consortium_id, "contract_pk": h.approved_plan(d).contract_id},
    ),
    (
        "consortia:consortium_report",
        lambda d: {"pk": h.approved_plan(d).consortium_id, "contract_pk": h.approved_plan(d).contract_id},
    ),
]


def test_platform_admin_gets_404_on_consortium_internals(demo: Any, client_as: Any) -> None:
    admin = client_as("admin")
    for name, kwargs in INTERNAL:
        url = reverse(name, kwargs=kwargs(demo))
        assert admin.get(url).status_code == 404, url
    c = h.consortium()
    assert admin.get(f"/api/v1/consortia/{c.pk}/resolutions").status_code == 404
    assert admin.get("/api/v1/allocations").json()["items"] == []
    user = demo.user("admin")
    assert not user.has_perm("consortia.view_internal", c)
    assert not selectors.meetings_visible_to(user).exists()
    assert not selectors.resolutions_visible_to(user).exists()
    assert not selectors.support_requests_visible_to(user).exists()
    assert not selectors.incubations_visible_to(user).exists()
    assert not selectors.allocations_visible_to(user).exists()


def test_platform_admin_keeps_what_runs_the_platform(demo: Any, client_as: Any) -> None:
    admin = client_as("admin")
    c = h.consortium()
    assert admin.get(reverse("consortia:list")).status_code == 200
    page = admin.get(reverse("consortia:detail", kwargs={"pk": c.pk}))
    assert page.status_code == 200
    assert c.name in page.content.decode()
    assert reverse("consortia:resolutions", kwargs={"pk": c.pk}) not in page.content.decode()
    assert admin.get(reverse("consortia:found")).status_code == 200
    assert admin.get(f"/api/v1/consortia/{c.pk}").status_code == 200


def test_platform_admin_who_represents_a_member_sees_like_a_member(demo: Any, client_as: Any) -> None:
    from kooperacja.accounts.roles import forget_memberships
    from kooperacja.consortia.access import forget
    from kooperacja.organisations.models import Membership

    user = demo.user("admin")
    Membership.objects.create(user=user, organisation=demo.org("ss_zubr"), role="pes_staff", status="active")
    forget_memberships(user)
    forget(user)
    url = reverse("consortia:resolution", kwargs={"pk": h.resolution("adopted").pk})
    assert client_as("admin").get(url).status_code == 200
