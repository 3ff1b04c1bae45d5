from __future__ import annotations

from io import StringIO
from typing import Any

from django.core.management import call_command
from django_otp.plugins.otp_static.models import StaticToken


def test_demo_logins_print_every_account_with_working_backup_codes(demo: Any) -> None:
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    for email in [
        "admin@kooperacja.demo",
        "urzednik@hajnowka.demo",
        "pracownik@gops-narewka.demo",
        "biuro@odnowa.demo",
        "mieszkanka@hajnowka.demo",
    ]:
        assert email in text
    line = next(ln for ln in text.splitlines() if "kody 2FA:" in ln)
    code = line.split("kody 2FA:")[1].split()[0]
    assert StaticToken.objects.filter(token=code).exists()


def test_seed_demo_is_idempotent(demo: Any) -> None:
    out = StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "już są" in out.getvalue()
