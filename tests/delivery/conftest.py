from __future__ import annotations

from typing import Any

import pytest

DAY_ROOM = "Świetlica środowiskowa „Żubrzątko”"


@pytest.fixture
def day_room(demo: Any) -> Any:
    from kooperacja.catalog.models import Service

    return Service.objects.get(name=DAY_ROOM)


@pytest.fixture
def child(day_room: Any) -> Any:
    from kooperacja.delivery.models import Enrolment

    return Enrolment.objects.filter(service=day_room, status="active").order_by("id").first().person


@pytest.fixture
def make_person(demo: Any) -> Any:
    """Register a fresh person for an organisation (no actor: the demo/test path)."""
    from kooperacja.core.actors import SYSTEM
    from kooperacja.delivery import services
    from kooperacja.demo.ids import make_pesel

    counter = iter(range(5000, 9000))

    def make(org_key: str = "ss_zubr", year: int = 2015, **extra: Any) -> Any:
        org = demo.org(org_key)
        n = next(counter)
        data = {
            "first_name": "Test",
            "last_name": f"Osoba{n}",
            "pesel": make_pesel(n, birth_year=year, month=1 + n % 12, day=1 + n % 28),
            "territory": org.territory,
            **extra,
        }
        return services.person_register(actor=SYSTEM, organisation=org, data=data)

    return make
