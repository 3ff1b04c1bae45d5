"""Permission matrix rows of monitoring: the analyst (voivodeship), the officer (own authority), the admin."""

from __future__ import annotations

from typing import Any

from tests.matrix import Case, allowed

READERS = allowed("admin", "officer", "analyst")
REGIONAL = allowed("admin", "analyst")
# the package dashboards are the authority's own (decided for issue 14): the analyst gets aggregated figures only
AUTHORITY = allowed("admin", "officer")


def _package(d: Any) -> dict[str, int]:
    from kooperacja.commissioning.models import ServicePackage

    return {"pk": ServicePackage.objects.get(name="Pakiet usług społecznych OdNowa").pk}


def _contract(d: Any) -> dict[str, int]:
    from kooperacja.commissioning.models import Contract

    return {"pk": Contract.objects.filter(call__package__name="Pakiet usług społecznych OdNowa").first().pk}


def _hajnowka(d: Any) -> dict[str, int]:
    from kooperacja.core.models import Territory

    return {"pk": Territory.objects.get(code="2005011").pk}


def _call(d: Any) -> dict[str, int]:
    from kooperacja.commissioning.models import Call

    return {
        "pk": Call.objects.filter(package__name="Pakiet usług społecznych OdNowa", published_at__isnull=False)
        .first()
        .pk
    }


def _esf_project(d: Any) -> dict[str, str]:
    from kooperacja.catalog.models import Service

    return {"projekt": Service.objects.filter(eu_funded=True).values_list("eu_project_number", flat=True).first()}


# asserted exactly: the status of every denial and the effect of every POST (tests/matrix.py)
EXACT = True

CASES = [
    Case("monitoring:index", READERS),
    Case("monitoring:export_csv", READERS),
    Case("monitoring:export_xlsx", READERS),
    Case("monitoring:gmina", READERS, kwargs=_hajnowka),
    Case("monitoring:ozps_csv", READERS, kwargs=_hajnowka),
    Case("monitoring:ozps_xlsx", READERS, kwargs=_hajnowka),
    Case("monitoring:region_ozps_csv", READERS),
    Case("monitoring:region_ozps_xlsx", READERS),
    Case("monitoring:refresh", REGIONAL, method="post", ok_status=(302,), note="officers may not recompute the region"),
    Case("monitoring:packages", AUTHORITY, note="the analyst sees gminas' aggregated figures, not dashboards"),
    Case("monitoring:package", AUTHORITY, kwargs=_package),
    Case("monitoring:effects", AUTHORITY, kwargs=_package),
    Case("monitoring:effects_pdf", AUTHORITY, kwargs=_package),
    Case("monitoring:esf_csv", AUTHORITY, kwargs=_package),
    Case("monitoring:esf_xlsx", AUTHORITY, kwargs=_package),
    Case("monitoring:contract_package", AUTHORITY, kwargs=_contract, ok_status=(302,)),
    Case("monitoring:legality", READERS),
    Case("monitoring:call_legality", READERS, kwargs=_call),
    # ESF+ indicators per ESF+ project of the services in the reader's area (the demo's OdNowa project)
    Case("monitoring:esf_projects", READERS),
    Case("monitoring:esf_project_csv", READERS, data=_esf_project),
    Case("monitoring:esf_project_xlsx", READERS, data=_esf_project),
]
