from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "kooperacja.commissioning"
    label = "commissioning"

    def ready(self) -> None:
        from kooperacja.core import pagecache

        # the anonymous pages of calls from the cache (issue 15 §3): any write to the app's records or to an
        # organisation makes them new
        pagecache.watch(PUBLIC_TAG, "commissioning", "organisations.Organisation")


PUBLIC_TAG = "commissioning"  # the pagecache tag of the public calls pages
