"""ESF+ common participant indicators (Regulation (EU) 2021/1057, Annex I).

Scope: the enrolments on EU-funded catalogue services (`Service.eu_funded`, with the ESF+ project number) - of a
service package's lots (`package_participants`) or of one ESF+ project within the user's reach
(`project_participants`: the regional view, as the managing authority receives them per project).
Read from delivery in one narrow value query (no names, no PESEL, nothing stored here). Each participant is
counted ONCE however many services of the scope they joined, with the attributes of their first entry:

- sex: the participant record (from PESEL where given); a non-binary category is not recorded;
- age at entry: birth date (from PESEL) at the first enrolment: < 18, 18-29, 30-54, 55+;
- labour-market status at entry, ISCED level, disability (yes / no / refused): the ESF+ data of the enrolment
  (`delivery.EsfRecord`), collected by the provider only on EU-funded services; a participant whose first entry
  has no ESF+ data is counted under "brak danych EFS+";
- homelessness (art. 7 reason) and rural area (TERYT gmina type 2): approximations, marked as such;
- results at exit (EECR01-EECR04) and six months after (EECR05): for each participant who left every service
  of the scope in the period, the results recorded on the ESF+ data of the enrolment they left last;
- third-country nationals, foreign background, minorities: not recorded (shown as "brak w platformie").

Small numbers: every count below 5 shows "<5"; within a breakdown whose parts add up to the total (sex, age,
labour-market status, education, disability), a single hidden cell hides the next smallest too, and an
indicator that is a sum of parts (EECO02 = unemployed + long-term unemployed, EECO09 = ISCED 0-1 + 2) is hidden
when one of its parts is hidden and the other shown; fewer than 5 participants in all hide every figure.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kooperacja.catalog.enums import AssistanceReason
from kooperacja.catalog.models import Service
from kooperacja.core.enums import GminaType
from kooperacja.delivery.enums import EnrolmentStatus, EsfDisability, EsfEducation, EsfEmployment, LeaveReason
from kooperacja.delivery.models import Enrolment

from . import suppression as sup

REGULATION = _("Rozporządzenie (UE) 2021/1057 (EFS+), załącznik I")
NOT_RECORDED = _("brak w platformie")

# the columns read per enrolment (one query); participants_report takes tuples in this order
COLUMNS = (
    "person_id",
    "enrolled_on",
    "left_on",
    "status",
    "leave_reason",
    "person__sex",
    "person__birth_date",
    "person__reasons",
    "person__territory__gmina_type",
    "esf__employment",
    "esf__education",
    "esf__disability",
    "esf__exit_recorded_on",
    "esf__exit_job_seeking",
    "esf__exit_in_education",
    "esf__exit_qualification",
    "esf__exit_employed",
    "esf__six_months_recorded_on",
    "esf__six_months_employed",
)
ESF_WIDTH = len(COLUMNS) - 9  # the ESF+ data columns after the nine enrolment / person ones


@dataclass(frozen=True)
class EsfRow:
    code: str  # the indicator's code in SFC2021 (EECO.., EECR..) or "" for a breakdown without one
    label: Any
    group: str  # total | sex | age | status | education | disability | other | leaving | result
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
    projects: list[str] = field(default_factory=list)  # the ESF+ project numbers of the services in scope

    @property
    def total(self) -> sup.Cell:
        return self.rows[0].cell or sup.Cell(None, suppressed=True)

    @property
    def eu_funded(self) -> bool:
        """False when no service in scope is marked EU-funded (nothing to report)."""
        return bool(self.projects)

    def export_rows(self) -> list[list[Any]]:
        """The table for CSV/XLSX with Polish headings ("<5" for small cells, "brak w platformie" where
        the platform holds no data)."""
        out: list[list[Any]] = [["Kod wskaźnika", "Wskaźnik", "Wartość", "Źródło w platformie"]]
        for r in self.rows if self.eu_funded else []:
            value: Any = str(NOT_RECORDED) if r.cell is None else r.cell.export
            out.append([r.code, str(r.label), value, str(r.source)])
        projects = ", ".join(self.projects) or "brak usług współfinansowanych z EFS+"
        out.append(["", f"Okres: {self.start:%d.%m.%Y}–{self.end:%d.%m.%Y}", "", str(REGULATION)])
        out.append(["", f"Projekty EFS+: {projects}", "", ""])
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


def _sum_cell(counts: dict[str, int], parts: list[str], cells: dict[str, sup.Cell]) -> sup.Cell:
    """A sum of breakdown parts: hidden when one part is hidden and another shown (the difference would give
    the hidden one back)."""
    hidden = [cells[p].suppressed for p in parts]
    if any(hidden) and not all(hidden):
        return sup.Cell(None, suppressed=True)
    return sup.people(sum(counts.get(p, 0) for p in parts))


def _scope_query(services_q: Q, *, start: date, end: date) -> list[tuple[Any, ...]]:
    return list(
        Enrolment.objects.filter(services_q, service__eu_funded=True, enrolled_on__isnull=False, enrolled_on__lte=end)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=start))
        .values_list(*COLUMNS)
        .order_by()
    )


def package_participants(package: Any, *, start: date, end: date) -> EsfReport:
    """The ESF+ participant indicators of the package's EU-funded lot services in [start, end] (two queries)."""
    projects = sorted(
        set(
            Service.objects.filter(commissioning_lots__package=package, eu_funded=True).values_list(
                "eu_project_number", flat=True
            )
        )
    )
    rows = _scope_query(Q(service__commissioning_lots__package=package), start=start, end=end) if projects else []
    return participants_report(rows, start=start, end=end, projects=projects)


def project_participants(project: str, services_q: Q, *, start: date, end: date) -> EsfReport:
    """The ESF+ participant indicators of one ESF+ project: the EU-funded services carrying its number within
    `services_q` (a filter on the enrolment's service, e.g. the analyst's voivodeship)."""
    rows = _scope_query(Q(service__eu_project_number=project) & services_q, start=start, end=end)
    return participants_report(rows, start=start, end=end, projects=[project])


def projects_in(services_q: Q) -> list[str]:
    """The ESF+ project numbers of the EU-funded services within `services_q` (a filter on catalog.Service)."""
    return sorted(
        set(
            Service.objects.filter(services_q, eu_funded=True)
            .exclude(eu_project_number="")
            .values_list("eu_project_number", flat=True)
        )
    )


def participants_report(
    enrolments: list[tuple[Any, ...]], *, start: date, end: date, projects: list[str] | None = None
) -> EsfReport:
    """The indicators from tuples in `COLUMNS` order (the ESF+ columns may be left out: no ESF+ data);
    each person counted once, with the attributes at the first entry."""
    first: dict[int, tuple[Any, ...]] = {}
    still: dict[int, bool] = defaultdict(bool)  # still in some service of the scope at the end of the period
    leaving: dict[int, tuple[date, str, tuple[Any, ...]]] = {}  # the last leaving within the period
    for row in enrolments:
        person, entered, left, status, reason, *attrs = row
        attrs += [None] * (len(COLUMNS) - 5 - len(attrs))
        if person not in first or entered < first[person][0]:
            first[person] = (entered, *attrs)
        if status == EnrolmentStatus.LEFT and left and start <= left <= end:
            if person not in leaving or left > leaving[person][0]:
                leaving[person] = (left, reason, tuple(attrs[4:]))
        elif left is None or left > end:
            still[person] = True
    counts: dict[str, int] = defaultdict(int)
    for entered, sex, birth, reasons, gmina_type, employment, education, disability, *_rest in first.values():
        counts["total"] += 1
        counts[f"sex_{sex or 'unknown'}"] += 1
        counts[f"age_{_age_band(birth, entered)}"] += 1
        counts[f"emp_{employment or 'missing'}"] += 1
        counts[f"edu_{education or 'missing'}"] += 1
        counts[f"dis_{disability or 'missing'}"] += 1
        counts["homeless"] += AssistanceReason.HOMELESSNESS in set(reasons or [])
        counts["rural"] += gmina_type == GminaType.RURAL
    for person, (_left, reason, esf) in leaving.items():
        if still[person]:
            continue  # left one service of the scope but still takes part in another
        counts["left"] += 1
        counts["left_completed"] += reason in (LeaveReason.COMPLETED, LeaveReason.GOAL_ACHIEVED)
        _emp, _edu, _dis, exit_on, seeking, learning, qualified, employed, six_on, six_employed = esf
        counts["exit_asked"] += exit_on is not None
        counts["exit_seeking"] += bool(exit_on and seeking)
        counts["exit_learning"] += bool(exit_on and learning)
        counts["exit_qualified"] += bool(exit_on and qualified)
        counts["exit_employed"] += bool(exit_on and employed)
        counts["six_asked"] += six_on is not None
        counts["six_employed"] += bool(six_on and six_employed)
    return EsfReport(start, end, _rows(counts), sorted(projects or []))


def _rows(counts: dict[str, int]) -> list[EsfRow]:
    total = sup.people(counts["total"])
    sexes = _group_cells(counts, ["sex_F", "sex_M", "sex_unknown"])
    ages = _group_cells(counts, ["age_lt18", "age_18_29", "age_30_54", "age_55plus", "age_unknown"])
    emp_keys = [f"emp_{k}" for k in (*EsfEmployment.values, "missing")]
    emp = _group_cells(counts, emp_keys)
    # EECO09 joins ISCED 0-1 and 2: the breakdown for suppression uses the reported bands
    counts["edu_isced02"] = counts[f"edu_{EsfEducation.ISCED_0_1}"] + counts[f"edu_{EsfEducation.ISCED_2}"]
    edu = _group_cells(counts, ["edu_isced02", "edu_isced34", "edu_isced58", "edu_missing"])
    dis = _group_cells(counts, [f"dis_{k}" for k in (*EsfDisability.values, "missing")])
    person_record = _("rekord uczestnika (płeć z numeru PESEL)")
    birth_record = _("data urodzenia w rekordzie uczestnika, wiek w dniu pierwszego przyjęcia na usługę")
    esf_entry = _("dane uczestnika EFS+ z pierwszego przyjęcia (status w dniu rozpoczęcia udziału)")
    esf_isced = _("dane uczestnika EFS+: najwyższy ukończony poziom ISCED")
    esf_disability = _("dane uczestnika EFS+ (art. 9 ust. 2 lit. g RODO; uczestnik może odmówić odpowiedzi)")
    esf_exit = _("dane uczestnika EFS+: sytuacja ustalona do 4 tygodni po zakończeniu udziału")
    missing = _("uczestnicy bez danych EFS+ w zapisie – do uzupełnienia przez realizatora")
    U, LT = f"emp_{EsfEmployment.UNEMPLOYED}", f"emp_{EsfEmployment.LONG_TERM_UNEMPLOYED}"
    rows = [
        EsfRow(
            "EECO01", _("Całkowita liczba uczestników"), "total", total, _("zapisy na usługi współfinansowane z EFS+")
        ),
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
            _("Osoby bezrobotne, w tym długotrwale bezrobotne"),
            "status",
            _sum_cell(counts, [U, LT], emp),
            esf_entry,
        ),
        EsfRow("EECO03", _("Osoby długotrwale bezrobotne"), "status", emp[LT], esf_entry),
        EsfRow("EECO04", _("Osoby bierne zawodowo"), "status", emp[f"emp_{EsfEmployment.INACTIVE}"], esf_entry),
        EsfRow(
            "EECO05",
            _("Osoby pracujące, łącznie z prowadzącymi działalność na własny rachunek"),
            "status",
            emp[f"emp_{EsfEmployment.EMPLOYED}"],
            esf_entry,
        ),
        EsfRow("", _("status na rynku pracy nieustalony"), "status", emp["emp_missing"], missing),
        EsfRow("EECO09", _("Osoby z wykształceniem do ISCED 2"), "education", edu["edu_isced02"], esf_isced),
        EsfRow("EECO10", _("Osoby z wykształceniem ISCED 3–4"), "education", edu["edu_isced34"], esf_isced),
        EsfRow("EECO11", _("Osoby z wykształceniem ISCED 5–8"), "education", edu["edu_isced58"], esf_isced),
        EsfRow("", _("wykształcenie nieustalone"), "education", edu["edu_missing"], missing),
        EsfRow(
            "EECO12",
            _("Osoby z niepełnosprawnościami"),
            "disability",
            dis[f"dis_{EsfDisability.YES}"],
            esf_disability,
        ),
        EsfRow(
            "",
            _("odmowa podania informacji o niepełnosprawności"),
            "disability",
            dis[f"dis_{EsfDisability.REFUSED}"],
            esf_disability,
        ),
        EsfRow(
            "",
            _("osoby bez niepełnosprawności"),
            "disability",
            dis[f"dis_{EsfDisability.NO}"],
            esf_disability,
        ),
        EsfRow("", _("niepełnosprawność nieustalona"), "disability", dis["dis_missing"], missing),
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
            _("przesłanka pomocy „bezdomność” (art. 7 ustawy o pomocy społecznej)"),
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
            _("data i przyczyna zakończenia udziału w zapisie (osoba nie uczestniczy już w żadnej usłudze)"),
        ),
        EsfRow(
            "",
            _("w tym zgodnie z planem lub z osiągnięciem celu"),
            "leaving",
            sup.people(counts["left_completed"]),
            _("przyczyna zakończenia: ukończenie udziału albo osiągnięcie celu"),
        ),
        EsfRow(
            "",
            _("w tym z ustaloną sytuacją po zakończeniu udziału"),
            "leaving",
            sup.people(counts["exit_asked"]),
            esf_exit,
        ),
        EsfRow(
            "EECR01",
            _("Uczestnicy poszukujący pracy po zakończeniu udziału"),
            "result",
            sup.people(counts["exit_seeking"]),
            esf_exit,
        ),
        EsfRow(
            "EECR02",
            _("Uczestnicy kształcący się lub szkolący po zakończeniu udziału"),
            "result",
            sup.people(counts["exit_learning"]),
            esf_exit,
        ),
        EsfRow(
            "EECR03",
            _("Uczestnicy, którzy uzyskali kwalifikacje po zakończeniu udziału"),
            "result",
            sup.people(counts["exit_qualified"]),
            esf_exit,
        ),
        EsfRow(
            "EECR04",
            _("Uczestnicy pracujący, łącznie z prowadzącymi działalność na własny rachunek, po zakończeniu udziału"),
            "result",
            sup.people(counts["exit_employed"]),
            esf_exit,
        ),
        EsfRow(
            "",
            _("Uczestnicy z ustaloną sytuacją 6 miesięcy po zakończeniu udziału"),
            "result",
            sup.people(counts["six_asked"]),
            _("dane uczestnika EFS+: sytuacja ustalona nie wcześniej niż 6 miesięcy po zakończeniu udziału"),
        ),
        EsfRow(
            "EECR05",
            _(
                "Uczestnicy pracujący, łącznie z prowadzącymi działalność na własny rachunek, sześć miesięcy po "
                "zakończeniu udziału"
            ),
            "result",
            sup.people(counts["six_employed"]),
            _("dane uczestnika EFS+: sytuacja ustalona nie wcześniej niż 6 miesięcy po zakończeniu udziału"),
        ),
    ]
    if total.suppressed:
        # fewer than 5 people in all: no breakdown may be shown either
        rows = [r if r.cell is None else EsfRow(r.code, r.label, r.group, sup.Cell(None, True), r.source) for r in rows]
    return rows
