"""Issue 10, item 7: offer attachments keep their extension; a reopened offer is not "submitted" any more."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kooperacja.commissioning import services
from kooperacja.commissioning.enums import OfferState
from kooperacja.commissioning.models import Offer
from kooperacja.core.audit import events_for

pytestmark = pytest.mark.django_db


def test_a_long_attachment_name_keeps_its_extension(build: Any, demo: Any, tmp_path: Any, settings: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    offer = build.offer(build.call(), submit=False)
    name = "Sprawozdanie merytoryczne za lata " + "x" * 300 + ".PDF"
    att = services.offer_attach(
        actor=demo.user("pes_staff"), offer=offer, upload=SimpleUploadedFile(name, b"%PDF-1.4 ok")
    )
    att.refresh_from_db()
    assert len(att.original_name) == 200
    assert att.original_name.endswith("x.PDF")
    assert att.original_name.startswith("Sprawozdanie merytoryczne")
    assert att.file.name.endswith(".PDF")  # the stored file keeps it too


def test_a_short_attachment_name_is_kept_whole(build: Any, demo: Any, tmp_path: Any, settings: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    offer = build.offer(build.call(), submit=False)
    att = services.offer_attach(
        actor=demo.user("pes_staff"), offer=offer, upload=SimpleUploadedFile("../../statut.pdf", b"%PDF-1.4 ok")
    )
    assert att.original_name == "statut.pdf"


def test_reopened_offer_loses_its_old_submission_time(build: Any, demo: Any) -> None:
    call = build.call()
    offer = build.offer(call)
    user = demo.user("pes_staff")
    first = offer.submitted_at
    assert first is not None
    offer = services.offer_withdraw(actor=user, offer=offer)
    offer = services.offer_reopen(actor=user, offer=offer)
    stored = Offer.objects.get(pk=offer.pk)
    assert stored.state == OfferState.DRAFT
    assert stored.submitted_at is None
    assert stored.withdrawn_at is None
    # the first submission stays in the timeline
    reopened = events_for(stored).get(verb="commissioning.offer_reopened")
    assert reopened.data["submitted_at"] == first.isoformat()
    # resubmitting stamps the new time
    later = timezone.now()
    offer = services.offer_submit(actor=user, offer=stored)
    assert offer.state == OfferState.SUBMITTED
    assert offer.submitted_at is not None and offer.submitted_at >= later - dt.timedelta(seconds=1)
    assert offer.submitted_at > first
