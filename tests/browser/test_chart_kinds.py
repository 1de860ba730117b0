"""A chart is planned for the box it is shown in: on a phone it is drawn for the phone, once, and then known.

Every chart kind's texts, both languages, at 390 and 1400 px: tests/browser/test_readable.py; their
screenshots (docs/screenshots/chart-<kind>-<lang>.png): ``test_screenshots`` in test_dashboard.py.
"""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from tests.browser.test_dashboard import CHART, open_page
from tests.browser.test_readable import overlaps
from tests.browser.views import CHART_VIEWS

#: Panels laid out for the width: a phone stacks them, each with its own axis.
VIEW = "/?tab=chart&" + CHART_VIEWS["small-multiples"]

#: The chart's text boxes (the overlap check's input).
TEXT_BOXES = """() => [...document.querySelectorAll('#chart svg text')]
    .filter(t => t.textContent.trim() && !t.closest('.hoverlayer') && getComputedStyle(t).visibility !== 'hidden')
    .map(t => { const r = t.getBoundingClientRect();
                return {text: t.textContent.trim(), x: r.left, y: r.top, right: r.right, bottom: r.bottom}; })
    .filter(b => b.right > b.x && b.bottom > b.y)"""


def callbacks(urls: list[str]) -> list[str]:
    return [url for url in urls if "/_dash-update-component" in url]


def test_on_a_phone_the_chart_is_drawn_for_its_width_and_the_next_page_knows_it(browser: Browser, live_server: str):
    """A first visit asks once for the chart planned for the phone; the cookie spares the next page that."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    try:
        asked: list[str] = []
        page.on("request", lambda request: asked.append(request.url))
        open_page(page, live_server + VIEW)
        expect(page.locator(CHART).first).to_be_visible()
        page.wait_for_function("() => document.cookie.includes('reform_chart_width=')")
        width = int(page.evaluate("() => document.cookie.match(/reform_chart_width=(\\d+)/)[1]"))
        assert 300 <= width < 390
        page.wait_for_timeout(800)
        assert len(callbacks(asked)) == 1, "the chart, planned for the phone"
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390, "nothing wider than the screen"
        assert overlaps(page.evaluate(TEXT_BOXES)) == []
        first = page.evaluate("() => document.querySelector('#chart .main-svg').getAttribute('height')")

        asked.clear()
        open_page(page, live_server + VIEW)
        expect(page.locator(CHART).first).to_be_visible()
        page.wait_for_timeout(800)
        assert callbacks(asked) == [], "drawn for the phone at once"
        assert page.evaluate("() => document.querySelector('#chart .main-svg').getAttribute('height')") == first
        assert overlaps(page.evaluate(TEXT_BOXES)) == []
    finally:
        context.close()


def test_a_desk_gets_its_chart_with_the_page_and_a_narrower_window_has_it_redrawn(browser: Browser, live_server: str):
    """At 1400 px the first response's chart fits (no request); dragged to 700 px, the chart alone is drawn again."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    page = context.new_page()
    try:
        asked: list[str] = []
        page.on("request", lambda request: asked.append(request.url))
        open_page(page, live_server + VIEW)
        expect(page.locator(CHART).first).to_be_visible()
        page.wait_for_timeout(800)
        assert callbacks(asked) == []
        page.set_viewport_size({"width": 700, "height": 900})
        page.wait_for_function(
            "() => document.querySelector('#chart .main-svg').getBoundingClientRect().width <= 700", timeout=20_000
        )
        page.wait_for_timeout(1500)
        assert len(callbacks(asked)) == 1, "the chart alone, for the narrower box"
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 700
        assert overlaps(page.evaluate(TEXT_BOXES)) == []
    finally:
        context.close()
