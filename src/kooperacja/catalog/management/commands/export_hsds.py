"""Write the public catalogue as HSDS 3.0 JSON (services with definitions, and organisations)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand

from kooperacja.catalog import hsds, selectors
from kooperacja.organisations.models import Organisation


class Command(BaseCommand):
    help = "Eksport katalogu usług w formacie Open Referral HSDS 3.0 (JSON)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--out", default="hsds-export", help="Katalog docelowy (domyślnie ./hsds-export)")
        parser.add_argument("--gmina", default="", help="Kod TERC gminy/powiatu (początek kodu)")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        qs = selectors.services_search(AnonymousUser(), gmina=options["gmina"]).prefetch_related("eligible_gminas")
        services = hsds.services_payload(qs)
        orgs = Organisation.objects.filter(pk__in=qs.values("provider_id")).order_by("name")
        (out / "services.json").write_text(json.dumps(services, ensure_ascii=False, indent=2), encoding="utf-8")
        (out / "organizations.json").write_text(
            json.dumps([hsds.organization(o) for o in orgs], ensure_ascii=False, indent=2), encoding="utf-8"
        )
        self.stdout.write(f"HSDS: {len(services)} usług, {orgs.count()} organizacji -> {out}")
