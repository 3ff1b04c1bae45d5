"""Every write to the organisation registry."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.accounts.enums import MembershipStatus, Role
from kooperacja.accounts.roles import forget_memberships
from kooperacja.core.audit import record_event
from kooperacja.core.models import Territory

from .enums import ActivityArea, LegalForm
from .models import Membership, Organisation


def organisation_create(*, actor: Any, data: dict[str, Any], as_role: str = Role.PES_STAFF) -> Organisation:
    """A logged-in person registers an organisation; it waits for verification, the person becomes its admin."""
    if not actor.has_perm("organisations.add_organisation"):
        raise PermissionDenied
    with transaction.atomic():
        org = Organisation(**data)
        org.full_clean()
        org.save()
        Membership.objects.create(
            user=actor,
            organisation=org,
            role=as_role,
            is_admin=True,
            status=MembershipStatus.ACTIVE,
            decided_by=actor,
            decided_at=timezone.now(),
        )
        record_event(actor=actor, verb="organisation.registered", target=org)
    forget_memberships(actor)
    return org


def organisation_update(*, actor: Any, organisation: Organisation, data: dict[str, Any]) -> Organisation:
    if not actor.has_perm("organisations.change_organisation", organisation):
        raise PermissionDenied
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=organisation.pk)
        changed = sorted(k for k, v in data.items() if getattr(org, k) != v)
        for k, v in data.items():
            setattr(org, k, v)
        org.full_clean()
        org.save()
        record_event(actor=actor, verb="organisation.updated", target=org, data={"fields": changed})
    return org


def organisation_verify(*, actor: Any, organisation: Organisation, verified: bool = True) -> Organisation:
    if not actor.has_perm("organisations.verify_organisation", organisation):
        raise PermissionDenied
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=organisation.pk)
        org.is_verified = verified
        org.verified_at = timezone.now() if verified else None
        org.verified_by = actor if verified else None
        org.save(update_fields=["is_verified", "verified_at", "verified_by", "updated_at"])
        record_event(actor=actor, verb="organisation.verified" if verified else "organisation.unverified", target=org)
    return org


def membership_request(
    *, actor: Any, organisation: Organisation, role: str, job_title: str = "", message: str = ""
) -> Membership:
    if not actor.has_perm("organisations.request_membership", organisation):
        raise PermissionDenied
    with transaction.atomic():
        existing = (
            Membership.objects.select_for_update().filter(user=actor, organisation=organisation, role=role).first()
        )
        if existing and existing.status in (MembershipStatus.PENDING, MembershipStatus.ACTIVE):
            raise ValueError(_("Masz już taki wniosek lub członkostwo w tej organizacji."))
        membership = existing or Membership(user=actor, organisation=organisation, role=role)
        membership.status = MembershipStatus.PENDING
        membership.job_title, membership.message = job_title, message
        membership.decided_by, membership.decided_at = None, None
        membership.save()
        record_event(actor=actor, verb="membership.requested", target=membership, data={"role": role})
    return membership


def membership_decide(*, actor: Any, membership: Membership, accept: bool) -> Membership:
    if not actor.has_perm("organisations.decide_membership", membership.organisation):
        raise PermissionDenied
    with transaction.atomic():
        m = Membership.objects.select_for_update().get(pk=membership.pk)
        if m.status != MembershipStatus.PENDING:
            raise ValueError(_("Ten wniosek został już rozpatrzony."))
        m.status = MembershipStatus.ACTIVE if accept else MembershipStatus.REJECTED
        m.decided_by, m.decided_at = actor, timezone.now()
        m.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        record_event(actor=actor, verb="membership.accepted" if accept else "membership.rejected", target=m)
    return m


# ---------------------------------------------------------------- CSV import

IMPORT_COLUMNS = [
    "nazwa",
    "forma_prawna",
    "teryt",
    "nip",
    "regon",
    "krs",
    "ulica",
    "kod_pocztowy",
    "miejscowosc",
    "email",
    "telefon",
    "www",
    "pes",
    "obszary",
]
REQUIRED_COLUMNS = {"nazwa", "forma_prawna", "teryt"}
_TRUE = {"1", "tak", "t", "true", "yes", "y", "x"}


@dataclass
class ImportRowError:
    line: int
    name: str
    messages: list[str]


@dataclass
class ImportReport:
    created: list[Organisation] = field(default_factory=list)
    errors: list[ImportRowError] = field(default_factory=list)
    fatal: str = ""

    @property
    def ok(self) -> bool:
        return not self.fatal and not self.errors


def _legal_form_from(value: str) -> str | None:
    value = value.strip().lower()
    for choice in LegalForm:
        if value in {choice.value, str(choice.label).lower()}:
            return choice.value
    return None


def organisations_import_csv(*, actor: Any, content: bytes) -> ImportReport:
    """Import organisations row by row: good rows are saved (unverified), bad rows are reported with reasons."""
    from .forms import OrganisationForm

    if not actor.has_perm("organisations.import_organisations"):
        raise PermissionDenied
    report = ImportReport()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.fatal = _("Plik nie jest zapisany w kodowaniu UTF-8.")
        return report
    sample = text[:2048]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = REQUIRED_COLUMNS - set(header)
    if missing:
        report.fatal = _("Brak wymaganych kolumn: %(cols)s. Oczekiwane kolumny: %(all)s.") % {
            "cols": ", ".join(sorted(missing)),
            "all": ";".join(IMPORT_COLUMNS),
        }
        return report
    reader.fieldnames = header
    territories = dict(Territory.objects.filter(kind="gmina").values_list("code", "pk"))
    area_map = {a.value: a.value for a in ActivityArea} | {str(a.label).lower(): a.value for a in ActivityArea}
    for lineno, row in enumerate(reader, start=2):
        row = {k: (v or "").strip() for k, v in row.items() if k}
        if not any(row.values()):
            continue
        problems: list[str] = []
        legal_form = _legal_form_from(row.get("forma_prawna", ""))
        if legal_form is None:
            problems.append(_("nieznana forma prawna „%(v)s”") % {"v": row.get("forma_prawna", "")[:60]})
        code = row.get("teryt", "")
        if code not in territories:
            problems.append(
                _("kod TERYT gminy „%(v)s” nie istnieje w rejestrze (7 cyfr, np. 2005011)") % {"v": code[:20]}
            )
        areas = [a.strip().lower() for a in row.get("obszary", "").replace(",", "|").split("|") if a.strip()]
        bad_areas = [a for a in areas if a not in area_map]
        if bad_areas:
            problems.append(_("nieznane obszary działalności: %(v)s") % {"v": ", ".join(bad_areas)[:100]})
        data = {
            "name": row.get("nazwa", ""),
            "legal_form": legal_form or "",
            "territory": territories.get(code),
            "nip": row.get("nip", ""),
            "regon": row.get("regon", ""),
            "krs": row.get("krs", ""),
            "street": row.get("ulica", ""),
            "postal_code": row.get("kod_pocztowy", ""),
            "city": row.get("miejscowosc", ""),
            "email": row.get("email", ""),
            "phone": row.get("telefon", ""),
            "website": row.get("www", ""),
            "is_pes": row.get("pes", "").lower() in _TRUE,
            "areas": [area_map[a] for a in areas if a in area_map],
        }
        form = OrganisationForm(data=data)
        if not form.is_valid():
            for fname, errs in form.errors.items():
                if fname in {"legal_form", "territory", "areas"} and problems:
                    continue
                label = form.fields[fname].label if fname in form.fields else ""
                problems.extend(f"{label}: {e}" if label else str(e) for e in errs)
        if problems:
            report.errors.append(ImportRowError(lineno, row.get("nazwa", "")[:120], problems))
            continue
        with transaction.atomic():
            org = form.save()
            record_event(actor=actor, verb="organisation.imported", target=org, data={"line": lineno})
        report.created.append(org)
    if not report.created and not report.errors:
        report.fatal = _("Plik nie zawiera żadnych wierszy z danymi.")
    return report
