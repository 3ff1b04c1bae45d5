from typing import Any

from tests.matrix import EVERYONE, Case, allowed


def import_job_pk(demo: Any) -> dict[str, Any]:
    """A background import started by the Żubr staff member: only they may follow it."""
    from kooperacja.core import importjobs

    job = importjobs.job_create(
        actor=demo.user("pes_staff"), kind="delivery.import", filename="uczestnicy.csv", content=b"imie;nazwisko\n"
    )
    return {"pk": job.pk}


CASES = [
    Case("core:home", EVERYONE),
    Case("core:about", EVERYONE),
    Case("core:accessibility", EVERYONE),
    Case("core:health", EVERYONE),
    Case("core:favicon", EVERYONE, ok_status=(302,), note="/favicon.ico redirects to the layout's SVG icon"),
    Case("core:import_job", allowed("pes_staff"), kwargs=import_job_pk, note="404 for everyone but its starter"),
]
