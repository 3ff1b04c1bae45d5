from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a person does for an organisation (a membership carries one role)."""

    MUNICIPAL_OFFICER = "municipal_officer", _("urzędnik JST")
    COMMISSION_MEMBER = "commission_member", _("członek komisji konkursowej")
    PES_STAFF = "pes_staff", _("pracownik PES / NGO")
    CONSORTIUM_COORDINATOR = "consortium_coordinator", _("koordynator konsorcjum")
    SOCIAL_WORKER = "social_worker", _("pracownik socjalny / członek zespołu kooperacji")
    TRAINER = "trainer", _("trener Szkoły Kooperacji")
    REGIONAL_ANALYST = "regional_analyst", _("analityk regionalny (ROPS)")


# Roles that may see personal data of beneficiaries: two-factor authentication is required for them.
ROLES_REQUIRING_2FA = frozenset({Role.SOCIAL_WORKER, Role.PES_STAFF, Role.CONSORTIUM_COORDINATOR})


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("oczekuje na akceptację")
    ACTIVE = "active", _("aktywne")
    REJECTED = "rejected", _("odrzucone")
    ENDED = "ended", _("zakończone")
