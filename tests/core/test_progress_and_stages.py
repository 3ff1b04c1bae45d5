"""The shared drawings: progress bars and stage timelines (core/_progress.html, core/_timeline.html)."""

from __future__ import annotations

import datetime

from django.template import Context, Template

from kooperacja.commissioning.enums import CallState, ContractState
from kooperacja.commissioning.workflows import CONTRACT, OPP_CALL, OWN_INITIATIVE, SMALL_GRANT
from kooperacja.core.templatetags.kooperacja_tags import main_path, percent_of, workflow_stages


def render(source: str, **context: object) -> str:
    return Template(source).render(Context(context))


def test_percent_is_whole_and_clamped() -> None:
    assert percent_of(35, 100) == 35
    assert percent_of("1234.5", "3527.14") == 35
    assert percent_of(5, 0) == 0
    assert percent_of(150, 100) == 100
    assert percent_of(-3, 100) == 0


def test_progress_bar_shows_the_share_as_text_and_in_the_element() -> None:
    html = render('{% progress_bar 1234.5 3527.14 "Wykonanie" %}')
    assert '<progress max="100" value="35" aria-label="Wykonanie">' in html
    assert "35&nbsp;%" in html
    assert "Wykonanie" in html


def test_progress_bar_as_count_shows_a_turnout() -> None:
    html = render('{% progress_bar 2 6 "Frekwencja" as_count=True %}')
    assert '<progress max="6" value="2"' in html
    assert "2/6" in html
    assert "(33&nbsp;%)" in html


def test_large_totals_are_not_localised_in_attributes() -> None:
    html = render('{% progress_bar 1500 2000 "Osoby" as_count=True %}')
    assert 'max="2000" value="1500"' in html
    assert "1500/2000" in html
    assert "1 500" not in html


def test_main_paths_follow_the_primary_transitions() -> None:
    assert main_path(OPP_CALL) == [
        CallState.DRAFT,
        CallState.PUBLISHED,
        CallState.CLOSED,
        CallState.FORMAL_REVIEW,
        CallState.COMMISSION_OPINION,
        CallState.DECIDED,
        CallState.RESULTS_PUBLISHED,
        CallState.CONTRACTING,
        CallState.ARCHIVED,
    ]
    assert main_path(CONTRACT) == [
        ContractState.DRAFT,
        ContractState.SIGNED,
        ContractState.IN_DELIVERY,
        ContractState.REPORTING,
        ContractState.SETTLED,
    ]
    assert CallState.REJECTED not in main_path(SMALL_GRANT)
    assert main_path(OWN_INITIATIVE)[-1] == CallState.ARCHIVED


def test_stages_mark_the_current_one_and_dates() -> None:
    published = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    deadline = datetime.date(2026, 3, 30)
    stages = workflow_stages(
        OPP_CALL,
        CallState.PUBLISHED,
        dates={CallState.PUBLISHED: published},
        planned={CallState.CLOSED: deadline},
    )
    by_state = {s.state: s for s in stages}
    assert by_state[CallState.DRAFT].status == "done"
    assert by_state[CallState.PUBLISHED].status == "current"
    assert by_state[CallState.PUBLISHED].date == published
    assert by_state[CallState.CLOSED].status == "upcoming"
    assert by_state[CallState.CLOSED].planned and by_state[CallState.CLOSED].date == deadline
    html = render("{% stage_timeline stages 'Etapy konkursu' %}", stages=stages)
    assert html.count('aria-current="step"') == 1
    assert 'class="stage stage-current" aria-current="step"' in html
    assert "Bieżący etap: opublikowane – nabór ofert." in html
    assert "02.03.2026" in html
    assert "termin <time" in html and "30.03.2026" in html
    assert "(etap zakończony)" in html and "(etap przyszły)" in html


def test_a_final_state_is_done_and_an_off_path_state_is_stopped() -> None:
    settled = workflow_stages(CONTRACT, ContractState.SETTLED)
    assert all(s.status == "done" for s in settled)
    signed = datetime.date(2026, 1, 5)
    terminated = workflow_stages(
        CONTRACT, ContractState.TERMINATED, dates={ContractState.SIGNED: signed, ContractState.TERMINATED: signed}
    )
    assert [s.status for s in terminated] == ["done", "done", "stopped"]
    assert terminated[-1].label == "rozwiązana"
    html = render("{% stage_timeline stages %}", stages=terminated)
    assert "postępowanie zatrzymane na tym etapie" in html
    assert 'class="stage stage-stopped" aria-current="step"' in html
