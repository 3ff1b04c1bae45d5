"""A person's data export shows the Cooperation Model cases and the access log of their record."""

from __future__ import annotations

from typing import Any

from kooperacja.cooperation.models import CasePerson
from kooperacja.delivery import services
from kooperacja.delivery.selectors import people_visible_to


def test_export_lists_cooperation_cases_and_access_log(demo: Any) -> None:
    worker = demo.user("social_worker")
    visible = people_visible_to(worker)
    link = CasePerson.objects.select_related("case", "person").filter(person__in=visible).first()
    assert link is not None, "demo: a family member of a GOPS case is served by GOPS Narewka"
    data = services.person_export(actor=worker, person=link.person)
    assert {"sygnatura": link.case.number, "instytucja": str(link.case.owner), "rola": link.relation} in data[
        "sprawy_kooperacji"
    ]
    # the export itself is the newest entry of the log it returns
    assert data["rejestr_dostepu"][0]["kto"] == worker.email
    assert data["rejestr_dostepu"][0]["czynnosc"] == "export"
