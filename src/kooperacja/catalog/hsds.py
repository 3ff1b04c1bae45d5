"""Export of the catalogue in the Open Referral Human Services Data Specification (HSDS 3.0) JSON shape.

Identifiers are stable UUIDv5 derived from our primary keys, so repeated exports keep the same ids.
Validated in tests against the HSDS JSON schemas shipped in `tests/catalog/hsds/` (CC BY-SA 4.0).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from .enums import AccessibilityFeature, ServiceStatus, TargetGroup
from .models import Location, Service

NAMESPACE = uuid.UUID("6f0f4b5e-5d2a-4c61-9d1b-6b6f6f706572")  # "Kooperacja" HSDS namespace

HSDS_STATUS: dict[str, str] = {
    ServiceStatus.ACTIVE: "active",
    ServiceStatus.DRAFT: "inactive",
    ServiceStatus.SUSPENDED: "temporarily closed",
    ServiceStatus.ENDED: "defunct",
}


def hsds_id(kind: str, pk: Any) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{pk}"))


def organization(org: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": hsds_id("organization", org.pk),
        "name": org.name,
        "alternate_name": org.short_name or "",
        "description": org.description or org.name,
        "legal_status": org.get_legal_form_display(),
        "tax_id": org.nip or "",
        "organization_identifiers": [
            {
                "id": hsds_id(f"organization_identifier:{scheme}", org.pk),
                "organization_id": hsds_id("organization", org.pk),
                "identifier_scheme": "PL-" + scheme.upper(),
                "identifier_type": scheme.upper(),
                "identifier": value,
            }
            for scheme, value in (("nip", org.nip), ("regon", org.regon), ("krs", org.krs))
            if value
        ],
    }
    if org.email:
        data["email"] = org.email
    if org.website:
        data["website"] = org.website
    return data


def location(loc: Location) -> dict[str, Any]:
    lid = hsds_id("location", loc.pk)
    labels = dict(AccessibilityFeature.choices)
    data: dict[str, Any] = {
        "id": lid,
        "location_type": "physical",
        "organization_id": hsds_id("organization", loc.organisation_id),
        "name": loc.name,
        "transportation": loc.transport,
        "external_identifier": loc.territory.code,
        "external_identifier_type": "TERYT TERC",
        "addresses": [
            {
                "id": hsds_id("address", loc.pk),
                "location_id": lid,
                "address_1": loc.street,
                "city": loc.city,
                "region": loc.territory.name,
                "state_province": "podlaskie" if loc.territory.code.startswith("20") else loc.territory.code[:2],
                "postal_code": loc.postal_code,
                "country": "PL",
                "address_type": "physical",
            }
        ],
        "accessibility": [
            {
                "id": hsds_id(f"accessibility:{feature}", loc.pk),
                "location_id": lid,
                "description": str(labels.get(feature, feature)),
                "details": loc.accessibility_notes,
            }
            for feature in loc.accessibility
        ],
        "languages": [{"id": hsds_id("language", loc.pk), "name": "Polish", "code": "pl"}],
    }
    if loc.latitude is not None and loc.longitude is not None:
        data["latitude"] = float(loc.latitude)
        data["longitude"] = float(loc.longitude)
    return data


def service(svc: Service) -> dict[str, Any]:
    sid = hsds_id("service", svc.pk)
    groups = dict(TargetGroup.choices)
    data: dict[str, Any] = {
        "id": sid,
        "organization_id": hsds_id("organization", svc.provider_id),
        "name": svc.name,
        "alternate_name": svc.summary,
        "description": svc.description,
        "status": HSDS_STATUS.get(svc.status, "inactive"),
        "application_process": svc.application_process,
        "fees_description": svc.cost_notes or ("bezpłatna" if svc.is_free else ""),
        "eligibility_description": svc.eligibility,
        "last_modified": svc.updated_at.isoformat(),
        "organization": organization(svc.provider),
        "phones": [{"id": hsds_id("phone:service", svc.pk), "service_id": sid, "number": svc.contact_phone}]
        if svc.contact_phone
        else [],
        "contacts": [
            {
                "id": hsds_id("contact", svc.pk),
                "service_id": sid,
                "name": svc.contact_name,
                **({"email": svc.contact_email} if svc.contact_email else {}),
            }
        ]
        if svc.contact_name or svc.contact_email
        else [],
        "schedules": [{"id": hsds_id("schedule", svc.pk), "service_id": sid, "description": svc.schedule}]
        if svc.schedule
        else [],
        "service_areas": [
            {
                "id": hsds_id(f"service_area:{t.code}", svc.pk),
                "service_id": sid,
                "name": t.name,
                "extent_type": "TERYT TERC",
                "extent": t.code,
            }
            for t in svc.eligible_gminas.all()
        ],
        "service_at_locations": [
            {
                "id": hsds_id(f"service_at_location:{loc.pk}", svc.pk),
                "service_id": sid,
                "location_id": hsds_id("location", loc.pk),
                "location": location(loc),
            }
            for loc in svc.locations.all()
        ],
        "funding": [{"id": hsds_id("funding", svc.pk), "service_id": sid, "source": svc.funding}]
        if svc.funding
        else [],
        "cost_options": []
        if svc.is_free
        else [
            {
                "id": hsds_id("cost_option", svc.pk),
                "service_id": sid,
                "option": svc.cost_notes or "odpłatność",
                "currency": "PLN",
                **({"amount": float(svc.fee)} if svc.fee is not None else {}),
                "amount_description": svc.cost_notes,
            }
        ],
        "attributes": [
            {
                "id": hsds_id(f"attribute:{g}", svc.pk),
                "link_id": sid,
                "link_type": "service",
                "link_entity": "service",
                "value": str(groups.get(g, g)),
            }
            for g in svc.target_groups
        ],
        "languages": [{"id": hsds_id("language:service", svc.pk), "service_id": sid, "name": "Polish", "code": "pl"}],
    }
    if svc.contact_email:
        data["email"] = svc.contact_email
    if svc.min_age is not None:
        data["minimum_age"] = svc.min_age
    if svc.max_age is not None:
        data["maximum_age"] = svc.max_age
    return data


def services_payload(services: Iterable[Service]) -> list[dict[str, Any]]:
    return [service(s) for s in services]


def page(contents: list[dict[str, Any]], *, total: int, page_number: int, size: int) -> dict[str, Any]:
    """The HSDS API paged response."""
    pages = max((total + size - 1) // size, 1)
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page_number,
        "size": size,
        "first_page": page_number == 1,
        "last_page": page_number >= pages,
        "empty": not contents,
        "contents": contents,
    }
