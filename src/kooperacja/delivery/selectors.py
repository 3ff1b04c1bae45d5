"""Reads of delivery data. Personal data: `person_for` / `people_shown` write the access log BEFORE returning.

For other apps (cooperation): `person_for(user, pk, purpose=...)`, `people_visible_to(user)` (no personal
fields should be displayed from it without `people_shown`), `free_places(service)`,
`services_with_free_places(qs)`, `services_matching(...)`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from kooperacja.accounts import roles
from kooperacja.catalog import selectors as catalog_selectors
from kooperacja.catalog.models import Service
from kooperacja.core.audit import log_access
from kooperacja.core.enums import AccessAction

from . import policies
from .enums import (
    OPEN_ENROLMENT,
    SUCCESSFUL_LEAVE,
    SUCCESSFUL_OUTCOMES,
    AttendanceStatus,
    DuplicateStatus,
    EnrolmentStatus,
    IndicatorKind,
    PlacementEndReason,
)
from .models import (
    Attendance,
    Enrolment,
    Flat,
    HomelessnessProgramme,
    OutcomeIndicator,
    Person,
    PersonDuplicateFlag,
    PersonOrganisation,
    Placement,
    ProgrammeAction,
    Session,
    SupportMeeting,
)
from .policies import staff_org_ids

# --- capacity (for the catalogue and the cooperation basket) ---


def free_places(service: Service) -> int | None:
    """Free places now (None = no limit): capacity minus active enrolments, read fresh."""
    return catalog_selectors.free_places(service)


def services_with_free_places(qs: QuerySet[Service]) -> QuerySet[Service]:
    """Annotate `free` (None = no limit) on a queryset of services."""
    return catalog_selectors.with_free_places(qs)


def services_matching(**kwargs: Any) -> QuerySet[Service]:
    """See `catalog.selectors.services_matching` (gmina, categories, age, reasons, free_only, user)."""
    return catalog_selectors.services_matching(**kwargs)


def active_enrolment_count(service: Service) -> int:
    return Enrolment.objects.filter(service=service, status=EnrolmentStatus.ACTIVE).count()


# --- people ---


def people_visible_to(user: Any) -> QuerySet[Person]:
    """People served by the user's organisations (staff roles). Display of personal fields: `people_shown`."""
    return policies.people.visible(user, "see", base=Person.objects.select_related("territory"))


def person_for(
    user: Any,
    pk: int,
    *,
    purpose: str = "obsługa uczestnika usługi",
    part: str = "dane osobowe",
    request: HttpRequest | None = None,
    action: str = AccessAction.VIEW,
) -> Person:
    """The person record, or 404 when the user's organisations do not serve the person. Logs the access."""
    person = get_object_or_404(people_visible_to(user), pk=pk)
    log_access(user=user, targets=person, purpose=purpose, part=part, action=action, request=request)
    return person


def person_by_code(user: Any, code: str, **kwargs: Any) -> Person:
    person = get_object_or_404(people_visible_to(user), code=code)
    return person_for(user, person.pk, **kwargs)


def people_shown(
    user: Any,
    people: Iterable[Person],
    *,
    purpose: str,
    part: str = "imię i nazwisko",
    request: HttpRequest | None = None,
    action: str = AccessAction.VIEW,
) -> list[Person]:
    """Log the display of a list of people (one row each, one query) and return them."""
    items = list(people)
    log_access(user=user, targets=items, purpose=purpose, part=part, action=action, request=request)
    return items


def duplicate_flags_visible_to(user: Any) -> QuerySet[PersonDuplicateFlag]:
    """Suspected duplicates shown to the controllers of the EXISTING record only (staff of the organisations that
    serve it). The organisation whose registration created the duplicate does not see the flag unless it serves
    the existing record too: the flag would tell it that the PESEL is known elsewhere."""
    ids = staff_org_ids(user)
    if not ids:
        return PersonDuplicateFlag.objects.none()
    served = PersonOrganisation.objects.filter(organisation_id__in=ids).values("person_id")
    return PersonDuplicateFlag.objects.filter(existing_id__in=served).select_related(
        "existing", "duplicate", "organisation", "resolved_by"
    )


def open_duplicate_flags_of(person: Person) -> QuerySet[PersonDuplicateFlag]:
    """Open flags where `person` is the existing record (for its page, already scoped by `person_for`)."""
    return person.duplicate_flags.filter(status=DuplicateStatus.OPEN).select_related("duplicate", "organisation")


def duplicate_flag_for(user: Any, pk: int) -> PersonDuplicateFlag:
    return get_object_or_404(duplicate_flags_visible_to(user), pk=pk)


def organisations_serving(person: Person) -> QuerySet[Any]:
    from kooperacja.organisations.models import Organisation

    return Organisation.objects.filter(pk__in=person.served_by.values("organisation_id"))


# --- services being delivered ---


def delivered_services_for(user: Any) -> QuerySet[Service]:
    """Services the user's organisations deliver, with counts for the staff dashboard."""
    ids = staff_org_ids(user)
    qs = catalog_selectors.services_managed_by(user)
    if not roles.is_platform_admin(user):
        qs = qs.filter(provider_id__in=ids)
    return qs.annotate(
        n_active=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ACTIVE), distinct=True),
        n_waiting=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITING), distinct=True),
    )


def delivered_service_for(user: Any, pk: int) -> Service:
    service = get_object_or_404(catalog_selectors.services_managed_by(user), pk=pk)
    if service.provider_id not in staff_org_ids(user):
        from django.http import Http404

        raise Http404
    return service


def outcome_services_for(user: Any) -> QuerySet[Service]:
    """Services whose outcome indicators the user may read (aggregates, no personal data)."""
    from .rules import is_outcome_reader

    if roles.is_platform_admin(user) or is_outcome_reader(user):
        return catalog_selectors.services_visible_to(user)
    return catalog_selectors.services_managed_by(user).filter(provider_id__in=staff_org_ids(user))


def enrolments_of(service: Service, *statuses: str) -> QuerySet[Enrolment]:
    qs = Enrolment.objects.filter(service=service).select_related("person")
    if statuses:
        qs = qs.filter(status__in=statuses)
    return qs.order_by("status", "requested_on", "id")


def enrolment_for(user: Any, pk: int) -> Enrolment:
    ids = staff_org_ids(user)
    return get_object_or_404(
        Enrolment.objects.select_related("person", "service", "service__provider").filter(service__provider_id__in=ids),
        pk=pk,
    )


def sessions_of(service: Service) -> QuerySet[Session]:
    # explicit order: Meta.ordering is not applied to aggregate (GROUP BY) queries, and the list is paginated
    return (
        Session.objects.filter(service=service)
        .annotate(n_present=Count("attendance", filter=Q(attendance__status=AttendanceStatus.PRESENT)))
        .order_by("-date", "-starts_at", "-id")
    )


def session_for(user: Any, pk: int) -> Session:
    return get_object_or_404(
        Session.objects.select_related("service", "service__provider", "location").filter(
            service__provider_id__in=staff_org_ids(user)
        ),
        pk=pk,
    )


@dataclass
class RegisterRow:
    enrolment: Enrolment
    attendance: Attendance | None


def register_enrolments(service_id: int, start: date, end: date | None = None) -> QuerySet[Enrolment]:
    """Enrolments on the register of a service between two dates (one day when `end` is None): enrolled by the
    end, and active or left on/after the start. Ordered as a paper register (surname, first name, code)."""
    end = end or start
    return (
        Enrolment.objects.filter(service_id=service_id, enrolled_on__lte=end)
        .filter(Q(status=EnrolmentStatus.ACTIVE) | Q(status=EnrolmentStatus.LEFT, left_on__gte=start))
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "person__code", "id")
    )


def session_register(session: Session) -> list[RegisterRow]:
    """The whole attendance grid of a session (for 'all present'): two queries whatever the number of rows.
    Pages show `register_page` instead, which reads only one page from the database."""
    enrolments = register_enrolments(session.service_id, session.date)
    marks = {a.enrolment_id: a for a in Attendance.objects.filter(session=session)}
    return [RegisterRow(e, marks.get(e.pk)) for e in enrolments]


def register_page(session: Session, number: Any, per_page: int) -> tuple[Page[Enrolment], list[RegisterRow]]:
    """One page of the register, paginated in the database (COUNT + LIMIT), with the marks of that page only."""
    page = Paginator(register_enrolments(session.service_id, session.date), per_page).get_page(number)
    enrolments = list(page.object_list)
    marks = {
        a.enrolment_id: a
        for a in Attendance.objects.filter(session=session, enrolment_id__in=[e.pk for e in enrolments])
    }
    return page, [RegisterRow(e, marks.get(e.pk)) for e in enrolments]


def register_row(session: Session, enrolment: Enrolment) -> RegisterRow:
    return RegisterRow(enrolment, Attendance.objects.filter(session=session, enrolment=enrolment).first())


@dataclass
class MonthCell:
    session: Session
    attendance: Attendance | None
    eligible: bool  # enrolled on the day of the session


@dataclass
class MonthRow:
    enrolment: Enrolment
    cells: list[MonthCell]

    @property
    def present(self) -> int:
        return sum(1 for c in self.cells if c.attendance and c.attendance.status == AttendanceStatus.PRESENT)


def _eligible_on(enrolment: Enrolment, day: date) -> bool:
    if enrolment.enrolled_on is None or enrolment.enrolled_on > day:
        return False
    return enrolment.status == EnrolmentStatus.ACTIVE or (
        enrolment.status == EnrolmentStatus.LEFT and enrolment.left_on is not None and enrolment.left_on >= day
    )


def month_register(
    service: Service, start: date, end: date, number: Any, per_page: int
) -> tuple[list[Session], Page[Enrolment], list[MonthRow]]:
    """The paper register of a month: people (one page, paginated in the database) x sessions of the month.
    Three queries and a COUNT whatever the number of people, sessions and marks."""
    sessions = list(
        Session.objects.filter(service=service, date__range=(start, end)).order_by("date", "starts_at", "id")
    )
    page = Paginator(register_enrolments(service.pk, start, end), per_page).get_page(number)
    enrolments = list(page.object_list)
    marks = {
        (a.enrolment_id, a.session_id): a
        for a in Attendance.objects.filter(session__in=sessions, enrolment_id__in=[e.pk for e in enrolments])
    }
    rows = [
        MonthRow(e, [MonthCell(s, marks.get((e.pk, s.pk)), _eligible_on(e, s.date)) for s in sessions])
        for e in enrolments
    ]
    return sessions, page, rows


def month_cell(session: Session, enrolment: Enrolment) -> tuple[MonthCell, int]:
    """One cell of the month register after a change, and the person's count of presences in that month."""
    mark = Attendance.objects.filter(session=session, enrolment=enrolment).first()
    present = Attendance.objects.filter(
        enrolment=enrolment,
        status=AttendanceStatus.PRESENT,
        session__date__year=session.date.year,
        session__date__month=session.date.month,
    ).count()
    return MonthCell(session, mark, _eligible_on(enrolment, session.date)), present


def meetings_of(person: Person) -> QuerySet[SupportMeeting]:
    return SupportMeeting.objects.filter(enrolment__person=person).select_related("enrolment__service", "staff")


# --- programmes (art. 49) and flats (art. 53) ---


def programmes_visible_to(user: Any) -> QuerySet[HomelessnessProgramme]:
    base = HomelessnessProgramme.objects.select_related(
        "person", "ops", "service", "service__provider", "prepared_by", "approved_by"
    )
    return policies.programmes.visible(user, "view", base=base)


def programme_for(user: Any, pk: int) -> HomelessnessProgramme:
    return get_object_or_404(
        programmes_visible_to(user).prefetch_related(
            "goals",
            Prefetch("actions", queryset=ProgrammeAction.objects.select_related("responsible_organisation", "goal")),
            "reviews__reviewer",
        ),
        pk=pk,
    )


def flats_visible_to(user: Any) -> QuerySet[Flat]:
    return (
        policies.flats.visible(user, "operate", base=Flat.objects.all())
        .select_related("operator", "territory", "service")
        .annotate(occupied=Count("placements", filter=Q(placements__ended_on__isnull=True)))
    )


def flat_for(user: Any, pk: int) -> Flat:
    return get_object_or_404(flats_visible_to(user), pk=pk)


def placements_of(flat: Flat) -> QuerySet[Placement]:
    return flat.placements.select_related("person").order_by("ended_on", "-starts_on")


def occupancy(flat: Flat, *, on: date) -> int:
    return flat.placements.filter(starts_on__lte=on).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on)).count()


# --- outcome indicators: computed, never typed ---


def _q(value: Any) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.1"))


def achieved_value(service: Service, kind: str, start: date, end: date) -> Decimal:
    """The achieved value of one indicator in a period, from enrolments, attendance, meetings, programmes, flats."""
    enrolments = Enrolment.objects.filter(service=service)
    in_period = enrolments.filter(enrolled_on__isnull=False, enrolled_on__lte=end).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=start)
    )
    attendance = Attendance.objects.filter(session__service=service, session__date__range=(start, end))
    if kind == IndicatorKind.PARTICIPANTS:
        return _q(in_period.values("person_id").distinct().count())
    if kind == IndicatorKind.COMPLETED:
        return _q(
            enrolments.filter(
                status=EnrolmentStatus.LEFT, leave_reason__in=SUCCESSFUL_LEAVE, left_on__range=(start, end)
            )
            .values("person_id")
            .distinct()
            .count()
        )
    if kind == IndicatorKind.SESSIONS:
        return _q(Session.objects.filter(service=service, date__range=(start, end)).count())
    if kind == IndicatorKind.HOURS:
        return _q(attendance.filter(status=AttendanceStatus.PRESENT).aggregate(s=Sum("hours"))["s"])
    if kind == IndicatorKind.ATTENDANCE_RATE:
        total = attendance.count()
        present = attendance.filter(status=AttendanceStatus.PRESENT).count()
        return _q(Decimal(present * 100) / total) if total else _q(0)
    if kind == IndicatorKind.MEETINGS:
        return _q(SupportMeeting.objects.filter(enrolment__service=service, held_on__range=(start, end)).count())
    if kind == IndicatorKind.PROGRAMMES_SUCCESS:
        return _q(
            HomelessnessProgramme.objects.filter(
                service=service, outcome__in=SUCCESSFUL_OUTCOMES, closed_on__range=(start, end)
            ).count()
        )
    placements = Placement.objects.filter(flat__service=service)
    if kind == IndicatorKind.PLACEMENTS:
        return _q(
            placements.filter(starts_on__lte=end)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
            .values("person_id")
            .distinct()
            .count()
        )
    if kind == IndicatorKind.INDEPENDENT:
        return _q(placements.filter(end_reason=PlacementEndReason.INDEPENDENT, ended_on__range=(start, end)).count())
    raise ValueError(kind)


@dataclass
class IndicatorValue:
    indicator: OutcomeIndicator
    achieved: Decimal

    @property
    def percent(self) -> int | None:
        if not self.indicator.planned:
            return None
        return int(self.achieved * 100 / self.indicator.planned)

    @property
    def met(self) -> bool:
        return self.achieved >= self.indicator.planned


def indicator_values(service: Service) -> list[IndicatorValue]:
    return [
        IndicatorValue(ind, achieved_value(service, ind.kind, ind.period_start, ind.period_end))
        for ind in OutcomeIndicator.objects.filter(service=service).order_by("kind", "period_start")
    ]


def indicators_by_lot(lot_ref: str) -> list[IndicatorValue]:
    """Indicators of all services reporting to one contract lot (`OutcomeIndicator.lot_ref`), for contract reports."""
    return [
        IndicatorValue(ind, achieved_value(ind.service, ind.kind, ind.period_start, ind.period_end))
        for ind in OutcomeIndicator.objects.filter(lot_ref=lot_ref).select_related("service")
    ]


def service_stats(service: Service) -> dict[str, Any]:
    return Enrolment.objects.filter(service=service).aggregate(
        active=Count("id", filter=Q(status=EnrolmentStatus.ACTIVE)),
        waiting=Count("id", filter=Q(status=EnrolmentStatus.WAITING)),
        left=Count("id", filter=Q(status=EnrolmentStatus.LEFT)),
    )


def open_enrolments_of(person: Person) -> QuerySet[Enrolment]:
    return person.enrolments.filter(status__in=OPEN_ENROLMENT).select_related("service", "service__provider")


# --- per commissioning lot (delivery is above commissioning in the layers, so it may read lots) ---


@dataclass
class LotOutcome:
    lot: Any
    start: date
    end: date
    planned_participants: int
    planned_hours: int
    participants: int
    hours: Decimal  # person-hours (hours of presence, summed over participants)
    sessions: int
    attendance_rate: Decimal
    services: list[Service]
    indicators: list[IndicatorValue]

    @property
    def participants_percent(self) -> int | None:
        return int(self.participants * 100 / self.planned_participants) if self.planned_participants else None

    service_hours: Decimal = Decimal(0)  # hours of service delivered (session durations): the lot's planned unit

    @property
    def hours_percent(self) -> int | None:
        # the lot plans hours of service, so compare them with sessions held, not with person-hours
        return int(self.service_hours * 100 / self.planned_hours) if self.planned_hours else None


def lots_visible_to(user: Any) -> QuerySet[Any]:
    """Lots of packages whose outcomes the user may read: officers/analysts/admins all visible packages,
    providers the lots their services deliver."""
    from kooperacja.commissioning.models import Lot
    from kooperacja.commissioning.selectors import packages_visible_to

    from .rules import is_outcome_reader

    qs = Lot.objects.filter(package__in=packages_visible_to(user)).select_related("package")
    if roles.is_platform_admin(user) or is_outcome_reader(user):
        return qs.filter(services__isnull=False).distinct()
    return qs.filter(services__provider_id__in=staff_org_ids(user)).distinct()


def lot_outcomes(lot: Any, start: date | None = None, end: date | None = None) -> LotOutcome:
    """Planned (from the lot) vs achieved (from enrolments and attendance of the lot's catalogue services)."""
    start = start or date(lot.package.year, 1, 1)
    end = end or date(lot.package.year, 12, 31)
    svcs = list(lot.services.select_related("provider"))
    enrolments = Enrolment.objects.filter(service__in=svcs, enrolled_on__isnull=False, enrolled_on__lte=end).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=start)
    )
    attendance = Attendance.objects.filter(session__service__in=svcs, session__date__range=(start, end))
    total = attendance.count()
    present = attendance.filter(status=AttendanceStatus.PRESENT)
    rate = _q(Decimal(present.count() * 100) / total) if total else _q(0)
    values: list[IndicatorValue] = []
    for svc in svcs:
        values.extend(indicator_values(svc))
    return LotOutcome(
        lot=lot,
        start=start,
        end=end,
        planned_participants=lot.planned_participants,
        planned_hours=lot.planned_hours,
        participants=enrolments.values("person_id").distinct().count(),
        hours=_q(present.aggregate(s=Sum("hours"))["s"]),
        sessions=Session.objects.filter(service__in=svcs, date__range=(start, end)).count(),
        service_hours=_q(
            Session.objects.filter(service__in=svcs, date__range=(start, end)).aggregate(s=Sum("duration_hours"))["s"]
        ),
        attendance_rate=rate,
        services=svcs,
        indicators=values,
    )


def has_valid_consent(person: Person, scope: str, *, on: date | None = None) -> bool:
    """Whether the person has a consent of `scope` valid on the day (given, not expired, not withdrawn)."""
    from django.utils import timezone

    day = on or timezone.localdate()
    return (
        person.consents.filter(scope=scope, given_on__lte=day)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=day))
        .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day))
        .exists()
    )


def esf_missing(service: Any) -> int | None:
    """How many admitted participants of an EU-funded service lack their ESF+ data (None: not EU-funded)."""
    if not service.eu_funded:
        return None
    return (
        Enrolment.objects.filter(service=service, enrolled_on__isnull=False, esf__isnull=True)
        .exclude(person__anonymised_at__isnull=False)
        .count()
    )
