"""Social clauses and the art. 361 Pzp services list."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kooperacja.commissioning import legal, services
from kooperacja.commissioning.models import Call
from kooperacja.demo.scenarios.commissioning import FINISHED_TITLE

D = Decimal
pytestmark = pytest.mark.django_db


def finished() -> Call:
    return Call.objects.get(title=FINISHED_TITLE)


def test_cpv_list_of_art_361() -> None:
    assert legal.cpv_in_art361("85312000-9")
    assert legal.cpv_in_art361("80110000-8")
    assert legal.cpv_in_art361("85323000")
    assert not legal.cpv_in_art361("85324000-6")
    assert not legal.cpv_in_art361("45000000-7")
    assert not legal.cpv_in_art361("abc")


def test_clause_helper_checks_and_records(demo: Any) -> None:
    from kooperacja.demo.scenarios.commissioning import PZP_TITLE

    call = Call.objects.get(title=PZP_TITLE)
    officer = demo.user("officer")
    assert {c.kind for c in call.clauses.all()} >= {"art361", "art96", "art242"}
    with pytest.raises(ValidationError, match=r"art\. 94"):
        services.clause_add(
            actor=officer, call=call, kind="art94", parameters={"groups": ["bezrobotni"], "percent": 20}
        )
    clause = services.clause_add(
        actor=officer, call=call, kind="art94", parameters={"groups": ["bezrobotni", "osoby bezdomne"], "percent": 30}
    )
    assert "30%" in clause.text and "bezrobotni, osoby bezdomne" in clause.text
    Call.objects.filter(pk=call.pk).update(cpv_codes=["85312000-9", "45000000-7"])
    call.refresh_from_db()
    with pytest.raises(ValidationError, match="45000000-7"):
        services.clause_add(actor=officer, call=call, kind="art361", parameters={"services": "x", "years": 2})
    check = services.art361_check(call=call, contractor=demo.org("cal_hajnowka"))
    assert check["history"] and check["history_ok"]  # an OPP grant, not a reserved Pzp contract
    with pytest.raises(PermissionDenied):
        services.clause_add(actor=demo.user("coordinator"), call=call, kind="art58", parameters={})
