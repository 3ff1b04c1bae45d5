"""`{% load learning_workflow %}`: what a learning record's lifecycle allows, read from `learning.workflows` instead of
comparing its state with a literal in the template.

- `{% if session|can:"hold" %}`: the transition is open from the record's state (`Workflow.can`);
- `{% if session|in_progress %}`: the record is in its workflow's initial, still changeable state (a planned session
  or exchange meeting, a draft course);
- `{% if course|is_open %}`: a course taking enrolments (published: the state `publish` leads to).
"""

from __future__ import annotations

from typing import Any

from django import template

from kooperacja.core.workflow import Workflow

from .. import workflows
from ..models import Certificate, Course, Enrolment, ExchangeMeeting, LiveSession

register = template.Library()

WORKFLOWS: dict[type, Workflow] = {
    Course: workflows.COURSE,
    Enrolment: workflows.ENROLMENT,
    LiveSession: workflows.SESSION,
    Certificate: workflows.CERTIFICATE,
    ExchangeMeeting: workflows.MEETING,
}


def _workflow(obj: Any) -> Workflow:
    return WORKFLOWS[type(obj)]


@register.filter
def can(obj: Any, name: str) -> bool:
    return obj is not None and _workflow(obj).can(obj, name)


@register.filter
def in_progress(obj: Any) -> bool:
    wf = _workflow(obj)
    return wf.state_of(obj) == wf.initial


@register.filter
def is_open(course: Course) -> bool:
    return workflows.COURSE.state_of(course) == workflows.COURSE.get("publish").target
