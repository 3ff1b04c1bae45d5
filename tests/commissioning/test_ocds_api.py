from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from kooperacja.commissioning.models import Call
from kooperacja.commissioning.ocds import release_package
from kooperacja.demo.scenarios.commissioning import FINISHED_TITLE, OPEN_TITLE, PZP_TITLE

from .ocds_offline import validate

pytestmark = pytest.mark.django_db


def test_release_package_passes_libcoveocds_offline(demo: Any, tmp_path: Path) -> None:
    package = json.loads(json.dumps(release_package()))
    result = validate(package, tmp_path)
    assert result["validation_errors"] == []
    assert result["additional_closed_codelist_values"] == {}
    assert result["version_used"] == "1.1"
    # a broken package is caught, so the validator really runs
    package["releases"][0]["tender"]["value"]["amount"] = "dużo"
    assert validate(package, tmp_path)["validation_errors"]


def test_release_package_content_and_seal(demo: Any) -> None:
    releases = {r["tender"]["title"]: r for r in release_package()["releases"]}
    assert PZP_TITLE not in releases  # a draft is not published
    done = releases[FINISHED_TITLE]
    assert done["tag"] == ["tender", "award", "contract"]
    assert done["awards"][0]["value"] == {"amount": 650000.0, "currency": "PLN"}
    assert done["contracts"][0]["implementation"]["transactions"]
    assert done["tender"]["numberOfTenderers"] == 2
    sealed = releases[OPEN_TITLE]
    assert "tenderers" not in sealed["tender"] and "numberOfTenderers" not in sealed["tender"]
    assert len({r["ocid"] for r in releases.values()}) == len(releases)


def test_export_ocds_command(demo: Any, tmp_path: Path) -> None:
    out = StringIO()
    call_command("export_ocds", stdout=out)
    assert json.loads(out.getvalue())["version"] == "1.1"
    target = tmp_path / "ocds.json"
    call_command("export_ocds", output=str(target), stdout=StringIO())
    assert json.loads(target.read_text(encoding="utf-8"))["releases"]


def test_api_calls_are_public_and_offers_respect_the_seal(demo: Any, client_as: Any) -> None:
    anon = client_as("anonymous")
    calls = anon.get("/api/v1/calls").json()
    titles = {c["title"] for c in calls["items"]}
    assert FINISHED_TITLE in titles and PZP_TITLE not in titles
    open_call = Call.objects.get(title=OPEN_TITLE)
    detail = anon.get(f"/api/v1/calls/{open_call.pk}").json()
    assert detail["sealed"] is True and detail["submitted_offers"] == 1
    assert anon.get("/api/v1/packages").json()["items"][0]["lots"]
    sealed_offer = open_call.offers.get(state="submitted")
    assert client_as("officer").get(f"/api/v1/offers/{sealed_offer.pk}").status_code == 404
    assert client_as("admin").get(f"/api/v1/offers/{sealed_offer.pk}").status_code == 404
    assert client_as("ngo_staff").get(f"/api/v1/offers/{sealed_offer.pk}").status_code == 200
    officer_ids = {o["id"] for o in client_as("officer").get(f"/api/v1/offers?call={open_call.pk}").json()["items"]}
    assert sealed_offer.pk not in officer_ids
    finished = Call.objects.get(title=FINISHED_TITLE)
    results = anon.get(f"/api/v1/calls/{finished.pk}/results").json()
    assert [r["funded"] for r in results] == [True, False]
    assert anon.get(f"/api/v1/calls/{open_call.pk}/results").status_code == 404
    assert anon.get("/api/v1/ocds/release-package").json()["releases"]
