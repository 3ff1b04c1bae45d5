"""The REST API at /api/v1/: one ninja router per app, discovered from `<app>/api.py` (`router`).

Every answer is JSON, errors included: {"detail": "..."} (a list of parameter errors for 422). The error responses
each operation can give are added to the OpenAPI document here, in one place, from what the operation takes:
401 everywhere (a wrong or revoked token), 422 where it has parameters, 404 where it has a path id, 400 where it
reads a JSON body. Operation-specific ones (403, 409) are declared by the app router itself.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Router
from ninja.errors import AuthenticationError
from ninja.params.models import BodyModel

from kooperacja.core.api_types import ErrorOut, ValidationErrorOut

from .auth import platform_auth

api = NinjaAPI(
    title="Kooperacja API",
    version="1.0.0",
    description="Publiczne i chronione dane platformy Kooperacja. Uwierzytelnianie: sesja przeglądarki "
    "albo token osobisty w nagłówku `Authorization: Bearer <token>` (profil użytkownika). Każda odpowiedź, "
    'także błąd, jest w JSON: `{"detail": "opis"}` (dla 422 lista błędów parametrów). Listy są '
    "stronicowane: `limit` 1–100 (domyślnie 50), `offset` od 0.",
    auth=platform_auth,
    urls_namespace="api",
)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": _("Brak uprawnień do tego zasobu.")}, status=403)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Nie znaleziono.")}, status=404)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request, {"detail": _("Nieprawidłowy lub wycofany token albo brak tokenu CSRF.")}, status=401
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


def _document_errors(router: Router) -> None:
    """Add the error responses an operation can give to its response models (and so to the OpenAPI)."""
    for path, path_view in router.path_operations.items():
        for operation in path_view.operations:
            errors: dict[int, Any] = {401: ErrorOut}
            if any(model.model_fields for model in operation.models):
                errors[422] = ValidationErrorOut
            if "{" in path:
                errors[404] = ErrorOut
            if any(issubclass(model, BodyModel) for model in operation.models):
                errors[400] = ErrorOut
            for status, schema in errors.items():
                if status not in operation.response_models:
                    operation.response_models[status] = operation._create_response_model(schema)


def _mount_app_routers() -> None:
    for config in apps.get_app_configs():
        if not config.name.startswith("kooperacja.") or config.name == "kooperacja.api":
            continue
        try:
            module = import_module(f"{config.name}.api")
        except ModuleNotFoundError as exc:
            if exc.name == f"{config.name}.api":
                continue
            raise
        router = getattr(module, "router", None)
        if router is not None:
            _document_errors(router)
            api.add_router("", router)


_mount_app_routers()
