from django.db import models
from django.utils.translation import gettext_lazy as _


class TerritoryKind(models.TextChoices):
    VOIVODESHIP = "voivodeship", _("województwo")
    POWIAT = "powiat", _("powiat")
    GMINA = "gmina", _("gmina")
    GMINA_PART = "gmina_part", _("część gminy / dzielnica")


class GminaType(models.TextChoices):
    """The TERC `RODZ` digit (DOMAIN.md D)."""

    URBAN = "1", _("gmina miejska")
    RURAL = "2", _("gmina wiejska")
    URBAN_RURAL = "3", _("gmina miejsko-wiejska")
    TOWN_IN_URBAN_RURAL = "4", _("miasto w gminie miejsko-wiejskiej")
    RURAL_AREA_OF_URBAN_RURAL = "5", _("obszar wiejski w gminie miejsko-wiejskiej")
    DISTRICT_WARSAW = "8", _("dzielnica m.st. Warszawy")
    CITY_DELEGATION = "9", _("delegatura miasta")


class AccessAction(models.TextChoices):
    VIEW = "view", _("wyświetlenie")
    EXPORT = "export", _("eksport")
    PRINT = "print", _("wydruk")


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", _("czeka w kolejce")
    RUNNING = "running", _("trwa")
    DONE = "done", _("zakończony")
    FAILED = "failed", _("przerwany błędem")
