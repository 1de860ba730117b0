"""The app side of issue 6 (phase 2): what the server costs per chart, and what it sends.

At every scale, for the scale's *view* (:func:`chart_view`: the three indicators of one unit with
the most values drawn):

* **chart callback**: ``POST /_dash-update-component`` for the chart, in-process through Flask's test
  client (server time: the request, Dash's dispatch, our callback, the JSON answer; no network), CPU
  p50 and p95 with the answer computed each time (the answer cache off), against the **floor**: the
  same figure (every trace, hover text, shape and annotation of the answer) built as a ``go.Figure``
  and serialized by ``fig.to_json()``. For reference, also against a stricter floor (only the
  view's points as plain ``go.Scatter`` traces) and the answer served again from the cache.
  Requests and floor builds take turns.
* **throughput**: gunicorn (``gunicorn.conf.py``, 2 workers, loopback) and 8 keep-alive clients
  posting the chart callback for 10 s, against ``benchmarks/bare_app.py`` (one callback returning
  the app's prebuilt figure of the same view) served the same way in the same run; the app as
  configured (answers kept per worker) and with ``answer_cache_mb: 0`` (every answer computed).
* **server RSS**: VmHWM of the gunicorn master and workers after the throughput run.
* **warm PNG export**: ``GET /chart/<ids>.png`` in-process, after one warm-up.
* **bytes sent**: every request a fresh browser makes for the first page of the view (the HTML, its
  scripts and stylesheets, ``_dash-layout``, ``_dash-dependencies``, the lazily loaded component
  chunks and plotly.js, the callbacks fired at load) and for one chart update, as a browser asks
  (``Accept-Encoding: gzip, deflate, br, zstd``) and uncompressed; the update also for the article's
  view, which exists at every scale (the data of ``data/`` is part of each).
"""

from __future__ import annotations

import contextlib
import gc
import http.client
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import plotly.graph_objects as go
import yaml

import indicators
from benchmarks.generate import DATA_DIR, ROOT
from benchmarks.local_server import ServerStartError, free_port, wait_until_answers
from benchmarks.measures import Measurement, ScaleRun

CALLBACK_PATH = "/_dash-update-component"
#: What Chromium sends (checked with the browser: it asks for every page resource this way).
BROWSER_ENCODING = "gzip, deflate, br, zstd"
VIEW_SIZE = 3
#: Chart callback requests per scale (each followed by a floor build); quick mode is for CI.
REQUESTS, QUICK_REQUESTS = 200, 50
THROUGHPUT_S, QUICK_THROUGHPUT_S = 10.0, 3.0
WARMUP_S = 1.5
CLIENTS, WORKERS = 8, 2
PNG_REPEATS, QUICK_PNG_REPEATS = 7, 2
#: Lazily loaded chunks a component type makes the browser fetch (checked against the requests headless
#: Chromium made for the page: the Dash renderer loads them when a component of that type first renders).
ASYNC_CHUNKS = {
    "Dropdown": ["/_dash-component-suites/dash/dcc/async-dropdown.js"],
    "Graph": [
        "/_dash-component-suites/dash/dcc/async-graph.js",
        "/_dash-component-suites/plotly/package_data/plotly.min.js",
    ],
    "RangeSlider": ["/_dash-component-suites/dash/dcc/async-slider.js"],
    "Slider": ["/_dash-component-suites/dash/dcc/async-slider.js"],
    "Markdown": ["/_dash-component-suites/dash/dcc/async-markdown.js"],
}
_RESOURCE = re.compile(r"<(?:script[^>]*\ssrc|link[^>]*\shref)=\"(/[^\"]+)\"")
#: The JSON blocks of a page that holds its first view (server.first_view): element id, JSON.
_BLOCK = re.compile(r'<script type="application/json" id="(reform-dash-[a-z]+)">(.*?)</script>', re.S)


# --- the view ---------------------------------------------------------------------------------------


def chart_view(dataset: indicators.Dataset) -> tuple[str, ...]:
    """A realistic heavy view: the unit with the most values drawn, its ``VIEW_SIZE`` fullest indicators."""
    frame = dataset.all_observations
    levels = frame[frame["preferred"] & (frame["measure"] != "ratio_to_base")]
    counts = levels.groupby("indicator_id", observed=True).size()
    table = dataset.indicators.assign(values=counts.reindex(dataset.indicators.index).fillna(0))
    table = table[table["values"] > 0]
    unit = table.groupby("unit")["values"].sum().sort_values(ascending=False, kind="stable").index[0]
    chosen = table[table["unit"] == unit].sort_values("values", ascending=False, kind="stable")
    return tuple(chosen.index[:VIEW_SIZE])


def view_points(dataset: indicators.Dataset, ids: tuple[str, ...]) -> list[tuple[str, list, list]]:
    """Per indicator: its name and the (date, value) points the chart draws, as plain lists."""
    frame = dataset.all_observations
    rows = frame[frame["indicator_id"].isin(ids) & frame["preferred"] & (frame["measure"] != "ratio_to_base")]
    rows = rows.sort_values(["period_end", "period_start"], kind="stable")
    points = []
    for indicator_id in ids:
        own = rows[rows["indicator_id"] == indicator_id]
        name = str(dataset.indicators.loc[indicator_id, "name_zh"])
        points.append((name, own["period_end"].tolist(), own["value"].tolist()))
    return points


def floor_figure(points: list[tuple[str, list, list]], title: str) -> str:
    """The stricter floor: the view's points as plain ``go.Scatter`` traces with a title, as JSON."""
    traces = [go.Scatter(x=x, y=y, mode="lines+markers", name=name) for name, x, y in points]
    return go.Figure(data=traces, layout={"title": {"text": title}}).to_json()


def same_figure_floor(figure: dict) -> str:
    """The floor: the answer's figure (traces, hover texts, shapes, annotations) built with ``go.Figure``, as JSON."""
    return go.Figure(data=figure.get("data", []), layout=figure.get("layout", {})).to_json()


# --- the app in-process -----------------------------------------------------------------------------


@contextlib.contextmanager
def serving(data_dir: Path) -> Iterator:
    """The app of ``app.py`` reading ``data_dir`` (its settings swapped for the duration)."""
    import app as app_module
    from server.context import SETTINGS_KEY

    server = app_module.app.server
    saved = server.config[SETTINGS_KEY]
    server.config[SETTINGS_KEY] = saved.model_copy(update={"data_dir": Path(data_dir).resolve()})
    try:
        yield app_module.app
    finally:
        server.config[SETTINGS_KEY] = saved


def callback_body(dependency: dict, values: dict[str, object], changed: list[str]) -> dict:
    """A ``/_dash-update-component`` body as the Dash renderer sends it (string ids only)."""
    spec = dependency["output"]
    parts = spec[2:-2].split("...") if spec.startswith("..") else [spec]
    outputs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in parts]

    def props(items: list[dict]) -> list[dict]:
        return [{**item, "value": values.get(f"{item['id']}.{item['property']}")} for item in items]

    return {
        "output": spec,
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": props(dependency["inputs"]),
        "changedPropIds": changed,
        "state": props(dependency["state"]),
    }


def callback_with_output(dependencies: list[dict], output: str) -> dict:
    """The callback (from ``_dash-dependencies``) that sets ``output`` (``"id.property"``), among its others.

    Raises:
        StopIteration: When no callback sets it.
    """
    return next(d for d in dependencies if output in d["output"].strip(".").split("..."))


def chart_body(dependencies: list[dict], search: str) -> bytes:
    """The request that draws the chart of a URL query string (the page's load of that URL), as JSON."""
    chart = callback_with_output(dependencies, "chart.figure")
    return json.dumps(callback_body(chart, {"url.search": search}, ["url.search"])).encode()


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))]


def chart_callback(scale: ScaleRun, client, body: bytes, floors: dict[str, Callable[[], str]]) -> dict:
    """CPU and wall time of the chart callback and of each floor, taking turns, ``REQUESTS`` of each.

    ``app``: the answer computed each time (the answer cache is emptied and refuses answers);
    ``cached``: the same request served again from the cache.
    """
    count = QUICK_REQUESTS if scale.quick else REQUESTS
    cache = client.application.extensions.get("reform_answer_cache")
    budget = cache.budget if cache is not None else 0
    times: dict[str, list[tuple[float, float]]] = {"app": [], "cached": [], **{name: [] for name in floors}}
    size = 0

    def post() -> None:
        nonlocal size
        response = client.post(CALLBACK_PATH, data=body, content_type="application/json")
        if response.status_code != 200:
            raise RuntimeError(f"chart callback answered {response.status}: {response.get_data()[:200]!r}")
        size = len(response.get_data())

    def keep_answers(on: bool) -> None:
        if cache is not None:
            cache.budget = budget if on else 0
            if not on:
                cache.clear()

    def computed() -> None:
        keep_answers(False)
        post()

    def prime() -> None:  # untimed: the request whose answer the cache keeps
        keep_answers(True)
        post()

    actions = {"app": computed, "cached": post, **floors}
    try:
        for _ in range(3):  # first-use costs (imports, caches) are not what is measured
            for name, action in actions.items():
                if name == "cached":
                    prime()
                action()
        gc.collect()
        for _ in range(count):
            for name, action in actions.items():
                if name == "cached":
                    prime()
                cpu, wall = time.process_time(), time.perf_counter()
                action()
                times[name].append((time.process_time() - cpu, time.perf_counter() - wall))
    finally:
        keep_answers(True)
    found = {"bytes": size, "count": count, "cache": cache is not None}
    for name, runs in times.items():
        cpu, wall = [c for c, _ in runs], [w for _, w in runs]
        found[name] = {"p50": statistics.median(cpu), "p95": percentile(cpu, 95), "wall_p50": statistics.median(wall)}
        found[name]["wall_p95"] = percentile(wall, 95)
    return found


def png_export(scale: ScaleRun, client, ids: tuple[str, ...]) -> dict:
    """Wall time of ``GET /chart/<ids>.png`` after one warm-up (the drawing is done by Chromium)."""
    from outputs import images

    if images.browser_path() is None:
        return {"error": "no Chromium on this machine"}
    path = f"/chart/{','.join(ids)}.png"
    try:
        first = time.perf_counter()
        response = client.get(path)
        first = time.perf_counter() - first
        if response.status_code != 200:
            return {"error": f"{path} answered {response.status}"}
        walls, cpus = [], []
        for _ in range(QUICK_PNG_REPEATS if scale.quick else PNG_REPEATS):
            cpu, wall = time.process_time(), time.perf_counter()
            response = client.get(path)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            assert response.status_code == 200 and response.mimetype == "image/png"
        return {
            "drawing": _kaleido_drawing_time(),
            "wall": statistics.median(walls),
            "cpu": statistics.median(cpus),
            "first": first,
            "bytes": len(response.get_data()),
            "count": len(walls),
        }
    finally:
        images.stop()


def _kaleido_drawing_time() -> float | None:
    """Median time the browser took to draw the last images (None when kaleido kept no profile).

    From kaleido's own profile of each render: the script call to its answer, i.e. plotly.js drawing
    and the PNG coming back.
    """
    from outputs import images

    renderer = images._renderer
    profiler = getattr(getattr(renderer, "kaleido", None), "profiler", None)
    times = []
    for call in profiler or ():
        for render in call.renders:
            ticks = render.profile_log.get_logs()
            if "sending javascript" in ticks and "javascript sent" in ticks:
                times.append(ticks["javascript sent"] - ticks["sending javascript"])
    return statistics.median(times) if times else None


# --- bytes a browser receives ----------------------------------------------------------------------


def _walk(node) -> Iterator[dict]:
    if isinstance(node, dict):
        if "type" in node and "props" in node:
            yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def first_page_requests(client, search: str, headers: dict) -> list[tuple[str, str, bytes | None]]:
    """The requests a fresh browser makes for ``/<search>``: (method, path, body), in order.

    The page, what it names (scripts, style sheets, icon, preloaded chunks); then, when the page does
    not hold its layout and callbacks (server.first_view), ``_dash-layout`` and ``_dash-dependencies``;
    the lazily loaded chunks not preloaded (plotly.js too when the page loads none), and the callbacks
    that run at load.
    """
    html = client.get("/" + search, headers=headers)
    text = _decoded(html).decode("utf-8")
    requests: list[tuple[str, str, bytes | None]] = [("GET", "/" + search, None)]
    requests += [("GET", path, None) for path in dict.fromkeys(_RESOURCE.findall(text))]
    blocks = {name: json.loads(body) for name, body in _BLOCK.findall(text)}
    if "reform-dash-layout" in blocks and "reform-dash-dependencies" in blocks:
        layout, dependencies = blocks["reform-dash-layout"], blocks["reform-dash-dependencies"]
    else:
        layout = json.loads(_decoded(client.get("/_dash-layout", headers=headers)))
        dependencies = json.loads(_decoded(client.get("/_dash-dependencies", headers=headers)))
        requests += [("GET", "/_dash-layout", None), ("GET", "/_dash-dependencies", None)]
    values: dict[str, object] = {"url.search": search}
    asked = {path.split("?", 1)[0] for _, path, _ in requests}
    has_plotly = any("plotly" in path.rsplit("/", 1)[-1] and "locale" not in path for path in asked)
    for component in _walk(layout):
        props = component["props"]
        if isinstance(props.get("id"), str):
            for name, value in props.items():
                values.setdefault(f"{props['id']}.{name}", value)
        for chunk in ASYNC_CHUNKS.get(component["type"], []):
            if chunk not in asked and not (has_plotly and chunk.endswith("plotly.min.js")):
                asked.add(chunk)
                requests.append(("GET", chunk, None))
    for dependency in dependencies:
        if dependency.get("clientside_function") or dependency.get("prevent_initial_call"):
            continue
        body = callback_body(dependency, values, [])
        requests.append(("POST", CALLBACK_PATH, json.dumps(body).encode()))
    return requests


def _decoded(response) -> bytes:
    data = response.get_data()
    encoding = response.headers.get("Content-Encoding")
    if not encoding:
        return data
    from flask_compress.flask_compress import _uncompress_data

    return _uncompress_data(data, encoding)


def sent_bytes(client, requests: list[tuple[str, str, bytes | None]], encoding: str) -> dict:
    """Bytes of the answers' bodies (as sent: compressed when the server compressed them), per path."""
    headers = {"Accept-Encoding": encoding}
    found: dict[str, int] = {}
    for method, path, body in requests:
        if method == "GET":
            response = client.get(path, headers=headers)
        else:
            response = client.post(path, data=body, content_type="application/json", headers=headers)
        if response.status_code != 200:
            raise RuntimeError(f"{method} {path} answered {response.status}")
        key = path if method == "GET" else f"POST {json.loads(body)['output'][:40]}"
        found[key] = found.get(key, 0) + len(response.get_data())
    return found


def bytes_sent(client, ids: tuple[str, ...], fixed_ids: tuple[str, ...]) -> dict:
    """First page and one chart update, as a browser asks and uncompressed."""
    search = f"?tab=chart&ind={','.join(ids)}"
    requests = first_page_requests(client, search, {"Accept-Encoding": BROWSER_ENCODING})
    dependencies = client.get("/_dash-dependencies").get_json()
    update = [("POST", CALLBACK_PATH, chart_body(dependencies, search))]
    fixed = [("POST", CALLBACK_PATH, chart_body(dependencies, f"?tab=chart&ind={','.join(fixed_ids)}"))]
    found = {}
    for name, encoding in (("browser", BROWSER_ENCODING), ("identity", "identity")):
        found[name] = {
            "first_page": sent_bytes(client, requests, encoding),
            "update": sum(sent_bytes(client, update, encoding).values()),
            "update_fixed": sum(sent_bytes(client, fixed, encoding).values()),
        }
    return found


# --- gunicorn ---------------------------------------------------------------------------------------


class Gunicorn:
    """A gunicorn serving a WSGI module from the repository root on loopback, with its log in ``workdir``."""

    def __init__(self, module: str, env: dict[str, str], workdir: Path, tag: str = "") -> None:
        self.port = free_port()
        self.module, self.log_path = module, workdir / f"{module.replace(':', '-')}{tag}.log"
        base = {k: v for k, v in os.environ.items() if k not in ("WEB_CONCURRENCY", "GUNICORN_THREADS", "REFORM_DEBUG")}
        self.env = {**base, **env, "PYTHONPATH": str(ROOT)}
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float) -> None:
        """Start and wait until ``/_dash-dependencies`` answers.

        ``--max-requests 0``: a worker recycled within the measured seconds would measure a fork,
        and would reset that worker's memory high-water mark.
        """
        for attempt in range(3):
            args = [
                sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--no-control-socket",
                "-w", str(WORKERS), "-b", f"127.0.0.1:{self.port}", "--max-requests", "0", self.module,
            ]  # fmt: skip
            with open(self.log_path, "wb") as log:
                self.proc = subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
            try:
                _, body = wait_until_answers(
                    f"http://127.0.0.1:{self.port}/_dash-dependencies",
                    self.proc,
                    self.log_path,
                    timeout,
                    lambda status, _: status == 200 and len(self.workers()) == WORKERS,
                )
            except ServerStartError as error:
                if not error.port_taken or attempt == 2:
                    raise
                self.port = free_port()
                continue
            self.dependencies = json.loads(body)
            return

    def workers(self) -> list[int]:
        """The workers' pids (the master's children)."""
        assert self.proc is not None
        found = []
        for name in os.listdir("/proc"):
            if name.isdigit():
                with contextlib.suppress(OSError, IndexError):
                    stat = Path(f"/proc/{name}/stat").read_bytes()
                    if int(stat[stat.rfind(b")") + 2 :].split()[1]) == self.proc.pid:
                        found.append(int(name))
        return sorted(found)

    def cpu_seconds(self) -> float:
        """User + system CPU seconds of the master and the workers so far."""
        assert self.proc is not None
        total = 0
        for pid in [self.proc.pid, *self.workers()]:
            with contextlib.suppress(OSError):
                stat = Path(f"/proc/{pid}/stat").read_bytes()
                fields = stat[stat.rfind(b")") + 2 :].split()
                total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")

    def memory(self) -> list[dict]:
        """VmHWM, VmRSS and PSS (MB) of the master and each worker."""
        assert self.proc is not None
        found = []
        for role, pid in [("master", self.proc.pid), *(("worker", w) for w in self.workers())]:
            status = {}
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                key, _, value = line.partition(":")
                if key in ("VmHWM", "VmRSS"):
                    status[key] = int(value.split()[0]) / 1024
            pss = 0.0
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                    if line.startswith("Pss:"):
                        pss = int(line.split()[1]) / 1024
            found.append({"role": role, "pid": pid, "hwm": status["VmHWM"], "rss": status["VmRSS"], "pss": pss})
        return found

    def stop(self) -> None:
        """SIGTERM (gunicorn's graceful stop), SIGKILL if it takes too long."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def load(port: int, body: bytes, seconds: float, clients: int = CLIENTS) -> dict:
    """``clients`` threads posting ``body`` back to back on keep-alive connections for ``seconds``."""
    headers = {"Content-Type": "application/json", "Accept-Encoding": BROWSER_ENCODING}
    results: list[tuple[float, bool]] = []
    deadline = time.monotonic() + seconds

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.monotonic() < deadline:
            started = time.monotonic()
            try:
                connection.request("POST", CALLBACK_PATH, body, headers)
                response = connection.getresponse()
                ok = response.status == 200 and len(response.read()) > 0
                if response.will_close:
                    connection.close()
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
            results.append((time.monotonic() - started, ok))
        connection.close()

    threads = [threading.Thread(target=client, name=f"bench-client-{n}") for n in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    span = time.monotonic() - started
    times = [duration for duration, ok in results if ok]
    return {
        "requests": len(results),
        "errors": sum(not ok for _, ok in results),
        "per_s": len(times) / span,
        "p50": statistics.median(times) if times else None,
        "p95": percentile(times, 95) if times else None,
        "span": span,
    }


def throughput(scale: ScaleRun, search: str, figure_json: str) -> dict:
    """The app and the bare app under gunicorn, the same load in turn; the app's memory afterwards."""
    seconds = QUICK_THROUGHPUT_S if scale.quick else THROUGHPUT_S
    with tempfile.TemporaryDirectory(prefix="reform-app-bench-") as work:
        workdir = Path(work)
        figure_file = workdir / "figure.json"
        figure_file.write_text(figure_json, encoding="utf-8")
        no_cache = workdir / "config-no-answer-cache.yaml"
        config = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8")) | {"answer_cache_mb": 0}
        no_cache.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        data = {"REFORM_DATA_DIR": str(scale.data_dir)}
        servers = {
            "app": Gunicorn("app:server", data, workdir),
            "app_uncached": Gunicorn("app:server", {**data, "REFORM_CONFIG": str(no_cache)}, workdir, tag="uncached"),
            "bare": Gunicorn("benchmarks.bare_app:server", {"BENCH_FIGURE": str(figure_file)}, workdir),
        }
        try:
            for server in servers.values():
                server.start(timeout=600)
            bodies = {name: chart_body(server.dependencies, search) for name, server in servers.items()}
            found: dict = {}
            for name, server in servers.items():
                load(server.port, bodies[name], WARMUP_S)  # every worker thread has answered once
                cpu = server.cpu_seconds()
                found[name] = load(server.port, bodies[name], seconds)
                found[name]["server_cpu_per_request"] = (server.cpu_seconds() - cpu) / max(1, found[name]["requests"])
            found["memory"] = servers["app"].memory()
            found["bare_memory"] = servers["bare"].memory()
            found["seconds"] = seconds
            return found
        finally:
            for server in servers.values():
                server.stop()


# --- the suite --------------------------------------------------------------------------------------


def run(scale: ScaleRun) -> list[Measurement]:
    """Every app-side measure at one scale."""
    dataset = indicators.load_dataset(scale.data_dir)
    ids = chart_view(dataset)
    fixed_ids = chart_view(indicators.load_dataset(DATA_DIR))
    search = f"?tab=chart&ind={','.join(ids)}"
    points = view_points(dataset, ids)
    count = sum(len(x) for _, x, _ in points)
    from layouts.charts.labels import chart_title

    title = chart_title(dataset, ids, "zh")
    with serving(scale.data_dir) as app:
        client = app.server.test_client()
        dependencies = client.get("/_dash-dependencies").get_json()
        body = chart_body(dependencies, search)
        answer = json.loads(client.post(CALLBACK_PATH, data=body, content_type="application/json").get_data())
        figure = answer["response"]["chart"]["figure"]
        figure_json = json.dumps(figure)
        floors = {"floor": lambda: same_figure_floor(figure), "points_floor": lambda: floor_figure(points, title)}
        timing = chart_callback(scale, client, body, floors)
        sent = bytes_sent(client, ids, fixed_ids)
        png = png_export(scale, client, ids)
    served = throughput(scale, search, figure_json)
    return measurements(scale.name, (ids, fixed_ids), count, timing, served, png, sent)


def _mb(value: float) -> str:
    return f"{value:.0f} MB"


def measurements(
    name: str,
    views: tuple[tuple[str, ...], tuple[str, ...]],
    count: int,
    timing: dict,
    served: dict,
    png: dict,
    sent: dict,
) -> list[Measurement]:
    """The rows of one scale (``views``: the scale's and the article's)."""
    ids, fixed_ids = views
    app, floor, points, cached = timing["app"], timing["floor"], timing["points_floor"], timing["cached"]
    view = f"{len(ids)} indicators, {count:,} values"
    rows = [
        Measurement(
            name,
            "chart_callback",
            f"chart callback server time p50, answer computed, in-process test client ({timing['count']} requests;"
            f" {view})",
            app["p50"],
            "s",
            floor["p50"],
            "the same figure built with go.Figure + to_json, p50",
            f"p95 {app['p95'] * 1e3:.1f} ms (floor {floor['p95'] * 1e3:.1f} ms); "
            f"answer {timing['bytes'] / 1e3:.0f} kB; view {','.join(ids)}; the page callback's answer to a new "
            "URL (the chart, the list under it, the view's header, tabs and notices, the controls), the view's "
            "rows and labels prepared (kept per data version)",
            app["wall_p50"],
        ),
        Measurement(
            name,
            "chart_callback_p95",
            "chart callback server time p95, answer computed",
            app["p95"],
            "s",
            floor["p95"],
            "same-figure floor p95",
            f"wall p95 {app['wall_p95'] * 1e3:.1f} ms",
            app["wall_p95"],
        ),
        Measurement(
            name,
            "chart_callback_points",
            "chart callback p50, answer computed, against a stricter floor (for reference)",
            app["p50"],
            "s",
            points["p50"],
            "only the points as go.Scatter traces + to_json, p50",
            "this floor leaves out what the chart adds to the points: hover texts with quotes, spans, "
            "qualifier marks, milestones, the list of sources under the chart",
            app["wall_p50"],
        ),
        Measurement(
            name,
            "chart_callback_cached",
            "chart callback p50, the same view asked again (answer kept by the worker)",
            cached["p50"],
            "s",
            floor["p50"],
            "same-figure floor p50",
            f"p95 {cached['p95'] * 1e3:.2f} ms" + ("" if timing["cache"] else "; the answer cache is off in config"),
            cached["wall_p50"],
        ),
    ]
    ours, uncached, bare = served["app"], served["app_uncached"], served["bare"]

    def load_note(found: dict) -> str:
        return (
            f"p95 {found['p95'] * 1e3:.0f} ms (bare {bare['p95'] * 1e3:.0f}); errors {found['errors']} (bare "
            f"{bare['errors']}); server CPU {found['server_cpu_per_request'] * 1e3:.1f} ms/request (bare "
            f"{bare['server_cpu_per_request'] * 1e3:.1f})"
        )

    rows += [
        Measurement(
            name,
            "throughput",
            f"chart callback throughput, gunicorn {WORKERS} workers, {CLIENTS} clients, {served['seconds']:g} s "
            "(as configured: each worker keeps its answers)",
            ours["per_s"],
            "req/s",
            bare["per_s"],
            "bare Dash app, prebuilt figure",
            load_note(ours),
        ),
        Measurement(
            name,
            "throughput_uncached",
            "the same with answer_cache_mb: 0 (every answer computed)",
            uncached["per_s"],
            "req/s",
            bare["per_s"],
            "bare Dash app, prebuilt figure",
            load_note(uncached),
        ),
    ]
    memory, bare_memory = served["memory"], served["bare_memory"]
    largest = max(memory, key=lambda p: p["hwm"])
    per_process = ", ".join(f"{p['role']} {p['hwm']:.0f}" for p in memory)
    rows += [
        Measurement(
            name,
            "server_rss",
            "peak RSS of the largest server process (VmHWM after the throughput run)",
            largest["hwm"],
            "MB",
            max(p["hwm"] for p in bare_memory),
            "the bare Dash app's largest process (no data)",
            note=f"VmHWM MB: {per_process}; mapped snapshot pages count in every process that touched them",
        ),
        Measurement(
            name,
            "server_pss",
            "PSS of the server, master and workers added up (after the throughput run)",
            sum(p["pss"] for p in memory),
            "MB",
            sum(p["pss"] for p in bare_memory),
            "the bare Dash app's, the same way",
            note="PSS shares each page among the processes that map it: what the machine spends",
        ),
        Measurement(
            name,
            "server_rss_total",
            "peak RSS of the server, master and workers added up",
            sum(p["hwm"] for p in memory),
            "MB",
            note=f"counts shared pages in each process; PSS now {sum(p['pss'] for p in memory):.0f} MB, "
            f"RSS now {sum(p['rss'] for p in memory):.0f} MB",
        ),
    ]
    if "error" in png:
        rows.append(Measurement(name, "png_export", "warm PNG export", None, "s", note=png["error"]))
    else:
        rows.append(
            Measurement(
                name,
                "png_export",
                f"warm PNG export, GET /chart/<view>.png in-process (median of {png['count']}; value is wall clock)",
                png["wall"],
                "s",
                png["drawing"],
                "the browser drawing it (kaleido's profile: script call to answer), median",
                note=f"drawn by Chromium (kaleido); CPU of the app {png['cpu'] * 1e3:.0f} ms; first image (browser "
                f"start) {png['first']:.1f} s; {png['bytes'] / 1e3:.0f} kB; back to back, so an image may wait "
                "for the tab's periodic reload",
            )
        )
    browser, identity = sent["browser"], sent["identity"]
    first, plain = browser["first_page"], identity["first_page"]
    biggest = max(first, key=first.get)
    dynamic = sum(v for k, v in first.items() if k.startswith(("POST", "/_dash-layout", "/_dash-dependencies", "/?")))
    rows += [
        Measurement(
            name,
            "bytes_first_page",
            f"bytes sent for the first page of the view ({len(first)} requests, as a browser asks)",
            sum(first.values()),
            "B",
            sum(plain.values()),
            "uncompressed",
            f"largest {biggest.rsplit('/', 1)[-1]} {first[biggest] / 1e3:.0f} kB; HTML, layout, dependencies and "
            f"callbacks {dynamic / 1e3:.1f} kB",
        ),
        Measurement(
            name,
            "bytes_chart_update",
            f"bytes sent for one chart update of the view ({count:,} values)",
            browser["update"],
            "B",
            identity["update"],
            "uncompressed",
            f"{identity['update'] / count:.0f} B a value uncompressed",
        ),
        Measurement(
            name,
            "bytes_chart_update_fixed",
            f"bytes sent for one chart update of the article's view (the same at every scale: {','.join(fixed_ids)})",
            browser["update_fixed"],
            "B",
            identity["update_fixed"],
            "uncompressed",
        ),
    ]
    return rows
