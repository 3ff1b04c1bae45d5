"""States and kinds of the learning app, with their Polish labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MaterialKind(models.TextChoices):
    DOCUMENT = "document", _("dokument")
    LINK = "link", _("odnośnik")
    VIDEO = "video", _("film")
    TEMPLATE = "template", _("wzór dokumentu")


class Audience(models.TextChoices):
    ALL = "all", _("wszyscy")
    SOCIAL_WORKERS = "social_workers", _("pracownicy socjalni")
    PZK = "pzk", _("członkowie zespołów kooperacji")
    PES = "pes", _("pracownicy PES i NGO")
    OFFICERS = "officers", _("urzędnicy JST")
    TRAINERS = "trainers", _("trenerzy")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("publiczny – dla każdego")
    LOGGED_IN = "logged_in", _("dla zalogowanych")
    VERIFIED = "verified", _("tylko zweryfikowane instytucje")
    GROUPS = "groups", _("wybrane rodzaje instytucji lub role")
    COHORT = "cohort", _("wskazana grupa szkoleniowa")


class GrantKind(models.TextChoices):
    LEGAL_FORM = "legal_form", _("rodzaj instytucji")
    ROLE = "role", _("rola")
    TEAM = "team", _("członkowie zespołu kooperacji")


class Language(models.TextChoices):
    PL = "pl", _("polski")
    EN = "en", _("angielski")
    UK = "uk", _("ukraiński")
    BE = "be", _("białoruski")


class CourseState(models.TextChoices):
    DRAFT = "draft", _("w przygotowaniu")
    PUBLISHED = "published", _("opublikowane")
    CLOSED = "closed", _("zakończone")


class EnrolmentMode(models.TextChoices):
    OPEN = "open", _("zapis otwarty")
    APPLICATION = "application", _("zgłoszenie z akceptacją trenera")
    COHORT = "cohort", _("przydział grupy szkoleniowej")


class EnrolmentState(models.TextChoices):
    APPLIED = "applied", _("zgłoszenie czeka na decyzję")
    WAITLISTED = "waitlisted", _("lista rezerwowa")
    ENROLLED = "enrolled", _("zapisany(-a)")
    COMPLETED = "completed", _("ukończone")
    REJECTED = "rejected", _("odrzucone")
    CANCELLED = "cancelled", _("zrezygnowano")


class SessionState(models.TextChoices):
    PLANNED = "planned", _("zaplanowane")
    HELD = "held", _("odbyte")
    CANCELLED = "cancelled", _("odwołane")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("obecny(-a)")
    ABSENT = "absent", _("nieobecny(-a)")
    EXCUSED = "excused", _("usprawiedliwiony(-a)")


class CertificateState(models.TextChoices):
    VALID = "valid", _("ważne")
    REVOKED = "revoked", _("unieważnione")
    RENEWED = "renewed", _("zastąpione nowym")


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("zaplanowane")
    HELD = "held", _("odbyte")
    CANCELLED = "cancelled", _("odwołane")
