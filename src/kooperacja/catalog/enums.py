"""Kinds and states of the services catalogue, and the art. 7 reasons for assistance (used by delivery, cooperation)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceCategory(models.TextChoices):
    SENIORS = "seniors", _("seniorzy (klub, dzienny dom)")
    YOUTH = "youth", _("młodzież")
    CHILDREN_DAY_ROOM = "children_day_room", _("świetlica dla dzieci")
    HOMELESSNESS = "homelessness", _("wychodzenie z bezdomności")
    HOUSING = "housing", _("mieszkania treningowe i wspomagane")
    UNEMPLOYED = "unemployed", _("aktywizacja osób bezrobotnych")
    INCUBATOR = "incubator", _("inkubator NGO i PES")
    FAMILY_SUPPORT = "family_support", _("wsparcie rodziny")
    ADDICTION = "addiction", _("uzależnienia")
    DISABILITY = "disability", _("osoby z niepełnosprawnościami")
    COUNSELLING = "counselling", _("poradnictwo")
    CULTURE = "culture", _("kultura i czas wolny")
    EDUCATION = "education", _("edukacja")
    # the sectors of Model na więcej (the same values as the lots' `commissioning.enums.LotSector`)
    CARE = "care", _("usługi opiekuńcze")
    HEALTH = "health", _("zdrowie")
    TRANSPORT = "transport", _("transport i dowóz")
    RECYCLING = "recycling", _("recykling lokalny i naprawa")
    CLEANING = "cleaning", _("utrzymanie czystości i sprzątanie")
    OTHER = "other", _("inne")


class TargetGroup(models.TextChoices):
    CHILDREN = "children", _("dzieci")
    YOUTH = "youth", _("młodzież")
    ADULTS = "adults", _("dorośli")
    SENIORS = "seniors", _("seniorzy")
    FAMILIES = "families", _("rodziny")
    DISABLED = "disabled", _("osoby z niepełnosprawnościami")
    HOMELESS = "homeless", _("osoby w kryzysie bezdomności")
    UNEMPLOYED = "unemployed", _("osoby bezrobotne")
    CARERS = "carers", _("opiekunowie")
    ORGANISATIONS = "organisations", _("organizacje i grupy nieformalne")


class AssistanceReason(models.TextChoices):
    """Reasons for granting social assistance, art. 7 ustawy o pomocy społecznej (multi-select)."""

    POVERTY = "poverty", _("ubóstwo")
    ORPHANHOOD = "orphanhood", _("sieroctwo")
    HOMELESSNESS = "homelessness", _("bezdomność")
    UNEMPLOYMENT = "unemployment", _("bezrobocie")
    DISABILITY = "disability", _("niepełnosprawność")
    ILLNESS = "illness", _("długotrwała lub ciężka choroba")
    DOMESTIC_VIOLENCE = "domestic_violence", _("przemoc domowa")
    TRAFFICKING = "trafficking", _("potrzeba ochrony ofiar handlu ludźmi")
    MOTHERHOOD_LARGE_FAMILY = "motherhood_large_family", _("potrzeba ochrony macierzyństwa lub wielodzietności")
    HELPLESSNESS = (
        "helplessness",
        _("bezradność w sprawach opiekuńczo-wychowawczych i prowadzenia gospodarstwa domowego"),
    )
    FOREIGNERS_INTEGRATION = "foreigners_integration", _("trudności w integracji cudzoziemców z ochroną")
    PRISON_RELEASE = "prison_release", _("trudności w przystosowaniu do życia po zwolnieniu z zakładu karnego")
    ADDICTION = "addiction", _("alkoholizm lub narkomania")
    CRISIS = "crisis", _("zdarzenie losowe i sytuacja kryzysowa")
    DISASTER = "disaster", _("klęska żywiołowa lub ekologiczna")


class ServiceStatus(models.TextChoices):
    DRAFT = "draft", _("szkic")
    ACTIVE = "active", _("aktywna")
    SUSPENDED = "suspended", _("zawieszona")
    ENDED = "ended", _("zakończona")


class AccessibilityFeature(models.TextChoices):
    STEP_FREE = "step_free", _("wejście bez schodów lub z podjazdem")
    LIFT = "lift", _("winda")
    ACCESSIBLE_TOILET = "accessible_toilet", _("toaleta dostosowana")
    INDUCTION_LOOP = "induction_loop", _("pętla indukcyjna")
    SIGN_LANGUAGE = "sign_language", _("tłumacz PJM na życzenie")
    PARKING = "parking", _("miejsce parkingowe dla osób z niepełnosprawnościami")
    ASSISTANCE_DOG = "assistance_dog", _("wstęp z psem asystującym")
    QUIET_ROOM = "quiet_room", _("pokój wyciszenia")


class CapacityUnit(models.TextChoices):
    WEEK = "week", _("tygodniowo")
    MONTH = "month", _("miesięcznie")
    YEAR = "year", _("rocznie")
