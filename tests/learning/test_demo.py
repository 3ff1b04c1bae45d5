"""The learning demo is what the issue asks for."""

from __future__ import annotations

from typing import Any

from kooperacja.learning.enums import EnrolmentState, Visibility
from kooperacja.learning.models import Certificate, Material
from tests.learning import helpers as h


def test_demo_learning(demo: Any) -> None:
    course = h.course()
    assert course.sessions.count() == 3
    assert course.enrolments.count() == 4
    assert course.enrolments.filter(state=EnrolmentState.COMPLETED).count() == 2
    assert Certificate.objects.filter(enrolment__course=course).count() == 2
    assert h.course(h.CLAUSES_COURSE).programme == "Model na więcej"
    assert Material.objects.count() == 10
    assert Material.objects.filter(visibility=Visibility.GROUPS).count() == 4
    assert h.exchange().conclusions
    assert h.study().groups.count() == 3
    assert h.material(h.PUBLIC_DOC).versions.count() == 2
