"""The consortium app's audit vocabulary: every verb it records is declared, with a label that is a sentence."""

from __future__ import annotations

from typing import Any

from kooperacja.consortia.events import ALL_EVENTS
from kooperacja.core.events import is_declared, label_for
from kooperacja.core.models import AuditEvent

PREFIXES = ("consortium.", "resolution.", "split.", "support.", "incubation.")


def test_every_verb_the_demo_recorded_is_declared(demo: Any) -> None:
    recorded = set(
        AuditEvent.objects.filter(verb__regex=r"^(consortium|resolution|split|support|incubation)\.")
        .values_list("verb", flat=True)
        .distinct()
    )
    assert recorded, "the demo scenario records consortium events"
    undeclared = sorted(v for v in recorded if not is_declared(v))
    assert undeclared == []


def test_labels_read_as_sentences() -> None:
    for choices in ALL_EVENTS:
        for member in choices:
            assert str(member.value).startswith(PREFIXES)
            label = label_for(member.value)
            assert label[0].isupper() and label != str(member.value) and "." not in label
