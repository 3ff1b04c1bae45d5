"""Issue 15 §3: catalogue and organisation search through pg_trgm + unaccent GIN indexes on PostgreSQL.

On SQLite only the fallback (icontains) behaviour is checked; the index tests are skipped there.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.urls import reverse

from kooperacja.catalog import selectors
from kooperacja.organisations import selectors as org_selectors
from tests.conftest import requires_postgres

pytestmark = pytest.mark.django_db


def _explain(qs: Any, *, no_sort: bool = False) -> str:
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        # the demo tables are tiny (a scan and a sort win): ask whether an index CAN answer the filter and the order
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"SET LOCAL enable_sort = {'off' if no_sort else 'on'}")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_search_finds_by_name_and_by_provider(demo: Any) -> None:
    anon = AnonymousUser()
    names = set(selectors.services_search(anon, q="Żubrzątko").values_list("name", flat=True))
    assert names == {"Świetlica środowiskowa „Żubrzątko”"}
    # a phrase of the provider's name only (no service has it in its own text): every service of that provider
    provider = demo.org("ss_zubr")
    own = set(selectors.services_visible_to(anon).filter(provider=provider).values_list("pk", flat=True))
    assert own
    found = set(selectors.services_search(anon, q="Spółdzielnia Socjalna „Żubr").values_list("pk", flat=True))
    assert own <= found
    assert not selectors.services_search(anon, q="żadnej-takiej-usługi").exists()


@requires_postgres
def test_search_ignores_diacritics_and_case_on_postgres(demo: Any) -> None:
    anon = AnonymousUser()
    for q in ("Swietlica srodowiskowa", "ŚWIETLICA ŚRODOWISKOWA", "zubrzatko"):
        names = set(selectors.services_search(anon, q=q).values_list("name", flat=True))
        assert "Świetlica środowiskowa „Żubrzątko”" in names, q
    org = demo.org("cal_hajnowka")
    folded = org.name.replace("ą", "a").replace("ó", "o").replace("ł", "l").replace("ż", "z").upper()
    assert org in org_selectors.organisations_search(anon, q=folded[:15])


@requires_postgres
def test_search_uses_the_trigram_indexes_on_postgres(demo: Any) -> None:
    anon = AnonymousUser()
    plan = _explain(selectors.services_search(anon, q="swietlica"))
    assert "service_search_trgm" in plan, plan  # the provider half: the organisation search below
    # the folded text of an organisation is the expression of its index (the directory's own plan prefers the
    # is_verified index on the demo's few rows; at scale it takes the trigram one: docs/performance.md)
    from kooperacja.core import search
    from kooperacja.organisations.models import Organisation

    cols = org_selectors.SEARCH_COLUMNS
    plan = _explain(search.matches(Organisation.objects.order_by(), cols, "stowarzyszenie"))
    assert "organisation_search_trgm" in plan, plan


@requires_postgres
def test_catalogue_first_page_walks_the_name_index_on_postgres(demo: Any) -> None:
    plan = _explain(selectors.services_search(AnonymousUser())[:20], no_sort=True)
    assert "service_name_id" in plan, plan
    assert "Sort" not in plan.split("service_name_id")[0].split("Limit")[-1], plan


def test_gmina_dropdown_is_cached_and_follows_writes(client: Any, demo: Any, django_assert_num_queries: Any) -> None:
    from kooperacja.catalog.models import Location

    first = selectors.gmina_choices()
    assert first  # the demo's services are located in gminas
    with django_assert_num_queries(0):
        assert selectors.gmina_choices() == first
    # a service moved to a new place: the next read sees it (the write bumped the catalogue's generation)
    from kooperacja.core.models import Territory

    service = selectors.services_search(AnonymousUser()).first()
    gmina = Territory.objects.filter(kind="gmina").exclude(code__in=[c for c, _ in first]).order_by("code").first()
    place = Location.objects.create(
        organisation=service.provider,
        name="Nowe miejsce",
        street="ul. Polna 1",
        postal_code="17-200",
        city="Hajnówka",
        territory=gmina,
    )
    service.locations.add(place)
    assert (gmina.code, gmina.name) in selectors.gmina_choices()
    page = client.get(reverse("catalog:index"))
    assert gmina.name in page.content.decode()
