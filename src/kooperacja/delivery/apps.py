from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "kooperacja.delivery"
    label = "delivery"

    def ready(self) -> None:
        from . import events  # noqa: F401  (registers the app's audit verbs)
