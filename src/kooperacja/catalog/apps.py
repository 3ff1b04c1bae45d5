from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "kooperacja.catalog"
    label = "catalog"

    def ready(self) -> None:
        from . import events  # noqa: F401  (registers the app's audit verbs)
