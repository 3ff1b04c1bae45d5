"""Need-to-know access: the full (role x institution x case part) matrix, consent withdrawal, the access log."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404
from django.urls import reverse

from kooperacja.cooperation import selectors, services
from kooperacja.cooperation.enums import CasePart
from kooperacja.core.audit import access_log_for
from kooperacja.core.models import AccessLog
from tests.cooperation import helpers as h
from tests.matrix import ROLES

ALL = {p.value for p in CasePart}
S, P, D, G, R = "summary", "persons", "diagnosis", "programme", "referrals"
CASES = ["Rodzina J.", "Rodzina K.", "Rodzina M.", "Rodzina W.", "Pan S."]

# role (institution) -> case -> parts it may see; a missing case means 404 (not even the summary).
EXPECTED: dict[str, dict[str, set[str]]] = {
    "social_worker": dict.fromkeys(CASES, ALL),  # GOPS Narewka owns every case; named on the Niebieska Karta case
    "partner": {  # PCPR Hajnówka: referred (J, M, S) and consent for persons + diagnosis (J); W's consent withdrawn
        "Rodzina J.": {S, R, P, D},
        "Rodzina M.": {S, R},
        "Pan S.": {S, R},
    },
    "police": {"Rodzina K.": {S, R}},  # KPP: named on the Niebieska Karta case and referred to it
    # Spółdzielnia Socjalna Żubr: no member of the team, but its day room (a catalogue service) was named on J.'s
    # referral, so it sees the summary and its referral (as the INSTITUTIONS table below says for ss_zubr)
    "pes_staff": {"Rodzina J.": {S, R}},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("title", CASES)
def test_case_part_matrix(role: str, title: str, demo: Any) -> None:
    case = h.case(title)
    user = demo.user(role) if role != "anonymous" else None
    expected = EXPECTED.get(role, {}).get(title)
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    visible = selectors.cases_visible_to(user).filter(pk=case.pk).exists()
    assert visible == (expected is not None), f"{role} / {title}"
    if expected is None:
        with pytest.raises(Http404):
            selectors.case_access(user, case)
    else:
        assert selectors.case_access(user, case).parts == expected


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_case_pages_follow_the_matrix(role: str, client_as: Any) -> None:
    client = client_as(role)
    for title in CASES:
        case = h.case(title)
        expected = EXPECTED.get(role, {}).get(title)
        response = client.get(reverse("cooperation:case_detail", args=[case.pk]))
        if expected is None:
            assert response.status_code == 404, (role, title)
            continue
        assert response.status_code == 200, (role, title)
        html = response.content.decode()
        assert ("<h2>Osoby</h2>" in html) == (P in expected), (role, title)
        assert ("<h2>Diagnoza</h2>" in html) == (D in expected), (role, title)
        assert ("<h2>Program (IPW) i koszyk usług</h2>" in html) == (G in expected), (role, title)
        programme = client.get(reverse("cooperation:case_programme", args=[case.pk]))
        assert programme.status_code == (200 if G in expected else 404)


def test_list_shows_only_visible_cases(client_as: Any) -> None:
    html = client_as("partner").get(reverse("cooperation:case_list")).content.decode()
    assert "Rodzina J." in html and "Pan S." in html
    assert "Rodzina K." not in html and "Rodzina W." not in html
    html = client_as("police").get(reverse("cooperation:case_list")).content.decode()
    assert "Rodzina K." in html and "Rodzina J." not in html


def test_partner_sees_only_its_own_referrals(client_as: Any) -> None:
    html = client_as("partner").get(reverse("cooperation:case_detail", args=[h.case("Rodzina J.").pk])).content.decode()
    assert "Prosimy o cykl konsultacji" in html  # to PCPR
    assert "Konsultacje pedagoga dla syna" not in html  # to the school


def test_consent_withdrawal_takes_effect_at_once(demo: Any, client_as: Any) -> None:
    case = h.case("Rodzina J.")
    consent = case.consents.get(organisation=demo.org("pcpr_hajnowka"), withdrawn_at__isnull=True)
    partner = client_as("partner")
    url = reverse("cooperation:case_detail", args=[case.pk])
    mother = case.persons.get(is_main=True).person
    before = partner.get(url).content.decode()
    assert mother.last_name in before and "<h2>Diagnoza</h2>" in before
    services.consent_withdraw(actor=demo.user("social_worker"), consent=consent, note="test")
    after = partner.get(url).content.decode()
    assert mother.last_name not in after
    assert "<h2>Diagnoza</h2>" not in after
    assert selectors.case_access(demo.user("partner"), case).parts == {S, R}  # the referral still closes the loop


def test_expired_consent_stops_sharing(demo: Any) -> None:
    from datetime import timedelta

    from django.utils import timezone

    case = h.case("Rodzina J.")
    consent = case.consents.get(organisation=demo.org("pcpr_hajnowka"))
    later = consent.valid_until + timedelta(days=1)
    assert P in selectors.case_access(demo.user("partner"), case, today=timezone.localdate()).parts
    assert P not in selectors.case_access(demo.user("partner"), case, today=later).parts


def test_niebieska_karta_needs_naming_even_with_a_referral(demo: Any) -> None:
    case = h.case("Rodzina K.")
    partner = demo.user("partner")
    assert not selectors.cases_visible_to(partner).filter(pk=case.pk).exists()
    services.case_name_member(actor=demo.user("social_worker"), case=case, user=partner)
    assert selectors.case_access(partner, case).parts == {S}


CASE_URLS = [
    "cooperation:case_detail",
    "cooperation:case_diagnosis",
    "cooperation:case_programme",
    "cooperation:case_basket",
    "cooperation:action_add",
    "cooperation:referral_create",
    "cooperation:case_close",
]


@pytest.mark.parametrize("url_name", CASE_URLS)
def test_every_case_view_is_logged(url_name: str, demo: Any, client_as: Any) -> None:
    case = h.case("Rodzina J.")
    user = demo.user("social_worker")
    before = AccessLog.objects.filter(target_id=str(case.pk), user=user).count()
    response = client_as("social_worker").get(reverse(url_name, args=[case.pk]))
    assert response.status_code == 200
    rows = AccessLog.objects.filter(target_id=str(case.pk), user=user, target_type__model="case")
    assert rows.count() > before
    assert rows.first().purpose


def test_persons_shown_are_logged_on_the_person_record(demo: Any, client_as: Any) -> None:
    case = h.case("Rodzina J.")
    person = case.persons.get(is_main=True).person
    before = access_log_for(person).count()
    client_as("partner").get(reverse("cooperation:case_detail", args=[case.pk]))
    rows = access_log_for(person)
    assert rows.count() == before + 1
    assert rows.first().user == demo.user("partner")


def test_referral_pages_and_lists_are_logged(demo: Any, client_as: Any) -> None:
    referral = h.referral("Rodzina J.", "PCPR Hajnówka")
    partner = demo.user("partner")
    for url in (
        reverse("cooperation:referral_detail", args=[referral.pk]),
        reverse("cooperation:referral_inbox"),
        reverse("cooperation:case_list"),
    ):
        before = access_log_for(referral.case).filter(user=partner).count()
        assert client_as("partner").get(url).status_code == 200
        assert access_log_for(referral.case).filter(user=partner).count() > before, url


def test_owner_sees_the_access_log_others_do_not(demo: Any, client_as: Any) -> None:
    case = h.case("Rodzina J.")
    client_as("partner").get(reverse("cooperation:case_detail", args=[case.pk]))
    html = client_as("social_worker").get(reverse("cooperation:case_log", args=[case.pk])).content.decode()
    assert "pcpr@hajnowka.demo" in html
    assert client_as("partner").get(reverse("cooperation:case_log", args=[case.pk])).status_code in (403, 404)


def test_analyst_gets_aggregates_without_personal_data(demo: Any, client_as: Any) -> None:
    html = client_as("analyst").get(reverse("cooperation:statistics")).content.decode()
    assert "Partnerski Zespół Kooperacji Gminy Narewka" in html
    for cp in h.case("Rodzina J.").persons.select_related("person"):
        assert cp.person.last_name not in html
    assert "Rodzina J." not in html


def test_export_is_logged_as_export_with_visible_parts_only(demo: Any, client_as: Any) -> None:
    case = h.case("Rodzina J.")
    response = client_as("partner").get(reverse("cooperation:case_export", args=[case.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    row = AccessLog.objects.filter(user=demo.user("partner"), target_type__model="case", target_id=str(case.pk)).first()
    assert row.action == "export"
    assert row.part == "diagnosis,persons,referrals,summary"
    person = case.persons.get(is_main=True).person
    assert access_log_for(person).filter(action="export").exists()


# Staff of the other member institutions (demo users without logins, created by the cooperation scenario).
INSTITUTIONS: dict[str, dict[str, set[str]]] = {
    "sp_narewka": {"Rodzina J.": {S, R, G}},  # referral accepted + consent for the programme
    "gok_narewka": {"Rodzina J.": {S, R}, "Rodzina M.": {S, R}},
    "fundacja_zubry": {"Rodzina J.": {S, R}},
    # its declined referral still shows (the loop is closed); the consent narrowed to the programme (issue 17)
    "razem_narewka": {"Pan S.": {S, R, G}},
    "kuratorzy": {},  # a member with nothing referred or granted sees no case
    "ss_zubr": {"Rodzina J.": {S, R}},  # no member of the team: its day room (a catalogue service) was named
}


@pytest.mark.parametrize("org_key", sorted(INSTITUTIONS))
def test_member_institutions_see_only_what_they_were_referred_or_granted(org_key: str, demo: Any) -> None:
    from kooperacja.accounts.enums import MembershipStatus, Role
    from kooperacja.accounts.models import User
    from kooperacja.organisations.models import Membership

    user = User.objects.filter(email=f"pzk@{org_key.replace('_', '-')}.demo").first()
    if user is None:
        user = User.objects.create_user(email=f"test-{org_key}@kooperacja.demo", password=None, full_name="Test")
        Membership.objects.create(
            user=user, organisation=demo.org(org_key), role=Role.SOCIAL_WORKER, status=MembershipStatus.ACTIVE
        )
    for title in CASES:
        case = h.case(title)
        expected = INSTITUTIONS[org_key].get(title)
        if expected is None:
            with pytest.raises(Http404):
                selectors.case_access(user, case)
        else:
            assert selectors.case_access(user, case).parts == expected, (org_key, title)
