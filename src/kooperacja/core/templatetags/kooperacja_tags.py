"""Template helpers shared by every app: `{% load kooperacja_tags %}` (also a builtin).

Two drawings any page may use (server-rendered HTML and CSS, no JavaScript, with a text alternative):

- `{% progress_bar value total label %}`: a labelled `<progress>` with the share as visible text ("35 %"), or the
  count ("2/6") with `as_count=True`; `core/_progress.html`.
- `{% stage_timeline stages %}`: the stages of a workflow, the current one marked (`aria-current="step"`), dates
  where known; `core/_timeline.html`. Build the list with `workflow_stages(workflow, state, dates=..., planned=...)`
  in the view (or a selector) and pass it to the template.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django import template

from kooperacja.core.events import label_for
from kooperacja.core.pdf import format_number, format_percent

if TYPE_CHECKING:
    from kooperacja.core.workflow import Workflow

register = template.Library()


@register.filter
def event_label(verb: Any) -> str:
    """The Polish sentence of an audit verb ("Opublikowano ogłoszenie"), never its code."""
    return label_for(str(verb))


@register.filter
def num(value: Any) -> str:
    """A count or a measure as Polish text: whole numbers without decimals ("40 osób", "4 godz.", a year "2026"),
    others with comma decimals ("12,50"). Not the localised `{{ value }}` ("40,00", "2 026")."""
    try:
        return format_number(value)
    except (InvalidOperation, ValueError, TypeError):
        return str(value)


@register.filter
def pct(value: Any) -> str:
    """A percentage as Polish typography writes it: "35 %", "12,50 %"."""
    try:
        return format_percent(value)
    except (InvalidOperation, ValueError, TypeError):
        return str(value)


# --- progress bars ---------------------------------------------------------------------------------------------


def _number(value: Any) -> Decimal:
    try:
        return Decimal(str(value if value is not None else 0))
    except (InvalidOperation, ValueError):
        return Decimal(0)


def percent_of(value: Any, total: Any) -> int:
    """The whole-number share of `value` in `total`, clamped to 0..100 (0 when there is no total)."""
    v, t = _number(value), _number(total)
    if t <= 0:
        return 0
    share = int((v * 100 / t).to_integral_value())
    return max(0, min(100, share))


@register.inclusion_tag("core/_progress.html")
def progress_bar(value: Any, total: Any, label: Any, *, as_count: bool = False, note: Any = "") -> dict[str, Any]:
    """A labelled progress bar. `as_count`: show "2/6" (whole numbers, e.g. a vote turnout) instead of "35 %"."""
    percent = percent_of(value, total)
    if as_count:
        count, of = int(_number(value)), int(_number(total))
        return {
            "label": label,
            "note": note,
            "max": max(of, 0),
            "value": max(0, min(count, of)),
            "count": count,
            "of": of,
            "as_count": True,
            "percent": percent,
        }
    return {"label": label, "note": note, "max": 100, "value": percent, "percent": percent, "as_count": False}


# --- stage timeline --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stage:
    """One stage of a lifecycle as a timeline draws it."""

    state: str
    label: str
    status: str  # done | current | upcoming | stopped (the record left the usual path here: cancelled, terminated)
    date: datetime.date | datetime.datetime | None = None
    planned: bool = False  # the date is a deadline or a plan, not when it happened


def main_path(workflow: Workflow) -> list[str]:
    """The usual course of a workflow: from the initial state along the first primary transition of each state
    (not a "secondary" or "danger" button: withdrawals, cancellations) until a final state or a loop."""
    path = [workflow.initial]
    state = workflow.initial
    while True:
        nxt = next(
            (t.target for t in workflow.from_state(state) if t.button == "primary" and t.target not in path),
            None,
        )
        if nxt is None:
            return path
        path.append(nxt)
        if nxt in workflow.final:
            return path
        state = nxt


def workflow_stages(
    workflow: Workflow,
    state: str,
    *,
    dates: Mapping[str, datetime.date | datetime.datetime | None] | None = None,
    planned: Mapping[str, datetime.date | datetime.datetime | None] | None = None,
    skip: tuple[str, ...] = (),
) -> list[Stage]:
    """The stages of `workflow` for a record in `state`: its usual course with the stages before `state` done,
    `state` current, the rest upcoming. `dates`: when a stage was reached; `planned`: a deadline shown on a stage
    not reached yet. A state off the usual course (cancelled, terminated, a return demanded) is appended as
    "stopped" after the last stage with a date. `skip`: states of the course this record does not go through."""
    dates = dates or {}
    planned = planned or {}
    path = [s for s in main_path(workflow) if s not in skip]
    stages: list[Stage] = []
    if state in path:
        at = path.index(state)
        for i, s in enumerate(path):
            status = "done" if i < at else "current" if i == at else "upcoming"
            when = dates.get(s) if i <= at else None
            is_plan = False
            if when is None and i >= at and planned.get(s) is not None:
                when, is_plan = planned.get(s), True
            stages.append(Stage(s, workflow.label_of(s), status, when, is_plan))
        # a final state reached is done, not "current"
        if state in workflow.final and stages:
            last = stages[-1]
            stages[-1] = Stage(last.state, last.label, "done", last.date, last.planned)
        return stages
    reached = [s for s in path if dates.get(s)]
    last_reached = path.index(reached[-1]) if reached else 0
    for s in path[: last_reached + 1]:
        stages.append(Stage(s, workflow.label_of(s), "done", dates.get(s)))
    stages.append(Stage(state, workflow.label_of(state), "stopped", dates.get(state)))
    return stages


@register.inclusion_tag("core/_timeline.html")
def stage_timeline(stages: list[Stage], label: Any = "") -> dict[str, Any]:
    """The stage timeline of a record (see `workflow_stages`)."""
    current = next((s for s in stages if s.status in ("current", "stopped")), None)
    return {"stages": stages, "label": label, "current": current}
