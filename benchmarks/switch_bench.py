"""Switching indicator in headless Chromium: from the user's click to the new chart painted.

The page of the scale's chart view (three indicators, :data:`benchmarks.browser_bench.VIEWS`) is
loaded and painted; the indicator picker is opened; then the click that takes the view's first
indicator off the chart is the event. Timed in the page with ``performance.now()``: from the click's
``pointerdown`` to the second animation frame after Plotly's ``plotly_afterplot`` for a figure with
the new title (the frame that shows it has been painted). Everything is inside: the callback request
and its answer (computed: the app runs with ``answer_cache_mb: 0``), Dash's rendering of the answer
and ``Plotly.react``. The callback requests made for the change are counted (one is the design:
:mod:`callbacks.page`).

Taking the first indicator off shifts the colours of the others, so the first switch of a worker
draws their series anew; later ones find them prepared (they are kept per data version,
:func:`layouts.charts.series.kept_series`). The value is the median of the runs; the note
gives the slowest (the first of a worker) and the fastest.
"""

from __future__ import annotations

import os
import statistics
import tempfile
from pathlib import Path

from benchmarks.browser_bench import (
    CHART_ID,
    PAINT_TIMEOUT_MS,
    VIEWPORT,
    VIEWS,
    app_server,
    chart_view_path,
    paint_probe,
    why_not_measured,
)
from benchmarks.local_server import CHROMIUM_ARGS, chromium_executable, uncached_config
from benchmarks.measures import Measurement, ScaleRun

LABEL = "switching indicator, click to new chart painted (answer computed), headless Chromium"
#: Switches timed per scale (each in a fresh page); quick mode is the CI smoke test.
REPEATS = {"article": 10, "medium": 8, "large": 8}
QUICK_REPEATS = {"article": 2, "medium": 2, "large": 2}
#: Issue 13's targets, seconds from the event to the new chart painted.
TARGETS = {"article": 0.100, "large": 0.250}

#: Installed once the page has painted and the picker is open: times the next click on an option.
SWITCH_PROBE = """(chartId) => {
  const gd = document.querySelector('#' + chartId + ' .js-plotly-plot');
  const before = gd.layout.title && gd.layout.title.text;
  window.__switch = {start: null, done: null, callbacks: null};
  const callbacks = () => performance.getEntriesByType('resource')
    .filter(r => r.name.includes('_dash-update-component'));
  const already = callbacks().length;
  document.addEventListener('pointerdown', (event) => {
    if (window.__switch.start === null && event.target.closest('[role=option]')) {
      window.__switch.start = event.timeStamp;
    }
  }, true);
  gd.on('plotly_afterplot', () => {
    const title = gd.layout.title && gd.layout.title.text;
    if (window.__switch.start === null || window.__switch.done || title === before) return;
    const plotted = performance.now();
    window.__switch.done = true;
    requestAnimationFrame(() => requestAnimationFrame(() => {
      const made = callbacks().slice(already);
      const last = made[made.length - 1];
      window.__switch.done = {plotted: plotted, painted: performance.now(), callbacks: made.length,
        sent: last ? last.startTime : null, answered: last ? last.responseEnd : null};
    }));
  });
}"""


def _one_switch(browser, url: str, first_indicator: str) -> dict:
    """A fresh page of the view; the click that takes its first indicator off; the timeline of the switch."""
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    try:
        page = context.new_page()
        page.add_init_script(paint_probe(CHART_ID))
        page.goto(url, wait_until="commit")
        page.wait_for_function("() => window.__firstChart !== undefined", timeout=PAINT_TIMEOUT_MS, polling=100)
        page.click("#indicator-select")
        option = page.locator(f'.dash-dropdown-options [role=option]:has(input[value="{first_indicator}"])')
        option.wait_for(state="visible", timeout=PAINT_TIMEOUT_MS)
        page.wait_for_timeout(300)  # the popover settled; nothing else is running
        page.evaluate(SWITCH_PROBE, CHART_ID)
        option.click()
        page.wait_for_function(
            "() => window.__switch.done && window.__switch.done.painted", timeout=PAINT_TIMEOUT_MS, polling=50
        )
        switch = page.evaluate("window.__switch")
        return {
            "painted": (switch["done"]["painted"] - switch["start"]) / 1000,
            "plotted": (switch["done"]["plotted"] - switch["start"]) / 1000,
            "callbacks": switch["done"]["callbacks"],
            "sent": (switch["done"]["sent"] - switch["start"]) / 1000 if switch["done"]["sent"] else None,
            "answered": (switch["done"]["answered"] - switch["start"]) / 1000 if switch["done"]["answered"] else None,
        }
    finally:
        context.close()


def measure(data_dir: Path, indicator_ids: tuple[str, ...], repeats: int, work: Path) -> list[dict]:
    """``repeats`` switches, each in a fresh page, against the app with every answer computed."""
    from playwright.sync_api import sync_playwright

    executable = chromium_executable()
    if executable is None:
        raise FileNotFoundError("Chromium is not installed (Debian package `chromium`)")
    config = uncached_config(work)
    with (
        app_server(data_dir, work / "gunicorn.log", config=config) as base,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=list(CHROMIUM_ARGS))
        try:
            url = base + chart_view_path(indicator_ids)
            return [_one_switch(browser, url, indicator_ids[0]) for _ in range(repeats)]
        finally:
            browser.close()


def _median_ms(seconds: list[float]) -> str:
    return f"{statistics.median(seconds) * 1e3:.0f} ms" if seconds else "—"


def row(scale: str, switches: list[dict], indicator_ids: tuple[str, ...], load: tuple[float, float]) -> Measurement:
    """The switching row: the median switch, with the fastest, the slowest and the requests made."""
    painted = [s["painted"] for s in switches]
    plotted = statistics.median(s["plotted"] for s in switches)
    sent = _median_ms([s["sent"] for s in switches if s["sent"] is not None])
    answered = _median_ms([s["answered"] for s in switches if s["answered"] is not None])
    requests = sorted({s["callbacks"] for s in switches})
    target = TARGETS.get(scale)
    note = (
        f"median of {len(painted)} switches, each in a fresh page: fastest {min(painted) * 1e3:.0f} ms, slowest "
        f"{max(painted) * 1e3:.0f} ms (a worker's first: the series drawn anew); medians from the click: request "
        f"sent {sent}, answered {answered}, "
        f"Plotly's afterplot {plotted * 1e3:.0f} ms; callback requests per switch: {', '.join(map(str, requests))}; "
        f"view ?tab=chart&ind={','.join(indicator_ids)}, its first indicator taken off in the picker; "
        f"answer_cache_mb: 0; load average {load[0]:.1f} → {load[1]:.1f}"
        + (f"; target ≤ {target * 1e3:.0f} ms" if target else "")
    )
    return Measurement(
        scale,
        "switch",
        LABEL,
        statistics.median(painted),
        "s",
        note=note,
        spread=max(painted) / min(painted),
    )


def unavailable(scale: str, why: str) -> list[Measurement]:
    """The row of a measure that could not be taken, saying why."""
    return [Measurement(scale, "switch", LABEL, None, "s", note=why)]


def run(scale: ScaleRun) -> list[Measurement]:
    """Switching indicator at one scale."""
    if why := why_not_measured(scale.name):
        return unavailable(scale.name, why)
    indicator_ids = VIEWS[scale.name]
    before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="switch-bench-") as work:
        try:
            switches = measure(scale.data_dir, indicator_ids, scale.repeats(REPEATS, QUICK_REPEATS), Path(work))
        except Exception as exc:
            return unavailable(scale.name, f"not measured: {type(exc).__name__}: {str(exc)[:300]}")
    return [row(scale.name, switches, indicator_ids, (before, os.getloadavg()[0]))]
