"""One policy per aggregate: `can` and `scope` agree for every demo user and object, and answer the EXPECTED table."""

from __future__ import annotations

from typing import Any

import pytest

from kooperacja.accounts.models import User
from kooperacja.cooperation import selectors
from kooperacja.cooperation.models import Case, PlanProposal, Referral, Team
from kooperacja.cooperation.policies import CASES, PROPOSALS, REFERRALS, TEAMS
from kooperacja.core.policy import assert_policy_consistent
from tests.cooperation import helpers as h
from tests.cooperation.test_access import CASES as CASE_TITLES
from tests.cooperation.test_access import EXPECTED
from tests.matrix import ROLES


def _users() -> list[Any]:
    from django.contrib.auth.models import AnonymousUser

    return [*User.objects.order_by("pk"), AnonymousUser()]


@pytest.mark.parametrize(
    ("policy", "model"),
    [(CASES, Case), (REFERRALS, Referral), (TEAMS, Team), (PROPOSALS, PlanProposal)],
    ids=["case", "referral", "team", "proposal"],
)
def test_policy_can_and_scope_agree_for_every_demo_user_and_object(policy: Any, model: Any, demo: Any) -> None:
    objects = list(model.objects.all())
    assert objects, f"the demo has {model.__name__} records"
    checked = assert_policy_consistent(policy, _users(), objects)
    assert checked == len(_users()) * len(policy.actions) * len(objects)


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_case_policy_answers_the_need_to_know_table(role: str, demo: Any) -> None:
    user = demo.user(role)
    visible = set(CASES.visible(user).values_list("title", flat=True)) & set(CASE_TITLES)
    assert visible == set(EXPECTED.get(role, {})), role
    for title in CASE_TITLES:
        assert user.has_perm("cooperation.see_case", h.case(title)) == (title in EXPECTED.get(role, {})), (role, title)


def test_only_the_owner_manages_an_open_case(demo: Any) -> None:
    sw, partner, police = demo.user("social_worker"), demo.user("partner"), demo.user("police")
    case = h.case("Rodzina J.")
    assert CASES.can(sw, "manage", case) and sw.has_perm("cooperation.manage_case", case)
    assert not CASES.can(partner, "manage", case)  # sees parts by consent, does not own the case
    assert not CASES.can(police, "manage", h.case("Rodzina K."))  # named and referred, still not the owner
    closed = Case.objects.filter(team=h.team(), status="closed").first()
    if closed is not None:
        assert not CASES.can(sw, "manage", closed) and CASES.can(sw, "see_log", closed)


def test_referral_policy_is_the_selectors_scope(demo: Any) -> None:
    referral = h.referral("Rodzina J.", "PCPR Hajnówka")
    partner, sw = demo.user("partner"), demo.user("social_worker")
    assert REFERRALS.can(partner, "handle", referral) and REFERRALS.can(partner, "view", referral)
    assert REFERRALS.can(sw, "view", referral) and not REFERRALS.can(sw, "handle", referral)
    for user in (partner, sw, demo.user("police")):
        assert set(selectors.referrals_visible_to(user)) == set(REFERRALS.visible(user))


def test_team_policy_without_object_answers_menus(demo: Any) -> None:
    assert demo.user("social_worker").has_perm("cooperation.manage_team")
    assert demo.user("partner").has_perm("cooperation.see_team")
    assert not demo.user("analyst").has_perm("cooperation.see_team")


def test_services_take_the_system_actor_and_refuse_none(demo: Any) -> None:
    """`require` from core: the platform acts as SYSTEM (recorded as such), a missing actor is a programming error."""
    from kooperacja.cooperation import services
    from kooperacja.core.actors import SYSTEM
    from kooperacja.core.models import AuditEvent

    consent = h.active_consent()
    with pytest.raises(TypeError):
        services.consent_withdraw(actor=None, consent=consent)  # type: ignore[arg-type]
    withdrawn = services.consent_withdraw(actor=SYSTEM, consent=consent, note="wygasła umowa")
    assert withdrawn.withdrawn_at is not None and withdrawn.withdrawn_by is None
    event = AuditEvent.objects.filter(verb="cooperation.consent_withdrawn").order_by("-id").first()
    assert event is not None and event.actor is None and event.actor_label == str(SYSTEM.label)
