"""Each chart kind in a real Chromium at 1400 px (drawn, its texts apart, its screenshot for the docs), and on a phone.

``REFORM_UPDATE_SCREENSHOTS=1`` writes ``docs/screenshots/chart-<kind>-<lang>.png`` (a 1400×900 viewport
with the chart in the middle); otherwise they go to a temporary folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from layouts.charts import CHART_KINDS
from tests.browser.test_dashboard import CHART, SCREENSHOTS, open_page

#: A view of the curated data that each kind draws (by the data's own choice where it makes one).
EXAMPLES = {
    "fact": "?tab=chart&ind=general_procedure_cases,simple_procedure_cases,eco_environment_cases,health_cases,"
    "culture_cases",
    "small-multiples": "?tab=chart&ind=general_procedure_cases,simple_procedure_cases,eco_environment_cases,"
    "health_cases,culture_cases&view=small-multiples",
    "before-after": "?tab=chart&ind=enforcement_items",
    "trend": "?tab=chart&ind=square_dance_noise_complaints,square_dance_noise_complaints_change",
    "index": "?tab=chart&ind=above_scale_enterprises",
}

#: The chart's text boxes, for the overlap check (a pair of boxes sharing more than a pixel).
TEXT_BOXES = """() => [...document.querySelectorAll('#chart svg text')]
    .filter(t => t.textContent.trim() && getComputedStyle(t).visibility !== 'hidden')
    .map(t => { const r = t.getBoundingClientRect(); return [t.textContent, r.left, r.top, r.right, r.bottom]; })
    .filter(([, l, t, r, b]) => r > l && b > t)"""


def overlapping(boxes: list) -> list:
    """Pairs of text boxes that share more than a pixel."""
    return [
        (a[0][:20], b[0][:20])
        for n, a in enumerate(boxes)
        for b in boxes[n + 1 :]
        if a[1] < b[3] - 1 and b[1] < a[3] - 1 and a[2] < b[4] - 1 and b[2] < a[4] - 1
    ]


def test_every_kind_has_an_example():
    assert set(EXAMPLES) == set(CHART_KINDS)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("kind", list(EXAMPLES))
def test_chart_kind_reads_cleanly(browser: Browser, live_server: str, tmp_path: Path, kind: str, lang: str):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    page = context.new_page()
    try:
        query = EXAMPLES[kind] + ("&lang=en" if lang == "en" else "")
        open_page(page, live_server + "/" + query)
        expect(page.locator(CHART).first).to_be_visible()
        page.locator(".chart-box").scroll_into_view_if_needed()
        page.evaluate("() => document.querySelector('.chart-box').scrollIntoView({block: 'center'})")
        page.wait_for_timeout(300)
        assert overlapping(page.evaluate(TEXT_BOXES)) == [], f"{kind} ({lang}): texts drawn over each other"
        target = SCREENSHOTS if os.environ.get("REFORM_UPDATE_SCREENSHOTS") == "1" else tmp_path
        target.mkdir(parents=True, exist_ok=True)
        file = target / f"chart-{kind}-{lang}.png"
        page.screenshot(path=file)
        assert file.stat().st_size > 20_000, "a blank chart compresses to almost nothing"
    finally:
        context.close()


def test_on_a_phone_the_chart_is_drawn_for_its_width_and_the_next_page_knows_it(browser: Browser, live_server: str):
    """A first visit asks once for the chart planned for the phone; the cookie spares the next page that."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    try:
        asked: list[str] = []
        page.on("request", lambda request: asked.append(request.url))
        open_page(page, live_server + "/" + EXAMPLES["small-multiples"])
        expect(page.locator(CHART).first).to_be_visible()
        page.wait_for_function("() => document.cookie.includes('reform_chart_width=')")
        width = int(page.evaluate("() => document.cookie.match(/reform_chart_width=(\\d+)/)[1]"))
        assert 300 <= width < 390
        page.wait_for_timeout(800)
        assert len([url for url in asked if "/_dash-update-component" in url]) == 1, "the chart, planned for the phone"
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390, "nothing wider than the screen"
        assert overlapping(page.evaluate(TEXT_BOXES)) == []
        first = page.evaluate("() => document.querySelector('#chart .main-svg').getAttribute('height')")

        asked.clear()
        open_page(page, live_server + "/" + EXAMPLES["small-multiples"])
        expect(page.locator(CHART).first).to_be_visible()
        page.wait_for_timeout(800)
        assert [url for url in asked if "/_dash-update-component" in url] == [], "drawn for the phone at once"
        assert page.evaluate("() => document.querySelector('#chart .main-svg').getAttribute('height')") == first
        assert overlapping(page.evaluate(TEXT_BOXES)) == []
    finally:
        context.close()
