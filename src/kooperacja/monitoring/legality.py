"""Legality of commissioning: every legal step of a call with its rule and article, marked met / missed / not
yet due. The rules (numbers, articles, texts) come from `commissioning.legal`; nothing is restated here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.commissioning import legal
from kooperacja.commissioning.enums import OPP_MODES, CallMode, CallState, ContractState, ReportKind
from kooperacja.commissioning.models import Call, CommissionMember, Contract, Report

from .enums import StepStatus

MET, MISSED, NOT_DUE = StepStatus.MET, StepStatus.MISSED, StepStatus.NOT_DUE
DECIDED_STATES = (CallState.DECIDED, CallState.RESULTS_PUBLISHED, CallState.CONTRACTING, CallState.ARCHIVED)


@dataclass
class Step:
    key: str
    title: str
    rule: legal.Rule | None
    basis: str
    status: str
    detail: str
    url: str = ""

    @property
    def status_label(self) -> str:
        return str(StepStatus(self.status).label)


@dataclass
class CallLegality:
    call: Call
    steps: list[Step]

    def count(self, status: str) -> int:
        return sum(1 for s in self.steps if s.status == status)

    @property
    def met(self) -> int:
        return self.count(MET)

    @property
    def missed(self) -> int:
        return self.count(MISSED)

    @property
    def not_due(self) -> int:
        return self.count(NOT_DUE)


def _local(dt: Any) -> date | None:
    return timezone.localtime(dt).date() if dt else None


def with_related(qs: QuerySet[Call]) -> QuerySet[Call]:
    return qs.select_related("authority", "package").prefetch_related(
        "publications",
        Prefetch(
            "commission", queryset=CommissionMember.objects.select_related("declaration").prefetch_related("scores")
        ),
        "reasons_requests",
        Prefetch(
            "contracts",
            queryset=Contract.objects.exclude(state=ContractState.DRAFT).prefetch_related(
                Prefetch("reports", queryset=Report.objects.filter(kind=ReportKind.FINAL))
            ),
        ),
    )


def call_legality(call: Call, *, today: date | None = None) -> CallLegality:
    """The steps of one call (prefetch with `with_related` for lists)."""
    today = today or timezone.localdate()
    steps: list[Step] = []
    published = call.published_at is not None
    url = call.get_absolute_url()

    # 1. announcement checklist (art. 13 ust. 2 OPP)
    if call.mode in OPP_MODES and call.mode != CallMode.OPP_OWN_INITIATIVE:
        missing = [str(label) for f, label, _p in legal.ANNOUNCEMENT_ELEMENTS if getattr(call, f) in (None, "")]
        steps.append(
            Step(
                "checklist",
                _("Ogłoszenie zawiera wszystkie elementy"),
                None,
                "art. 13 ust. 2 OPP",
                (MISSED if missing else MET) if published else NOT_DUE,
                (_("Brakuje: %s.") % ", ".join(missing))
                if missing
                else _("Wszystkie elementy ogłoszenia są wypełnione."),
                url,
            )
        )
    pubs = list(call.publications.all())
    if call.mode == CallMode.OPP_OPEN:
        # 2. 21 days from the last publication
        rule = legal.OFFER_MIN_DAYS_AFTER_PUBLICATION
        if not pubs or not call.offer_deadline:
            steps.append(
                Step(
                    "days",
                    _("Termin ofert co najmniej 21 dni od ostatniej publikacji"),
                    rule,
                    rule.basis,
                    NOT_DUE,
                    _("Brak publikacji lub terminu."),
                    url,
                )
            )
        else:
            last = max(p.published_on for p in pubs)
            days = (_local(call.offer_deadline) - last).days  # type: ignore[operator]
            steps.append(
                Step(
                    "days",
                    _("Termin ofert co najmniej 21 dni od ostatniej publikacji"),
                    rule,
                    rule.basis,
                    MET if days >= rule.value else MISSED,
                    _("Od ostatniej publikacji (%(d)s) do terminu ofert: %(n)d dni.")
                    % {"d": f"{last:%d.%m.%Y}", "n": days},
                    url,
                )
            )
        # 3. three channels
        rule = legal.PUBLICATION_CHANNELS
        have = {p.channel for p in pubs}
        lacking = [ch for ch in rule.value if ch not in have]
        steps.append(
            Step(
                "channels",
                _("Publikacja ogłoszenia w trzech miejscach"),
                rule,
                rule.basis,
                NOT_DUE if not published else (MISSED if lacking else MET),
                _("Opublikowano w %(n)d z %(k)d wymaganych miejsc.")
                % {"n": len(rule.value) - len(lacking), "k": len(rule.value)},
                url,
            )
        )
        # 4. conflict declarations before scoring
        rule = legal.COMMISSION_NO_BIDDER_NOMINEES
        scorers = [m for m in call.commission.all() if list(m.scores.all())]
        if not scorers:
            status, detail = NOT_DUE, _("Komisja jeszcze nie oceniała ofert.")
        else:
            bad = 0
            for m in scorers:
                first = min(s.created_at for s in m.scores.all())
                decl = getattr(m, "declaration", None)
                if decl is None or decl.signed_at > first:
                    bad += 1
            status = MISSED if bad else MET
            detail = (
                _("%(bad)d z %(n)d oceniających bez oświadczenia przed oceną.") % {"bad": bad, "n": len(scorers)}
                if bad
                else _("Każdy oceniający złożył oświadczenie przed pierwszą oceną.")
            )
        steps.append(
            Step(
                "declarations",
                _("Oświadczenia o bezstronności przed oceną ofert"),
                rule,
                rule.basis,
                status,
                detail,
                url,
            )
        )
        # 5. decision and results published
        rule = legal.AUTHORITY_DECIDES
        if call.results_published_at:
            status, detail = MET, _("Wyniki opublikowano %s.") % f"{_local(call.results_published_at):%d.%m.%Y}"
        elif call.state in (CallState.CONTRACTING, CallState.ARCHIVED):
            status, detail = MISSED, _("Umowy zawierane bez opublikowanych wyników.")
        else:
            status, detail = NOT_DUE, _("Konkurs nie został jeszcze rozstrzygnięty.")
        steps.append(
            Step(
                "results", _("Rozstrzygnięcie przez organ i publikacja wyników"), rule, rule.basis, status, detail, url
            )
        )
        # 6. reasons requests answered
        rule = legal.REASONS_ON_REQUEST
        requests = list(call.reasons_requests.all())
        open_ = [r for r in requests if not r.answered_at]
        steps.append(
            Step(
                "reasons",
                _("Odpowiedzi na wnioski o uzasadnienie"),
                rule,
                rule.basis,
                NOT_DUE if not requests else (MISSED if open_ else MET),
                _("Wnioski: %(n)d, bez odpowiedzi: %(o)d.") % {"n": len(requests), "o": len(open_)}
                if requests
                else _("Nie złożono wniosków o uzasadnienie."),
                url,
            )
        )
    # 7. final reports within 30 days, 8. settlement
    rule = legal.FINAL_REPORT_DAYS
    contracts = list(call.contracts.all())
    for c in contracts:
        due = c.end_date + timedelta(days=rule.value)
        final = next(iter(c.reports.all()), None)
        submitted = _local(final.submitted_at) if final else None
        if submitted:
            status = MET if submitted <= due else MISSED
            detail = _("Umowa %(n)s: sprawozdanie złożone %(s)s, termin %(d)s.") % {
                "n": c.number,
                "s": f"{submitted:%d.%m.%Y}",
                "d": f"{due:%d.%m.%Y}",
            }
        else:
            status = MISSED if today > due else NOT_DUE
            detail = _("Umowa %(n)s: sprawozdanie końcowe do %(d)s.") % {"n": c.number, "d": f"{due:%d.%m.%Y}"}
        steps.append(
            Step(
                f"report-{c.pk}",
                _("Sprawozdanie końcowe w terminie"),
                rule,
                rule.basis,
                status,
                detail,
                c.get_absolute_url(),
            )
        )
        if c.settled_at:
            s_status, s_detail = (
                MET,
                _("Umowa %(n)s rozliczona %(d)s.") % {"n": c.number, "d": f"{_local(c.settled_at):%d.%m.%Y}"},
            )
        elif c.state == ContractState.RETURN_DEMANDED:
            s_status, s_detail = MISSED, _("Umowa %s: wezwanie do zwrotu dotacji.") % c.number
        else:
            s_status, s_detail = NOT_DUE, _("Umowa %s jeszcze nie rozliczona.") % c.number
        steps.append(
            Step(
                f"settlement-{c.pk}",
                _("Rozliczenie dotacji po sprawozdaniu końcowym"),
                rule,
                rule.basis,
                s_status,
                s_detail,
                c.get_absolute_url(),
            )
        )
    if not contracts:
        steps.append(
            Step(
                "report",
                _("Sprawozdanie końcowe w terminie"),
                rule,
                rule.basis,
                NOT_DUE,
                _("Brak zawartych umów."),
                url,
            )
        )
    return CallLegality(call, steps)


def legality_of(calls: Iterable[Call], *, today: date | None = None) -> list[CallLegality]:
    return [call_legality(c, today=today) for c in calls]


@dataclass
class AuthorityLegality:
    authority: Any
    calls: int
    met: int
    missed: int
    not_due: int


def by_authority(items: list[CallLegality]) -> list[AuthorityLegality]:
    out: dict[int, AuthorityLegality] = {}
    for item in items:
        a = item.call.authority
        row = out.setdefault(a.pk, AuthorityLegality(a, 0, 0, 0, 0))
        row.calls += 1
        row.met += item.met
        row.missed += item.missed
        row.not_due += item.not_due
    return sorted(out.values(), key=lambda r: r.authority.name)
