from django.apps import AppConfig


class CooperationConfig(AppConfig):
    name = "kooperacja.cooperation"
    label = "cooperation"
