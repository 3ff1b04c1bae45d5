"""Pzp qualification of contractors before the evaluation (art. 108, 109, 112 Pzp), the reserved contract checked
against the registry (art. 94 ust. 1 and 2 Pzp), art. 361 ust. 2 checked on the platform's own contracts, the BZP
notice export, the criteria page (art. 15 ust. 1 OPP, art. 242 Pzp), social clauses on OPP calls and the
publication form grouped per channel."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from kooperacja.commissioning import services
from kooperacja.commissioning.enums import CallState, ClauseKind, OfferState, QualificationResult
from kooperacja.commissioning.models import Call, Offer, OfferQualification
from kooperacja.commissioning.services import bzp, criteria, qualification
from kooperacja.core.models import AuditEvent
from kooperacja.organisations import services as org_services
from tests.conftest import login_client

D = Decimal
pytestmark = pytest.mark.django_db


def _pzp_call(demo: Any, *, mode: str = "pzp_reserved", grounds: tuple[str, ...] = ("109_4",)) -> Call:
    officer = demo.user("officer")
    today = timezone.localdate()
    call = services.call_create(
        actor=officer,
        authority=demo.org("um_hajnowka"),
        mode=mode,
        title=f"Zamówienie testowe {timezone.now().timestamp()}",
        data={
            "number": "ZP.271.99.2026",
            "task_type": "Usługi opiekuńcze dla seniorów.",
            "cpv_codes": ["85312000-9"],
            "estimated_value": D("200000.00"),
            "offer_deadline": timezone.now() + dt.timedelta(days=20),
            "selection_procedure": "Cena 60%, aspekty społeczne 40%.",
            "delivery_start": today + dt.timedelta(days=40),
            "delivery_end": today + dt.timedelta(days=400),
        },
    )
    qualification.qualification_setup_save(
        actor=officer,
        call=call,
        conditions={"112_4": "co najmniej jedna usługa opiekuńcza dla 10 osób w ostatnich 3 latach"},
        optional_grounds=list(grounds),
    )
    return services.call_publish(actor=officer, call=call, publications=[("bip", today, "https://bip.example")])


def _opened(demo: Any, build: Any, **kw: Any) -> tuple[Call, Offer, Offer]:
    call = _pzp_call(demo, **kw)
    cooperative = build.offer(call, user="pes_staff", org="ss_zubr")
    foundation = build.offer(call, user="ngo_staff", org="fundacja_puszcza")
    Call.objects.filter(pk=call.pk).update(offer_deadline=timezone.now() - dt.timedelta(minutes=1))
    call.refresh_from_db()
    call = services.call_open_offers(actor=demo.user("officer"), call=call)
    assert call.state == CallState.FORMAL_REVIEW
    return call, cooperative, foundation


def _all_yes(call: Call) -> dict[str, bool]:
    return {i.code: True for i in qualification.checklist(call)}


def _record_share(demo: Any, org: str, share: str, *, days_ago: int = 10) -> None:
    org_services.employment_share_record(
        actor=demo.user("officer"),
        organisation=demo.org(org),
        share=D(share),
        as_of=timezone.localdate() - dt.timedelta(days=days_ago),
        source="Oświadczenie wykonawcy z wykazem stanowisk",
    )


def test_checklist_has_art_108_always_and_only_the_chosen_art_109_grounds_and_set_conditions(demo: Any) -> None:
    call = _pzp_call(demo, grounds=("109_1", "109_5"))
    codes = [i.code for i in qualification.checklist(call)]
    assert codes[:6] == ["108_1", "108_2", "108_3", "108_4", "108_5", "108_6"]
    assert "109_1" in codes and "109_5" in codes and "109_4" not in codes
    assert "112_4" in codes and "112_1" not in codes  # only the conditions the notice describes
    item = next(i for i in qualification.checklist(call) if i.code == "112_4")
    assert "10 osób" in item.text and item.basis == "art. 112 ust. 2 pkt 4 Pzp"


def test_the_notice_settings_are_locked_after_publication(demo: Any) -> None:
    call = _pzp_call(demo)
    with pytest.raises(ValidationError, match="po publikacji"):
        qualification.qualification_setup_save(
            actor=demo.user("officer"), call=call, conditions={}, optional_grounds=["109_1"]
        )


def test_art94_checks_the_legal_form_and_the_recorded_share(demo: Any, build: Any) -> None:
    call, cooperative, foundation = _opened(demo, build)
    checks = {c.code: c for c in qualification.registry_checks(call, cooperative.lead_organisation)}
    assert checks["94_form"].ok is True
    assert checks["94_share"].ok is False and "brak danych" in checks["94_share"].detail
    _record_share(demo, "ss_zubr", "29.99")
    assert not {c.code: c for c in qualification.registry_checks(call, demo.org("ss_zubr"))}["94_share"].ok
    _record_share(demo, "ss_zubr", "45", days_ago=5)  # the latest record counts
    share = {c.code: c for c in qualification.registry_checks(call, demo.org("ss_zubr"))}["94_share"]
    assert share.ok and "45\u00a0%" in share.detail and "Oświadczenie" in share.detail
    assert share.basis == "art. 94 ust. 2 Pzp"
    form = {c.code: c for c in qualification.registry_checks(call, foundation.lead_organisation)}["94_form"]
    assert form.ok is False and "fundacja" in form.detail


def test_a_share_older_than_a_year_before_the_deadline_does_not_count(demo: Any, build: Any) -> None:
    call, cooperative, _f = _opened(demo, build)
    _record_share(demo, "ss_zubr", "60", days_ago=400)
    check = {c.code: c for c in qualification.registry_checks(call, cooperative.lead_organisation)}["94_share"]
    assert check.ok is False and "starsze niż 12 miesięcy" in check.detail


def test_qualified_offer_goes_to_evaluation_and_excluded_is_rejected_with_reason(demo: Any, build: Any) -> None:
    call, cooperative, foundation = _opened(demo, build)
    officer = demo.user("officer")
    _record_share(demo, "ss_zubr", "40")
    with pytest.raises(ValidationError, match="Nie można zakwalifikować"):
        qualification.offer_qualify(
            actor=officer,
            offer=foundation,
            answers=_all_yes(call),
            result=QualificationResult.QUALIFIED,
        )
    assert Offer.objects.get(pk=foundation.pk).state == OfferState.SUBMITTED  # a refused step changes nothing
    with pytest.raises(ValidationError):
        qualification.offer_qualify(
            actor=officer, offer=foundation, answers=_all_yes(call), result=QualificationResult.EXCLUDED, reason=" "
        )
    record = qualification.offer_qualify(
        actor=officer,
        offer=foundation,
        answers=_all_yes(call),
        result=QualificationResult.EXCLUDED,
        reason="Fundacja nie jest podmiotem, o którym mowa w art. 94 ust. 1 Pzp.",
    )
    foundation.refresh_from_db()
    assert foundation.state == OfferState.FORMALLY_REJECTED
    assert "art. 94 ust. 1 Pzp" in foundation.formal_rejection_reason
    assert record.checks and {c["code"] for c in record.checks} == {"94_form", "94_share"}

    answers = _all_yes(call) | {"108_3": False}
    with pytest.raises(ValidationError):
        qualification.offer_qualify(
            actor=officer, offer=cooperative, answers=answers, result=QualificationResult.QUALIFIED
        )
    qualification.offer_qualify(
        actor=officer, offer=cooperative, answers=_all_yes(call), result=QualificationResult.QUALIFIED
    )
    cooperative.refresh_from_db()
    assert cooperative.state == OfferState.ELIGIBLE
    assert AuditEvent.objects.filter(verb="commissioning.offer_qualified", target_id=str(cooperative.pk)).exists()
    with pytest.raises(ValidationError, match="już rozstrzygnięta"):
        qualification.offer_qualify(
            actor=officer, offer=cooperative, answers=_all_yes(call), result=QualificationResult.QUALIFIED
        )
    call = services.call_finish_formal_review(actor=officer, call=call)
    assert call.state == CallState.COMMISSION_OPINION


def test_pzp_offer_cannot_skip_qualification_through_the_formal_decision(demo: Any, build: Any) -> None:
    _call, cooperative, _f = _opened(demo, build)
    with pytest.raises(ValidationError, match="kwalifikacja wykonawcy"):
        services.offer_formal_decision(actor=demo.user("officer"), offer=cooperative, eligible=True)
    assert Offer.objects.get(pk=cooperative.pk).state == OfferState.SUBMITTED


def test_only_the_office_qualifies(demo: Any, build: Any) -> None:
    call, cooperative, _f = _opened(demo, build)
    with pytest.raises(PermissionDenied):
        qualification.offer_qualify(
            actor=demo.user("pes_staff"),
            offer=cooperative,
            answers=_all_yes(call),
            result=QualificationResult.QUALIFIED,
        )
    assert not OfferQualification.objects.filter(offer=cooperative).exists()


def test_art361_history_is_checked_against_the_platforms_contracts(demo: Any) -> None:
    from kooperacja.commissioning.models import Contract

    call = _pzp_call(demo, mode="pzp_social")
    services.clause_add(
        actor=demo.user("officer"),
        call=call,
        kind=ClauseKind.ART_361,
        parameters={"services": "usługi opiekuńcze", "years": 2},
    )
    codes = [i.code for i in qualification.checklist(call)]
    assert {"361_1", "361_2", "361_3"} <= set(codes)
    contract = Contract.objects.filter(authority=call.authority).select_related("contractor").first()
    check = {c.code: c for c in qualification.registry_checks(call, contract.contractor)}["361_4"]
    # the demo's contract comes from an OPP competition, not from a reservation under art. 361: not an obstacle
    assert check.ok is True and check.basis == "art. 361 ust. 2 pkt 4 Pzp"
    Contract.objects.filter(pk=contract.pk).update(call=call, signed_on=timezone.localdate() - dt.timedelta(days=400))
    check = {c.code: c for c in qualification.registry_checks(call, contract.contractor)}["361_4"]
    assert check.ok is False and contract.number in check.detail


def test_employment_share_is_bounded_and_needs_a_source(demo: Any) -> None:
    officer = demo.user("officer")
    with pytest.raises(ValidationError):
        org_services.employment_share_record(
            actor=officer, organisation=demo.org("ss_zubr"), share=D("120"), as_of=timezone.localdate(), source="x"
        )
    with pytest.raises(ValidationError):
        org_services.employment_share_record(
            actor=officer, organisation=demo.org("ss_zubr"), share=D("40"), as_of=timezone.localdate(), source=" "
        )
    with pytest.raises(PermissionDenied):
        org_services.employment_share_record(
            actor=demo.user("pes_staff"),
            organisation=demo.org("fundacja_puszcza"),
            share=D("40"),
            as_of=timezone.localdate(),
            source="Oświadczenie",
        )


def test_qualification_pages_walk_the_officer_through(demo: Any, build: Any, client: Any) -> None:
    call, cooperative, _f = _opened(demo, build)
    login_client(client, demo.user("officer"))
    page = client.get(reverse("commissioning:call_qualification", kwargs={"pk": call.pk})).content.decode()
    assert "art. 108 ust. 1 pkt 1 Pzp" in page and "Przeprowadź kwalifikację" in page
    url = reverse("commissioning:offer_qualification", kwargs={"pk": cooperative.pk})
    page = client.get(url).content.decode()
    assert "art. 94 ust. 2 Pzp" in page and "Brak danych o udziale zatrudnionych" in page
    response = client.post(
        url,
        {
            "action": "share",
            "u-share": "150",
            "u-as_of": timezone.localdate().isoformat(),
            "u-source": "Oświadczenie",
        },
    )
    assert response.status_code == 200 and 'id="id_u-share_error"' in response.content.decode()  # at the field
    assert not demo.org("ss_zubr").employment_shares.exists()
    response = client.post(
        url,
        {
            "action": "share",
            "u-share": "35,5",
            "u-as_of": timezone.localdate().isoformat(),
            "u-source": "Oświadczenie z 20.11.2026",
        },
    )
    assert response.status_code == 302
    data = {"action": "decide", "result": "qualified"} | {f"i_{code}": "on" for code in _all_yes(call)}
    assert client.post(url, data).status_code == 302
    assert Offer.objects.get(pk=cooperative.pk).state == OfferState.ELIGIBLE
    page = client.get(url).content.decode()
    assert "Stan z chwili rozstrzygnięcia" in page and "35,5" in page


def test_bzp_export_in_form_order_with_local_times(demo: Any, client: Any) -> None:
    call = _pzp_call(demo)
    deadline = timezone.make_aware(dt.datetime(2026, 12, 30, 15, 0))  # 14:00 UTC
    Call.objects.filter(pk=call.pk).update(offer_deadline=deadline)
    call.refresh_from_db()
    titles = [s.title.split(" – ")[0] for s in bzp.notice_sections(call)]
    assert titles == ["SEKCJA I", "SEKCJA II", "SEKCJA IV", "SEKCJA V", "SEKCJA VI", "SEKCJA VIII"]
    text = bzp.notice_text(call)
    assert "Termin składania ofert (czas polski): 30.12.2026 15:00" in text
    assert "14:00" not in text.split("Termin składania ofert")[1].splitlines()[0]
    assert "art. 94 ust. 1 Pzp" in text and "85312000-9" in text
    data = json.loads(bzp.notice_json(call))
    assert data["sekcje"][0]["sekcja"].startswith("SEKCJA I")
    login_client(client, demo.user("officer"))
    url = reverse("commissioning:call_bzp", kwargs={"pk": call.pk})
    response = client.get(url + "?pobierz=txt")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert "30.12.2026 15:00" in response.content.decode()
    assert client.get(url + "?pobierz=xml").status_code == 404


def test_criteria_defaults_rules_and_lock(demo: Any, build: Any) -> None:
    officer = demo.user("officer")
    draft = build.call(publish=False)
    lines = criteria.criteria_defaults(draft)
    assert [line.basis for line in lines][:3] == [
        "art. 15 ust. 1 pkt 1 OPP",
        "art. 15 ust. 1 pkt 2 OPP",
        "art. 15 ust. 1 pkt 3 OPP",
    ]
    # an OPP call may not drop a criterion of art. 15 ust. 1
    with pytest.raises(ValidationError, match=r"art\. 15 ust\. 1 pkt 2 OPP"):
        criteria.criteria_save(actor=officer, call=draft, lines=[lines[0], *lines[2:]])
    own = criteria.CriterionLine("Zasięg działań w sołectwach", criteria.OWN_BASIS, D("5"))
    saved = criteria.criteria_save(actor=officer, call=draft, lines=[*lines, own])
    assert saved[-1].name == "Zasięg działań w sołectwach" and len(saved) == len(lines) + 1

    pzp = services.call_create(
        actor=officer, authority=demo.org("um_hajnowka"), mode="pzp_social", title="Pzp – kryteria"
    )
    price = criteria.CriterionLine("cena", "art. 242 ust. 1 Pzp", D("0"), D("70"))
    social = criteria.CriterionLine("aspekty społeczne", "art. 242 ust. 2 pkt 2 Pzp", D("0"), D("20"))
    with pytest.raises(ValidationError, match="100"):
        criteria.criteria_save(actor=officer, call=pzp, lines=[price, social])
    only_social = criteria.CriterionLine("aspekty", "art. 242 ust. 2 pkt 2 Pzp", D("0"), D("100"))
    with pytest.raises(ValidationError, match="cena lub koszt"):
        criteria.criteria_save(actor=officer, call=pzp, lines=[only_social])
    accessibility = criteria.CriterionLine("dostępność", "art. 242 ust. 2 pkt 1 Pzp", D("0"), D("10"))
    saved = criteria.criteria_save(actor=officer, call=pzp, lines=[price, social, accessibility])
    assert [c.max_points for c in saved] == [D("70"), D("20"), D("10")]  # Pzp points are the weights

    published = build.call()
    with pytest.raises(ValidationError, match="zablokowane"):
        criteria.criteria_save(actor=officer, call=published, lines=criteria.criteria_defaults(published))
    assert not officer.has_perm("commissioning.edit_criteria", published)


def test_criteria_page_saves_a_formset_and_refuses_weights_not_summing_to_100(demo: Any, client: Any) -> None:
    officer = demo.user("officer")
    call = services.call_create(
        actor=officer, authority=demo.org("um_hajnowka"), mode="pzp_social", title="Pzp – strona kryteriów"
    )
    login_client(client, officer)
    url = reverse("commissioning:call_criteria", kwargs={"pk": call.pk})
    assert "Wczytaj kryteria domyślne" in client.get(url).content.decode()
    base = {"k-TOTAL_FORMS": "2", "k-INITIAL_FORMS": "0", "k-MIN_NUM_FORMS": "0", "k-MAX_NUM_FORMS": "15"}
    rows = {
        "k-0-name": "cena",
        "k-0-basis": "art. 242 ust. 1 Pzp",
        "k-0-weight": "60",
        "k-1-name": "aspekty społeczne",
        "k-1-basis": "art. 242 ust. 2 pkt 2 Pzp",
        "k-1-weight": "30",
    }
    response = client.post(url, base | rows)
    assert response.status_code == 200 and "sumować się do 100" in response.content.decode()
    assert client.post(url, base | rows | {"k-1-weight": "40"}).status_code == 302
    assert [c.weight for c in call.criteria.order_by("order")] == [D("60"), D("40")]


def test_social_clauses_on_an_opp_call_with_the_opp_basis(demo: Any, build: Any, client: Any) -> None:
    officer = demo.user("officer")
    call = build.call(publish=False)
    clause = services.clause_add(
        actor=officer,
        call=call,
        kind=ClauseKind.OPP_CONDITIONS,
        parameters={"groups": ["bezrobotni"], "people": 2, "months": 6},
    )
    assert "(liczba osób: 2)" in clause.text and "bezrobotni" in clause.text
    assert clause.template.basis == "art. 13 ust. 2 pkt 4 OPP"
    with pytest.raises(ValidationError, match="postępowań Pzp"):
        services.clause_add(actor=officer, call=call, kind=ClauseKind.ART_94, parameters={"percent": 30})
    login_client(client, officer)
    page = client.get(reverse("commissioning:clauses", kwargs={"pk": call.pk})).content.decode()
    assert "art. 15 ust. 1 OPP" in page and "art. 94 Pzp" not in page.split("Dodaj klauzulę")[1].split("</form>")[0]


def test_publication_form_has_one_fieldset_per_channel(demo: Any, build: Any, client: Any) -> None:
    call = build.call(publish=False)
    login_client(client, demo.user("officer"))
    page = client.get(reverse("commissioning:call_publish", kwargs={"pk": call.pk})).content.decode()
    assert page.count('<fieldset class="channel">') == 3
    for name in ("Biuletyn Informacji Publicznej", "Tablica ogłoszeń urzędu", "Strona internetowa organu"):
        assert f"<legend>{name}" in page
    response = client.post(reverse("commissioning:call_publish", kwargs={"pk": call.pk}), {"bip_today": "on"})
    body = response.content.decode()
    assert response.status_code == 200 and "Tablica ogłoszeń urzędu – data publikacji" in body
    assert Call.objects.get(pk=call.pk).state == CallState.DRAFT
