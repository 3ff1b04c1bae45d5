"""Issue 10, item 7: pages and files with personal data are never cached (`Cache-Control: no-store`).

One mechanism: `core.audit.log_access` (called before every display or export of personal data) marks the
request, and `core.middleware.NoStoreForPersonalDataMiddleware` adds the header (see its docstring).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.cooperation import helpers as coop
from tests.delivery.matrix import person_pk


def _case(title: str) -> Any:
    return lambda d: {"pk": coop.case(title).pk}


PAGES = [
    ("social_worker", "cooperation:case_detail", _case("Rodzina J.")),
    ("social_worker", "cooperation:case_list", lambda d: {}),
    ("social_worker", "cooperation:case_diagnosis", _case("Rodzina J.")),
    ("social_worker", "cooperation:case_log", _case("Rodzina J.")),
    ("social_worker", "cooperation:consent_create", _case("Rodzina J.")),
    ("social_worker", "cooperation:case_export", _case("Rodzina J.")),
    ("partner", "cooperation:referral_inbox", lambda d: {}),
    ("partner", "cooperation:referral_detail", lambda d: {"pk": coop.referral("Rodzina J.", "PCPR Hajnówka").pk}),
    ("pes_staff", "delivery:people", lambda d: {}),
    ("pes_staff", "delivery:person", lambda d: person_pk()),
    ("pes_staff", "delivery:person_export", lambda d: person_pk()),
]


@pytest.mark.parametrize(("role", "url_name", "kwargs"), PAGES, ids=[p[1] for p in PAGES])
def test_personal_data_is_not_cached(demo: Any, client_as: Any, role: str, url_name: str, kwargs: Any) -> None:
    response = client_as(role).get(reverse(url_name, kwargs=kwargs(demo)))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["Pragma"] == "no-cache"


def test_case_pdf_is_a_pdf_and_not_cached(demo: Any, client_as: Any) -> None:
    response = client_as("social_worker").get(
        reverse("cooperation:case_export", kwargs={"pk": coop.case("Rodzina J.").pk})
    )
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]


def test_pages_without_personal_data_stay_cacheable(demo: Any, client_as: Any) -> None:
    """The header follows the access log, not the URL: the public catalogue is not marked."""
    response = client_as("anonymous").get(reverse("catalog:index"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_log_access_outside_a_request_is_harmless(demo: Any) -> None:
    from kooperacja.core.audit import log_access

    assert len(log_access(user=demo.user("officer"), targets=demo.org("ss_zubr"), purpose="test")) == 1
