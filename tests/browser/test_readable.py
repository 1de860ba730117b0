"""Every view reads cleanly, in both languages, on a phone (390 px) and on a desk (1400 px).

For each view of :data:`VIEWS` (every chart kind of the registry, the issue's awkward charts, and the
other tabs) the page is opened once per language and width, and it fails when:

* two texts of the chart overlap, or a text of the chart sticks out of it (bounding boxes of the
  SVG's text elements);
* the page, or the chart's SVG, is wider than the window;
* a Chinese page shows English words of the interface (text, ``aria-label``, ``title``, placeholder);
* axe-core (WCAG 2.1 AA rules and best practice) finds a critical or serious violation.

One server and one page per width serve every check, to keep the suite quick.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from layouts.charts import CHART_KINDS
from tests.browser.test_dashboard import wait_for_app
from tests.browser.views import CHART_VIEWS, KIND_VIEWS

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

#: The other tabs.
PAGE_VIEWS = {
    "overview": "",
    "table": "tab=table&ind=national_high_tech_enterprises,national_high_tech_enterprises_change,"
    "square_dance_noise_complaints",
    "table-all": "tab=table",
    "sources": "tab=sources",
}
WIDTHS = (390, 1400)
LANGS = ("zh", "en")

#: Words of Latin letters a Chinese page may show: names of file formats and encodings, brand names.
LATIN_ALLOWED = {
    "CSV", "Excel", "PNG", "SVG", "PPT", "zip", "UTF", "BOM", "URL", "README", "JSON", "BibTeX", "Frictionless",
    "WPS", "Word", "GB",
}  # fmt: skip


#: Every view checked: name -> query.
VIEWS = {
    **{f"chart-{name}": f"tab=chart&{query}" for name, query in CHART_VIEWS.items()},
    **{f"kind-{name}": f"tab=chart&{query}" for name, query in KIND_VIEWS.items() if query not in CHART_VIEWS.values()},
    **PAGE_VIEWS,
}


def test_every_chart_kind_has_a_view():
    missing = sorted(set(CHART_KINDS) - set(KIND_VIEWS))
    assert not missing, f"no view draws these chart kinds; add one to CHART_VIEWS: {missing}"


@pytest.fixture(scope="module", params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def sized_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    """One page per width for the whole module (each check opens its view in it)."""
    context = browser.new_context(viewport={"width": request.param, "height": 900}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


# --- what each check measures, in the page ---------------------------------------------------------

_CHART_TEXTS = """() => {
  const chart = document.querySelector('#chart');
  if (!chart || chart.closest('[hidden]')) return null;
  const frame = chart.getBoundingClientRect();
  const texts = [...chart.querySelectorAll('svg text')].filter(t => {
    if (t.closest('.hoverlayer') || !t.textContent.trim()) return false;
    const style = getComputedStyle(t);
    return style.display !== 'none' && style.visibility !== 'hidden' && Number(style.opacity) > 0;
  }).map(t => { const r = t.getBoundingClientRect(); return {text: t.textContent.trim(), x: r.left, y: r.top, right: r.right, bottom: r.bottom}; })
    .filter(b => b.right - b.x > 0 && b.bottom - b.y > 0);
  const svg = chart.querySelector('.main-svg');
  return {texts, frame: {x: frame.left, right: frame.right}, svg: svg ? svg.getBoundingClientRect().width : 0};
}"""

_LATIN = """() => {
  const seen = [];
  const shown = el => el.getClientRects().length > 0 && !el.closest('[hidden], .visually-hidden');
  const chinese = el => { const tagged = el.closest('[lang]'); return !tagged || tagged.lang.startsWith('zh'); };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest('script, style, textarea, code, a[href^="http"]') || !shown(el) || !chinese(el)) continue;
    seen.push(node.textContent);
  }
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
    if (!chinese(el) || !shown(el) || el.closest('.modebar')) continue;
    for (const name of ['aria-label', 'title', 'placeholder']) if (el.getAttribute(name)) seen.push(el.getAttribute(name));
  }
  return seen;
}"""


def _open(page: Page, base: str, query: str, lang: str) -> None:
    query = "&".join(part for part in (query, "lang=en" if lang == "en" else "") if part)
    page.goto(f"{base}/?{query}" if query else f"{base}/")
    wait_for_app(page)
    if "tab=chart" in query:
        page.locator("#chart .main-svg").first.wait_for(state="visible", timeout=20_000)
    page.wait_for_timeout(300)  # the chart's relayout after its first paint


def overlaps(texts: list[dict], tolerance: float = 1.5) -> list[tuple[str, str]]:
    """Pairs of texts whose boxes share more than ``tolerance`` px in both directions."""
    pairs = []
    for n, a in enumerate(texts):
        for b in texts[n + 1 :]:
            wide = min(a["right"], b["right"]) - max(a["x"], b["x"])
            high = min(a["bottom"], b["bottom"]) - max(a["y"], b["y"])
            if wide > tolerance and high > tolerance:
                pairs.append((a["text"], b["text"]))
    return pairs


def english_words(texts: list[str]) -> list[str]:
    """Words of Latin letters in the texts, but for the names allowed on a Chinese page."""
    # Code is not English: a snake_case name (a field cited in a curator's note), a file or setting name
    # (config.yaml, docs/deployment.md, embed.frame_ancestors), a version hash (3f9a2c1d4e5f).
    code = r"[\w-]+(?:[./][\w-]+)+|[A-Za-z0-9]+(?:_[A-Za-z0-9]+)+|\b(?=[0-9a-f]*[0-9])[0-9a-f]{6,}\b"
    texts = [re.sub(code, " ", text) for text in texts]
    words = {w for text in texts for w in re.findall(r"[A-Za-z][A-Za-z'’.-]*[A-Za-z]", text)}
    return sorted(w for w in words if w not in LATIN_ALLOWED)


def axe_violations(page: Page) -> list[str]:
    """The critical and serious axe-core violations of the page, one line each with the nodes it names."""
    from axe_playwright_python.base import AXE_SCRIPT

    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[' '.join(n['target']) for n in v['nodes']][:4]}"
        for v in results
        if v["impact"] in ("critical", "serious")
    ]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("view", list(VIEWS))
def test_view_reads_cleanly(sized_page: Page, live_server: str, view: str, lang: str):
    page = sized_page
    width = page.viewport_size["width"]
    _open(page, live_server, VIEWS[view], lang)
    problems, chart_problems = [], []
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 1:
        problems.append(f"the page is {overflow}px wider than the {width}px window")
    chart = page.evaluate(_CHART_TEXTS)
    if chart is not None:
        if chart["svg"] > width:
            problems.append(f"the chart is {chart['svg']:.0f}px wide in a {width}px window")
        if pairs := overlaps(chart["texts"]):
            chart_problems.append(f"chart texts overlap: {pairs}")
        frame = chart["frame"]
        if out := [b["text"] for b in chart["texts"] if b["x"] < frame["x"] - 1 or b["right"] > frame["right"] + 1]:
            chart_problems.append(f"chart texts cut off at its edges: {out}")
    if lang == "zh" and (words := english_words(page.evaluate(_LATIN))):
        problems.append(f"English on the Chinese page: {words}")
    if violations := axe_violations(page):
        problems.append("axe-core: " + "; ".join(violations))
    where = f"{view} ({lang}, {width}px):\n"
    assert not problems + chart_problems, where + "\n".join(problems + chart_problems)


def test_a_meeting_room_screen_shows_the_chart_large(browser: Browser, live_server: str):
    """At 1920x1080 the chart fills the width and its smallest text is read from the back row (16 px)."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    page = context.new_page()
    try:
        _open(page, live_server, VIEWS["chart-one"], "zh")
        assert page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)") >= 16
        sizes = page.evaluate(
            "() => [...document.querySelectorAll('#chart svg text')].filter(t => t.textContent.trim()"
            " && !t.closest('.hoverlayer')).map(t => parseFloat(getComputedStyle(t).fontSize))"
        )
        assert sizes and min(sizes) >= 16, f"chart texts of {sorted(set(sizes))} px"
        width = page.evaluate("() => document.querySelector('#chart .main-svg').getBoundingClientRect().width")
        assert width >= 0.9 * 1920, f"the chart is {width:.0f}px wide on a 1920px screen"
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_every_chart_view_reads_cleanly_on_a_meeting_room_screen(browser: Browser, live_server: str, lang: str):
    """At 1920x1080 a chart is zoomed whole (texts 1.5 times larger): no two texts meet, none is cut off."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    page = context.new_page()
    found = []
    try:
        for name, query in VIEWS.items():
            if not name.startswith(("chart-", "kind-")):
                continue
            _open(page, live_server, query, lang)
            page.wait_for_load_state("networkidle")  # the chart drawn again for this screen
            page.wait_for_timeout(300)
            chart = page.evaluate(_CHART_TEXTS)
            if pairs := overlaps(chart["texts"]):
                found.append(f"{name}: texts overlap: {pairs}")
            frame = chart["frame"]
            if out := [b["text"] for b in chart["texts"] if b["x"] < frame["x"] - 1 or b["right"] > frame["right"] + 1]:
                found.append(f"{name}: texts cut off at the edges: {out}")
    finally:
        context.close()
    assert not found, "\n".join(found)
