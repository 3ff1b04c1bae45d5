"""Commissioning forms refuse nonsense at the field, in Polish, and save nothing (issue 16)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from kooperacja.commissioning.enums import CallState
from kooperacja.commissioning.forms import CallForm, PublishForm
from kooperacja.commissioning.models import Call, CallPublication

from .conftest import Builder


def _call_data(**extra: str) -> dict[str, str]:
    today = timezone.localdate()
    data = {
        "title": "Konkurs na wsparcie seniorów",
        "task_form": "support",
        "task_type": "Wspieranie seniorów",
        "funds_total": "100000",
        "award_rules": "Dotacja do 90% kosztów.",
        "delivery_start": (today + dt.timedelta(days=60)).isoformat(),
        "delivery_end": (today + dt.timedelta(days=200)).isoformat(),
        "delivery_conditions": "Standard minimalny.",
        "offer_deadline": f"{today + dt.timedelta(days=30)}T12:00",
        "selection_procedure": "Art. 15 OPP.",
        "selection_date": (today + dt.timedelta(days=40)).isoformat(),
        "previous_tasks": "Brak.",
        "min_own_share": "5",
        "min_financial_share": "0",
        "min_personal_share": "0",
        "min_in_kind_share": "0",
    }
    data.update(extra)
    return data


NONSENSE = [
    ("funds_total", "-5000", "Kwota musi być większa od zera."),
    ("funds_total", "0", "Kwota musi być większa od zera."),
    ("min_grant", "-1", "Kwota nie może być ujemna."),
    ("max_grant", "0", "Kwota musi być większa od zera."),
    ("min_own_share", "150", "Procent nie może przekraczać 100."),
    ("min_financial_share", "-3", "Procent nie może być ujemny."),
    ("min_personal_share", "100.01", "Procent nie może przekraczać 100."),
    ("offer_deadline", "2020-12-30T12:00", "Termin składania ofert musi przypadać w przyszłości."),
    ("delivery_end", "0202-01-01", "Podaj datę z lat 1900–2100."),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value", "message"), NONSENSE, ids=[f"{f}={v}" for f, v, _m in NONSENSE])
def test_call_form_refuses_nonsense_at_the_field(field: str, value: str, message: str) -> None:
    form = CallForm(_call_data(**{field: value}), mode="opp_open", package=None)
    assert not form.is_valid()
    assert message in form.errors[field], form.errors
    assert set(form.errors) == {field}, form.errors  # only the nonsense is marked


@pytest.mark.django_db
def test_call_form_accepts_sensible_values() -> None:
    form = CallForm(_call_data(min_grant="1000", max_grant="20000"), mode="opp_open", package=None)
    assert form.is_valid(), form.errors


@pytest.mark.django_db
def test_call_dates_must_follow_the_deadline() -> None:
    today = timezone.localdate()
    form = CallForm(
        _call_data(
            selection_date=(today + dt.timedelta(days=10)).isoformat(),
            delivery_start=(today + dt.timedelta(days=5)).isoformat(),
        ),
        mode="opp_open",
        package=None,
    )
    assert not form.is_valid()
    assert form.errors["selection_date"] == [
        "Termin wyboru ofert nie może być wcześniejszy niż termin składania ofert."
    ]
    assert form.errors["delivery_start"] == ["Realizacja zadania nie może zacząć się przed terminem składania ofert."]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("funds_total", "-5000", "Kwota musi być większa od zera."),
        ("min_own_share", "150", "Procent nie może przekraczać 100."),
        ("min_financial_share", "-3", "Procent nie może być ujemny."),
        ("offer_deadline", "2020-12-30T12:00", "Termin składania ofert musi przypadać w przyszłości."),
    ],
)
def test_new_call_page_shows_the_message_at_the_field_and_saves_nothing(
    client_as: Any, field: str, value: str, message: str
) -> None:
    officer = client_as("officer")
    before = Call.objects.count()
    response = officer.post(reverse("commissioning:call_create") + "?tryb=opp_open", _call_data(**{field: value}))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert message in html
    assert f'<a href="#id_{field}">' in html  # the error summary at the top links the field
    assert Call.objects.count() == before


def test_a_service_refuses_a_negative_budget_from_anywhere(demo: Any) -> None:
    """The bound sits on the model: a service fed by an import or the API refuses it too."""
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        Builder(demo).call(publish=False, funds_total=-5000)
    assert caught.value.message_dict["funds_total"] == ["Kwota musi być większa od zera."]


# --- publication: nothing is stamped silently --------------------------------------------------------------


@pytest.mark.django_db
def test_empty_publication_form_is_refused_for_every_required_channel() -> None:
    form = PublishForm({}, required_channels=("bip", "notice_board", "website"))
    assert not form.is_valid()
    for channel in ("bip", "notice_board", "website"):
        assert form.errors[f"{channel}_date"][0].startswith("Podaj datę publikacji")


@pytest.mark.django_db
def test_published_today_is_an_explicit_choice_per_channel() -> None:
    today = timezone.localdate()
    earlier = today - dt.timedelta(days=2)
    form = PublishForm(
        {"bip_today": "on", "notice_board_date": earlier.isoformat(), "website_today": "on", "website_ref": "www"},
        required_channels=("bip", "notice_board", "website"),
    )
    assert form.is_valid(), form.errors
    assert form.publications() == [("bip", today, ""), ("notice_board", earlier, ""), ("website", today, "www")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"bip_date": (timezone.localdate() + dt.timedelta(days=10)).isoformat()},
            "nie może być późniejsza niż dzisiejsza",
        ),
        ({"bip_date": "2020-01-01"}, "nie może być wcześniejsza niż utworzenie ogłoszenia"),
        ({"bip_today": "on", "bip_date": "2026-01-02"}, "nie jedno i drugie"),
        ({"bip_ref": "https://bip.example"}, "Podaj datę publikacji"),
    ],
)
def test_publication_dates_must_be_real(data: dict[str, str], message: str) -> None:
    form = PublishForm(data, earliest=dt.date(2026, 1, 1))
    assert not form.is_valid()
    assert message in form.errors["bip_date"][0]


def test_publishing_with_an_empty_form_publishes_nothing(demo: Any, client_as: Any) -> None:
    call = Builder(demo).call(publish=False)
    officer = client_as("officer")
    url = reverse("commissioning:call_publish", kwargs={"pk": call.pk})
    page = officer.get(url).content.decode()
    assert 'name="bip_today"' in page
    assert 'value="' + timezone.localdate().isoformat() not in page  # no date filled in for the officer
    response = officer.post(url, {})
    assert response.status_code == 200
    assert "Podaj datę publikacji" in response.content.decode()
    call.refresh_from_db()
    assert call.state == CallState.DRAFT
    assert not CallPublication.objects.filter(call=call).exists()

    response = officer.post(url, {"bip_today": "on", "notice_board_today": "on", "website_today": "on"})
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.state == CallState.PUBLISHED
    assert set(CallPublication.objects.filter(call=call).values_list("published_on", flat=True)) == {
        timezone.localdate()
    }


# --- package, lots, contract, report demand --------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("year", "message"), [("2", "Podaj rok z lat 2000–2100."), ("20260", "Podaj rok z lat 2000–2100.")]
)
def test_package_year_is_a_real_year(year: str, message: str) -> None:
    from kooperacja.commissioning.forms import PackageForm

    form = PackageForm({"name": "Pakiet OdNowa", "year": year, "description": ""})
    assert not form.is_valid()
    assert message in form.errors["year"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("budget", "-1", "Kwota nie może być ujemna."),
        ("planned_participants", "-3", "większa lub równa 0"),
    ],
)
def test_lot_form_refuses_negative_amounts_and_counts(field: str, value: str, message: str) -> None:
    from kooperacja.commissioning.forms import LotForm

    form = LotForm({"number": "1", "name": "Klub seniora", "sector": "seniors", field: value})
    assert not form.is_valid()
    assert any(message in e for e in form.errors[field]), form.errors


def _contract_data(**extra: str) -> dict[str, str]:
    data = {
        "number": "1/2027",
        "start_date": "2027-01-01",
        "end_date": "2027-12-31",
        "tranche1_date": "2027-01-15",
        "tranche1_amount": "10000",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"end_date": "2026-12-31"}, "end_date", "Koniec realizacji nie może być wcześniejszy niż jej początek."),
        ({"tranche1_amount": "-5000"}, "tranche1_amount", "Kwota musi być większa od zera."),
        ({"tranche2_date": "2027-06-01"}, "tranche2_amount", "Druga transza ma termin i kwotę"),
        ({"start_date": "0207-01-01"}, "start_date", "Podaj datę z lat 1900–2100."),
    ],
)
def test_contract_form_refuses_nonsense(extra: dict[str, str], field: str, message: str) -> None:
    from kooperacja.commissioning.forms import ContractForm

    form = ContractForm(_contract_data(**extra))
    assert not form.is_valid()
    assert any(message in e for e in form.errors[field]), form.errors


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"period_start": "2027-06-30", "period_end": "2027-01-01", "due_date": "2027-08-01"},
            "period_end",
            "Koniec okresu nie może być wcześniejszy niż jego początek.",
        ),
        (
            {"period_start": "2027-01-01", "period_end": "2027-06-30", "due_date": "2027-06-01"},
            "due_date",
            "Termin złożenia nie może być wcześniejszy niż koniec okresu.",
        ),
    ],
)
def test_report_demand_dates_follow_each_other(data: dict[str, str], field: str, message: str) -> None:
    from kooperacja.commissioning.forms import ReportDemandForm

    form = ReportDemandForm(data)
    assert not form.is_valid()
    assert form.errors[field] == [message]
