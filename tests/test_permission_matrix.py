"""Walks every URL of the project with every demo role and checks allowed / denied against one table."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.matrix import ROLES, Case

# URL names that are not pages of ours (framework plumbing) and need no row.
EXEMPT_PREFIXES = ("admin:", "api:", "set_language")


def _collect_cases() -> list[Case]:
    cases: list[Case] = []
    tests_dir = Path(__file__).parent
    for info in pkgutil.iter_modules([str(tests_dir)]):
        if not info.ispkg:
            continue
        try:
            module = importlib.import_module(f"tests.{info.name}.matrix")
        except ModuleNotFoundError:
            continue
        cases.extend(module.CASES)
    return cases


CASES = _collect_cases()


def _all_url_names(resolver: URLResolver | None = None, prefix: str = "") -> set[str]:
    resolver = resolver or get_resolver()
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= _all_url_names(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(prefix + pattern.name)
    return names


def test_every_url_has_a_row() -> None:
    covered = {c.url_name for c in CASES}
    missing = sorted(n for n in _all_url_names() if not n.startswith(EXEMPT_PREFIXES) and n not in covered)
    assert not missing, f"URL bez wiersza w macierzy uprawnień: {missing}"


@pytest.mark.parametrize(("case", "role"), [pytest.param(c, r, id=c.id_for(r)) for c in CASES for r in ROLES])
def test_permission_matrix(case: Case, role: str, demo: Any, client_as: Any) -> None:
    from django.urls import reverse

    client = client_as(role)
    url = reverse(case.url_name, kwargs=case.kwargs(demo))
    response = getattr(client, case.method)(url, data=case.data(demo))
    if role in case.allowed:
        assert response.status_code in case.ok_status, (
            f"{role} powinien mieć dostęp do {url}, a dostał {response.status_code}"
        )
    elif role == "anonymous":
        assert response.status_code in (302, 403, 404), f"anonim dostał {response.status_code} na {url}"
        if response.status_code == 302:
            assert "/konto/logowanie/" in response["Location"], response["Location"]
    else:
        assert response.status_code in (403, 404), f"{role} nie powinien mieć dostępu do {url} ({response.status_code})"
