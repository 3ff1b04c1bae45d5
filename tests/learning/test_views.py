"""Pages of the learning app: what they show, the htmx register, and a query count that does not grow with data."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from kooperacja.accounts.models import User
from kooperacja.core.actors import SYSTEM
from kooperacja.learning import services
from kooperacja.learning.enums import EnrolmentState
from kooperacja.learning.models import Attendance, Material
from tests.learning import helpers as h


def _learners(n: int, prefix: str) -> list[Any]:
    return [
        User.objects.create_user(email=f"{prefix}{i}@test.demo", full_name=f"Uczestnik {prefix}{i}") for i in range(n)
    ]


def _grow_course(demo: Any, n: int, prefix: str) -> Any:
    course = h.course()
    course.__class__.objects.filter(pk=course.pk).update(capacity=500)
    cohort = services.cohort_create(actor=SYSTEM, name=f"Grupa {prefix}", users=_learners(n, prefix))
    services.cohort_assign(actor=SYSTEM, course=course, cohort=cohort)
    return course


def _count(client: Any, url: str, django_assert_max_num_queries: Any) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("page", ["course_manage", "session_register"])
def test_trainer_pages_queries_do_not_grow(
    demo: Any, client_as: Any, page: str, django_assert_max_num_queries: Any
) -> None:
    client = client_as("trainer")
    course = _grow_course(demo, 3, "a")
    session = course.sessions.order_by("starts_at").first()
    url = reverse(f"learning:{page}", args=[course.pk if page == "course_manage" else session.pk])
    small = _count(client, url, django_assert_max_num_queries)
    _grow_course(demo, 40, "b")
    with django_assert_max_num_queries(small):
        page_html = client.get(url).content.decode()
    assert "Uczestnik b39" in page_html


def test_library_and_my_learning_queries_do_not_grow(
    demo: Any, client_as: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_as("social_worker")
    small_lib = _count(client, reverse("learning:library"), django_assert_max_num_queries)
    small_mine = _count(client, reverse("learning:my_learning"), django_assert_max_num_queries)
    trainer = demo.user("trainer")
    for i in range(30):
        services.material_create(
            actor=trainer,
            organisation=demo.org("owop"),
            title=f"Materiał {i}",
            summary="s",
            kind="link",
            url="https://example.org",
            author="a",
            visibility="groups",
            grants=[("team", "", None)],
        )
        course = services.course_create(
            actor=SYSTEM,
            organisation=demo.org("owop"),
            trainers=[trainer],
            title=f"Kurs {i}",
            summary="s",
            hours=1,
            capacity=5,
            enrolment_mode="open",
            visibility="logged_in",
        )
        services.module_add(actor=SYSTEM, course=course, title="m")
        services.course_transition(actor=SYSTEM, course=course, name="publish")
        services.enrolment_apply(actor=demo.user("social_worker"), course=course)
    with django_assert_max_num_queries(small_lib):
        assert client.get(reverse("learning:library")).status_code == 200
    with django_assert_max_num_queries(small_mine):
        page = client.get(reverse("learning:my_learning")).content.decode()
    assert "Kurs 29" in page


def test_register_marks_with_htmx(demo: Any, client_as: Any) -> None:
    client = client_as("trainer")
    session = h.session()
    enrolment = h.enrolment("urzednik@hajnowka.demo", h.CLAUSES_COURSE)
    page = client.get(reverse("learning:session_register", args=[session.pk])).content.decode()
    assert f'id="st-{enrolment.pk}-present"' in page and 'hx-trigger="change"' in page
    response = client.post(
        reverse("learning:mark", args=[session.pk, enrolment.pk]), {"status": "absent"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and f'id="row-{enrolment.pk}"' in response.content.decode()
    assert Attendance.objects.get(session=session, enrolment=enrolment).status == "absent"
    bad = client.post(
        reverse("learning:mark", args=[session.pk, enrolment.pk]), {"status": "x"}, HTTP_HX_REQUEST="true"
    )
    assert "badge-danger" in bad.content.decode()


def test_trainer_issues_certificate_from_course_page(demo: Any, client_as: Any) -> None:
    client = client_as("trainer")
    teacher = h.enrolment("pedagog@sp-narewka.demo")
    page = client.get(reverse("learning:course_manage", args=[teacher.course_id])).content.decode()
    assert reverse("learning:certificate_issue", args=[teacher.pk]) in page
    client.post(reverse("learning:certificate_issue", args=[teacher.pk]))
    teacher.refresh_from_db()
    assert teacher.state == EnrolmentState.COMPLETED and teacher.certificates.count() == 1


def test_learner_pdf_and_public_check(demo: Any, client_as: Any, client: Any) -> None:
    cert = h.certificate()
    pdf = client_as("social_worker").get(reverse("learning:certificate_pdf", args=[cert.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    page = client.get(reverse("certificates:verify", args=[cert.code])).content.decode()
    assert "Ważne" in page and "Barbara Socjalna" in page and "Model Kooperacji w praktyce" in page
    assert client.get(reverse("certificates:verify_form"), {"code": cert.code.lower()}).status_code == 302


def test_application_course_enrol_and_decide(demo: Any, client_as: Any) -> None:
    course = h.course(h.CLAUSES_COURSE)
    client_as("commission").post(reverse("learning:enrol", args=[course.pk]), {"motivation": "Chcę się nauczyć."})
    e = h.enrolment("komisja@hajnowka.demo", h.CLAUSES_COURSE)
    assert e.state == EnrolmentState.APPLIED
    client_as("trainer").post(reverse("learning:enrolment_decide", args=[e.pk, "reject"]), {"reason": ""})
    e.refresh_from_db()
    assert e.state == EnrolmentState.APPLIED  # a rejection needs a reason
    client_as("trainer").post(reverse("learning:enrolment_decide", args=[e.pk, "reject"]), {"reason": "Brak miejsc"})
    e.refresh_from_db()
    assert e.state == EnrolmentState.REJECTED and e.reason == "Brak miejsc"


def test_material_create_view(demo: Any, client_as: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_as("trainer")
    response = client.post(
        reverse("learning:material_create"),
        {
            "title": "Nowy wzór",
            "summary": "Opis",
            "kind": "template",
            "organisation": demo.org("owop").pk,
            "topics": "wzór",
            "audience": "all",
            "language": "pl",
            "licence": "CC BY 4.0",
            "author": "Z. T.",
            "visibility": "groups",
            "legal_forms": ["ops"],
            "file": SimpleUploadedFile("wzor.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    material = Material.objects.get(title="Nowy wzór")
    assert material.grants.get().value == "ops"
    # OPS staff (MOPS Hajnówka has no demo user) would see it; a PCPR worker does not
    assert client_as("partner").get(reverse("learning:material_detail", args=[material.pk])).status_code == 404
    bad = client.post(
        reverse("learning:material_create"),
        {
            "title": "x",
            "summary": "x",
            "kind": "template",
            "organisation": "99999999999999999999999",
            "audience": "all",
            "language": "pl",
            "licence": "x",
            "author": "x",
            "visibility": "public",
        },
    )
    assert bad.status_code == 200 and "organisation" in bad.context["form"].errors


def test_coordination_figures(demo: Any, client_as: Any) -> None:
    page = client_as("analyst").get(reverse("learning:coordination"))
    html = page.content.decode()
    assert page.context["totals"]["issued"] == 2
    assert "Narewka" in html and "Model Kooperacji w praktyce" in html


def test_api_lists_public_and_openapi_documents_routes(demo: Any, client: Any) -> None:
    data = client.get("/api/v1/learning/materials", {"limit": 100}).json()
    assert data["count"] == 6
    courses = client.get("/api/v1/learning/courses").json()
    assert courses["count"] == 0  # both demo courses are for institutions only
    assert client.get("/api/v1/learning/courses/99999999999999999999").status_code == 422
    schema = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/learning/materials", "/api/v1/learning/courses/{pk}", "/api/v1/learning/certificates/{code}"):
        assert path in schema["paths"]
    assert "404" in schema["paths"]["/api/v1/learning/certificates/{code}"]["get"]["responses"]


def test_home_widgets_for_trainer_and_learner(demo: Any, client_as: Any) -> None:
    trainer_home = client_as("trainer").get("/").content.decode()
    assert "Szkoła Kooperacji: do zrobienia" in trainer_home and "Klauzule społeczne – warsztat" in trainer_home
    officer_home = client_as("officer").get("/").content.decode()
    assert "Moje najbliższe zajęcia" in officer_home


def test_course_timeline_uses_labels(demo: Any, client_as: Any) -> None:
    page = client_as("trainer").get(reverse("learning:course_manage", args=[h.course().pk])).content.decode()
    assert "Opublikowano szkolenie" in page and "learning.course_published" not in page


def test_study_group_counts_only(demo: Any, client_as: Any) -> None:
    study = h.study()
    client = client_as("trainer")
    url = reverse("learning:study_group_add", args=[study.pk])
    bad = client.post(url, {"held_on": "1999-01-01", "place": "x", "legal_form": "ops", "participants": 5})
    assert bad.status_code == 200 and "held_on" in bad.context["form"].errors
    ok = client.post(
        url, {"held_on": study.starts_on.isoformat(), "place": "PCPR", "legal_form": "pcpr", "participants": 4}
    )
    assert ok.status_code == 302
    page = client.get(reverse("learning:study_detail", args=[study.pk])).content.decode()
    assert "powiatowe centrum pomocy rodzinie (PCPR)" in page and "22" in page  # 6 + 5 + 7 + 4


def test_material_visibility_shown_in_words(demo: Any, client_as: Any) -> None:
    page = client_as("social_worker").get(reverse("learning:material_detail", args=[h.material().pk]))
    assert "członkowie Partnerskich Zespołów Kooperacji" in page.content.decode()
