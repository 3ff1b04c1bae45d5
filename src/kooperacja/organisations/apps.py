from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "kooperacja.organisations"
    label = "organisations"

    def ready(self) -> None:
        from kooperacja.core import pagecache

        from . import events  # noqa: F401  (registers the app's audit verbs)
        from .selectors import PUBLIC_TAG

        # the anonymous organisation directory from the cache (issue 15 §3): any write to the registry makes it new
        pagecache.watch(PUBLIC_TAG, "organisations", "core.Territory")
