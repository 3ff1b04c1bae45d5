"""The contract notice of a Pzp call in the order of the notice form of the Biuletyn Zamówień Publicznych.

The BZP has no import: the officer fills its e-form (rozporządzenie w sprawie ogłoszeń zamieszczanych w Biuletynie
Zamówień Publicznych). This builds the notice's fields from the call, section by section in the form's order, as a
text to paste field by field or as JSON. Dates and times are local (Europe/Warsaw). Fields the BZP assigns itself
(the notice number, the procedure identifier) and those the platform does not hold are marked for the officer.
Reads only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kooperacja.core.pdf import format_percent

from .. import legal
from ..enums import CallMode, ClauseKind
from ..models import Call
from .qualification import setup_of

TO_FILL = "[uzupełnij w BZP]"


@dataclass(frozen=True)
class Field:
    label: str
    value: str


@dataclass(frozen=True)
class Section:
    title: str
    fields: list[Field]


def _yes(value: bool) -> str:
    return _("Tak") if value else _("Nie")


def _dt(value: Any) -> str:
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M") if value else TO_FILL


def _d(value: Any) -> str:
    return value.strftime("%d.%m.%Y") if value else TO_FILL


def _money(value: Any) -> str:
    if value is None:
        return TO_FILL
    whole, _sep, cents = f"{value:,.2f}".partition(".")
    return f"{whole.replace(',', ' ')},{cents} zł"


def notice_sections(call: Call) -> list[Section]:
    """The notice as the BZP form asks for it (the sections I-VIII of the notice of a contract), in Polish
    whatever the interface language: the BZP form is Polish."""
    with translation.override("pl"):
        return _sections(call)


def _sections(call: Call) -> list[Section]:
    org = call.authority
    territory = org.territory
    voivodeship = ""
    if territory is not None:
        top = territory
        while top.parent is not None:
            top = top.parent
        voivodeship = top.name.lower()  # the register writes voivodeships in capitals
    clauses = {c.kind: c for c in call.clauses.all()}
    setup = setup_of(call)
    criteria = list(call.criteria.order_by("order", "id"))
    cpv = [str(c) for c in call.cpv_codes]
    grounds = {code: f"{text} ({basis})" for code, text, basis in legal.PZP_EXCLUSIONS_OPTIONAL}
    conditions = [
        f"{text} ({basis}): {(setup.conditions or {}).get(code, '')}"
        for code, text, basis in legal.PZP_CONDITIONS
        if (setup.conditions or {}).get(code)
    ]
    reserved = []
    if call.mode == CallMode.PZP_RESERVED or ClauseKind.ART_94 in clauses:
        reserved.append(_("Tak – zamówienie zastrzeżone na podstawie art. 94 ust. 1 Pzp"))
    if ClauseKind.ART_361 in clauses:
        reserved.append(_("Tak – zamówienie zastrzeżone na podstawie art. 361 ust. 1 Pzp"))
    return [
        Section(
            _("SEKCJA I – ZAMAWIAJĄCY"),
            [
                Field(_("Rola zamawiającego"), _("Postępowanie prowadzone jest samodzielnie przez zamawiającego")),
                Field(_("Nazwa zamawiającego"), org.name),
                Field(_("Krajowy Numer Identyfikacyjny (REGON)"), org.regon or TO_FILL),
                Field(_("Ulica"), org.street or TO_FILL),
                Field(_("Miejscowość"), org.city or TO_FILL),
                Field(_("Kod pocztowy"), org.postal_code or TO_FILL),
                Field(_("Województwo"), voivodeship or TO_FILL),
                Field(_("Kraj"), _("Polska")),
                Field(_("Numer telefonu"), org.phone or TO_FILL),
                Field(_("Adres poczty elektronicznej"), org.email or TO_FILL),
                Field(_("Adres strony internetowej zamawiającego"), org.website or TO_FILL),
                Field(_("Rodzaj zamawiającego"), _("Zamawiający publiczny – jednostka samorządu terytorialnego")),
            ],
        ),
        Section(
            _("SEKCJA II – INFORMACJE PODSTAWOWE"),
            [
                Field(_("Ogłoszenie dotyczy"), _("Zamówienia publicznego")),
                Field(
                    _("Ogłoszenie dotyczy usług społecznych i innych szczególnych usług"),
                    _yes(call.mode == CallMode.PZP_SOCIAL or ClauseKind.ART_361 in clauses),
                ),
                Field(_("Nazwa zamówienia"), call.title),
                Field(_("Identyfikator postępowania i numer ogłoszenia"), _("nadaje BZP")),
            ],
        ),
        Section(
            _("SEKCJA IV – PRZEDMIOT ZAMÓWIENIA"),
            [
                Field(_("Numer referencyjny (znak sprawy)"), call.number or TO_FILL),
                Field(_("Rodzaj zamówienia"), _("Usługi")),
                Field(_("Krótki opis przedmiotu zamówienia"), call.task_type or TO_FILL),
                Field(_("Główny kod CPV"), cpv[0] if cpv else TO_FILL),
                Field(_("Dodatkowy kod CPV"), ", ".join(cpv[1:]) or _("brak")),
                Field(_("Wartość szacunkowa netto (nie publikuje się, do protokołu)"), _money(call.estimated_value)),
                Field(
                    _("Okres realizacji zamówienia"),
                    _("od %(a)s do %(b)s") % {"a": _d(call.delivery_start), "b": _d(call.delivery_end)},
                ),
                Field(
                    _("Kryteria oceny ofert (nazwa – waga)"),
                    "; ".join(f"{c.name} – {format_percent(c.weight)}" for c in criteria) or TO_FILL,
                ),
            ],
        ),
        Section(
            _("SEKCJA V – KWALIFIKACJA WYKONAWCÓW"),
            [
                Field(_("Zamawiający przewiduje wykluczenie wykonawców"), _("Tak")),
                Field(_("Podstawy wykluczenia"), _("art. 108 ust. 1 Pzp")),
                Field(
                    _("Zamawiający przewiduje wykluczenie wykonawców na podstawie art. 109 ust. 1 Pzp"),
                    "; ".join(grounds[g] for g in setup.optional_grounds or [] if g in grounds) or _("Nie"),
                ),
                Field(_("Nazwa i opis warunków udziału w postępowaniu"), "; ".join(conditions) or _("nie określono")),
                Field(_("Zamówienie zastrzeżone"), "; ".join(reserved) or _("Nie")),
                Field(
                    _("Minimalny procentowy wskaźnik zatrudnienia osób z grup art. 94"),
                    format_percent(clauses[ClauseKind.ART_94].parameters.get("percent", legal.ART94_MIN_PERCENT.value))
                    if ClauseKind.ART_94 in clauses
                    else (
                        format_percent(legal.ART94_MIN_PERCENT.value)
                        if call.mode == CallMode.PZP_RESERVED
                        else _("nie dotyczy")
                    ),
                ),
            ],
        ),
        Section(
            _("SEKCJA VI – WARUNKI ZAMÓWIENIA"),
            [
                Field(
                    _("Wymagania dotyczące zatrudnienia na podstawie stosunku pracy (art. 95 Pzp)"),
                    clauses[ClauseKind.ART_95].text if ClauseKind.ART_95 in clauses else _("Nie"),
                ),
                Field(
                    _("Wymagania związane z zatrudnieniem osób z grup art. 96 ust. 2 pkt 2 Pzp"),
                    clauses[ClauseKind.ART_96].text if ClauseKind.ART_96 in clauses else _("Nie"),
                ),
                Field(
                    _("Wykonawcy wspólnie ubiegający się o udzielenie zamówienia (art. 58 Pzp)"),
                    clauses[ClauseKind.ART_58].text if ClauseKind.ART_58 in clauses else _("dopuszczeni"),
                ),
            ],
        ),
        Section(
            _("SEKCJA VIII – PROCEDURA"),
            [
                Field(_("Termin składania ofert (czas polski)"), _dt(call.offer_deadline)),
                Field(_("Miejsce składania ofert"), TO_FILL),
                # art. 222 Pzp: opened no later than the next working day after the deadline; the officer sets the hour
                Field(_("Termin otwarcia ofert (czas polski)"), TO_FILL),
                Field(_("Termin związania ofertą"), TO_FILL),
            ],
        ),
    ]


def notice_text(call: Call) -> str:
    """Plain text: one "label: value" line per field, sections in order (UTF-8, to paste into the BZP form)."""
    with translation.override("pl"):
        return _text(call)


def _text(call: Call) -> str:
    lines = [
        _("Ogłoszenie o zamówieniu – dane do formularza BZP"),
        f"{call.title}",
        _("Przygotowano: %(d)s (czas polski)") % {"d": timezone.localtime().strftime("%d.%m.%Y %H:%M")},
        "",
    ]
    for section in notice_sections(call):
        lines.append(section.title)
        lines += [f"{f.label}: {f.value}" for f in section.fields]
        lines.append("")
    return "\n".join(lines)


def notice_json(call: Call) -> str:
    """The same fields as JSON (sections with their fields in the form's order)."""
    with translation.override("pl"):
        return _json(call)


def _json(call: Call) -> str:
    data = {
        "ogloszenie": call.title,
        "tryb": str(CallMode(call.mode).label),
        "przygotowano": timezone.localtime().isoformat(timespec="minutes"),
        "sekcje": [
            {"sekcja": s.title, "pola": [{"pole": f.label, "wartosc": f.value} for f in s.fields]}
            for s in notice_sections(call)
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
