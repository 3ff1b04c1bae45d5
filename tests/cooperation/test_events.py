"""The cooperation vocabulary: every verb recorded is declared, and pages show labels, never codes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.urls import reverse

from kooperacja.cooperation import services
from kooperacja.cooperation.enums import CaseKind, CasePart
from kooperacja.cooperation.events import ITEM_EVENTS, REFERRAL_EVENTS, CooperationEvent
from kooperacja.cooperation.workflows import REFERRAL_WF
from kooperacja.core.events import is_declared, label_for
from kooperacja.core.models import AuditEvent
from tests.cooperation import helpers as h

APP = Path(__file__).resolve().parents[2] / "src" / "kooperacja" / "cooperation"


def test_every_verb_is_declared_with_a_sentence_label() -> None:
    for verb in CooperationEvent:
        assert verb.value.startswith("cooperation.")
        assert is_declared(verb.value)
        label = str(verb.label)
        assert label[0].isupper() and "cooperation" not in label, verb
    # the verbs derived from names (referral transitions, meeting item kinds) are all declared
    assert set(REFERRAL_EVENTS) == {t.name for t in REFERRAL_WF}
    assert set(ITEM_EVENTS) == {"decision", "task"}


def test_the_app_records_only_through_its_recorder() -> None:
    for path in APP.rglob("*.py"):
        text = path.read_text()
        assert "record_event(" not in text, path
        assert not re.search(r'verb="cooperation\.', text), path


def test_every_event_of_the_demo_is_declared(demo: Any) -> None:
    verbs = set(AuditEvent.objects.filter(verb__startswith="cooperation.").values_list("verb", flat=True))
    assert verbs, "the demo records cooperation events"
    assert {v for v in verbs if not is_declared(v)} == set()


def test_case_timeline_shows_labels_not_codes(demo: Any, client_as: Any) -> None:
    from kooperacja.core.audit import events_for

    case = h.case("Rodzina J.")
    text = client_as("social_worker").get(reverse("cooperation:case_detail", args=[case.pk])).content.decode()
    assert "cooperation." not in text
    assert 'class="timeline"' in text
    for e in events_for(case)[:15]:
        assert label_for(e.verb) in text, e.verb
    # a fresh case: its first event reads as a sentence, never as `cooperation.case_opened`
    team = h.team()
    fresh = services.case_open(
        actor=demo.user("social_worker"),
        team=team,
        owner=demo.org("gops_narewka"),
        kind=CaseKind.PERSON,
        title="Nowa sprawa",
        gmina=team.gmina,
    )
    text = client_as("social_worker").get(reverse("cooperation:case_detail", args=[fresh.pk])).content.decode()
    assert "cooperation.case_opened" not in text
    assert "Otwarto sprawę" in text


def test_referral_timeline_shows_labels_not_codes(client_as: Any) -> None:
    referral = h.referral("Rodzina J.", "PCPR Hajnówka")
    text = client_as("partner").get(reverse("cooperation:referral_detail", args=[referral.pk])).content.decode()
    assert "cooperation." not in text
    assert str(label_for("cooperation.referral_sent")) in text


def test_consent_parts_show_their_labels(client_as: Any) -> None:
    text = (
        client_as("social_worker")
        .get(reverse("cooperation:case_detail", args=[h.case("Rodzina J.").pk]))
        .content.decode()
    )
    # the PCPR consent opens persons and diagnosis: shown by name, never as "diagnosis, persons"
    assert "diagnosis, persons" not in text
    assert f"{CasePart.PERSONS.label}, {CasePart.DIAGNOSIS.label}" in text
    assert "<td>programme</td>" not in text
    assert str(CasePart.PROGRAMME.label) in text


def test_referral_page_names_the_shared_parts(client_as: Any) -> None:
    referral = h.referral("Rodzina J.", "PCPR Hajnówka")
    text = client_as("partner").get(reverse("cooperation:referral_detail", args=[referral.pk])).content.decode()
    assert str(CasePart.SUMMARY.label) in text and str(CasePart.DIAGNOSIS.label) in text
    assert "summary" not in text.split("Udostępnione części sprawy", 1)[1].split("</dd>", 1)[0]


def test_access_log_names_the_parts(client_as: Any) -> None:
    case = h.case("Rodzina J.")
    client_as("partner").get(reverse("cooperation:case_detail", args=[case.pk]))
    text = client_as("social_worker").get(reverse("cooperation:case_log", args=[case.pk])).content.decode()
    assert "diagnosis,persons" not in text
    assert str(CasePart.DIAGNOSIS.label) in text
