"""Template helpers shared by every app: `{% load kooperacja_tags %}` (also a builtin)."""

from __future__ import annotations

from typing import Any

from django import template

from kooperacja.core.events import label_for

register = template.Library()


@register.filter
def event_label(verb: Any) -> str:
    """The Polish sentence of an audit verb ("Opublikowano ogłoszenie"), never its code."""
    return label_for(str(verb))
