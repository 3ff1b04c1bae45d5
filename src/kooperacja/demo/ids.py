"""Deterministic, checksum-valid Polish identifiers for demo and benchmark data."""

from __future__ import annotations

from stdnum.pl import nip, pesel, regon


def make_nip(seed: int) -> str:
    base = 5430000000 + seed * 1009
    for bump in range(0, 10_000):
        candidate = str(base + bump * 10)[:9]
        for last in "0123456789":
            if nip.is_valid(candidate + last):
                return candidate + last
    raise ValueError(seed)


def make_regon(seed: int) -> str:
    body = f"{200000000 + seed * 7919:09d}"[:8]
    return body + regon.calc_check_digit(body)


def make_krs(seed: int) -> str:
    return f"{100000 + seed * 37:010d}"


def make_pesel(seed: int, birth_year: int = 1960, month: int = 1, day: int = 1, female: bool = False) -> str:
    yy = birth_year % 100
    mm = month + (20 if birth_year >= 2000 else 0)
    serial = (seed * 7) % 1000
    sex = (seed * 2) % 10 if female else (seed * 2 + 1) % 10
    body = f"{yy:02d}{mm:02d}{day:02d}{serial:03d}{sex}"
    return body + pesel.calc_check_digit(body)
