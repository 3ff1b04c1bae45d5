from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "kooperacja.catalog"
    label = "catalog"
