"""The regional statistics page draws the referrals of the region by state, with the chart's data as a table."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.urls import reverse

from kooperacja.cooperation import selectors
from kooperacja.cooperation.enums import ReferralState
from kooperacja.cooperation.models import Referral


def _by_state_table(html: str) -> dict[str, tuple[int, str]]:
    table = html.split('id="referrals-by-state"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<th scope="row">([^<]+)</th><td class="num">(\d+)</td><td class="num">([^<]+)</td>', table)
    return {label: (int(n), share) for label, n, share in rows}


def test_the_chart_and_its_table_count_every_referral_by_state(demo: Any, client_as: Any) -> None:
    html = client_as("analyst").get(reverse("cooperation:statistics")).content.decode()
    assert '<svg class="chart chart-wide" role="img"' in html and '<svg class="chart chart-narrow" role="img"' in html
    assert "Skierowania w regionie według stanu" in html
    table = _by_state_table(html)
    assert list(table) == [str(label) for label in ReferralState.labels]  # every state, in the workflow's order
    total = Referral.objects.count()
    for state, label in ReferralState.choices:
        n = Referral.objects.filter(state=state).count()
        share = f"{100 * n / total:.1f}".replace(".", ",") + "\u00a0%"
        assert table[str(label)] == (n, share), label
    assert sum(n for n, _ in table.values()) == total == sum(r["referrals"] for r in selectors.statistics())
    # the caption counts in Polish: 2-4 "skierowania", 5+ "skierowań"
    form = "skierowania" if total % 10 in (2, 3, 4) and total % 100 not in (12, 13, 14) else "skierowań"
    assert f"Dane wykresu: {total} {form} wszystkich zespołów" in html


def test_the_chart_speaks_english(demo: Any, client_as: Any) -> None:
    client = client_as("analyst")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("cooperation:statistics")).content.decode()
    total = Referral.objects.count()
    assert "Referrals in the region by state" in html and f"Chart data: {total} referrals of all teams" in html
    assert "Skierowania w regionie" not in html
