"""The cooperation API: same scopes as the pages, access log, the closed loop over HTTP."""

from __future__ import annotations

from typing import Any

from kooperacja.core.models import AccessLog
from tests.cooperation import helpers as h


def _any_case(title: str) -> Any:
    """A case of Narewka's team or (Białowieża's, in the powiat scenario) of another gmina's team."""
    from kooperacja.cooperation.models import Case

    return Case.objects.get(title=title)


def test_cases_are_scoped_and_logged(demo: Any, client_as: Any) -> None:
    # PCPR also sees the Białowieża case referred to it through the powiat team (demo scenario 'powiat')
    shown = ("Rodzina J.", "Rodzina M.", "Pan S.", "Pan S. (Białowieża)")
    titles = {c["title"] for c in client_as("partner").get("/api/v1/cooperation/cases").json()}
    assert titles == set(shown)
    titles = {c["title"] for c in client_as("police").get("/api/v1/cooperation/cases").json()}
    assert titles == {"Rodzina K."}
    assert client_as("analyst").get("/api/v1/cooperation/cases").json() == []
    # One access-log row for the request, naming the four cases shown (issue 15 §4).
    (row,) = AccessLog.objects.filter(user=demo.user("partner"), purpose="API: lista spraw")
    assert row.record_count == 4
    assert set(row.record_ids) == {str(_any_case(t).pk) for t in shown}


def test_referral_inbox_and_loop(demo: Any, client_as: Any) -> None:
    partner = client_as("partner")
    rows = partner.get("/api/v1/cooperation/referrals").json()
    assert {r["case_number"] for r in rows} == {
        _any_case(t).number for t in ("Rodzina J.", "Pan S.", "Pan S. (Białowieża)")
    }
    assert [r["overdue"] for r in rows if r["case_number"] == h.case("Pan S.").number] == [True]
    pk = h.referral("Rodzina J.", "PCPR Hajnówka").pk
    assert (
        partner.post(
            f"/api/v1/cooperation/referrals/{pk}/complete", {"text": "x"}, content_type="application/json"
        ).status_code
        == 409
    )
    assert (
        partner.post(
            f"/api/v1/cooperation/referrals/{pk}/decline", {"text": ""}, content_type="application/json"
        ).status_code
        == 422
    )
    response = partner.post(f"/api/v1/cooperation/referrals/{pk}/accept", {}, content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == "accepted"
    sw = client_as("social_worker")
    assert sw.post(f"/api/v1/cooperation/referrals/{pk}/start", {}, content_type="application/json").status_code == 403
    assert (
        client_as("officer")
        .post(f"/api/v1/cooperation/referrals/{pk}/start", {}, content_type="application/json")
        .status_code
        == 404
    )


def test_statistics_only_for_analysts(client_as: Any) -> None:
    rows = client_as("analyst").get("/api/v1/cooperation/statistics").json()
    # Teams come by name; the second authority's Białowieża team (demo, fb1c878) now sorts before Narewka.
    (narewka,) = [r for r in rows if r["team"] == "Partnerski Zespół Kooperacji Gminy Narewka"]
    assert narewka["cases_closed"] == 1 and narewka["referrals_overdue"] == 1
    assert client_as("partner").get("/api/v1/cooperation/statistics").status_code == 403
