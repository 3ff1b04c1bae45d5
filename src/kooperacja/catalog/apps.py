from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "kooperacja.catalog"
    label = "catalog"

    def ready(self) -> None:
        from kooperacja.core import pagecache

        from . import events  # noqa: F401  (registers the app's audit verbs)
        from .selectors import PUBLIC_TAG

        # the anonymous catalogue pages and the gmina filter from the cache (issue 15 §3): any write to these
        # models, in any process (a page, the worker, a command), makes them new
        pagecache.watch(PUBLIC_TAG, "catalog", "organisations.Organisation", "core.Territory")
