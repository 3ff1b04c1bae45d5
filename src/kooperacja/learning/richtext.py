"""Rich text of materials, course descriptions and module pages: Markdown, rendered and then sanitised.

Authors write Markdown (headings, lists, emphasis, links, quotes, tables). markdown-it-py renders it with raw HTML
switched off (typed tags come out as text) and its own link check (no `javascript:` and the like); nh3 then keeps
only the tags and attributes listed here, so whatever the renderer lets through, the page gets no script, style,
event handler or foreign element. Links open as ordinary links with `rel="noopener noreferrer nofollow"`.
"""

from __future__ import annotations

from functools import cache
from html import unescape

import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

TAGS = frozenset(
    {
        "p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre", "hr",
        "h2", "h3", "h4", "a", "table", "thead", "tbody", "tr", "th", "td", "s",
    }
)  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


@cache
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
    md.enable("strikethrough")
    return md


def _shift_headings(html: str) -> str:
    # the page's own h1 is the title: headings in the text start at h2
    for level in (5, 4, 3, 2, 1):
        html = html.replace(f"<h{level}>", f"<h{min(level + 1, 4)}>").replace(
            f"</h{level}>", f"</h{min(level + 1, 4)}>"
        )
    return html


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def render(text: str | None) -> SafeString:
    """Markdown to safe HTML for a page."""
    if not text:
        return mark_safe("")
    html = _shift_headings(_markdown().render(text))
    return mark_safe(sanitise(html))  # noqa: S308 - sanitised by nh3 just above


def plain(text: str | None) -> str:
    """The text without markup, for lists, e-mails, PDFs and the API's summaries."""
    if not text:
        return ""
    return " ".join(unescape(strip_tags(render(text))).split())
