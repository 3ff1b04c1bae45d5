"""Announcements: publication (art. 13 OPP), who publishes, cloning, the Pzp checklist."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kooperacja.commissioning import legal, services
from kooperacja.commissioning.enums import CallState
from kooperacja.commissioning.models import Call
from kooperacja.demo.scenarios.commissioning import FINISHED_TITLE

D = Decimal
pytestmark = pytest.mark.django_db


def finished() -> Call:
    return Call.objects.get(title=FINISHED_TITLE)


def test_publish_refuses_missing_elements_and_names_the_article(build: Any, demo: Any) -> None:
    call = build.call(publish=False, award_rules="", previous_tasks="")
    with pytest.raises(ValidationError) as exc:
        services.call_publish(
            actor=demo.user("officer"),
            call=call,
            publications=[(ch, timezone.localdate(), "") for ch in ("bip", "notice_board", "website")],
        )
    text = " ".join(exc.value.messages)
    assert "art. 13 ust. 2 pkt 3 OPP" in text
    assert "art. 13 ust. 2 pkt 7 OPP" in text
    assert Call.objects.get(pk=call.pk).state == CallState.DRAFT


def test_publish_refuses_deadline_under_21_days_after_last_publication(build: Any, demo: Any) -> None:
    call = build.call(publish=False, deadline_days=25)
    deadline_day = timezone.localtime(call.offer_deadline).date()
    too_late = deadline_day - dt.timedelta(days=20)
    with pytest.raises(ValidationError) as exc:
        services.call_publish(
            actor=demo.user("officer"),
            call=call,
            publications=[
                ("bip", too_late, ""),
                ("notice_board", too_late, ""),
                ("website", too_late - dt.timedelta(days=3), ""),
            ],
        )
    assert "art. 13 ust. 1 OPP" in " ".join(exc.value.messages)
    ok_day = deadline_day - dt.timedelta(days=legal.OFFER_MIN_DAYS_AFTER_PUBLICATION.value)
    call = services.call_publish(
        actor=demo.user("officer"),
        call=call,
        publications=[(ch, ok_day, "") for ch in ("bip", "notice_board", "website")],
    )
    assert call.state == CallState.PUBLISHED
    assert call.publications.count() == 3


def test_publish_requires_all_three_channels(build: Any, demo: Any) -> None:
    call = build.call(publish=False)
    with pytest.raises(ValidationError) as exc:
        services.call_publish(actor=demo.user("officer"), call=call, publications=[("bip", timezone.localdate(), "")])
    assert "art. 13 ust. 3 OPP" in " ".join(exc.value.messages)


def test_only_the_authority_publishes(build: Any, demo: Any) -> None:
    call = build.call(publish=False)
    for key in ("admin", "commission", "coordinator"):
        with pytest.raises(PermissionDenied):
            services.call_publish(actor=demo.user(key), call=call, publications=[])


def test_clone_copies_limits_and_criteria(demo: Any) -> None:
    source = finished()
    clone = services.call_clone(actor=demo.user("officer"), call=source)
    assert clone.state == CallState.DRAFT and clone.cloned_from == source
    assert clone.min_own_share == source.min_own_share
    assert clone.criteria.count() == source.criteria.count()
    assert set(clone.lots.all()) == set(source.lots.all())
    assert clone.offer_deadline is None


def test_pzp_call_has_its_own_checklist_and_one_channel_is_enough(demo: Any) -> None:
    from kooperacja.demo.scenarios.commissioning import PZP_TITLE

    call = Call.objects.get(title=PZP_TITLE)
    bases = {basis for _label, basis, ok in services.announcement_checklist(call)}
    assert "art. 360 ust. 1 Pzp" in bases and not any("OPP" in b for b in bases)
    call = services.call_publish(
        actor=demo.user("officer"), call=call, publications=[("bip", timezone.localdate(), "")]
    )
    assert call.state == CallState.PUBLISHED
    assert call.criteria.first().name == "cena"
