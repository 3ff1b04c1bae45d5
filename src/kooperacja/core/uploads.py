"""Reading uploaded files safely, for every import of the platform.

One size limit (`KOOPERACJA_MAX_UPLOAD_BYTES`) is checked before a byte is read. CSV text is UTF-8 (with or
without BOM) or Windows-1250; anything else (UTF-16, binary) is refused with a Polish message instead of a
`UnicodeDecodeError`. The separator is sniffed from the header line (`;` `,` tab `|`), and when the expected
columns are missing the message says what was found (encoding, separator, columns) and what is expected.
XLSX is checked as a zip (it must hold `xl/workbook.xml`; its uncompressed size and compression ratio are
bounded) before openpyxl opens it read-only, and rows are streamed with the row cap checked on the way.

Every problem is a `django.core.exceptions.ValidationError` with a message meant for the person who uploaded
the file.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CSV = "csv"
XLSX = "xlsx"
MAX_COLUMNS = 64  # no import of ours has more; a sheet claiming 16 384 columns is read only this wide
MAX_ZIP_MEMBERS = 1000
RATIO_CHECKED_FROM = 1024 * 1024  # small zip members may compress very well without harm

ENCODING_ERROR = gettext_lazy("Plik nie jest zapisany w kodowaniu UTF-8 ani Windows-1250.")
DELIMITERS = (";", ",", "\t", "|")  # the order breaks ties
DELIMITER_NAMES = {
    ";": gettext_lazy("średnik (;)"),
    ",": gettext_lazy("przecinek (,)"),
    "\t": gettext_lazy("tabulator"),
    "|": gettext_lazy("kreska pionowa (|)"),
}
_ALLOWED_CONTROL = {"\t", "\n", "\r", "\f", "\v", "\x1a"}


# ---------------------------------------------------------------- size and type


def max_upload_bytes() -> int:
    return int(settings.KOOPERACJA_MAX_UPLOAD_BYTES)


def _too_big(size: int | None, limit: int) -> ValidationError:
    if size is None:
        return ValidationError(
            _("Nie da się ustalić rozmiaru pliku; dopuszczalny rozmiar to %(limit)s.")
            % {"limit": filesizeformat(limit)},
            code="too_big",
        )
    return ValidationError(
        _("Plik jest za duży (%(size)s); największy dopuszczalny rozmiar to %(limit)s. Podziel go na mniejsze pliki.")
        % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
        code="too_big",
    )


def check_size(upload: Any) -> None:
    """Refuse an upload over the limit by its declared size, before anything is read."""
    limit = max_upload_bytes()
    size = getattr(upload, "size", None)
    if size is None or size > limit:
        raise _too_big(size, limit)
    if size == 0:
        raise ValidationError(_("Plik jest pusty."), code="empty")


def read_upload(upload: Any) -> bytes:
    """The bytes of an uploaded file, after the size check; never more than the limit is read."""
    check_size(upload)
    limit = max_upload_bytes()
    upload.seek(0)
    content: bytes = upload.read(limit + 1)
    if len(content) > limit:  # the declared size lied
        raise _too_big(len(content), limit)
    return content


def _extension(filename: str) -> str:
    return Path(filename or "").suffix.lower().lstrip(".")


def detect_type(filename: str, head: bytes, allowed: Collection[str] = (CSV, XLSX)) -> str:
    """CSV or XLSX, from the extension confirmed by the first bytes."""
    ext = _extension(filename)
    names = ", ".join(f".{a}" for a in allowed)
    if ext not in allowed:
        raise ValidationError(
            _("Niedozwolony rodzaj pliku (.%(ext)s). Dozwolone: %(allowed)s.") % {"ext": ext or "?", "allowed": names},
            code="bad_type",
        )
    is_zip = head.startswith(b"PK\x03\x04")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ValidationError(
            _(
                "To plik w starym formacie Excela (.xls) albo plik zaszyfrowany hasłem. "
                "Zapisz go jako %(allowed)s (bez hasła) i wczytaj ponownie."
            )
            % {"allowed": names},
            code="bad_content",
        )
    if ext == XLSX and not is_zip:
        raise ValidationError(
            _(
                "Plik ma rozszerzenie .xlsx, ale nie jest arkuszem XLSX. "
                "Zapisz go w Excelu jako „Skoroszyt programu Excel (.xlsx)”."
            ),
            code="bad_content",
        )
    if ext == CSV and (is_zip or head.startswith((b"%PDF", b"MZ", b"\x89PNG", b"\xff\xd8\xff"))):
        raise ValidationError(
            _(
                "Plik ma rozszerzenie .csv, ale nie jest plikiem tekstowym (to arkusz XLSX, PDF, obraz lub program). "
                "Zapisz dane jako CSV albo wczytaj plik z właściwym rozszerzeniem."
            ),
            code="bad_content",
        )
    return ext


def validate_upload(upload: Any, allowed: Collection[str] = (CSV, XLSX)) -> str:
    """For a form's `clean_<file>`: size first, then extension and magic bytes. Returns the type."""
    check_size(upload)
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    return detect_type(upload.name or "", head, allowed)


# ---------------------------------------------------------------- documents and images

# extension -> the leading bytes a file of that type starts with
FILE_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "webp": (b"RIFF",),
}
PDF = ("pdf",)
IMAGES = ("png", "jpg", "jpeg", "webp")


def validate_file(upload: Any, allowed: Collection[str]) -> str:
    """For an attachment or an image: size first, then the extension and the first bytes. Returns the type."""
    check_size(upload)
    ext = _extension(upload.name or "")
    names = ", ".join(f".{a}" for a in allowed)
    if ext not in allowed or ext not in FILE_SIGNATURES:
        raise ValidationError(
            _("Niedozwolony rodzaj pliku (.%(ext)s). Dozwolone: %(allowed)s.") % {"ext": ext or "?", "allowed": names},
            code="bad_type",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(FILE_SIGNATURES[ext]) or (ext == "webp" and head[8:12] != b"WEBP"):
        raise ValidationError(
            _("Zawartość pliku nie odpowiada rozszerzeniu .%(ext)s – plik jest uszkodzony albo ma złą nazwę.")
            % {"ext": ext},
            code="bad_content",
        )
    return ext


# ---------------------------------------------------------------- text


def _looks_utf16(sample: bytes) -> bool:
    sample = sample[: len(sample) // 2 * 2][:2000]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    n = len(even)
    nul_even, nul_odd = even.count(0) / n, odd.count(0) / n
    return (nul_odd >= 0.4 and nul_even <= 0.1) or (nul_even >= 0.4 and nul_odd <= 0.1)


def decode_text(content: bytes) -> tuple[str, str]:
    """(text, encoding label). UTF-8 with or without BOM, else Windows-1250; a Polish error for anything else."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(content[:4096]):
        raise ValidationError(
            _(
                "Plik jest zapisany w kodowaniu UTF-16 (w Excelu: „Tekst Unicode”). "
                "Zapisz go jako „CSV UTF-8 (rozdzielany przecinkami)” albo CSV w kodowaniu Windows-1250."
            ),
            code="utf16",
        )
    if b"\x00" in content:
        raise ValidationError(
            _("%(msg)s Wygląda na plik binarny, nie tekstowy.") % {"msg": ENCODING_ERROR}, code="encoding"
        )
    label = "UTF-8"
    try:
        if content.startswith(codecs.BOM_UTF8):
            text, label = content.decode("utf-8-sig"), _("UTF-8 (z BOM)")
        else:
            text = content.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text, label = content.decode("cp1250"), "Windows-1250"
        except UnicodeDecodeError:
            raise ValidationError(
                _("%(msg)s Zapisz go w Excelu jako „CSV UTF-8 (rozdzielany przecinkami)”.") % {"msg": ENCODING_ERROR},
                code="encoding",
            ) from None
    if any(unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROL for ch in text[:65536]):
        raise ValidationError(
            _("%(msg)s Wygląda na plik binarny, nie tekstowy.") % {"msg": ENCODING_ERROR}, code="encoding"
        )
    return text, label


def sniff_delimiter(header_line: str) -> str | None:
    """The most frequent of `;` `,` tab `|` in the header line; None when there is none (one column)."""
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else None


def normalise_header(header: Any) -> str:
    """`Imię` -> `imie`, `Data zapisu` -> `data_zapisu`, `Kod-pocztowy` -> `kod_pocztowy`."""
    text = unicodedata.normalize("NFKD", str(header or "").strip().lower().replace("ł", "l"))
    return "".join(c for c in text if not unicodedata.combining(c)).replace(" ", "_").replace("-", "_")


def _cell(value: Any) -> str:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


# ---------------------------------------------------------------- tables


def _too_many_rows(max_rows: int) -> ValidationError:
    return ValidationError(
        _("Plik ma więcej niż %(n)d wierszy z danymi – podziel go na mniejsze pliki.") % {"n": max_rows},
        code="too_many_rows",
    )


@dataclass
class Table:
    """An opened CSV or XLSX file: its header and a fresh stream of rows on every `rows()` call."""

    kind: str
    raw_headers: list[str]
    max_rows: int
    encoding: str = ""
    delimiter: str | None = None
    text: str = field(default="", repr=False)
    content: bytes = field(default=b"", repr=False)

    @property
    def headers(self) -> list[str]:
        return [normalise_header(h) for h in self.raw_headers]

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        """(row number as the spreadsheet shows it, {normalised header: text}) for each non-empty row.

        Stops with a ValidationError as soon as the row cap is passed; blank rows count towards a looser cap
        (twice the rows) so that a sheet of a million empty rows is not walked to its end."""
        headers = self.headers
        produced = 0
        source = self._csv_values() if self.kind == CSV else self._xlsx_values()
        try:
            for line, values in source:
                if line > 2 * self.max_rows + 1:
                    raise _too_many_rows(self.max_rows)
                if not any(v not in (None, "") for v in values):
                    continue
                produced += 1
                if produced > self.max_rows:
                    raise _too_many_rows(self.max_rows)
                yield line, {h: _cell(v) for h, v in zip(headers, values, strict=False) if h}
        finally:
            source.close()  # an XLSX stream holds the workbook open

    def count_rows(self) -> int:
        """How many data rows the file has (streams it once; the row cap applies)."""
        return sum(1 for _row in self.rows())

    def _csv_values(self) -> Iterator[tuple[int, Sequence[Any]]]:
        reader = csv.reader(io.StringIO(self.text), delimiter=self.delimiter or ";")
        line = 1
        try:
            next(reader, None)
            for line, values in enumerate(reader, start=2):
                yield line, values
        except csv.Error:
            raise ValidationError(
                _(
                    "Plik CSV jest uszkodzony w okolicy wiersza %(n)d "
                    "(niezamknięty cudzysłów albo zbyt długa wartość w jednej komórce)."
                )
                % {"n": line + 1},
                code="broken",
            ) from None

    def _xlsx_values(self) -> Iterator[tuple[int, Sequence[Any]]]:
        wb = _load_workbook(self.content)
        try:
            ws = wb.active
            try:
                stream = ws.iter_rows(min_row=2, max_col=MAX_COLUMNS, values_only=True)  # type: ignore[union-attr]
                yield from enumerate(stream, start=2)
            except ValidationError:
                raise
            except Exception as exc:  # openpyxl raises many kinds of errors for a broken sheet
                raise _broken_xlsx() from exc
        finally:
            wb.close()

    def describe(self) -> str:
        """What was detected, in words: encoding, separator and the columns of the first row."""
        cols = [str(h).strip()[:40] for h in self.raw_headers if str(h or "").strip()]
        shown = ", ".join(cols[:15]) + (", …" if len(cols) > 15 else "")
        if self.kind == XLSX:
            return _("Wykryto: arkusz XLSX, kolumny w pierwszym wierszu (%(n)d): %(cols)s.") % {
                "n": len(cols),
                "cols": shown or _("brak"),
            }
        separator = DELIMITER_NAMES[self.delimiter] if self.delimiter else _("nie wykryto (jedna kolumna)")
        return _("Wykryto: kodowanie %(enc)s, separator: %(sep)s, kolumny (%(n)d): %(cols)s.") % {
            "enc": self.encoding,
            "sep": separator,
            "n": len(cols),
            "cols": shown or _("brak"),
        }

    def require_columns(self, required: Collection[str], expected: Sequence[str]) -> None:
        """Raise a ValidationError naming the missing columns, what was detected and what is expected."""
        missing = [c for c in sorted(required) if c not in set(self.headers)]
        if not missing:
            return
        if self.kind == XLSX:
            where = _("z nazwami w pierwszym wierszu arkusza")
        else:
            where = _("rozdzielonych średnikiem lub przecinkiem, z nazwami w pierwszym wierszu")
        raise ValidationError(
            " ".join(
                [
                    _("Brak wymaganych kolumn: %(cols)s.") % {"cols": ", ".join(missing)},
                    self.describe(),
                    _("Oczekiwano kolumn: %(cols)s %(where)s (wymagane: %(req)s).")
                    % {"cols": ", ".join(expected), "where": where, "req": ", ".join(sorted(required))},
                ]
            ),
            code="columns",
        )


def _broken_xlsx() -> ValidationError:
    return ValidationError(
        _("Nie udało się odczytać pliku XLSX – jest uszkodzony albo nie jest skoroszytem Excela."), code="broken"
    )


def check_xlsx_archive(content: bytes) -> None:
    """Refuse what is not an XLSX or would expand past the limits, before any XML is parsed."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _broken_xlsx() from None
    if len(infos) > MAX_ZIP_MEMBERS or "xl/workbook.xml" not in {i.filename for i in infos}:
        raise ValidationError(
            _("Plik nie jest skoroszytem XLSX (brak części xl/workbook.xml). Zapisz go w Excelu jako .xlsx."),
            code="bad_content",
        )
    limit = int(settings.KOOPERACJA_IMPORT_MAX_UNCOMPRESSED_BYTES)
    total = sum(i.file_size for i in infos)
    if total > limit:
        raise ValidationError(
            _(
                "Plik XLSX po rozpakowaniu miałby %(size)s, a dopuszczalne jest %(limit)s. "
                "Usuń zbędne arkusze i formatowanie albo podziel plik."
            )
            % {"size": filesizeformat(total), "limit": filesizeformat(limit)},
            code="too_big_unpacked",
        )
    ratio = int(settings.KOOPERACJA_IMPORT_MAX_COMPRESSION_RATIO)
    for info in infos:
        if info.file_size > RATIO_CHECKED_FROM and info.file_size > ratio * max(info.compress_size, 1):
            raise ValidationError(
                _(
                    "Plik XLSX jest podejrzanie mocno skompresowany (część %(part)s rozpakowuje się %(x)d razy). "
                    "Zapisz go ponownie w Excelu albo wczytaj jako CSV."
                )
                % {"part": info.filename[:60], "x": info.file_size // max(info.compress_size, 1)},
                code="zip_ratio",
            )


def _load_workbook(content: bytes) -> Any:
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds of errors for a broken file
        raise _broken_xlsx() from exc


def open_table(
    content: bytes, filename: str, *, allowed: Collection[str] = (CSV, XLSX), max_rows: int | None = None
) -> Table:
    """Open an upload's bytes as a table (type, encoding, zip limits checked; rows not read yet)."""
    cap = int(max_rows if max_rows is not None else settings.KOOPERACJA_IMPORT_MAX_ROWS)
    if len(content) > max_upload_bytes():
        raise _too_big(len(content), max_upload_bytes())
    if not content:
        raise ValidationError(_("Plik jest pusty."), code="empty")
    kind = detect_type(filename, content[:8], allowed)
    if kind == XLSX:
        check_xlsx_archive(content)
        wb = _load_workbook(content)
        try:
            ws = wb.active
            if ws is None or not hasattr(ws, "iter_rows"):
                raise _broken_xlsx()
            header = next(iter(ws.iter_rows(min_row=1, max_row=1, max_col=MAX_COLUMNS, values_only=True)), ())
        except ValidationError:
            raise
        except Exception as exc:  # openpyxl raises many kinds of errors for a broken sheet
            raise _broken_xlsx() from exc
        finally:
            wb.close()
        headers = [_cell(h) for h in header]
        while headers and not headers[-1]:
            headers.pop()
        if not headers:
            raise ValidationError(_("Plik jest pusty albo pierwszy wiersz arkusza nie ma nazw kolumn."), code="empty")
        return Table(kind=XLSX, raw_headers=headers, max_rows=cap, content=content)
    text, encoding = decode_text(content)
    first = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    if not first.strip():
        raise ValidationError(_("Plik jest pusty albo pierwszy wiersz nie ma nazw kolumn."), code="empty")
    delimiter = sniff_delimiter(first)
    try:
        header = next(csv.reader(io.StringIO(first), delimiter=delimiter or ";"), [])
    except csv.Error:
        header = first.split(delimiter or ";")
    return Table(
        kind=CSV,
        raw_headers=[h.strip() for h in header],
        max_rows=cap,
        encoding=encoding,
        delimiter=delimiter,
        text=text,
    )


def runs_in_background(*, size: int, rows: int) -> bool:
    """Whether an import of this size should go to the task worker instead of holding a web worker."""
    return size > int(settings.KOOPERACJA_IMPORT_BACKGROUND_BYTES) or rows > int(
        settings.KOOPERACJA_IMPORT_BACKGROUND_ROWS
    )
