"""Every write to the organisation registry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.accounts.enums import MembershipStatus, Role
from kooperacja.accounts.roles import forget_memberships
from kooperacja.core import importjobs, uploads
from kooperacja.core.actors import Actor, person_of, require
from kooperacja.core.identifiers import normalize_krs, normalize_nip
from kooperacja.core.models import ImportJob, Territory
from kooperacja.organisations.events import OrganisationEvent, event

from . import workflows
from .enums import ActivityArea, LegalForm
from .models import EmploymentShare, Membership, Organisation

if TYPE_CHECKING:
    from kooperacja.accounts.models import User
    from kooperacja.organisations.forms import OrganisationForm


# What a person registering or editing an organisation may set (forms.OrganisationForm takes its fields from here;
# verification, memberships and the audit fields are set by the services below).
ORGANISATION_FIELDS = (
    "name",
    "short_name",
    "legal_form",
    "territory",
    "street",
    "postal_code",
    "city",
    "email",
    "phone",
    "website",
    "nip",
    "regon",
    "krs",
    "description",
    "areas",
    "is_pes",
    "is_social_enterprise",
    "social_enterprise_since",
)


def _editable(data: dict[str, Any]) -> dict[str, Any]:
    if unknown := sorted(set(data) - set(ORGANISATION_FIELDS)):
        raise ValidationError(
            _("Tych danych organizacji nie zmienia się w ten sposób: %(f)s.") % {"f": ", ".join(unknown)}
        )
    return data


def organisation_create(*, actor: User, data: dict[str, Any], as_role: str = Role.PES_STAFF) -> Organisation:
    """A logged-in person registers an organisation; it waits for verification, the person becomes its admin.

    Only a person registers (they become the first administrator): the actor is a User, not SYSTEM.
    """
    require(actor, "organisations.add_organisation")
    with transaction.atomic():
        org = Organisation(**_editable(data))
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
        event(actor=actor, verb=OrganisationEvent.REGISTERED, target=org)
    forget_memberships(actor)
    return org


def organisation_add(*, actor: Actor, data: dict[str, Any], verified: bool = False) -> Organisation:
    """A platform administrator (or the platform: the demo, a migration of data) enters an organisation into the
    registry without registering as its member; with `verified=True` it is verified by the same actor at once."""
    require(actor, "organisations.add_to_registry")
    with transaction.atomic():
        org = Organisation(**_editable(data))
        org.full_clean()
        org.save()
        event(actor=actor, verb=OrganisationEvent.ADDED, target=org)
    return organisation_verify(actor=actor, organisation=org) if verified else org


def membership_grant(
    *, actor: Actor, user: User, organisation: Organisation, role: str, is_admin: bool = False, job_title: str = ""
) -> Membership:
    """An active membership given by a platform administrator (or the platform), without a join request."""
    require(actor, "organisations.grant_membership", organisation)
    if role not in Role.values:
        raise ValidationError(_("Nieznana rola w organizacji."))
    with transaction.atomic():
        if Membership.objects.filter(user=user, organisation=organisation, role=role).exists():
            raise ValidationError(_("Ta osoba ma już tę rolę w tej organizacji."))
        membership = Membership.objects.create(
            user=user,
            organisation=organisation,
            role=role,
            is_admin=is_admin,
            job_title=job_title,
            status=MembershipStatus.ACTIVE,
            decided_by=person_of(actor),
            decided_at=timezone.now(),
        )
        event(
            actor=actor,
            verb=OrganisationEvent.MEMBERSHIP_GRANTED,
            target=membership,
            data={"role": role, "is_admin": is_admin},
        )
    forget_memberships(user)
    return membership


def organisation_update(*, actor: Actor, organisation: Organisation, data: dict[str, Any]) -> Organisation:
    require(actor, "organisations.change_organisation", organisation)
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=organisation.pk)
        changed = sorted(k for k, v in _editable(data).items() if getattr(org, k) != v)
        for k, v in data.items():
            setattr(org, k, v)
        org.full_clean()
        org.save()
        event(actor=actor, verb=OrganisationEvent.UPDATED, target=org, data={"fields": changed})
    return org


def organisation_verify(*, actor: Actor, organisation: Organisation, verified: bool = True) -> Organisation:
    require(actor, "organisations.verify_organisation", organisation)
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=organisation.pk)
        org.is_verified = verified
        org.verified_at = timezone.now() if verified else None
        org.verified_by = person_of(actor) if verified else None
        org.save(update_fields=["is_verified", "verified_at", "verified_by", "updated_at"])
        event(actor=actor, verb=OrganisationEvent.VERIFIED if verified else OrganisationEvent.UNVERIFIED, target=org)
    return org


def membership_request(
    *, actor: User, organisation: Organisation, role: str, job_title: str = "", message: str = ""
) -> Membership:
    """A person asks to join (a pending membership); a rejected or ended one is asked for again on the same row."""
    require(actor, "organisations.request_membership", organisation)
    with transaction.atomic():
        existing = (
            Membership.objects.select_for_update().filter(user=actor, organisation=organisation, role=role).first()
        )
        if existing and existing.status in (MembershipStatus.PENDING, MembershipStatus.ACTIVE):
            raise ValidationError(_("Masz już taki wniosek lub członkostwo w tej organizacji."))
        if existing is None:
            membership = Membership(user=actor, organisation=organisation, role=role, status=MembershipStatus.PENDING)
        else:
            membership = existing
            workflows.MEMBERSHIP.apply(membership, "request_again", actor=actor)
        membership.job_title, membership.message = job_title, message
        membership.decided_by, membership.decided_at = None, None
        membership.save()
        event(actor=actor, verb=OrganisationEvent.MEMBERSHIP_REQUESTED, target=membership, data={"role": role})
    return membership


def membership_decide(*, actor: Actor, membership: Membership, accept: bool) -> Membership:
    require(actor, "organisations.decide_join_request", membership)
    with transaction.atomic():
        m = Membership.objects.select_for_update().get(pk=membership.pk)
        if m.status != MembershipStatus.PENDING:
            raise ValidationError(_("Ten wniosek został już rozpatrzony."))
        workflows.MEMBERSHIP.apply(m, "accept" if accept else "reject", actor=actor)
        m.decided_by, m.decided_at = person_of(actor), timezone.now()
        m.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        event(
            actor=actor,
            verb=OrganisationEvent.MEMBERSHIP_ACCEPTED if accept else OrganisationEvent.MEMBERSHIP_REJECTED,
            target=m,
        )
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
FIELD_COLUMNS = {
    "name": "nazwa",
    "legal_form": "forma_prawna",
    "territory": "teryt",
    "nip": "nip",
    "regon": "regon",
    "krs": "krs",
    "street": "ulica",
    "postal_code": "kod_pocztowy",
    "city": "miejscowosc",
    "email": "email",
    "phone": "telefon",
    "website": "www",
    "is_pes": "pes",
    "areas": "obszary",
}
JOB_KIND = "organisations.import"
_TRUE = {"1", "tak", "t", "true", "yes", "y", "x"}


@dataclass
class ImportRowError:
    line: int
    name: str
    messages: list[str]


@dataclass
class ImportRowSaved:
    line: int
    organisation: Organisation


@dataclass
class ImportReport:
    saved: list[ImportRowSaved] = field(default_factory=list)
    errors: list[ImportRowError] = field(default_factory=list)
    held_back: list[tuple[int, str]] = field(default_factory=list)  # valid rows not saved: another row is bad
    fatal: str = ""
    only_if_all_valid: bool = True

    @property
    def created(self) -> list[Organisation]:
        return [r.organisation for r in self.saved]

    @property
    def ok(self) -> bool:
        return not self.fatal and not self.errors

    def as_json(self) -> dict[str, Any]:
        """The shape `core.importjobs` stores and its progress page renders."""
        rows: list[dict[str, Any]] = [
            {
                "line": r.line,
                "ok": True,
                "label": r.organisation.name,
                "messages": [],
                "url": reverse("organisations:detail", args=[r.organisation.pk]),
            }
            for r in self.saved
        ]
        rows += [{"line": e.line, "ok": False, "label": e.name, "messages": e.messages} for e in self.errors]
        held = _("Wiersz poprawny – nie zapisano, bo inne wiersze mają błędy.")
        rows += [{"line": line, "ok": True, "label": name, "messages": [held]} for line, name in self.held_back]
        if self.saved or not self.held_back:
            summary = _("Zapisano: %(ok)d. Odrzucono: %(bad)d.") % {"ok": len(self.saved), "bad": len(self.errors)}
        else:
            summary = _("Nic nie zapisano. Wiersze z błędami: %(bad)d, poprawne: %(ok)d.") % {
                "bad": len(self.errors),
                "ok": len(self.held_back),
            }
        return {
            "committed": bool(self.saved),
            "error": self.fatal,
            "summary": summary,
            "notice": import_notice(self),
            "rows": sorted(rows, key=lambda r: r["line"]),
        }


def import_notice(report: ImportReport) -> str:
    if report.held_back:
        return _(
            "Wybrano import tylko wtedy, gdy wszystkie wiersze są poprawne. Popraw wiersze z błędami i wczytaj plik "
            "ponownie – albo odznacz tę opcję, aby zapisać same poprawne wiersze."
        )
    return ""


def _legal_form_from(value: str) -> str | None:
    value = value.strip().lower()
    for choice in LegalForm:
        if value in {choice.value, str(choice.label).lower()}:
            return choice.value
    return None


def _open_import_file(content: bytes, filename: str) -> uploads.Table:
    table = uploads.open_table(content, filename, allowed=(uploads.CSV,))
    table.require_columns(REQUIRED_COLUMNS, IMPORT_COLUMNS)
    return table


def organisations_import_inspect(*, content: bytes, filename: str) -> int:
    """Check the file without writing (encoding, separator, columns, row cap); returns its number of rows."""
    n_rows = _open_import_file(content, filename).count_rows()
    if not n_rows:
        raise ValidationError(_("Plik nie zawiera żadnych wierszy z danymi."))
    return n_rows


def _format_nip(value: str) -> str:
    from stdnum.pl import nip

    return str(nip.format(value)) if len(value) == 10 and value.isdigit() else value


def _constraint_message(name: str, line: int, data: dict[str, Any], gmina: str) -> str:
    """A database rule of the registry in words, naming the row and the field (never the constraint's name)."""
    if name == "organisation_unique_nip":
        return _("Wiersz %(line)d: organizacja o numerze NIP %(nip)s już istnieje w rejestrze.") % {
            "line": line,
            "nip": _format_nip(data.get("nip", "")),
        }
    if name == "organisation_unique_krs":
        return _("Wiersz %(line)d: organizacja o numerze KRS %(krs)s już istnieje w rejestrze.") % {
            "line": line,
            "krs": data.get("krs", ""),
        }
    if name == "organisation_unique_name_in_gmina":
        return _(
            "Wiersz %(line)d: organizacja o nazwie „%(name)s” z siedzibą w gminie %(gmina)s już istnieje w rejestrze."
        ) % {
            "line": line,
            "name": str(data.get("name", ""))[:120],
            "gmina": gmina,
        }
    if name == "social_enterprise_has_date":
        return _("Wiersz %(line)d: przedsiębiorstwo społeczne musi mieć datę przyznania statusu.") % {"line": line}
    return _(
        "Wiersz %(line)d: dane naruszają regułę rejestru organizacji (NIP, KRS oraz nazwa w gminie muszą być unikalne)."
    ) % {"line": line}


def _duplicate_in_file_message(name: str, line: int, data: dict[str, Any], gmina: str, first: int) -> str:
    params = {"line": line, "first": first}
    if name == "organisation_unique_nip":
        return _("Wiersz %(line)d: NIP %(nip)s powtarza się w pliku (pierwszy raz w wierszu %(first)d).") % {
            **params,
            "nip": _format_nip(data.get("nip", "")),
        }
    if name == "organisation_unique_krs":
        return _("Wiersz %(line)d: KRS %(krs)s powtarza się w pliku (pierwszy raz w wierszu %(first)d).") % {
            **params,
            "krs": data.get("krs", ""),
        }
    return _(
        "Wiersz %(line)d: organizacja „%(name)s” z siedzibą w gminie %(gmina)s powtarza się w pliku "
        "(pierwszy raz w wierszu %(first)d)."
    ) % {**params, "name": str(data.get("name", ""))[:120], "gmina": gmina}


def _constraint_from_integrity_error(exc: IntegrityError) -> str:
    text = str(exc)
    for constraint in Organisation._meta.constraints:
        if constraint.name in text:
            return constraint.name
    table = Organisation._meta.db_table
    if f"{table}.nip" in text:
        return "organisation_unique_nip"
    if f"{table}.krs" in text:
        return "organisation_unique_krs"
    return ""


class _Existing:
    """NIP, KRS and (name, gmina) pairs of the file that the registry already holds (a few queries per file).

    Names are compared case-folded in Python: SQLite's LOWER() folds only ASCII letters, so "ŻUBR" and "Żubr"
    would pass its unique index as different names, while PostgreSQL's would refuse them."""

    def __init__(self, nips: set[str], krs: set[str], names: set[tuple[str, int]]) -> None:
        def chunks(values: set[Any]) -> list[list[Any]]:
            items = sorted(values)
            return [items[i : i + 500] for i in range(0, len(items), 500)]

        self.nips: set[str] = set()
        self.krs: set[str] = set()
        self.names: set[tuple[str, int]] = set()
        for part in chunks(nips):
            self.nips |= set(Organisation.objects.filter(nip__in=part).values_list("nip", flat=True))
        for part in chunks(krs):
            self.krs |= set(Organisation.objects.filter(krs__in=part).values_list("krs", flat=True))
        for part in chunks({territory for _name, territory in names}):
            for name, territory in Organisation.objects.filter(territory_id__in=part).values_list(
                "name", "territory_id"
            ):
                if (key := (name.strip().casefold(), territory)) in names:
                    self.names.add(key)


def _row_data(
    line: int, row: dict[str, str], territories: dict[str, int], area_map: dict[str, str]
) -> tuple[dict[str, Any], list[str], set[str]]:
    """Form data from a row, the problems found while reading it and the columns they concern."""
    problems: list[str] = []
    columns: set[str] = set()
    legal_form = _legal_form_from(row.get("forma_prawna", ""))
    if legal_form is None:
        columns.add("forma_prawna")
        problems.append(
            _("Wiersz %(line)d, kolumna forma_prawna: nieznana forma prawna „%(v)s”.")
            % {"line": line, "v": row.get("forma_prawna", "")[:60]}
        )
    code = row.get("teryt", "")
    if code not in territories:
        columns.add("teryt")
        problems.append(
            _("Wiersz %(line)d, kolumna teryt: kod TERYT gminy „%(v)s” nie istnieje w rejestrze (7 cyfr, np. 2005011).")
            % {"line": line, "v": code[:20]}
        )
    areas = [a.strip().lower() for a in row.get("obszary", "").replace(",", "|").split("|") if a.strip()]
    bad_areas = [a for a in areas if a not in area_map]
    if bad_areas:
        columns.add("obszary")
        problems.append(
            _("Wiersz %(line)d, kolumna obszary: nieznane obszary działalności: %(v)s.")
            % {"line": line, "v": ", ".join(bad_areas)[:100]}
        )
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
    return data, problems, columns


def _keys(data: dict[str, Any]) -> tuple[str, str, tuple[str, int] | None]:
    """The unique keys of a row as the registry stores them (empty when the value is not a valid number)."""
    nip = normalize_nip(data["nip"]) if data["nip"] else ""
    krs = normalize_krs(data["krs"]) if data["krs"] else ""
    name = data["name"].strip().casefold()
    return (
        nip if len(nip) == 10 and nip.isdigit() else "",
        krs if len(krs) == 10 and krs.isdigit() else "",
        (name, data["territory"]) if name and data["territory"] else None,
    )


def _check_rows(
    rows: list[tuple[int, dict[str, str]]], report: ImportReport, progress: Callable[[int, int], None] | None
) -> list[tuple[int, Any]]:
    """Validate every row before anything is written; returns the valid rows' bound forms."""
    from .forms import OrganisationForm

    territories = dict(Territory.objects.filter(kind="gmina").values_list("code", "pk"))
    gmina_names = {
        pk: f"{name} ({code})"
        for pk, name, code in Territory.objects.filter(kind="gmina").values_list("pk", "name", "code")
    }
    area_map = {a.value: a.value for a in ActivityArea} | {str(a.label).lower(): a.value for a in ActivityArea}
    parsed = [(line, row, *_row_data(line, row, territories, area_map)) for line, row in rows]
    all_keys = [_keys(data) for _line, _row, data, _p, _c in parsed]
    existing = _Existing(
        {k[0] for k in all_keys if k[0]}, {k[1] for k in all_keys if k[1]}, {k[2] for k in all_keys if k[2]}
    )
    constraint_messages = {str(c.get_violation_error_message()): c.name for c in Organisation._meta.constraints}
    seen: dict[Any, int] = {}
    valid: list[tuple[int, Any]] = []
    for done, ((line, row, data, problems, columns), (nip, krs, name_key)) in enumerate(
        zip(parsed, all_keys, strict=True), start=1
    ):
        gmina = gmina_names.get(data["territory"], "")
        reported: set[str] = set()
        values = {**data, "nip": nip or data["nip"], "krs": krs or data["krs"]}
        for constraint, key, in_registry in (
            ("organisation_unique_nip", ("nip", nip), nip in existing.nips),
            ("organisation_unique_krs", ("krs", krs), krs in existing.krs),
            ("organisation_unique_name_in_gmina", ("name", name_key), name_key in existing.names),
        ):
            if not key[1]:
                continue
            if in_registry:
                problems.append(_constraint_message(constraint, line, values, gmina))
                reported.add(constraint)
            elif key in seen:
                problems.append(_duplicate_in_file_message(constraint, line, values, gmina, seen[key]))
                reported.add(constraint)
            else:
                seen[key] = line
        form = OrganisationForm(data=data)
        if not form.is_valid():
            for fname, errors in form.errors.as_data().items():
                column = FIELD_COLUMNS.get(fname, "")
                if column in columns:
                    continue  # already explained by the reading of the row
                for error in errors:
                    for message in error.messages:
                        constraint = constraint_messages.get(message, "")
                        if constraint or error.code == "unique":
                            constraint = constraint or f"organisation_unique_{fname}"
                            if constraint not in reported:
                                problems.append(_constraint_message(constraint, line, values, gmina))
                                reported.add(constraint)
                        elif column:
                            label = form.fields[fname].label if fname in form.fields else column
                            problems.append(
                                _("Wiersz %(line)d, kolumna %(col)s (%(label)s): %(msg)s")
                                % {"line": line, "col": column, "label": label, "msg": message}
                            )
                        else:
                            problems.append(_("Wiersz %(line)d: %(msg)s") % {"line": line, "msg": message})
        if problems:
            report.errors.append(ImportRowError(line, row.get("nazwa", "")[:120], problems))
        else:
            valid.append((line, form))
        if progress is not None:
            progress(done, len(rows))
    return valid


def _save_row(actor: Actor, line: int, form: OrganisationForm) -> Organisation:
    org = form.save()
    event(actor=actor, verb=OrganisationEvent.IMPORTED, target=org, data={"line": line})
    return org


def organisations_import_csv(
    *,
    actor: Actor,
    content: bytes,
    filename: str = "import.csv",
    only_if_all_valid: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import organisations (unverified) with a row-by-row report.

    Every row is checked before anything is written, duplicates of the registry and within the file included.
    By default nothing is saved unless every row is valid (one transaction); with `only_if_all_valid=False`
    the valid rows are saved and the bad ones only reported."""
    require(actor, "organisations.import_organisations")
    report = ImportReport(only_if_all_valid=only_if_all_valid)
    try:
        rows = list(_open_import_file(content, filename).rows())  # streamed; the row cap stops it early
    except ValidationError as exc:
        report.fatal = " ".join(exc.messages)
        return report
    if not rows:
        report.fatal = _("Plik nie zawiera żadnych wierszy z danymi.")
        return report
    valid = _check_rows(rows, report, progress)
    if only_if_all_valid and report.errors:
        report.held_back = [(line, form.cleaned_data["name"]) for line, form in valid]
        return report
    if only_if_all_valid:
        line, form = 0, None
        try:
            with transaction.atomic():
                for line, form in valid:  # `line` names the row if the database refuses it
                    report.saved.append(ImportRowSaved(line, _save_row(actor, line, form)))
        except IntegrityError as exc:  # a concurrent import took a NIP, KRS or name since the check
            data = form.cleaned_data if form is not None else {}
            report.errors.append(
                ImportRowError(line, str(data.get("name", ""))[:120], [_integrity_message(exc, line, data)])
            )
            report.held_back = [(ln, f.cleaned_data["name"]) for ln, f in valid if ln != line]
            report.saved = []
    else:
        for line, form in valid:
            try:
                with transaction.atomic():
                    report.saved.append(ImportRowSaved(line, _save_row(actor, line, form)))
            except IntegrityError as exc:
                data = form.cleaned_data
                report.errors.append(
                    ImportRowError(line, str(data.get("name", ""))[:120], [_integrity_message(exc, line, data)])
                )
    report.errors.sort(key=lambda e: e.line)
    return report


def _integrity_message(exc: IntegrityError, line: int, data: dict[str, Any]) -> str:
    territory = data.get("territory")
    gmina = getattr(territory, "name", "") if territory is not None else ""
    values = {**data, "territory": getattr(territory, "pk", territory)}
    return _constraint_message(_constraint_from_integrity_error(exc), line, values, gmina)


def organisations_import_start(
    *, actor: User, content: bytes, filename: str, only_if_all_valid: bool, total_rows: int
) -> ImportJob:
    """Hand a large file to the task worker; the person follows `core:import_job`."""
    from .tasks import import_task

    require(actor, "organisations.import_organisations")
    job = importjobs.job_create(
        actor=actor,
        kind=JOB_KIND,
        filename=filename,
        content=content,
        options={"only_if_all_valid": only_if_all_valid},
        back_url=reverse("organisations:import"),
        total_rows=total_rows,
    )
    transaction.on_commit(lambda: import_task.enqueue(str(job.pk)))
    return job


def organisations_import_run(job: ImportJob, progress: Callable[[int, int], None]) -> dict[str, Any]:
    """The task's handler: import the stored file as the person who uploaded it (permission checked again)."""
    try:
        if job.actor is None:  # the person's account was deleted after the upload
            raise PermissionDenied
        report = organisations_import_csv(
            actor=job.actor,
            content=bytes(job.content),
            filename=job.filename,
            only_if_all_valid=bool(job.options.get("only_if_all_valid", True)),
            progress=progress,
        )
    except PermissionDenied:
        report = ImportReport(fatal=_("Nie masz już uprawnień do importu organizacji."))
    return report.as_json()


def employment_share_record(
    *,
    actor: Actor,
    organisation: Organisation,
    share: Decimal,
    as_of: date,
    source: str,
    employees: int | None = None,
) -> EmploymentShare:
    """Record the share of employees from the groups of art. 94 ust. 1 Pzp with its date and source (a new record
    each time: the history stays, the latest one counts)."""
    require(actor, "organisations.record_employment_share", organisation)
    if not source.strip():
        raise ValidationError({"source": _("Podaj źródło danych (np. oświadczenie wykonawcy z datą).")})
    if as_of > timezone.localdate():
        raise ValidationError({"as_of": _("Stan na dzień nie może być datą przyszłą.")})
    with transaction.atomic():
        record = EmploymentShare(
            organisation=organisation,
            share=share,
            as_of=as_of,
            source=source.strip(),
            employees=employees,
            recorded_by=person_of(actor),
        )
        record.full_clean()
        record.save()
        event(
            actor=actor,
            verb=OrganisationEvent.EMPLOYMENT_SHARE_RECORDED,
            target=organisation,
            data={"share": str(share), "as_of": as_of.isoformat()},
        )
    return record
