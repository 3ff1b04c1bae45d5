"""Issue 11 in the registry: one policy per aggregate (can == scope for every demo user and record), the join
request lifecycle on core.workflow (walked by hypothesis), core.actors.require (SYSTEM passes, None is an error)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from kooperacja.accounts.enums import MembershipStatus
from kooperacja.accounts.models import User
from kooperacja.core.actors import SYSTEM
from kooperacja.core.policy import Policy, assert_policy_consistent
from kooperacja.core.workflow import StateChangeOutsideWorkflow
from kooperacja.organisations import policies, selectors, services, workflows
from kooperacja.organisations.models import Membership

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("policy", policies.ALL_POLICIES, ids=lambda p: type(p).__name__)
def test_can_and_scope_agree_for_every_demo_user_and_record(demo: Any, policy: Policy[Any]) -> None:
    services.membership_request(actor=demo.user("resident"), organisation=demo.org("ss_zubr"), role="pes_staff")
    objects = list(policy.model._default_manager.all()[:300])
    assert objects
    users = [AnonymousUser(), *User.objects.all()]
    assert assert_policy_consistent(policy, users, objects) == len(users) * len(objects) * len(policy.actions)


def test_an_unverified_organisation_answers_404_to_outsiders(demo: Any, client_as: Any) -> None:
    hidden = demo.org("nowa_inicjatywa")
    assert not hidden.is_verified
    assert client_as("ngo_staff").get(f"/organizacje/{hidden.pk}/").status_code == 404


def test_join_requests_listed_exactly_where_they_may_be_decided(demo: Any) -> None:
    request = services.membership_request(
        actor=demo.user("resident"), organisation=demo.org("ss_zubr"), role="pes_staff"
    )
    for user in User.objects.all():
        listed = selectors.pending_membership_requests_for(user).filter(pk=request.pk).exists()
        assert listed == user.has_perm("organisations.decide_join_request", request), user


def test_system_decides_and_none_is_an_error(demo: Any) -> None:
    request = services.membership_request(
        actor=demo.user("resident"), organisation=demo.org("ss_zubr"), role="pes_staff"
    )
    with pytest.raises(TypeError):
        services.membership_decide(actor=None, membership=request, accept=True)  # type: ignore[arg-type]
    with pytest.raises(PermissionDenied):
        services.membership_decide(actor=demo.user("ngo_staff"), membership=request, accept=True)
    decided = services.membership_decide(actor=SYSTEM, membership=request, accept=False)
    assert decided.status == MembershipStatus.REJECTED and decided.decided_by is None
    with pytest.raises(StateChangeOutsideWorkflow):
        decided.status = MembershipStatus.ACTIVE


def test_membership_workflow_is_consistent() -> None:
    workflows.MEMBERSHIP.check_consistency()


def test_join_request_lifecycle_walk(demo: Any) -> None:
    """Hypothesis: ask, accept, reject in any order; the stored state follows the workflow table."""
    person, org, admin = demo.user("resident"), demo.org("ss_zubr"), demo.user("pes_staff")

    class Walk(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            Membership.objects.filter(user=person, organisation=org).delete()
            self.state: str | None = None
            self.pk: int | None = None

        @rule()
        def ask(self) -> None:
            if self.state in (None, MembershipStatus.REJECTED, MembershipStatus.ENDED):
                self.pk = services.membership_request(actor=person, organisation=org, role="pes_staff").pk
                self.state = MembershipStatus.PENDING
            else:
                with pytest.raises(ValidationError):
                    services.membership_request(actor=person, organisation=org, role="pes_staff")

        @rule(accept=st.booleans())
        def decide(self, accept: bool) -> None:
            if self.pk is None:
                return
            membership = Membership.objects.get(pk=self.pk)
            if self.state == MembershipStatus.PENDING:
                services.membership_decide(actor=admin, membership=membership, accept=accept)
                self.state = MembershipStatus.ACTIVE if accept else MembershipStatus.REJECTED
            else:
                with pytest.raises(ValidationError):
                    services.membership_decide(actor=admin, membership=membership, accept=accept)

        @invariant()
        def stored(self) -> None:
            if self.pk is not None:
                assert Membership.objects.get(pk=self.pk).status == self.state

    run_state_machine_as_test(Walk, settings=settings(max_examples=15, stateful_step_count=10, deadline=None))


def test_form_fields_come_from_the_service_and_nothing_else_is_set(demo: Any) -> None:
    from kooperacja.organisations.forms import OrganisationForm

    assert tuple(OrganisationForm._meta.fields) == services.ORGANISATION_FIELDS
    org = demo.org("ss_zubr")
    with pytest.raises(ValidationError, match="is_verified"):
        services.organisation_update(actor=demo.user("pes_staff"), organisation=org, data={"is_verified": False})
    org.refresh_from_db()
    assert org.is_verified
