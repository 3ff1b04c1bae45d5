"""Participation in Hajnówka: the consultation on the social concept of the revitalised building (its draft as a
PDF, followed by the resident, discussion phase, comments, two workshops, a survey with answers, a paper
submission), the plebiscite on the local motif (each motif with a sketch)
(voting open, ~200 votes online and on paper, one collision waiting for the coordinator), a finished
consultation with its published report and a finished plebiscite with final results (a tie resolved by a draw).

Everything goes through the participation services as SYSTEM (or as the demo users who take part). The
moderator is created here: `moderator@hajnowka.demo` (no role in an organisation, appointed by the town).
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone
from stdnum.pl import pesel as stdnum_pesel

from kooperacja.accounts.services import account_create
from kooperacja.core.actors import SYSTEM
from kooperacja.demo.context import DemoContext
from kooperacja.demo.people import demo_account
from kooperacja.participation import selectors, services
from kooperacja.participation.enums import Channel, PhaseKind, ProcessKind, QuestionKind, SubjectKind

MODERATOR_EMAIL = "moderator@hajnowka.demo"
VOTERS_ONLINE = 150
VOTERS_PAPER = 50
FIRST_NAMES = [
    "Anna",
    "Jan",
    "Maria",
    "Piotr",
    "Katarzyna",
    "Tomasz",
    "Agnieszka",
    "Paweł",
    "Ewa",
    "Michał",
    "Irena",
    "Mikołaj",
    "Nadia",
    "Aleksander",
    "Oksana",
    "Grzegorz",
]
LAST_NAMES = [
    "Kowalczuk",
    "Nazaruk",
    "Jakoniuk",
    "Wasiluk",
    "Bielska",
    "Sawicki",
    "Ostaszewska",
    "Łukaszuk",
    "Pietruczuk",
    "Romaniuk",
    "Kiryluk",
    "Dmitruk",
]


def _at(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def make_pesel(birth: date, serial: int) -> str:
    """A valid synthetic PESEL for the birth date (month coded by century) and a 4-digit serial."""
    month = birth.month + {1800: 80, 1900: 0, 2000: 20, 2100: 40, 2200: 60}[birth.year // 100 * 100]
    body = f"{birth.year % 100:02d}{month:02d}{birth.day:02d}{serial % 10000:04d}"
    return body + stdnum_pesel.calc_check_digit(body)


def seed(ctx: DemoContext) -> None:
    um = ctx.orgs["um_hajnowka"]
    hajnowka = um.territory
    today = ctx.today
    rnd = random.Random(12)
    moderator = demo_account(
        ctx,
        key="moderator",
        email=MODERATOR_EMAIL,
        full_name="Olga Moderatorka",
        hint="moderacja dyskusji w konsultacjach",
        home_territory=hajnowka,
    )
    services.moderator_add(actor=SYSTEM, authority=um, user=moderator)
    people = _residents(hajnowka, VOTERS_ONLINE + 20)
    _building_consultation(ctx, um, hajnowka, today, people, rnd)
    _motif_plebiscite(ctx, um, hajnowka, today, people, rnd)
    _finished_consultation(ctx, um, hajnowka, today)
    _finished_plebiscite(ctx, um, hajnowka, today)


def _concept_pdf() -> Any:
    """The consulted draft as a PDF made by the platform's PDF writer (so the demo needs no binary files)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kooperacja.core.pdf import PdfDocument

    doc = PdfDocument(title="Koncepcja społeczna budynku przy ul. 3 Maja 25", subtitle="Projekt do konsultacji")
    doc.heading("1. Przeznaczenie parteru")
    doc.paragraph("Kawiarnia społeczna prowadzona przez spółdzielnię socjalną i sala spotkań.")
    doc.heading("2. Piętro")
    doc.paragraph("Klub seniora, świetlica młodzieżowa, pokój dla organizacji pozarządowych.")
    doc.heading("3. Godziny otwarcia")
    doc.paragraph("Codziennie 8:00–20:00, w soboty do 16:00.")
    return SimpleUploadedFile("koncepcja-spoleczna.pdf", doc.output(), content_type="application/pdf")


def _motif_image(i: int, colour: tuple[int, int, int]) -> Any:
    """A simple sketch of a motif (a coloured tile with a pattern), drawn with Pillow."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (480, 320), (245, 240, 230))
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle((40, 40, 440, 280), radius=24, fill=colour)
    for k in range(5):
        x = 80 + k * 70
        draw.ellipse((x, 130 - (k % 2) * 20, x + 50, 180 - (k % 2) * 20), fill=(245, 240, 230))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return SimpleUploadedFile(f"motyw-{i + 1}.png", buf.getvalue(), content_type="image/png")


def _residents(territory: Any, n: int) -> list[Any]:
    """Synthetic residents who took part (no password: they cannot sign in)."""
    return [
        account_create(
            actor=SYSTEM,
            email=f"mieszkaniec{i:03d}@hajnowka.demo",
            full_name=f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {LAST_NAMES[(i * 7) % len(LAST_NAMES)]}",
            password=None,
            home_territory=territory,
        )
        for i in range(1, n + 1)
    ]


def _building_consultation(ctx: DemoContext, um: Any, territory: Any, today: date, people: list[Any], rnd: Any) -> None:
    p = services.process_create(
        actor=SYSTEM,
        authority=um,
        territory=territory,
        kind=ProcessKind.CONSULTATION,
        title="Koncepcja społeczna budynku po rewitalizacji (ul. 3 Maja 25)",
        subject_kind=SubjectKind.BUILDING,
        subject="Dawny dom kultury kolejarza – Centrum Sąsiedzkie OdNowa",
        description=(
            "Po remoncie budynek przy ul. 3 Maja 25 ma służyć mieszkańcom: seniorom, młodzieży, rodzinom i "
            "organizacjom. Zanim zdecydujemy, co się w nim znajdzie i kto będzie go prowadził, pytamy Was: "
            "jakie zajęcia, w jakich godzinach i dla kogo. Uwagi zbieramy przez internet, na papierze w urzędzie "
            "(pok. 12) i na dwóch warsztatach planistycznych."
        ),
    )
    services.phase_add(
        actor=SYSTEM,
        process=p,
        kind=PhaseKind.INFORMATION,
        starts_at=_at(today - timedelta(days=21)),
        ends_at=_at(today - timedelta(days=14)),
        title="Informacja o konsultacjach",
    )
    services.phase_add(
        actor=SYSTEM,
        process=p,
        kind=PhaseKind.DISCUSSION,
        starts_at=_at(today - timedelta(days=14)),
        ends_at=_at(today + timedelta(days=21)),
        title="Uwagi, ankieta i warsztaty",
        allows=("comment", "propose", "survey", "attend"),
    )
    services.phase_add(
        actor=SYSTEM,
        process=p,
        kind=PhaseKind.REPORT,
        starts_at=_at(today + timedelta(days=21)),
        ends_at=_at(today + timedelta(days=35)),
        title="Raport z konsultacji",
    )
    services.attachment_add(
        actor=SYSTEM,
        process=p,
        title="Koncepcja społeczna budynku – projekt do konsultacji (PDF)",
        file=_concept_pdf(),
    )
    for title, text in [
        ("Przeznaczenie parteru", "Kawiarnia społeczna prowadzona przez spółdzielnię socjalną i sala spotkań."),
        ("Piętro", "Klub seniora, świetlica młodzieżowa, pokój dla organizacji pozarządowych."),
        ("Godziny otwarcia", "Codziennie 8:00–20:00, w soboty do 16:00."),
    ]:
        services.section_add(actor=SYSTEM, process=p, title=title, text=text)
    p = services.process_publish(actor=SYSTEM, process=p)
    sections = list(p.sections.all())
    u = ctx.users
    # The resident follows the consultation: an e-mail when the report phase opens (`participation_notify`).
    services.process_follow(actor=u["resident"], process=p)
    c1 = services.comment_add(
        actor=u["ngo_staff"],
        process=p,
        section=sections[1],
        topic="młodzież",
        body="Świetlica dla młodzieży powinna być otwarta także w weekendy – w tygodniu "
        "większość dojeżdża do szkół w Białymstoku.",
    )
    services.comment_add(
        actor=u["coordinator"], process=p, parent=c1, body="Zgadzamy się – CAL „Razem” może prowadzić sobotnie dyżury."
    )
    services.comment_add(
        actor=people[0],
        process=p,
        section=sections[0],
        topic="kawiarnia",
        body="Kawiarnia tak, ale z cenami dla emerytów. Prosimy też o windę.",
    )
    services.comment_add(
        actor=people[1],
        process=p,
        section=sections[2],
        topic="godziny",
        body="Godziny do 20:00 są dobre, w piątki można by dłużej (koncerty).",
    )
    spam = services.comment_add(
        actor=people[2], process=p, topic="inne", body="Tanie kredyty bez BIK!!! Zadzwoń teraz."
    )
    services.comment_report(actor=people[3], comment=spam, reason="Reklama, spam.")
    services.comment_hide(
        actor=SYSTEM, comment=spam, reason="Reklama niezwiązana z konsultacjami (zasady dyskusji, pkt 1)."
    )
    services.comment_report(actor=people[4], comment=c1, reason="Nie zgadzam się z tą opinią.")
    services.paper_submission_enter(
        actor=SYSTEM,
        process=p,
        kind="comment",
        channel=Channel.PAPER,
        author_name="Zofia Kiryluk",
        topic="seniorzy",
        section=sections[1],
        body="Klub seniora na piętrze tylko z windą. Proszę o zajęcia z rękodzieła i chór.",
    )
    pr1 = services.proposal_submit(
        actor=people[5],
        process=p,
        topic="młodzież",
        title="Studio nagrań dla młodzieży",
        body="Małe studio nagrań w piwnicy, prowadzone z Fundacją „Puszczańska Młodzież”.",
    )
    services.proposal_submit(
        actor=people[6],
        process=p,
        topic="rodziny",
        title="Kącik dla rodziców z małymi dziećmi",
        body="Przewijak, kącik zabaw i poranne spotkania dla rodziców.",
    )
    for person in people[10:24]:
        services.proposal_support(actor=person, proposal=pr1)
    survey = services.survey_create(
        actor=SYSTEM,
        process=p,
        title="Ankieta: czego potrzebujesz w Centrum Sąsiedzkim?",
        intro="Pięć krótkich pytań, około 3 minut.",
        questions=[
            {
                "kind": QuestionKind.SINGLE,
                "text": "Jak często chcesz odwiedzać centrum?",
                "options": ["codziennie", "raz w tygodniu", "raz w miesiącu", "rzadziej"],
            },
            {
                "kind": QuestionKind.MULTIPLE,
                "text": "Jakie zajęcia Cię interesują?",
                "options": ["dla seniorów", "dla młodzieży", "dla rodzin z dziećmi", "kulturalne", "doradztwo"],
            },
            {"kind": QuestionKind.SCALE, "text": "Czy kawiarnia społeczna to dobry pomysł?"},
            {"kind": QuestionKind.OPEN, "text": "Co jeszcze powinno się znaleźć w budynku?", "required": False},
        ],
    )
    questions = list(survey.questions.all())
    ideas = ["", "Biblioteka sąsiedzka", "Punkt napraw rowerów", "Sala do tańca", ""]
    for i, person in enumerate(people[30:48]):
        services.survey_answer(
            actor=person,
            survey=survey,
            answers={
                questions[0].pk: rnd.randrange(4),
                questions[1].pk: sorted(rnd.sample(range(5), rnd.randint(1, 3))),
                questions[2].pk: rnd.choice([3, 4, 4, 5, 5, 2]),
                questions[3].pk: ideas[i % len(ideas)],
            },
        )
    w1 = services.workshop_add(
        actor=SYSTEM,
        process=p,
        title="Warsztat planistyczny: parter i kawiarnia",
        starts_at=_at(today + timedelta(days=4), 17),
        ends_at=_at(today + timedelta(days=4), 19),
        place="Hajnowski Dom Kultury, ul. Marszałka J. Piłsudskiego 10, sala 3",
        capacity=30,
    )
    services.workshop_add(
        actor=SYSTEM,
        process=p,
        title="Spacer studyjny po budynku",
        starts_at=_at(today + timedelta(days=11), 11),
        ends_at=_at(today + timedelta(days=11), 13),
        place="Zbiórka przed budynkiem, ul. 3 Maja 25",
        capacity=15,
        venue_accessible=False,
    )
    for i, person in enumerate(people[50:62]):
        services.workshop_register(
            actor=person, workshop=w1, childcare=i % 4 == 0, transport=i % 5 == 0, sign_language=i == 3
        )
    ctx.extra["consultation"] = p


def _motif_plebiscite(ctx: DemoContext, um: Any, territory: Any, today: date, people: list[Any], rnd: Any) -> None:
    p = services.process_create(
        actor=SYSTEM,
        authority=um,
        territory=territory,
        kind=ProcessKind.PLEBISCITE,
        title="Plebiscyt na lokalny motyw budynku OdNowa",
        subject_kind=SubjectKind.BUILDING,
        subject="Motyw na elewację i logo Centrum Sąsiedzkiego",
        description="Wybierz motyw, który znajdzie się na elewacji i w logo odnowionego budynku. Głosują "
        "mieszkańcy Hajnówki w wieku co najmniej 13 lat: przez internet albo na karcie w urzędzie (pok. 12).",
    )
    proposing = services.phase_add(
        actor=SYSTEM,
        process=p,
        kind=PhaseKind.SUBMISSIONS,
        title="Zgłaszanie motywów",
        starts_at=_at(today - timedelta(days=30)),
        ends_at=_at(today - timedelta(days=8)),
        allows=("propose",),
    )
    voting = services.phase_add(
        actor=SYSTEM,
        process=p,
        kind=PhaseKind.VOTING,
        title="Głosowanie",
        starts_at=_at(today + timedelta(days=1)),
        ends_at=_at(today + timedelta(days=14)),
        allows=("vote",),
    )
    pleb = services.plebiscite_create(
        actor=SYSTEM,
        process=p,
        voting_phase=voting,
        max_choices=1,
        codes=True,
        min_age=13,
        areas=["Centrum", "Osiedle Millenium", "Bielsza", "Kolejowa"],
    )
    p = services.process_publish(actor=SYSTEM, process=p)
    motifs = [
        ("Żubr z Puszczy Białowieskiej", "Sylwetka żubra wpisana w koło – symbol puszczy i siły wspólnoty."),
        ("Parowóz i tory", "Nawiązanie do kolejowej historii Hajnówki i dawnej kolejki wąskotorowej."),
        ("Liść dębu i cerkiewna kopuła", "Przyroda i wielokulturowość: dąb puszczański i kopuła soboru."),
        ("Haft podlaski", "Geometryczny wzór z ludowego haftu – kolory czerwony i biały."),
    ]
    colours = [(92, 64, 51), (40, 40, 48), (46, 107, 62), (176, 30, 40)]
    candidates = [
        services.candidate_add(
            actor=SYSTEM,
            plebiscite=pleb,
            title=t,
            description=d,
            image=_motif_image(i, colours[i]),
            image_alt=f"Szkic motywu „{t}”: {d[0].lower()}{d[1:]}",
        )
        for i, (t, d) in enumerate(motifs)
    ]
    # The voting phase opened yesterday (moved here after the candidates were admitted, as the clock would have it).
    services.phase_reschedule(
        actor=SYSTEM, phase=voting, starts_at=_at(today - timedelta(days=7)), ends_at=_at(today + timedelta(days=14))
    )
    del proposing
    weights = [5, 3, 2, 2]
    pesels = []
    for i, person in enumerate(people[:VOTERS_ONLINE]):
        birth = date(rnd.randint(1945, 2011), rnd.randint(1, 12), rnd.randint(1, 28))
        pesel = make_pesel(birth, 1000 + i)
        pesels.append(pesel)
        choice = rnd.choices(candidates, weights=weights)[0]
        services.vote_cast(
            actor=person,
            plebiscite=pleb,
            choices=[choice.pk],
            pesel=pesel,
            area=rnd.choice(["", "Centrum", "Osiedle Millenium", "Bielsza", "Kolejowa"]),
        )
    for n in range(1, VOTERS_PAPER + 1):
        birth = date(rnd.randint(1935, 2005), rnd.randint(1, 12), rnd.randint(1, 28))
        pesel = pesels[7] if n == VOTERS_PAPER else make_pesel(birth, 5000 + n)  # the last card collides
        choice = rnd.choices(candidates, weights=[3, 4, 2, 1])[0]
        services.paper_ballot_enter(
            actor=SYSTEM,
            plebiscite=pleb,
            number=n,
            full_name=f"{FIRST_NAMES[n % 16]} {LAST_NAMES[n % 12]}",
            pesel=pesel,
            choices=[choice.pk],
            area=rnd.choice(["Centrum", "Bielsza", ""]),
        )
    # Two residents opened the ballot and left without voting: one gets the reminder a day before the end
    # (`participation_remind`), the other chose "do not remind me".
    for person in people[VOTERS_ONLINE : VOTERS_ONLINE + 2]:
        services.vote_started(actor=person, plebiscite=selectors.plebiscite_for(person, pleb.pk))
    services.vote_reminder_set(actor=people[VOTERS_ONLINE + 1], plebiscite=pleb, remind=False)
    ctx.extra["plebiscite"] = pleb


def _finished_consultation(ctx: DemoContext, um: Any, territory: Any, today: date) -> None:
    p = services.process_create(
        actor=SYSTEM,
        authority=um,
        territory=territory,
        kind=ProcessKind.CONSULTATION,
        title="Konsultacje pakietu usług społecznych OdNowa",
        subject_kind=SubjectKind.PACKAGE,
        subject="Pakiet „OdNowa” – sześć części usług",
        description="Konsultowaliśmy z mieszkańcami i organizacjami zakres sześciu części pakietu usług "
        "społecznych przed ogłoszeniem konkursu.",
    )
    phase = services.phase_add(
        actor=SYSTEM,
        process=p,
        kind=PhaseKind.SUBMISSIONS,
        title="Zbieranie uwag",
        starts_at=_at(today - timedelta(days=1)),
        ends_at=_at(today + timedelta(days=1)),
        allows=("comment", "propose"),
    )
    p = services.process_publish(actor=SYSTEM, process=p)
    u = ctx.users
    services.comment_add(
        actor=u["pes_staff"],
        process=p,
        topic="usługi opiekuńcze",
        body="Część 2 (usługi opiekuńcze) powinna obejmować także weekendy.",
    )
    services.paper_submission_enter(
        actor=SYSTEM,
        process=p,
        kind="comment",
        channel=Channel.MEETING,
        author_name="Uczestnicy spotkania w MOPS",
        topic="mieszkania",
        body="Brakuje mieszkań treningowych dla osób wychodzących z bezdomności.",
    )
    a = services.proposal_submit(
        actor=u["ngo_staff"],
        process=p,
        topic="młodzież",
        title="Klub młodzieżowy w części 4",
        body="Dodać do części 4 klub młodzieżowy otwarty w piątki wieczorem.",
    )
    b = services.paper_submission_enter(
        actor=SYSTEM,
        process=p,
        kind="proposal",
        channel=Channel.EMAIL,
        author_name="Stowarzyszenie Emerytów i Rencistów",
        topic="seniorzy",
        title="Transport dla seniorów",
        body="Dowóz seniorów z okolicznych wsi na zajęcia klubu seniora.",
    )
    services.phase_reschedule(
        actor=SYSTEM, phase=phase, starts_at=_at(today - timedelta(days=75)), ends_at=_at(today - timedelta(days=45))
    )
    services.phase_add(
        actor=SYSTEM,
        process=p,
        kind=PhaseKind.REPORT,
        title="Raport",
        starts_at=_at(today - timedelta(days=45)),
        ends_at=_at(today - timedelta(days=30)),
    )
    services.proposal_answer(
        actor=SYSTEM,
        proposal=a,
        decision="accept",
        answer="Uwzględniono: klub młodzieżowy dopisano do części 4 pakietu.",
    )
    services.proposal_answer(
        actor=SYSTEM,
        proposal=b,
        decision="accept_partly",
        answer="Częściowo: transport dwa razy w tygodniu, w ramach części 2.",
    )
    services.report_publish(
        actor=SYSTEM,
        process=p,
        summary="Wpłynęły 2 uwagi i 2 propozycje (internet, e-mail, spotkanie). Obie propozycje uwzględniono "
        "w całości albo w części; pakiet ogłoszono z poprawkami.",
    )
    ctx.extra["finished_consultation"] = p


def _finished_plebiscite(ctx: DemoContext, um: Any, territory: Any, today: date) -> None:
    p = services.process_create(
        actor=SYSTEM,
        authority=um,
        territory=territory,
        kind=ProcessKind.PLEBISCITE,
        title="Plebiscyt na nazwę skweru przy dworcu",
        subject_kind=SubjectKind.FREE,
        description="Mieszkańcy wybrali nazwę skweru przy dworcu PKP. Głosowanie odbyło się na kartach w urzędzie.",
    )
    voting = services.phase_add(
        actor=SYSTEM,
        process=p,
        kind=PhaseKind.VOTING,
        title="Głosowanie",
        starts_at=_at(today + timedelta(days=1)),
        ends_at=_at(today + timedelta(days=2)),
        allows=("vote",),
    )
    pleb = services.plebiscite_create(actor=SYSTEM, process=p, voting_phase=voting, online=False, paper=True)
    p = services.process_publish(actor=SYSTEM, process=p)
    names = [
        ("Skwer Kolejarzy", "Na pamiątkę kolejowej historii miasta."),
        ("Skwer Puszczański", "Od Puszczy Białowieskiej."),
        ("Skwer Spotkań", "Miejsce, gdzie się spotykamy."),
    ]
    c = [services.candidate_add(actor=SYSTEM, plebiscite=pleb, title=t, description=d) for t, d in names]
    start, end = _at(today - timedelta(days=40)), _at(today - timedelta(days=20))
    services.phase_reschedule(actor=SYSTEM, phase=voting, starts_at=start, ends_at=end)
    counted_at = end + timedelta(hours=2)  # paper cards counted after the vote closed
    for n, pick in enumerate([0, 1, 0, 1, 2, 0, 1, 2, 1, 0], start=1):  # 4 : 4 : 2 – a tie
        birth = date(1950 + n * 3, (n % 12) + 1, 10)
        services.paper_ballot_enter(
            actor=SYSTEM,
            plebiscite=pleb,
            number=n,
            full_name=f"Głosujący {n}",
            pesel=make_pesel(birth, 7000 + n),
            choices=[c[pick].pk],
            now=counted_at,
        )
    services.results_finalise(actor=SYSTEM, plebiscite=pleb)
    ctx.extra["finished_plebiscite"] = pleb
