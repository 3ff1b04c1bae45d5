"""States and kinds of the commissioning app (Polish labels; legal basis in `rules_pl.py`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LotSector(models.TextChoices):
    SENIORS = "seniors", _("seniorzy")
    YOUTH = "youth", _("młodzież")
    CHILDREN_DAY_ROOM = "children_day_room", _("świetlica dla dzieci")
    HOMELESSNESS = "homelessness", _("przeciwdziałanie bezdomności (programy, mieszkania treningowe i wspomagane)")
    UNEMPLOYED = "unemployed", _("osoby bezrobotne")
    INCUBATOR = "incubator", _("inkubator NGO i PES")
    # the sectors of Model na więcej (`MODEL_NA_WIECEJ_SECTORS`)
    CARE = "care", _("usługi opiekuńcze")
    HEALTH = "health", _("zdrowie")
    TRANSPORT = "transport", _("transport i dowóz")
    RECYCLING = "recycling", _("recykling lokalny i naprawa")
    CLEANING = "cleaning", _("utrzymanie czystości i sprzątanie")
    OTHER = "other", _("inne")


# Model na więcej names these sectors besides the social services of the package (care, health, transport, local
# recycling and repair, cleaning); the catalogue's `ServiceCategory` has the same values, so a lot and the services
# that deliver it share the sector.
MODEL_NA_WIECEJ_SECTORS = (
    LotSector.CARE,
    LotSector.HEALTH,
    LotSector.TRANSPORT,
    LotSector.RECYCLING,
    LotSector.CLEANING,
)


class CallMode(models.TextChoices):
    OPP_OPEN = "opp_open", _("otwarty konkurs ofert (art. 11 i 13 OPP)")
    OPP_SMALL_GRANT = "opp_small_grant", _("mały grant (art. 19a OPP)")
    OPP_OWN_INITIATIVE = "opp_own_initiative", _("inicjatywa własna (art. 12 OPP)")
    PZP_SOCIAL = "pzp_social", _("zamówienie na usługi społeczne (art. 359 i nast. Pzp, w tym art. 361)")
    PZP_RESERVED = "pzp_reserved", _("zamówienie zastrzeżone (art. 94 Pzp)")


OPP_MODES = frozenset({CallMode.OPP_OPEN, CallMode.OPP_SMALL_GRANT, CallMode.OPP_OWN_INITIATIVE})
PZP_MODES = frozenset({CallMode.PZP_SOCIAL, CallMode.PZP_RESERVED})


class TaskForm(models.TextChoices):
    SUPPORT = "support", _("wspieranie (dotacja współfinansuje zadanie)")
    ENTRUST = "entrust", _("powierzanie (dotacja finansuje całość zadania)")


class CallState(models.TextChoices):
    DRAFT = "draft", _("projekt")
    PUBLISHED = "published", _("opublikowane – nabór ofert")
    CLOSED = "closed", _("nabór zamknięty")
    FORMAL_REVIEW = "formal_review", _("ocena formalna")
    COMMISSION_OPINION = "commission_opinion", _("opiniowanie przez komisję")
    DECIDED = "decided", _("rozstrzygnięte przez organ")
    RESULTS_PUBLISHED = "results_published", _("wyniki opublikowane")
    CONTRACTING = "contracting", _("zawieranie umów")
    ARCHIVED = "archived", _("zakończone")
    CANCELLED = "cancelled", _("unieważnione")
    # small grant (art. 19a) and own-initiative (art. 12) procedures
    SUBMITTED = "submitted", _("złożona przez organizację")
    PUBLISHED_FOR_COMMENT = "published_for_comment", _("opublikowana do uwag (7 dni)")
    COMMENTS_REVIEWED = "comments_reviewed", _("uwagi rozpatrzone")
    ASSESSED_POSITIVE = "assessed_positive", _("oceniona pozytywnie – organ zleci zadanie")
    REJECTED = "rejected", _("odrzucona")


class CancelReason(models.TextChoices):
    NO_OFFERS = "no_offers", _("nie złożono żadnej oferty (art. 18a ust. 1 pkt 1 OPP)")
    NONE_COMPLIANT = "none_compliant", _("żadna oferta nie spełnia wymogów (art. 18a ust. 1 pkt 2 OPP)")
    OTHER = "other", _("inna przyczyna wskazana w ogłoszeniu")


class PublicationChannel(models.TextChoices):
    BIP = "bip", _("Biuletyn Informacji Publicznej")
    NOTICE_BOARD = "notice_board", _("tablica ogłoszeń urzędu")
    WEBSITE = "website", _("strona internetowa organu")


class OfferState(models.TextChoices):
    DRAFT = "draft", _("wersja robocza")
    SUBMITTED = "submitted", _("złożona")
    WITHDRAWN = "withdrawn", _("wycofana")
    CORRECTION_REQUESTED = "correction_requested", _("wezwanie do uzupełnienia")
    FORMALLY_REJECTED = "formally_rejected", _("odrzucona formalnie")
    ELIGIBLE = "eligible", _("poprawna formalnie")
    SCORED = "scored", _("oceniona")
    SELECTED = "selected", _("wybrana – dotacja przyznana")
    NOT_SELECTED = "not_selected", _("niewybrana")
    UPDATE_REQUIRED = "update_required", _("wymaga aktualizacji (niższa kwota)")
    ACCEPTED = "accepted", _("przyjęta do realizacji")
    DECLINED = "declined", _("oferent zrezygnował")
    CONTRACT_SIGNED = "contract_signed", _("umowa podpisana")
    # small grant
    PUBLISHED_FOR_COMMENT = "published_for_comment", _("opublikowana do uwag")
    REJECTED = "rejected", _("odrzucona")


class PartnerRole(models.TextChoices):
    LEAD = "lead", _("lider (reprezentuje oferentów)")
    PARTNER = "partner", _("partner")


class CostCategory(models.TextChoices):
    TASK = "task", _("koszty realizacji działań")
    ADMIN = "admin", _("koszty administracyjne")
    OTHER = "other", _("inne koszty")


class CommissionRole(models.TextChoices):
    AUTHORITY = "authority", _("przedstawiciel organu")
    NGO_NOMINEE = "ngo_nominee", _("osoba wskazana przez organizacje pozarządowe")
    EXPERT = "expert", _("ekspert (głos doradczy)")


class ContractState(models.TextChoices):
    DRAFT = "draft", _("projekt umowy")
    SIGNED = "signed", _("podpisana")
    IN_DELIVERY = "in_delivery", _("w realizacji")
    REPORTING = "reporting", _("rozliczanie")
    SETTLED = "settled", _("rozliczona")
    RETURN_DEMANDED = "return_demanded", _("wezwanie do zwrotu dotacji")
    TERMINATED = "terminated", _("rozwiązana")


class OfferUpdateState(models.TextChoices):
    """The updated budget and schedule after a lower award (aktualizacja oferty)."""

    SUBMITTED = "submitted", _("złożona – czeka na decyzję urzędu")
    ACCEPTED = "accepted", _("przyjęta")
    RETURNED = "returned", _("zwrócona do poprawy")


class ChangeRequestState(models.TextChoices):
    """A change request during the contract (wniosek o zmianę)."""

    SUBMITTED = "submitted", _("złożony – czeka na decyzję urzędu")
    APPROVED = "approved", _("zatwierdzony")
    REJECTED = "rejected", _("odrzucony")


class ReportKind(models.TextChoices):
    PARTIAL = "partial", _("sprawozdanie częściowe")
    YEARLY = "yearly", _("sprawozdanie roczne (umowa wieloletnia)")
    FINAL = "final", _("sprawozdanie końcowe")


class ReportState(models.TextChoices):
    DRAFT = "draft", _("wersja robocza")
    SUBMITTED = "submitted", _("złożone")
    CORRECTIONS_REQUESTED = "corrections_requested", _("wezwanie do poprawek")
    ACCEPTED = "accepted", _("przyjęte")
    RETURN_DEMANDED = "return_demanded", _("wezwanie do zwrotu dotacji")


class ClauseKind(models.TextChoices):
    ART_94 = "art94", _("zamówienie zastrzeżone (art. 94 Pzp)")
    ART_95 = "art95", _("wymóg zatrudnienia na umowę o pracę (art. 95 Pzp)")
    ART_96 = "art96", _("wymagania związane z zatrudnieniem (art. 96 Pzp)")
    ART_242 = "art242", _("kryterium społeczne / dostępności (art. 242 ust. 2 Pzp)")
    ART_361 = "art361", _("zastrzeżenie usług społecznych (art. 361 Pzp)")
    ART_58 = "art58", _("wykonawcy wspólnie ubiegający się (art. 58 Pzp)")
    # the same helper for OPP competitions (Model na więcej: social clauses in commissioning social services)
    OPP_CONDITIONS = (
        "opp13",
        _("zatrudnienie osób z grup zagrożonych wykluczeniem jako warunek realizacji (art. 13 OPP)"),
    )
    OPP_CRITERION = "opp15", _("kryterium społeczne w ogłoszeniu konkursu (art. 15 ust. 1 OPP)")
    OPP_JOINT = "opp14", _("oferta wspólna z podmiotem ekonomii społecznej (art. 14 ust. 2 OPP)")


PZP_CLAUSE_KINDS = frozenset(
    {ClauseKind.ART_94, ClauseKind.ART_95, ClauseKind.ART_96, ClauseKind.ART_242, ClauseKind.ART_361, ClauseKind.ART_58}
)
OPP_CLAUSE_KINDS = frozenset({ClauseKind.OPP_CONDITIONS, ClauseKind.OPP_CRITERION, ClauseKind.OPP_JOINT})


class QualificationResult(models.TextChoices):
    """The outcome of qualifying a contractor in a Pzp procedure (art. 108, 109, 112 Pzp)."""

    QUALIFIED = "qualified", _("zakwalifikowany – oferta przechodzi do oceny")
    EXCLUDED = "excluded", _("wykluczony lub niespełniający warunków – oferta odrzucona")


class ProgrammeState(models.TextChoices):
    DRAFT = "draft", _("projekt")
    CONSULTATION = "consultation", _("projekt w konsultacjach")
    ADOPTED = "adopted", _("uchwalony przez radę")


class CooperationForm(models.TextChoices):
    """Forms of cooperation with NGOs, art. 5 ust. 2 OPP (the programme names those it uses)."""

    COMMISSIONING = "commissioning", _("zlecanie realizacji zadań publicznych (art. 5 ust. 2 pkt 1 OPP)")
    INFORMATION = "information", _("wzajemne informowanie się o planowanych kierunkach działalności (pkt 2)")
    CONSULTATION = "consultation", _("konsultowanie projektów aktów normatywnych (pkt 3 i 3a)")
    JOINT_TEAMS = "joint_teams", _("wspólne zespoły o charakterze doradczym i inicjatywnym (pkt 4)")
    LOCAL_INITIATIVE = "local_initiative", _("umowy o wykonanie inicjatywy lokalnej (pkt 5)")
    PARTNERSHIP = "partnership", _("umowy partnerskie i porozumienia (pkt 6)")


class DiagnosisBasis(models.TextChoices):
    """What the diagnosis of local needs behind a package is (its legal basis is shown with the label)."""

    CUS = (
        "cus",
        _(
            "diagnoza potrzeb i potencjału wspólnoty do programu usług społecznych "
            "(ustawa o realizowaniu usług społecznych przez centrum usług społecznych)"
        ),
    )
    STRATEGY = (
        "strategy",
        _(
            "diagnoza sytuacji społecznej w strategii rozwiązywania problemów społecznych "
            "(art. 16b ust. 2 pkt 1 ustawy o pomocy społecznej)"
        ),
    )
    OZPS = "ozps", _("ocena zasobów pomocy społecznej (art. 16a ustawy o pomocy społecznej)")
    OTHER = "other", _("inne badanie potrzeb")


class NeedSource(models.TextChoices):
    """Where a need found by the diagnosis comes from."""

    SURVEY = "survey", _("badanie ankietowe")
    SERVICE_DATA = "service_data", _("dane ośrodka pomocy społecznej lub centrum usług społecznych")
    CONSULTATION = "consultation", _("konsultacje społeczne")
    STATISTICS = "statistics", _("dane statystyczne (GUS, urząd pracy, szkoły)")
    INTERVIEWS = "interviews", _("wywiady i grupy fokusowe")
    PARTNERS = "partners", _("informacje organizacji i instytucji partnerskich")
    OTHER = "other", _("inne")
