"""`kooperacja serve`: the platform on gunicorn (static files through WhiteNoise).

Gunicorn runs inside this process with the application preloaded: Django is set up once here, the URLconf (and
with it every view module) and the templates' engine are loaded before the workers fork, and the workers start
with all of it in memory. Before, the command exec'd a fresh `python -m gunicorn`, which set Django up again in
the master and then once more in every worker, on the first request (the second `make demo` start spent most of
its time there: docs/performance.md). Database and cache connections opened here are closed before the fork, so
no worker shares a socket with another.
"""

from __future__ import annotations

import contextlib
import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


def warm_up() -> None:
    """Import what the first request would: the URLconf with every view, the template engines; then drop the
    connections this process opened (a forked worker must not inherit them)."""
    from django.core.cache import caches
    from django.db import connections
    from django.template import TemplateDoesNotExist, engines
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every urls.py and the views they name
    for engine in engines.all():
        with contextlib.suppress(TemplateDoesNotExist):
            engine.get_template("base.html")  # the layout every page extends, compiled once (cached loader)
    connections.close_all()
    caches.close_all()


def gunicorn_options(bind: str, workers: int, forwarded_allow_ips: str) -> dict[str, Any]:
    return {
        "bind": bind,
        "workers": workers,
        "threads": 4,
        "accesslog": "-",
        "forwarded_allow_ips": forwarded_allow_ips,
        "preload_app": True,
    }


class Command(BaseCommand):
    help = "Uruchamia platformę na serwerze produkcyjnym gunicorn (pliki statyczne przez WhiteNoise)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("KOOPERACJA_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
        # The proxies whose X-Forwarded-Proto/-For gunicorn trusts (request.is_secure() behind nginx comes from it).
        parser.add_argument("--forwarded-allow-ips", default=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"))

    def handle(self, *args: object, **options: object) -> None:
        from gunicorn.app.base import BaseApplication

        from kooperacja.wsgi import application

        class Server(BaseApplication):  # type: ignore[misc]
            def __init__(self, config: dict[str, Any]) -> None:
                self.config = config
                super().__init__()

            def load_config(self) -> None:
                for key, value in self.config.items():
                    self.cfg.set(key, value)

            def load(self) -> Any:
                warm_up()
                return application

        self.stdout.write(f"Kooperacja: http://{options['bind']}/  (baza: {settings.DATABASES['default']['ENGINE']})")
        self.stdout.flush()
        Server(
            gunicorn_options(str(options["bind"]), int(str(options["workers"])), str(options["forwarded_allow_ips"]))
        ).run()
