"""Compute the regional figures from the other apps' records (read only: their models, never their services).

Grouped queries over the whole voivodeship (a dozen queries whatever the number of gminas); the per-person
figures (distinct participants, medians) are reduced in Python from narrow value lists.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from kooperacja.catalog.models import Service
from kooperacja.commissioning.enums import ContractState
from kooperacja.commissioning.models import Call, Contract, ServicePackage
from kooperacja.cooperation.enums import CaseStatus, ReferralState
from kooperacja.cooperation.models import Case, Referral, Team
from kooperacja.core.models import Territory
from kooperacja.delivery.models import Enrolment
from kooperacja.learning.enums import CertificateState, EnrolmentState
from kooperacja.learning.models import Certificate
from kooperacja.learning.models import Enrolment as CourseEnrolment

ZERO = Decimal("0.00")
ACCEPTED = (ReferralState.ACCEPTED, ReferralState.IN_PROGRESS, ReferralState.COMPLETED, ReferralState.NOT_COMPLETED)
CLOSED = (ReferralState.COMPLETED, ReferralState.NOT_COMPLETED)
SUCCESSFUL_IPW = ("achieved", "partly")
MONEY_FIELD = DecimalField(max_digits=14, decimal_places=2)


@dataclass
class Row:
    packages: int = 0
    calls: int = 0
    calls_value: Decimal = ZERO
    awarded_value: Decimal = ZERO
    pes_value: Decimal = ZERO
    calls_with_clauses: int = 0
    services: int = 0
    participants: int = 0
    teams: int = 0
    cases: int = 0
    referrals_sent: int = 0
    referrals_accepted: int = 0
    referrals_completed: int = 0
    referrals_closed: int = 0
    median_days: Decimal | None = None
    families_completed: int = 0
    course_completions: int = 0
    certificates: int = 0
    _days: list[float] = field(default_factory=list)

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}


def compute(voivodeship_code: str = "", *, until: date) -> dict[tuple[int, int], Row]:
    """{(gmina territory id, year): Row} for the gminas of the voivodeship (all when empty), years up to `until`."""
    rows: dict[tuple[int, int], Row] = defaultdict(Row)
    pref = voivodeship_code
    last = until.year

    def row(tid: int | None, year: int | None) -> Row | None:
        if tid is None or year is None or year > last:
            return None
        return rows[(tid, year)]

    for tid, year, n in (
        ServicePackage.objects.filter(territory__code__startswith=pref)
        .values_list("territory_id", "year")
        .annotate(n=Count("id"))
        .order_by()
    ):
        if r := row(tid, year):
            r.packages += n

    for tid, year, n, value, with_clauses in (
        Call.objects.filter(published_at__isnull=False, authority__territory__code__startswith=pref)
        .annotate(y=ExtractYear("published_at"))
        .values_list("authority__territory_id", "y")
        .annotate(
            n=Count("id", distinct=True),
            value=Sum(Coalesce("funds_total", "estimated_value", Value(ZERO), output_field=MONEY_FIELD)),
            with_clauses=Count("id", filter=Q(clauses__isnull=False), distinct=True),
        )
        .order_by()
    ):
        if r := row(tid, year):
            r.calls += n
            r.calls_with_clauses += with_clauses
            r.calls_value += value or ZERO

    for tid, year, amount, pes in (
        Contract.objects.filter(authority__territory__code__startswith=pref)
        .exclude(state__in=[ContractState.DRAFT, ContractState.TERMINATED])
        .annotate(y=ExtractYear("start_date"))
        .values_list("authority__territory_id", "y")
        .annotate(total=Sum("amount"), pes_total=Sum("amount", filter=Q(contractor__is_pes=True)))
        .order_by()
    ):
        if r := row(tid, year):
            r.awarded_value += amount or ZERO
            r.pes_value += pes or ZERO

    years_of: dict[int, set[int]] = defaultdict(set)
    for tid, year in list(rows):
        years_of[tid].add(year)

    # participants: distinct people enrolled on the gmina's providers' services in the year
    people: dict[tuple[int, int], set[int]] = defaultdict(set)
    for tid, person, start, end in Enrolment.objects.filter(
        enrolled_on__isnull=False, service__provider__territory__code__startswith=pref
    ).values_list("service__provider__territory_id", "person_id", "enrolled_on", "left_on"):
        for year in range(start.year, min((end or until).year, last) + 1):
            people[(tid, year)].add(person)
    for key, persons in people.items():
        rows[key].participants = len(persons)

    for tid, n in (
        Service.objects.filter(provider__territory__code__startswith=pref)
        .values_list("provider__territory_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        for year in years_of.get(tid) or {last}:
            rows[(tid, year)].services = n

    for tid, founded in Team.objects.filter(gmina__code__startswith=pref).values_list("gmina_id", "founded_on"):
        for year in range(founded.year, last + 1):
            rows[(tid, year)].teams += 1

    for tid, year, n in (
        Case.objects.filter(gmina__code__startswith=pref)
        .annotate(y=ExtractYear("opened_on"))
        .values_list("gmina_id", "y")
        .annotate(n=Count("id"))
        .order_by()
    ):
        if r := row(tid, year):
            r.cases += n
    for tid, closed in Case.objects.filter(
        gmina__code__startswith=pref, status=CaseStatus.CLOSED, programme__outcome__in=SUCCESSFUL_IPW
    ).values_list("gmina_id", "closed_on"):
        if closed and (r := row(tid, closed.year)):
            r.families_completed += 1

    for tid, state, sent, finished in Referral.objects.filter(case__gmina__code__startswith=pref).values_list(
        "case__gmina_id", "state", "sent_at", "finished_at"
    ):
        r = row(tid, timezone.localtime(sent).year)
        if r is None:
            continue
        r.referrals_sent += 1
        r.referrals_accepted += state in ACCEPTED
        r.referrals_completed += state == ReferralState.COMPLETED
        if state in CLOSED:
            r.referrals_closed += 1
            if finished:
                r._days.append((finished - sent).total_seconds() / 86400)
    # School of Cooperation: by the gmina of the participant's organisation
    for tid, completed in CourseEnrolment.objects.filter(
        state=EnrolmentState.COMPLETED, completed_at__isnull=False, organisation__territory__code__startswith=pref
    ).values_list("organisation__territory_id", "completed_at"):
        if r := row(tid, timezone.localtime(completed).year):
            r.course_completions += 1
    for tid, issued in Certificate.objects.filter(
        state=CertificateState.VALID, enrolment__organisation__territory__code__startswith=pref
    ).values_list("enrolment__organisation__territory_id", "issued_at"):
        if r := row(tid, timezone.localtime(issued).year):
            r.certificates += 1
    for r in rows.values():
        if r._days:
            r.median_days = Decimal(str(round(statistics.median(r._days), 1)))
    return dict(rows)


def gminas_of(voivodeship_code: str) -> dict[int, Territory]:
    return {t.pk: t for t in Territory.objects.filter(kind="gmina", code__startswith=voivodeship_code)}


# where each source of the figures keeps the TERC code of its gmina (the same paths `compute` groups by) and
# the time it was last written (`updated_at`; a certificate is written once, when issued)
SOURCES: tuple[tuple[Any, str, str], ...] = (
    (ServicePackage, "territory__code", "updated_at"),
    (Call, "authority__territory__code", "updated_at"),
    (Contract, "authority__territory__code", "updated_at"),
    (Service, "provider__territory__code", "updated_at"),
    (Enrolment, "service__provider__territory__code", "updated_at"),
    (Team, "gmina__code", "updated_at"),
    (Case, "gmina__code", "updated_at"),
    (Referral, "case__gmina__code", "updated_at"),
    (CourseEnrolment, "organisation__territory__code", "updated_at"),
    (Certificate, "enrolment__organisation__territory__code", "issued_at"),
)


def changed_gminas(since: Any, voivodeship_code: str = "") -> set[str]:
    """TERC codes of the gminas with a record of any source created or changed since `since` (one query per
    source; deletions are caught by the nightly full refresh)."""
    codes: set[str] = set()
    for model, path, stamp in SOURCES:
        codes.update(
            code
            for code in model.objects.filter(**{f"{stamp}__gte": since, f"{path}__startswith": voivodeship_code})
            .values_list(path, flat=True)
            .distinct()
            .order_by()
            if code
        )
    return codes
