"""Issue 11 in the catalogue: one policy (can == scope), the service lifecycle on core.workflow, core.actors.require
(SYSTEM passes, None is an error) and the edit form's fields taken from the service."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from kooperacja.accounts.models import User
from kooperacja.catalog import forms, policies, services, workflows
from kooperacja.catalog.enums import ServiceStatus
from kooperacja.catalog.models import Service
from kooperacja.core.actors import SYSTEM
from kooperacja.core.models import AuditEvent
from kooperacja.core.policy import assert_policy_consistent
from kooperacja.core.workflow import StateChangeOutsideWorkflow
from kooperacja.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def _draft(demo: Any, name: str = "Szkic zajęć") -> Service:
    return services.service_create(
        actor=demo.user("pes_staff"),
        provider=demo.org("ss_zubr"),
        data={"name": name, "description": "x", "category": "other", "status": ServiceStatus.DRAFT},
    )


def test_service_policy_can_and_scope_agree_for_every_demo_user_and_service(demo: Any) -> None:
    draft = _draft(demo)
    services.service_set_status(actor=SYSTEM, service=_draft(demo, "Zakończona"), status=ServiceStatus.ENDED)
    objects = list(Service.objects.select_related("provider"))
    assert draft in objects and len(objects) > 5
    users = [AnonymousUser(), *User.objects.all()]
    checked = assert_policy_consistent(policies.services, users, objects)
    assert checked == len(users) * len(objects) * len(policies.services.actions)


def test_rules_wrap_the_policy(demo: Any) -> None:
    draft = _draft(demo)
    staff, other = demo.user("pes_staff"), demo.user("ngo_staff")
    assert staff.has_perm("catalog.view_service", draft) and staff.has_perm("catalog.change_service", draft)
    assert not other.has_perm("catalog.view_service", draft)
    assert not other.has_perm("catalog.change_service", draft)
    assert not AnonymousUser().has_perm("catalog.view_service", draft)


def test_a_draft_of_another_provider_answers_404(demo: Any, client_as: Any) -> None:
    draft = _draft(demo)
    client = client_as("ngo_staff")
    assert client.get(reverse("catalog:detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("catalog:edit", args=[draft.pk])).status_code == 404


def test_system_passes_and_none_is_an_error(demo: Any) -> None:
    draft = _draft(demo)
    moved = services.service_set_status(actor=SYSTEM, service=draft, status=ServiceStatus.ACTIVE)
    assert moved.status == ServiceStatus.ACTIVE
    last = AuditEvent.objects.filter(verb="catalog.service_status", target_id=str(draft.pk)).latest("pk")
    assert last.actor is None and last.actor_label == str(SYSTEM.label)
    with pytest.raises(TypeError):
        services.service_set_status(actor=None, service=draft, status=ServiceStatus.SUSPENDED)  # type: ignore[arg-type]
    with pytest.raises(PermissionDenied):
        services.service_set_status(actor=demo.user("ngo_staff"), service=draft, status=ServiceStatus.SUSPENDED)


def test_state_changes_only_through_the_workflow(demo: Any) -> None:
    draft = _draft(demo)
    with pytest.raises(StateChangeOutsideWorkflow):
        draft.status = ServiceStatus.ACTIVE
    with pytest.raises(ValidationError) as err:
        services.service_set_status(actor=SYSTEM, service=draft, status=ServiceStatus.SUSPENDED)  # draft -> suspended
    assert "status" in err.value.error_dict
    assert Service.objects.get(pk=draft.pk).status == ServiceStatus.DRAFT


def test_workflow_is_consistent() -> None:
    workflows.SERVICE.check_consistency()


def test_service_lifecycle_walk(demo: Any) -> None:
    """Hypothesis walks random status requests through the service; it follows the table exactly."""
    service = _draft(demo, "Wędrówka")
    targets = list(ServiceStatus.values)

    class Walk(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.state = str(Service.objects.get(pk=service.pk).status)

        @rule(status=st.sampled_from(targets))
        def move(self, status: str) -> None:
            allowed = workflows.SERVICE.targets(self.state)
            if status in allowed:
                services.service_set_status(actor=SYSTEM, service=service, status=status)
                self.state = status
            else:
                with pytest.raises(ValidationError):
                    services.service_set_status(actor=SYSTEM, service=service, status=status)

        @invariant()
        def stored(self) -> None:
            assert Service.objects.get(pk=service.pk).status == self.state

    run_state_machine_as_test(Walk, settings=settings(max_examples=15, stateful_step_count=12, deadline=None))


def test_form_fields_come_from_the_service_and_status_offers_only_reachable_states(demo: Any) -> None:
    assert set(forms.ServiceForm._meta.fields) | {"status"} == {"provider", *services.SERVICE_EDIT_FIELDS}
    draft = _draft(demo)
    form = forms.ServiceForm(instance=draft, organisations=Organisation.objects.none())
    offered = {value for value, _label in form.fields["status"].choices}
    assert offered == {ServiceStatus.DRAFT, ServiceStatus.ACTIVE, ServiceStatus.ENDED}
    new = forms.ServiceForm(organisations=Organisation.objects.none())
    assert {v for v, _label in new.fields["status"].choices} == {ServiceStatus.DRAFT, ServiceStatus.ACTIVE}
