"""House rules the import linter cannot see (issue 11 §7): the demo writes only through services.

The import-linter contract "demo scenarios write only through services" forbids `kooperacja.demo.scenarios ->
<app>.models`, with the
imports that exist today listed in pyproject.toml. This test counts the direct writes in every scenario, so that a
listed scenario cannot grow new ones and a new scenario has none.
"""

from __future__ import annotations

import re
from pathlib import Path

DEMO = Path(__file__).resolve().parents[1] / "src" / "kooperacja" / "demo"

# A direct write to the database: a manager's create/bulk_create/get_or_create/update_or_create/create_user, a
# queryset's update/delete, a model's save/delete. (segno's `.save(buf, kind=...)` writes a picture, not a row.)
WRITE = re.compile(
    r"\.objects\.(create|bulk_create|get_or_create|update_or_create|create_user)\("
    r"|\)\.(update|delete)\("
    r"|\b(?!segno)\w+\.save\((?!buf)"
)

# Direct writes per scenario that were tolerated while a service was missing (issue 11 §7): none are left, every
# scenario writes through the services. A scenario that adds one fails; a new exception needs its missing service.
KNOWN_DIRECT_WRITES: dict[str, int] = {}


def _direct_writes() -> dict[str, int]:
    counts: dict[str, int] = {}
    # the scenarios; the benchmark generators (demo.synthetic, demo.scale) bulk-insert marked rows on purpose
    for path in sorted([DEMO / "scenario.py", *(DEMO / "scenarios").glob("*.py")]):
        n = sum(1 for line in path.read_text(encoding="utf-8").splitlines() if WRITE.search(line))
        if n:
            counts[str(path.relative_to(DEMO))] = n
    return counts


def test_the_demo_writes_no_more_directly_than_it_did() -> None:
    grown = {
        name: (n, KNOWN_DIRECT_WRITES.get(name, 0))
        for name, n in _direct_writes().items()
        if n > KNOWN_DIRECT_WRITES.get(name, 0)
    }
    assert not grown, f"Scenariusz demo zapisuje modele z pominięciem usług (jest, było): {grown}"


def test_the_second_authority_is_built_only_through_services() -> None:
    assert "scenarios/second_authority.py" not in _direct_writes()
    source = (DEMO / "scenarios" / "second_authority.py").read_text(encoding="utf-8")
    imports = [line for line in source.splitlines() if line.lstrip().startswith(("from ", "import "))]
    runtime_models = [
        line for line in imports if ".models import" in line and "core.models" not in line and line.startswith("from")
    ]
    assert not runtime_models, runtime_models


def test_the_pattern_sees_a_write() -> None:
    assert WRITE.search("    Offer.objects.create(call=call)")
    assert WRITE.search("    Call.objects.filter(pk=1).update(published_at=x)")
    assert WRITE.search("        person.save(update_fields=['territory'])")
    assert not WRITE.search("    services.offer_register_paper(actor=officer)")
