"""`LongSelect` / `LongSelectMultiple` (core.fields): the `<select>` of the 2,477 gminas written in one pass gives
the same elements, attributes, options and selection as Django's own widgets, escaped the same way."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django import forms
from django.urls import reverse

from kooperacja.core.fields import LongSelect, LongSelectMultiple
from kooperacja.core.models import Territory

CHOICES = [("", "---------"), ("1", 'Gmina "A" <b>&</b>'), ("2", "Hajnówka"), ("30", "Żabia Wola")]


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.texts.append(data.strip())


def _parse(html: str) -> tuple[list[tuple[str, dict[str, str | None]]], list[str]]:
    tree = _Tree()
    tree.feed(html)
    return tree.elements, tree.texts


@pytest.mark.parametrize(
    ("ours", "django", "value"),
    [
        (LongSelect, forms.Select, "2"),
        (LongSelect, forms.Select, None),
        (LongSelectMultiple, forms.SelectMultiple, ["1", "30"]),
        (LongSelectMultiple, forms.SelectMultiple, []),
    ],
)
def test_same_markup_as_djangos_widget(ours: Any, django: Any, value: Any) -> None:
    attrs = {"id": "id_gmina", "required": True, "aria-describedby": "id_gmina_helptext"}
    mine = ours(choices=CHOICES).render("gmina", value, attrs=attrs)
    theirs = django(choices=CHOICES).render("gmina", value, attrs=attrs)
    assert _parse(mine) == _parse(theirs)
    assert "<b>" not in mine and "&lt;b&gt;" in mine  # labels escaped


def test_option_groups_are_refused() -> None:
    with pytest.raises(TypeError):
        LongSelect(choices=[("Podlaskie", [("1", "Hajnówka")])]).render("gmina", None)


@pytest.mark.django_db
def test_profile_lists_every_gmina_and_keeps_the_choice(demo: Any, client_as: Any) -> None:
    client = client_as("resident")
    html = client.get(reverse("accounts:profile")).content.decode()
    elements, _texts = _parse(html)
    select = [a for tag, a in elements if tag == "select" and a.get("name") == "home_territory"]
    assert len(select) == 1
    options = [a for tag, a in elements if tag == "option"]
    gminas = Territory.objects.filter(kind="gmina").count()
    assert sum(1 for a in options if a.get("value") not in (None, "") and a["value"].isdigit()) >= gminas
    user = demo.user("resident")
    if user.home_territory_id:
        assert any(a.get("value") == str(user.home_territory_id) and "selected" in a for a in options)


def test_the_gmina_fields_use_the_one_pass_widget() -> None:
    from kooperacja.accounts.forms import ProfileForm, RegistrationForm
    from kooperacja.catalog.forms import ServiceForm
    from kooperacja.organisations.forms import OrganisationForm

    assert isinstance(RegistrationForm.base_fields["home_territory"].widget, LongSelect)
    assert isinstance(ProfileForm.base_fields["home_territory"].widget, LongSelect)
    assert isinstance(OrganisationForm.base_fields["territory"].widget, LongSelect)
    assert isinstance(ServiceForm.base_fields["eligible_gminas"].widget, LongSelectMultiple)


@pytest.mark.django_db
def test_gmina_type_label_says_what_the_display_method_says() -> None:
    """The cheap label the select of gminas uses, for every type stored in TERYT and for a territory without one."""
    one_of_each = {t.gmina_type: t for t in Territory.objects.exclude(gmina_type="")}
    assert {"1", "2", "3"} <= set(one_of_each)
    for territory in one_of_each.values():
        assert territory.gmina_type_label == territory.get_gmina_type_display() != ""
        if territory.kind == "gmina":
            assert str(territory) == f"{territory.name} ({territory.get_gmina_type_display()})"
    voivodeship = Territory.objects.filter(kind="voivodeship").first()
    assert voivodeship is not None and voivodeship.gmina_type_label == voivodeship.get_gmina_type_display() == ""


def _gmina_form(**field_kwargs: Any) -> type[forms.Form]:
    from kooperacja.core.fields import ModelChoiceField

    class GminaForm(forms.Form):
        gmina = ModelChoiceField(
            queryset=Territory.objects.filter(kind="gmina", code__startswith="20").order_by("name"),
            widget=LongSelect,
            **field_kwargs,
        )

    return GminaForm


def _territory_queries(html_of: Any) -> tuple[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        html = html_of()
    return html, sum(1 for q in ctx.captured_queries if "core_territory" in q["sql"])


@pytest.mark.django_db
def test_the_options_of_gminas_come_from_the_cache_until_teryt_changes() -> None:
    from django.utils import translation

    form = _gmina_form()
    hajnowka = Territory.objects.filter(kind="gmina", code__startswith="20", name="Hajnówka").first()
    assert hajnowka is not None
    first, queries = _territory_queries(lambda: str(form(initial={"gmina": hajnowka.pk})["gmina"]))
    assert queries == 1 and f"{hajnowka.name} ({hajnowka.gmina_type_label})" in first
    again, queries = _territory_queries(lambda: str(form(initial={"gmina": hajnowka.pk})["gmina"]))
    assert queries == 0 and again == first  # same options, same selection, no query
    other, _ = _territory_queries(lambda: str(form()["gmina"]))
    assert _parse(other)[1] == _parse(first)[1]  # the selection is per render, not cached
    assert f'value="{hajnowka.pk}" selected' in first and f'value="{hajnowka.pk}" selected' not in other

    with translation.override("en"):  # labels per language
        english, queries = _territory_queries(lambda: str(form()["gmina"]))
        assert queries == 1 and f"{hajnowka.name} ({hajnowka.gmina_type_label})" in english
    assert english != other

    hajnowka.name = "Hajnówka (nazwa zmieniona)"
    hajnowka.save()  # a TERYT change: the next render reads the rows again
    renamed, queries = _territory_queries(lambda: str(form()["gmina"]))
    assert queries == 1 and "Hajnówka (nazwa zmieniona)" in renamed


@pytest.mark.django_db
def test_a_form_with_its_own_labels_is_not_cached() -> None:
    form = _gmina_form()

    def labelled() -> str:
        bound = form()
        bound.fields["gmina"].label_from_instance = lambda t: f"{t.code} {t.name}"  # type: ignore[attr-defined]
        return str(bound["gmina"])

    str(form()["gmina"])  # the rows' own labels are in the cache now
    html, queries = _territory_queries(labelled)
    assert queries == 1
    for hajnowka in Territory.objects.filter(kind="gmina", code__startswith="20", name="Hajnówka"):
        assert f'value="{hajnowka.pk}">{hajnowka.code} Hajnówka<' in html
