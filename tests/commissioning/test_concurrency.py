"""PostgreSQL: submissions racing the deadline are either stored whole before it or refused after it."""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from kooperacja.commissioning import services
from kooperacja.commissioning.enums import CallState, OfferState
from kooperacja.commissioning.models import Call, Offer
from tests.conftest import requires_postgres


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_submissions_racing_the_deadline(demo: Any, build: Any) -> None:
    call = build.call()
    offers = [build.offer(call, submit=False) for _ in range(8)]
    user = demo.user("pes_staff")
    deadline = timezone.now() + dt.timedelta(seconds=2)
    Call.objects.filter(pk=call.pk).update(offer_deadline=deadline)
    outcomes: dict[int, str] = {}
    barrier = threading.Barrier(len(offers) + 1)

    def submit(offer: Offer, delay: float) -> None:
        try:
            barrier.wait()
            time.sleep(delay)
            services.offer_submit(actor=user, offer=offer)
            outcomes[offer.pk] = "ok"
        except ValidationError:
            outcomes[offer.pk] = "refused"
        finally:
            connection.close()

    def open_offers() -> None:
        try:
            barrier.wait()
            while timezone.now() < deadline:
                time.sleep(0.01)
            services.call_open_offers(actor=demo.user("officer"), call=call)
        finally:
            connection.close()

    # start times spread from 1.6 s to 2.4 s after the barrier: around the 2 s deadline
    threads = [threading.Thread(target=submit, args=(o, 1.6 + 0.1 * i)) for i, o in enumerate(offers)]
    threads.append(threading.Thread(target=open_offers))
    start = timezone.now()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert (timezone.now() - start).total_seconds() < 30
    assert len(outcomes) == len(offers)
    for offer in Offer.objects.filter(pk__in=[o.pk for o in offers]):
        if outcomes[offer.pk] == "ok":
            assert offer.state in {OfferState.SUBMITTED, OfferState.ELIGIBLE}
            assert offer.submitted_at is not None and offer.submitted_at < deadline
            assert offer.number
        else:
            assert offer.state == OfferState.DRAFT
            assert offer.submitted_at is None and offer.number == ""
    assert "ok" in outcomes.values() and "refused" in outcomes.values()
    call.refresh_from_db()
    submitted = Offer.objects.filter(call=call, state=OfferState.SUBMITTED).count()
    assert submitted == list(outcomes.values()).count("ok")
    assert call.state in {CallState.FORMAL_REVIEW, CallState.CANCELLED}
