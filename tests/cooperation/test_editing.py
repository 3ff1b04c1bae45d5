"""Editing and ending a membership, its agreement and a consent (issue 17): history kept, events recorded, access
follows at once, and who may change what."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from kooperacja.cooperation import selectors, services
from kooperacja.cooperation.enums import CasePart, ConsentEnd, MembershipEnd, TeamFunction
from kooperacja.cooperation.models import Consent
from kooperacja.cooperation.policies import member_team_ids
from kooperacja.core.audit import events_for
from tests.cooperation import helpers as h


def _member(org_key: str, demo: Any) -> Any:
    return h.team().members.get(organisation=demo.org(org_key))


def _staff(org_key: str) -> Any:
    from kooperacja.accounts.models import User

    return User.objects.get(email=f"pzk@{org_key.replace('_', '-')}.demo")


def test_demo_shows_an_edited_an_amended_and_an_ended_membership(demo: Any) -> None:
    gok = _member("gok_narewka", demo)
    assert gok.people.get(function=TeamFunction.REPRESENTATIVE).user == _staff("gok_narewka")
    zubry = _member("fundacja_zubry", demo)
    assert zubry.agreement_version == 2 and zubry.agreement_number.endswith("/A1")
    (v1,) = zubry.agreement_versions.all()
    assert v1.version == 1 and "rodziców" not in v1.scope and "rodziców" in zubry.agreement_scope
    probation = _member("kuratorzy", demo)
    assert probation.left_on is not None and probation.end_kind == MembershipEnd.MUTUAL and probation.left_reason


def test_demo_consent_narrowed_to_a_new_version_the_old_one_kept(demo: Any) -> None:
    case = h.case("Pan S.")
    new = case.consents.get(organisation=demo.org("razem_narewka"), withdrawn_at__isnull=True)
    assert new.version == 2 and new.parts == [CasePart.PROGRAMME]
    old = new.previous
    assert old.end_kind == ConsentEnd.REPLACED and old.withdrawn_at is not None
    assert sorted(old.parts) == [CasePart.PERSONS, CasePart.PROGRAMME]
    # the association now sees the programme, not the persons
    parts = selectors.case_access(_staff("razem_narewka"), case).parts
    assert CasePart.PROGRAMME in parts and CasePart.PERSONS not in parts


def test_the_institution_itself_may_change_its_membership_not_another(demo: Any) -> None:
    police, kpp = demo.user("police"), _member("kpp_hajnowka", demo)
    services.member_update(actor=police, member=kpp, level="gmina", representative=police)
    kpp.refresh_from_db()
    assert kpp.level == "gmina"
    with pytest.raises(PermissionDenied):
        services.member_update(actor=police, member=_member("gok_narewka", demo), level="powiat", representative=None)
    with pytest.raises(PermissionDenied):  # an agreement is amended by the team's coordinator only
        services.agreement_amend(
            actor=police,
            member=kpp,
            number="X",
            signed_on=timezone.localdate(),
            scope="Inny zakres.",
            valid_until=None,
            reason="Próba.",
        )
    with pytest.raises(ValidationError):  # a representative must work for the institution
        services.member_update(
            actor=demo.user("social_worker"), member=kpp, level="gmina", representative=demo.user("partner")
        )


def test_ending_a_membership_stops_the_institution_seeing_the_team(demo: Any) -> None:
    sw, gok = demo.user("social_worker"), _member("gok_narewka", demo)
    staff = _staff("gok_narewka")
    assert h.team().pk in member_team_ids(staff)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as err:
        services.member_end(
            actor=sw, member=gok, left_on=today + timedelta(days=3), end_kind=MembershipEnd.WITHDREW, reason="x"
        )
    assert "left_on" in err.value.message_dict
    with pytest.raises(ValidationError):  # the lead institution cannot leave the team it runs
        services.member_end(
            actor=sw, member=_member("gops_narewka", demo), left_on=today, end_kind="withdrew", reason="x"
        )
    services.member_end(actor=sw, member=gok, left_on=today, end_kind=MembershipEnd.WITHDREW, reason="Zmiana statutu.")
    assert h.team().pk not in member_team_ids(staff)
    assert not gok.people.exists()  # its representative no longer acts for it
    with pytest.raises(ValidationError):  # an ended membership is not edited any more
        services.member_update(actor=sw, member=gok, level="powiat", representative=None)


def test_amending_an_agreement_keeps_every_version(demo: Any) -> None:
    sw, kpp = demo.user("social_worker"), _member("kpp_hajnowka", demo)
    first_scope = kpp.agreement_scope
    today = timezone.localdate()
    for n, scope in enumerate(("Dyżury w szkole.", "Dyżury w szkole i w GOPS."), start=2):
        services.agreement_amend(
            actor=sw, member=kpp, number=f"A{n}", signed_on=today, scope=scope, valid_until=None, reason=f"Aneks {n}"
        )
        kpp.refresh_from_db()
        assert kpp.agreement_version == n and kpp.agreement_scope == scope
    assert [v.scope for v in kpp.agreement_versions.order_by("version")] == [first_scope, "Dyżury w szkole."]
    with pytest.raises(ValidationError):  # nothing changed: no empty version
        services.agreement_amend(
            actor=sw, member=kpp, number="A3", signed_on=today, scope=kpp.agreement_scope, valid_until=None, reason="x"
        )
    with pytest.raises(ValidationError) as err:
        services.agreement_amend(
            actor=sw,
            member=kpp,
            number="A4",
            signed_on=today,
            scope="Inny.",
            valid_until=today - timedelta(days=1),
            reason="x",
        )
    assert "valid_until" in err.value.message_dict


def test_narrowing_a_consent_stops_sharing_the_removed_part_at_once(demo: Any) -> None:
    sw, partner = demo.user("social_worker"), demo.user("partner")
    case = h.case("Rodzina J.")
    consent = case.consents.get(organisation=demo.org("pcpr_hajnowka"), withdrawn_at__isnull=True)
    assert CasePart.DIAGNOSIS in selectors.case_access(partner, case).parts
    today = timezone.localdate()
    new = services.consent_amend(
        actor=sw,
        consent=consent,
        organisation=consent.organisation,
        parts=[CasePart.PERSONS],
        purpose=consent.purpose,
        given_by=consent.given_by,
        given_on=today,
        valid_until=consent.valid_until,
    )
    assert new.version == 2 and new.previous_id == consent.pk
    parts = selectors.case_access(partner, case).parts
    assert CasePart.PERSONS in parts and CasePart.DIAGNOSIS not in parts
    with pytest.raises(ValidationError):  # the replaced version is no longer in force
        services.consent_amend(
            actor=sw,
            consent=consent,
            organisation=consent.organisation,
            parts=[CasePart.DIAGNOSIS],
            purpose="x",
            given_by="x",
            given_on=today,
            valid_until=consent.valid_until,
        )
    services.consent_end(actor=sw, consent=new, end_kind=ConsentEnd.PURPOSE_MET, note="Poradnictwo zakończone.")
    assert CasePart.PERSONS not in selectors.case_access(partner, case).parts
    verbs = list(events_for(case).values_list("verb", flat=True)[:2])
    assert verbs == ["cooperation.consent_ended", "cooperation.consent_amended"]
    with pytest.raises(PermissionDenied):
        services.consent_end(actor=partner, consent=Consent.objects.get(pk=new.pk), end_kind="withdrawn")


def test_team_page_reads_the_changes_as_sentences(client_as: Any) -> None:
    html = client_as("police").get(reverse("cooperation:team_detail", args=[h.team().pk])).content.decode()
    assert "Zakończono członkostwo instytucji w zespole: Kuratorzy Hajnówka (rozwiązanie porozumienia za zgodą" in html
    assert "Zmieniono porozumienie z instytucją „Żubrze Gniazdo”" in html and "obowiązuje wersja 2" in html
    assert "cooperation." not in html and "mutual" not in html


def test_member_page_shows_the_agreement_and_its_earlier_versions(demo: Any, client_as: Any) -> None:
    zubry = _member("fundacja_zubry", demo)
    html = client_as("police").get(reverse("cooperation:member_detail", args=[zubry.pk])).content.decode()
    assert "Porozumienie (wersja 2)" in html and "Wcześniejsze wersje porozumienia" in html
    assert "Aneks nr 1" in html
    assert reverse("cooperation:agreement_amend", args=[zubry.pk]) not in html  # the police may not amend it


def test_member_forms_through_the_pages(demo: Any, client_as: Any) -> None:
    kpp = _member("kpp_hajnowka", demo)
    police = client_as("police")
    response = police.post(reverse("cooperation:member_edit", args=[kpp.pk]), {"level": "gmina", "representative": ""})
    assert response.status_code == 302
    kpp.refresh_from_db()
    assert kpp.level == "gmina" and not kpp.people.filter(function=TeamFunction.REPRESENTATIVE).exists()
    response = police.post(
        reverse("cooperation:member_end", args=[kpp.pk]),
        {"end_kind": "withdrew", "left_on": "0202-01-01", "reason": "x"},
    )
    assert response.status_code == 200 and "Podaj datę z lat 1900–2100." in response.content.decode()
    response = client_as("social_worker").post(
        reverse("cooperation:agreement_amend", args=[kpp.pk]),
        {"number": "A1", "signed_on": timezone.localdate().isoformat(), "scope": "Nowy.", "reason": "Aneks."},
    )
    assert response.status_code == 302
    kpp.refresh_from_db()
    assert kpp.agreement_version == 2


def test_case_page_shows_consent_versions_and_their_end(demo: Any, client_as: Any) -> None:
    html = client_as("social_worker").get(reverse("cooperation:case_detail", args=[h.case("Pan S.").pk])).content
    text = html.decode()
    assert "zastąpiona nową wersją" in text and "(wersja 2)" in text
    assert "Zmieniono zakres zgody (nowa wersja) – wersja 2 dla instytucji" in text
