"""The figures of the regional view: one definition each (label, unit, whether it counts people), shared by the
table, the charts, the exports, the API and docs/monitoring.md."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Figure:
    key: str
    label: Any
    kind: str  # count | people | money | percent | days
    definition: Any

    @property
    def counts_people(self) -> bool:
        return self.kind == "people"


FIGURES: tuple[Figure, ...] = (
    Figure("packages", _("Pakiety usług"), "count", _("pakiety usług społecznych gminy z danego roku")),
    Figure("calls", _("Ogłoszenia"), "count", _("ogłoszenia (OPP i Pzp) opublikowane w danym roku przez urząd gminy")),
    Figure(
        "calls_value",
        _("Wartość ogłoszeń"),
        "money",
        _("środki publiczne wskazane w ogłoszeniach (OPP) lub ich wartość szacunkowa (Pzp)"),
    ),
    Figure(
        "awarded_value",
        _("Wartość umów"),
        "money",
        _("kwoty umów zawartych przez urząd gminy, według roku rozpoczęcia"),
    ),
    Figure(
        "pes_share",
        _("Udział PES w kwocie umów"),
        "percent",
        _("część wartości umów przyznana podmiotom ekonomii społecznej (PES)"),
    ),
    Figure(
        "clauses_share",
        _("Ogłoszenia z klauzulami społecznymi"),
        "percent",
        _("odsetek ogłoszeń (OPP i Pzp) z co najmniej jedną klauzulą społeczną (art. 94, 95, 96, 242, 361 Pzp)"),
    ),
    Figure(
        "services",
        _("Usługi w katalogu"),
        "count",
        _("usługi dostawców z gminy opublikowane w katalogu (stan na dzień przeliczenia)"),
    ),
    Figure(
        "participants",
        _("Uczestnicy usług"),
        "people",
        _("różne osoby zapisane na usługi dostawców z gminy w danym roku"),
    ),
    Figure(
        "teams", _("Zespoły kooperacji"), "count", _("partnerskie zespoły kooperacji działające w gminie w danym roku")
    ),
    Figure("cases", _("Sprawy"), "people", _("sprawy rodzin i osób otwarte w danym roku (gmina zamieszkania)")),
    Figure(
        "referrals_sent", _("Skierowania wysłane"), "people", _("skierowania wysłane w danym roku w sprawach z gminy")
    ),
    Figure(
        "referrals_accepted",
        _("Skierowania przyjęte"),
        "people",
        _("skierowania przyjęte przez instytucję, do której je wysłano"),
    ),
    Figure(
        "referrals_completed",
        _("Skierowania zrealizowane"),
        "people",
        _("skierowania zakończone rezultatem „zrealizowane”"),
    ),
    Figure(
        "closed_loop",
        _("Pętla zamknięta"),
        "percent",
        _(
            "odsetek wysłanych skierowań, dla których instytucja przyjmująca odesłała rezultat "
            "(zrealizowane albo niezrealizowane)"
        ),
    ),
    Figure(
        "median_days",
        _("Mediana dni do rezultatu"),
        "days",
        _("mediana liczby dni od wysłania skierowania do zakończenia (rezultatu)"),
    ),
    Figure(
        "families_completed",
        _("Rodziny, które ukończyły IPW"),
        "people",
        _("sprawy zamknięte w danym roku z rezultatem programu „cele osiągnięte” albo „osiągnięte częściowo”"),
    ),
)
FIGURES = (
    *FIGURES,
    Figure(
        "course_completions",
        _("Ukończone szkolenia Szkoły Kooperacji"),
        "people",
        _("zapisy na kursy Szkoły Kooperacji ukończone w danym roku przez osoby z organizacji z gminy"),
    ),
    Figure(
        "certificates",
        _("Zaświadczenia Szkoły Kooperacji"),
        "people",
        _("ważne zaświadczenia wydane w danym roku osobom z organizacji z gminy"),
    ),
)
BY_KEY = {f.key: f for f in FIGURES}
PEOPLE_KEYS = tuple(f.key for f in FIGURES if f.counts_people)
SORT_KEYS = ("name", *BY_KEY)
