"""States and kinds of the consortium app (Polish labels)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsortiumStatus(models.TextChoices):
    ACTIVE = "active", _("działa")
    DISSOLVED = "dissolved", _("rozwiązane")


class Majority(models.TextChoices):
    """How many votes "for" a resolution needs (counted among member votes, one vote per member)."""

    SIMPLE = "simple", _("zwykła (więcej głosów za niż przeciw)")
    ABSOLUTE = "absolute", _("bezwzględna (ponad połowa oddanych głosów)")
    TWO_THIRDS = "two_thirds", _("kwalifikowana 2/3 oddanych głosów")
    ALL_MEMBERS = "all_members", _("bezwzględna wszystkich uprawnionych członków")


class AllocationTransparency(models.TextChoices):
    ALL = "all", _("każdy członek widzi szczegóły podziału wszystkich członków")
    OWN = "own", _("członek widzi szczegóły tylko własnego przydziału (pozostałe w podsumowaniu)")


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("aktywny")
    SUSPENDED = "suspended", _("zawieszony")
    LEFT = "left", _("wystąpił")
    EXCLUDED = "excluded", _("wykluczony")


class MembershipChangeKind(models.TextChoices):
    FOUNDING = "founding", _("członek założyciel")
    ADMITTED = "admitted", _("przyjęty uchwałą")
    SUSPENDED = "suspended", _("zawieszony uchwałą")
    REINSTATED = "reinstated", _("przywrócony uchwałą")
    LEFT = "left", _("wystąpienie przyjęte uchwałą")
    EXCLUDED = "excluded", _("wykluczony uchwałą")


class BodyKind(models.TextChoices):
    GENERAL_MEETING = "general_meeting", _("zgromadzenie członków")
    BOARD = "board", _("zarząd")
    OFFICE = "office", _("biuro konsorcjum")


class SeatRole(models.TextChoices):
    CHAIR = "chair", _("przewodniczący/a")
    DEPUTY = "deputy", _("zastępca przewodniczącego")
    MEMBER = "member", _("członek")
    SECRETARY = "secretary", _("sekretarz")
    OFFICE_HEAD = "office_head", _("kierownik biura")
    ACCOUNTANT = "accountant", _("księgowy/a")
    ADVISOR = "advisor", _("doradca / mentor")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("zaplanowane")
    HELD = "held", _("odbyte")
    CANCELLED = "cancelled", _("odwołane")


class ResolutionKind(models.TextChoices):
    GENERAL = "general", _("sprawy ogólne")
    ADMIT_MEMBER = "admit_member", _("przyjęcie członka")
    SUSPEND_MEMBER = "suspend_member", _("zawieszenie członka")
    REINSTATE_MEMBER = "reinstate_member", _("przywrócenie członka")
    MEMBER_EXIT = "member_exit", _("wystąpienie członka")
    EXCLUDE_MEMBER = "exclude_member", _("wykluczenie członka")
    APPROVE_SPLIT = "approve_split", _("zatwierdzenie podziału zadań i budżetu")
    AMEND_AGREEMENT = "amend_agreement", _("zmiana umowy konsorcjum")


MEMBERSHIP_KINDS = frozenset(
    {
        ResolutionKind.ADMIT_MEMBER,
        ResolutionKind.SUSPEND_MEMBER,
        ResolutionKind.REINSTATE_MEMBER,
        ResolutionKind.MEMBER_EXIT,
        ResolutionKind.EXCLUDE_MEMBER,
    }
)
# Decided by the qualified majority of the agreement (`membership_majority`): membership and the agreement itself.
QUALIFIED_KINDS = MEMBERSHIP_KINDS | {ResolutionKind.AMEND_AGREEMENT}


class ResolutionStatus(models.TextChoices):
    DRAFT = "draft", _("projekt")
    VOTING = "voting", _("głosowanie trwa")
    ADOPTED = "adopted", _("podjęta")
    REJECTED = "rejected", _("niepodjęta")
    WITHDRAWN = "withdrawn", _("wycofana")


class VoteChoice(models.TextChoices):
    FOR = "for", _("za")
    AGAINST = "against", _("przeciw")
    ABSTAIN = "abstain", _("wstrzymuję się")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("projekt")
    PROPOSED = "proposed", _("przedłożony do uchwały")
    APPROVED = "approved", _("zatwierdzony")
    REJECTED = "rejected", _("odrzucony")
    SUPERSEDED = "superseded", _("zastąpiony nowszą wersją")


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("złożone")
    ACCEPTED = "accepted", _("przyjęte przez biuro")
    RETURNED = "returned", _("zwrócone do poprawy")


class SupportCategory(models.TextChoices):
    ACCOUNTING = "accounting", _("księgowość")
    LEGAL = "legal", _("sprawy prawne")
    HR = "hr", _("kadry i płace")
    FUNDRAISING = "fundraising", _("pozyskiwanie środków")
    OFFER_WRITING = "offer_writing", _("pisanie ofert")
    REPORTING = "reporting", _("sprawozdawczość")
    OTHER = "other", _("inne")


class SupportStatus(models.TextChoices):
    NEW = "new", _("nowe")
    IN_PROGRESS = "in_progress", _("w realizacji")
    WAITING = "waiting", _("czeka na członka")
    RESOLVED = "resolved", _("rozwiązane")
    CANCELLED = "cancelled", _("anulowane")


OPEN_SUPPORT = frozenset({SupportStatus.NEW, SupportStatus.IN_PROGRESS, SupportStatus.WAITING})


class IncubationStage(models.TextChoices):
    DIAGNOSIS = "diagnosis", _("diagnoza i pomysł")
    FORMALISATION = "formalisation", _("formalizacja i rejestracja")
    FIRST_SERVICE = "first_service", _("pierwsza usługa")
    MEMBERSHIP_READY = "membership_ready", _("gotowość do członkostwa")
    GRADUATED = "graduated", _("zakończona")


class DocumentKind(models.TextChoices):
    AGREEMENT = "agreement", _("umowa konsorcjum")
    RESOLUTION = "resolution", _("uchwała")
    MINUTES = "minutes", _("protokół")
    REPORT = "report", _("sprawozdanie")
    OTHER = "other", _("inny dokument")
