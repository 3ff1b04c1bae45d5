from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kooperacja.accounts"
    label = "accounts"

    def ready(self) -> None:
        from . import events  # noqa: F401  (registers the app's audit verbs)
