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
from django.utils.translation import gettext_lazy as _


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


# The header groups the main menu into a few sections (GOV.UK service navigation): when a role sees more than
# FLAT_LIMIT main entries, the entries of one section share a disclosure menu (<details>, works without
# JavaScript); a section with a single entry stays a plain link. Sections are keyed by the URL namespace of the
# entries, so the apps' nav.py files stay as they are. The user's own pages share the "Moje konto" menu.
FLAT_LIMIT = 6
GROUPS: tuple[tuple[str, Any, tuple[str, ...]], ...] = (
    ("directory", _("Organizacje i usługi"), ("organisations", "catalog")),
    ("commissioning", _("Zlecanie i realizacja"), ("commissioning", "delivery", "consortia")),
    ("cooperation", _("Sprawy i kooperacja"), ("cooperation", "monitoring")),
    ("participation", _("Udział mieszkańców"), ("participation",)),
    ("learning", _("Edukacja i szkolenia"), ("learning",)),
)
OTHER_GROUP = ("more", _("Więcej"))


def _group_of(item: NavItem) -> tuple[str, Any]:
    namespace = item.url_name.split(":", 1)[0]
    for key, label, namespaces in GROUPS:
        if namespace in namespaces:
            return key, label
    return OTHER_GROUP


def _visible(request: HttpRequest) -> list[tuple[NavItem, str]]:
    """(item, url) of every entry the user may see, both sections, with exactly one marked active below."""
    return [(item, reverse(item.url_name)) for item in all_items() if item.visible_to(request.user)]


def _active_url(request: HttpRequest, entries: list[tuple[NavItem, str]]) -> str | None:
    """The one entry whose prefix matches the path longest ("/" only on the home page itself); an entry's own
    page counts even when its match_prefix names a deeper folder (Kooperacja: /kooperacja/ and /kooperacja/zespoly/)."""
    best: tuple[int, str] | None = None
    for item, url in entries:
        prefix = item.match_prefix or url
        matches = request.path == "/" if prefix == "/" else request.path.startswith(prefix)
        length = len(prefix)
        if request.path == url:
            matches, length = True, max(length, len(url) + 1)  # the exact page beats any prefix
        if matches and (best is None or length > best[0]):
            best = (length, url)
    return best[1] if best else None


def menus_for(request: HttpRequest) -> dict[str, Any]:
    """Everything the header needs, in one pass over the entries (one permission check per entry)."""
    entries = _visible(request)
    active = _active_url(request, entries)
    main: list[dict[str, Any]] = []
    user: list[dict[str, Any]] = []
    for item, url in entries:
        row = {"label": item.label, "url": url, "active": url == active, "group": _group_of(item)}
        (main if item.section == "main" else user).append(row)
    groups: list[dict[str, Any]] = []
    if len(main) <= FLAT_LIMIT:
        groups = [{"key": row["url"], "label": row["label"], "items": [row], "active": row["active"]} for row in main]
    else:
        by_key: dict[str, dict[str, Any]] = {}
        for row in main:
            key, label = row["group"]
            group = by_key.get(key)
            if group is None:
                group = by_key[key] = {"key": key, "label": label, "items": [], "active": False}
                groups.append(group)
            group["items"].append(row)
            group["active"] = group["active"] or row["active"]
    return {
        "main_menu": main,
        "main_groups": groups,
        "user_menu": user,
        "user_menu_active": any(row["active"] for row in user),
    }


def menu_for(request: HttpRequest, section: str = "main") -> list[dict[str, Any]]:
    menus = menus_for(request)
    return menus["main_menu"] if section == "main" else menus["user_menu"]


@cache
def _widget_providers() -> tuple[Callable[[HttpRequest], list[Widget]], ...]:
    return tuple(m.widgets for m in _our_app_modules("dashboard") if hasattr(m, "widgets"))


def widgets_for(request: HttpRequest) -> list[Widget]:
    found: list[Widget] = []
    for provider in _widget_providers():
        found.extend(provider(request))
    return sorted(found, key=lambda w: w.order)
