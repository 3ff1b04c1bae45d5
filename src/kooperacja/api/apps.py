from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "kooperacja.api"
    label = "api"
