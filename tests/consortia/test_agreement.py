"""Amending the consortium agreement after founding: a resolution of the general meeting with the proposed terms,
decided by the qualified majority, applied only when adopted, with numbered versions and their history."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kooperacja.consortia import services
from kooperacja.consortia.models import AgreementVersion, Consortium
from kooperacja.core.models import AuditEvent

from . import helpers as h

VOTERS = ("coordinator", "pes_staff", "ngo_staff")


def _vote(demo: Any, res: Any, choice: str = "for", who: tuple[str, ...] = VOTERS) -> None:
    for key in who:
        services.vote_cast(actor=demo.user(key), resolution=res, member=h.member_of(demo, key), choice=choice)


def test_an_adopted_amendment_changes_the_terms_and_records_a_version(demo: Any) -> None:
    c, coordinator = h.consortium(), demo.user("coordinator")
    before = services.terms_of(c)
    res = services.amendment_draft(
        actor=coordinator,
        consortium=c,
        title="Zmiana zasad podejmowania decyzji",
        text="Uzasadnienie.",
        proposed={**before, "decision_rules": "Zgromadzenie decyduje w sprawach strategicznych.", "quorum_percent": 60},
    )
    assert res.kind == "amend_agreement" and res.body.kind == "general_meeting"
    assert res.amendment.changes == {
        "decision_rules": "Zgromadzenie decyduje w sprawach strategicznych.",
        "quorum_percent": "60",
    }
    c.refresh_from_db()
    assert c.quorum_percent == int(before["quorum_percent"])  # nothing changes before the vote
    res = services.resolution_open_vote(actor=coordinator, resolution=res)
    assert res.majority == c.membership_majority  # the qualified majority of the agreement
    _vote(demo, res)
    versions_before = AgreementVersion.objects.filter(consortium=c).count()
    res = services.resolution_close(actor=coordinator, resolution=res)
    assert res.status == "adopted"
    c.refresh_from_db()
    assert c.quorum_percent == 60 and c.decision_rules.startswith("Zgromadzenie decyduje")
    latest = AgreementVersion.objects.filter(consortium=c).order_by("-number").first()
    assert latest.resolution == res and sorted(latest.changed) == ["decision_rules", "quorum_percent"]
    assert latest.terms["quorum_percent"] == "60"
    assert AgreementVersion.objects.filter(consortium=c).count() == versions_before + (2 if versions_before == 0 else 1)
    first = AgreementVersion.objects.get(consortium=c, number=1)
    assert first.resolution is None
    assert AuditEvent.objects.filter(verb="consortium.agreement_amended", target_id=str(c.pk)).exists()


def test_a_rejected_amendment_changes_nothing(demo: Any) -> None:
    c, coordinator = h.consortium(), demo.user("coordinator")
    terms = services.terms_of(c)
    res = services.amendment_draft(
        actor=coordinator,
        consortium=c,
        title="Zmiana",
        text="U.",
        proposed={**terms, "exit_rules": "Bez wypowiedzenia."},
    )
    res = services.resolution_open_vote(actor=coordinator, resolution=res)
    _vote(demo, res, "against")
    res = services.resolution_close(actor=coordinator, resolution=res)
    assert res.status == "rejected"
    assert services.terms_of(Consortium.objects.get(pk=c.pk)) == terms
    assert not AgreementVersion.objects.filter(resolution=res).exists()


def test_an_amendment_must_change_something_valid(demo: Any) -> None:
    c, coordinator = h.consortium(), demo.user("coordinator")
    terms = services.terms_of(c)
    with pytest.raises(ValidationError, match="nie zmienia żadnego"):
        services.amendment_draft(actor=coordinator, consortium=c, title="Nic", text="U.", proposed=terms)
    with pytest.raises(ValidationError):  # the agreement's own rule (quorum 0-100 %), checked before the vote
        services.amendment_draft(
            actor=coordinator, consortium=c, title="Źle", text="U.", proposed={**terms, "quorum_percent": 140}
        )
    with pytest.raises(ValidationError, match="na stronie umowy"):  # not through the generic resolution form
        services.resolution_draft(
            actor=coordinator,
            consortium=c,
            body=c.bodies.get(kind="general_meeting"),
            title="Zmiana",
            text="U.",
            kind="amend_agreement",
        )
    with pytest.raises(PermissionDenied):  # only the office drafts
        services.amendment_draft(
            actor=demo.user("pes_staff"), consortium=c, title="Z", text="U.", proposed={**terms, "exit_rules": "X"}
        )


def test_the_agreement_page_shows_versions_and_the_form_drafts_a_resolution(demo: Any, client_as: Any) -> None:
    c = h.consortium()
    client = client_as("coordinator")
    page = client.get(reverse("consortia:agreement", kwargs={"pk": c.pk})).content.decode()
    assert "Obowiązujące postanowienia" in page and "Historia wersji" in page
    assert "Zmieniona uchwałą" in page  # the demo's adopted amendment (consortia_governance)
    url = reverse("consortia:amendment_create", kwargs={"pk": c.pk})
    form = client.get(url).content.decode()
    assert c.exit_rules[:20] in form  # prefilled with the current terms
    data = {name: value for name, value in services.terms_of(c).items()}
    data.update(
        {"title": "Zmiana reprezentacji", "text": "Nowy pełnomocnik.", "representation": "Reprezentuje zarząd."}
    )
    response = client.post(url, data)
    assert response.status_code == 302
    res = c.resolutions.get(title="Zmiana reprezentacji")
    assert res.amendment.changes == {"representation": "Reprezentuje zarząd."}
    shown = client.get(reverse("consortia:resolution", kwargs={"pk": res.pk})).content.decode()
    assert "Proponowane brzmienie zmienianych postanowień umowy" in shown and "Reprezentuje zarząd." in shown
    bad = client.post(url, {**data, "title": "Źle", "quorum_percent": "140"})
    assert bad.status_code == 200 and not c.resolutions.filter(title="Źle").exists()
    assert client_as("pes_staff").get(url).status_code == 403
    assert client_as("officer").get(reverse("consortia:agreement", kwargs={"pk": c.pk})).status_code == 404


def test_the_demo_amendment(demo: Any) -> None:
    c = h.consortium()
    amended = AgreementVersion.objects.filter(consortium=c, resolution__isnull=False).get()
    assert amended.number == 2 and amended.changed == ["exit_rules"] and c.exit_rules == amended.terms["exit_rules"]
