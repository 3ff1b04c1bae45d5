from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "kooperacja.organisations"
    label = "organisations"

    def ready(self) -> None:
        from . import events  # noqa: F401  (registers the app's audit verbs)
