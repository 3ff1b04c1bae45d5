from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "kooperacja.demo"
    label = "demo"
