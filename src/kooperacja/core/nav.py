"""Role-aware navigation and home-page widgets, contributed by each app.

An app adds menu entries in its `nav.py` (`ITEMS = [NavItem(...)]`) and home-page panels in its
`dashboard.py` (`def widgets(request) -> list[Widget]`). The permission named by `perm` decides who sees
an entry, through the one rules layer, so the menu never shows a page that would answer 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: Any
    url_name: str
    perm: str | None = None
    section: str = "main"  # main | user
    order: int = 100
    login_required: bool = False
    match_prefix: str | None = None

    def visible_to(self, user: Any) -> bool:
        if self.login_required and not user.is_authenticated:
            return False
        return self.perm is None or user.has_perm(self.perm)


@dataclass
class Widget:
    title: Any
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


def _our_app_modules(suffix: str) -> list[Any]:
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("kooperacja."):
            continue
        try:
            modules.append(import_module(f"{config.name}.{suffix}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{suffix}":
                raise
    return modules


@cache
def all_items() -> tuple[NavItem, ...]:
    items: list[NavItem] = []
    for module in _our_app_modules("nav"):
        items.extend(getattr(module, "ITEMS", []))
    return tuple(sorted(items, key=lambda i: i.order))


def menu_for(request: HttpRequest, section: str = "main") -> list[dict[str, Any]]:
    result = []
    for item in all_items():
        if item.section != section or not item.visible_to(request.user):
            continue
        url = reverse(item.url_name)
        prefix = item.match_prefix or url
        result.append(
            {
                "label": item.label,
                "url": url,
                "active": request.path.startswith(prefix) if prefix != "/" else request.path == "/",
            }
        )
    return result


@cache
def _widget_providers() -> tuple[Callable[[HttpRequest], list[Widget]], ...]:
    return tuple(m.widgets for m in _our_app_modules("dashboard") if hasattr(m, "widgets"))


def widgets_for(request: HttpRequest) -> list[Widget]:
    found: list[Widget] = []
    for provider in _widget_providers():
        found.extend(provider(request))
    return sorted(found, key=lambda w: w.order)
