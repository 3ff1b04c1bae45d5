"""One policy per aggregate: for every demo user and every record, `obj in scope(user, action)` exactly when
`can(user, action, obj)`; the `rules` permissions and the selectors answer from the same policy; what a user may
not know exists is a 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from kooperacja.accounts.models import User
from kooperacja.commissioning import selectors
from kooperacja.commissioning.models import Contract, Report, ServicePackage
from kooperacja.commissioning.policies import CONTRACTS, PACKAGES, REPORTS
from kooperacja.core.policy import assert_policy_consistent
from tests.conftest import login_client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("policy", "model"),
    [(PACKAGES, ServicePackage), (CONTRACTS, Contract), (REPORTS, Report)],
    ids=["packages", "contracts", "reports"],
)
def test_policy_scope_agrees_with_can(demo: Any, policy: Any, model: Any) -> None:
    objects = list(model.objects.all())
    assert objects, f"the demo has no {model.__name__}"
    assert assert_policy_consistent(policy, User.objects.all(), objects) >= len(objects)


def test_rules_wrap_the_policies(demo: Any) -> None:
    contracts = list(Contract.objects.all())
    packages = list(ServicePackage.objects.all())
    for user in User.objects.all():
        for action, perm in (("manage", "manage_contract"), ("report", "report_contract"), ("view", "view_contract")):
            allowed = set(CONTRACTS.visible(user, action).values_list("pk", flat=True))
            for c in contracts:
                assert user.has_perm(f"commissioning.{perm}", c) == (c.pk in allowed), (user, perm, c)
        managed = set(PACKAGES.visible(user, "manage").values_list("pk", flat=True))
        for p in packages:
            assert user.has_perm("commissioning.manage_package", p) == (p.pk in managed), (user, p)
            assert user.has_perm("commissioning.view_package", p)


def test_selectors_use_the_policies(demo: Any) -> None:
    for user in User.objects.all():
        assert set(selectors.contracts_visible_to(user).values_list("pk", flat=True)) == set(
            CONTRACTS.visible(user).values_list("pk", flat=True)
        )
        assert set(selectors.reports_visible_to(user).values_list("pk", flat=True)) == set(
            REPORTS.visible(user).values_list("pk", flat=True)
        )
        # a report is readable exactly when its contract is
        readable = set(selectors.contracts_visible_to(user).values_list("pk", flat=True))
        for report in Report.objects.all():
            assert REPORTS.can(user, "view", report) == (report.contract_id in readable)


def test_the_demo_exercises_both_answers(demo: Any) -> None:
    """The property tests above would pass vacuously if nobody, or everybody, could act."""
    officer, pes = demo.user("officer"), demo.user("pes_staff")
    contract = Contract.objects.filter(authority=demo.org("um_hajnowka")).first()
    assert contract is not None
    assert officer.has_perm("commissioning.manage_contract", contract)
    assert not pes.has_perm("commissioning.manage_contract", contract)
    assert officer.has_perm("commissioning.view_contracts")
    assert officer.has_perm("commissioning.manage_package")
    assert not pes.has_perm("commissioning.manage_package")
    assert any(not CONTRACTS.can(u, "view", contract) for u in User.objects.filter(is_staff=False))


def test_a_contract_one_may_not_know_is_a_404(demo: Any, client: Any) -> None:
    for user in User.objects.filter(is_active=True, is_staff=False).order_by("pk"):
        hidden = Contract.objects.exclude(pk__in=CONTRACTS.visible(user).values("pk")).first()
        if hidden is None or not user.has_perm("commissioning.view_contracts"):
            continue
        c = login_client(client, user)
        assert c.get(reverse("commissioning:contract_detail", args=[hidden.pk])).status_code == 404
        report = hidden.reports.first()
        if report is not None:
            assert c.get(reverse("commissioning:report_detail", args=[report.pk])).status_code == 404
        return
    pytest.fail("every demo user with the contracts menu sees every contract: the 404 rule is not exercised")
