"""The audit verbs of delivery, catalog, organisations and accounts are declared, and the demo records only those."""

from __future__ import annotations

import re

import pytest

from kooperacja.accounts.events import AccountEvent
from kooperacja.catalog.events import CatalogEvent
from kooperacja.core.events import is_declared, label_for
from kooperacja.core.models import AuditEvent
from kooperacja.delivery.events import DeliveryEvent
from kooperacja.organisations.events import OrganisationEvent

CLASSES = [DeliveryEvent, CatalogEvent, OrganisationEvent, AccountEvent]
# Stored prefixes of these four apps (organisations and accounts predate the `<app>.<verb>` convention).
PREFIXES = ("delivery.", "catalog.", "organisation.", "membership.", "user.", "api_token.")


@pytest.mark.parametrize("choices", CLASSES, ids=lambda c: c.__name__)
def test_every_verb_is_declared_with_a_sentence(choices: type) -> None:
    for member in choices:
        assert is_declared(member.value)
        label = label_for(member.value)
        assert label == str(member.label)
        # a sentence, not the stored code ("art. 94 Pzp" may cite an article; "organisation.x_y" may not show)
        assert label != member.value and label[0].isupper() and re.search(r"[a-z_]\.[a-z_]", label) is None


def test_verbs_keep_their_stored_strings() -> None:
    assert DeliveryEvent.ENROLLED == "delivery.enrolled"
    assert DeliveryEvent.PROGRAMME_RETURNED == "delivery.programme_returned"
    assert OrganisationEvent.MEMBERSHIP_ACCEPTED == "membership.accepted"
    assert AccountEvent.PASSWORD_FAILURES == "user.2fa_password_failures"
    assert AccountEvent.API_TOKEN_REVOKED == "api_token.revoked"
    assert CatalogEvent.COMPLIANCE_CHECKED == "catalog.compliance_checked"


@pytest.mark.django_db
def test_demo_timeline_of_these_apps_uses_declared_verbs(demo: object) -> None:
    stored = set(AuditEvent.objects.values_list("verb", flat=True).distinct())
    ours = {v for v in stored if v.startswith(PREFIXES)}
    assert ours, "the demo records events of these apps"
    assert sorted(v for v in ours if not is_declared(v)) == []
