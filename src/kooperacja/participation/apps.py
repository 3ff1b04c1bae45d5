from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "kooperacja.participation"
    label = "participation"
