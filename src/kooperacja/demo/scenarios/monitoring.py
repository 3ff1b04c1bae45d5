"""Monitoring demo: SYNTHETIC figures for ten other gminas of podlaskie (clearly marked "demo"), plus the real
figures of Hajnówka and Narewka computed from the records the earlier scenarios created. The ESF+ participant
indicators (per package and per ESF+ project) come live from the delivery scenario's EU-funded services.

The synthetic rows are generated (deterministic seed) and stored through `figures_load_synthetic` as SYSTEM;
no records of other apps are invented, so the demo stays fast. The comparison's small gminas show "<5" cells.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from django.db.models import Q

from kooperacja.core.actors import SYSTEM
from kooperacja.core.models import Territory
from kooperacja.demo.context import DemoContext
from kooperacja.monitoring import esf
from kooperacja.monitoring.services import figures_load_synthetic, figures_refresh

# TERC code: (scale: 1 small rural … 6 town), pilot participation
SYNTHETIC_GMINAS = {
    "2005022": 1,  # Białowieża (hajnowski)
    "2005032": 1,  # Czeremcha (hajnowski)
    "2005052": 1,  # Dubicze Cerkiewne (hajnowski)
    "2005073": 2,  # Kleszczele (hajnowski)
    "2003011": 5,  # Bielsk Podlaski, miasto (bielski)
    "2002143": 3,  # Zabłudów (białostocki)
    "2002133": 4,  # Wasilków (białostocki)
    "2001011": 5,  # Augustów, miasto (augustowski)
    "2010011": 4,  # Siemiatycze, miasto (siemiatycki)
    "2011083": 4,  # Sokółka (sokólski)
}


def synthetic_rows(territories: list[Territory], years: list[int], *, seed: int = 14) -> list[dict[str, object]]:
    """Plausible, clearly fake figures (also used by benchmarks/monitoring.py at a larger size)."""
    rng = random.Random(seed)
    rows: list[dict[str, object]] = []
    for t in territories:
        scale = SYNTHETIC_GMINAS.get(t.code, rng.randint(1, 6))
        for i, year in enumerate(years):
            growth = 1 + 0.15 * i
            calls = max(0, int(rng.randint(0, 3) * scale * growth / 2))
            awarded = Decimal(rng.randint(20, 120) * 1000 * scale) * Decimal(str(round(growth, 2)))
            sent = int(rng.randint(0, 12) * scale * growth)
            accepted = int(sent * rng.uniform(0.6, 0.95))
            completed = int(accepted * rng.uniform(0.4, 0.8))
            closed = min(accepted, completed + int(accepted * 0.1))
            rows.append(
                {
                    "territory": t,
                    "year": year,
                    "packages": 1 if scale >= 3 or i == len(years) - 1 else 0,
                    "calls": calls,
                    "calls_value": awarded * Decimal("1.1"),
                    "awarded_value": awarded.quantize(Decimal("0.01")),
                    "pes_value": (awarded * Decimal(str(round(rng.uniform(0.2, 0.8), 2)))).quantize(Decimal("0.01")),
                    "calls_with_clauses": rng.randint(0, calls),
                    "services": rng.randint(1, 4) * scale,
                    "participants": int(rng.randint(2, 30) * scale * growth),
                    "teams": 1 if scale >= 2 or i > 0 else 0,
                    "cases": int(rng.randint(1, 8) * scale * growth),
                    "referrals_sent": sent,
                    "referrals_accepted": accepted,
                    "referrals_completed": completed,
                    "referrals_closed": closed,
                    "median_days": Decimal(rng.randint(9, 60)) if closed else None,
                    "families_completed": int(rng.randint(0, 6) * scale * growth / 2),
                    "course_completions": int(rng.randint(0, 5) * scale * growth / 2),
                    "certificates": int(rng.randint(0, 4) * scale * growth / 2),
                }
            )
    return rows


def seed(ctx: DemoContext) -> None:
    year = ctx.today.year
    territories = list(Territory.objects.filter(code__in=SYNTHETIC_GMINAS).order_by("code"))
    figures_load_synthetic(actor=SYSTEM, rows=synthetic_rows(territories, [year - 2, year - 1, year]))
    figures_refresh(actor=SYSTEM, voivodeship_code="20")
    ctx.stdout(f"Monitoring: {len(territories)} gmin z danymi syntetycznymi (demo) oraz Hajnówka i Narewka z danych.")
    # ESF+ indicators are read live from the delivery records (no synthetic ESF+ data): the EU-funded services of
    # the delivery scenario (job club, youth programme) make one project in podlaskie
    for project in esf.projects_in(Q()):
        report = esf.project_participants(project, Q(), start=date(year, 1, 1), end=ctx.today)
        ctx.stdout(f"Wskaźniki EFS+ projektu {project}: uczestników {report.total.text} (strona /monitoring/efs/).")
