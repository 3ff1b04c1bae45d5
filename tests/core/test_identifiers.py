from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from kooperacja.core.identifiers import (
    normalize_krs,
    normalize_nip,
    pesel_birth_date,
    validate_krs,
    validate_nip,
    validate_pesel,
    validate_regon,
)
from kooperacja.demo.ids import make_nip, make_pesel, make_regon


def test_valid_identifiers_pass() -> None:
    validate_nip("526-000-12-46")
    validate_nip("PL5260001246")
    validate_regon("123456785")
    validate_krs("0000012345")
    validate_pesel("44051401458")


@pytest.mark.parametrize(
    ("validator", "value", "message"),
    [
        (validate_nip, "5260001247", "błędną cyfrę kontrolną"),
        (validate_nip, "12345", "NIP musi mieć 10 cyfr"),
        (validate_regon, "123456789", "błędną cyfrę kontrolną"),
        (validate_regon, "1234", "REGON musi mieć 9 albo 14 cyfr"),
        (validate_krs, "12345678901", "10 cyfr"),
        (validate_krs, "abc", "10 cyfr"),
        (validate_pesel, "44051401459", "błędną cyfrę kontrolną"),
        (validate_pesel, "4405140145", "PESEL musi mieć 11 cyfr"),
    ],
)
def test_invalid_identifiers_have_polish_messages(validator: object, value: str, message: str) -> None:
    with pytest.raises(ValidationError) as exc:
        validator(value)  # type: ignore[operator]
    assert message in " ".join(exc.value.messages)


def test_normalisation() -> None:
    assert normalize_nip("PL 526-000-12-46") == "5260001246"
    assert normalize_krs("12345") == "0000012345"
    assert pesel_birth_date("44051401458") == date(1944, 5, 14)


@given(st.integers(min_value=1, max_value=5000))
def test_demo_generators_make_valid_identifiers(seed: int) -> None:
    validate_nip(make_nip(seed))
    validate_regon(make_regon(seed))


@given(st.integers(min_value=1, max_value=5000), st.integers(1930, 2020), st.integers(1, 12), st.integers(1, 28))
def test_demo_pesel_is_valid_and_encodes_birth_date(seed: int, year: int, month: int, day: int) -> None:
    value = make_pesel(seed, birth_year=year, month=month, day=day)
    validate_pesel(value)
    assert pesel_birth_date(value) == date(year, month, day)
