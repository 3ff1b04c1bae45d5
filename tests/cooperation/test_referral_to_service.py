"""A referral to a catalogue service (it goes to the provider, free places recorded), one referral per basket item,
the referral loop drawn as steps, "Wysłano" agreeing with the history, and the same-name warning (issue 16)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kooperacja.catalog.models import Service
from kooperacja.cooperation import services
from kooperacja.cooperation.events import CooperationEvent
from kooperacja.cooperation.models import Action, CasePerson, Referral
from kooperacja.core.models import AuditEvent
from tests.cooperation import helpers as h

pytestmark = pytest.mark.django_db
DAY_ROOM = "Świetlica środowiskowa „Żubrzątko”"


def _events(referral: Referral) -> list[AuditEvent]:
    from kooperacja.core.audit import events_for

    return list(events_for(referral))


def test_demo_referral_to_the_day_room_went_to_its_provider_and_was_accepted(demo: Any, client_as: Any) -> None:
    referral = Referral.objects.get(service__name=DAY_ROOM)
    assert referral.to_organisation == demo.org("ss_zubr") and referral.state == "accepted"
    assert referral.free_places_at_send is not None and referral.free_places_at_send > 0
    zubr = client_as("pes_staff")  # the cooperative is not a member of the team: its inbox still shows it
    inbox = zubr.get(reverse("cooperation:referral_inbox") + "?stan=").content.decode()
    assert referral.case.number in inbox and DAY_ROOM in inbox
    detail = zubr.get(reverse("cooperation:referral_detail", args=[referral.pk])).content.decode()
    assert "w chwili skierowania" in detail and 'aria-current="step"' in detail


def test_referral_names_a_service_and_its_free_places(demo: Any) -> None:
    case = h.case("Pan S.")
    service = Service.objects.get(name=DAY_ROOM)
    from kooperacja.catalog.selectors import free_places

    free = free_places(service)
    referral = services.referral_send(
        actor=demo.user("social_worker"),
        case=case,
        service=service,
        request="Miejsce w świetlicy",
        due_on=timezone.localdate() + timedelta(days=5),
    )
    assert referral.to_organisation_id == service.provider_id and referral.free_places_at_send == free
    with pytest.raises(ValidationError) as exc:  # another institution than the provider
        services.referral_send(
            actor=demo.user("social_worker"),
            case=case,
            service=service,
            to_organisation=demo.org("pcpr_hajnowka"),
            request="x",
            due_on=timezone.localdate() + timedelta(days=5),
        )
    assert "to_organisation" in exc.value.message_dict
    Service.objects.filter(pk=service.pk).update(capacity_places=service.places_taken)  # test set-up: full
    with pytest.raises(ValidationError) as exc:
        services.referral_send(
            actor=demo.user("social_worker"),
            case=case,
            service=service,
            request="x",
            due_on=timezone.localdate() + timedelta(days=5),
        )
    assert "nie ma teraz wolnych miejsc" in str(exc.value.message_dict["service"])


def test_referral_form_offers_services_with_free_places_and_routes_to_the_provider(demo: Any, client_as: Any) -> None:
    case = h.case("Pan S.")
    service = Service.objects.get(name=DAY_ROOM)
    client = client_as("social_worker")
    url = reverse("cooperation:referral_create", args=[case.pk])
    page = client.get(url).content.decode()
    assert (DAY_ROOM in page and "wolne miejsc" in page) or "wolnych miejsc" in page
    response = client.post(
        url,
        {
            "service": service.pk,
            "request": "Świetlica",
            "due_on": (timezone.localdate() + timedelta(days=7)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert Referral.objects.filter(case=case, service=service, to_organisation=service.provider).exists()
    empty = client.post(url, {"request": "x", "due_on": (timezone.localdate() + timedelta(days=7)).isoformat()})
    assert "Wybierz usługę z katalogu albo instytucję zespołu." in empty.content.decode()


def test_basket_row_with_an_accepted_referral_offers_no_second_one(demo: Any, client_as: Any) -> None:
    case = h.case("Rodzina J.")
    served = Referral.objects.get(
        case=case, state="accepted", to_organisation__short_name__isnull=False, service__name=DAY_ROOM
    )
    action = served.action
    client = client_as("social_worker")
    basket = client.get(reverse("cooperation:case_basket", args=[case.pk])).content.decode()
    assert f"?dzialanie={action.pk}" not in basket
    assert reverse("cooperation:referral_detail", args=[served.pk]) in basket and "skierowanie przyjęte" in basket
    response = client.get(reverse("cooperation:referral_create", args=[case.pk]) + f"?dzialanie={action.pk}")
    assert response.status_code == 302 and response["Location"] == reverse(
        "cooperation:referral_detail", args=[served.pk]
    )
    with pytest.raises(ValidationError):
        services.referral_send(
            actor=demo.user("social_worker"),
            case=case,
            service=served.service,
            action=action,
            request="drugi raz",
            due_on=timezone.localdate() + timedelta(days=5),
        )
    open_action = (
        Action.objects.filter(programme__case=case, referrals__isnull=True).exclude(responsible=case.owner).first()
    )
    if open_action is not None:
        assert f"?dzialanie={open_action.pk}" in basket


def test_sent_date_agrees_with_the_history(demo: Any, client_as: Any) -> None:
    """A referral sent on the platform: "Wysłano" is the moment of its history entry. One sent by letter earlier
    and entered now says so, in the page and in the history."""
    tz = timezone.get_current_timezone()
    for referral in Referral.objects.filter(entered_later=False):
        sent = next(e for e in _events(referral) if e.verb == CooperationEvent.REFERRAL_SENT)
        assert abs((sent.occurred_at - referral.sent_at).total_seconds()) < 5
    overdue = Referral.objects.get(entered_later=True, request__startswith="Ocena uprawnień")
    assert [e.verb for e in _events(overdue)][
        -1
    ] == CooperationEvent.REFERRAL_ENTERED or CooperationEvent.REFERRAL_ENTERED in [e.verb for e in _events(overdue)]
    page = client_as("social_worker").get(reverse("cooperation:referral_detail", args=[overdue.pk])).content.decode()
    assert f"{overdue.sent_at.astimezone(tz):%d.%m.%Y} pismem" in page
    assert "Wpisano skierowanie wysłane wcześniej pismem" in page


def test_case_page_draws_each_referral_loop_as_steps(demo: Any, client_as: Any) -> None:
    case = h.case("Rodzina M.")  # a completed and a not-completed referral
    html = client_as("social_worker").get(reverse("cooperation:case_detail", args=[case.pk])).content.decode()
    assert html.count('class="stages"') == case.referrals.count()
    assert "stage-stopped" in html  # the loop that ended without the service
    assert "Bieżący etap:" in html and "etap zakończony" in html


def test_same_name_without_pesel_needs_a_confirmation(demo: Any, client_as: Any) -> None:
    case = h.case("Pan S.")
    existing = CasePerson.objects.filter(case=case).select_related("person").first()
    client = client_as("social_worker")
    url = reverse("cooperation:case_person_add", args=[case.pk])
    data = {"first_name": existing.person.first_name, "last_name": existing.person.last_name, "relation": "brat"}
    before = CasePerson.objects.filter(case=case).count()
    warned = client.post(url, data).content.decode()
    assert "W sprawie jest już osoba o imieniu i nazwisku" in warned
    assert CasePerson.objects.filter(case=case).count() == before
    assert client.post(url, {**data, "same_name_confirmed": "on"}).status_code == 302
    assert CasePerson.objects.filter(case=case).count() == before + 1


def test_skieruj_preselects_the_member_or_the_provider_of_the_service(demo: Any, client_as: Any) -> None:
    """'Skieruj' on a basket item: the member responsible for it when that is another institution; when the owner is
    responsible for a catalogue service of another provider, the service (the referral then goes to the provider)."""
    case = h.case("Pan S.")
    service = Service.objects.get(name=DAY_ROOM)
    today = timezone.localdate()
    worker = demo.user("social_worker")
    own = services.action_add(
        actor=worker, case=case, title="Świetlica", responsible=case.owner, service=service,
        starts_on=today, ends_on=today + timedelta(days=30),
    )  # fmt: skip
    member = services.action_add(
        actor=worker, case=case, title="Świetlica z PCPR", responsible=demo.org("pcpr_hajnowka"), service=service,
        starts_on=today, ends_on=today + timedelta(days=30),
    )  # fmt: skip
    client = client_as("social_worker")
    url = reverse("cooperation:referral_create", args=[case.pk])
    to_provider = client.get(url + f"?dzialanie={own.pk}").content.decode()
    assert f'<option value="{service.pk}" selected>' in to_provider
    to_member = client.get(url + f"?dzialanie={member.pk}").content.decode()
    assert f'<option value="{demo.org("pcpr_hajnowka").pk}" selected>' in to_member
    assert f'<option value="{service.pk}" selected>' not in to_member
