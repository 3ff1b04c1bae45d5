"""The commissioning vocabulary: every verb the app records is declared, and the timeline shows labels."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kooperacja.commissioning.events import CommissioningEvent, event
from kooperacja.core.events import is_declared, label_for

SRC = Path(__file__).resolve().parents[2] / "src" / "kooperacja"


def _sources() -> list[Path]:
    app = SRC / "commissioning"
    return [*app.rglob("*.py"), SRC / "demo" / "scenarios" / "commissioning.py"]


def test_every_recorded_verb_is_declared() -> None:
    used: set[str] = set()
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        assert "record_event(" not in text or path.name == "events.py", f"{path}: record through events.event()"
        used |= set(re.findall(r"\bE\.([A-Z_]+)\b", text))
        used |= set(re.findall(r"CommissioningEvent\.([A-Z_]+)\b", text))
    assert used, "no verb found: the check reads the wrong files"
    for name in used:
        assert name in CommissioningEvent.__members__, name
        assert is_declared(CommissioningEvent[name].value)


def test_labels_are_polish_sentences_not_codes() -> None:
    for member in CommissioningEvent:
        assert member.value.startswith("commissioning.")
        label = label_for(member.value)
        assert label and "commissioning" not in label and label[0].isupper(), member


def test_recorder_refuses_a_free_string() -> None:
    with pytest.raises(TypeError):
        event(actor=None, verb="commissioning.call_created", target=None)  # type: ignore[arg-type]


@pytest.mark.django_db
def test_call_timeline_shows_labels(client, demo) -> None:
    from kooperacja.commissioning.models import Call
    from kooperacja.core.models import AuditEvent

    verbs = AuditEvent.objects.filter(verb=CommissioningEvent.CALL_PUBLISHED).values_list("target_id", flat=True)
    call = Call.objects.get(pk=int(next(iter(verbs))))
    client.force_login(demo.user("officer"))
    body = client.get(call.get_absolute_url()).content.decode()
    assert "Opublikowano ogłoszenie" in body
    assert "commissioning.call_published" not in body


def test_form_fields_come_from_the_services() -> None:
    """One source for editable fields (issue 11 §5): the forms add nothing and drop only what they edit otherwise."""
    from kooperacja.commissioning import forms
    from kooperacja.commissioning.services.calls import CALL_FIELDS
    from kooperacja.commissioning.services.packages import LOT_FIELDS

    assert set(forms.CallForm._meta.fields) | set(forms.CALL_FIELDS_EDITED_AS) == set(CALL_FIELDS)
    assert "cpv" in forms.CallForm.base_fields  # cpv_codes is edited as text
    assert set(forms.LotForm._meta.fields) | {"indicators"} == set(LOT_FIELDS)
