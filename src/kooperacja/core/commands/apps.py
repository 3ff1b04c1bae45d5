from django.apps import AppConfig


class CommandsConfig(AppConfig):
    name = "kooperacja.core.commands"
    label = "kooperacja_commands"
    verbose_name = "Kooperacja: polecenia"
