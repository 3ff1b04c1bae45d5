"""Legal rules as data: every number, amount and deadline the app enforces, with the article it comes from.

`[?]` in DOMAIN.md marks defaults that could not be confirmed in a source; they are marked `confirmed=False`
here and shown to users as local practice rather than law.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Rule:
    value: Any
    basis: str
    text: str
    confirmed: bool = True

    def __str__(self) -> str:
        return f"{self.text} ({self.basis})"


# --- OPP: ustawa z dnia 24 kwietnia 2003 r. o działalności pożytku publicznego i o wolontariacie ---
OFFER_MIN_DAYS_AFTER_PUBLICATION = Rule(
    21, "art. 13 ust. 1 OPP", _("termin składania ofert nie krótszy niż 21 dni od dnia ostatniego ogłoszenia")
)
PUBLICATION_CHANNELS = Rule(
    ("bip", "notice_board", "website"),
    "art. 13 ust. 3 OPP",
    _("ogłoszenie zamieszcza się w BIP, na tablicy ogłoszeń i na stronie internetowej organu"),
)
FINAL_REPORT_DAYS = Rule(30, "art. 18 ust. 1 OPP", _("sprawozdanie końcowe w terminie 30 dni od zakończenia zadania"))
PARTIAL_REPORT_MIN_DAYS = Rule(
    30, "art. 18 ust. 2 OPP", _("sprawozdanie częściowe w terminie nie krótszym niż 30 dni od wezwania")
)
CONTRACT_MAX_YEARS = Rule(
    5, "art. 16 ust. 3 OPP", _("umowa na czas realizacji zadania lub na czas określony nie dłuższy niż 5 lat")
)
YEARLY_REPORT_DAYS = Rule(
    30,
    "art. 16 ust. 3 OPP; wzór umowy, rozporządzenie z 24.10.2018",
    _(
        "przy umowie wieloletniej sprawozdanie z realizacji zadania za każdy rok budżetowy "
        "w terminie 30 dni od jego zakończenia"
    ),
    confirmed=False,
)
PROGRAMME_ADOPTION = Rule(
    (11, 30),  # month, day of the year before
    "art. 5a ust. 1 OPP",
    _(
        "rada uchwala, po konsultacjach z organizacjami pozarządowymi, roczny program współpracy do 30 listopada "
        "roku poprzedzającego (może też uchwalić program wieloletni)"
    ),
)
PROGRAMME_ELEMENTS = Rule(
    True,
    "art. 5a ust. 4 OPP",
    _(
        "program określa m.in. cele, formy współpracy, zadania priorytetowe, okres realizacji, wysokość środków "
        "planowanych, sposób oceny realizacji i przebieg konsultacji"
    ),
)
PROGRAMME_REPORT = Rule(
    (5, 31),  # month, day of the next year
    "art. 5a ust. 3 OPP",
    _("sprawozdanie z realizacji programu za rok poprzedni przedkłada się radzie i publikuje w BIP do 31 maja"),
)
# --- the needs behind a package: the diagnosis of local needs ---
NEEDS_DIAGNOSIS_CUS = Rule(
    True,
    "ustawa z 19 lipca 2019 r. o realizowaniu usług społecznych przez centrum usług społecznych (Dz.U. 2019 "
    "poz. 1818), rozdział 2",
    _(
        "program usług społecznych, przyjmowany przez radę gminy, określa usługi wynikające z potrzeb wspólnoty "
        "samorządowej; opiera się na diagnozie potrzeb i potencjału wspólnoty w zakresie usług społecznych"
    ),
)
NEEDS_DIAGNOSIS_STRATEGY = Rule(
    True,
    "art. 16b ust. 2 pkt 1 ustawy o pomocy społecznej",
    _(
        "strategia rozwiązywania problemów społecznych zawiera diagnozę sytuacji społecznej, w tym zdolności "
        "podmiotów ekonomii społecznej do realizacji usług społecznych"
    ),
)
SOCIAL_SERVICES_AREAS = Rule(
    True,
    "art. 2 ust. 1 ustawy o realizowaniu usług społecznych przez centrum usług społecznych",
    _(
        "usługi społeczne obejmują m.in. pomoc społeczną, promocję i ochronę zdrowia, wspieranie osób "
        "niepełnosprawnych, przeciwdziałanie bezrobociu i ochronę środowiska"
    ),
)
SMALL_GRANT_MAX = Rule(Decimal("10000.00"), "art. 19a ust. 1 OPP", _("dotacja w trybie małych grantów do 10 000 zł"))
SMALL_GRANT_MAX_DAYS = Rule(90, "art. 19a ust. 1 OPP", _("zadanie w trybie małych grantów trwa do 90 dni"))
SMALL_GRANT_PUBLISH_WORKING_DAYS = Rule(
    7, "art. 19a ust. 3 OPP", _("oferta publikowana w ciągu 7 dni roboczych od jej wpłynięcia")
)
SMALL_GRANT_COMMENT_DAYS = Rule(7, "art. 19a ust. 3 OPP", _("oferta publikowana na 7 dni w celu zgłaszania uwag"))
SMALL_GRANT_ORG_YEAR_CAP = Rule(
    Decimal("20000.00"), "art. 19a ust. 2 OPP", _("łącznie do 20 000 zł dla jednej organizacji w roku kalendarzowym")
)
SMALL_GRANT_BUDGET_SHARE = Rule(
    Decimal("20"), "art. 19a ust. 7 OPP", _("małe granty do 20% dotacji planowanych w roku budżetowym")
)
OWN_INITIATIVE_ASSESS_MONTHS = Rule(
    1, "art. 12 ust. 2 OPP", _("organ rozpatrza wniosek z inicjatywy własnej w terminie nieprzekraczającym 1 miesiąca")
)
OFFER_UPDATE_DAYS = Rule(
    14,
    "praktyka lokalna (regulamin konkursu)",
    _("aktualizacja harmonogramu i kosztorysu przy niższej dotacji: 7–14 dni"),
    confirmed=False,
)
OFFER_UPDATE_SUMS = Rule(
    True,
    "§ 1 ramowego wzoru umowy, załącznik nr 3 do rozporządzenia z 24.10.2018 (Dz.U. 2018 poz. 2057)",
    _(
        "zadanie realizuje się zgodnie z ofertą z uwzględnieniem aktualizacji opisu działań, harmonogramu i "
        "kosztorysu; dotacja w zaktualizowanym kosztorysie równa się przyznanej, a wymagany wkład własny zostaje"
    ),
    confirmed=False,
)
BUDGET_SHIFT_PERCENT = Rule(
    Decimal("10"),
    "§ 4 ust. 1 ramowego wzoru umowy, załącznik nr 3 do rozporządzenia z 24.10.2018 (Dz.U. 2018 poz. 2057)",
    _(
        "koszt finansowany z dotacji jest zgodny z umową, jeśli nie zwiększył się o więcej niż procent wpisany w "
        "umowie; większe przesunięcie wymaga zmiany umowy"
    ),
    confirmed=False,
)
ANNEX_WRITTEN_FORM = Rule(
    True,
    "art. 16 ust. 1 OPP w zw. z art. 77 § 1 Kodeksu cywilnego",
    _("umowę o realizację zadania zawiera się na piśmie, więc jej zmiana wymaga formy pisemnej (aneksu)"),
)
COMMISSION_NO_BIDDER_NOMINEES = Rule(
    True,
    "art. 15 ust. 2d OPP",
    _("w komisji nie mogą zasiadać osoby wskazane przez organizacje biorące udział w konkursie"),
)
AUTHORITY_DECIDES = Rule(True, "art. 15 ust. 2h OPP", _("wyboru ofert i wysokości dotacji dokonuje organ"))
REASONS_ON_REQUEST = Rule(True, "art. 15 ust. 2j OPP", _("każdy może żądać uzasadnienia wyboru lub odrzucenia oferty"))
JOINT_OFFER = Rule(2, "art. 14 ust. 2 OPP", _("ofertę wspólną składają co najmniej dwie organizacje"))
CANCELLATION = Rule(
    True, "art. 18a OPP", _("konkurs unieważnia się, gdy nie złożono ofert lub żadna nie spełnia wymogów")
)

# Contents of the announcement, art. 13 ust. 2 OPP: (field, label, point)
ANNOUNCEMENT_ELEMENTS: tuple[tuple[str, Any, str], ...] = (
    ("task_type", _("rodzaj zadania"), "art. 13 ust. 2 pkt 1 OPP"),
    ("funds_total", _("wysokość środków publicznych przeznaczonych na realizację zadania"), "art. 13 ust. 2 pkt 2 OPP"),
    ("award_rules", _("zasady przyznawania dotacji"), "art. 13 ust. 2 pkt 3 OPP"),
    ("delivery_start", _("termin realizacji zadania – początek"), "art. 13 ust. 2 pkt 4 OPP"),
    ("delivery_end", _("termin realizacji zadania – koniec"), "art. 13 ust. 2 pkt 4 OPP"),
    ("delivery_conditions", _("warunki realizacji zadania"), "art. 13 ust. 2 pkt 4 OPP"),
    ("offer_deadline", _("termin składania ofert"), "art. 13 ust. 2 pkt 5 OPP"),
    ("selection_procedure", _("tryb i kryteria stosowane przy wyborze ofert"), "art. 13 ust. 2 pkt 6 OPP"),
    ("selection_date", _("termin dokonania wyboru ofert"), "art. 13 ust. 2 pkt 6 OPP"),
    (
        "previous_tasks",
        _("zrealizowane w roku ogłoszenia i poprzednim zadania tego samego rodzaju i ich koszty"),
        "art. 13 ust. 2 pkt 7 OPP",
    ),
)

# Criteria of art. 15 ust. 1 OPP (name, point, max points, support-only)
OPP_CRITERIA: tuple[tuple[Any, str, int, bool], ...] = (
    (_("możliwość realizacji zadania przez oferenta"), "art. 15 ust. 1 pkt 1 OPP", 10, False),
    (_("kalkulacja kosztów w odniesieniu do zakresu rzeczowego"), "art. 15 ust. 1 pkt 2 OPP", 10, False),
    (_("jakość wykonania i kwalifikacje osób realizujących zadanie"), "art. 15 ust. 1 pkt 3 OPP", 10, False),
    (_("udział środków własnych lub z innych źródeł"), "art. 15 ust. 1 pkt 4 OPP", 5, True),
    (_("wkład osobowy i rzeczowy, w tym praca wolontariuszy"), "art. 15 ust. 1 pkt 5 OPP", 5, False),
    (_("rzetelność i terminowość rozliczenia wcześniejszych dotacji"), "art. 15 ust. 1 pkt 6 OPP", 5, False),
)

# Pzp default criteria (name, basis, weight %)
PZP_CRITERIA: tuple[tuple[Any, str, int], ...] = (
    (_("cena"), "art. 242 ust. 1 Pzp", 60),
    (_("aspekty społeczne – zatrudnienie osób z grup marginalizowanych"), "art. 242 ust. 2 pkt 2 Pzp", 20),
    (_("dostępność dla osób z niepełnosprawnościami"), "art. 242 ust. 2 pkt 1 Pzp", 20),
)

# --- Pzp: ustawa z dnia 11 września 2019 r. Prawo zamówień publicznych ---
PZP_THRESHOLD_PLN = Rule(Decimal("130000"), "art. 2 ust. 1 pkt 1 Pzp", _("ustawę stosuje się od 130 000 zł netto"))
PZP_EU_SOCIAL_THRESHOLD_EUR = Rule(
    Decimal("750000"), "art. 359 Pzp / dyrektywa 2014/24/UE art. 4", _("próg unijny dla usług społecznych: 750 000 EUR")
)
ART94_MIN_PERCENT = Rule(
    30,
    "art. 94 ust. 1 i 2 Pzp",
    _("co najmniej 30% zatrudnionych to osoby z grup wskazanych w art. 94"),
    confirmed=False,
)
ART361_HISTORY_YEARS = Rule(
    3,
    "art. 361 ust. 2 pkt 4 Pzp",
    _("wykonawca nie otrzymał od tego zamawiającego zamówienia na te usługi w ciągu ostatnich 3 lat"),
)
ART361_MAX_YEARS = Rule(3, "art. 361 ust. 3 Pzp", _("umowa zastrzeżona zawierana na okres do 3 lat"), confirmed=False)
ART361_CPV_CODES: tuple[str, ...] = (
    "75121000-0",
    "75122000-7",
    "75123000-4",
    "79622000-0",
    "79624000-4",
    "79625000-1",
    "80110000-8",
    "80300000-7",
    "80420000-4",
    "80430000-7",
    "80511000-9",
    "80520000-5",
    "80590000-6",
    "92500000-6",
    "92600000-7",
    "98133000-4",
    "98133110-8",
)
# "85000000-9 to 85323000-9": the range of health and social-work services
ART361_CPV_RANGE = ("85000000", "85323000")
ART94_GROUPS = (
    _("osoby z niepełnosprawnościami"),
    _("bezrobotni"),
    _("osoby poszukujące pracy, pozostające bez zatrudnienia"),
    _("osoby usamodzielniane opuszczające pieczę zastępczą"),
    _("osoby pozbawione wolności lub zwalniane z zakładów karnych"),
    _("osoby z zaburzeniami psychicznymi"),
    _("osoby bezdomne"),
    _("osoby wykluczone społecznie (ustawa o zatrudnieniu socjalnym)"),
)
ART96_GROUPS = (
    _("bezrobotni"),
    _("osoby poszukujące pracy"),
    _("osoby usamodzielniane opuszczające pieczę zastępczą"),
    _("młodociani (przygotowanie zawodowe)"),
    _("osoby z niepełnosprawnościami"),
    _("osoby, o których mowa w ustawie o zatrudnieniu socjalnym"),
    _("poszukujący pracy do 30. roku życia lub po 50. roku życia"),
)

# Attachments of an offer (local rule of the platform, shown on the form)
ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
ATTACHMENT_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def cpv_in_art361(code: str) -> bool:
    """True when the CPV code (with or without the check digit) is listed in art. 361 Pzp."""
    code = code.strip()
    main = code.split("-")[0]
    if not (len(main) == 8 and main.isdigit()):
        return False
    if any(main == c.split("-")[0] for c in ART361_CPV_CODES):
        return True
    low, high = ART361_CPV_RANGE
    return low <= main <= high


# --- Pzp: qualification of contractors before the evaluation (art. 108, 109, 112, 94, 361 Pzp) ---
# (code, what the officer confirms, article). Mandatory exclusion grounds: always checked.
PZP_EXCLUSIONS_MANDATORY: tuple[tuple[str, Any, str], ...] = (
    (
        "108_1",
        _("wykonawca (osoba fizyczna) nie został prawomocnie skazany za przestępstwo wymienione w przepisie"),
        "art. 108 ust. 1 pkt 1 Pzp",
    ),
    (
        "108_2",
        _("nikt z organów zarządzających lub nadzorczych, wspólników ani prokurentów nie został tak skazany"),
        "art. 108 ust. 1 pkt 2 Pzp",
    ),
    (
        "108_3",
        _("brak zaległości podatkowych i składkowych stwierdzonych prawomocnym wyrokiem lub ostateczną decyzją"),
        "art. 108 ust. 1 pkt 3 Pzp",
    ),
    ("108_4", _("nie orzeczono zakazu ubiegania się o zamówienia publiczne"), "art. 108 ust. 1 pkt 4 Pzp"),
    ("108_5", _("brak porozumienia zakłócającego konkurencję (zmowy)"), "art. 108 ust. 1 pkt 5 Pzp"),
    (
        "108_6",
        _("brak zakłócenia konkurencji przez udział wykonawcy w przygotowaniu postępowania"),
        "art. 108 ust. 1 pkt 6 Pzp",
    ),
)
# Optional exclusion grounds: checked only when the notice names them.
PZP_EXCLUSIONS_OPTIONAL: tuple[tuple[str, Any, str], ...] = (
    (
        "109_1",
        _("wykonawca nie naruszył obowiązków płatności podatków, opłat lub składek"),
        "art. 109 ust. 1 pkt 1 Pzp",
    ),
    (
        "109_4",
        _("wobec wykonawcy nie otwarto likwidacji ani nie ogłoszono upadłości"),
        "art. 109 ust. 1 pkt 4 Pzp",
    ),
    ("109_5", _("wykonawca nie naruszył poważnie obowiązków zawodowych"), "art. 109 ust. 1 pkt 5 Pzp"),
    ("109_6", _("brak konfliktu interesów, którego nie można usunąć"), "art. 109 ust. 1 pkt 6 Pzp"),
    (
        "109_7",
        _("wykonawca nie wykonał nienależycie wcześniejszej umowy w sprawie zamówienia publicznego"),
        "art. 109 ust. 1 pkt 7 Pzp",
    ),
    (
        "109_8",
        _("wykonawca nie wprowadził zamawiającego w błąd co do braku podstaw wykluczenia i spełniania warunków"),
        "art. 109 ust. 1 pkt 8 Pzp",
    ),
    (
        "109_9",
        _("wykonawca nie wpływał bezprawnie na czynności zamawiającego ani nie pozyskał informacji poufnych"),
        "art. 109 ust. 1 pkt 9 Pzp",
    ),
    (
        "109_10",
        _("wykonawca nie przedstawił przez niedbalstwo informacji wprowadzających w błąd"),
        "art. 109 ust. 1 pkt 10 Pzp",
    ),
)
# Conditions of participation the notice may set (art. 112 ust. 2 Pzp), each with the officer's description.
PZP_CONDITIONS: tuple[tuple[str, Any, str], ...] = (
    ("112_1", _("zdolność do występowania w obrocie gospodarczym"), "art. 112 ust. 2 pkt 1 Pzp"),
    ("112_2", _("uprawnienia do prowadzenia określonej działalności"), "art. 112 ust. 2 pkt 2 Pzp"),
    ("112_3", _("sytuacja ekonomiczna lub finansowa"), "art. 112 ust. 2 pkt 3 Pzp"),
    ("112_4", _("zdolność techniczna lub zawodowa"), "art. 112 ust. 2 pkt 4 Pzp"),
)
# The art. 361 ust. 2 conditions the officer confirms from the contractor's statute and documents (pkt 4, the
# 3-year history, is checked against the platform's own contracts).
ART361_CONDITIONS: tuple[tuple[str, Any, str], ...] = (
    (
        "361_1",
        _("celem wykonawcy jest realizacja zadań użyteczności publicznej związanych z tymi usługami"),
        "art. 361 ust. 2 pkt 1 Pzp",
    ),
    ("361_2", _("zyski wykonawcy są reinwestowane w celu osiągnięcia tego celu"), "art. 361 ust. 2 pkt 2 Pzp"),
    (
        "361_3",
        _("struktura zarządzania lub własności opiera się na własności pracowniczej lub zasadach partycypacji"),
        "art. 361 ust. 2 pkt 3 Pzp",
    ),
)
# Legal forms of the registry that art. 94 ust. 1 Pzp names or covers (a social cooperative; entities whose main aim
# is the social and professional integration of marginalised people: CIS, KIS, ZAZ).
ART94_LEGAL_FORMS = Rule(
    ("social_cooperative", "cis", "kis", "zaz"),
    "art. 94 ust. 1 Pzp",
    _(
        "o zamówienie zastrzeżone mogą ubiegać się zakłady pracy chronionej, spółdzielnie socjalne i wykonawcy, "
        "których głównym celem jest społeczna i zawodowa integracja osób społecznie marginalizowanych (np. CIS, "
        "KIS, ZAZ)"
    ),
)
ART94_SHARE_MAX_AGE_MONTHS = Rule(
    12,
    "praktyka lokalna (aktualność oświadczenia o zatrudnieniu)",
    _("dane o udziale zatrudnionych z grup art. 94 nie starsze niż 12 miesięcy przed terminem składania ofert"),
    confirmed=False,
)
# The criteria page: OPP criteria of art. 15 ust. 1 are all applied (pkt 4 only when supporting), the call may add
# its own; a Pzp call has price or cost (art. 242 ust. 1) and weights summing to 100.
OPP_CRITERIA_MANDATORY = Rule(
    True,
    "art. 15 ust. 1 OPP",
    _("organ ocenia każdą ofertę według kryteriów art. 15 ust. 1 pkt 1–6 (pkt 4 tylko przy wspieraniu zadania)"),
)
PZP_PRICE_CRITERION = Rule(
    True, "art. 242 ust. 1 Pzp", _("kryteriami oceny ofert są cena lub koszt albo cena lub koszt i inne kryteria")
)
PZP_WEIGHTS_TOTAL = Rule(Decimal("100"), "art. 242 Pzp", _("wagi kryteriów oceny ofert sumują się do 100%"))
PZP_OTHER_CRITERIA: tuple[tuple[Any, str], ...] = (
    (_("dostępność dla osób z niepełnosprawnościami"), "art. 242 ust. 2 pkt 1 Pzp"),
    (_("aspekty społeczne, w tym integracja zawodowa i społeczna"), "art. 242 ust. 2 pkt 2 Pzp"),
    (_("aspekty środowiskowe"), "art. 242 ust. 2 pkt 3 Pzp"),
    (_("aspekty innowacyjne"), "art. 242 ust. 2 pkt 4 Pzp"),
    (
        _("organizacja, kwalifikacje zawodowe i doświadczenie osób realizujących zamówienie"),
        "art. 242 ust. 2 pkt 5 Pzp",
    ),
    (_("serwis posprzedażny, pomoc techniczna, warunki dostawy"), "art. 242 ust. 2 pkt 6 Pzp"),
)
