"""The OZPS export: the figures the platform holds for the annual assessment of social-assistance resources
(Ocena Zasobów Pomocy Społecznej, art. 16a ustawy o pomocy społecznej; gmina and powiat present it to the
council by 30 April, the voivodeship by 30 June, and file it in the ministry's CAS system).

The platform is not the OZPS system: it holds commissioning, services, cooperation and training records, not
demography, benefits paid, staff of the OPS or the budget. The file says so row by row: each area of the
assessment lists what the platform has (with the definition of the figure, from `figures.FIGURES`) and what
it does not have (value "brak w platformie" and where the officer finds it). Counts of people below 5 show
"<5" exactly as on the pages (the same cells, `regional._cells`). Read from the precomputed figures only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import suppression as sup
from .figures import BY_KEY
from .formatting import number

NOT_HELD = _("brak w platformie")


@dataclass(frozen=True)
class Item:
    area: Any
    label: Any
    key: str = ""  # a figure of `figures.FIGURES`; "" = not held by the platform
    where: Any = ""  # for what the platform does not hold: where to find it


ITEMS: tuple[Item, ...] = (
    Item(
        _("Sytuacja demograficzna i społeczna"),
        _("Liczba mieszkańców, struktura wieku"),
        where=_("GUS, Bank Danych Lokalnych"),
    ),
    Item(
        _("Beneficjenci pomocy społecznej"),
        _("Osoby i rodziny objęte pomocą, według powodów (art. 7)"),
        where=_("sprawozdanie MRiPS-03 (CAS)"),
    ),
    Item(_("Beneficjenci pomocy społecznej"), _("Sprawy rodzin i osób prowadzone w kooperacji"), "cases"),
    Item(
        _("Beneficjenci pomocy społecznej"),
        _("Rodziny, które ukończyły indywidualny program współpracy"),
        "families_completed",
    ),
    Item(_("Beneficjenci pomocy społecznej"), _("Uczestnicy usług społecznych zleconych i z katalogu"), "participants"),
    Item(
        _("Zasoby instytucjonalne"),
        _("Jednostki organizacyjne pomocy społecznej i miejsca w placówkach"),
        where=_("rejestr jednostek (wojewoda), sprawozdanie MRiPS-03"),
    ),
    Item(_("Zasoby instytucjonalne"), _("Usługi społeczne dostawców z gminy w katalogu"), "services"),
    Item(
        _("Zasoby kadrowe"),
        _("Zatrudnienie w jednostkach pomocy społecznej (pracownicy socjalni i inni)"),
        where=_("kadry OPS/PCPR, sprawozdanie MRiPS-03"),
    ),
    Item(_("Zasoby kadrowe"), _("Ukończone szkolenia Szkoły Kooperacji"), "course_completions"),
    Item(_("Zasoby kadrowe"), _("Zaświadczenia Szkoły Kooperacji"), "certificates"),
    Item(_("Współpraca z organizacjami pozarządowymi i PES"), _("Pakiety usług społecznych"), "packages"),
    Item(_("Współpraca z organizacjami pozarządowymi i PES"), _("Ogłoszenia konkursów i postępowań"), "calls"),
    Item(_("Współpraca z organizacjami pozarządowymi i PES"), _("Wartość ogłoszeń"), "calls_value"),
    Item(_("Współpraca z organizacjami pozarządowymi i PES"), _("Wartość zawartych umów"), "awarded_value"),
    Item(_("Współpraca z organizacjami pozarządowymi i PES"), _("Udział PES w kwocie umów"), "pes_share"),
    Item(
        _("Współpraca z organizacjami pozarządowymi i PES"), _("Ogłoszenia z klauzulami społecznymi"), "clauses_share"
    ),
    Item(_("Partnerstwo i kooperacja"), _("Partnerskie zespoły kooperacji"), "teams"),
    Item(_("Partnerstwo i kooperacja"), _("Skierowania wysłane"), "referrals_sent"),
    Item(_("Partnerstwo i kooperacja"), _("Skierowania przyjęte"), "referrals_accepted"),
    Item(_("Partnerstwo i kooperacja"), _("Skierowania zrealizowane"), "referrals_completed"),
    Item(_("Partnerstwo i kooperacja"), _("Pętla zamknięta (odsetek skierowań z rezultatem)"), "closed_loop"),
    Item(_("Partnerstwo i kooperacja"), _("Mediana dni od skierowania do rezultatu"), "median_days"),
    Item(
        _("Wydatki na pomoc społeczną"),
        _("Wydatki gminy na pomoc społeczną i świadczenia"),
        where=_("sprawozdanie budżetowe Rb-28S, dział 852"),
    ),
    Item(_("Wnioski i rekomendacje"), _("Wnioski z oceny zasobów"), where=_("opracowanie własne jednostki")),
)

UNITS = {"count": "", "people": _("osób"), "money": _("zł"), "percent": "%", "days": _("dni")}
HEADER = ["Obszar oceny", "Pozycja", "Wartość", "Jednostka", "Skąd w platformie (definicja)", "Uwagi"]


def _value(cell: sup.Cell | None, kind: str) -> Any:
    if cell is None or (cell.value is None and not cell.suppressed):
        return "—"
    if cell.suppressed:
        return sup.SUPPRESSED
    if kind == "money":
        return cell.value  # a number in the spreadsheet (XLSX keeps it numeric)
    text = number(cell.value, kind).replace("\u00a0%", "")
    return f"ok. {text}" if cell.approx else text


def ozps_rows(*, area: str, year: int | None, cells: dict[str, sup.Cell], last_refresh: Any) -> list[list[Any]]:
    """The OZPS sheet: a heading block, then one row per item (Polish headings)."""
    refreshed = (
        f"{timezone.localtime(last_refresh.finished_at):%d.%m.%Y %H:%M} (czas polski)"
        if last_refresh is not None and last_refresh.finished_at
        else "nie przeliczano"
    )
    out: list[list[Any]] = [
        ["Ocena zasobów pomocy społecznej (art. 16a ustawy o pomocy społecznej) – dane z platformy Kooperacja"],
        ["Jednostka", area],
        ["Rok", year if year is not None else "—"],
        ["Wygenerowano", f"{timezone.localtime():%d.%m.%Y %H:%M} (czas polski)"],
        ["Ostatnie przeliczenie danych", refreshed],
        [
            "Uwaga",
            "Zestawienie zawiera tylko dane prowadzone w platformie; pozycje „brak w platformie” uzupełnij ze "
            "wskazanych źródeł. Liczby osób mniejsze niż 5 są ukryte („<5”), sumy z ukrytymi wartościami "
            "zaokrąglone („ok.”).",
        ],
        [],
        HEADER,
    ]
    for item in ITEMS:
        if not item.key:
            out.append([str(item.area), str(item.label), str(NOT_HELD), "", "", f"uzupełnij z: {item.where}"])
            continue
        fig = BY_KEY[item.key]
        note = ""
        if item.key == "median_days" and cells.get(item.key) is not None and cells[item.key].value is None:
            note = "mediana liczona tylko dla jednej gminy" if not cells[item.key].suppressed else ""
        out.append(
            [
                str(item.area),
                str(item.label),
                _value(cells.get(item.key), fig.kind),
                str(UNITS.get(fig.kind, "")),
                str(fig.definition),
                note,
            ]
        )
    return out
