"""The regional view read from the precomputed figures: filters, sorting, suppression, totals, trend.

Every function here runs a fixed number of queries whatever the number of gminas (asserted in the tests)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from kooperacja.core.enums import GminaType
from kooperacja.core.models import Territory

from . import suppression as sup
from .figures import BY_KEY, FIGURES, Figure
from .formatting import number, percent
from .models import GminaYearFigures, RefreshRun
from .policies import FIGURES as FIGURES_POLICY
from .policies import reach_of

ZERO = Decimal(0)


@dataclass(frozen=True)
class Filters:
    powiat: str = ""
    gmina_type: str = ""
    year: int | None = None
    sort: str = "name"
    desc: bool = False


@dataclass
class TableRow:
    territory: Territory
    powiat: str
    synthetic: bool
    cells: dict[str, sup.Cell]
    raw: dict[str, Any]


@dataclass
class RegionalView:
    year: int | None
    years: list[int]
    powiats: list[tuple[str, str]]
    rows: list[TableRow]
    totals: dict[str, sup.Cell]
    trend: dict[int, dict[str, sup.Cell]]
    last_refresh: RefreshRun | None
    figures: tuple[Figure, ...] = FIGURES
    synthetic: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def _derived(f: GminaYearFigures) -> dict[str, Any]:
    return {
        "packages": f.packages,
        "calls": f.calls,
        "calls_value": f.calls_value,
        "awarded_value": f.awarded_value,
        "pes_share": percent(f.pes_value, f.awarded_value),
        "clauses_share": percent(f.calls_with_clauses, f.calls),
        "services": f.services,
        "participants": f.participants,
        "teams": f.teams,
        "cases": f.cases,
        "referrals_sent": f.referrals_sent,
        "referrals_accepted": f.referrals_accepted,
        "referrals_completed": f.referrals_completed,
        "closed_loop": percent(f.referrals_closed, f.referrals_sent),
        "median_days": f.median_days,
        "families_completed": f.families_completed,
        "course_completions": f.course_completions,
        "certificates": f.certificates,
        # hidden parts of the derived figures
        "_closed": f.referrals_closed,
        "_pes_value": f.pes_value,
        "_with_clauses": f.calls_with_clauses,
    }


def _cells(raw: dict[str, Any]) -> dict[str, sup.Cell]:
    cells: dict[str, sup.Cell] = {}
    for fig in FIGURES:
        v = raw[fig.key]
        if fig.counts_people:
            cells[fig.key] = sup.people(int(v))
        elif fig.key == "closed_loop":
            cells[fig.key] = sup.Cell(None, suppressed=True) if raw["referrals_sent"] < sup.THRESHOLD else sup.Cell(v)
        elif fig.key == "median_days":
            cells[fig.key] = sup.Cell(None, suppressed=True) if raw["_closed"] < sup.THRESHOLD else sup.Cell(v)
        else:
            cells[fig.key] = sup.Cell(v)
    return cells


def _totals(raws: list[dict[str, Any]], cells: list[dict[str, sup.Cell]]) -> dict[str, sup.Cell]:
    out: dict[str, sup.Cell] = {}
    s = lambda k: sum((r[k] or 0 for r in raws), ZERO)  # noqa: E731
    for fig in FIGURES:
        if fig.counts_people:
            out[fig.key] = sup.total([int(r[fig.key]) for r in raws], [c[fig.key] for c in cells])
        elif fig.kind in ("count", "money"):
            out[fig.key] = sup.Cell(s(fig.key) if fig.kind == "money" else int(s(fig.key)))
    out["pes_share"] = sup.Cell(percent(s("_pes_value"), s("awarded_value")))
    out["clauses_share"] = sup.Cell(percent(s("_with_clauses"), s("calls")))
    sent = s("referrals_sent")
    out["closed_loop"] = sup.Cell(percent(s("_closed"), sent)) if sent >= sup.THRESHOLD else sup.Cell(None, True)
    out["median_days"] = sup.Cell(None)  # a median of medians is not a median: shown per gmina only
    return out


def _suppress_columns(rows: list[TableRow]) -> None:
    for fig in FIGURES:
        if not fig.counts_people:
            continue
        column = sup.secondary([r.cells[fig.key] for r in rows], [int(r.raw[fig.key]) for r in rows])
        for r, c in zip(rows, column, strict=True):
            r.cells[fig.key] = c


def _sort_key(key: str):  # type: ignore[no-untyped-def]
    def k(row: TableRow) -> tuple[Any, str]:
        if key == "name":
            return (row.territory.name, row.territory.code)
        cell = row.cells[key]
        # suppressed cells tie (sorting by their true value would reveal it)
        value = -1 if cell.suppressed or cell.value is None else cell.value
        return (value, row.territory.name)

    return k


def visible_figures(user: Any) -> QuerySet[GminaYearFigures]:
    return FIGURES_POLICY.visible(user, "view")


def powiat_options(user: Any) -> list[tuple[str, str]]:
    """The powiats the user may filter by (one query)."""
    reach = reach_of(user)
    if reach.regional:
        powiat_q = Territory.objects.filter(kind="powiat").filter(reach.territory_q("code", "id"))
        return [(t.code, t.name) for t in powiat_q.order_by("name")]
    return sorted(set(visible_figures(user).values_list("powiat_code", "territory__parent__name")))


def regional_view(user: Any, filters: Filters) -> RegionalView:
    """The comparison table for the filters; 3 queries (figures, powiats, last refresh)."""
    qs = visible_figures(user).select_related("territory__parent")
    if filters.powiat:
        qs = qs.filter(powiat_code=filters.powiat)
    if filters.gmina_type:
        qs = qs.filter(gmina_type=filters.gmina_type)
    all_rows = list(qs.order_by("territory__name", "year"))
    years = sorted({f.year for f in all_rows}, reverse=True)
    year = filters.year if filters.year in years else (years[0] if years else None)
    powiats = powiat_options(user)
    names = dict(powiats)
    rows = []
    by_year: dict[int, list[tuple[dict[str, Any], dict[str, sup.Cell]]]] = defaultdict(list)
    for f in all_rows:
        raw = _derived(f)
        cells = _cells(raw)
        by_year[f.year].append((raw, cells))
        if f.year == year:
            rows.append(TableRow(f.territory, names.get(f.powiat_code, f.powiat_code), f.synthetic, cells, raw))
    _suppress_columns(rows)
    rows.sort(
        key=_sort_key(filters.sort if filters.sort in BY_KEY or filters.sort == "name" else "name"),
        reverse=filters.desc,
    )
    totals = _totals([r.raw for r in rows], [r.cells for r in rows])
    trend = {y: _totals([raw for raw, _c in items], [c for _r, c in items]) for y, items in sorted(by_year.items())}
    last = RefreshRun.objects.filter(state="done").order_by("-finished_at").first()
    return RegionalView(
        year=year,
        years=years,
        powiats=powiats,
        rows=rows,
        totals=totals,
        trend=trend,
        last_refresh=last,
        synthetic=any(r.synthetic for r in rows),
    )


@dataclass
class GminaProfile:
    territory: Territory
    powiat: Territory | None
    years: list[int]
    rows: list[dict[str, sup.Cell]]
    synthetic: bool
    last_refresh: RefreshRun | None


def gmina_profile(user: Any, territory_id: int) -> GminaProfile:
    """One gmina over the years (404 when the user may not see it or it has no figures)."""
    figures = list(visible_figures(user).filter(territory_id=territory_id).select_related("territory__parent"))
    if not figures:
        raise Http404
    figures.sort(key=lambda f: f.year)
    territory = figures[0].territory
    return GminaProfile(
        territory=territory,
        powiat=territory.parent,
        years=[f.year for f in figures],
        rows=[_cells(_derived(f)) for f in figures],
        synthetic=any(f.synthetic for f in figures),
        last_refresh=RefreshRun.objects.filter(state="done").order_by("-finished_at").first(),
    )


def export_rows(view: RegionalView) -> list[list[Any]]:
    """The table as rows for CSV/XLSX (suppressed cells as "<5", rounded totals as "ok. N")."""
    header = ["Gmina", "Kod TERC", "Powiat", "Typ gminy", "Rok", "Dane syntetyczne"]
    header += [str(f.label) for f in FIGURES]
    out: list[list[Any]] = [header]
    for r in view.rows:
        out.append(
            [
                r.territory.name,
                r.territory.code,
                r.powiat,
                str(GminaType(r.territory.gmina_type).label) if r.territory.gmina_type else "",
                view.year,
                "tak" if r.synthetic else "nie",
                *[r.cells[f.key].export for f in FIGURES],
            ]
        )
    out.append(["Razem", "", "", "", view.year, "", *[view.totals.get(f.key, sup.Cell(None)).export for f in FIGURES]])
    return out


def cell_text(cell: sup.Cell, fig: Figure) -> str:
    if cell.suppressed:
        return sup.SUPPRESSED
    text = number(cell.value, fig.kind)
    return f"ok. {text}" if cell.approx else text
