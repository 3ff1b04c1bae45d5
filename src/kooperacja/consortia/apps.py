from django.apps import AppConfig


class ConsortiaConfig(AppConfig):
    name = "kooperacja.consortia"
    label = "consortia"
