"""PDF documents of a consortium: the agreement (structured terms), resolutions with the vote record, minutes,
and the consortium's report for a contract assembled from members' reports."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kooperacja.core.pdf import PdfDocument, format_date, format_percent, format_pln

from .enums import ReportStatus, VoteChoice
from .models import Consortium, Meeting, Resolution, Vote


def agreement_pdf(consortium: Consortium, members: Any) -> bytes:
    doc = PdfDocument(
        title=_("Umowa konsorcjum: %(name)s") % {"name": consortium.name},
        subtitle=_("zawarta dnia %(d)s; lider: %(lead)s")
        % {"d": format_date(consortium.agreement_signed_on), "lead": consortium.lead.name},
        footer=consortium.name,
    )
    doc.heading(_("§ 1. Cel konsorcjum"))
    doc.paragraph(consortium.purpose)
    doc.heading(_("§ 2. Członkowie"))
    doc.table(
        [_("Organizacja"), _("Status"), _("Od")],
        [[m.organisation.name, m.get_status_display(), format_date(m.joined_on)] for m in members],
        widths=(100, 40, 30),
    )
    doc.heading(_("§ 3. Reprezentacja wobec zamawiających"))
    doc.paragraph(consortium.representation)
    doc.heading(_("§ 4. Podejmowanie decyzji"))
    doc.paragraph(consortium.decision_rules)
    doc.field(_("Kworum"), format_percent(consortium.quorum_percent))
    doc.field(_("Większość – uchwały zwykłe"), consortium.get_ordinary_majority_display())
    doc.field(_("Większość – sprawy członkowskie"), consortium.get_membership_majority_display())
    doc.heading(_("§ 5. Przyjmowanie członków"))
    doc.paragraph(consortium.admission_rules)
    doc.heading(_("§ 6. Wystąpienie i wykluczenie"))
    doc.paragraph(consortium.exit_rules)
    doc.heading(_("§ 7. Koszty biura"))
    doc.field(_("Udział w kosztach biura"), format_percent(consortium.office_cost_share_percent))
    doc.paragraph(consortium.office_cost_rules)
    doc.heading(_("§ 8. Jawność podziału zadań i budżetu"))
    doc.paragraph(consortium.get_allocation_transparency_display())
    return doc.output()


def resolution_pdf(res: Resolution, votes: Any) -> bytes:
    doc = PdfDocument(
        title=_("Uchwała nr %(n)s") % {"n": res.number},
        subtitle=f"{res.body.name} – {res.consortium.name}",
        footer=res.consortium.name,
    )
    doc.heading(res.title)
    doc.paragraph(res.text)
    doc.field(_("Rodzaj"), res.get_kind_display())
    if res.target_organisation:
        doc.field(_("Dotyczy organizacji"), res.target_organisation.name)
    doc.field(_("Status"), res.get_status_display())
    plan = res.target_plan
    if plan is not None:
        doc.heading(_("Podział a oferta wspólna"))
        offer_number = plan.contract.offer.number
        if plan.offer_deviations:
            doc.paragraph(_("Podział odbiega od oferty wspólnej %(n)s:") % {"n": offer_number})
            for line in plan.offer_deviations:
                doc.paragraph(f"– {line}")
            doc.field(_("Uzasadnienie odstępstw"), plan.deviation_reason)
        else:
            doc.paragraph(
                _(
                    "Podział jest zgodny z ofertą wspólną %(n)s: każdy członek realizuje działania i otrzymuje kwoty "
                    "wskazane w ofercie (przeliczone na kwotę umowy)."
                )
                % {"n": offer_number}
            )
    if res.voting_opened_at:
        doc.heading(_("Głosowanie"))
        doc.field(
            _("Zasady"),
            _("kworum %(q)s uprawnionych, większość: %(m)s")
            % {"q": format_percent(res.quorum_percent), "m": res.get_majority_display()},
        )
        votes = list(votes)
        doc.field(*vote_result(res, votes))
        doc.table(
            [_("Członek"), _("Głos"), _("Głosujący"), _("Kiedy")],
            [
                [
                    v.member.organisation.name,
                    v.get_choice_display(),
                    v.cast_by.full_name,
                    timezone.localtime(v.cast_at).strftime("%d.%m.%Y %H:%M"),
                ]
                for v in votes
            ],
            widths=(70, 25, 45, 30),
        )
    if res.decided_at:
        doc.field(_("Rozstrzygnięto"), timezone.localtime(res.decided_at).strftime("%d.%m.%Y %H:%M"))
    return doc.output()


def vote_result(res: Resolution, votes: Sequence[Vote]) -> tuple[str, str]:
    """The result line of the PDF, counted from the register of votes printed under it.

    The stored counts (`votes_for`...) are written only when the vote closes, so a PDF printed while the vote was
    open said "za 0" above a register showing a vote for. Counting the register keeps the two in agreement before
    and after closing (after closing the register and the stored counts are the same votes).
    """
    counts = Counter(v.choice for v in votes)
    label = _("Wynik") if res.decided_at else _("Stan głosowania (głosowanie trwa)")
    return label, _("uprawnionych %(e)s, za %(f)s, przeciw %(a)s, wstrzymało się %(w)s") % {
        "e": res.eligible_count,
        "f": counts[VoteChoice.FOR],
        "a": counts[VoteChoice.AGAINST],
        "w": counts[VoteChoice.ABSTAIN],
    }


def minutes_pdf(meeting: Meeting, present: Any, resolutions: Any) -> bytes:
    doc = PdfDocument(
        title=_("Protokół: %(t)s") % {"t": meeting.title},
        subtitle=f"{meeting.body.name} – {meeting.consortium.name}, "
        f"{timezone.localtime(meeting.starts_at):%d.%m.%Y %H:%M}, {meeting.place}",
        footer=meeting.consortium.name,
    )
    doc.heading(_("Porządek obrad"))
    doc.paragraph(meeting.agenda)
    doc.heading(_("Obecni"))
    attendance = list(meeting.attendance.select_related("person", "member__organisation"))
    if attendance:  # per-person list (consortia.attendance) and the quorum computed from it
        doc.table(
            [_("Osoba"), _("Reprezentowany członek")],
            [
                [
                    row.person.full_name or row.person.email,
                    row.member.organisation.name if row.member else _("bez prawa głosu (biuro, gość)"),
                ]
                for row in attendance
            ],
            widths=(70, 100),
        )
        from .attendance import quorum

        q = quorum(meeting)
        if q.eligible:
            doc.paragraph(
                _("Kworum")
                + ": "
                + ngettext(
                    "obecni przedstawiciele %(r)s z %(n)s uprawnionego członka",
                    "obecni przedstawiciele %(r)s z %(n)s uprawnionych członków",
                    q.eligible,
                )
                % {"r": q.represented, "n": q.eligible}
                + f" ({q.percent} %, {_('wymagane')} {q.quorum_percent} %) – "
                + (_("kworum osiągnięte") if q.met else _("brak kworum"))
                + "."
            )
    else:
        doc.paragraph(", ".join(m.organisation.name for m in present) or "—")
    doc.heading(_("Przebieg"))
    doc.paragraph(meeting.minutes)
    if resolutions:
        doc.heading(_("Uchwały"))
        doc.table(
            [_("Numer"), _("Tytuł"), _("Status")],
            [[r.number, r.title, r.get_status_display()] for r in resolutions],
            widths=(25, 110, 35),
        )
    return doc.output()


def consortium_report_pdf(consortium: Consortium, contract: Any, plan: Any, summaries: Any) -> bytes:
    doc = PdfDocument(
        title=_("Sprawozdanie konsorcjum z realizacji umowy %(n)s") % {"n": contract.number},
        subtitle=f"{contract.title} – {consortium.name}; {_('zleceniodawca')}: {contract.authority.name}",
        footer=consortium.name,
    )
    doc.field(_("Okres realizacji"), f"{format_date(contract.start_date)} – {format_date(contract.end_date)}")
    doc.field(_("Kwota umowy"), format_pln(contract.amount))
    doc.field(
        _("Podział"), _("wersja %(v)s zatwierdzona uchwałą %(r)s") % {"v": plan.version, "r": plan.approved_by.number}
    )
    doc.heading(_("Podsumowanie według członków"))
    doc.table(
        [_("Członek"), _("Przydział"), _("Koszty"), _("Wykonanie")],
        [
            [s.member.organisation.name, format_pln(s.allocated), format_pln(s.spent), format_percent(s.spent_percent)]
            for s in summaries
        ],
        widths=(80, 35, 35, 20),
    )
    doc.heading(_("Co zrealizowano (z raportów członków)"))
    for s in summaries:
        for row in s.rows:
            doc.field(
                f"{s.member.organisation.name}: {row.allocation.task}",
                "\n".join(
                    f"{format_date(r.period_start)}–{format_date(r.period_end)}: {r.delivered} "
                    f"({_('koszty')} {format_pln(r.costs)}, {_('uczestnicy')}: {r.people_reached})"
                    for r in row.reports
                    if r.status != ReportStatus.RETURNED
                )
                or _("brak sprawozdania"),
            )
    return doc.output()
