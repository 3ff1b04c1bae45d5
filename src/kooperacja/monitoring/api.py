"""Monitoring API: the same figures as the regional pages (suppressed the same way) and a package summary.

No personal data: counts of people below 5 come as null with `suppressed: true`; totals that contain a
suppressed cell are rounded to 10 and flagged `approximate`.
"""

# No `from __future__ import annotations`: django-ninja reads the annotations at import time.

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from kooperacja.core.api_types import ErrorOut, Id

from . import regional, selectors
from .figures import FIGURES
from .package import package_dashboard

router = Router(tags=["Monitoring"])


class CellOut(Schema):
    figure: str
    label: str
    value: float | None = Field(None, description="Wartość; null, gdy ukryta lub nie dotyczy")
    suppressed: bool = Field(False, description="Liczba osób mniejsza niż 5 – ukryta")
    approximate: bool = Field(False, description="Suma zaokrąglona do 10 (zawiera ukryte wartości)")


class GminaRowOut(Schema):
    territory_id: int
    teryt: str
    name: str
    powiat: str
    gmina_type: str
    synthetic: bool
    figures: list[CellOut]


class RegionalOut(Schema):
    year: int | None
    years: list[int]
    last_refresh: str | None = Field(None, description="Czas ostatniego przeliczenia (Europe/Warsaw, ISO 8601)")
    rows: list[GminaRowOut]
    totals: list[CellOut]


class RegionalQuery(Schema):
    powiat: str = Field("", pattern=r"^(\d{4})?$", description="Kod TERC powiatu (4 cyfry)")
    gmina_type: str = Field(
        "", pattern=r"^[123]?$", description="Typ gminy z TERYT: 1 miejska, 2 wiejska, 3 miejsko-wiejska"
    )
    year: int | None = Field(None, ge=2000, le=2100)
    limit: int = Field(200, ge=1, le=500, description="Najwięcej gmin w odpowiedzi (1…500)")


class YearOut(Schema):
    year: int
    figures: list[CellOut]


class ProfileOut(Schema):
    territory_id: int
    teryt: str
    name: str
    synthetic: bool
    years: list[YearOut]


class PackageLotFiguresOut(Schema):
    lot_id: int
    number: int
    name: str
    planned: float
    awarded: float
    paid: float
    accounted: float
    participants: int | None = Field(None, description="null, gdy mniej niż 5 (ukryte)")
    planned_hours: int
    service_hours: float


class EsfIndicatorOut(Schema):
    code: str = Field(description="Kod wskaźnika w SFC2021 (EECO.., EECR..) albo pusty dla podziału bez kodu")
    label: str
    value: int | None = Field(None, description="null, gdy mniej niż 5 (ukryte) albo brak w platformie")
    suppressed: bool = Field(False, description="Liczba osób mniejsza niż 5 – ukryta")
    recorded: bool = Field(description="false: platforma nie zapisuje tej danej (uzupełnij z innych źródeł)")
    source: str


class PackageFiguresOut(Schema):
    package_id: int
    name: str
    year: int
    reports_late: int
    reports_due: int
    lots: list[PackageLotFiguresOut]
    esf: list[EsfIndicatorOut] = Field(
        description="Wskaźniki uczestników EFS+ (rozp. 2021/1057, zał. I) usług części pakietu współfinansowanych "
        "z EFS+; pusta lista, gdy żadna usługa pakietu nie jest tak oznaczona"
    )
    esf_projects: list[str] = Field(default_factory=list, description="Numery projektów EFS+ usług pakietu")


class EsfProjectOut(Schema):
    project: str = Field(description="Numer projektu EFS+ (z karty usług w katalogu)")
    start: str
    end: str
    esf: list[EsfIndicatorOut]


def _esf_rows(report: Any) -> list[dict[str, Any]]:
    return [
        {
            "code": r.code,
            "label": str(r.label),
            "value": None if r.cell is None or r.cell.suppressed else r.cell.value,
            "suppressed": bool(r.cell and r.cell.suppressed),
            "recorded": r.recorded,
            "source": str(r.source),
        }
        for r in (report.rows if report and report.eu_funded else [])
    ]


def _cell(key: str, cell: Any) -> dict[str, Any]:
    fig = regional.BY_KEY[key]
    value = None if cell.suppressed or cell.value is None else float(cell.value)
    return {
        "figure": key,
        "label": str(fig.label),
        "value": value,
        "suppressed": cell.suppressed,
        "approximate": cell.approx,
    }


def _need(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise Http404


@router.get("/monitoring/gminas", response={200: RegionalOut, 403: ErrorOut, 404: ErrorOut})
def gminas(request: HttpRequest, q: Query[RegionalQuery]) -> dict[str, Any]:
    """Porównanie gmin (jak strona „Porównanie gmin”): analityk – swoje województwo, urzędnik – swoja gmina."""
    _need(request, "monitoring.view_figures")
    view = regional.regional_view(request.user, regional.Filters(powiat=q.powiat, gmina_type=q.gmina_type, year=q.year))
    from django.utils import timezone

    return {
        "year": view.year,
        "years": view.years,
        "last_refresh": timezone.localtime(view.last_refresh.finished_at).isoformat()
        if view.last_refresh and view.last_refresh.finished_at
        else None,
        "rows": [
            {
                "territory_id": r.territory.pk,
                "teryt": r.territory.code,
                "name": r.territory.name,
                "powiat": r.powiat,
                "gmina_type": r.territory.gmina_type,
                "synthetic": r.synthetic,
                "figures": [_cell(f.key, r.cells[f.key]) for f in FIGURES],
            }
            for r in view.rows[: q.limit]
        ],
        "totals": [_cell(f.key, view.totals[f.key]) for f in FIGURES],
    }


@router.get("/monitoring/gminas/{pk}", response={200: ProfileOut, 404: ErrorOut})
def gmina(request: HttpRequest, pk: Id) -> dict[str, Any]:
    """Profil gminy w kolejnych latach."""
    _need(request, "monitoring.view_figures")
    p = regional.gmina_profile(request.user, pk)
    return {
        "territory_id": p.territory.pk,
        "teryt": p.territory.code,
        "name": p.territory.name,
        "synthetic": p.synthetic,
        "years": [
            {"year": y, "figures": [_cell(f.key, row[f.key]) for f in FIGURES]}
            for y, row in zip(p.years, p.rows, strict=True)
        ],
    }


@router.get("/monitoring/packages/{pk}", response={200: PackageFiguresOut, 404: ErrorOut})
def package(request: HttpRequest, pk: Id) -> dict[str, Any]:
    """Pulpit pakietu usług (urzędnik gminy): finanse, sprawozdania, wykonanie według części, wskaźniki EFS+.
    Analityk regionalny widzi dane zagregowane gmin, nie pulpity pakietów (404)."""
    _need(request, "monitoring.view_package_effects")
    pkg = selectors.package_for(request.user, pk)
    board = package_dashboard(pkg)
    return {
        "package_id": pkg.pk,
        "name": pkg.name,
        "year": pkg.year,
        "reports_late": len(board.reports_late),
        "reports_due": len(board.reports_due),
        "lots": [
            {
                "lot_id": lv.lot.pk,
                "number": lv.lot.number,
                "name": lv.lot.name,
                "planned": float(lv.planned),
                "awarded": float(lv.awarded),
                "paid": float(lv.paid),
                "accounted": float(lv.accounted),
                "participants": None if lv.participants_cell.suppressed else lv.participants,
                "planned_hours": lv.lot.planned_hours,
                "service_hours": float(lv.service_hours),
            }
            for lv in board.lots
        ],
        "esf": _esf_rows(board.esf_report),
        "esf_projects": board.esf_report.projects if board.esf_report else [],
    }


@router.get("/monitoring/esf", response={200: list[EsfProjectOut], 403: ErrorOut})
def esf_projects(request: HttpRequest, year: int | None = None) -> list[dict[str, Any]]:
    """Wskaźniki uczestników EFS+ według projektów EFS+ usług organizacji z obszaru użytkownika (jak strona
    „Wskaźniki EFS+ projektów”; rok domyślnie bieżący, okres do dziś)."""
    from datetime import date

    from django.core.exceptions import PermissionDenied
    from django.utils import timezone

    from . import esf

    if not request.user.has_perm("monitoring.view_figures"):
        raise PermissionDenied
    today = timezone.localdate()
    year = year if year and 2021 <= year <= today.year else today.year
    start, end = date(year, 1, 1), min(date(year, 12, 31), today)
    scope = selectors.esf_services_q(request.user, "service__")
    out = []
    for project in esf.projects_in(selectors.esf_services_q(request.user)):
        report = esf.project_participants(project, scope, start=start, end=end)
        out.append({"project": project, "start": start.isoformat(), "end": end.isoformat(), "esf": _esf_rows(report)})
    return out
