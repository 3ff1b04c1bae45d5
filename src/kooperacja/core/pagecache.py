"""Public anonymous pages from the cache, invalidated on write (issue 15 §3: ≥ 40 % of a bare Django view).

The same generations keep computed values (`remembered`): e.g. the regional statistics, whose grouped queries
cost grows with the number of referrals, are computed once per generation of the "cooperation-statistics" tag.

A page is cached per path, query string, language and htmx flag, under the *generation* of the tags it
depends on ("catalog", "organisations", "commissioning"). `watch(tag, "app.Model", …)` bumps a tag's generation
when a row of one of those models is saved or deleted (or an m2m of it changes): at once and again after the
commit. A bumped generation makes every key of the old one unreachable; old entries expire by their timeout.

What is cached and when:
- only GET/HEAD of an anonymous visitor without a session or messages cookie (nothing personal on the page, no
  flash message that would be shown to the next visitor), only a 200 HTML response;
- the per-visitor CSRF token that base.html writes into the page is swapped on every hit: the body is stored
  with a placeholder and each visitor gets their own token (and cookie) as from a rendered page.
Limits, on purpose:
- writes that bypass model signals (`QuerySet.update`, `bulk_create`, e.g. the free places of a service set by
  delivery under a row lock, or the synthetic region) reach the page when its entry expires: `TIMEOUT` seconds;
- with the default per-process memory cache each gunicorn process has its own entries and generations, so
  another process may serve a page up to `TIMEOUT` seconds old; with `REDIS_URL` (docs/scale.md) all processes
  and servers share them and a write invalidates everywhere at once.
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers

from .signals import on_write

TIMEOUT = 60
PREFIX = "pagecache"
_PLACEHOLDER = b"\x00kooperacja-csrf\x00"
# base.html: <body hx-headers='{"X-CSRFToken": "<masked token>"}'>; {% csrf_token %} writes the same value
_TOKEN = re.compile(rb'"X-CSRFToken": "([A-Za-z0-9]{32,64})"')


View = Callable[..., HttpResponse]
T = TypeVar("T")


def _gen_key(tag: str) -> str:
    return f"{PREFIX}:gen:{tag}"


def generation(*tags: str) -> str:
    """The current generation of the tags, as one string (part of a cache key)."""
    keys = [_gen_key(t) for t in tags]
    found = cache.get_many(keys)
    missing = {k: str(time.time_ns()) for k in keys if k not in found}
    if missing:
        cache.set_many(missing, None)
        found.update(missing)
    return ".".join(str(found[k]) for k in keys)


def bump(*tags: str) -> None:
    """New generations for the tags: every page cached under the old ones is out of date."""
    cache.set_many({_gen_key(t): str(time.time_ns()) for t in tags}, None)


def _bump_on_write(tag: str) -> None:
    """At once (the writing request, and a test inside its rolled-back transaction, read their own write) and
    again after the commit (a page another request rendered meanwhile from the old rows is not reused)."""
    bump(tag)
    transaction.on_commit(lambda: bump(tag))  # outside a transaction: at once


def watch(tag: str, *labels: str) -> None:
    """Bump `tag` whenever a row of one of the models is written; idempotent.

    A label is "app_label.Model" or a bare "app_label" for every model of that app.
    """
    models = []
    for label in labels:
        if "." in label:
            models.append(apps.get_model(label))
        else:
            models.extend(apps.get_app_config(label).get_models())
    for model in models:
        label = model._meta.label

        def handler(*args: Any, _tag: str = tag, **kwargs: Any) -> None:
            _bump_on_write(_tag)

        on_write(handler, model, f"pagecache:{tag}:{label}")


def remembered(tags: tuple[str, ...], key: str, compute: Callable[[], T], timeout: int = TIMEOUT) -> T:
    """`compute()`'s value from the cache under the generation of `tags` (a write to a watched model makes the
    next call compute it again); computed and stored when missing. `key` names the value within the tags (and
    carries whatever else it depends on, e.g. today's date). The value must pickle and must not be None."""
    full = f"{PREFIX}:value:{generation(*tags)}:{key}"
    value = cache.get(full)
    if value is None:
        value = compute()
        cache.set(full, value, timeout)
    return value  # type: ignore[no-any-return]


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in {"GET", "HEAD"} or request.user.is_authenticated:
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def public_page(*tags: str, timeout: int = TIMEOUT) -> Callable[[View], View]:
    """View decorator: serve anonymous visitors from the cache under the generation of `tags`."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not _cacheable_request(request):
                return view(request, *args, **kwargs)
            htmx = "1" if request.headers.get("HX-Request") else "0"
            language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
            key = f"{PREFIX}:page:{generation(*tags)}:{language}:{htmx}:{request.get_full_path()}"
            hit = cache.get(key)
            if hit is not None:
                content_type, body = hit
                token = get_token(request).encode()  # this visitor's token; the middleware sets the cookie
                response = HttpResponse(body.replace(_PLACEHOLDER, token), content_type=content_type)
            else:
                response = view(request, *args, **kwargs)
                _store(request, response, key, timeout)
            patch_vary_headers(response, ("Cookie", "HX-Request"))
            return response

        return wrapped

    return decorator


def _store(request: HttpRequest, response: HttpResponse, key: str, timeout: int) -> None:
    if response.status_code != 200 or response.streaming or response.cookies:
        return
    content_type = response.get("Content-Type", "")
    if not content_type.startswith("text/html"):
        return
    body = response.content
    rendered = _TOKEN.search(body)
    if rendered is None:  # base.html always writes the token: a page without it is not one we know how to serve
        return
    cache.set(key, (content_type, body.replace(rendered.group(1), _PLACEHOLDER)), timeout)
