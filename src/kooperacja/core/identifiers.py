"""Polish identifiers validated with python-stdnum, with clear Polish messages (DOMAIN.md D)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_exc
from stdnum.pl import nip, pesel, regon


def _digits(value: str) -> str:
    return "".join(ch for ch in str(value) if not ch.isspace() and ch not in "-.")


def normalize_nip(value: str) -> str:
    value = _digits(value).upper()
    return value[2:] if value.startswith("PL") else value


def validate_nip(value: str) -> None:
    compact = normalize_nip(value)
    if not compact.isdigit() or len(compact) != 10:
        raise ValidationError(
            _("NIP musi mieć 10 cyfr (podano %(n)d znaków)."), params={"n": len(compact)}, code="nip_length"
        )
    try:
        nip.validate(compact)
    except stdnum_exc.InvalidChecksum:
        raise ValidationError(
            _("NIP %(v)s ma błędną cyfrę kontrolną – sprawdź, czy nie ma literówki."),
            params={"v": compact},
            code="nip_checksum",
        ) from None
    except stdnum_exc.ValidationError:
        raise ValidationError(_("To nie jest poprawny NIP."), code="nip_invalid") from None


def normalize_regon(value: str) -> str:
    return _digits(value)


def validate_regon(value: str) -> None:
    compact = normalize_regon(value)
    if not compact.isdigit() or len(compact) not in (9, 14):
        raise ValidationError(
            _("REGON musi mieć 9 albo 14 cyfr (podano %(n)d znaków)."), params={"n": len(compact)}, code="regon_length"
        )
    try:
        regon.validate(compact)
    except stdnum_exc.InvalidChecksum:
        raise ValidationError(
            _("REGON %(v)s ma błędną cyfrę kontrolną – sprawdź, czy nie ma literówki."),
            params={"v": compact},
            code="regon_checksum",
        ) from None
    except stdnum_exc.ValidationError:
        raise ValidationError(_("To nie jest poprawny REGON."), code="regon_invalid") from None


def normalize_krs(value: str) -> str:
    compact = _digits(value)
    return compact.zfill(10) if compact.isdigit() and len(compact) < 10 else compact


def validate_krs(value: str) -> None:
    compact = normalize_krs(value)
    if not compact.isdigit() or len(compact) != 10:
        raise ValidationError(_("Numer KRS to 10 cyfr (np. 0000123456)."), code="krs_invalid")


def normalize_pesel(value: str) -> str:
    return _digits(value)


def validate_pesel(value: str) -> None:
    compact = normalize_pesel(value)
    if not compact.isdigit() or len(compact) != 11:
        raise ValidationError(
            _("PESEL musi mieć 11 cyfr (podano %(n)d znaków)."), params={"n": len(compact)}, code="pesel_length"
        )
    try:
        pesel.validate(compact)
    except stdnum_exc.InvalidChecksum:
        raise ValidationError(
            _("PESEL ma błędną cyfrę kontrolną – sprawdź, czy nie ma literówki."), code="pesel_checksum"
        ) from None
    except stdnum_exc.ValidationError:
        raise ValidationError(_("PESEL zawiera niepoprawną datę urodzenia."), code="pesel_date") from None


def pesel_birth_date(value: str) -> date:
    return pesel.get_birth_date(normalize_pesel(value))
