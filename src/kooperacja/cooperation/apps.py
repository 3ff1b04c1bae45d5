from django.apps import AppConfig


class CooperationConfig(AppConfig):
    name = "kooperacja.cooperation"
    label = "cooperation"

    def ready(self) -> None:
        from kooperacja.core import pagecache

        from .selectors import STATISTICS_MODELS, STATISTICS_TAG

        # the regional statistics are counted once per change of the rows they count (selectors.statistics_report)
        pagecache.watch(STATISTICS_TAG, *STATISTICS_MODELS)
