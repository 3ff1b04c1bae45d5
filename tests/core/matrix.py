from typing import Any

from tests.matrix import EVERYONE, LOGGED_IN, SECOND_AUTHORITY, Case, allowed, rows_of


def import_job_pk(demo: Any) -> dict[str, Any]:
    """A background import started by the Żubr staff member: only they may follow it."""
    from kooperacja.core import importjobs

    job = importjobs.job_create(
        actor=demo.user("pes_staff"), kind="delivery.import", filename="uczestnicy.csv", content=b"imie;nazwisko\n"
    )
    return {"pk": job.pk}


def notification_of_social_worker(demo: Any) -> dict[str, Any]:
    """An item in the GOPS worker's inbox: only she may open it (and so mark it read)."""
    from kooperacja.core.models import Notification

    n = Notification.objects.create(recipient=demo.user("social_worker"), message="Podjęto uchwałę", url="/")
    return {"pk": n.pk}


def unread_for_everyone(demo: Any) -> dict[str, Any]:
    """Each signed-in role gets one unread item, so marking all read changes something for whoever posts."""
    from kooperacja.accounts.models import User
    from kooperacja.core.models import Notification

    Notification.objects.bulk_create(
        Notification(recipient=u, message="Podjęto uchwałę", url="/") for u in User.objects.filter(is_active=True)
    )
    return {}


# asserted exactly: the status of every denial and the effect of every POST (tests/matrix.py)
EXACT = True

CASES = [
    Case("core:home", EVERYONE),
    Case("core:about", EVERYONE),
    Case("core:accessibility", EVERYONE),
    Case("core:health", EVERYONE),
    Case("core:favicon", EVERYONE, ok_status=(302,), note="/favicon.ico redirects to the layout's SVG icon"),
    Case("core:import_job", allowed("pes_staff"), kwargs=import_job_pk, note="404 for everyone but its starter"),
    Case("core:notifications", LOGGED_IN, note="one's own inbox"),
    Case(
        "core:notification_open",
        allowed("social_worker"),
        kwargs=notification_of_social_worker,
        ok_status=(302,),
        walk=frozenset(SECOND_AUTHORITY),
        note="opens (marks read) one's own item and goes to its link; 404 for anyone else's",
    ),
    Case(
        "core:notifications_read",
        LOGGED_IN,
        method="post",
        kwargs=unread_for_everyone,
        ok_status=(302,),
        effect=rows_of("core.Notification", read_at__isnull=False),
        note="marks one's own items read (nothing else is audited: reading one's inbox is not a decision)",
    ),
]
