from __future__ import annotations

from typing import Any

from tests.matrix import EVERYONE, FORBIDDEN, Case, allowed

RUN_SERVICES = allowed(
    "admin", "officer", "coordinator", "pes_staff", "ngo_staff", "social_worker", "partner", "police"
)
DAY_ROOM = "Świetlica środowiskowa „Żubrzątko”"


def service_pk(name: str = DAY_ROOM) -> dict[str, Any]:
    from kooperacja.catalog.models import Service

    return {"pk": Service.objects.get(name=name).pk}


# Asserted exactly: the status of every denial and the effect of every POST (tests/matrix.py).
EXACT = True

CASES = [
    Case("catalog:index", EVERYONE),
    Case("catalog:detail", EVERYONE, kwargs=lambda d: service_pk()),
    Case("catalog:create", RUN_SERVICES),
    Case("catalog:location_create", RUN_SERVICES),
    # the service is public: the others know it exists and get 403
    Case("catalog:edit", allowed("admin", "pes_staff"), kwargs=lambda d: service_pk(), denied=FORBIDDEN),
    Case("catalog:compliance", allowed("admin", "pes_staff"), kwargs=lambda d: service_pk(), denied=FORBIDDEN),
    Case(
        "catalog:compliance",
        allowed("admin", "pes_staff"),
        kwargs=lambda d: service_pk(),
        method="post",
        data=lambda d: {"met_meal": "on", "note_meal": "od teraz codziennie"},
        ok_status=(302,),
        denied=FORBIDDEN,
    ),
]
