"""The REST API at /api/v1/: one ninja router per app, discovered from `<app>/api.py` (`router`)."""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from ninja import NinjaAPI

from .auth import platform_auth

api = NinjaAPI(
    title="Kooperacja API",
    version="1.0.0",
    description="Publiczne i chronione dane platformy Kooperacja. Uwierzytelnianie: sesja przeglądarki "
    "albo token osobisty w nagłówku `Authorization: Bearer <token>` (profil użytkownika).",
    auth=platform_auth,
    urls_namespace="api",
)


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
            api.add_router("", router)


_mount_app_routers()
