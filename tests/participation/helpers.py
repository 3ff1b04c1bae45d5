"""Finding the participation demo objects by title."""

from __future__ import annotations

from typing import Any

from kooperacja.participation.models import Comment, Plebiscite, Process, Workshop

BUILDING = "Koncepcja społeczna budynku po rewitalizacji (ul. 3 Maja 25)"
MOTIF = "Plebiscyt na lokalny motyw budynku OdNowa"
FINISHED = "Konsultacje pakietu usług społecznych OdNowa"
SQUARE = "Plebiscyt na nazwę skweru przy dworcu"


def process(title: str = BUILDING) -> Process:
    return Process.objects.get(title=title)


def plebiscite(title: str = MOTIF) -> Plebiscite:
    return Plebiscite.objects.select_related("process", "voting_phase").get(process__title=title)


def comment(text: str = "Świetlica dla młodzieży") -> Comment:
    return Comment.objects.get(body__startswith=text)


def workshop() -> Workshop:
    return Workshop.objects.get(title__startswith="Warsztat planistyczny")


def moderator() -> Any:
    from kooperacja.accounts.models import User

    return User.objects.get(email="moderator@hajnowka.demo")


def valid_pesel(year: int = 1980, month: int = 5, day: int = 17, serial: int = 4321) -> str:
    from datetime import date

    from kooperacja.demo.scenarios.participation import make_pesel

    return make_pesel(date(year, month, day), serial)
