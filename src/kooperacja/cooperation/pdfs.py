"""The case file as PDF: exactly the parts of the case the reader may see (the view logs the export first)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kooperacja.catalog.enums import AssistanceReason
from kooperacja.core.pdf import PdfDocument, format_date

from . import selectors
from .enums import CasePart
from .models import CasePerson


def case_file_pdf(*, user: selectors.Viewer, access: selectors.CaseAccess, persons: list[CasePerson]) -> bytes:
    case = access.case
    doc = PdfDocument(
        title=f"{case.number} · {case.title}",
        subtitle=f"{case.get_kind_display()} · {case.owner} · {case.get_status_display()}",
    )
    doc.field(_("Pracownik prowadzący"), f"{case.case_worker.full_name} ({case.case_worker.email})")
    doc.field(_("Otwarta"), format_date(case.opened_on))
    if persons:
        doc.heading(_("Osoby"))
        doc.table(
            [_("Imię i nazwisko"), _("Rola"), _("Kod")],
            [[cp.person.full_name, cp.relation, cp.person.code] for cp in persons],
        )
    diagnosis = getattr(case, "diagnosis", None) if access.can(CasePart.DIAGNOSIS) else None
    if diagnosis is not None:
        labels = dict(AssistanceReason.choices)
        doc.heading(_("Diagnoza"))
        doc.field(_("Przesłanki (art. 7)"), ", ".join(str(labels.get(r, r)) for r in diagnosis.reasons))
        doc.field(_("Przyczyny i źródła trudności"), diagnosis.causes)
        doc.field(_("Mocne i słabe strony"), diagnosis.strengths_weaknesses)
        doc.field(_("Zasoby i deficyty"), diagnosis.resources_deficits)
        doc.field(_("Oczekiwania i potrzeby"), diagnosis.expectations_needs)
    programme = getattr(case, "programme", None) if access.can(CasePart.PROGRAMME) else None
    if programme is not None:
        doc.heading(_("Indywidualny program współpracy"))
        doc.paragraph(
            f"{programme.get_status_display()}: {format_date(programme.starts_on)} – {format_date(programme.ends_on)}"
        )
        for goal in programme.goals.all():
            doc.paragraph(f"• {goal.text}")
        doc.table(
            [_("Działanie"), _("Odpowiada"), _("Usługa"), _("Status")],
            [
                [a.title, str(a.responsible), str(a.service or a.own_offer or "—"), a.get_status_display()]
                for a in selectors.actions_of(case)
            ],
        )
        if programme.summary:
            doc.field(_("Podsumowanie"), f"{programme.get_outcome_display()}. {programme.summary}")
    if access.can(CasePart.REFERRALS):
        doc.heading(_("Skierowania"))
        doc.table(
            [_("Do"), _("Termin"), _("Stan")],
            [
                [str(r.to_organisation), format_date(r.due_on), r.get_state_display()]
                for r in selectors.referrals_for_case(user, access)
            ],
        )
    return doc.output()
