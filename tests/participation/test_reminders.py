"""Reminders to people who started but did not finish a vote (decidim#8621), and messages translated when raised.

"Started": a signed-in person who may vote online was shown the ballot (or sent it and was refused) while voting
was open, and has not voted (`VoteStart`). One e-mail before the voting phase ends, never a second one, none to a
person who voted or chose "do not remind me"."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from kooperacja.core.actors import SYSTEM
from kooperacja.core.models import AuditEvent
from kooperacja.participation import services
from kooperacja.participation.models import VoteStart
from kooperacja.participation.services.voting import AlreadyVoted
from kooperacja.participation.tasks import remind_unfinished_votes, reminder_notice
from tests.participation import helpers as h


def _first(pleb: Any) -> int:
    return int(pleb.candidates.order_by("number").values_list("pk", flat=True).first())


def _at(pleb: Any, before_end: timedelta) -> str:
    return (pleb.voting_phase.ends_at - before_end).isoformat()


def test_opening_the_ballot_is_a_start_and_one_reminder_goes_before_the_end(demo: Any, client_as: Any) -> None:
    pleb, resident = h.plebiscite(), demo.user("resident")
    page = client_as("resident").get(reverse("participation:vote", args=[pleb.pk])).content.decode()
    assert "Nie przypominaj mi" in page
    start = VoteStart.objects.get(plebiscite=pleb, user=resident)
    assert not start.opted_out and start.reminded_at is None
    mail.outbox.clear()
    assert remind_unfinished_votes.call(_at(pleb, timedelta(days=3))) == 0  # too early: the end is days away
    assert remind_unfinished_votes.call(_at(pleb, timedelta(hours=5))) >= 1
    mine = [m for m in mail.outbox if m.to == [resident.email]]
    assert len(mine) == 1
    local_end = timezone.localtime(pleb.voting_phase.ends_at).strftime("%d.%m.%Y %H:%M")
    assert local_end in mine[0].subject and "(czas polski)" in mine[0].body
    assert reverse("participation:vote", args=[pleb.pk]) in mine[0].body and "Nie przypominaj mi" in mine[0].body
    assert AuditEvent.objects.filter(verb="participation.vote_reminders_sent", target_id=str(pleb.pk)).exists()
    mail.outbox.clear()
    assert remind_unfinished_votes.call(_at(pleb, timedelta(hours=2))) == 0  # never a second time
    assert mail.outbox == []


def test_no_reminder_for_who_voted_or_opened_it_a_moment_ago(demo: Any, client_as: Any) -> None:
    pleb, resident = h.plebiscite(), demo.user("resident")
    client = client_as("resident")
    client.get(reverse("participation:vote", args=[pleb.pk]))
    assert VoteStart.objects.filter(plebiscite=pleb, user=resident).exists()
    services.vote_cast(actor=resident, plebiscite=pleb, choices=[_first(pleb)], pesel=h.valid_pesel(1977))
    assert "Nie przypominaj mi" not in client.get(reverse("participation:vote", args=[pleb.pk])).content.decode()
    ends = pleb.voting_phase.ends_at
    VoteStart.objects.filter(plebiscite=pleb).update(started_at=ends - timedelta(minutes=30))
    mail.outbox.clear()
    # everyone opened the ballot 20 minutes before the run: maybe still voting, so no reminder yet
    assert remind_unfinished_votes.call(_at(pleb, timedelta(minutes=10))) == 0
    VoteStart.objects.filter(plebiscite=pleb).update(started_at=ends - timedelta(hours=3))
    sent = remind_unfinished_votes.call(_at(pleb, timedelta(hours=1)))
    assert sent == 1  # the demo's resident who left the ballot; not the one who voted, not the one who opted out
    assert all(m.to != [resident.email] for m in mail.outbox)
    assert VoteStart.objects.filter(plebiscite=pleb, user=resident, reminded_at__isnull=True).exists()


def test_do_not_remind_me_on_the_ballot_page(demo: Any, client_as: Any) -> None:
    pleb, resident = h.plebiscite(), demo.user("resident")
    client = client_as("resident")
    url = reverse("participation:vote_reminder", args=[pleb.pk])
    client.get(reverse("participation:vote", args=[pleb.pk]))
    assert client.post(url, {"remind": "0"}).status_code == 302
    assert VoteStart.objects.get(plebiscite=pleb, user=resident).opted_out
    assert AuditEvent.objects.filter(verb="participation.vote_reminder_off", actor=resident).exists()
    assert "Przypomnij mi jednak" in client.get(reverse("participation:vote", args=[pleb.pk])).content.decode()
    VoteStart.objects.filter(plebiscite=pleb).exclude(user=resident).delete()  # the demo's own starts
    VoteStart.objects.filter(plebiscite=pleb).update(started_at=pleb.voting_phase.ends_at - timedelta(days=2))
    mail.outbox.clear()
    assert remind_unfinished_votes.call(_at(pleb, timedelta(hours=5))) == 0
    client.post(url, {"remind": "1"})
    assert not VoteStart.objects.get(plebiscite=pleb, user=resident).opted_out
    assert remind_unfinished_votes.call(_at(pleb, timedelta(hours=5))) == 1
    assert client_as("anonymous").post(url, {"remind": "0"}).status_code == 302  # to the login page
    assert VoteStart.objects.filter(plebiscite=pleb).count() == 1


def test_a_start_is_recorded_only_while_the_person_may_vote_online(demo: Any) -> None:
    pleb = h.plebiscite()
    square = h.plebiscite(h.SQUARE)  # voting over
    assert services.vote_started(actor=demo.user("resident"), plebiscite=square) is None
    assert services.vote_started(actor=SYSTEM, plebiscite=pleb) is None
    outsider = demo.user("officer_b")  # Białowieża: not a resident of Hajnówka
    assert services.vote_started(actor=outsider, plebiscite=pleb) is None
    assert not VoteStart.objects.filter(user__in=[outsider]).exists()


def test_the_demo_has_a_started_and_an_opted_out_vote(demo: Any) -> None:
    starts = VoteStart.objects.filter(plebiscite=h.plebiscite())
    assert starts.filter(opted_out=False, reminded_at__isnull=True).exists()
    assert starts.filter(opted_out=True).exists()


def test_the_purge_deletes_the_starts(demo: Any) -> None:
    square = h.plebiscite(h.SQUARE)
    VoteStart.objects.create(plebiscite=square, user=demo.user("resident"), started_at=timezone.now())
    counts = services.verification_purge(actor=SYSTEM, plebiscite=square)
    assert counts["vote_starts"] == 1 and not VoteStart.objects.filter(plebiscite=square).exists()


def test_reminder_in_the_readers_language(demo: Any) -> None:
    subject, body = reminder_notice(h.plebiscite(), "en")
    assert subject.startswith("Reminder:") and "(Polish time)" in body and "Do not remind me" in body
    subject, body = reminder_notice(h.plebiscite(), "pl")
    assert subject.startswith("Przypomnienie:") and "(czas polski)" in body


def test_remind_command_runs_the_task(demo: Any) -> None:
    out = io.StringIO()
    call_command("participation_remind", stdout=out)
    assert "Wysłano przypomnienia o niedokończonym głosowaniu" in out.getvalue()


# --- messages built at import time are translated when raised ---------------------------------------------------


def test_already_voted_is_in_the_language_of_the_request(demo: Any) -> None:
    pleb = h.plebiscite()
    services.vote_cast(actor=demo.user("resident"), plebiscite=pleb, choices=[_first(pleb)], pesel=h.valid_pesel())
    with translation.override("en"):
        with pytest.raises(AlreadyVoted) as refused:
            services.vote_cast(
                actor=demo.user("resident"), plebiscite=pleb, choices=[_first(pleb)], pesel=h.valid_pesel()
            )
        assert refused.value.messages == [  # read in English although the module was imported in Polish
            "This person has already voted in this plebiscite. You can vote only once – the second vote was not "
            "counted."
        ]
    with translation.override("pl"), pytest.raises(AlreadyVoted, match="Można głosować tylko raz"):
        services.vote_cast(actor=demo.user("resident"), plebiscite=pleb, choices=[_first(pleb)], pesel=h.valid_pesel())


def test_second_vote_refused_in_english_on_the_page(demo: Any, client_as: Any) -> None:
    pleb = h.plebiscite()
    services.vote_cast(actor=demo.user("resident"), plebiscite=pleb, choices=[_first(pleb)], pesel=h.valid_pesel())
    officer = demo.user("officer")  # another account (living in the gmina), the same PESEL: refused by the database
    officer.home_territory = demo.user("resident").home_territory
    officer.save(update_fields=["home_territory"])
    client = client_as("officer")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.post(
        reverse("participation:vote", args=[pleb.pk]),
        {"choices": [_first(pleb)], "pesel": h.valid_pesel(), "confirm": "on"},
    ).content.decode()
    assert "You can vote only once" in page and "Można głosować tylko raz" not in page


def test_phase_closed_message_in_english(demo: Any) -> None:
    from django.core.exceptions import ValidationError

    finished = h.process(h.FINISHED)
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            services.comment_add(actor=demo.user("resident"), process=finished, body="Za późno?", topic="inne")
        assert refused.value.messages == ["Comments cannot be added in this phase of the consultation."]
