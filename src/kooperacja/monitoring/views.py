"""Pages of the monitoring app: thin views over the selectors and the analyses (no personal data anywhere)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.core import charts
from kooperacja.core.exports import csv_response, xlsx_response

from . import consortium, esf, legality, ozps, regional, selectors, services
from .figures import BY_KEY, FIGURES
from .forms import RegionalFilterForm
from .package import package_dashboard, period_of
from .pdf import effects_pdf
from .policies import reach_of


def _need(request: HttpRequest, perm: str) -> None:
    """Pages of one record (a gmina, a package, a call): 404 for users outside monitoring, as for a record they
    may not know exists (the record itself is then fetched through the policy's scope: 404 as well)."""
    if not request.user.has_perm(perm):
        raise Http404


def _need_page(request: HttpRequest, perm: str) -> None:
    """Pages without a record (the comparison, exports, lists): 403 for a role that lacks the permission."""
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _filters(request: HttpRequest) -> tuple[RegionalFilterForm, regional.Filters, list[tuple[str, str]]]:
    powiats = regional.powiat_options(request.user)
    form = RegionalFilterForm(request.GET or None, powiats=powiats)
    data: dict[str, Any] = form.cleaned_data if form.is_bound and form.is_valid() else {}
    filters = regional.Filters(
        powiat=data.get("powiat") or "",
        gmina_type=data.get("typ") or "",
        year=data.get("rok"),
        sort=data.get("sort") or "name",
        desc=bool(data.get("malejaco")),
    )
    return form, filters, powiats


def _chart_figure(filters: regional.Filters) -> str:
    return filters.sort if filters.sort in BY_KEY else "awarded_value"


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _need_page(request, "monitoring.view_figures")
    form, filters, _p = _filters(request)
    view = regional.regional_view(request.user, filters)
    fig = BY_KEY[_chart_figure(filters)]
    ranked = sorted(
        view.rows,
        key=lambda r: -1 if r.cells[fig.key].suppressed or r.cells[fig.key].value is None else r.cells[fig.key].value,
        reverse=True,
    )
    bars = [
        charts.Bar(
            r.territory.name,
            None if r.cells[fig.key].suppressed else r.cells[fig.key].value,
            regional.cell_text(r.cells[fig.key], fig),
        )
        for r in ranked
    ]
    trend_points = [
        (y, None if t[fig.key].suppressed else t[fig.key].value, regional.cell_text(t[fig.key], fig))
        for y, t in view.trend.items()
        if fig.key in t
    ]
    table = [{"row": r, "cells": [(f, regional.cell_text(r.cells[f.key], f)) for f in FIGURES]} for r in view.rows]
    totals = [(f, regional.cell_text(view.totals[f.key], f)) for f in FIGURES]
    return render(
        request,
        "monitoring/index.html",
        {
            "form": form,
            "view": view,
            "figures": FIGURES,
            "chart_figure": fig,
            "ranking": charts.ranking(
                bars,
                title=_("Ranking gmin: %s") % fig.label,
                desc=_("Wartość dla każdej gminy; tabela danych poniżej."),
            ),
            "trend": charts.trend(
                trend_points,
                title=_("Trend w latach: %s") % fig.label,
                desc=_("Suma dla wybranych gmin w kolejnych latach."),
            ),
            "trend_points": trend_points,
            "bars": bars,
            "table": table,
            "totals": totals,
            "query": request.GET.urlencode(),
            "can_refresh": request.user.has_perm("monitoring.refresh_figures"),
        },
    )


@login_required
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    _need_page(request, "monitoring.view_figures")
    _form, filters, _p = _filters(request)
    view = regional.regional_view(request.user, filters)
    rows = regional.export_rows(view)
    stamp = timezone.localtime().strftime("%Y%m%d")
    if fmt == "xlsx":
        return xlsx_response(rows, f"porownanie-gmin-{stamp}.xlsx", title="Porównanie gmin")
    return csv_response(rows, f"porownanie-gmin-{stamp}.csv")


@login_required
def gmina(request: HttpRequest, pk: int) -> HttpResponse:
    _need(request, "monitoring.view_figures")
    profile = regional.gmina_profile(request.user, pk)
    series = []
    for f in FIGURES:
        points = [
            (y, None if row[f.key].suppressed else row[f.key].value, regional.cell_text(row[f.key], f))
            for y, row in zip(profile.years, profile.rows, strict=True)
        ]
        series.append((f, points))
    main = [s for s in series if s[0].key in ("awarded_value", "participants", "referrals_sent", "closed_loop")]
    return render(
        request,
        "monitoring/gmina.html",
        {
            "profile": profile,
            "series": series,
            "charts": [
                (f, charts.trend(p, title=str(f.label), desc=_("Wartości w kolejnych latach; tabela poniżej.")))
                for f, p in main
            ],
        },
    )


@login_required
def gmina_ozps(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The OZPS export of one gmina and year (`?rok=`; the latest year with figures by default)."""
    _need(request, "monitoring.view_figures")
    profile = regional.gmina_profile(request.user, pk)
    form = RegionalFilterForm(request.GET or None, powiats=[])
    wanted = form.cleaned_data.get("rok") if form.is_bound and form.is_valid() else None
    year = wanted if wanted in profile.years else profile.years[-1]
    cells = profile.rows[profile.years.index(year)]
    t = profile.territory
    area = f"{t.name} ({t.get_gmina_type_display()}), kod TERC {t.code}"
    rows = ozps.ozps_rows(area=area, year=year, cells=cells, last_refresh=profile.last_refresh)
    name = f"ozps-{t.code}-{year}"
    if fmt == "xlsx":
        return xlsx_response(rows, f"{name}.xlsx", title="OZPS")
    return csv_response(rows, f"{name}.csv")


@login_required
def region_ozps(request: HttpRequest, fmt: str) -> HttpResponse:
    """The OZPS export of the selection on the comparison page (the voivodeship, a powiat, a type), summed."""
    _need_page(request, "monitoring.view_figures")
    _form, filters, powiats = _filters(request)
    view = regional.regional_view(request.user, filters)
    names = sorted({r.territory.name for r in view.rows})
    parts = [", ".join(names) if len(names) <= 12 else f"{len(names)}"]
    if filters.powiat:
        parts.insert(0, _("powiat %s") % dict(powiats).get(filters.powiat, filters.powiat))
    area = _("Suma gmin: %s") % " – ".join(parts)
    rows = ozps.ozps_rows(area=area, year=view.year, cells=view.totals, last_refresh=view.last_refresh)
    name = f"ozps-zestawienie-{view.year or 'brak'}"
    if fmt == "xlsx":
        return xlsx_response(rows, f"{name}.xlsx", title="OZPS")
    return csv_response(rows, f"{name}.csv")


@login_required
@require_POST
def refresh(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("monitoring.refresh_figures"):
        raise PermissionDenied
    run = services.figures_refresh(actor=request.user)
    messages.success(request, _("Przeliczono zestawienia: %(n)d wierszy.") % {"n": run.rows})
    return redirect("monitoring:index")


@login_required
def packages(request: HttpRequest) -> HttpResponse:
    _need_page(request, "monitoring.view_package_effects")
    return render(request, "monitoring/packages.html", {"packages": selectors.packages_visible_to(request.user)[:200]})


def _dashboard_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    package = selectors.package_for(request.user, pk)
    board = package_dashboard(package)
    timeline = charts.timeline(
        board.moments,
        title=_("Oś czasu pakietu %s") % package,
        desc=_("Ogłoszenia, rozstrzygnięcia, umowy, transze, sprawozdania i rozliczenie; lista poniżej."),
        today=board.today,
    )
    return {"package": package, "board": board, "timeline": timeline}


@login_required
def package(request: HttpRequest, pk: int) -> HttpResponse:
    _need(request, "monitoring.view_package_effects")
    return render(request, "monitoring/package.html", _dashboard_context(request, pk))


@login_required
def contract_package(request: HttpRequest, pk: int) -> HttpResponse:
    _need(request, "monitoring.view_package_effects")
    return redirect("monitoring:package", pk=selectors.package_of_contract(request.user, pk).pk)


def _effects_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    ctx = _dashboard_context(request, pk)
    board = ctx["board"]
    calls = list(selectors.calls_visible_to(request.user).filter(package=ctx["package"]))
    ctx["legality"] = legality.legality_of(calls)
    ctx["consortia"] = consortium.consortium_effects(board.contracts)
    ctx["money_chart"] = charts.ranking(
        [charts.Bar(str(lv.lot), lv.awarded, str(lv.awarded)) for lv in board.lots],
        title=_("Kwota umów według części"),
        desc=_("Wartość umów na każdą część pakietu; tabela obok."),
    )
    return ctx


@login_required
def effects(request: HttpRequest, pk: int) -> HttpResponse:
    _need(request, "monitoring.view_package_effects")
    return render(request, "monitoring/effects.html", _effects_context(request, pk))


@login_required
def effects_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    _need(request, "monitoring.view_package_effects")
    ctx = _effects_context(request, pk)
    data = effects_pdf(ctx["package"], ctx["board"], ctx["legality"], ctx["consortia"])
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="efekty-pakietu-{ctx["package"].pk}.pdf"'
    return response


@login_required
def package_esf(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The ESF+ participant indicators of the package as CSV/XLSX (Polish headings, "<5" for small cells)."""
    _need(request, "monitoring.view_package_effects")
    package = selectors.package_for(request.user, pk)
    start, end = period_of(package, timezone.localdate())
    rows = esf.package_participants(package, start=start, end=end).export_rows()
    name = f"wskazniki-efs-pakiet-{package.pk}-{timezone.localtime():%Y%m%d}"
    if fmt == "xlsx":
        return xlsx_response(rows, f"{name}.xlsx", title="Wskaźniki EFS+")
    return csv_response(rows, f"{name}.csv")


@login_required
def legality_index(request: HttpRequest) -> HttpResponse:
    _need_page(request, "monitoring.view_legality")
    items = legality.legality_of(selectors.calls_visible_to(request.user)[:300])
    return render(
        request,
        "monitoring/legality.html",
        {"items": items, "authorities": legality.by_authority(items), "reach": reach_of(request.user)},
    )


@login_required
def call_legality(request: HttpRequest, pk: int) -> HttpResponse:
    _need(request, "monitoring.view_legality")
    item = legality.call_legality(selectors.call_for(request.user, pk))
    return render(request, "monitoring/call_legality.html", {"item": item})


def _esf_year(request: HttpRequest) -> tuple[int, date, date]:
    today = timezone.localdate()
    raw = request.GET.get("rok", "")
    year = int(raw) if raw.isdigit() and 2021 <= int(raw) <= today.year else today.year
    return year, date(year, 1, 1), min(date(year, 12, 31), today)


@login_required
def esf_projects(request: HttpRequest) -> HttpResponse:
    """ESF+ participant indicators per ESF+ project in the user's reach (as the managing authority receives them):
    the EU-funded services of providers seated in the analyst's voivodeship or the officer's gmina."""
    _need_page(request, "monitoring.view_figures")
    year, start, end = _esf_year(request)
    scope = selectors.esf_services_q(request.user)
    enrolment_scope = selectors.esf_services_q(request.user, "service__")
    reports = [esf.project_participants(p, enrolment_scope, start=start, end=end) for p in esf.projects_in(scope)]
    years = list(range(timezone.localdate().year, 2020, -1))
    return render(request, "monitoring/esf_projects.html", {"reports": reports, "year": year, "years": years})


@login_required
def esf_project_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """One project's ESF+ indicators as CSV/XLSX (`?projekt=`; a project outside the user's reach: 404)."""
    _need_page(request, "monitoring.view_figures")
    year, start, end = _esf_year(request)
    project = request.GET.get("projekt", "")
    if project not in esf.projects_in(selectors.esf_services_q(request.user)):
        raise Http404
    report = esf.project_participants(
        project, selectors.esf_services_q(request.user, "service__"), start=start, end=end
    )
    safe = "".join(c if c.isalnum() else "-" for c in project)
    name = f"wskazniki-efs-{safe}-{year}"
    if fmt == "xlsx":
        return xlsx_response(report.export_rows(), f"{name}.xlsx", title="Wskaźniki EFS+")
    return csv_response(report.export_rows(), f"{name}.csv")
