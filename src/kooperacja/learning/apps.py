from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "kooperacja.learning"
    label = "learning"
