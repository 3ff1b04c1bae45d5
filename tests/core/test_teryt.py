from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kooperacja.core.models import Territory
from kooperacja.core.teryt import SHIPPED_FILE, TerytImportError, import_terc, read_terc_file

HEADER = "WOJ;POW;GMI;RODZ;NAZWA;NAZWA_DOD;STAN_NA\r\n"


def test_shipped_file_counts_match_the_official_register(db: None) -> None:
    out = StringIO()
    call_command("import_teryt", stdout=out)
    text = out.getvalue()
    assert "województwa 16, powiaty 380, gminy 2477" in text
    assert "gmina wiejska: 1533" in text
    assert Territory.objects.filter(kind="gmina").count() == 2477
    assert Territory.objects.filter(kind="powiat").count() == 380
    assert Territory.objects.filter(kind="voivodeship").count() == 16


def test_import_is_idempotent(db: None) -> None:
    text = read_terc_file(SHIPPED_FILE)
    import_terc(text)
    before = Territory.objects.count()
    again = import_terc(text)
    assert again.created == 0
    assert again.updated == 0
    assert again.unchanged == before
    assert Territory.objects.count() == before


def test_hierarchy_links_gmina_to_powiat_and_voivodeship(db: None) -> None:
    import_terc(read_terc_file(SHIPPED_FILE))
    narewka = Territory.objects.get(code="2005092")
    assert narewka.name == "Narewka"
    assert narewka.gmina_type == "2"
    assert narewka.parent.code == "2005"
    assert narewka.parent.parent.name.upper() == "PODLASKIE"


def test_changed_name_is_updated(db: None) -> None:
    import_terc(HEADER + "20;;;;PODLASKIE;województwo;2020-01-01\r\n20;05;;;hajnowski;powiat;2020-01-01\r\n")
    result = import_terc(HEADER + "20;;;;PODLASKIE;województwo;2021-01-01\r\n20;05;;;hajnowski;powiat;2020-01-01\r\n")
    assert result.updated == 1
    assert result.unchanged == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "pusty"),
        ("kod;nazwa\r\n1;x\r\n", "To nie jest plik TERC"),
        (HEADER + "21;;;;X;województwo;2020-01-01\r\n", "parzystą liczbą"),
        (
            HEADER + "20;;;;PODLASKIE;województwo;2020-01-01\r\n20;05;09;7;Narewka;gmina;2020-01-01\r\n",
            "nieznany rodzaj gminy",
        ),
        (HEADER + "20;05;09;2;Narewka;gmina wiejska;2020-01-01\r\n", "nieistniejącą jednostkę nadrzędną"),
        (HEADER + "20;;;;PODLASKIE;województwo;2020-13-45\r\n", "niepoprawna data"),
        (HEADER + "20;;;;PODLASKIE;województwo\r\n", "7 kolumn"),
    ],
)
def test_malformed_or_foreign_file_is_rejected_and_changes_nothing(db: None, content: str, message: str) -> None:
    import_terc(HEADER + "20;;;;PODLASKIE;województwo;2020-01-01\r\n")
    before = list(Territory.objects.values_list("code", "name", "valid_on"))
    with pytest.raises(TerytImportError) as exc:
        import_terc(content)
    assert message in str(exc.value)
    assert list(Territory.objects.values_list("code", "name", "valid_on")) == before


def test_command_reports_rejection_in_polish(db: None, tmp_path: object) -> None:
    from pathlib import Path

    bad = Path(str(tmp_path)) / "foreign.csv"
    bad.write_text("name,population\nParis,2000000\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Plik odrzucony, nic nie zmieniono"):
        call_command("import_teryt", str(bad))
    latin = Path(str(tmp_path)) / "latin2.csv"
    latin.write_bytes((HEADER + "20;;;;ŁÓDZKIE;województwo;2020-01-01\r\n").encode("iso-8859-2"))
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("import_teryt", str(latin))


def test_sqlite_like_is_unicode_aware() -> None:
    from kooperacja.core.sqlite import unicode_like

    assert unicode_like("%żubr%", "Spółdzielnia „Żubr”")
    assert unicode_like("ŁÓDŹ", "łódź")
    assert not unicode_like("%żubr", "Żubr i Spółka")
    assert unicode_like("100\\%", "100%", "\\")
    assert not unicode_like("100\\%", "1000", "\\")
    assert unicode_like("a_c", "abc")
    assert unicode_like(None, "x") is None
