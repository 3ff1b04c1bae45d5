"""Pages: the journeys through the views, and query counts that do not grow with the data."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kooperacja.core.actors import SYSTEM
from kooperacja.participation import identity, services
from kooperacja.participation.models import Ballot, Comment, Tally, VoterRecord
from tests.participation import helpers as h


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _add_votes(pleb: Any, n: int) -> None:
    """n more votes, written as the vote service writes them (records, anonymous ballots, tally increments)."""
    cid = pleb.candidates.order_by("number").values_list("pk", flat=True).first()
    today = timezone.localdate()
    VoterRecord.objects.bulk_create(
        VoterRecord(plebiscite=pleb, voter_key=uuid.uuid4().hex, channel="online", voted_on=today) for _ in range(n)
    )
    Ballot.objects.bulk_create(
        Ballot(plebiscite=pleb, channel="online", choices=[cid], receipt_hash=uuid.uuid4().hex) for _ in range(n)
    )
    tally = Tally.objects.filter(candidate_id=cid, channel="online").first()
    Tally.objects.filter(pk=tally.pk).update(votes=tally.votes + n)


def test_results_page_in_constant_queries_at_10_and_1000_votes(demo: Any, client_as: Any) -> None:
    pleb = h.plebiscite()
    now = timezone.now()
    services.phase_reschedule(
        actor=SYSTEM, phase=pleb.voting_phase, starts_at=now - timedelta(days=9), ends_at=now - timedelta(hours=1)
    )
    client = client_as("resident")
    url = reverse("participation:results", args=[pleb.pk])
    _add_votes(pleb, 10)
    small = _queries(client, url)
    _add_votes(pleb, 1000)
    large = _queries(client, url)
    assert small == large
    page = client.get(url).content.decode()
    assert "<svg" in page and "<table>" in page and "Głosy na propozycje" in page


def test_process_page_in_constant_queries_whatever_the_discussion(demo: Any, client_as: Any) -> None:
    p = h.process()
    client = client_as("resident")
    url = p.get_absolute_url()
    small = _queries(client, url)
    parent = h.comment()
    for i in range(40):
        Comment.objects.create(
            process=p, author=demo.user("officer"), body=f"Uwaga {i}", parent=parent if i % 2 else None
        )
    assert _queries(client, url) == small


def test_resident_comments_from_the_page(demo: Any, client_as: Any) -> None:
    client = client_as("resident")
    p = h.process()
    response = client.post(reverse("participation:comment_add", args=[p.pk]), {"body": "Więcej zieleni przy wejściu."})
    assert response.status_code == 302
    page = client.get(p.get_absolute_url()).content.decode()
    assert "Więcej zieleni przy wejściu." in page


def test_vote_then_second_attempt_is_refused_with_a_clear_message(demo: Any, client_as: Any) -> None:
    client = client_as("resident")
    pleb = h.plebiscite()
    url = reverse("participation:vote", args=[pleb.pk])
    cid = pleb.candidates.order_by("number").values_list("pk", flat=True).first()
    data = {"choices": [cid], "pesel": h.valid_pesel(), "confirm": "on"}
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == reverse("participation:receipt")
    receipt = client.get(reverse("participation:receipt")).content.decode()
    assert "Twój kod potwierdzenia" in receipt
    again = client.post(url, data).content.decode()
    assert "Już oddano Twój głos" in again
    assert VoterRecord.objects.filter(plebiscite=pleb, user=demo.user("resident")).count() == 1


def test_receipt_check_says_counted_without_the_choice(demo: Any, client: Any) -> None:
    pleb = h.plebiscite()
    cid = pleb.candidates.order_by("number").first()
    code = services.vote_cast(actor=demo.user("resident"), plebiscite=pleb, choices=[cid.pk], pesel=h.valid_pesel())
    page = client.post(reverse("participation:receipt"), {"receipt": code}).content.decode()
    assert "jest policzony" in page and cid.title not in page
    assert identity.receipt_hash(code) != code


def test_officer_enters_a_paper_ballot_and_resolves_the_collision(demo: Any, client_as: Any) -> None:
    client = client_as("officer")
    pleb = h.plebiscite()
    cid = pleb.candidates.order_by("number").values_list("pk", flat=True).first()
    url = reverse("participation:paper_ballots", args=[pleb.pk])
    response = client.post(
        url, {"number": 777, "full_name": "Anna Nowak", "pesel": h.valid_pesel(serial=7777), "choices": [cid]}
    )
    assert response.status_code == 302
    pending = pleb.paper_ballots.get(state="pending")
    response = client.post(
        reverse("participation:ballot_resolve", args=[pending.pk]),
        {"decision": "invalidate", "reason": "Głosowała już przez internet."},
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.state == "invalid"


def test_exports_neutralise_formulas_and_pdf_renders(demo: Any, client: Any) -> None:
    square = h.plebiscite(h.SQUARE)
    csv = client.get(reverse("participation:results_export", args=[square.pk, "csv"]))
    assert csv.status_code == 200 and "Skwer Kolejarzy" in csv.content.decode("utf-8-sig")
    xlsx = client.get(reverse("participation:results_export", args=[square.pk, "xlsx"]))
    assert xlsx.content[:2] == b"PK"
    pdf = client.get(reverse("participation:results_pdf", args=[square.pk]))
    assert pdf.content[:4] == b"%PDF"
    report = client.get(reverse("participation:report_pdf", args=[h.process(h.FINISHED).pk]))
    assert report.content[:4] == b"%PDF"


def test_moderator_hides_a_comment_from_the_queue(demo: Any, client: Any) -> None:
    from tests.conftest import login_client

    login_client(client, h.moderator())
    assert client.get(reverse("participation:moderation")).status_code == 200
    c = h.comment()
    response = client.post(reverse("participation:comment_moderate", args=[c.pk]), {"reason": "Narusza zasady."})
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.hidden_reason == "Narusza zasady."


def test_officer_sets_the_rules_before_voting_and_they_freeze_after(demo: Any, client_as: Any) -> None:
    client = client_as("officer")
    um = demo.org("um_hajnowka")
    p = services.process_create(
        actor=SYSTEM, authority=um, territory=um.territory, kind="plebiscite", title="Nowy plebiscyt",
        subject_kind="free", description="Opis",
    )  # fmt: skip
    now = timezone.now()
    phase = services.phase_add(
        actor=SYSTEM, process=p, kind="voting", starts_at=now + timedelta(days=2), ends_at=now + timedelta(days=9),
        allows=("vote",),
    )  # fmt: skip
    url = reverse("participation:plebiscite_rules", args=[p.pk])
    data = {"voting_phase": phase.pk, "max_choices": 2, "min_age": 16, "online": "on", "areas": "Centrum\nBielsza"}
    assert client.post(url, data).status_code == 302
    p.plebiscite.refresh_from_db()
    assert (p.plebiscite.max_choices, p.plebiscite.min_age, p.plebiscite.areas) == (2, 16, ["Centrum", "Bielsza"])
    motif = h.plebiscite().process
    frozen = client.post(
        reverse("participation:plebiscite_rules", args=[motif.pk]),
        {**data, "voting_phase": h.plebiscite().voting_phase_id},
    )
    assert frozen.status_code == 200 and "zasady są zamrożone" in frozen.content.decode()


def test_officer_builds_a_survey_and_adds_a_document_section(demo: Any, client_as: Any) -> None:
    client = client_as("officer")
    p = h.process()
    response = client.post(
        reverse("participation:survey_create", args=[p.pk]),
        {"title": "Druga ankieta", "text_1": "Ulubiony dzień?", "kind_1": "single", "options_1": "sobota\nniedziela",
         "text_2": "Uwagi", "kind_2": "open"},
    )  # fmt: skip
    assert response.status_code == 302
    survey = p.surveys.get(title="Druga ankieta")
    assert [(q.kind, q.options) for q in survey.questions.all()] == [("single", ["sobota", "niedziela"]), ("open", [])]
    bad = client.post(
        reverse("participation:survey_create", args=[p.pk]), {"title": "Zła", "text_1": "?", "kind_1": "single"}
    )
    assert bad.status_code == 200 and "co najmniej dwóch odpowiedzi" in bad.content.decode()
    assert (
        client.post(
            reverse("participation:section_add", args=[p.pk]), {"title": "Ogród", "text": "Ogród na dachu."}
        ).status_code
        == 302
    )
    assert p.sections.filter(title="Ogród", number=4).exists()


def test_process_page_has_unique_ids_so_every_label_names_its_own_field(demo: Any, client_as: Any) -> None:
    """The comment and proposal forms both have a `body` field: without a prefix the label "Twoja uwaga" pointed
    at the proposal's textarea (found by the browser test)."""
    import re
    from collections import Counter

    page = client_as("resident").get(h.process().get_absolute_url()).content.decode()
    ids = Counter(re.findall(r'\sid="([^"]+)"', page))
    assert [i for i, n in ids.items() if n > 1] == []


def test_resident_submits_a_proposal_from_the_page(demo: Any, client_as: Any) -> None:
    client = client_as("resident")
    p = h.process()
    response = client.post(
        reverse("participation:proposal_add", args=[p.pk]),
        {"p-title": "Ławki w ogrodzie", "p-body": "Kilka ławek w ogrodzie za budynkiem."},
    )
    assert response.status_code == 302
    assert p.proposals.filter(title="Ławki w ogrodzie", author=demo.user("resident")).exists()
