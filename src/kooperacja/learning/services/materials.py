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


@transaction.atomic
def cohort_create(*, actor: Actor, name: str, description: str = "", users: Any = (), team: Any = None) -> Cohort:
    require(actor, "learning.add_course")
    if Cohort.objects.filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": _("Grupa o tej nazwie już istnieje.")})
    cohort = Cohort.objects.create(name=name.strip(), description=description, team=team, created_by=_actor_user(actor))
    CohortMember.objects.bulk_create([CohortMember(cohort=cohort, user=u) for u in users])
    learning_event(actor=actor, verb=LearningEvent.COHORT_CREATED, target=cohort, members=len(list(users)))
    return cohort


def cohort_from_team(*, actor: Actor, team: Any, name: str = "") -> Cohort:
    """A cohort of every person with an active membership in a verified member institution of the PZK team."""
    from kooperacja.accounts.models import User

    orgs = list(team.members.filter(left_on__isnull=True).values_list("organisation_id", flat=True))
    orgs.append(team.lead_organisation_id)
    users = User.objects.filter(
        is_active=True,
        memberships__organisation_id__in=orgs,
        memberships__organisation__is_verified=True,
        memberships__status=MembershipStatus.ACTIVE,
    ).distinct()
    return cohort_create(
        actor=actor,
        name=name or _("Członkowie: %(team)s") % {"team": team.name},
        description=_("Osoby z instytucji członkowskich zespołu %(team)s.") % {"team": team.name},
        users=list(users),
        team=team,
    )
