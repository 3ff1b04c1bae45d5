from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def reps(demo: Any) -> dict[str, Any]:
    """Give every demo member organisation without a login a representative, so all members can vote."""
    from kooperacja.accounts.enums import MembershipStatus, Role
    from kooperacja.accounts.models import User
    from kooperacja.organisations.models import Membership

    users = {}
    for key in ("ss_dobre_rece", "przystan", "kis_hajnowka"):
        user = User.objects.create_user(email=f"rep-{key}@test.demo", password="x-Test-12345", full_name=f"Rep {key}")
        Membership.objects.create(
            user=user, organisation=demo.org(key), role=Role.PES_STAFF, status=MembershipStatus.ACTIVE
        )
        users[key] = user
    return users


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
