from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalForm(models.TextChoices):
    JST_OFFICE = "jst_office", _("urząd JST (gmina, powiat, województwo)")
    SOCIAL_ASSISTANCE_CENTRE = "ops", _("ośrodek pomocy społecznej (OPS/GOPS/MOPS)")
    PCPR = "pcpr", _("powiatowe centrum pomocy rodzinie (PCPR)")
    SOCIAL_SERVICES_CENTRE = "cus", _("centrum usług społecznych (CUS)")
    CRISIS_CENTRE = "crisis_centre", _("ośrodek interwencji kryzysowej")
    REGIONAL_SOCIAL_POLICY_CENTRE = "rops", _("regionalny ośrodek polityki społecznej (ROPS)")
    POLICE = "police", _("Policja")
    COURT = "court", _("sąd / kuratorska służba sądowa")
    SCHOOL = "school", _("szkoła / placówka oświatowa")
    CULTURE = "culture", _("instytucja kultury")
    ASSOCIATION = "association", _("stowarzyszenie")
    FOUNDATION = "foundation", _("fundacja")
    SOCIAL_COOPERATIVE = "social_cooperative", _("spółdzielnia socjalna")
    CIS = "cis", _("centrum integracji społecznej (CIS)")
    KIS = "kis", _("klub integracji społecznej (KIS)")
    ZAZ = "zaz", _("zakład aktywności zawodowej (ZAZ)")
    WTZ = "wtz", _("warsztat terapii zajęciowej (WTZ)")
    OTHER_PES = "other_pes", _("inny podmiot ekonomii społecznej")
    COMPANY = "company", _("przedsiębiorstwo")
    OTHER = "other", _("inna")


# Legal forms that are social-economy entities by the Social Economy Act 2022 (art. 2 pkt 5), ticked by default.
PES_LEGAL_FORMS = frozenset(
    {
        LegalForm.ASSOCIATION,
        LegalForm.FOUNDATION,
        LegalForm.SOCIAL_COOPERATIVE,
        LegalForm.CIS,
        LegalForm.KIS,
        LegalForm.ZAZ,
        LegalForm.WTZ,
        LegalForm.OTHER_PES,
    }
)

PUBLIC_LEGAL_FORMS = frozenset(
    {
        LegalForm.JST_OFFICE,
        LegalForm.SOCIAL_ASSISTANCE_CENTRE,
        LegalForm.PCPR,
        LegalForm.SOCIAL_SERVICES_CENTRE,
        LegalForm.CRISIS_CENTRE,
        LegalForm.REGIONAL_SOCIAL_POLICY_CENTRE,
        LegalForm.POLICE,
        LegalForm.COURT,
        LegalForm.SCHOOL,
        LegalForm.CULTURE,
    }
)


class ActivityArea(models.TextChoices):
    SENIORS = "seniors", _("seniorzy")
    YOUTH = "youth", _("młodzież")
    CHILDREN = "children", _("dzieci i świetlice")
    FAMILY = "family", _("wsparcie rodziny")
    HOMELESSNESS = "homelessness", _("przeciwdziałanie bezdomności")
    UNEMPLOYMENT = "unemployment", _("aktywizacja zawodowa")
    DISABILITY = "disability", _("osoby z niepełnosprawnościami")
    ADDICTION = "addiction", _("uzależnienia")
    VIOLENCE = "violence", _("przeciwdziałanie przemocy")
    CULTURE = "culture", _("kultura")
    EDUCATION = "education", _("edukacja")
    HEALTH = "health", _("zdrowie")
    INCUBATION = "incubation", _("wsparcie NGO i PES (inkubacja)")
    SOCIAL_ASSISTANCE = "social_assistance", _("pomoc społeczna")
    PUBLIC_SAFETY = "public_safety", _("bezpieczeństwo publiczne")


def roles_for_legal_form(legal_form: str) -> list[str]:
    """The roles a person can hold in an organisation of this legal form (the first one is the usual one)."""
    from kooperacja.accounts.enums import Role

    if legal_form == LegalForm.JST_OFFICE:
        return [Role.MUNICIPAL_OFFICER, Role.COMMISSION_MEMBER]
    if legal_form == LegalForm.REGIONAL_SOCIAL_POLICY_CENTRE:
        return [Role.REGIONAL_ANALYST, Role.TRAINER, Role.SOCIAL_WORKER]
    if legal_form in PES_LEGAL_FORMS:
        return [Role.PES_STAFF, Role.CONSORTIUM_COORDINATOR, Role.TRAINER, Role.COMMISSION_MEMBER]
    if legal_form in PUBLIC_LEGAL_FORMS:
        return [Role.SOCIAL_WORKER, Role.TRAINER]
    return [Role.PES_STAFF]
