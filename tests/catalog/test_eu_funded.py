"""A catalogue service can be marked EU-funded (ESF+) with its project number, by the organisation that runs it:
the number is required at its field, shown on the service card and in the edit form."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kooperacja.catalog import services
from kooperacja.catalog.models import Service
from kooperacja.core.actors import SYSTEM

pytestmark = pytest.mark.django_db

DAY_ROOM = "Świetlica środowiskowa „Żubrzątko”"


def _form_data(service: Service) -> dict[str, Any]:
    """The edit form's current values as the browser would post them."""
    from kooperacja.catalog.forms import ServiceForm
    from kooperacja.organisations.models import Organisation

    form = ServiceForm(instance=service, organisations=Organisation.objects.filter(pk=service.provider_id))
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if value is True:
            data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [getattr(v, "pk", v) for v in value]
        else:
            data[name] = getattr(value, "pk", value)
    return data


def test_the_project_number_is_required_and_shown(demo: Any, client_as: Any) -> None:
    day_room = Service.objects.get(name=DAY_ROOM)
    assert not day_room.eu_funded
    with pytest.raises(ValidationError):
        services.service_update(actor=SYSTEM, service=day_room, data={"eu_funded": True, "eu_project_number": ""})
    staff = client_as("pes_staff")
    page = staff.get(reverse("catalog:edit", args=[day_room.pk])).content.decode()
    assert 'name="eu_funded"' in page and 'name="eu_project_number"' in page
    data = _form_data(day_room)
    data["eu_funded"] = "on"
    data["eu_project_number"] = ""
    refused = staff.post(reverse("catalog:edit", args=[day_room.pk]), data)
    assert refused.status_code == 200
    assert "Podaj numer projektu EFS+" in refused.content.decode()
    data["eu_project_number"] = "FEPD.07.07-IZ.00-0099/25"
    saved = staff.post(reverse("catalog:edit", args=[day_room.pk]), data)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    day_room.refresh_from_db()
    assert day_room.eu_funded and day_room.eu_project_number == "FEPD.07.07-IZ.00-0099/25"
    card = client_as("anonymous").get(reverse("catalog:detail", args=[day_room.pk])).content.decode()
    assert "Europejski Fundusz Społeczny Plus, projekt FEPD.07.07-IZ.00-0099/25" in card
    # unticking clears the number
    services.service_update(actor=SYSTEM, service=day_room, data={"eu_funded": False})
    day_room.refresh_from_db()
    assert day_room.eu_project_number == ""
