"""ESF+ common participant indicators (Regulation (EU) 2021/1057, Annex I) of a service package.

Read from delivery's enrolments on the catalogue services of the package's lots (one narrow value list, no
names, no PESEL, nothing stored): each participant is counted ONCE however many services of the package they
joined, with the attributes at their first entry. The platform holds only some of the attributes Annex I asks
for; each indicator says where its figure comes from, and those the platform does not record are listed as
"brak w platformie" with no number (never a guess):

- sex: the participant record (from PESEL where given); a non-binary category is not recorded;
- age at entry: birth date (from PESEL) at the first enrolment: < 18, 18-29, 30-54, 55+;
- unemployed, disability, homelessness: the art. 7 reasons of social assistance on the record (ustawa o
  pomocy społecznej) - an approximation of the ESF+ definitions (registered unemployment, a disability
  certificate, ETHOS housing exclusion), marked as such;
- rural areas: the participant's gmina is rural in TERYT (type 2); urban-rural gminas are not split;
- employed / inactive / long-term unemployed, ISCED level, third-country nationals, foreign background,
  minorities, and every result at leaving or 6 months after: not recorded in the platform.

Small numbers: every count below 5 shows "<5"; within a breakdown (sex, age) whose parts add up to the
total, a single hidden cell hides the next smallest too, so the total does not give it back.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kooperacja.catalog.enums import AssistanceReason
from kooperacja.core.enums import GminaType
from kooperacja.delivery.enums import EnrolmentStatus, LeaveReason
from kooperacja.delivery.models import Enrolment

from . import suppression as sup

REGULATION = _("Rozporządzenie (UE) 2021/1057 (EFS+), załącznik I")
NOT_RECORDED = _("brak w platformie")


@dataclass(frozen=True)
class EsfRow:
    code: str  # the indicator's code in SFC2021 (EECO.., EECR..) or "" for a breakdown without one
    label: Any
    group: str  # total | sex | age | status | education | other | result | leaving
    cell: sup.Cell | None  # None: not recorded in the platform
    source: Any

    @property
    def recorded(self) -> bool:
        return self.cell is not None

    @property
    def text(self) -> str:
        return str(NOT_RECORDED) if self.cell is None else self.cell.text


@dataclass(frozen=True)
class EsfReport:
    start: date
    end: date
    rows: list[EsfRow]

    @property
    def total(self) -> sup.Cell:
        return self.rows[0].cell or sup.Cell(None, suppressed=True)

    def export_rows(self) -> list[list[Any]]:
        """The table for CSV/XLSX with Polish headings ("<5" for small cells, "brak w platformie" where
        the platform holds no data)."""
        out: list[list[Any]] = [["Kod wskaźnika", "Wskaźnik", "Wartość", "Źródło w platformie"]]
        for r in self.rows:
            value: Any = str(NOT_RECORDED) if r.cell is None else r.cell.export
            out.append([r.code, str(r.label), value, str(r.source)])
        out.append(["", f"Okres: {self.start:%d.%m.%Y}–{self.end:%d.%m.%Y}", "", str(REGULATION)])
        return out


def _age_band(birth: date | None, on: date) -> str:
    if birth is None:
        return "unknown"
    years = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    if years < 18:
        return "lt18"
    if years <= 29:
        return "18_29"
    if years >= 55:
        return "55plus"
    return "30_54"


def _group_cells(counts: dict[str, int], keys: list[str]) -> dict[str, sup.Cell]:
    raw = [counts.get(k, 0) for k in keys]
    column = sup.secondary([sup.people(n) for n in raw], raw)
    return dict(zip(keys, column, strict=True))


def package_participants(package: Any, *, start: date, end: date) -> EsfReport:
    """The ESF+ participant indicators of the package's lots in [start, end] (one query)."""
    enrolments = (
        Enrolment.objects.filter(
            service__commissioning_lots__package=package, enrolled_on__isnull=False, enrolled_on__lte=end
        )
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=start))
        .values_list(
            "person_id",
            "enrolled_on",
            "left_on",
            "status",
            "leave_reason",
            "person__sex",
            "person__birth_date",
            "person__reasons",
            "person__territory__gmina_type",
        )
        .order_by()
    )
    return participants_report(list(enrolments), start=start, end=end)


def participants_report(enrolments: list[tuple[Any, ...]], *, start: date, end: date) -> EsfReport:
    """The indicators from (person, enrolled_on, left_on, status, leave_reason, sex, birth_date, reasons,
    gmina type) tuples; each person counted once, with the attributes at the first entry."""
    first: dict[int, tuple[Any, ...]] = {}
    still: dict[int, bool] = defaultdict(bool)  # still in some service of the package at the end of the period
    leaving: dict[int, tuple[date, str]] = {}  # the last leaving within the period
    for person, entered, left, status, reason, *attrs in enrolments:
        if person not in first or entered < first[person][0]:
            first[person] = (entered, *attrs)
        if status == EnrolmentStatus.LEFT and left and start <= left <= end:
            if person not in leaving or left > leaving[person][0]:
                leaving[person] = (left, reason)
        elif left is None or left > end:
            still[person] = True
    counts: dict[str, int] = defaultdict(int)
    for entered, sex, birth, reasons, gmina_type in first.values():
        counts["total"] += 1
        counts[f"sex_{sex or 'unknown'}"] += 1
        counts[f"age_{_age_band(birth, entered)}"] += 1
        reasons = set(reasons or [])
        counts["unemployed"] += AssistanceReason.UNEMPLOYMENT in reasons
        counts["disability"] += AssistanceReason.DISABILITY in reasons
        counts["homeless"] += AssistanceReason.HOMELESSNESS in reasons
        counts["rural"] += gmina_type == GminaType.RURAL
    for person, (_left, reason) in leaving.items():
        if still[person]:
            continue  # left one service of the package but still takes part in another
        counts["left"] += 1
        counts["left_completed"] += reason in (LeaveReason.COMPLETED, LeaveReason.GOAL_ACHIEVED)
        counts["left_goal"] += reason == LeaveReason.GOAL_ACHIEVED

    total = sup.people(counts["total"])
    sexes = _group_cells(counts, ["sex_F", "sex_M", "sex_unknown"])
    ages = _group_cells(counts, ["age_lt18", "age_18_29", "age_30_54", "age_55plus", "age_unknown"])
    person_record = _("rekord uczestnika (płeć z numeru PESEL)")
    birth_record = _("data urodzenia w rekordzie uczestnika, wiek w dniu pierwszego przyjęcia na usługę")
    rows = [
        EsfRow("EECO01", _("Całkowita liczba uczestników"), "total", total, _("zapisy na usługi części pakietu")),
        EsfRow("", _("w tym kobiety"), "sex", sexes["sex_F"], person_record),
        EsfRow("", _("w tym mężczyźni"), "sex", sexes["sex_M"], person_record),
        EsfRow("", _("płeć nieokreślona w rekordzie"), "sex", sexes["sex_unknown"], person_record),
        EsfRow("", _("osoby niebinarne"), "sex", None, _("platforma nie rejestruje tej kategorii")),
        EsfRow("EECO06", _("Dzieci poniżej 18 lat"), "age", ages["age_lt18"], birth_record),
        EsfRow("EECO07", _("Osoby w wieku 18–29 lat"), "age", ages["age_18_29"], birth_record),
        EsfRow("", _("Osoby w wieku 30–54 lata"), "age", ages["age_30_54"], birth_record),
        EsfRow("EECO08", _("Osoby w wieku 55 lat i więcej"), "age", ages["age_55plus"], birth_record),
        EsfRow("", _("wiek nieznany (brak daty urodzenia)"), "age", ages["age_unknown"], birth_record),
        EsfRow(
            "EECO02",
            _("Osoby bezrobotne, w tym długotrwale bezrobotne (przybliżenie)"),
            "status",
            sup.people(counts["unemployed"]),
            _("przesłanka pomocy „bezrobocie” (art. 7 ustawy o pomocy społecznej), nie rejestracja w urzędzie pracy"),
        ),
        EsfRow(
            "EECO03", _("Osoby długotrwale bezrobotne"), "status", None, _("status na rynku pracy nie jest zapisywany")
        ),
        EsfRow("EECO04", _("Osoby bierne zawodowo"), "status", None, _("status na rynku pracy nie jest zapisywany")),
        EsfRow(
            "EECO05",
            _("Osoby pracujące, łącznie z prowadzącymi działalność na własny rachunek"),
            "status",
            None,
            _("status na rynku pracy nie jest zapisywany"),
        ),
        EsfRow(
            "EECO09",
            _("Osoby z wykształceniem do ISCED 2"),
            "education",
            None,
            _("poziom wykształcenia nie jest zapisywany"),
        ),
        EsfRow(
            "EECO10",
            _("Osoby z wykształceniem ISCED 3–4"),
            "education",
            None,
            _("poziom wykształcenia nie jest zapisywany"),
        ),
        EsfRow(
            "EECO11",
            _("Osoby z wykształceniem ISCED 5–8"),
            "education",
            None,
            _("poziom wykształcenia nie jest zapisywany"),
        ),
        EsfRow(
            "EECO12",
            _("Osoby z niepełnosprawnościami (przybliżenie)"),
            "other",
            sup.people(counts["disability"]),
            _("przesłanka pomocy „niepełnosprawność” (art. 7), nie orzeczenie o niepełnosprawności"),
        ),
        EsfRow("EECO13", _("Obywatele państw trzecich"), "other", None, _("obywatelstwo nie jest zapisywane")),
        EsfRow("EECO14", _("Osoby obcego pochodzenia"), "other", None, _("pochodzenie nie jest zapisywane")),
        EsfRow(
            "EECO15",
            _("Osoby należące do mniejszości, w tym społeczności marginalizowanych"),
            "other",
            None,
            _("dane wrażliwe, nie są zapisywane"),
        ),
        EsfRow(
            "EECO16",
            _("Osoby w kryzysie bezdomności lub dotknięte wykluczeniem z dostępu do mieszkań (przybliżenie)"),
            "other",
            sup.people(counts["homeless"]),
            _("przesłanka pomocy „bezdomność” (art. 7)"),
        ),
        EsfRow(
            "EECO17",
            _("Osoby z obszarów wiejskich (przybliżenie)"),
            "other",
            sup.people(counts["rural"]),
            _("gmina zamieszkania wiejska w TERYT (typ 2); gminy miejsko-wiejskie nie są dzielone"),
        ),
        EsfRow(
            "",
            _("Uczestnicy, którzy zakończyli udział w okresie"),
            "leaving",
            sup.people(counts["left"]),
            _("data i przyczyna zakończenia udziału w zapisie (osoba nie uczestniczy już w żadnej usłudze pakietu)"),
        ),
        EsfRow(
            "",
            _("w tym zgodnie z planem lub z osiągnięciem celu"),
            "leaving",
            sup.people(counts["left_completed"]),
            _("przyczyna zakończenia: ukończenie udziału albo osiągnięcie celu"),
        ),
        EsfRow(
            "EECR01",
            _("Uczestnicy poszukujący pracy po zakończeniu udziału"),
            "result",
            None,
            _("sytuacja po zakończeniu udziału nie jest zapisywana"),
        ),
        EsfRow(
            "EECR02",
            _("Uczestnicy kształcący się lub szkolący po zakończeniu udziału"),
            "result",
            None,
            _("sytuacja po zakończeniu udziału nie jest zapisywana"),
        ),
        EsfRow(
            "EECR03",
            _("Uczestnicy, którzy uzyskali kwalifikacje po zakończeniu udziału"),
            "result",
            None,
            _("sytuacja po zakończeniu udziału nie jest zapisywana"),
        ),
        EsfRow(
            "EECR04",
            _("Uczestnicy pracujący po zakończeniu udziału (do 4 tygodni)"),
            "result",
            None,
            _("sytuacja po zakończeniu udziału nie jest zapisywana"),
        ),
        EsfRow(
            "EECR05",
            _("Uczestnicy pracujący sześć miesięcy po zakończeniu udziału"),
            "result",
            None,
            _("badanie po 6 miesiącach nie jest prowadzone w platformie"),
        ),
    ]
    if total.suppressed:
        # fewer than 5 people in all: no breakdown may be shown either
        rows = [r if r.cell is None else EsfRow(r.code, r.label, r.group, sup.Cell(None, True), r.source) for r in rows]
    return EsfReport(start, end, rows)
