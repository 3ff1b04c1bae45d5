"""Planner distances from real coordinates (issue 17): haversine between a case's address and a service location,
the gmina's (then the powiat's) centre only where coordinates are missing, and the proposal says which."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kooperacja.cooperation.basket import (
    GMINA,
    NONE,
    OTHER_POWIAT_KM,
    OWN,
    POWIAT,
    Point,
    distance_matrix,
    distance_note,
    haversine_km,
    territory_point,
)
from kooperacja.cooperation.planner import PlannerInstance, check_plan, solve
from tests.conftest import login_client
from tests.cooperation import helpers as h

HAJNOWKA = (52.7436, 23.5811)
NAREWKA = (52.8339, 23.7464)
BIALOWIEZA = (52.7006, 23.8694)


def test_haversine_matches_known_distances() -> None:
    # Hajnówka – Białowieża ~ 20 km, Hajnówka – Narewka ~ 15 km in a straight line; Warsaw – Kraków ~ 252 km
    assert 19 < haversine_km(*HAJNOWKA, *BIALOWIEZA) < 21
    assert 14 < haversine_km(*HAJNOWKA, *NAREWKA) < 16
    assert 250 < haversine_km(52.2297, 21.0122, 50.0647, 19.9450) < 254
    assert haversine_km(*HAJNOWKA, *HAJNOWKA) == pytest.approx(0.0)


def _gmina(code: str, lat: Any = None, lon: Any = None, parent: Any = None) -> Any:
    return SimpleNamespace(code=code, name=f"gmina {code}", latitude=lat, longitude=lon, parent=parent)


def test_a_point_falls_back_to_the_gmina_then_the_powiat_centre() -> None:
    powiat = _gmina("2005", Decimal("52.7436"), Decimal("23.5811"))
    gmina = _gmina("2005092", Decimal("52.8339"), Decimal("23.7464"), powiat)
    bare_gmina = _gmina("2005042", parent=powiat)
    own = territory_point(gmina, own=(Decimal("52.9"), Decimal("23.8")), place="Siemianówka")
    assert (own.source, own.lat, own.place) == (OWN, 52.9, "Siemianówka")
    assert territory_point(gmina, own=(None, None)).source == GMINA
    assert territory_point(bare_gmina).source == POWIAT
    assert territory_point(_gmina("1465011", parent=_gmina("1465"))).source == NONE


def test_distance_matrix_uses_coordinates_and_the_conventional_distance_without_them() -> None:
    a = Point(*HAJNOWKA, OWN, "2005011")
    b = Point(*BIALOWIEZA, OWN, "2005022")
    unknown_same_powiat = Point(None, None, NONE, "2005092")
    unknown_other_powiat = Point(None, None, NONE, "1465011")
    d = distance_matrix([a, unknown_same_powiat], [b, unknown_other_powiat])
    assert 19 < d[0, 0] < 21
    assert d[1, 0] == 0.0  # same powiat, no coordinates: counts as reachable
    assert d[0, 1] == OTHER_POWIAT_KM and d[1, 1] == OTHER_POWIAT_KM


def test_the_planner_takes_the_nearer_service_by_real_distance() -> None:
    # One need in Białowieża, two services of its category: Hajnówka (~20 km) and Narewka (~15 km), one place each.
    origins = [Point(*BIALOWIEZA, OWN, "2005022")]
    services = [Point(*HAJNOWKA, OWN, "2005011"), Point(*NAREWKA, OWN, "2005092")]
    dist = distance_matrix(origins, services)
    inst = PlannerInstance(
        gmina_xy=np.zeros((1, 2)),
        need_category=np.array([0]),
        need_gmina=np.array([0]),
        need_weight=np.array([2]),
        need_age=np.array([70]),
        need_reasons=np.array([0], dtype=np.int64),
        svc_category=np.array([0, 0]),
        svc_xy=np.zeros((2, 2)),
        svc_capacity=np.array([1, 1]),
        svc_min_age=np.array([-1, -1]),
        svc_max_age=np.array([-1, -1]),
        svc_reasons=np.array([0, 0], dtype=np.int64),
        svc_gminas=[None, None],
        max_distance_km=40.0,
        dist_km=dist,
    )
    plan = solve(inst)
    check_plan(inst, plan)
    assert [(i, j) for i, j, _d in plan.assignments] == [(0, 1)]
    assert plan.assignments[0][2] == pytest.approx(round(float(dist[0, 1]), 1), abs=0.1)
    inst.max_distance_km = 10.0  # both too far now
    assert solve(inst).met == 0


def test_the_explanation_says_where_the_distance_was_measured_from() -> None:
    own = distance_note({"from": OWN, "from_place": "Siemianówka", "to": OWN, "to_place": "Klub, Hajnówka"})
    assert own == "Do miejsca usługi (Klub, Hajnówka) w linii prostej od adresu sprawy (Siemianówka)."
    centre = distance_note({"from": GMINA, "from_place": "Narewka", "to": OWN, "to_place": "Klub"})
    assert "od środka gminy Narewka, bo adres nie ma współrzędnych" in centre
    dest = distance_note({"from": OWN, "from_place": "x", "to": GMINA, "to_place": "Hajnówka"})
    assert dest.startswith("Do środka gminy Hajnówka (miejsce usługi nie ma współrzędnych)")
    assert "umowna" in distance_note({"from": NONE, "to": OWN})


# --- in the application -------------------------------------------------------------------------------------


def test_the_demo_plan_measures_from_addresses_and_names_the_fallback(demo: Any, client: Any) -> None:
    from kooperacja.cooperation import services

    sw = demo.user("social_worker")
    pan_s = h.case("Pan S.")  # the demo gives his address no coordinates: Narewka's centre stands in
    proposal = services.plan_propose(actor=sw, team=h.team(), max_distance_km=60)
    rows = [r for r in proposal.assignments if r["action"] in set(pan_s.programme.actions.values_list("pk", flat=True))]
    assert rows and {r["from"] for r in rows} == {GMINA} and {r["from_place"] for r in rows} == {"Narewka"}
    assert proposal.stats["from_centre"] >= 1
    login_client(client, sw)
    text = client.get(reverse("cooperation:proposal_detail", kwargs={"pk": proposal.pk})).content.decode()
    assert "od środka gminy Narewka, bo adres nie ma współrzędnych" in text
    # with the address's coordinates (Siemianówka, ~10 km north-east of Narewka) the distances are measured from it
    services.case_set_place(
        actor=sw, case=pan_s, locality="Siemianówka", latitude=Decimal("52.912"), longitude=Decimal("23.836")
    )
    again = services.plan_propose(actor=sw, team=h.team(), max_distance_km=60)
    moved = {r["action"]: r for r in again.assignments}
    for row in rows:
        if row["action"] in moved:
            new = moved[row["action"]]
            assert new["from"] == OWN and new["from_place"] == "Siemianówka"
            if new["service"] == row["service"]:
                assert new["distance_km"] != row["distance_km"]
    assert again.stats["from_centre"] == proposal.stats["from_centre"] - len(
        list(pan_s.programme.actions.filter(service__isnull=True).exclude(category=""))
    )


def test_case_coordinates_are_bounded_to_poland_and_come_in_pairs(demo: Any, client: Any) -> None:
    case = h.case("Rodzina J.")
    login_client(client, demo.user("social_worker"))
    url = reverse("cooperation:case_place", kwargs={"pk": case.pk})
    swapped = client.post(url, {"locality": "Narewka", "latitude": "23,7464", "longitude": "52,8339"})
    assert swapped.status_code == 200
    errors = swapped.context["form"].errors
    assert "49,0 do 54,9" in errors["latitude"][0] and "14,1 do 24,2" in errors["longitude"][0]
    half = client.post(url, {"locality": "Narewka", "latitude": "52,8339", "longitude": ""})
    assert "obie współrzędne" in half.context["form"].errors["longitude"][0]
    ok = client.post(url, {"locality": "Skupowo", "latitude": "52,8601", "longitude": "23,8012"})
    assert ok.status_code == 302
    case.refresh_from_db()
    assert (case.locality, case.latitude, case.longitude) == ("Skupowo", Decimal("52.860100"), Decimal("23.801200"))


def test_the_model_refuses_one_coordinate_without_the_other(demo: Any) -> None:
    case = h.case("Rodzina M.")
    case.latitude, case.longitude = Decimal("52.8"), None
    with pytest.raises(ValidationError) as err:
        case.full_clean()
    assert "obie współrzędne" in str(err.value)


def test_service_locations_take_coordinates_on_the_form(demo: Any) -> None:
    from kooperacja.catalog.forms import LocationForm

    base = {"name": "Filia", "street": "ul. Leśna 1", "postal_code": "17-220", "city": "Narewka", "gmina": "2005092"}
    form = LocationForm({**base, "latitude": "60,1", "longitude": "23,7"})
    assert not form.is_valid() and "49,0 do 54,9" in form.errors["latitude"][0]
    form = LocationForm({**base, "latitude": "52,83", "longitude": ""})
    assert not form.is_valid() and "obie współrzędne" in form.errors["longitude"][0]
    form = LocationForm({**base, "latitude": "52,83", "longitude": "23,75"})
    assert form.is_valid(), form.errors


def test_gmina_centres_are_loaded_with_the_register(demo: Any) -> None:
    from kooperacja.core.models import Territory

    centres = dict(Territory.objects.filter(code__in=["2005022", "2005042", "2005"]).values_list("code", "latitude"))
    assert centres["2005022"] == Decimal("52.700600") and centres["2005042"] is not None and centres["2005"]
