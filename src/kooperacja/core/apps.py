from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kooperacja.core"
    label = "core"
    verbose_name = _("Rdzeń platformy")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from .sqlite import install_unicode_like

        connection_created.connect(install_unicode_like, dispatch_uid="kooperacja-unicode-like")

        # each app's notifications.py registers which of its events notify whom (core.notifications)
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("notifications")

        # the options of the long selects of gminas, kept in the cache until TERYT changes (core.fields)
        from . import pagecache
        from .fields import CACHED_OPTIONS

        for label, tag in CACHED_OPTIONS.items():
            pagecache.watch(tag, label)
