"""Who may vote, and the keyed hash that makes one vote per person checkable without storing the PESEL.

`KOOPERACJA_VOTER_HMAC_KEY` (settings, from the environment) is the secret. It lives outside the database, so
a copy of the database alone cannot turn the stored keys back into PESEL numbers (an 11-digit number with a
known birth date has only ~10^5 candidates per day: a plain or salted hash is brute-forced in seconds; an
HMAC with an unknown key is not). Without the setting (demo, development) a key is derived from SECRET_KEY;
production sets its own and keeps it for as long as a plebiscite is open (changing it mid-vote would let a
person vote again).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.pl import pesel as stdnum_pesel

from .enums import AgeBand

# Letters and digits without the ones people confuse (0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def hmac_key() -> bytes:
    configured = getattr(settings, "KOOPERACJA_VOTER_HMAC_KEY", "") or os.environ.get("KOOPERACJA_VOTER_HMAC_KEY", "")
    if configured:
        return configured.encode()
    return hashlib.sha256(b"kooperacja-voter-hmac:" + settings.SECRET_KEY.encode()).digest()


def keyed(kind: str, value: str) -> str:
    """HMAC-SHA256 (hex) of `kind:value` under the voter key."""
    return hmac.new(hmac_key(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def pesel_key(pesel: str) -> str:
    return keyed("pesel", pesel)


def code_key(code: str) -> str:
    return keyed("code", normalise_code(code))


def account_key(user_id: int) -> str:
    return keyed("account", str(user_id))


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def new_receipt() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def receipt_hash(receipt: str) -> str:
    return hashlib.sha256(normalise_code(receipt).encode()).hexdigest()


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def age_band(age: int | None) -> str:
    if age is None:
        return AgeBand.UNKNOWN
    if age < 18:
        return AgeBand.UNDER_18
    if age < 30:
        return AgeBand.B18_29
    if age < 55:
        return AgeBand.B30_54
    return AgeBand.B55


def check_pesel(value: str, *, min_age: int, on: date, field: str = "pesel") -> tuple[str, int]:
    """The compact PESEL and the person's age on `on`; a ValidationError at `field` otherwise."""
    try:
        compact = stdnum_pesel.validate(value)
        birth = stdnum_pesel.get_birth_date(compact)
    except (StdnumError, ValueError):
        raise ValidationError({field: _("To nie jest prawidłowy numer PESEL (sprawdź cyfry).")}) from None
    age = age_on(birth, on)
    if age < 0:
        raise ValidationError({field: _("To nie jest prawidłowy numer PESEL (data urodzenia w przyszłości).")})
    if age < min_age:
        raise ValidationError(
            {field: _("W tym plebiscycie głosują osoby, które mają co najmniej %(age)s lat.") % {"age": min_age}}
        )
    return compact, age
