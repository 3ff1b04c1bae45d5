"""Materials library: materials, their file versions, cohorts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kooperacja.accounts.enums import MembershipStatus
from kooperacja.core.actors import Actor, require

from ..enums import MaterialKind
from ..events import LearningEvent, learning_event
from ..models import Cohort, CohortMember, Material, MaterialGrant, MaterialVersion
from ._common import Grant, check_file, check_organiser, clean_grants, current_grants, save_grants

MATERIAL_FIELDS = (
    "title",
    "summary",
    "kind",
    "topics",
    "audience",
    "language",
    "licence",
    "author",
    "url",
    "visibility",
    "cohort",
)


def _actor_user(actor: Actor) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def material_create(
    *,
    actor: Actor,
    organisation: Any,
    grants: Sequence[Grant] = (),
    file: Any = None,
    **fields: Any,
) -> Material:
    require(actor, "learning.add_material")
    check_organiser(actor, organisation)
    data: dict[str, Any] = {k: fields[k] for k in MATERIAL_FIELDS if k in fields}
    grants = clean_grants(data.get("visibility", "public"), data.get("cohort"), grants)
    kind = data.get("kind")
    if kind in (MaterialKind.DOCUMENT, MaterialKind.TEMPLATE):
        if file is None:
            raise ValidationError({"file": _("Dołącz plik dokumentu lub wzoru.")})
        data["url"] = data.get("url") or ""
    elif not data.get("url"):
        raise ValidationError({"url": _("Podaj adres odnośnika lub filmu.")})
    content_type = check_file(file, field="file") if file is not None else ""
    material = Material(organisation=organisation, created_by=_actor_user(actor), **data)
    material.full_clean(exclude=["current_version"])
    material.save()
    save_grants(MaterialGrant, "material", material, grants)
    if file is not None:
        _add_version(actor, material, file, content_type, note=_("pierwsza wersja"))
    learning_event(actor=actor, verb=LearningEvent.MATERIAL_CREATED, target=material, visibility=material.visibility)
    return material


@transaction.atomic
def material_update(
    *, actor: Actor, material: Material, grants: Sequence[Grant] | None = None, **fields: Any
) -> Material:
    require(actor, "learning.change_material", material, hide=True)
    material = Material.objects.select_for_update().get(pk=material.pk)
    for key in MATERIAL_FIELDS:
        if key in fields and key != "kind":
            setattr(material, key, fields[key])
    grants = clean_grants(material.visibility, material.cohort, current_grants(material) if grants is None else grants)
    material.full_clean(exclude=["current_version"])
    material.save()
    save_grants(MaterialGrant, "material", material, grants)
    learning_event(actor=actor, verb=LearningEvent.MATERIAL_CHANGED, target=material, visibility=material.visibility)
    return material


def _add_version(actor: Actor, material: Material, file: Any, content_type: str, note: str) -> MaterialVersion:
    number = material.current_version + 1
    name = (file.name or "plik").rsplit("/", 1)[-1][:200]
    version = MaterialVersion(
        material=material,
        number=number,
        filename=name,
        content_type=content_type,
        size=file.size,
        note=note,
        created_by=_actor_user(actor),
    )
    version.file.save(f"v{number}-{name}", file, save=False)
    version.save()
    Material.objects.filter(pk=material.pk).update(current_version=number)
    material.current_version = number
    return version


@transaction.atomic
def material_version_add(*, actor: Actor, material: Material, file: Any, note: str = "") -> MaterialVersion:
    require(actor, "learning.change_material", material, hide=True)
    if not material.has_file:
        raise ValidationError({"file": _("Odnośnik i film nie mają wersji pliku – zmień adres w opisie materiału.")})
    content_type = check_file(file, field="file")
    material = Material.objects.select_for_update().get(pk=material.pk)
    version = _add_version(actor, material, file, content_type, note=note[:300])
    learning_event(actor=actor, verb=LearningEvent.MATERIAL_VERSION_ADDED, target=material, version=version.number)
    return version


def team_people(team: Any) -> list[Any]:
    """Every person with an active membership in a verified member (or the lead) institution of the PZK team."""
    from kooperacja.accounts.models import User

    orgs = list(team.members.filter(left_on__isnull=True).values_list("organisation_id", flat=True))
    orgs.append(team.lead_organisation_id)
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation_id__in=orgs,
            memberships__organisation__is_verified=True,
            memberships__status=MembershipStatus.ACTIVE,
        )
        .distinct()
        .order_by("pk")
    )


def _clean_cohort(
    name: str, users: Any, team: Any, whole_team: bool, exclude_pk: int | None = None
) -> tuple[str, list[Any]]:
    """The name (trimmed, not taken) and the people (picked, plus everyone of the team when `whole_team`)."""
    name = (name or "").strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Podaj nazwę grupy.")
    else:
        taken = Cohort.objects.filter(name__iexact=name)
        if exclude_pk is not None:
            taken = taken.exclude(pk=exclude_pk)
        if taken.exists():
            errors["name"] = _("Grupa o tej nazwie już istnieje.")
    people = {u.pk: u for u in users}
    if team is not None and whole_team:
        people.update({u.pk: u for u in team_people(team)})
    if not people:
        errors["users"] = _("Grupa nie może być pusta: wybierz osoby lub zespół kooperacji, z którego je dodać.")
    if errors:
        raise ValidationError(errors)
    return name, list(people.values())


@transaction.atomic
def cohort_create(
    *, actor: Actor, name: str, description: str = "", users: Any = (), team: Any = None, whole_team: bool = False
) -> Cohort:
    """A cohort of the people picked; `team` records the PZK team it serves, `whole_team` adds all of its people."""
    require(actor, "learning.add_cohort")
    name, people = _clean_cohort(name, users, team, whole_team)
    cohort = Cohort.objects.create(name=name, description=description, team=team, created_by=_actor_user(actor))
    CohortMember.objects.bulk_create([CohortMember(cohort=cohort, user=u) for u in people])
    learning_event(actor=actor, verb=LearningEvent.COHORT_CREATED, target=cohort, members=len(people))
    return cohort


@transaction.atomic
def cohort_update(
    *,
    actor: Actor,
    cohort: Cohort,
    name: str,
    description: str = "",
    users: Any = (),
    team: Any = None,
    whole_team: bool = False,
) -> Cohort:
    """Rename the cohort and set its members to the people picked (plus everyone of the team when `whole_team`)."""
    require(actor, "learning.change_cohort", cohort, hide=True)
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    name, people = _clean_cohort(name, users, team, whole_team, exclude_pk=cohort.pk)
    wanted = {u.pk for u in people}
    current = set(cohort.memberships.values_list("user_id", flat=True))
    added, removed = wanted - current, current - wanted
    cohort.memberships.filter(user_id__in=sorted(removed)).delete()
    CohortMember.objects.bulk_create([CohortMember(cohort=cohort, user_id=pk) for pk in sorted(added)])
    cohort.name, cohort.description = name, description
    if team is not None:
        cohort.team = team
    cohort.save(update_fields=["name", "description", "team", "updated_at"])
    learning_event(
        actor=actor,
        verb=LearningEvent.COHORT_CHANGED,
        target=cohort,
        added=len(added),
        removed=len(removed),
        members=len(wanted),
    )
    return cohort


def cohort_from_team(*, actor: Actor, team: Any, name: str = "") -> Cohort:
    """A cohort of every person with an active membership in a verified member institution of the PZK team."""
    return cohort_create(
        actor=actor,
        name=name or _("Członkowie: %(team)s") % {"team": team.name},
        description=_("Osoby z instytucji członkowskich zespołu %(team)s.") % {"team": team.name},
        team=team,
        whole_team=True,
    )
