"""The OpenAPI document tells the truth: schemathesis's stateless checks against every operation of /api/v1/.

Each API operation gets generated requests (valid ones and deliberately invalid ones: huge numbers, wrong types,
missing fields) anonymously and with the personal token of two demo roles. Every answer must be no server error,
a documented status code, a documented content type and a body matching the documented schema. The requests go
straight into the WSGI application (no server), inside the test's transaction on the seeded demo database.
Bounded so that it takes about a minute on two cores: a few examples per operation, deterministic (the same
examples on every run and in CI), no example database on disk.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.django_db

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

# Anonymous, the municipal officer (commissioning, outcomes) and the cooperative's staff (delivery, consortium).
IDENTITIES = ["anonymous", "officer", "pes_staff"]


@pytest.fixture
def wsgi_app() -> Iterator[WSGIHandler]:
    """Django's WSGI application, kept from closing the test's database connection between requests.

    A real server closes stale connections when a request starts and ends; here the request runs inside the
    test's transaction, which that would end. Django's own test client unhooks the same two signals.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture(params=IDENTITIES)
def identity(request: Any) -> str:
    return str(request.param)


@pytest.fixture
def auth_headers(demo: Any, identity: str) -> dict[str, str]:
    if identity == "anonymous":
        return {}
    from kooperacja.accounts.services import api_token_create

    _, key = api_token_create(user=demo.user(identity), name="schemathesis")
    return {"Authorization": f"Bearer {key}"}


def _load_schema() -> Any:
    """The OpenAPI document as /api/v1/openapi.json serves it (built in-process: no request at collection time)."""
    from kooperacja.api.api import api

    config = schemathesis.Config.from_dict(
        {
            "generation": {"max-examples": 6, "deterministic": True, "database": "none", "no-shrink": True},
            # The coverage phase brings the boundary values (2^63, 0, -1, huge strings); fuzzing the random ones.
            "phases": {"examples": {"enabled": True}, "coverage": {"enabled": True}, "fuzzing": {"enabled": True}},
        }
    )
    return schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"), config=config)


schema = _load_schema()


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi(case: Any, wsgi_app: WSGIHandler, auth_headers: dict[str, str]) -> None:
    case.call_and_validate(app=wsgi_app, headers=auth_headers, checks=CHECKS)
