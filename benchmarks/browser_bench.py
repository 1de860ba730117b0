"""First chart painted in headless Chromium, against a static page holding plotly.js and the same figure.

What is timed, for both pages: ``performance.now()`` in the page (milliseconds since the navigation
started) at the second ``requestAnimationFrame`` after the first plotted trace (``g.trace`` inside
the chart's ``.main-svg``) entered the document. A ``MutationObserver`` registered before any of the
page's scripts (``page.add_init_script``) notices the trace; the double frame tick means the frame
holding it has been painted. The HTML, every script, the layout and callback round trips, parsing
plotly.js and drawing are all inside that span.

* **app**: the dashboard under gunicorn with the repository's ``gunicorn.conf.py`` (as in
  production: one worker per core, threads, the data loaded before the workers fork), on loopback,
  serving the scale's data; the page is the chart view of 1-3 indicators of one unit.
* **floor**: one static HTML page served on loopback by a small threaded HTTP server: the same
  ``plotly.min.js`` the app sends, the app's zh-CN plotly locale, and the figure and config the
  app's chart callback answered for the same view, drawn with ``Plotly.newPlot`` at the same size.

Each run opens a fresh browser context (an empty HTTP cache) for the app and for the floor, taking
turns; then the same context loads the page a second time (warm HTTP cache). The best run is the
figure; the median is in the note. When Playwright or Chromium is missing, or the app does not
start, the measure is a row without a value whose note says why: the benchmark goes on.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.chart_requests import CALLBACK_PATH, chart_body, dash_dependencies
from benchmarks.generate import ROOT
from benchmarks.local_server import (
    CHROMIUM_ARGS,
    ServerStartError,
    chromium_executable,
    free_port,
    log_tail,
    stop,
    wait_until_answers,
)
from benchmarks.measures import Measurement, ScaleRun
from server.plotly_bundle import FULL_BUNDLE, basic_bundle

LABEL = "first chart painted, headless Chromium"
BASELINE_LABEL = "static HTML page with plotly.js"
BASIC_LABEL = "static HTML page with plotly.js's basic bundle"
#: Timed runs of each page (the app and the floor take turns); quick mode is the CI smoke test.
REPEATS = {"article": 12, "medium": 12, "large": 10}
QUICK_REPEATS = {"article": 2, "medium": 2, "large": 2}
#: A realistic chart view at each scale: three indicators of one unit (enterprises), ids that exist there.
VIEWS = {
    "article": ("national_high_tech_enterprises", "above_scale_enterprises", "little_giant_enterprises"),
    "medium": ("high_tech_enterprises_city", "above_scale_enterprises_city", "specialised_smes_city"),
    "large": ("high_tech_enterprises_city", "above_scale_enterprises_city", "specialised_smes_city"),
}
CHART_ID = "chart"
CHART_HEIGHT = 600  # px: the dcc.Graph's height in the page (layouts.components.make_shell)
VIEWPORT = {"width": 1280, "height": 720}
SERVER_START_TIMEOUT_S = 600  # the large scale loads for about half a minute before /healthz answers
PAINT_TIMEOUT_MS = 120_000
PLOTLY_LOCALE = ROOT / "assets" / "plotly-locale-zh-cn.js"

#: Registered before any script of the page runs. Notes when the first plotted trace of the chart is
#: in the document, then when the frame after it has been painted (two animation-frame ticks).
PAINT_PROBE = """
(() => {
  const selector = %s;
  let seen = false;
  const check = () => {
    if (seen || !document.querySelector(selector)) return;
    seen = true;
    observer.disconnect();
    const found = performance.now();
    requestAnimationFrame(() => requestAnimationFrame(() => {
      window.__firstChart = {found: found, painted: performance.now()};
    }));
  };
  const observer = new MutationObserver(check);
  observer.observe(document, {childList: true, subtree: true});
})();
"""

#: After the paint: where the time went (milliseconds since navigation start, bytes as transferred).
TIMELINE = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const resources = performance.getEntriesByType('resource');
  const painted = window.__firstChart.painted;
  const before = resources.filter(r => r.responseEnd <= painted);
  const ends = (test) => before.filter(r => test(r.name)).map(r => r.responseEnd);
  const last = (values) => values.length ? Math.max(...values) : null;
  return {
    found: window.__firstChart.found,
    painted: painted,
    html: nav.responseEnd,
    dom_ready: nav.domContentLoadedEventEnd,
    plotly_js: last(ends(n => n.includes('plotly') && n.endsWith('.js'))),
    layout: last(ends(n => n.includes('_dash-layout'))),
    callbacks: last(ends(n => n.includes('_dash-update-component'))),
    requests: 1 + before.length,
    bytes: nav.transferSize + before.reduce((sum, r) => sum + r.transferSize, 0),
    callback_requests: before.filter(r => r.name.includes('_dash-update-component')).length,
  };
}"""


def chart_selector(container_id: str) -> str:
    """CSS selector of a plotted trace of the chart in the element with this id."""
    return f"#{container_id} .main-svg g.trace"


def paint_probe(container_id: str) -> str:
    """The init script that times the first painted trace in the element with this id."""
    return PAINT_PROBE % json.dumps(chart_selector(container_id))


def chart_view_path(indicator_ids: tuple[str, ...], lang: str = "zh") -> str:
    """The page URL path of a chart view (layouts.view_state's query string)."""
    return f"/?tab=chart&ind={','.join(indicator_ids)}&lang={lang}"


def chart_from_callback(body: object, chart_id: str = CHART_ID) -> tuple[dict, dict] | None:
    """The figure and config a Dash callback response gave the chart, or None when it gave neither.

    Dash answers ``{"multi": true, "response": {component id: {property: value}}}``.
    """
    if not isinstance(body, dict) or not isinstance(body.get("response"), dict):
        return None
    props = body["response"].get(chart_id)
    if not isinstance(props, dict) or not isinstance(props.get("figure"), dict):
        return None
    config = props.get("config") if isinstance(props.get("config"), dict) else {}
    return props["figure"], config


def _script_json(value: object) -> str:
    # JSON that cannot end the <script> block holding it, whatever text the figure carries.
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028")):
        text = text.replace(char, escaped)
    return text.replace("\u2029", "\\u2029")


def floor_page(figure: dict, config: dict, scripts: list[str], *, height: int = CHART_HEIGHT) -> str:
    """The static floor: the scripts (plotly.js first), the figure as JSON, and ``Plotly.newPlot``.

    Nothing else: no framework, no stylesheet, no request after the scripts.
    """
    tags = "\n".join(f'<script src="{src}"></script>' for src in scripts)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>first-paint floor</title>
</head>
<body style="margin:0">
<div id="{CHART_ID}" style="width:100%;height:{height}px"></div>
<script type="application/json" id="figure">{_script_json({"figure": figure, "config": config})}</script>
{tags}
<script>
var spec = JSON.parse(document.getElementById("figure").textContent);
Plotly.newPlot("{CHART_ID}", spec.figure.data, spec.figure.layout, spec.config);
</script>
</body>
</html>
"""


# --- servers ---------------------------------------------------------------------------------------


@contextlib.contextmanager
def app_server(data_dir: Path, log: Path, root: Path = ROOT, config: Path | None = None) -> Iterator[str]:
    """``gunicorn -c gunicorn.conf.py app:server`` run in ``root`` on a free loopback port; yields its URL.

    ``config``: another config.yaml than the repository's (``REFORM_CONFIG``).

    Raises:
        ServerStartError: When gunicorn exits, /healthz does not answer in time, or answers an error.
    """
    env = {**os.environ, "REFORM_DATA_DIR": str(Path(data_dir).resolve()), "PYTHONUNBUFFERED": "1"}
    if config is not None:
        env["REFORM_CONFIG"] = str(Path(config).resolve())
    for attempt in range(3):
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--no-control-socket"]
        command += ["-b", f"127.0.0.1:{port}", "app:server"]
        with log.open("wb") as out:
            process = subprocess.Popen(
                command, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        try:
            status, _ = wait_until_answers(f"{url}/healthz", process, log, SERVER_START_TIMEOUT_S)
        except ServerStartError as error:
            stop(process)
            if not error.port_taken or attempt == 2:
                raise
            continue
        break
    try:
        if status != 200:
            raise ServerStartError(f"/healthz answered {status}:\n{log_tail(log)}")
        yield url
    finally:
        stop(process)


@contextlib.contextmanager
def static_server(files: dict[str, tuple[bytes, str]]) -> Iterator[str]:
    """A threaded HTTP/1.1 server on loopback answering ``files`` (path -> body, type); yields its URL.

    Scripts may be cached for a year, as Dash's fingerprinted bundles are; the page is revalidated.
    """

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, like gunicorn

        def do_GET(self) -> None:
            found = files.get(self.path.split("?", 1)[0])
            if found is None:
                self.send_error(404)
                return
            body, media_type = found
            self.send_response(200)
            self.send_header("Content-Type", media_type)
            self.send_header("Content-Length", str(len(body)))
            cache = "no-cache" if media_type.startswith("text/html") else "public, max-age=31536000"
            self.send_header("Cache-Control", cache)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# --- the browser -------------------------------------------------------------------------------------


@dataclass
class Runs:
    """Timelines of one page's runs (dicts from :data:`TIMELINE`), cold and warm HTTP cache."""

    cold: list[dict] = field(default_factory=list)
    warm: list[dict] = field(default_factory=list)


def _load(page, url: str) -> dict:
    page.goto(url, wait_until="commit")
    page.wait_for_function("() => window.__firstChart !== undefined", timeout=PAINT_TIMEOUT_MS, polling=100)
    return page.evaluate(TIMELINE)


def _one_run(browser, url: str, runs: Runs, on_response=None) -> None:
    """A fresh context (empty cache): the page once cold, then once more warm."""
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    try:
        page = context.new_page()
        page.add_init_script(paint_probe(CHART_ID))
        if on_response is not None:
            page.on("response", on_response)
        runs.cold.append(_load(page, url))
        runs.warm.append(_load(page, url))
    finally:
        context.close()


def _plotly_scripts(scripts: list[str]) -> object:
    """A response listener keeping the URL of every plotly.js bundle the page received."""

    def on_response(response) -> None:
        path = response.url.split("?", 1)[0]
        if path.endswith(".js") and "plotly" in path.rsplit("/", 1)[-1] and "locale" not in path:
            scripts.append(path)

    return on_response


def app_chart(base: str, search: str) -> tuple[dict, dict]:
    """The figure and config the app answers for the chart of ``search`` (as the page's renderer asks).

    Raises:
        RuntimeError: When the answer holds no figure.
    """
    request = urllib.request.Request(
        base + CALLBACK_PATH,
        data=chart_body(dash_dependencies(base, timeout=60), search),
        headers={"Content-Type": "application/json", "Accept-Encoding": "identity"},
    )
    with urllib.request.urlopen(request, timeout=300) as response:
        chart = chart_from_callback(json.load(response))
    if chart is None:
        raise RuntimeError("the chart callback answered no figure")
    return chart


@dataclass
class Pages:
    """The timed runs of the app and of its static floors."""

    app: Runs = field(default_factory=Runs)
    #: The same figure on a static page with Dash's full plotly.js (the target's floor).
    floor: Runs = field(default_factory=Runs)
    #: The same with the basic partial bundle (the limit: no framework, the smallest plotly.js); None
    #: when set-up has not installed it.
    floor_basic: Runs | None = None
    #: The plotly.js bundles the app's page received on its untimed first load.
    app_plotly: list[str] = field(default_factory=list)


def measure(data_dir: Path, indicator_ids: tuple[str, ...], repeats: int, log: Path) -> Pages:
    """The app's chart view and its static floors, ``repeats`` runs each, taking turns."""
    from playwright.sync_api import sync_playwright

    executable = chromium_executable()
    if executable is None:
        raise FileNotFoundError("Chromium is not installed (Debian package `chromium`)")
    pages = Pages()
    with app_server(data_dir, log) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=list(CHROMIUM_ARGS))
        try:
            app_url = base + chart_view_path(indicator_ids)
            # One untimed load: the workers' first requests, and which plotly.js the page loads.
            _one_run(browser, app_url, Runs(), _plotly_scripts(pages.app_plotly))
            if not pages.app_plotly:
                raise RuntimeError("the page loaded no plotly.js")
            figure, config = app_chart(base, app_url[len(base) + 1 :])
            locale = ("/plotly-locale-zh-cn.js", (PLOTLY_LOCALE.read_bytes(), "text/javascript"))
            files = {
                "/": (floor_page(figure, config, ["/plotly.min.js", locale[0]]).encode(), "text/html; charset=utf-8"),
                "/plotly.min.js": (FULL_BUNDLE.read_bytes(), "text/javascript"),
                locale[0]: locale[1],
            }
            basic = basic_bundle()
            if basic is not None:
                pages.floor_basic = Runs()
                page = floor_page(figure, config, ["/plotly-basic.min.js", locale[0]])
                files["/basic"] = (page.encode(), "text/html; charset=utf-8")
                files["/plotly-basic.min.js"] = (basic.path.read_bytes(), "text/javascript")
            with static_server(files) as floor_url:
                turns = [(app_url, pages.app), (floor_url + "/", pages.floor)]
                if pages.floor_basic is not None:
                    turns.append((floor_url + "/basic", pages.floor_basic))
                for url, _ in turns[1:]:
                    _one_run(browser, url, Runs())  # untimed, like the app's
                for _ in range(repeats):
                    for url, runs in turns:
                        _one_run(browser, url, runs)
        finally:
            browser.close()
    return pages


# --- the rows ------------------------------------------------------------------------------------------


def _seconds(timelines: list[dict]) -> list[float]:
    return [t["painted"] / 1000 for t in timelines]


def _median(timelines: list[dict], key: str) -> float | None:
    values = [t[key] for t in timelines if t.get(key) is not None]
    return statistics.median(values) if values else None


def breakdown(timelines: list[dict]) -> str:
    """Medians of where a page's time went, as milliseconds since navigation start."""
    steps = (
        ("html", "HTML"),
        ("dom_ready", "scripts run (DOMContentLoaded)"),
        ("layout", "layout"),
        ("plotly_js", "plotly.js received"),
        ("callbacks", "last callback answered"),
        ("found", "trace in DOM"),
        ("painted", "painted"),
    )
    parts = [f"{label} {value:.0f}" for key, label in steps if (value := _median(timelines, key)) is not None]
    requests, size = _median(timelines, "requests"), _median(timelines, "bytes")
    text = "median ms: " + ", ".join(parts)
    if requests is not None and size is not None:
        text += f"; {requests:.0f} requests, {size / 1e6:.2f} MB"
    return text


def _row(scale: str, key: str, label: str, app_runs: list[dict], floor_runs: list[dict], floor_label: str, note: str):
    app_s, floor_s = _seconds(app_runs), _seconds(floor_runs)
    app_median, floor_median = statistics.median(app_s), statistics.median(floor_s)
    note = (
        f"best of {len(app_s)} each, interleaved; medians app {app_median * 1e3:.0f} ms, "
        f"floor {floor_median * 1e3:.0f} ms ({app_median / floor_median:.2f}×); {note}"
    )
    return Measurement(
        scale,
        key,
        label,
        min(app_s),
        "s",
        baseline=min(floor_s),
        baseline_label=floor_label,
        note=note,
        spread=max(app_s) / min(app_s),
    )


def rows(scale: str, pages: Pages, indicator_ids: tuple[str, ...], load: tuple[float, float]) -> list[Measurement]:
    """The cold-cache and warm-cache rows from the timed runs.

    Against the full-bundle floor (the target), and against the basic-bundle floor (how far the app is
    from the limit) when it was measured.
    """
    found = []
    bundles = ", ".join(sorted({path.rsplit("/", 1)[-1] for path in pages.app_plotly})) or "none"
    where = (
        f"view ?tab=chart&ind={','.join(indicator_ids)}; gunicorn.conf.py on loopback; plotly.js the app's page "
        f"loaded: {bundles}; load average {load[0]:.1f} → {load[1]:.1f}"
    )
    for suffix, cache, app_runs, floor_runs in (
        ("", "cold HTTP cache", pages.app.cold, pages.floor.cold),
        ("_warm", "warm HTTP cache", pages.app.warm, pages.floor.warm),
    ):
        label = LABEL if not suffix else f"{LABEL} ({cache})"
        note = f"{cache}; {where}; app {breakdown(app_runs)}; floor {breakdown(floor_runs)}"
        found.append(_row(scale, f"first_paint{suffix}", label, app_runs, floor_runs, BASELINE_LABEL, note))
    if pages.floor_basic is not None:
        for suffix, cache, app_runs, floor_runs in (
            ("", "cold HTTP cache", pages.app.cold, pages.floor_basic.cold),
            ("_warm", "warm HTTP cache", pages.app.warm, pages.floor_basic.warm),
        ):
            label = f"{LABEL}, against the basic-bundle floor ({cache})"
            note = f"{cache}; the limit, for reference; floor {breakdown(floor_runs)}"
            found.append(_row(scale, f"first_paint_basic{suffix}", label, app_runs, floor_runs, BASIC_LABEL, note))
    return found


def unavailable(scale: str, why: str) -> list[Measurement]:
    """The row of a measure that could not be taken, saying why."""
    return [Measurement(scale, "first_paint", LABEL, None, "s", baseline_label=BASELINE_LABEL, note=why)]


def why_not_measured(scale_name: str) -> str | None:
    """Why the browser's measures cannot run at a scale here (no view, Playwright or Chromium); None if they can."""
    if scale_name not in VIEWS:
        return f"no chart view chosen for the scale {scale_name!r}"
    try:
        import playwright.sync_api  # noqa: F401 - only to know it is there
    except ImportError:
        return "not measured: Playwright is not installed (pip install playwright)"
    if chromium_executable() is None:
        return "not measured: Chromium is not installed (Debian package `chromium`)"
    return None


def run(scale: ScaleRun) -> list[Measurement]:
    """First paint of the chart view at one scale, cold and warm cache, against the static floor."""
    if why := why_not_measured(scale.name):
        return unavailable(scale.name, why)
    indicator_ids = VIEWS[scale.name]
    repeats = scale.repeats(REPEATS, QUICK_REPEATS)
    before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="browser-bench-") as work:
        try:
            pages = measure(scale.data_dir, indicator_ids, repeats, Path(work) / "gunicorn.log")
        except Exception as exc:
            return unavailable(scale.name, f"not measured: {type(exc).__name__}: {str(exc)[:300]}")
    return rows(scale.name, pages, indicator_ids, (before, os.getloadavg()[0]))
