"""States and kinds of the participation app (labels in Polish, never shown as codes)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProcessKind(models.TextChoices):
    CONSULTATION = "consultation", _("konsultacje społeczne")
    PLEBISCITE = "plebiscite", _("plebiscyt")


class SubjectKind(models.TextChoices):
    PACKAGE = "package", _("pakiet usług")
    CALL = "call", _("ogłoszenie konkursu")
    BUILDING = "building", _("budynek / przestrzeń")
    PROGRAMME = "programme", _("program")
    FREE = "free", _("inny temat")


class ProcessState(models.TextChoices):
    DRAFT = "draft", _("projekt (niewidoczny dla mieszkańców)")
    PUBLISHED = "published", _("ogłoszony")
    REPORTED = "reported", _("zakończony, raport opublikowany")
    CANCELLED = "cancelled", _("odwołany")


class PhaseKind(models.TextChoices):
    INFORMATION = "information", _("informacja")
    SUBMISSIONS = "submissions", _("zbieranie uwag i propozycji")
    DISCUSSION = "discussion", _("dyskusja i warsztaty")
    VOTING = "voting", _("głosowanie")
    REPORT = "report", _("raport")


class Channel(models.TextChoices):
    ONLINE = "online", _("przez internet")
    PAPER = "paper", _("na papierze")
    EMAIL = "email", _("e-mailem")
    MEETING = "meeting", _("ustnie na spotkaniu")


class CommentState(models.TextChoices):
    VISIBLE = "visible", _("widoczna")
    HIDDEN = "hidden", _("ukryta przez moderatora")


class ProposalState(models.TextChoices):
    SUBMITTED = "submitted", _("czeka na odpowiedź")
    ACCEPTED = "accepted", _("uwzględniona")
    PARTLY = "partly", _("uwzględniona częściowo")
    REJECTED = "rejected", _("nieuwzględniona")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("jednokrotny wybór")
    MULTIPLE = "multiple", _("wielokrotny wybór")
    SCALE = "scale", _("skala 1–5")
    OPEN = "open", _("odpowiedź otwarta")


class CandidateState(models.TextChoices):
    PROPOSED = "proposed", _("zgłoszona, czeka na ocenę formalną")
    ACCEPTED = "accepted", _("dopuszczona do głosowania")
    REJECTED = "rejected", _("odrzucona")


class ResultsState(models.TextChoices):
    COUNTING = "counting", _("wyniki niepublikowane")
    PUBLISHED = "published", _("wyniki opublikowane")
    FINAL = "final", _("wyniki ostateczne")


class PaperBallotState(models.TextChoices):
    """Warsaw's vote-card statuses; `pending` waits for the coordinator."""

    PENDING = "pending", _("do rozstrzygnięcia przez koordynatora")
    VALID = "valid", _("ważna")
    PESEL_UNVERIFIED = "pesel_unverified", _("niezweryfikowany PESEL")
    NAME_MISMATCH = "name_mismatch", _("niezgodność imienia i nazwiska")
    INVALID = "invalid", _("nieważna")


class PaperProblem(models.TextChoices):
    NONE = "", _("brak")
    COLLISION = "collision", _("ta osoba już głosowała (kolizja z innym głosem)")
    PESEL = "pesel", _("PESEL nieprawidłowy albo osoba za młoda")
    CHOICES = "choices", _("nieprawidłowa liczba wyborów")


class AgeBand(models.TextChoices):
    UNDER_18 = "u18", _("poniżej 18 lat")
    B18_29 = "18-29", _("18–29 lat")
    B30_54 = "30-54", _("30–54 lata")
    B55 = "55+", _("55 lat i więcej")
    UNKNOWN = "?", _("wiek nieznany")
