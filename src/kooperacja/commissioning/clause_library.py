"""The default library of social-clause templates (loaded by migration 0002; administrators edit it in the admin)."""

DEFAULT_CLAUSES = [
    (
        "art94",
        "Zamówienie zastrzeżone dla podmiotów integracji społecznej",
        "art. 94 ust. 1 i 2 Pzp",
        "Zamawiający zastrzega, że o udzielenie zamówienia mogą ubiegać się wyłącznie wykonawcy, o których mowa "
        "w art. 94 ust. 1 Pzp (m.in. zakłady pracy chronionej, spółdzielnie socjalne i wykonawcy, których głównym "
        "celem jest społeczna i zawodowa integracja osób społecznie marginalizowanych), pod warunkiem że co najmniej "
        "{percent}% osób zatrudnionych przez wykonawcę stanowią osoby należące do grup: {groups}. Wykonawca "
        "potwierdza spełnienie warunku oświadczeniem i wykazem osób (bez danych osobowych).",
    ),
    (
        "art95",
        "Wymóg zatrudnienia na podstawie umowy o pracę",
        "art. 95 ust. 1 i 2 Pzp",
        "Zamawiający wymaga zatrudnienia przez wykonawcę lub podwykonawcę na podstawie stosunku pracy osób "
        "wykonujących następujące czynności: {activities}. Sposób weryfikacji: {evidence}. Zamawiający jest uprawniony "
        "do kontroli spełniania wymogu, w szczególności żądania oświadczeń i dokumentów. Za niespełnienie wymogu "
        "wykonawca zapłaci karę umowną w wysokości {penalty} za każdą osobę.",
    ),
    (
        "art96",
        "Zatrudnienie osób z grup zagrożonych wykluczeniem",
        "art. 96 ust. 2 pkt 2 Pzp",
        "Zamawiający wymaga, aby wykonawca przy realizacji zamówienia zatrudnił {people} osoby/osób należące do "
        "grup: {groups}, na okres co najmniej {months} miesięcy, w wymiarze co najmniej 1/2 etatu. Wykonawca "
        "przedstawi zamawiającemu w terminie 14 dni od zatrudnienia oświadczenie potwierdzające spełnienie wymogu.",
    ),
    (
        "art242",
        "Kryterium aspektów społecznych",
        "art. 242 ust. 2 pkt 1 i 2 Pzp",
        "Kryterium „aspekty społeczne” – waga {weight}%. Sposób oceny: {formula}. Punkty przyznaje się na podstawie "
        "oświadczenia wykonawcy złożonego w ofercie; zobowiązanie staje się elementem umowy.",
    ),
    (
        "art361",
        "Zastrzeżenie zamówienia na usługi społeczne",
        "art. 361 ust. 1 i 2 Pzp",
        "Zamawiający zastrzega, że o udzielenie zamówienia na usługi: {services} mogą ubiegać się wyłącznie "
        "wykonawcy, którzy łącznie spełniają warunki art. 361 ust. 2 Pzp: 1) ich celem jest realizacja zadań w "
        "zakresie użyteczności publicznej związanych ze świadczeniem tych usług i społeczna i zawodowa integracja "
        "osób, o których mowa w art. 94 ust. 1; 2) zyski są reinwestowane w celu osiągnięcia tego celu; "
        "3) struktura zarządzania lub własności opiera się na własności pracowniczej lub zasadach partycypacji; "
        "4) nie udzielono im przez tego zamawiającego zamówienia na te usługi w ciągu ostatnich 3 lat. "
        "Umowa zostanie zawarta na okres {years} lat/lata (nie dłużej niż 3 lata).",
    ),
    (
        "art58",
        "Wykonawcy wspólnie ubiegający się o zamówienie (konsorcjum)",
        "art. 58 Pzp",
        "Wykonawcy mogą wspólnie ubiegać się o udzielenie zamówienia; ustanawiają pełnomocnika do reprezentowania "
        "ich w postępowaniu albo do reprezentowania i zawarcia umowy: {representative}. Zamawiający nie wymaga "
        "posiadania określonej formy prawnej przez konsorcjum. Wykonawcy ponoszą solidarną odpowiedzialność za "
        "wykonanie umowy.",
    ),
    # OPP competitions (Model na więcej: social clauses in commissioning social services, not only in Pzp)
    (
        "opp13",
        "Zatrudnienie osób z grup zagrożonych wykluczeniem jako warunek realizacji zadania",
        "art. 13 ust. 2 pkt 4 OPP",
        "Warunki realizacji zadania: oferent przy realizacji zadania zatrudni lub zaangażuje osoby należące do "
        "grup: {groups} (liczba osób: {people}) na okres co najmniej {months} mies. Oferent opisuje w ofercie "
        "sposób spełnienia warunku, a w sprawozdaniu wykazuje jego wykonanie (bez danych osobowych).",
    ),
    (
        "opp15",
        "Kryterium społeczne w konkursie ofert",
        "art. 15 ust. 1 pkt 3 OPP w zw. z art. 13 ust. 2 pkt 6 OPP",
        "Przy ocenie jakości wykonania zadania (art. 15 ust. 1 pkt 3 OPP) komisja przyznaje do {points} pkt "
        "za aspekty społeczne realizacji zadania. Sposób oceny: {formula}. Zobowiązanie oferenta staje się "
        "elementem umowy.",
    ),
    (
        "opp14",
        "Oferta wspólna z udziałem podmiotu ekonomii społecznej",
        "art. 14 ust. 2 i 3 OPP",
        "Organ dopuszcza złożenie oferty wspólnej przez dwie lub więcej organizacji (art. 14 ust. 2 OPP), w tym "
        "z udziałem podmiotu ekonomii społecznej ({representative}). Oferta wspólna wskazuje, jakie działania "
        "wykonają poszczególni oferenci i sposób ich reprezentacji wobec organu (art. 14 ust. 3 OPP).",
    ),
]
