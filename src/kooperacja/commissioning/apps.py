from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "kooperacja.commissioning"
    label = "commissioning"
