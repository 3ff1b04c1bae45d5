"""The timeline shows the declared label of each event, never its code."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from kooperacja.core.audit import record_event
from kooperacja.core.models import Territory


def test_timeline_renders_labels_not_codes(demo: Any) -> None:
    target = Territory.objects.first()
    declared = record_event(actor=demo.user("officer"), verb="core.teryt_imported", target=target)
    unknown = record_event(actor=None, verb="core.teryt_imported", target=target)
    html = render_to_string("components/timeline.html", {"events": [declared, unknown]})
    assert "Zaimportowano rejestr TERYT" in html
    assert "core.teryt_imported" not in html
    assert demo.user("officer").full_name in html


def test_system_actor_is_recorded_and_shown_as_the_system(demo: Any) -> None:
    from kooperacja.core.actors import SYSTEM

    event = record_event(actor=SYSTEM, verb="core.teryt_imported", target=Territory.objects.first())
    assert event.actor is None
    assert event.actor_label == "System Kooperacja (zadanie automatyczne)"
    html = render_to_string("components/timeline.html", {"events": [event]})
    assert "System Kooperacja" in html
