from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kooperacja.commissioning import legal, selectors, services
from kooperacja.commissioning.enums import CallState, OfferState, ReportState
from kooperacja.commissioning.models import Call, ConflictDeclaration, Offer, Score
from kooperacja.commissioning.services import ActionLine, BudgetLine, PartnerLine
from kooperacja.core.models import AuditEvent
from kooperacja.demo.scenarios.commissioning import FINISHED_TITLE, OPEN_TITLE

D = Decimal
pytestmark = pytest.mark.django_db


def finished() -> Call:
    return Call.objects.get(title=FINISHED_TITLE)


# --- announcement (art. 13 OPP) ---------------------------------------------------------------------------


def test_publish_refuses_missing_elements_and_names_the_article(build: Any, demo: Any) -> None:
    call = build.call(publish=False, award_rules="", previous_tasks="")
    with pytest.raises(ValidationError) as exc:
        services.call_publish(
            actor=demo.user("officer"),
            call=call,
            publications=[(ch, timezone.localdate(), "") for ch in ("bip", "notice_board", "website")],
        )
    text = " ".join(exc.value.messages)
    assert "art. 13 ust. 2 pkt 3 OPP" in text
    assert "art. 13 ust. 2 pkt 7 OPP" in text
    assert Call.objects.get(pk=call.pk).state == CallState.DRAFT


def test_publish_refuses_deadline_under_21_days_after_last_publication(build: Any, demo: Any) -> None:
    call = build.call(publish=False, deadline_days=25)
    deadline_day = timezone.localtime(call.offer_deadline).date()
    too_late = deadline_day - dt.timedelta(days=20)
    with pytest.raises(ValidationError) as exc:
        services.call_publish(
            actor=demo.user("officer"),
            call=call,
            publications=[
                ("bip", too_late, ""),
                ("notice_board", too_late, ""),
                ("website", too_late - dt.timedelta(days=3), ""),
            ],
        )
    assert "art. 13 ust. 1 OPP" in " ".join(exc.value.messages)
    ok_day = deadline_day - dt.timedelta(days=legal.OFFER_MIN_DAYS_AFTER_PUBLICATION.value)
    call = services.call_publish(
        actor=demo.user("officer"),
        call=call,
        publications=[(ch, ok_day, "") for ch in ("bip", "notice_board", "website")],
    )
    assert call.state == CallState.PUBLISHED
    assert call.publications.count() == 3


def test_publish_requires_all_three_channels(build: Any, demo: Any) -> None:
    call = build.call(publish=False)
    with pytest.raises(ValidationError) as exc:
        services.call_publish(actor=demo.user("officer"), call=call, publications=[("bip", timezone.localdate(), "")])
    assert "art. 13 ust. 3 OPP" in " ".join(exc.value.messages)


def test_only_the_authority_publishes(build: Any, demo: Any) -> None:
    call = build.call(publish=False)
    for key in ("admin", "commission", "coordinator"):
        with pytest.raises(PermissionDenied):
            services.call_publish(actor=demo.user(key), call=call, publications=[])


# --- offers: the seal, the deadline, limits ---------------------------------------------------------------


def test_sealed_offer_is_invisible_to_everyone_but_its_offerors(build: Any, demo: Any) -> None:
    call = build.call()
    offer = build.offer(call)
    for key in ("officer", "admin", "commission", "coordinator", "analyst"):
        assert not selectors.offers_visible_to(demo.user(key)).filter(pk=offer.pk).exists(), key
    assert selectors.offers_visible_to(demo.user("pes_staff")).filter(pk=offer.pk).exists()
    assert selectors.submitted_count(call) == 1
    build.past_deadline(call)
    assert selectors.offers_visible_to(demo.user("officer")).filter(pk=offer.pk).exists()
    assert selectors.offers_visible_to(demo.user("admin")).filter(pk=offer.pk).exists()


def test_late_submission_is_refused_and_nothing_is_stored(build: Any, demo: Any) -> None:
    call = build.call()
    offer = build.offer(call, submit=False)
    build.past_deadline(call)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.offer_submit(actor=demo.user("pes_staff"), offer=offer)
    assert "nic nie zapisano" in exc.value.messages[0]
    offer.refresh_from_db()
    assert offer.state == OfferState.DRAFT
    assert offer.submitted_at is None and offer.number == ""
    assert AuditEvent.objects.count() == events
    with pytest.raises(ValidationError):
        services.offer_create(actor=demo.user("pes_staff"), call=call, lead_organisation=demo.org("ss_zubr"), title="x")


def test_withdraw_and_resubmit_only_before_the_deadline(build: Any, demo: Any) -> None:
    call = build.call()
    offer = build.offer(call)
    user = demo.user("pes_staff")
    offer = services.offer_withdraw(actor=user, offer=offer)
    assert offer.state == OfferState.WITHDRAWN
    offer = services.offer_reopen(actor=user, offer=offer)
    offer = services.offer_submit(actor=user, offer=offer)
    assert offer.state == OfferState.SUBMITTED
    build.past_deadline(call)
    with pytest.raises(ValidationError):
        services.offer_withdraw(actor=user, offer=offer)


def test_limits_of_the_call_are_enforced(build: Any, demo: Any) -> None:
    call = build.call(max_grant=D("20000.00"), min_own_share=D("10"))
    offer = build.offer(
        call,
        submit=False,
        budget=[
            BudgetLine(name="Opiekun", quantity=D(10), unit="mies.", unit_cost=D("3000.00"), personal=D("1000.00"))
        ],
    )
    problems = services.offer_limit_errors(offer)
    assert any("przekracza maksymalną" in p for p in problems)
    assert any("wkład własny ogółem" in p for p in problems)
    with pytest.raises(ValidationError):
        services.offer_submit(actor=demo.user("pes_staff"), offer=offer)


def test_budget_arithmetic_fills_the_grant_and_checks_sums() -> None:
    line = BudgetLine(name="Sala", quantity=D("12"), unit="mies.", unit_cost=D("1500.50"), in_kind=D("6.00"))
    amounts = services.budget_arithmetic(line)
    assert amounts["total"] == D("18006.00") and amounts["from_grant"] == D("18000.00")
    with pytest.raises(ValidationError, match="suma źródeł"):
        services.budget_arithmetic(
            BudgetLine(name="Sala", quantity=D(1), unit="szt.", unit_cost=D(100), from_grant=D(50), personal=D(10))
        )
    with pytest.raises(ValidationError, match="przekraczają"):
        services.budget_arithmetic(
            BudgetLine(name="Sala", quantity=D(1), unit="szt.", unit_cost=D(100), personal=D(200))
        )


def test_joint_offer_needs_responsible_offeror_for_each_action(build: Any, demo: Any) -> None:
    call = build.call()
    coordinator = demo.user("coordinator")
    offer = services.offer_create(
        actor=coordinator, call=call, lead_organisation=demo.org("cal_hajnowka"), title="Wspólna"
    )
    start = call.delivery_start
    offer = services.offer_save(
        actor=coordinator,
        offer=offer,
        data={
            "start_date": start,
            "end_date": start + dt.timedelta(days=30),
            "summary": "s",
            "expected_results": "r",
            "contact_person": "K",
            "experience": "e",
            "declarations_accepted": True,
        },
        partners=[PartnerLine(demo.org("ss_zubr").pk, "świetlica")],
        actions=[ActionLine(name="Świetlica")],
        budget=[
            BudgetLine(
                name="Wychowawca",
                quantity=D(1),
                unit="mies.",
                unit_cost=D("10000"),
                personal=D("1000"),
                partner_org_id=demo.org("ss_zubr").pk,
            )
        ],
    )
    assert offer.is_joint
    problems = services.offer_limit_errors(offer)
    assert any("art. 14 ust. 2 OPP" in p for p in problems)
    shares = {p.organisation_id: p.cost_share for p in offer.partners.all()}
    assert shares[demo.org("ss_zubr").pk] == D("10000.00")
    assert shares[demo.org("cal_hajnowka").pk] == D("0.00")
    with pytest.raises(ValidationError, match="zweryfikowana"):
        services.offer_save(
            actor=coordinator, offer=offer, data={}, partners=[PartnerLine(demo.org("nowa_inicjatywa").pk)]
        )


def test_attachments_are_checked_for_type_and_size(build: Any, demo: Any) -> None:
    offer = build.offer(build.call(), submit=False)
    user = demo.user("pes_staff")
    with pytest.raises(ValidationError, match="Niedozwolony typ"):
        services.offer_attach(actor=user, offer=offer, upload=SimpleUploadedFile("a.exe", b"MZ"))
    with pytest.raises(ValidationError, match="PDF"):
        services.offer_attach(actor=user, offer=offer, upload=SimpleUploadedFile("a.pdf", b"not a pdf"))
    big = SimpleUploadedFile("a.pdf", b"%PDF" + b"0" * legal.ATTACHMENT_MAX_BYTES)
    with pytest.raises(ValidationError, match="za duży"):
        services.offer_attach(actor=user, offer=offer, upload=big)
    att = services.offer_attach(actor=user, offer=offer, upload=SimpleUploadedFile("statut.pdf", b"%PDF-1.4 ok"))
    assert att.content_type == "application/pdf" and att.size == 11


# --- evaluation -------------------------------------------------------------------------------------------


def _opened(build: Any, demo: Any) -> tuple[Call, Offer]:
    call = build.call()
    offer = build.offer(call)
    build.past_deadline(call)
    call = services.call_open_offers(actor=demo.user("officer"), call=call)
    return call, offer


def test_no_offers_means_mandatory_cancellation(build: Any, demo: Any) -> None:
    call = build.past_deadline(build.call())
    call = services.call_open_offers(actor=demo.user("officer"), call=call)
    assert call.state == CallState.CANCELLED and call.cancel_reason == "no_offers"


def test_correction_request_and_formal_rejection_keep_the_reason(build: Any, demo: Any) -> None:
    call, offer = _opened(build, demo)
    officer = demo.user("officer")
    services.offer_request_correction(
        actor=officer, offer=offer, message="Brak statutu", due_date=timezone.localdate() + dt.timedelta(days=7)
    )
    offer = services.offer_answer_correction(actor=demo.user("pes_staff"), offer=offer, answer="Dołączono statut.")
    assert offer.state == OfferState.SUBMITTED
    with pytest.raises(ValidationError):
        services.offer_formal_decision(actor=officer, offer=offer, eligible=False, reason="")
    offer = services.offer_formal_decision(
        actor=officer, offer=offer, eligible=False, reason="Oferta po terminie statutu"
    )
    assert offer.formal_rejection_reason == "Oferta po terminie statutu"
    call = services.call_finish_formal_review(actor=officer, call=call)
    assert call.state == CallState.CANCELLED and call.cancel_reason == "none_compliant"


def test_commission_refuses_nominees_and_members_of_bidders(build: Any, demo: Any) -> None:
    call, _offer = _opened(build, demo)
    officer = demo.user("officer")
    with pytest.raises(ValidationError, match=r"art\. 15 ust\. 2d OPP"):
        services.commission_appoint(
            actor=officer, call=call, user=demo.user("commission"), role="ngo_nominee", nominated_by=demo.org("ss_zubr")
        )
    with pytest.raises(ValidationError, match=r"art\. 15 ust\. 2d OPP"):
        services.commission_appoint(actor=officer, call=call, user=demo.user("pes_staff"))
    member = services.commission_appoint(actor=officer, call=call, user=demo.user("commission"))
    assert member.call_id == call.pk


def test_no_scoring_without_declaration_and_scores_need_justification(build: Any, demo: Any) -> None:
    call, offer = _opened(build, demo)
    officer, commission = demo.user("officer"), demo.user("commission")
    services.offer_formal_decision(actor=officer, offer=offer, eligible=True)
    call = services.call_finish_formal_review(actor=officer, call=call)
    services.commission_appoint(actor=officer, call=call, user=commission)
    criteria = list(call.criteria.all())
    scores = {c.pk: (D(3), "Uzasadnienie") for c in criteria}
    assert not selectors.offers_visible_to(commission).filter(pk=offer.pk).exists()
    with pytest.raises(PermissionDenied, match="oświadczenie"):
        services.score_submit(actor=commission, offer=offer, scores=scores)
    assert not Score.objects.filter(offer=offer).exists()
    decl = services.declaration_sign(actor=commission, call=call, confirm=True)
    assert demo.org("ss_zubr").name in decl.offerors
    assert selectors.offers_visible_to(commission).filter(pk=offer.pk).exists()
    with pytest.raises(ValidationError, match="uzasadnienie"):
        services.score_submit(actor=commission, offer=offer, scores={c.pk: (D(3), " ") for c in criteria})
    too_many = {c.pk: (c.max_points + 1, "x") for c in criteria}
    with pytest.raises(ValidationError):
        services.score_submit(actor=commission, offer=offer, scores=too_many)
    services.score_submit(actor=commission, offer=offer, scores=scores)
    offer.refresh_from_db()
    assert offer.state == OfferState.SCORED
    assert offer.average_score == D(3) * len(criteria)


def test_demo_competition_end_to_end_numbers(demo: Any) -> None:
    call = finished()
    assert call.state == CallState.CONTRACTING
    ranking = selectors.ranking(call)
    assert next(r["offer"].lead_organisation.short_name for r in ranking) == "CAL „Razem”"
    assert ranking[0]["average"] > ranking[1]["average"]
    joint = ranking[0]["offer"]
    assert joint.awarded_amount == D("650000.00")
    # the updated budget keeps the grant share (art. 15 practice): 678 000 / 714 000 before
    assert joint.requested_amount == D("650000.00")
    assert abs(joint.requested_amount / joint.total_cost - D(678000) / D(714000)) < D("0.0001")
    assert sum(r.total for r in joint.budget_rows.all()) == joint.total_cost
    contract = joint.contract
    assert sum(cl.amount for cl in contract.contract_lots.all()) == contract.amount == D("650000.00")
    assert sum(t.amount for t in contract.tranches.all()) == contract.amount
    final = contract.reports.get(kind="final")
    assert final.due_date == contract.end_date + dt.timedelta(days=legal.FINAL_REPORT_DAYS.value)
    assert ConflictDeclaration.objects.filter(member__call=call).count() == 2
    assert selectors.results_of(call)["unfunded"][0].lead_organisation == demo.org("owop")


def test_authority_decides_not_the_commission(demo: Any, build: Any) -> None:
    call, offer = _opened(build, demo)
    officer, commission = demo.user("officer"), demo.user("commission")
    services.offer_formal_decision(actor=officer, offer=offer, eligible=True)
    call = services.call_finish_formal_review(actor=officer, call=call)
    services.commission_appoint(actor=officer, call=call, user=commission)
    services.declaration_sign(actor=commission, call=call, confirm=True)
    services.score_submit(actor=commission, offer=offer, scores={c.pk: (D(5), "ok") for c in call.criteria.all()})
    with pytest.raises(ValidationError, match="opinii"):
        services.call_decide(actor=officer, call=call, awards={offer.pk: D(1000)})
    services.call_record_opinion(actor=officer, call=call, opinion="Rekomendujemy.")
    with pytest.raises(PermissionDenied):
        services.call_decide(actor=commission, call=call, awards={offer.pk: D(1000)})
    with pytest.raises(ValidationError, match="wnioskowanej"):
        services.call_decide(actor=officer, call=call, awards={offer.pk: offer.requested_amount + 1})
    call = services.call_decide(actor=officer, call=call, awards={offer.pk: D("20000.00")})
    call = services.call_publish_results(actor=officer, call=call)
    offer.refresh_from_db()
    assert offer.state == OfferState.UPDATE_REQUIRED
    offer = services.offer_decline_award(actor=demo.user("pes_staff"), offer=offer, reason="Za mało środków")
    assert offer.state == OfferState.DECLINED
    assert selectors.results_of(call)["funded"] == [offer]


# --- contracts and reports ----------------------------------------------------------------------------------


def test_report_review_and_settlement(demo: Any) -> None:
    contract = finished().contracts.get()
    officer, coordinator = demo.user("officer"), demo.user("coordinator")
    partial = contract.reports.get(kind="partial")
    partial = services.report_review(
        actor=officer,
        report=partial,
        decision="corrections",
        note="Brak faktur",
        corrections_due=timezone.localdate() + dt.timedelta(days=14),
    )
    assert partial.state == ReportState.CORRECTIONS_REQUESTED
    partial = services.report_submit(actor=coordinator, report=partial)
    services.report_review(actor=officer, report=partial, decision="accept")
    final = contract.reports.get(kind="final")
    row = contract.offer.budget_rows.first()
    with pytest.raises(ValidationError, match="przekraczają"):
        services.report_save(
            actor=coordinator,
            report=final,
            actions_done="x",
            expenses=[services.ExpenseLine(budget_row_id=row.pk, from_grant=row.from_grant)],
        )
    with pytest.raises(ValidationError, match="Rozliczenie"):
        services.contract_settle(actor=officer, contract=contract)
    services.report_save(actor=coordinator, report=final, actions_done="Zrealizowano wszystkie działania.")
    services.report_submit(actor=coordinator, report=final)
    contract.refresh_from_db()
    assert contract.state == "reporting"
    services.report_review(actor=officer, report=final, decision="accept")
    contract = services.contract_settle(actor=officer, contract=contract)
    assert contract.state == "settled"
    assert Call.objects.get(pk=contract.call_id).state == CallState.ARCHIVED


def test_annex_keeps_history_and_rescales_lots(demo: Any) -> None:
    contract = finished().contracts.get()
    annex = services.annex_create(
        actor=demo.user("officer"),
        contract=contract,
        signed_on=timezone.localdate(),
        summary="Zmniejszenie dotacji",
        new_amount=D("640000.00"),
        new_end_date=contract.end_date + dt.timedelta(days=10),
    )
    contract.refresh_from_db()
    assert (annex.previous_amount, annex.new_amount) == (D("650000.00"), D("640000.00"))
    assert sum(cl.amount for cl in contract.contract_lots.all()) == D("640000.00")
    assert sum(t.amount for t in contract.tranches.all()) == D("640000.00")
    assert contract.reports.get(kind="final").due_date == contract.end_date + dt.timedelta(days=30)
    assert contract.history.count() >= 2


def test_partial_report_deadline_at_least_30_days(demo: Any) -> None:
    contract = finished().contracts.get()
    with pytest.raises(ValidationError, match=r"art\. 18 ust\. 2 OPP"):
        services.report_demand(
            actor=demo.user("officer"),
            contract=contract,
            period_start=contract.start_date,
            period_end=timezone.localdate(),
            due_date=timezone.localdate() + dt.timedelta(days=29),
        )


def test_reminders_are_sent_once(demo: Any) -> None:
    from kooperacja.commissioning.models import Report
    from kooperacja.commissioning.tasks import send_due_reminders

    report = finished().contracts.get().reports.get(kind="final")
    Report.objects.filter(pk=report.pk).update(due_date=timezone.localdate() + dt.timedelta(days=2))
    mail.outbox.clear()
    assert send_due_reminders.call() >= 1
    assert any("sprawozdania" in m.subject for m in mail.outbox)
    sent = len(mail.outbox)
    send_due_reminders.call()
    assert len(mail.outbox) == sent


# --- small grants, own initiative, clauses --------------------------------------------------------------


def test_small_grant_caps(demo: Any) -> None:
    start = timezone.localdate() + dt.timedelta(days=10)
    kwargs: dict[str, Any] = {
        "actor": demo.user("pes_staff"),
        "authority": demo.org("um_hajnowka"),
        "organisation": demo.org("ss_zubr"),
        "title": "Warsztaty",
        "actions": [ActionLine(name="Warsztaty")],
        "indicators": [],
    }
    data = {
        "start_date": start,
        "end_date": start + dt.timedelta(days=30),
        "summary": "s",
        "expected_results": "r",
        "contact_person": "T",
        "experience": "e",
        "declarations_accepted": True,
    }
    with pytest.raises(ValidationError, match=r"art\. 19a ust\. 1 OPP"):
        services.small_grant_submit(
            **kwargs,
            data=data,
            budget=[BudgetLine(name="x", quantity=D(1), unit="szt.", unit_cost=D("12000"), personal=D(100))],
        )
    with pytest.raises(ValidationError, match="90 dni"):
        services.small_grant_submit(
            **kwargs,
            data={**data, "end_date": start + dt.timedelta(days=95)},
            budget=[BudgetLine(name="x", quantity=D(1), unit="szt.", unit_cost=D("5000"), personal=D(100))],
        )
    offer = services.small_grant_submit(
        **kwargs,
        data=data,
        budget=[BudgetLine(name="x", quantity=D(1), unit="szt.", unit_cost=D("5000"), personal=D(100))],
    )
    call = services.small_grant_publish(actor=demo.user("officer"), call=offer.call)
    offer.refresh_from_db()
    assert offer.comment_until - offer.comment_from == dt.timedelta(days=6)
    services.public_comment_add(call=call, author_name="Mieszkanka", body="Dobry pomysł")
    with pytest.raises(ValidationError, match="Okres zgłaszania uwag"):
        services.small_grant_decide(actor=demo.user("officer"), call=call, accept=True)


def test_own_initiative_is_assessed_within_a_month(demo: Any) -> None:
    call = services.own_initiative_submit(
        actor=demo.user("ngo_staff"),
        authority=demo.org("um_hajnowka"),
        organisation=demo.org("fundacja_puszcza"),
        title="Rada młodzieży",
        description="Opis",
        cost_estimate=D("5000"),
    )
    assert call.assessment_due == services.add_months(timezone.localdate(), 1)
    with pytest.raises(ValidationError):
        services.own_initiative_assess(actor=demo.user("officer"), call=call, positive=True, note="")
    call = services.own_initiative_assess(
        actor=demo.user("officer"), call=call, positive=True, note="Zgodne z programem"
    )
    assert call.state == CallState.ASSESSED_POSITIVE


def test_cpv_list_of_art_361() -> None:
    assert legal.cpv_in_art361("85312000-9")
    assert legal.cpv_in_art361("80110000-8")
    assert legal.cpv_in_art361("85323000")
    assert not legal.cpv_in_art361("85324000-6")
    assert not legal.cpv_in_art361("45000000-7")
    assert not legal.cpv_in_art361("abc")


def test_clause_helper_checks_and_records(demo: Any) -> None:
    from kooperacja.demo.scenarios.commissioning import PZP_TITLE

    call = Call.objects.get(title=PZP_TITLE)
    officer = demo.user("officer")
    assert {c.kind for c in call.clauses.all()} >= {"art361", "art96", "art242"}
    with pytest.raises(ValidationError, match=r"art\. 94"):
        services.clause_add(
            actor=officer, call=call, kind="art94", parameters={"groups": ["bezrobotni"], "percent": 20}
        )
    clause = services.clause_add(
        actor=officer, call=call, kind="art94", parameters={"groups": ["bezrobotni", "osoby bezdomne"], "percent": 30}
    )
    assert "30%" in clause.text and "bezrobotni, osoby bezdomne" in clause.text
    Call.objects.filter(pk=call.pk).update(cpv_codes=["85312000-9", "45000000-7"])
    call.refresh_from_db()
    with pytest.raises(ValidationError, match="45000000-7"):
        services.clause_add(actor=officer, call=call, kind="art361", parameters={"services": "x", "years": 2})
    check = services.art361_check(call=call, contractor=demo.org("cal_hajnowka"))
    assert check["history"] and check["history_ok"]  # an OPP grant, not a reserved Pzp contract
    with pytest.raises(PermissionDenied):
        services.clause_add(actor=demo.user("coordinator"), call=call, kind="art58", parameters={})


def test_clone_copies_limits_and_criteria(demo: Any) -> None:
    source = finished()
    clone = services.call_clone(actor=demo.user("officer"), call=source)
    assert clone.state == CallState.DRAFT and clone.cloned_from == source
    assert clone.min_own_share == source.min_own_share
    assert clone.criteria.count() == source.criteria.count()
    assert set(clone.lots.all()) == set(source.lots.all())
    assert clone.offer_deadline is None


def test_open_demo_call_is_sealed(demo: Any) -> None:
    call = Call.objects.get(title=OPEN_TITLE)
    assert selectors.is_sealed(call)
    assert selectors.submitted_count(call) == 1
    assert not selectors.offers_of_call(demo.user("officer"), call).exists()


def test_pzp_call_has_its_own_checklist_and_one_channel_is_enough(demo: Any) -> None:
    from kooperacja.demo.scenarios.commissioning import PZP_TITLE

    call = Call.objects.get(title=PZP_TITLE)
    bases = {basis for _label, basis, ok in services.announcement_checklist(call)}
    assert "art. 360 ust. 1 Pzp" in bases and not any("OPP" in b for b in bases)
    call = services.call_publish(
        actor=demo.user("officer"), call=call, publications=[("bip", timezone.localdate(), "")]
    )
    assert call.state == CallState.PUBLISHED
    assert call.criteria.first().name == "cena"


def test_reminders_command_enqueues_the_task(demo: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("commissioning_reminders", stdout=out)
    assert "Zadanie przypomnień" in out.getvalue()
