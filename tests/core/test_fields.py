"""Ids beyond 64 bits in a form are a form error, never an HTTP 500 (issue 10, item 5).

The unit tests drive `kooperacja.core.fields` directly; the view tests post a 40-digit id to every form named
in the issue; the last test makes sure no form of the platform uses Django's unbounded choice fields.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest
from django import forms as django_forms
from django.urls import reverse

import kooperacja
from kooperacja.core import fields
from kooperacja.core.fields import MAX_ID, ModelChoiceField, ModelMultipleChoiceField, parse_id
from kooperacja.core.models import Territory
from tests.conftest import login_client

HUGE = "9" * 40  # a 40-digit id: OverflowError on SQLite, DataError on PostgreSQL before the fix
INVALID_CHOICE = "Wybierz poprawną wartość"

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        (" 12 ", 12),
        (12, 12),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        (HUGE, None),
        ("0", None),
        ("-1", None),
        ("1.0", None),
        ("1e3", None),
        ("²", None),  # str.isdigit() says yes, int() says no: the old `x.isdigit()` checks let it through
        ("١٢", None),  # Arabic-Indic digits: int() accepts them, a select never sends them
        ("", None),
        ("abc", None),
        (True, None),
        (None, None),
    ],
)
def test_parse_id(value: Any, expected: int | None) -> None:
    assert parse_id(value) == expected


def test_key_range_follows_the_key_column(demo: Any) -> None:
    from kooperacja.accounts.models import User

    assert fields.key_range(Territory.objects.all(), None) == (1, MAX_ID)
    assert fields.key_range(User.objects.all(), None) == (1, MAX_ID)
    assert fields.key_range(Territory.objects.all(), "code") is None  # a text key: the database compares text


def test_multiple_choice_rejects_huge_ids_before_any_query(demo: Any, django_assert_num_queries: Any) -> None:
    field = ModelMultipleChoiceField(queryset=Territory.objects.all())
    with django_assert_num_queries(0), pytest.raises(django_forms.ValidationError) as exc:
        field.clean([HUGE])
    assert exc.value.code == "invalid_choice"
    assert INVALID_CHOICE in exc.value.messages[0]
    with pytest.raises(django_forms.ValidationError):
        field.clean(["1", str(MAX_ID + 1)])
    with pytest.raises(django_forms.ValidationError) as exc:
        field.clean(["²"])
    assert exc.value.code == "invalid_choice"
    territory = Territory.objects.order_by("pk").first()
    assert list(field.clean([str(territory.pk)])) == [territory]


def test_single_choice_rejects_huge_ids(demo: Any, django_assert_num_queries: Any) -> None:
    field = ModelChoiceField(queryset=Territory.objects.all())
    for value in (HUGE, "-5", "0", "1.5", "²"):
        with django_assert_num_queries(0), pytest.raises(django_forms.ValidationError) as exc:
            field.clean(value)
        assert exc.value.code == "invalid_choice" and INVALID_CHOICE in exc.value.messages[0]
    territory = Territory.objects.order_by("pk").first()
    assert field.clean(str(territory.pk)) == territory
    assert ModelChoiceField(queryset=Territory.objects.all(), to_field_name="code").clean(territory.code) == territory


def test_model_forms_generate_the_bounded_fields() -> None:
    from kooperacja.catalog.forms import ServiceForm

    assert isinstance(ServiceForm.base_fields["provider"], ModelChoiceField)
    assert isinstance(ServiceForm.base_fields["locations"], ModelMultipleChoiceField)
    assert isinstance(ServiceForm.base_fields["eligible_gminas"], ModelMultipleChoiceField)


def _all_form_classes() -> list[type[django_forms.BaseForm]]:
    for module in pkgutil.walk_packages(kooperacja.__path__, "kooperacja."):
        if module.name.rsplit(".", 1)[-1] in {"forms", "split_forms"}:
            importlib.import_module(module.name)
    found: list[type[django_forms.BaseForm]] = []
    todo: list[type[Any]] = [django_forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("kooperacja.") and cls.__module__ != "kooperacja.core.fields":
            found.append(cls)
    return found


def test_every_form_of_the_platform_uses_the_bounded_choice_fields() -> None:
    classes = _all_form_classes()
    assert len(classes) > 50
    unbounded = sorted(
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in classes
        for name, field in cls.base_fields.items()
        if isinstance(field, django_forms.ModelChoiceField)
        and not isinstance(field, ModelChoiceField | ModelMultipleChoiceField)
    )
    assert unbounded == []


# --- the forms named in the issue, posted through their views ---------------------------------------------------


def _client(demo: Any, key: str) -> Any:
    from django.test import Client

    return login_client(Client(), demo.user(key))


def _assert_form_error(response: Any, *field_names: str) -> None:
    assert response.status_code == 200, response.status_code
    form = response.context["form"]
    for name in field_names:
        assert name in form.errors, (name, form.errors)
        assert INVALID_CHOICE in " ".join(form.errors[name]), form.errors[name]


def test_service_form_locations_and_gminas(demo: Any) -> None:
    org = demo.org("fundacja_puszcza")
    response = _client(demo, "ngo_staff").post(
        reverse("catalog:create"),
        {
            "provider": org.pk, "name": "Korepetycje", "description": "Pomoc w nauce", "category": "education",
            "is_free": "on", "capacity_hours_unit": "week", "status": "active",
            "locations": [HUGE], "eligible_gminas": [HUGE, str(MAX_ID + 1)],
        },
    )  # fmt: skip
    _assert_form_error(response, "locations", "eligible_gminas")


def test_call_form_lots(demo: Any) -> None:
    from kooperacja.commissioning.models import ServicePackage

    package = ServicePackage.objects.filter(municipality=demo.org("um_hajnowka")).order_by("pk").first()
    client = _client(demo, "officer")
    url = reverse("commissioning:call_create")
    response = client.post(f"{url}?pakiet={package.pk}", {"title": "Ogłoszenie testowe", "lots": [HUGE]})
    _assert_form_error(response, "lots")
    # the package in the query string is an id too
    assert client.get(f"{url}?pakiet={HUGE}").status_code == 404
    assert client.get(f"{url}?pakiet=abc").status_code == 404


def test_consortium_founding_founders_and_lead(demo: Any) -> None:
    response = _client(demo, "coordinator").post(
        reverse("consortia:found"), {"name": "Konsorcjum testowe", "lead": HUGE, "founders": [HUGE]}
    )
    _assert_form_error(response, "lead", "founders")


def test_consortium_representatives(demo: Any) -> None:
    from django.contrib.messages import get_messages

    from tests.consortia import helpers as h

    member = h.member_of(demo, "pes_staff")
    client = _client(demo, "coordinator")
    response = client.post(
        reverse("consortia:member_representatives", kwargs={"pk": member.pk}), {f"m{member.pk}-users": [HUGE]}
    )
    assert response.status_code == 302
    assert "Popraw wybór przedstawicieli." in [str(m) for m in get_messages(response.wsgi_request)]


def test_consortium_meeting_attendance(demo: Any) -> None:
    from tests.consortia import helpers as h

    meeting = h.consortium().meetings.filter(status="held").first()
    response = _client(demo, "coordinator").post(
        reverse("consortia:meeting_minutes", kwargs={"pk": meeting.pk}), {"minutes": "Protokół", "present": [HUGE]}
    )
    _assert_form_error(response, "present")


def test_cooperation_meeting_attendees(demo: Any) -> None:
    from tests.cooperation import helpers as h

    response = _client(demo, "social_worker").post(
        reverse("cooperation:meeting_minutes", kwargs={"pk": h.meeting(0).pk}),
        {"minutes": "Protokół", "attendees": [HUGE]},
    )
    _assert_form_error(response, "attendees")


def test_id_query_parameters_of_pages(demo: Any) -> None:
    """`?usluga=` / `?dzialanie=` prefill a form; a bad or huge id is ignored instead of failing."""
    from tests.cooperation import helpers as h

    client = _client(demo, "social_worker")
    case = h.case("Rodzina J.")
    for value in (HUGE, "²", "abc"):
        url = reverse("cooperation:action_add", kwargs={"pk": case.pk})
        assert client.get(url, {"usluga": value}).status_code == 200
        url = reverse("cooperation:referral_create", kwargs={"pk": case.pk})
        assert client.get(url, {"dzialanie": value}).status_code == 200


def test_report_invoice_row_must_be_a_row_of_the_offer(demo: Any) -> None:
    """The invoice's budget row came from `int(POST[...])`: a huge one crashed, another offer's one was linked."""
    from django.contrib.messages import get_messages

    from kooperacja.commissioning.models import BudgetRow
    from tests.commissioning.matrix import contract

    report = contract(demo).reports.get(kind="final")
    foreign_row = BudgetRow.objects.exclude(offer=report.contract.offer).order_by("pk").first()
    client = _client(demo, "coordinator")
    url = reverse("commissioning:report_edit", kwargs={"pk": report.pk})
    for row in (HUGE, "abc", str(foreign_row.pk)):
        response = client.post(
            url, {"actions_done": "x", "inv_0_number": "FV 1/2026", "inv_0_row": row, "inv_0_amount": "100"}
        )
        assert response.status_code == 302
        assert "Nieznana pozycja kosztorysu." in [str(m) for m in get_messages(response.wsgi_request)]
        assert not report.invoices.filter(number="FV 1/2026").exists()
