"""core.uploads: size before reading, encodings, separators, XLSX zip limits and the streamed row cap."""

from __future__ import annotations

import io
import random
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from kooperacja.core import uploads

EXPECTED = ["imie", "nazwisko", "pesel"]
REQUIRED = {"imie", "nazwisko"}


def _error(call: Any, *args: Any, **kwargs: Any) -> str:
    with pytest.raises(ValidationError) as exc:
        call(*args, **kwargs)
    return " ".join(exc.value.messages)


def _xlsx(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _replace_member(content: bytes, name: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, data if info.filename == name else src.read(info.filename))
    return out.getvalue()


def test_undefined_cp1250_byte_and_random_binary_get_the_polish_message() -> None:
    with pytest.raises(UnicodeDecodeError):
        b"\x81".decode("cp1250")  # the byte is undefined in Windows-1250 (and invalid in UTF-8)
    message = _error(uploads.open_table, b"imie;nazwisko\nJan;\x81\n", "u.csv")
    assert "Plik nie jest zapisany w kodowaniu UTF-8 ani Windows-1250" in message
    binary = random.Random(10).randbytes(4096)
    assert "Plik nie jest zapisany w kodowaniu UTF-8 ani Windows-1250" in _error(uploads.open_table, binary, "u.csv")
    # control characters without NUL bytes are not text either
    assert "Windows-1250" in _error(uploads.open_table, b"imie;nazwisko\n\x01\x02\x03;\x04\n", "u.csv")


def test_utf8_with_bom_and_windows_1250_are_read() -> None:
    for content, encoding in [
        ("imie;nazwisko\nŁucja;Żółć\n".encode("utf-8-sig"), "UTF-8 (z BOM)"),
        ("imie;nazwisko\nŁucja;Żółć\n".encode("cp1250"), "Windows-1250"),
        ("imie,nazwisko\nŁucja,Żółć\n".encode(), "UTF-8"),
    ]:
        table = uploads.open_table(content, "u.csv")
        assert table.encoding == encoding
        assert list(table.rows()) == [(2, {"imie": "Łucja", "nazwisko": "Żółć"})]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_detected_and_named(encoding: str) -> None:
    content = "imie\tnazwisko\nJan\tKowalski\n".encode(encoding)  # "utf-16" writes a BOM, the others do not
    message = _error(uploads.open_table, content, "u.csv")
    assert "UTF-16" in message and "UTF-8" in message


@pytest.mark.parametrize(("separator", "name"), [("\t", "tabulator"), ("|", "kreska pionowa (|)")])
def test_separator_is_sniffed_and_named_when_columns_are_missing(separator: str, name: str) -> None:
    good = uploads.open_table(f"Imię{separator}Nazwisko\nJan{separator}Nowak\n".encode(), "u.csv")
    assert good.delimiter == separator
    good.require_columns(REQUIRED, EXPECTED)
    assert list(good.rows()) == [(2, {"imie": "Jan", "nazwisko": "Nowak"})]
    wrong = uploads.open_table(f"first_name{separator}last_name\nJan{separator}Nowak\n".encode(), "u.csv")
    message = _error(wrong.require_columns, REQUIRED, EXPECTED)
    assert f"separator: {name}" in message
    assert "kodowanie UTF-8" in message and "kolumny (2): first_name, last_name" in message
    assert "Oczekiwano kolumn: imie, nazwisko, pesel rozdzielonych średnikiem lub przecinkiem" in message


class _NoReading(SimpleUploadedFile):
    def read(self, *args: Any, **kwargs: Any) -> bytes:
        raise AssertionError("the file was read before its size was checked")


def test_oversize_upload_is_refused_before_reading(settings: Any) -> None:
    settings.KOOPERACJA_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
    upload = _NoReading("duzy.csv", b"x" * (2 * 1024 * 1024 + 1), content_type="text/csv")
    for check in (uploads.check_size, uploads.read_upload, uploads.validate_upload):
        message = _error(check, upload)
        assert "Plik jest za duży (2,0\xa0MB); największy dopuszczalny rozmiar to 2,0\xa0MB." in message
    ok = SimpleUploadedFile("maly.csv", b"imie;nazwisko\n", content_type="text/csv")
    assert uploads.read_upload(ok) == b"imie;nazwisko\n"


def test_file_type_is_checked_by_extension_and_content() -> None:
    assert "Niedozwolony rodzaj pliku (.exe)" in _error(uploads.open_table, b"MZ\x90\x00", "program.exe")
    assert "nie jest arkuszem XLSX" in _error(uploads.open_table, b"imie;nazwisko\n", "lista.xlsx")
    assert "nie jest plikiem tekstowym" in _error(uploads.open_table, _xlsx([["imie"]]), "lista.csv")
    assert "starym formacie Excela (.xls)" in _error(uploads.open_table, b"\xd0\xcf\x11\xe0" + b"\0" * 100, "l.xlsx")
    odt_like = io.BytesIO()
    with zipfile.ZipFile(odt_like, "w") as zf:
        zf.writestr("content.xml", "<office/>")
    assert "brak części xl/workbook.xml" in _error(uploads.open_table, odt_like.getvalue(), "lista.xlsx")


def test_zip_bomb_xlsx_is_refused_by_its_uncompressed_size() -> None:
    base = _xlsx([["imie", "nazwisko"], ["Jan", "Nowak"]])
    with zipfile.ZipFile(io.BytesIO(base)) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    head, tail = sheet.split(b"</sheetData>")
    bomb = _replace_member(base, "xl/worksheets/sheet1.xml", head + b" " * (60 * 1024 * 1024) + b"</sheetData>" + tail)
    assert len(bomb) < 200 * 1024  # 60 MB of sheet in a file of a few dozen kilobytes
    message = _error(uploads.open_table, bomb, "lista.xlsx")
    assert "po rozpakowaniu miałby" in message and "dopuszczalne jest 50,0\xa0MB" in message


def test_suspicious_compression_ratio_is_refused(settings: Any) -> None:
    base = _xlsx([["imie", "nazwisko"], ["Jan", "Nowak"]])
    with zipfile.ZipFile(io.BytesIO(base)) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    head, tail = sheet.split(b"</sheetData>")
    dense = _replace_member(base, "xl/worksheets/sheet1.xml", head + b" " * (5 * 1024 * 1024) + b"</sheetData>" + tail)
    assert "podejrzanie mocno skompresowany" in _error(uploads.open_table, dense, "lista.xlsx")
    settings.KOOPERACJA_IMPORT_MAX_COMPRESSION_RATIO = 10_000
    table = uploads.open_table(dense, "lista.xlsx")  # a looser ratio lets the same (valid) sheet through
    assert list(table.rows()) == [(2, {"imie": "Jan", "nazwisko": "Nowak"})]


def test_row_cap_stops_the_stream_early() -> None:
    content = _xlsx([["imie", "nazwisko"], *[[f"Imię {i}", "Nowak"] for i in range(300)]])
    table = uploads.open_table(content, "lista.xlsx", max_rows=20)
    seen: list[int] = []

    def walk() -> None:
        seen.extend(line for line, _row in table.rows())

    assert "więcej niż 20 wierszy" in _error(walk)
    assert seen == list(range(2, 22))  # stopped at the 21st data row, not after reading all 300
    csv_table = uploads.open_table(("imie;nazwisko\n" + "Jan;Nowak\n" * 50).encode(), "u.csv", max_rows=20)
    assert "więcej niż 20 wierszy" in _error(csv_table.count_rows)
    # a sheet of blank rows is not walked to its end either
    blank = uploads.open_table(("imie;nazwisko\n" + ";\n" * 500 + "Jan;Nowak\n").encode(), "u.csv", max_rows=20)
    assert "więcej niż 20 wierszy" in _error(blank.count_rows)


def test_broken_csv_and_broken_xlsx_get_polish_messages() -> None:
    huge_cell = b'imie;nazwisko\n"' + b"x" * 200_000 + b'";Nowak\n'
    table = uploads.open_table(huge_cell, "u.csv")
    assert "Plik CSV jest uszkodzony w okolicy wiersza 2" in _error(table.count_rows)
    truncated = _xlsx([["imie"], ["Jan"]])[:300]
    assert "Nie udało się odczytać pliku XLSX" in _error(uploads.open_table, truncated, "lista.xlsx")
    assert "Plik jest pusty" in _error(uploads.open_table, b"", "u.csv")


def test_background_threshold(settings: Any) -> None:
    settings.KOOPERACJA_IMPORT_BACKGROUND_ROWS = 500
    settings.KOOPERACJA_IMPORT_BACKGROUND_BYTES = 256 * 1024
    assert not uploads.runs_in_background(size=1000, rows=500)
    assert uploads.runs_in_background(size=1000, rows=501)
    assert uploads.runs_in_background(size=256 * 1024 + 1, rows=10)
