"""Notifications in the platform (the bell): who is told what, and that only the recipient sees it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from kooperacja.core import notifications
from kooperacja.core.models import Notification
from tests.cooperation import helpers as coop

pytestmark = pytest.mark.django_db


def _inbox(user: Any) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user).order_by("pk"))


def test_a_referral_reaches_the_receivers_inbox_and_each_answer_the_sender(demo: Any) -> None:
    from kooperacja.cooperation import services

    referral = coop.referral("Rodzina J.", "PCPR Hajnówka")
    partner, worker = demo.user("partner"), demo.user("social_worker")
    before_partner, before_worker = len(_inbox(partner)), len(_inbox(worker))

    services.referral_move(actor=partner, referral=referral, transition="accept")
    services.referral_move(actor=partner, referral=referral, transition="start")

    new_for_worker = _inbox(worker)[before_worker:]
    assert [n.text for n in new_for_worker] == [
        f"Przyjęto skierowanie w sprawie {referral.case.number}",
        f"Rozpoczęto realizację skierowania w sprawie {referral.case.number}",
    ]
    assert {n.url for n in new_for_worker} == {reverse("cooperation:referral_detail", args=[referral.pk])}
    # the person who acted is not told about their own action
    assert len(_inbox(partner)) == before_partner


def test_sending_a_referral_tells_the_institutions_staff_not_the_sender(demo: Any) -> None:
    from kooperacja.cooperation import services

    case = coop.case("Rodzina J.")
    worker, partner = demo.user("social_worker"), demo.user("partner")
    pcpr = demo.org("pcpr_hajnowka")
    before = len(_inbox(partner))
    referral = services.referral_send(
        actor=worker,
        case=case,
        to_organisation=pcpr,
        request="Konsultacja psychologiczna",
        due_on=dt.date.today() + dt.timedelta(days=14),
    )
    new = _inbox(partner)[before:]
    assert len(new) == 1
    assert new[0].text.startswith(f"Nowe skierowanie w sprawie {case.number}: odpowiedz do ")
    assert not Notification.objects.filter(recipient=worker, url__endswith=f"/{referral.pk}/").exists()
    # no personal data: the case's people are not named in the message
    names = [cp.person.last_name for cp in case.persons.select_related("person")]
    assert names and not any(name in new[0].text for name in names)


def test_a_referral_entered_later_reaches_the_institutions_inbox_too(demo: Any) -> None:
    """A referral sent earlier by letter and entered now is in the institution's platform inbox from now on."""
    from kooperacja.cooperation import services

    case = coop.case("Rodzina J.")
    partner = demo.user("partner")
    before = len(_inbox(partner))
    services.referral_send(
        actor=demo.user("social_worker"),
        case=case,
        to_organisation=demo.org("pcpr_hajnowka"),
        request="Konsultacja psychologiczna",
        due_on=dt.date.today() + dt.timedelta(days=14),
        sent_on=dt.date.today() - dt.timedelta(days=3),
    )
    assert [n.text[:40] for n in _inbox(partner)[before:]] == [f"Nowe skierowanie w sprawie {case.number}"[:40]]


def test_a_vote_opened_reaches_every_voter_but_the_one_who_opened_it(demo: Any) -> None:
    from kooperacja.consortia import services
    from tests.consortia.helpers import consortium

    coordinator = demo.user("coordinator")
    c = consortium()
    res = services.resolution_draft(
        actor=coordinator,
        consortium=c,
        body=c.bodies.get(kind="general_meeting"),
        title="Uchwała testowa",
        text="Treść",
    )
    services.resolution_open_vote(actor=coordinator, resolution=res, closes_on=dt.date.today() + dt.timedelta(days=7))
    told = set(
        Notification.objects.filter(url=reverse("consortia:resolution", args=[res.pk])).values_list(
            "recipient", flat=True
        )
    )
    assert demo.user("pes_staff").pk in told and demo.user("ngo_staff").pk in told
    assert coordinator.pk not in told
    text = Notification.objects.filter(recipient=demo.user("pes_staff")).latest("pk").text
    assert text.startswith(f"Otwarto głosowanie nad uchwałą {res.number} „Uchwała testowa”: głosuj do ")


def test_a_message_is_translated_when_shown(demo: Any) -> None:
    user = demo.user("social_worker")
    n = Notification.objects.create(
        recipient=user, message="Przyjęto skierowanie w sprawie %(number)s", params={"number": "7/2026"}, url="/"
    )
    assert n.text == "Przyjęto skierowanie w sprawie 7/2026"
    with translation.override("en"):
        assert n.text == "The referral in case 7/2026 was accepted"


def test_a_handler_must_name_a_declared_verb() -> None:
    with pytest.raises(ValueError, match="not declared"):
        notifications.on("cooperation.no_such_verb")(lambda target, data: [])


def test_a_daily_reminder_does_not_pile_up_while_unread(demo: Any) -> None:
    user = demo.user("partner")
    args = {"recipients": [user], "message": "Po terminie", "url": "/x/", "verb": "cooperation.referral_overdue"}
    assert notifications.notify(**args) == 1
    assert notifications.notify(**args) == 0
    notifications.mark_all_read(user=user)
    assert notifications.notify(**args) == 1


def test_deadline_reminder_reaches_the_inbox_of_those_it_mailed(demo: Any) -> None:
    from kooperacja.commissioning.models import Report
    from kooperacja.commissioning.tasks import send_due_reminders

    report = Report.objects.filter(state__in=["draft", "corrections_requested"]).select_related("contract").first()
    assert report is not None, "the demo has a report still to be filed"
    Report.objects.filter(pk=report.pk).update(due_date=dt.date.today() + dt.timedelta(days=2))
    send_due_reminders.call()
    told = Notification.objects.filter(url=reverse("commissioning:report_detail", args=[report.pk]))
    assert told.exists()
    assert all(n.text.startswith(f"Termin sprawozdania z umowy {report.contract.number}: ") for n in told)


# -- the pages ----------------------------------------------------------------------------------------------------


def test_bell_shows_the_unread_count_and_the_inbox_marks_read(client_as: Any, demo: Any) -> None:
    user = demo.user("social_worker")
    Notification.objects.filter(recipient=user).update(read_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    first = Notification.objects.create(
        recipient=user,
        message="Przyjęto skierowanie w sprawie %(number)s",
        params={"number": "1/2026"},
        url="/kooperacja/",
    )
    Notification.objects.create(
        recipient=user, message="Podjęto uchwałę %(number)s", params={"number": "2/2026"}, url="/"
    )
    client = client_as("social_worker")
    home = client.get("/").content.decode()
    assert 'class="bell-count">2<' in home
    assert "2 nieprzeczytane" in home.replace('</span><span class="visually-hidden"> ', " ")

    inbox = client.get(reverse("core:notifications")).content.decode()
    assert "Przyjęto skierowanie w sprawie 1/2026" in inbox and "Podjęto uchwałę 2/2026" in inbox

    response = client.get(reverse("core:notification_open", args=[first.pk]))
    assert response.status_code == 302 and response["Location"] == "/kooperacja/"
    first.refresh_from_db()
    assert first.read_at is not None
    assert 'class="bell-count">1<' in client.get("/").content.decode()

    client.post(reverse("core:notifications_read"))
    assert 'class="bell-count"' not in client.get("/").content.decode()


def test_nobody_opens_another_persons_notification(client_as: Any, demo: Any) -> None:
    theirs = Notification.objects.create(
        recipient=demo.user("partner"), message="Podjęto uchwałę %(number)s", params={"number": "3/2026"}, url="/"
    )
    client = client_as("social_worker")
    assert client.get(reverse("core:notification_open", args=[theirs.pk])).status_code == 404
    assert "3/2026" not in client.get(reverse("core:notifications")).content.decode()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_link_to_another_site_is_not_followed(client_as: Any, demo: Any) -> None:
    n = Notification.objects.create(recipient=demo.user("social_worker"), message="x", url="https://example.com/")
    response = client_as("social_worker").get(reverse("core:notification_open", args=[n.pk]))
    assert response["Location"] == reverse("core:notifications")


def test_the_demo_has_unread_notifications_for_the_partner(demo: Any) -> None:
    """The demo's referrals were sent through the services, so the PCPR's inbox is not empty."""
    assert Notification.objects.filter(recipient=demo.user("partner"), read_at__isnull=True).exists()
