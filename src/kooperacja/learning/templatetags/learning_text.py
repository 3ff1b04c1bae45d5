"""`{% load learning_text %}`: `{{ text|richtext }}` renders sanitised Markdown, `{{ text|plaintext }}` strips it."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from .. import richtext as rt

register = template.Library()


@register.filter
def richtext(value: str | None) -> SafeString:
    return rt.render(value)


@register.filter
def plaintext(value: str | None) -> str:
    return rt.plain(value)
