from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kooperacja.accounts"
    label = "accounts"
