from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "kooperacja.monitoring"
    label = "monitoring"
