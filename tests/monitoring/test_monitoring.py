"""Monitoring: policies, the regional figures and their suppression, the package dashboard, legality, exports."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from kooperacja.core.actors import SYSTEM
from kooperacja.core.models import Territory
from kooperacja.core.policy import assert_policy_consistent
from kooperacja.demo.scenarios.foundation import USERS
from kooperacja.monitoring import services, suppression
from kooperacja.monitoring.models import GminaYearFigures, RefreshRun
from kooperacja.monitoring.policies import CALLS, FIGURES, PACKAGES, reach_of
from kooperacja.monitoring.workflows import REFRESH

pytestmark = pytest.mark.django_db
PACKAGE = "Pakiet usług społecznych OdNowa"


def _users(demo: Any) -> list[Any]:
    from django.contrib.auth.models import AnonymousUser

    return [AnonymousUser(), *(demo.user(key) for key, *_rest in USERS)]


def test_policies_consistent_for_every_demo_user(demo: Any) -> None:
    from kooperacja.commissioning.models import Call, ServicePackage

    users = _users(demo)
    assert assert_policy_consistent(FIGURES, users, GminaYearFigures.objects.all()) > 0
    assert assert_policy_consistent(PACKAGES, users, ServicePackage.objects.all()) > 0
    assert assert_policy_consistent(CALLS, users, Call.objects.all()) > 0


def test_reach_analyst_voivodeship_officer_gmina(demo: Any) -> None:
    analyst, officer, resident = demo.user("analyst"), demo.user("officer"), demo.user("resident")
    assert reach_of(analyst).voivodeships == {"20"} and not reach_of(analyst).gminas
    hajnowka = Territory.objects.get(code="2005011")
    assert reach_of(officer).gminas == {hajnowka.pk} and not reach_of(officer).voivodeships
    assert reach_of(resident).empty
    officer_rows = set(FIGURES.visible(officer).values_list("territory__code", flat=True))
    assert officer_rows == {"2005011"}
    analyst_rows = set(FIGURES.visible(analyst).values_list("territory__code", flat=True))
    assert len(analyst_rows) >= 10 and all(code.startswith("20") for code in analyst_rows)


def test_an_analyst_of_another_voivodeship_sees_nothing_of_podlaskie(demo: Any) -> None:
    other = Territory.objects.filter(kind="gmina", code__startswith="14").first()
    figures = GminaYearFigures.objects.filter(voivodeship_code="20").first()
    from kooperacja.organisations.models import Organisation

    rops = demo.org("rops")
    Organisation.objects.filter(pk=rops.pk).update(territory=other)
    analyst = demo.user("analyst")
    assert not FIGURES.can(analyst, "view", figures)
    assert not FIGURES.visible(analyst).filter(voivodeship_code="20").exists()


def test_demo_has_eight_gminas_and_real_hajnowka_narewka(demo: Any) -> None:
    codes = set(GminaYearFigures.objects.values_list("territory__code", flat=True))
    assert len(codes) >= 10
    real = GminaYearFigures.objects.filter(synthetic=False).values_list("territory__code", flat=True)
    assert {"2005011", "2005092"} <= set(real)
    assert GminaYearFigures.objects.filter(synthetic=True).count() >= 8 * 3


def test_refresh_recomputes_from_records_and_keeps_synthetic(demo: Any) -> None:
    synthetic = GminaYearFigures.objects.filter(synthetic=True).count()
    run = services.figures_refresh(actor=SYSTEM, voivodeship_code="20")
    assert run.state == "done" and run.finished_at and run.rows >= 1
    assert GminaYearFigures.objects.filter(synthetic=True).count() == synthetic
    from kooperacja.commissioning.models import Contract

    hajnowka = Territory.objects.get(code="2005011")
    awarded = sum(
        (
            c.amount
            for c in Contract.objects.filter(authority__territory=hajnowka).exclude(state__in=["draft", "terminated"])
        ),
        Decimal(0),
    )
    rows = GminaYearFigures.objects.filter(territory=hajnowka)
    assert sum((r.awarded_value for r in rows), Decimal(0)) == awarded


def test_refresh_workflow_is_consistent_and_state_guarded() -> None:
    REFRESH.check_consistency()
    run = RefreshRun()
    with pytest.raises(AttributeError):
        run.state = "done"


def test_officer_may_not_refresh(demo: Any) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.figures_refresh(actor=demo.user("officer"))


def test_suppression_small_counts_secondary_and_totals() -> None:
    raw = [3, 12, 40, 7]
    cells = [suppression.people(n) for n in raw]
    assert [c.text for c in cells] == ["<5", "12", "40", "7"]
    column = suppression.secondary(cells, raw)
    assert [c.suppressed for c in column] == [True, False, False, True]  # 7, the next smallest, hidden too
    total = suppression.total(raw, column)
    assert total.approx and total.value == 60  # 62 rounded to 10: 62 - 12 - 40 no longer gives 3 + 7 exactly
    assert suppression.people(0).text == "<5"


def test_regional_page_suppresses_and_hides_rank_of_small_cells(client_as: Any, demo: Any) -> None:
    narewka = Territory.objects.get(code="2005092")
    row = GminaYearFigures.objects.filter(territory=narewka).order_by("-year").first()
    assert row is not None
    GminaYearFigures.objects.filter(pk=row.pk).update(participants=2, referrals_sent=3)
    page = client_as("analyst").get(reverse("monitoring:index"), {"rok": row.year}).content.decode()
    assert "&lt;5" in page
    table = page[page.index('id="regional-table"') :]
    narewka_row = re.search(r"Narewka</a>.*?</tr>", table, re.S).group(0)
    assert ">2<" not in narewka_row and ">3<" not in narewka_row


def test_regional_page_constant_queries(client_as: Any, demo: Any, django_assert_max_num_queries: Any) -> None:
    from kooperacja.demo.scenarios.monitoring import synthetic_rows

    client = client_as("analyst")
    url = reverse("monitoring:index")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    more = list(
        Territory.objects.filter(kind="gmina", code__startswith="20").exclude(
            code__in=GminaYearFigures.objects.values("territory__code")
        )[:60]
    )
    services.figures_load_synthetic(actor=SYSTEM, rows=synthetic_rows(more, [2024, 2025, 2026]))
    with CaptureQueriesContext(connection) as large:
        page = client.get(url)
    assert page.status_code == 200 and page.content.decode().count("monitoring/gminy/") > 60
    assert len(large) == len(small), [q["sql"][:80] for q in large.captured_queries]


def test_gmina_profile_and_scope(client_as: Any, demo: Any) -> None:
    bialowieza = Territory.objects.get(code="2005022")
    assert client_as("analyst").get(reverse("monitoring:gmina", args=[bialowieza.pk])).status_code == 200
    assert client_as("officer").get(reverse("monitoring:gmina", args=[bialowieza.pk])).status_code == 404
    assert client_as("resident").get(reverse("monitoring:gmina", args=[bialowieza.pk])).status_code == 404


def test_filters_by_powiat_and_type(client_as: Any, demo: Any) -> None:
    client = client_as("analyst")
    page = client.get(reverse("monitoring:index"), {"powiat": "2005"}).content.decode()
    table = page[page.index('id="regional-table"') :]
    assert "Białowieża" in table and "Wasilków" not in table
    page = client.get(reverse("monitoring:index"), {"typ": "1"}).content.decode()
    table = page[page.index('id="regional-table"') :]
    assert "Hajnówka" in table and "Białowieża" not in table
    bad = client.get(reverse("monitoring:index"), {"rok": "99999", "powiat": "x"})
    assert bad.status_code == 200


def test_exports_csv_xlsx_same_figures_and_neutralised(client_as: Any, demo: Any) -> None:
    from openpyxl import load_workbook

    client = client_as("analyst")
    csv = client.get(reverse("monitoring:export_csv")).content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Gmina;Kod TERC;Powiat")
    assert "Hajnówka" in csv and "Razem" in csv
    xlsx = client.get(reverse("monitoring:export_xlsx"))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    names = [row[0] for row in ws.iter_rows(values_only=True)]
    assert "Hajnówka" in names and all(not str(n).startswith("=") for n in names if n)


def test_api_same_figures_and_scope(client_as: Any, demo: Any) -> None:
    data = client_as("analyst").get("/api/v1/monitoring/gminas").json()
    names = {r["name"] for r in data["rows"]}
    assert {"Hajnówka", "Narewka", "Białowieża"} <= names
    for row in data["rows"]:
        for cell in row["figures"]:
            if cell["suppressed"]:
                assert cell["value"] is None
    officer = client_as("officer").get("/api/v1/monitoring/gminas").json()
    assert {r["name"] for r in officer["rows"]} == {"Hajnówka"}
    assert client_as("resident").get("/api/v1/monitoring/gminas").status_code == 404
    assert client_as("resident").get(reverse("monitoring:index")).status_code == 403  # a page, not a record
    assert client_as("analyst").get("/api/v1/monitoring/gminas", {"limit": 100000}).status_code == 422
    assert client_as("analyst").get("/api/v1/monitoring/gminas/99999999999999999999").status_code == 422
    schema = client_as("analyst").get("/api/v1/openapi.json").json()
    assert "/api/v1/monitoring/gminas" in schema["paths"]


def test_package_dashboard_units_and_money(client_as: Any, demo: Any) -> None:
    from kooperacja.commissioning.models import ServicePackage

    package = ServicePackage.objects.get(name=PACKAGE)
    page = client_as("officer").get(reverse("monitoring:package", args=[package.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Godziny usługi (zajęć)" in text and "<svg" in text and "Oś czasu pakietu" in text
    api = client_as("officer").get(f"/api/v1/monitoring/packages/{package.pk}").json()
    assert all(lot["awarded"] >= lot["paid"] for lot in api["lots"])


def test_legality_steps_reuse_commissioning_rules(client_as: Any, demo: Any) -> None:
    from kooperacja.commissioning import legal
    from kooperacja.commissioning.models import Call
    from kooperacja.monitoring.legality import call_legality

    call = Call.objects.filter(package__name=PACKAGE, mode="opp_open", published_at__isnull=False).first()
    item = call_legality(call)
    rules = {s.key: s.rule for s in item.steps}
    assert rules["days"] is legal.OFFER_MIN_DAYS_AFTER_PUBLICATION
    assert rules["channels"] is legal.PUBLICATION_CHANNELS
    assert {s.status for s in item.steps} <= {"met", "missed", "not_due"}
    page = client_as("officer").get(reverse("monitoring:call_legality", args=[call.pk])).content.decode()
    assert "art. 13 ust. 1 OPP" in page


def test_effects_pdf(client_as: Any, demo: Any) -> None:
    from kooperacja.commissioning.models import ServicePackage

    package = ServicePackage.objects.get(name=PACKAGE)
    response = client_as("officer").get(reverse("monitoring:effects_pdf", args=[package.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_no_personal_data_on_any_monitoring_page_or_export(client_as: Any, demo: Any) -> None:
    """Every monitoring page and export for the demo: no name or PESEL of a demo person."""
    from kooperacja.commissioning.models import Call, Contract, ServicePackage
    from kooperacja.delivery.models import Person

    people = list(Person.objects.values_list("first_name", "last_name", "pesel"))
    assert people
    needles = {f"{first} {last}" for first, last, _p in people} | {p for _f, _l, p in people if p}
    package = ServicePackage.objects.get(name=PACKAGE)
    call = Call.objects.filter(package=package, published_at__isnull=False).first()
    hajnowka = Territory.objects.get(code="2005011")
    urls = [
        reverse("monitoring:index"),
        reverse("monitoring:export_csv"),
        reverse("monitoring:export_xlsx"),
        reverse("monitoring:gmina", args=[hajnowka.pk]),
        reverse("monitoring:ozps_csv", args=[hajnowka.pk]),
        reverse("monitoring:ozps_xlsx", args=[hajnowka.pk]),
        reverse("monitoring:region_ozps_csv"),
        reverse("monitoring:region_ozps_xlsx"),
        reverse("monitoring:legality"),
        reverse("monitoring:call_legality", args=[call.pk]),
        "/api/v1/monitoring/gminas",
    ]
    # the authority's own pages (the analyst answers 404/403 there, see test_analyst_sees_no_package_dashboard)
    authority_urls = [
        reverse("monitoring:packages"),
        reverse("monitoring:package", args=[package.pk]),
        reverse("monitoring:effects", args=[package.pk]),
        reverse("monitoring:esf_csv", args=[package.pk]),
        reverse("monitoring:esf_xlsx", args=[package.pk]),
        f"/api/v1/monitoring/packages/{package.pk}",
    ]
    assert Contract.objects.exists()
    for role in ("analyst", "officer", "admin"):
        client = client_as(role)
        for url in urls + ([] if role == "analyst" else authority_urls):
            response = client.get(url)
            assert response.status_code == 200, (role, url)
            body = response.content
            if url.endswith(".xlsx"):
                from openpyxl import load_workbook

                ws = load_workbook(io.BytesIO(body)).active
                text = " ".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None)
            else:
                text = body.decode("utf-8-sig")
            found = [n for n in needles if n in text]
            assert not found, (role, url, found[:3])


def test_school_of_cooperation_figures_follow_learning_records(demo: Any) -> None:
    from kooperacja.learning.models import Certificate
    from kooperacja.learning.models import Enrolment as CourseEnrolment

    services.figures_refresh(actor=SYSTEM, voivodeship_code="20")
    real = GminaYearFigures.objects.filter(synthetic=False)
    completed = CourseEnrolment.objects.filter(
        state="completed", completed_at__isnull=False, organisation__territory__code__startswith="20"
    ).count()
    certificates = Certificate.objects.filter(
        state="valid", enrolment__organisation__territory__code__startswith="20"
    ).count()
    assert sum(r.course_completions for r in real) == completed
    assert sum(r.certificates for r in real) == certificates


def test_legality_marks_missed_steps_from_the_records(demo: Any) -> None:
    from kooperacja.commissioning.models import Call
    from kooperacja.monitoring.legality import call_legality

    call = Call.objects.filter(package__name=PACKAGE, mode="opp_open", published_at__isnull=False).first()
    steps = {s.key: s.status for s in call_legality(call).steps}
    assert steps["channels"] == "met"
    call.publications.filter(channel="website").delete()
    last = max(p.published_on for p in call.publications.all())
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    Call.objects.filter(pk=call.pk).update(
        offer_deadline=timezone.make_aware(datetime.combine(last + timedelta(days=10), time(12)))
    )
    steps = {s.key: s.status for s in call_legality(Call.objects.get(pk=call.pk)).steps}
    assert steps["channels"] == "missed"
    assert steps["days"] == "missed"


def test_analyst_sees_no_package_dashboard(client_as: Any, demo: Any) -> None:
    """Decided for issue 14: the ROPS analyst gets the aggregated figures of the voivodeship (comparison, gmina
    profiles, OZPS, legality of published calls), not an authority's package dashboard (404, as for a record
    one may not know exists; 403 on the list page); the officer of the authority and the administrator open it."""
    from kooperacja.commissioning.models import Contract, ServicePackage

    package = ServicePackage.objects.get(name=PACKAGE)
    contract = Contract.objects.filter(call__package=package).first()
    analyst = demo.user("analyst")
    assert not PACKAGES.can(analyst, "view", package) and not PACKAGES.visible(analyst).exists()
    assert not analyst.has_perm("monitoring.view_package_effects")
    assert PACKAGES.can(demo.user("officer"), "view", package)
    client = client_as("analyst")
    assert client.get(reverse("monitoring:packages")).status_code == 403  # the list page: known, not theirs
    for url in (
        reverse("monitoring:package", args=[package.pk]),
        reverse("monitoring:effects", args=[package.pk]),
        reverse("monitoring:effects_pdf", args=[package.pk]),
        reverse("monitoring:esf_xlsx", args=[package.pk]),
        reverse("monitoring:contract_package", args=[contract.pk]),
        f"/api/v1/monitoring/packages/{package.pk}",
    ):
        assert client.get(url).status_code == 404, url
    index = client.get(reverse("monitoring:index")).content.decode()
    assert reverse("monitoring:packages") not in index
    assert client.get(reverse("monitoring:gmina", args=[package.territory_id])).status_code == 200
    assert client_as("officer").get(reverse("monitoring:package", args=[package.pk])).status_code == 200
