"""Import of the official GUS TERC register (TERYT), all-or-nothing and idempotent."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from .enums import GminaType, TerritoryKind
from .models import Territory

EXPECTED_HEADER = ["WOJ", "POW", "GMI", "RODZ", "NAZWA", "NAZWA_DOD", "STAN_NA"]
SHIPPED_FILE = Path(__file__).resolve().parent / "data" / "TERC_2020-01-01.csv"
# Centres of gminas and powiats (the seat of the office, WGS 84): not part of TERC; the shipped file covers the demo
# region (powiat hajnowski, Białystok) and grows with deployments. Used by the basket planner where a case or a
# service location has no coordinates of its own.
CENTRES_FILE = Path(__file__).resolve().parent / "data" / "centres.csv"
GMINA_TYPES = {"1", "2", "3"}
PART_TYPES = {"4", "5", "8", "9"}


class TerytImportError(ValueError):
    """The file is not a TERC register; `errors` lists what is wrong, line by line."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class TerytImportResult:
    voivodeships: int = 0
    powiats: int = 0
    gminas: int = 0
    gminas_by_type: dict[str, int] = field(default_factory=dict)
    parts: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class _Row:
    code: str
    name: str
    kind: str
    gmina_type: str
    description: str
    valid_on: date | None
    parent_code: str | None


def _parse(text: str) -> list[_Row]:
    reader = csv.reader(io.StringIO(text), delimiter=";")
    try:
        header = [h.strip().lstrip("\ufeff") for h in next(reader)]
    except StopIteration:
        raise TerytImportError([_("Plik jest pusty.")]) from None
    if header != EXPECTED_HEADER:
        raise TerytImportError(
            [
                _("To nie jest plik TERC: oczekiwano nagłówka %(expected)s, a jest %(found)s.")
                % {"expected": ";".join(EXPECTED_HEADER), "found": ";".join(header)[:200]}
            ]
        )
    rows: list[_Row] = []
    errors: list[str] = []
    seen: set[str] = set()
    for lineno, raw in enumerate(reader, start=2):
        if not raw or all(not c.strip() for c in raw):
            continue
        if len(raw) != len(EXPECTED_HEADER):
            errors.append(_("Wiersz %(n)d: oczekiwano 7 kolumn, jest %(k)d.") % {"n": lineno, "k": len(raw)})
            continue
        woj, pow_, gmi, rodz, name, desc, stan = (c.strip() for c in raw)
        valid_on = None
        if stan:
            try:
                valid_on = date.fromisoformat(stan)
            except ValueError:
                errors.append(_("Wiersz %(n)d: niepoprawna data STAN_NA „%(v)s”.") % {"n": lineno, "v": stan[:20]})
                continue
        if not (woj.isdigit() and len(woj) == 2 and int(woj) % 2 == 0 and 2 <= int(woj) <= 32):
            errors.append(
                _("Wiersz %(n)d: kod województwa musi być parzystą liczbą 02–32, jest „%(v)s”.")
                % {"n": lineno, "v": woj[:10]}
            )
            continue
        if not name:
            errors.append(_("Wiersz %(n)d: brak nazwy jednostki.") % {"n": lineno})
            continue
        if not pow_:
            if gmi or rodz:
                errors.append(_("Wiersz %(n)d: gmina bez kodu powiatu.") % {"n": lineno})
                continue
            row = _Row(woj, name, TerritoryKind.VOIVODESHIP, "", desc, valid_on, None)
        elif not gmi:
            if not (pow_.isdigit() and len(pow_) == 2 and 1 <= int(pow_) <= 99) or rodz:
                errors.append(_("Wiersz %(n)d: niepoprawny kod powiatu „%(v)s”.") % {"n": lineno, "v": pow_[:10]})
                continue
            row = _Row(woj + pow_, name, TerritoryKind.POWIAT, "", desc, valid_on, woj)
        else:
            if not (pow_.isdigit() and len(pow_) == 2 and gmi.isdigit() and len(gmi) == 2):
                errors.append(_("Wiersz %(n)d: niepoprawny kod gminy „%(v)s”.") % {"n": lineno, "v": (pow_ + gmi)[:10]})
                continue
            if rodz in GMINA_TYPES:
                kind = TerritoryKind.GMINA
            elif rodz in PART_TYPES:
                kind = TerritoryKind.GMINA_PART
            else:
                errors.append(
                    _("Wiersz %(n)d: nieznany rodzaj gminy „%(v)s” (dozwolone 1–5, 8, 9).")
                    % {"n": lineno, "v": rodz[:5]}
                )
                continue
            row = _Row(woj + pow_ + gmi + rodz, name, kind, rodz, desc, valid_on, woj + pow_)
        if row.code in seen:
            errors.append(_("Wiersz %(n)d: kod %(c)s powtarza się.") % {"n": lineno, "c": row.code})
            continue
        seen.add(row.code)
        rows.append(row)
    for row in rows:
        if row.parent_code and row.parent_code not in seen:
            errors.append(
                _("Jednostka %(c)s wskazuje nieistniejącą jednostkę nadrzędną %(p)s.")
                % {"c": row.code, "p": row.parent_code}
            )
    if not rows and not errors:
        errors.append(_("Plik nie zawiera żadnej jednostki."))
    if errors:
        raise TerytImportError(
            errors[:50] + ([_("… i %(k)d kolejnych błędów.") % {"k": len(errors) - 50}] if len(errors) > 50 else [])
        )
    return rows


def read_terc_file(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TerytImportError(
            [_("Plik nie jest zapisany w UTF-8 (pobierz wersję UTF-8 z serwisu GUS TERYT).")]
        ) from None


def import_terc(text: str) -> TerytImportResult:
    """Validate the whole file first, then write everything in one transaction (nothing on any error)."""
    rows = _parse(text)
    result = TerytImportResult()
    with transaction.atomic():
        existing = {t.code: t for t in Territory.objects.all()}
        to_create: list[Territory] = []
        to_update: list[Territory] = []
        # parents first: voivodeships, powiats, gminas (code length orders them)
        for row in sorted(rows, key=lambda r: (len(r.code), r.code)):
            current = existing.get(row.code)
            values = {
                "name": row.name,
                "kind": row.kind,
                "gmina_type": row.gmina_type,
                "description": row.description,
                "valid_on": row.valid_on,
            }
            if current is None:
                to_create.append(Territory(code=row.code, **values))
            elif any(getattr(current, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(current, k, v)
                to_update.append(current)
            else:
                result.unchanged += 1
        Territory.objects.bulk_create(to_create, batch_size=500)
        Territory.objects.bulk_update(
            to_update, ["name", "kind", "gmina_type", "description", "valid_on"], batch_size=500
        )
        result.created, result.updated = len(to_create), len(to_update)
        ids = dict(Territory.objects.values_list("code", "id"))
        parents = dict(Territory.objects.values_list("code", "parent_id"))
        relink = [
            Territory(id=ids[r.code], parent_id=ids[r.parent_code])
            for r in rows
            if r.parent_code and parents.get(r.code) != ids[r.parent_code]
        ]
        Territory.objects.bulk_update(relink, ["parent"], batch_size=500)
    for row in rows:
        if row.kind == TerritoryKind.VOIVODESHIP:
            result.voivodeships += 1
        elif row.kind == TerritoryKind.POWIAT:
            result.powiats += 1
        elif row.kind == TerritoryKind.GMINA:
            result.gminas += 1
            label = str(GminaType(row.gmina_type).label)
            result.gminas_by_type[label] = result.gminas_by_type.get(label, 0) + 1
        else:
            result.parts += 1
    return result


_CENTRE_FIELDS = ("latitude", "longitude")


def import_centres(path: Path = CENTRES_FILE) -> int:
    """Set the centres (`TERC;NAZWA;SZEROKOSC;DLUGOSC`) of the territories already in the register; return how many
    changed. A malformed row or a point outside Poland's bounding box is an error (nothing is written); a code not in
    the register (a partial TERC file) is skipped."""
    from decimal import Decimal, InvalidOperation

    from django.core.exceptions import ValidationError

    errors: list[str] = []
    wanted: dict[str, tuple[Decimal, Decimal]] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for n, row in enumerate(csv.reader(handle, delimiter=";"), start=1):
            if n == 1 or not row:
                continue
            try:
                code, _name, lat_text, lon_text = row
                wanted[code] = (Decimal(lat_text), Decimal(lon_text))
            except (ValueError, InvalidOperation):
                errors.append(_("Wiersz %(n)s: oczekiwano kodu TERC, nazwy i dwóch współrzędnych.") % {"n": n})
    existing = {t.code: t for t in Territory.objects.filter(code__in=wanted)}
    changed: list[Territory] = []
    for code, (lat, lon) in wanted.items():
        territory = existing.get(code)
        if territory is None:
            continue
        territory.latitude, territory.longitude = lat, lon
        try:
            territory.clean_fields(exclude=[f.name for f in Territory._meta.fields if f.name not in _CENTRE_FIELDS])
        except ValidationError as exc:
            errors.extend(f"{code}: {m}" for m in exc.messages)
            continue
        changed.append(territory)
    if errors:
        raise TerytImportError(errors)
    Territory.objects.bulk_update(changed, list(_CENTRE_FIELDS), batch_size=500)
    return len(changed)
