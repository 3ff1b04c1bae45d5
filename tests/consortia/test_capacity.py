"""The register of members' capacity for new calls: who may write which rows, filters and totals, the page."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from kooperacja.consortia import capacity, services
from kooperacja.consortia.models import MemberCapacity
from kooperacja.core.models import AuditEvent

from . import helpers as h


def _data(demo: Any, **over: Any) -> dict[str, Any]:
    data = {
        "sector": "seniors",
        "service": "Klub seniora",
        "territory": demo.org("um_hajnowka").territory,
        "people": 12,
        "available_from": None,
        "notes": "",
    }
    data.update(over)
    return data


def test_a_member_writes_its_own_rows_and_the_office_any(demo: Any) -> None:
    zubr, puszcza = h.member_of(demo, "pes_staff"), h.member_of(demo, "ngo_staff")
    row = services.capacity_save(actor=demo.user("pes_staff"), member=zubr, data=_data(demo))
    assert row.member == zubr and row.updated_by == demo.user("pes_staff")
    assert AuditEvent.objects.filter(verb="consortium.capacity_saved", data__capacity=row.pk).exists()
    with pytest.raises(PermissionDenied):  # not for another member
        services.capacity_save(actor=demo.user("pes_staff"), member=puszcza, data=_data(demo))
    with pytest.raises(PermissionDenied):
        services.capacity_save(actor=demo.user("ngo_staff"), member=zubr, data=_data(demo), capacity=row)
    services.capacity_save(actor=demo.user("coordinator"), member=puszcza, data=_data(demo, sector="youth"))
    for outsider in ("officer", "resident", "admin", "coordinator_b"):
        with pytest.raises(Http404):  # may not know the consortium's internals
            services.capacity_save(actor=demo.user(outsider), member=zubr, data=_data(demo))
    row_pk = row.pk
    services.capacity_remove(actor=demo.user("pes_staff"), capacity=row)
    assert not MemberCapacity.objects.filter(pk=row_pk).exists()
    assert AuditEvent.objects.filter(verb="consortium.capacity_removed", data__capacity=row_pk).exists()


def test_bounds_and_place_are_checked(demo: Any) -> None:
    zubr = h.member_of(demo, "pes_staff")
    with pytest.raises(ValidationError, match="Liczba musi być większa od zera"):  # core.bounds on the field
        services.capacity_save(actor=demo.user("pes_staff"), member=zubr, data=_data(demo, people=0))
    with pytest.raises(ValidationError, match="od 1 do 100 000"):  # the constraint's message
        services.capacity_save(actor=demo.user("pes_staff"), member=zubr, data=_data(demo, people=100_001))
    from kooperacja.core.models import Territory

    far = Territory.objects.filter(kind="gmina").exclude(code__startswith="20").first()  # outside podlaskie
    with pytest.raises(ValidationError, match="Wybierz gminę"):
        services.capacity_save(actor=demo.user("pes_staff"), member=zubr, data=_data(demo, territory=far))


def test_register_filters_and_totals(demo: Any) -> None:
    c = h.consortium()
    rows = capacity.register(c)
    assert rows.count() >= 5  # the demo's rows
    seniors = capacity.register(c, sector="seniors")
    assert {r.sector for r in seniors} == {"seniors"}
    totals = {t["sector"]: t for t in capacity.totals(rows)}
    assert totals["seniorzy"]["people"] == sum(r.people for r in seniors)
    narewka = next(r.territory for r in rows if r.territory.name == "Narewka")
    assert {r.territory_id for r in capacity.register(c, territory_id=narewka.pk)} == {narewka.pk}


def test_the_page_and_the_form(demo: Any, client_as: Any) -> None:
    c = h.consortium()
    client = client_as("ngo_staff")
    page = client.get(reverse("consortia:capacity", kwargs={"pk": c.pk})).content.decode()
    assert (
        "Rejestr potencjału członków" in page and "Klub seniora z posiłkiem" in page and "Razem według obszaru" in page
    )
    filtered = client.get(reverse("consortia:capacity", kwargs={"pk": c.pk}), {"obszar": "youth"}).content.decode()
    assert "Klub młodzieżowy" in filtered and "Klub seniora z posiłkiem" not in filtered
    url = reverse("consortia:capacity_add", kwargs={"pk": c.pk})
    form = client.get(url).content.decode()
    assert "Puszcza" in form and "Żubr" not in form  # only its own member to choose
    puszcza = h.member_of(demo, "ngo_staff")
    territory = demo.org("um_hajnowka").territory
    bad = client.post(
        url,
        {"member": puszcza.pk, "sector": "youth", "service": "Wyjazdy", "territory": territory.pk, "people": "-3"},
    )
    assert bad.status_code == 200 and not MemberCapacity.objects.filter(service="Wyjazdy").exists()
    done = client.post(
        url,
        {"member": puszcza.pk, "sector": "youth", "service": "Wyjazdy", "territory": territory.pk, "people": "15"},
    )
    assert done.status_code == 302 and MemberCapacity.objects.get(service="Wyjazdy").member == puszcza
    zubr_row = h.member_of(demo, "pes_staff").capacities.first()
    edit = reverse("consortia:capacity_edit", kwargs={"pk": c.pk, "row_pk": zubr_row.pk})
    assert client.get(edit).status_code == 403  # another member's row
    assert client_as("officer").get(reverse("consortia:capacity", kwargs={"pk": c.pk})).status_code == 404


def test_the_consortium_pages_link_to_the_register(demo: Any, client_as: Any) -> None:
    c = h.consortium()
    page = client_as("pes_staff").get(reverse("consortia:members", kwargs={"pk": c.pk})).content.decode()
    assert reverse("consortia:capacity", kwargs={"pk": c.pk}) in page
