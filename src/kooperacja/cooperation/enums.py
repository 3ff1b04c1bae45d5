"""Kinds and states of the Cooperation Model (Liderzy Kooperacji): teams, cases, programmes, referrals."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberLevel(models.TextChoices):
    GMINA = "gmina", _("gminny")
    POWIAT = "powiat", _("powiatowy")


class TeamFunction(models.TextChoices):
    ANIMATOR_GMINA = "animator_gmina", _("animator gminny")
    ANIMATOR_POWIAT = "animator_powiat", _("animator powiatowy")
    REPRESENTATIVE = "representative", _("przedstawiciel instytucji")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("zaplanowane")
    HELD = "held", _("odbyte")


class MeetingItemKind(models.TextChoices):
    DECISION = "decision", _("ustalenie")
    TASK = "task", _("zadanie")


class CaseKind(models.TextChoices):
    FAMILY = "family", _("rodzina")
    PERSON = "person", _("osoba")
    COMMUNITY = "community", _("środowisko")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("otwarta – diagnoza")
    PROGRAMME = "programme", _("realizacja programu (IPW)")
    CLOSED = "closed", _("zamknięta")


class CaseOutcome(models.TextChoices):
    ACHIEVED = "achieved", _("cele osiągnięte")
    PARTLY = "partly", _("cele osiągnięte częściowo")
    NOT_ACHIEVED = "not_achieved", _("cele nieosiągnięte")
    DROPPED = "dropped", _("rodzina zrezygnowała ze współpracy")


class CasePart(models.TextChoices):
    """The parts of a case that are shared separately (need-to-know)."""

    SUMMARY = "summary", _("podstawowe informacje")
    PERSONS = "persons", _("osoby i dane osobowe")
    DIAGNOSIS = "diagnosis", _("diagnoza")
    PROGRAMME = "programme", _("program (IPW) i koszyk usług")
    REFERRALS = "referrals", _("skierowania")


# Parts a consent may open for another institution (the summary travels with every referral).
SHAREABLE_PARTS = (CasePart.PERSONS, CasePart.DIAGNOSIS, CasePart.PROGRAMME)


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("projekt")
    AGREED = "agreed", _("uzgodniony z rodziną")
    CLOSED = "closed", _("zakończony")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("zaplanowane")
    IN_PROGRESS = "in_progress", _("w realizacji")
    DONE = "done", _("zrealizowane")
    NOT_DONE = "not_done", _("niezrealizowane")


class ReferralState(models.TextChoices):
    SENT = "sent", _("wysłane")
    ACCEPTED = "accepted", _("przyjęte")
    DECLINED = "declined", _("odrzucone")
    IN_PROGRESS = "in_progress", _("w realizacji")
    COMPLETED = "completed", _("zrealizowane")
    NOT_COMPLETED = "not_completed", _("niezrealizowane")


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("propozycja do zatwierdzenia")
    ACCEPTED = "accepted", _("zatwierdzona")
    REJECTED = "rejected", _("odrzucona")


# --- editing and ending (h6, issue 17): memberships, agreements, consents ---------------------------------------


class MembershipEnd(models.TextChoices):
    """How an institution's membership of the team (and its agreement) ended."""

    WITHDREW = "withdrew", _("wystąpienie instytucji z zespołu")
    TERMINATED = "terminated", _("wypowiedzenie porozumienia")
    MUTUAL = "mutual", _("rozwiązanie porozumienia za zgodą stron")
    EXPIRED = "expired", _("wygaśnięcie porozumienia (koniec okresu)")


class ConsentEnd(models.TextChoices):
    """Why a consent stopped sharing (the old version of a changed consent is kept, ended as replaced)."""

    WITHDRAWN = "withdrawn", _("wycofana przez rodzinę")
    PURPOSE_MET = "purpose_met", _("cel udostępnienia osiągnięty")
    REPLACED = "replaced", _("zastąpiona nową wersją")


# --- task teams and supervision (h6, issue 17) -------------------------------------------------------------------


class TaskTeamKind(models.TextChoices):
    TASK_TEAM = "task_team", _("zespół zadaniowy")
    DIAGNOSTIC = "diagnostic", _("grupa diagnostyczno-pomocowa")


class TaskTeamRole(models.TextChoices):
    LEAD = "lead", _("prowadzący")
    MEMBER = "member", _("członek")
