"""Open Contracting Data Standard (OCDS 1.1) release package of published calls, awards and contracts.

One compiled release per published call. Offer content stays sealed here too: tenderers and their number
appear only after the offer deadline. The ocid prefix is `OCDS_PREFIX` (settings, default below); a
publisher must register its own prefix with the Open Contracting Partnership before publishing for real.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from . import selectors
from .enums import OPP_MODES, CallMode, CallState, ContractState
from .models import Call, Contract, Offer
from .workflows import OFFER_FUNDED_STATES, OFFER_SUBMITTED_STATES

DEFAULT_PREFIX = "ocds-kooprc"  # not registered: set OCDS_PREFIX in settings to the publisher's own prefix
PUBLISHER = {"name": "Kooperacja", "uri": "https://kooperacja.example/"}


def _prefix() -> str:
    return str(getattr(settings, "OCDS_PREFIX", DEFAULT_PREFIX))


def _dt(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = timezone.make_aware(datetime.combine(value, time(0, 0)))
    return timezone.localtime(value).isoformat(timespec="seconds")


def _money(amount: Decimal | None) -> dict[str, Any] | None:
    return None if amount is None else {"amount": float(amount), "currency": "PLN"}


def _party_id(org: Any) -> str:
    if org.krs:
        return f"PL-KRS-{org.krs}"
    if org.regon:
        return f"PL-REGON-{org.regon}"
    return f"kooperacja-org-{org.pk}"


def _party(org: Any, roles: set[str]) -> dict[str, Any]:
    identifier: dict[str, Any] = {"legalName": org.name}
    if org.krs:
        identifier.update(scheme="PL-KRS", id=org.krs)
    elif org.regon:
        identifier.update(scheme="PL-REGON", id=org.regon)
    party: dict[str, Any] = {"id": _party_id(org), "name": org.name, "identifier": identifier, "roles": sorted(roles)}
    address = {
        k: v
        for k, v in {
            "streetAddress": org.street,
            "locality": org.city,
            "postalCode": org.postal_code,
            "countryName": "Polska",
        }.items()
        if v
    }
    if address:
        party["address"] = address
    return party


TENDER_STATUS: dict[str, str] = {
    CallState.DRAFT: "planning",
    CallState.PUBLISHED: "active",
    CallState.CLOSED: "active",
    CallState.FORMAL_REVIEW: "active",
    CallState.COMMISSION_OPINION: "active",
    CallState.DECIDED: "active",
    CallState.RESULTS_PUBLISHED: "complete",
    CallState.CONTRACTING: "complete",
    CallState.ARCHIVED: "complete",
    CallState.CANCELLED: "cancelled",
    CallState.PUBLISHED_FOR_COMMENT: "active",
    CallState.COMMENTS_REVIEWED: "complete",
    CallState.REJECTED: "unsuccessful",
}
CONTRACT_STATUS: dict[str, str] = {
    ContractState.DRAFT: "pending",
    ContractState.SIGNED: "active",
    ContractState.IN_DELIVERY: "active",
    ContractState.REPORTING: "active",
    ContractState.SETTLED: "terminated",
    ContractState.RETURN_DEMANDED: "active",
    ContractState.TERMINATED: "terminated",
}


def calls_for_export() -> QuerySet[Call]:
    """Published calls only (drafts and own-initiative requests under assessment are not public)."""
    return (
        Call.objects.filter(published_at__isnull=False)
        .exclude(mode=CallMode.OPP_OWN_INITIATIVE)
        .select_related("authority")
        .prefetch_related(
            "lots",
            Prefetch("offers", queryset=Offer.objects.select_related("lead_organisation")),
            Prefetch(
                "contracts",
                queryset=Contract.objects.select_related("contractor").prefetch_related("tranches"),
            ),
        )
        .order_by("pk")
    )


def release_for(call: Call, *, now: datetime | None = None) -> dict[str, Any]:
    now = now or timezone.now()
    ocid = f"{_prefix()}-{call.pk}"
    parties: dict[str, dict[str, Any]] = {}

    def add(org: Any, role: str) -> str:
        pid = _party_id(org)
        if pid in parties:
            parties[pid]["roles"] = sorted(set(parties[pid]["roles"]) | {role})
        else:
            parties[pid] = _party(org, {role})
        return pid

    buyer_id = add(call.authority, "buyer")
    add(call.authority, "procuringEntity")
    method = "open" if call.mode not in {CallMode.OPP_SMALL_GRANT} else "direct"
    tender: dict[str, Any] = {
        "id": f"{ocid}-tender",
        "title": call.title,
        "status": TENDER_STATUS.get(call.state, "active"),
        "procurementMethod": method,
        "procurementMethodDetails": call.get_mode_display(),
        "mainProcurementCategory": "services",
        "procuringEntity": {"id": buyer_id, "name": call.authority.name},
    }
    if call.task_type:
        tender["description"] = call.task_type
    amount = call.funds_total if call.mode in OPP_MODES else call.estimated_value
    if amount is not None:
        tender["value"] = _money(amount)
    period = {k: v for k, v in {"startDate": _dt(call.published_at), "endDate": _dt(call.offer_deadline)}.items() if v}
    if period:
        tender["tenderPeriod"] = period
    if call.delivery_start and call.delivery_end:
        tender["contractPeriod"] = {"startDate": _dt(call.delivery_start), "endDate": _dt(call.delivery_end)}
    items = []
    for lot in call.lots.all():
        items.append({"id": f"lot-{lot.number}", "description": lot.name, "quantity": 1})
    for i, code in enumerate(call.cpv_codes, start=1):
        items.append(
            {
                "id": f"cpv-{i}",
                "description": call.title[:200],
                "classification": {"scheme": "CPV", "id": str(code).split("-")[0], "description": str(code)},
            }
        )
    if items:
        tender["items"] = items
    tags = ["tender"]
    offers = [o for o in call.offers.all() if o.state in OFFER_SUBMITTED_STATES]
    if not selectors.is_sealed(call, now):
        tender["numberOfTenderers"] = len(offers)
        tender["tenderers"] = [
            {"id": add(o.lead_organisation, "tenderer"), "name": o.lead_organisation.name} for o in offers
        ]
    awards = []
    if call.results_published_at is not None:
        for o in offers:
            if o.state in OFFER_FUNDED_STATES and o.awarded_amount:
                supplier = add(o.lead_organisation, "supplier")
                awards.append(
                    {
                        "id": f"{ocid}-award-{o.pk}",
                        "title": o.title,
                        "status": "active",
                        "date": _dt(call.decided_at or call.results_published_at),
                        "value": _money(o.awarded_amount),
                        "suppliers": [{"id": supplier, "name": o.lead_organisation.name}],
                    }
                )
        if awards:
            tags.append("award")
    contracts = []
    for k in call.contracts.all():
        contract: dict[str, Any] = {
            "id": f"{ocid}-contract-{k.pk}",
            "awardID": f"{ocid}-award-{k.offer_id}",
            "title": k.title,
            "status": CONTRACT_STATUS.get(k.state, "active"),
            "value": _money(k.amount),
            "period": {"startDate": _dt(k.start_date), "endDate": _dt(k.end_date)},
        }
        if k.signed_on:
            contract["dateSigned"] = _dt(k.signed_on)
        transactions = [
            {
                "id": f"{ocid}-contract-{k.pk}-tranche-{t.number}",
                "source": "https://kooperacja.example/",
                "date": _dt(t.paid_on),
                "value": _money(t.amount),
                "payer": {"id": buyer_id, "name": call.authority.name},
                "payee": {"id": _party_id(k.contractor), "name": k.contractor.name},
            }
            for t in k.tranches.all()
            if t.paid_on
        ]
        if transactions:
            contract["implementation"] = {"transactions": transactions}
        contracts.append(contract)
    if contracts and awards:
        tags.append("contract")
    else:
        contracts = []
    updated = max(d for d in [call.updated_at, call.published_at, call.results_published_at] if d is not None)
    release: dict[str, Any] = {
        "ocid": ocid,
        "id": f"{ocid}-{updated:%Y%m%d%H%M%S}",
        "date": _dt(updated),
        "tag": tags,
        "initiationType": "tender",
        "language": "pl",
        "parties": list(parties.values()),
        "buyer": {"id": buyer_id, "name": call.authority.name},
        "tender": tender,
    }
    if awards:
        release["awards"] = awards
    if contracts:
        release["contracts"] = contracts
    return release


def release_package(*, uri: str = "https://kooperacja.example/api/v1/ocds/release-package") -> dict[str, Any]:
    now = timezone.now()
    return {
        "uri": uri,
        "version": "1.1",
        "publishedDate": _dt(now),
        "publisher": PUBLISHER,
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "releases": [release_for(call, now=now) for call in calls_for_export()],
    }
