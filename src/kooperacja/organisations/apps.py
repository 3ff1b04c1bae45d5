from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "kooperacja.organisations"
    label = "organisations"
