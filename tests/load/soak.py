"""Load, soak and faults against the app under gunicorn, on loopback, from one command.

    python -m tests.load.soak [--clients 50] [--seconds 60] [--out docs/reliability.md]

It starts its own gunicorn from the repository root (``-c gunicorn.conf.py --no-control-socket -w 2
-b 127.0.0.1:<free port> app:server``, on ``data/``), waits for ``/healthz`` and runs, in order:

1. **soak**: N client threads for T seconds, each with one keep-alive connection, picking actions by
   weight: a page load (the HTML, which holds the view's layout and the callbacks: a browser asks
   nothing more but the static files), a change of view (the page callback, a body built from
   ``/_dash-dependencies``, as a link or a control sends it),
   a CSV download, or a chart image (each image costs Chromium about a second, so they are fewer).
   Every answer is checked (status, type, body); latency is recorded per kind and per endpoint.
2. **worker-kill**: the same load; a quarter of the way in, one gunicorn worker gets SIGKILL. Errors
   while it is being replaced are listed one by one; none may happen outside that window.
3. **chromium-kill**, without load: every worker's Chromium (kaleido's browser process) is killed,
   then images are asked for until every worker has a new browser; the same with only the renderer
   processes (a crashed tab). The first image after each kill must succeed.
4. After each fault, one request of every kind must succeed.

The RSS of the master, the workers and everything they started (Chromium, including the crash
handlers Chromium re-parents to init, found by an environment marker) is sampled every second.
"Memory flat" compares the median RSS over the five seconds after warm-up with the median over the
last five seconds of the soak. The gunicorn process gets a private TMPDIR, so files Chromium leaves
behind are counted at the end.

Results go between markers in ``--out`` (the rest of the file is left alone) and, with ``--json``,
as data. Exit status: 0 when every target was met (no errors under load, memory growth under 10%,
the service answered after each fault), 1 when one was missed, 2 when the server did not start.
Only the standard library is used for the clients (threads and ``http.client``).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import platform
import random
import runpy
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

from benchmarks.local_server import free_port, wait_until_answers

ROOT = Path(__file__).resolve().parents[2]
BEGIN = "<!-- soak:begin: written by `python -m tests.load.soak`; edit outside these markers -->"
END = "<!-- soak:end -->"
KINDS = ("page", "callback", "csv", "image")
DEFAULT_MIX = "page=30,callback=40,csv=25,image=5"
MARKER_VAR = "REFORM_SOAK_RUN"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
BOM = b"\xef\xbb\xbf"
#: Connection failures a browser retries once on a fresh connection when a reused one fails before
#: any answer (the server closed an idle keep-alive connection, or its worker died).
RETRYABLE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError, ConnectionAbortedError)
MEMORY_TARGET = 0.10
T0 = time.monotonic()


def now() -> float:
    """Seconds since the script started (every time in the report is on this clock)."""
    return time.monotonic() - T0


# --- processes ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Proc:
    """One line of ``/proc/<pid>/stat``: what the sampler needs."""

    pid: int
    ppid: int
    comm: str
    rss_kb: int
    start: int
    cpu_ticks: int  # user + system time


_PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def read_procs() -> dict[int, Proc]:
    """Every process on the machine, from /proc."""
    procs = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as file:
                raw = file.read()
        except OSError:
            continue
        close = raw.rfind(b")")
        fields = raw[close + 2 :].split()
        # Fields after the name, from field 3 (state): ppid 4, utime 14, stime 15, starttime 22, rss 24.
        procs[int(name)] = Proc(
            int(name), int(fields[1]), raw[raw.find(b"(") + 1 : close].decode(errors="replace"),
            int(fields[21]) * _PAGE_KB, int(fields[19]), int(fields[11]) + int(fields[12]),
        )  # fmt: skip
    return procs


def descendants(procs: dict[int, Proc], root: int) -> list[int]:
    """``root``'s children, their children, and so on (not ``root``)."""
    children: dict[int, list[int]] = {}
    for proc in procs.values():
        children.setdefault(proc.ppid, []).append(proc.pid)
    found, todo = [], list(children.get(root, []))
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def cmdline(pid: int) -> list[str]:
    """The process's arguments, or [] when it is gone."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as file:
            return [part.decode(errors="replace") for part in file.read().split(b"\0") if part]
    except OSError:
        return []


def pss_kb(pid: int) -> int:
    """Proportional set size: shared pages split between the processes sharing them."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as file:
            for line in file:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def is_browser(pid: int) -> bool:
    """Chromium's browser process (not a zygote, renderer or helper)."""
    # Chromium's child processes rewrite their title, so the arguments may come as one string.
    line = " ".join(cmdline(pid))
    return line.split(" ", 1)[0].endswith("/chromium") and "--type=" not in line


def is_renderer(pid: int) -> bool:
    """A Chromium renderer (kaleido draws in one)."""
    return "--type=renderer" in " ".join(cmdline(pid))


# --- the server -----------------------------------------------------------------------------------


class Server:
    """A gunicorn serving ``app:server`` from the repository root, with its log and a private TMPDIR."""

    def __init__(self, workers: int, extra_args: list[str], workdir: Path) -> None:
        self.port = free_port()
        self.marker = f"{MARKER_VAR}={uuid.uuid4().hex}".encode()
        self.tmpdir = workdir / "tmp"
        self.tmpdir.mkdir(parents=True, exist_ok=True)
        self.log_path = workdir / "gunicorn.log"
        self.args = [
            sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--no-control-socket",
            "-w", str(workers), "-b", f"127.0.0.1:{self.port}", *extra_args, "app:server",
        ]  # fmt: skip
        self.command = " ".join(["gunicorn", *self.args[3:]])
        self.proc: subprocess.Popen | None = None
        self._marked: dict[tuple[int, int], bool] = {}

    @property
    def pid(self) -> int:
        """The master's process id."""
        assert self.proc is not None, "the server was not started"
        return self.proc.pid

    def start(self, timeout: float = 90) -> None:
        """Start gunicorn and wait until ``/healthz`` answers 200.

        Raises:
            ServerStartError: When it exits or does not answer in time (its log is in the message).
        """
        env = {k: v for k, v in os.environ.items() if k not in ("WEB_CONCURRENCY", "GUNICORN_THREADS", "REFORM_DEBUG")}
        name, value = self.marker.decode().split("=", 1)
        env.update({"TMPDIR": str(self.tmpdir), "REFORM_DATA_DIR": str(ROOT / "data"), name: value})
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(self.args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        wait_until_answers(
            f"http://127.0.0.1:{self.port}/healthz", self.proc, self.log_path, timeout, lambda status, _: status == 200
        )

    def stop(self) -> dict:
        """Stop gracefully (SIGTERM), then report what it left behind: processes and temporary files."""
        if self.proc is None:
            return {}
        started = time.monotonic()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        stop_s = time.monotonic() - started
        time.sleep(2)  # Chromium's helpers exit a moment after their browser
        left = [pid for pid in read_procs() if self.marked(pid)]
        for pid in left:  # ours, found by the marker in their environment
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        files = [p for p in self.tmpdir.rglob("*") if p.is_file() or p.is_symlink()]
        size = sum(p.lstat().st_size for p in files)
        top = sorted(p.name for p in self.tmpdir.iterdir())
        return {
            "stop_seconds": round(stop_s, 1),
            "processes_left": [(pid, " ".join(cmdline(pid))[:80]) for pid in left],
            "tmp_entries_left": top,
            "tmp_files_left": len(files),
            "tmp_bytes_left": size,
        }

    def marked(self, pid: int) -> bool:
        """Whether a process belongs to this server (the marker is in its environment)."""
        try:
            with open(f"/proc/{pid}/stat", "rb") as file:
                key = (pid, int(file.read().rsplit(b")", 1)[1].split()[19]))
        except (OSError, IndexError, ValueError):
            return False
        if key not in self._marked:
            try:
                with open(f"/proc/{pid}/environ", "rb") as file:
                    self._marked[key] = self.marker in file.read().split(b"\0")
            except OSError:
                self._marked[key] = False
        return self._marked[key]

    def workers(self, procs: dict[int, Proc] | None = None) -> list[int]:
        """The workers' pids (the master's children)."""
        procs = procs if procs is not None else read_procs()
        return sorted(p.pid for p in procs.values() if p.ppid == self.pid)

    def browsers(self) -> dict[int, list[int]]:
        """Per worker, the pids of its Chromium browser processes (none before its first image)."""
        procs = read_procs()
        return {w: [p for p in descendants(procs, w) if is_browser(p)] for w in self.workers(procs)}

    def renderers(self) -> dict[int, list[int]]:
        """Per worker, the pids of its Chromium renderer processes."""
        procs = read_procs()
        return {w: [p for p in descendants(procs, w) if is_renderer(p)] for w in self.workers(procs)}

    def log_size(self) -> int:
        """Bytes written to the log so far (phases are slices of the log)."""
        return self.log_path.stat().st_size

    def log_summary(self, start: int, end: int | None = None) -> dict:
        """What the log says between two offsets: answers by status, worker restarts, errors."""
        with open(self.log_path, "rb") as file:
            file.seek(start)
            text = file.read(None if end is None else end - start).decode(errors="replace")
        statuses: dict[str, int] = {}
        events = {"booted": 0, "autorestarts": 0, "exited": 0, "timeouts": 0, "errors": 0, "chromium_restarts": 0}
        error_lines = []
        for line in text.splitlines():
            if line.startswith("{"):
                with contextlib.suppress(ValueError, KeyError):
                    status = str(json.loads(line)["status"])
                    statuses[status] = statuses.get(status, 0) + 1
                continue
            events["booted"] += "Booting worker" in line
            events["autorestarts"] += "Autorestarting worker" in line
            events["exited"] += "Worker exiting" in line
            events["timeouts"] += "WORKER TIMEOUT" in line
            events["chromium_restarts"] += "restarting Chromium" in line
            if "[ERROR]" in line or "Traceback" in line or "Error" in line:
                events["errors"] += 1
                error_lines.append(line[:200])
        return {"statuses": dict(sorted(statuses.items())), **events, "error_lines": error_lines[:10]}


# --- memory ---------------------------------------------------------------------------------------


@dataclass
class Sample:
    """Memory of the whole server at one moment (kB)."""

    t: float
    phase: str
    rss: int
    pss: int
    master: int
    workers: int
    chromium: int
    other: int
    processes: int
    worker_pids: list[int]
    browsers: list[int]  # Chromium browser processes per worker, in the order of worker_pids
    cpu: dict[str, float]  # CPU seconds since the previous sample: server parts, this script, the machine


class Sampler(threading.Thread):
    """Samples the server's memory every second until stopped."""

    def __init__(self, server: Server, interval: float = 1.0) -> None:
        super().__init__(name="memory-sampler", daemon=True)
        self.server, self.interval = server, interval
        self.samples: list[Sample] = []
        self.phase = "start"
        self._stop_event = threading.Event()
        self._ticks: dict[tuple[int, int], int] = {}
        self._machine: tuple[int, int] | None = None
        self._hz = os.sysconf("SC_CLK_TCK")

    def _cpu(self, procs: dict[int, Proc], groups: dict[str, Iterable[int]]) -> dict[str, float]:
        """CPU seconds per group since the last sample (processes that ended meanwhile are missed)."""
        ticks, used = {}, {}
        for name, pids in groups.items():
            total = 0
            for pid in pids:
                proc = procs.get(pid)
                if proc is None:
                    continue
                key = (pid, proc.start)
                ticks[key] = proc.cpu_ticks
                total += proc.cpu_ticks - self._ticks.get(key, proc.cpu_ticks)
            used[name] = total / self._hz
        self._ticks = ticks
        with open("/proc/stat") as file:
            values = [int(v) for v in file.readline().split()[1:]]
        idle, total = values[3] + values[4], sum(values[:8])
        if self._machine is not None:
            used["machine_busy"] = (total - idle - self._machine[1] + self._machine[0]) / self._hz
            used["machine_total"] = (total - self._machine[1]) / self._hz
        self._machine = (idle, total)
        return used

    def sample(self) -> Sample:
        """One sample: master, workers (Python), Chromium and helpers, anything else marked as ours."""
        procs = read_procs()
        master = self.server.pid
        workers = self.server.workers(procs)
        tree = set(descendants(procs, master))
        others = [p for p in procs if p not in tree and p != master and self.server.marked(p)]
        chromium = tree.difference(workers)
        pids = [master, *tree, *others]
        rss = {pid: procs[pid].rss_kb for pid in pids if pid in procs}
        cpu = self._cpu(
            procs,
            {"master": [master], "workers": workers, "chromium": [*chromium, *others], "load_generator": [os.getpid()]},
        )
        return Sample(
            t=round(now(), 2),
            phase=self.phase,
            rss=sum(rss.values()),
            pss=sum(pss_kb(pid) for pid in rss),
            master=rss.get(master, 0),
            workers=sum(rss.get(w, 0) for w in workers),
            chromium=sum(rss.get(p, 0) for p in chromium),
            other=sum(rss.get(p, 0) for p in others),
            processes=len(rss),
            worker_pids=workers,
            browsers=[sum(is_browser(p) for p in descendants(procs, w)) for w in workers],
            cpu=cpu,
        )

    def run(self) -> None:
        """Sample until :meth:`stop`."""
        while not self._stop_event.is_set():
            started = time.monotonic()
            with contextlib.suppress(Exception):
                self.samples.append(self.sample())
            self._stop_event.wait(max(0.0, self.interval - (time.monotonic() - started)))

    def stop(self) -> None:
        """Stop sampling."""
        self._stop_event.set()
        self.join(5)


# --- requests -------------------------------------------------------------------------------------


@dataclass
class Result:
    """One request: what was asked, when (seconds on the script's clock), how long, and what went wrong."""

    kind: str
    endpoint: str
    path: str
    start: float
    duration: float
    status: int | None
    error: str | None = None
    retried: str | None = None  # a failed first attempt on a reused connection, retried on a fresh one

    @property
    def ok(self) -> bool:
        """Answered 2xx with the expected body."""
        return self.error is None


Check = Callable[[int, str, bytes], str | None]


@dataclass(frozen=True)
class Request:
    """One HTTP request of an action, with the check its answer must pass."""

    endpoint: str
    method: str
    path: str
    body: bytes | None
    check: Check


class Client:
    """One simulated user: one keep-alive connection, reopened when the server closes it."""

    def __init__(self, port: int, timeout: float) -> None:
        self.port, self.timeout = port, timeout
        self.connection: http.client.HTTPConnection | None = None

    def close(self) -> None:
        """Close the connection."""
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def send(self, kind: str, request: Request) -> Result:
        """Send one request (retrying once, like a browser, when a reused connection was closed)."""
        headers = {"Accept-Encoding": "identity", "User-Agent": "reform-soak"}
        if request.body is not None:
            headers["Content-Type"] = "application/json"
        started = time.monotonic()
        retried = None
        for _attempt in (1, 2):
            reused = self.connection is not None
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            answered = False
            try:
                self.connection.request(request.method, request.path, request.body, headers)
                response = self.connection.getresponse()
                answered = True
                data = response.read()
                if response.will_close:
                    self.close()
            except RETRYABLE as exc:
                self.close()
                if reused and not answered and retried is None:
                    retried = f"{type(exc).__name__} after {time.monotonic() - started:.2f} s"
                    continue
                return self._result(kind, request, started, None, f"connection: {type(exc).__name__}", retried)
            except TimeoutError:
                self.close()
                return self._result(kind, request, started, None, f"timeout ({self.timeout:g} s)", retried)
            except (OSError, http.client.HTTPException) as exc:
                self.close()
                return self._result(kind, request, started, None, f"connection: {type(exc).__name__}", retried)
            content_type = response.getheader("Content-Type", "")
            if not 200 <= response.status < 300:
                error = f"status {response.status}: {' '.join(data[:200].decode(errors='replace').split())[:80]}"
            else:
                error = request.check(response.status, content_type, data)
            return self._result(kind, request, started, response.status, error, retried)
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def _result(kind: str, request: Request, started: float, status, error, retried) -> Result:
        return Result(
            kind, request.endpoint, request.path, round(started - T0, 4),
            round(time.monotonic() - started, 4), status, error, retried,
        )  # fmt: skip


def _json(data: bytes):
    try:
        return json.loads(data)
    except ValueError:
        return None


def check_html(_status: int, content_type: str, data: bytes) -> str | None:
    """The Dash page: HTML with Dash's config, the React root and the view's layout inline."""
    if not content_type.startswith("text/html") or b'id="react-entry-point"' not in data or b"_dash-config" not in data:
        return "body: not the Dash page"
    return None if b'id="reform-dash-layout"' in data else "body: no layout in the page"


def check_chart_callback(_status: int, _content_type: str, data: bytes) -> str | None:
    """The page callback's answer for a chart view holds a figure with traces and a title."""
    body = _json(data)
    figure = (body or {}).get("response", {}).get("chart", {}).get("figure") if isinstance(body, dict) else None
    if not isinstance(figure, dict) or not figure.get("data") or not figure.get("layout", {}).get("title"):
        return "body: no figure"
    return None


def check_csv(_status: int, content_type: str, data: bytes) -> str | None:
    """A CSV with a BOM and the expected first column."""
    if not content_type.startswith("text/csv") or not data.startswith(BOM):
        return "body: not a CSV with a BOM"
    if not (data[3:].startswith(b"indicator_id") or data[3:].startswith(b"period")):
        return "body: unexpected CSV header"
    return None


def check_png(_status: int, content_type: str, data: bytes) -> str | None:
    """A PNG image."""
    return None if content_type == "image/png" and data.startswith(PNG_MAGIC) else "body: not a PNG"


def callback_body(dependency: dict, inputs: dict[str, object], state: dict[str, object]) -> dict:
    """A ``/_dash-update-component`` body as the Dash renderer sends it, for a callback listed by
    ``/_dash-dependencies`` with string ids (``..a.b...c.d..`` outputs)."""
    spec = dependency["output"]
    parts = spec[2:-2].split("...") if spec.startswith("..") else [spec]
    outputs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in parts]

    def props(items: list[dict], values: dict[str, object]) -> list[dict]:
        return [{**item, "value": values.get(f"{item['id']}.{item['property']}")} for item in items]

    return {
        "output": spec,
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": props(dependency["inputs"], inputs),
        "changedPropIds": list(inputs),
        "state": props(dependency["state"], state),
    }


@dataclass
class Workload:
    """What the clients ask for, built from the running app: its indicators and its callbacks."""

    indicators: list[str]
    chart_callback: dict
    weights: dict[str, float]

    @classmethod
    def discover(cls, port: int, weights: dict[str, float]) -> Workload:
        """Read the indicator ids from ``/_dash-layout`` and the callbacks from ``/_dash-dependencies``."""
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/_dash-layout")
        layout = json.loads(connection.getresponse().read())
        connection.request("GET", "/_dash-dependencies")
        dependencies = json.loads(connection.getresponse().read())
        connection.close()
        indicators = []

        def walk(node) -> None:
            if isinstance(node, dict):
                if node.get("props", {}).get("id") == "indicator-options":  # every option (the dropdown's store)
                    indicators.extend(option["value"] for option in node["props"]["data"])
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(layout)
        chart = next(d for d in dependencies if "...chart.figure..." in d["output"])
        assert indicators, "the indicator options of /_dash-layout list no indicators"
        return cls(indicators, chart, weights)

    def chart_request(self, search: str) -> Request:
        """The page callback drawing the chart of a URL's query string (a link to a chart view)."""
        body = callback_body(self.chart_callback, {"url.search": search}, {})
        return Request(
            "update_page (chart)", "POST", "/_dash-update-component", json.dumps(body).encode(), check_chart_callback
        )

    def image_request(self, rng: random.Random) -> Request:
        """A chart image of one indicator."""
        path = f"/chart/{rng.choice(self.indicators)}.png?lang={rng.choice(['zh', 'en'])}"
        return Request("/chart/<id>.png", "GET", path, None, check_png)

    def action(self, rng: random.Random, kind: str | None = None) -> tuple[str, list[Request]]:
        """One user action: a kind (drawn by weight unless given) and the requests it makes, in order."""
        kind = kind or rng.choices(list(self.weights), list(self.weights.values()))[0]
        ind = rng.choice(self.indicators)
        if kind == "page":
            search = rng.choice(
                ["", "?lang=en", f"?tab=chart&ind={ind}", f"?tab=chart&ind={ind}&lang=en", f"?tab=table&ind={ind}"]
            )
            # The page holds its view: no layout, dependencies or callback request follows (server.first_view).
            return kind, [Request("/ (HTML)", "GET", "/" + search, None, check_html)]
        if kind == "callback":
            ids = ",".join(rng.sample(self.indicators, rng.choice([1, 1, 1, 2, 3])))
            search = f"?tab=chart&ind={ids}" + rng.choice(["", "&lang=en", "&from=2020", "&view=before-after"])
            return kind, [self.chart_request(search)]
        if kind == "csv":
            if rng.random() < 0.5:
                return kind, [Request("/data/observations.csv", "GET", "/data/observations.csv", None, check_csv)]
            path = f"/data/{ind}.csv?layout=wide&lang=en"
            return kind, [Request("/data/<id>.csv?layout=wide", "GET", path, None, check_csv)]
        return kind, [self.image_request(rng)]

    def one_of_each(self) -> list[tuple[str, Request]]:
        """One request of every kind, to check that the service answers."""
        ind = self.indicators[0]
        return [
            ("page", Request("/ (HTML)", "GET", f"/?tab=chart&ind={ind}", None, check_html)),
            ("callback", self.chart_request(f"?tab=chart&ind={ind}")),
            ("csv", Request("/data/observations.csv", "GET", "/data/observations.csv", None, check_csv)),
            ("image", Request("/chart/<id>.png", "GET", f"/chart/{ind}.png", None, check_png)),
        ]


def run_load(port: int, workload: Workload, clients: int, seconds: float, timeout: float, seed: int) -> list[Result]:
    """``clients`` threads sending actions back to back for ``seconds``; every request's result."""
    results: list[Result] = []
    deadline = time.monotonic() + seconds

    def user(index: int) -> None:
        rng = random.Random(seed * 1000 + index)
        client = Client(port, timeout)
        # Client n starts with the n-th kind, so even a short run with few clients measures every kind.
        first: str | None = list(workload.weights)[index % len(workload.weights)]
        try:
            while time.monotonic() < deadline:
                kind, requests = workload.action(rng, first)
                first = None
                for request in requests:
                    results.append(client.send(kind, request))
        finally:
            client.close()

    threads = [threading.Thread(target=user, args=(i,), name=f"client-{i}") for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def one_request(port: int, kind: str, request: Request, timeout: float) -> Result:
    """One request on a connection of its own."""
    client = Client(port, timeout)
    try:
        return client.send(kind, request)
    finally:
        client.close()


def service_answers(port: int, workload: Workload, timeout: float) -> list[Result]:
    """One request of every kind on a fresh connection."""
    client = Client(port, timeout)
    try:
        return [client.send(kind, request) for kind, request in workload.one_of_each()]
    finally:
        client.close()


# --- statistics -----------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100) of unsorted values."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))]


def latency_table(results: Iterable[Result], key: Callable[[Result], str], span: float, after: float) -> list[dict]:
    """Per group: requests, errors, retries, percentiles (ms), requests per second, p95 after warm-up."""
    groups: dict[str, list[Result]] = {}
    for result in results:
        groups.setdefault(key(result), []).append(result)
    rows = []
    for name, group in groups.items():
        times = [r.duration * 1000 for r in group]
        warm = [r.duration * 1000 for r in group if r.start >= after] or times
        rows.append(
            {
                "name": name,
                "requests": len(group),
                "errors": sum(not r.ok for r in group),
                "retried": sum(r.retried is not None for r in group),
                "p50": percentile(times, 50),
                "p95": percentile(times, 95),
                "p99": percentile(times, 99),
                "max": max(times),
                "p95_warm": percentile(warm, 95),
                "per_s": len(group) / span if span else 0.0,
            }
        )
    return rows


#: Shortest stretch between the warm-up window and the end window for a growth figure to mean anything.
MIN_SOAK_FOR_GROWTH_S = 20


def memory_summary(samples: list[Sample], start: float, end: float, warmup: float) -> dict:
    """Memory over a phase: start, after warm-up (median of 5 s), peak, end (median of the last 5 s).

    A worker restarted during the phase (``max_requests``) takes its Chromium with it, which says
    nothing about growth: then *end* is the 5 s before the first restart (a browser gone, or a worker
    replaced), and growth is None when that leaves less than ``MIN_SOAK_FOR_GROWTH_S`` to compare.
    """
    phase = [s for s in samples if start <= s.t <= end]
    if not phase:
        return {}
    base_window = [s for s in phase if start + warmup <= s.t <= start + warmup + 5] or phase[:1]
    later = [s for s in phase if s.t > base_window[-1].t]
    restart = next(
        (
            now_
            for before, now_ in zip([base_window[-1], *later], later, strict=False)
            if now_.worker_pids != base_window[-1].worker_pids or sum(now_.browsers) < sum(before.browsers)
        ),
        None,
    )
    stop = end if restart is None else max(s.t for s in phase if s.t < restart.t)
    end_window = [s for s in phase if stop - 5 <= s.t <= stop] or phase[-1:]
    comparable = stop - base_window[-1].t >= MIN_SOAK_FOR_GROWTH_S
    summary: dict = {
        "windows": {
            "after_warmup": [base_window[0].t - start, base_window[-1].t - start],
            "end": [end_window[0].t - start, end_window[-1].t - start],
            "first_restart": None if restart is None else restart.t - start,
        }
    }
    for name in ("rss", "pss", "master", "workers", "chromium", "other"):
        base = statistics.median(getattr(s, name) for s in base_window)
        last = statistics.median(getattr(s, name) for s in end_window)
        summary[name] = {
            "start": getattr(phase[0], name),
            "after_warmup": base,
            "peak": max(getattr(s, name) for s in phase),
            "end": last,
            "growth": (last - base) / base if base and comparable else None,
        }
    summary["processes"] = {"start": phase[0].processes, "peak": max(s.processes for s in phase)}
    summary["processes"]["end"] = phase[-1].processes
    return summary


def cpu_summary(samples: list[Sample], start: float, end: float) -> dict:
    """CPU seconds over a phase and shares of the machine's capacity (cores x seconds)."""
    phase = [s for s in samples if start < s.t <= end + 1]
    totals: dict[str, float] = {}
    for sample in phase:
        for name, value in sample.cpu.items():
            totals[name] = totals.get(name, 0.0) + value
    capacity = totals.pop("machine_total", 0.0)
    busy = totals.pop("machine_busy", 0.0)
    if not capacity:
        return {}
    parts = {name: totals.get(name, 0.0) for name in ("workers", "chromium", "master", "load_generator")}
    parts["other processes"] = max(0.0, busy - sum(parts.values()))
    parts["idle"] = max(0.0, capacity - busy)
    return {"capacity_s": capacity, "seconds": parts, "share": {k: v / capacity for k, v in parts.items()}}


# --- phases ---------------------------------------------------------------------------------------


def soak_phase(server: Server, sampler: Sampler, workload: Workload, args) -> dict:
    """N clients for T seconds."""
    sampler.phase = "soak"
    offset, start = server.log_size(), now()
    results = run_load(server.port, workload, args.clients, args.seconds, args.timeout, args.seed)
    end = now()
    time.sleep(1.5)  # one more memory sample at the end of the phase
    return {
        "start": start,
        "end": end,
        "results": results,
        "log": server.log_summary(offset),
        "memory": memory_summary(sampler.samples, start, end, args.warmup),
        "cpu": cpu_summary(sampler.samples, start, end),
    }


def worker_kill_phase(server: Server, sampler: Sampler, workload: Workload, args) -> dict:
    """The same load; one worker gets SIGKILL a quarter of the way in; gunicorn must replace it."""
    sampler.phase = "worker-kill"
    offset, start = server.log_size(), now()
    results: list[Result] = []
    loader = threading.Thread(
        target=lambda: results.extend(
            run_load(server.port, workload, args.clients, args.fault_seconds, args.timeout, args.seed + 1)
        ),
        name="worker-kill-load",
    )
    loader.start()
    time.sleep(args.fault_seconds / 4)
    before = server.workers()
    browsers = server.browsers()
    victim = next((w for w in before if browsers.get(w)), before[0])  # one with a Chromium, when there is one
    victim_tree = descendants(read_procs(), victim)
    os.kill(victim, signal.SIGKILL)
    killed_at = now()
    replacement, replaced_at = None, None
    while now() - killed_at < 30:
        current = server.workers()
        new = [w for w in current if w not in before]
        if new and len(current) == len(before):
            replacement, replaced_at = new[0], now()
            break
        time.sleep(0.05)
    loader.join()
    end = now()
    time.sleep(3)
    survivors = [pid for pid in victim_tree if pid in read_procs()]
    window_end = (replaced_at if replaced_at is not None else end) + 1.0
    in_window = [r for r in results if r.start <= window_end and r.start + r.duration >= killed_at]
    errors = [r for r in results if not r.ok]
    after = service_answers(server.port, workload, args.timeout)
    return {
        "start": start,
        "end": end,
        "results": results,
        "killed": victim,
        "killed_at": killed_at,
        "killed_had_chromium": bool(browsers.get(victim)),
        "replacement": replacement,
        "replaced_after": None if replaced_at is None else replaced_at - killed_at,
        "window": [killed_at, window_end],
        "in_flight_at_kill": sum(r.start <= killed_at <= r.start + r.duration for r in results),
        "requests_in_window": len(in_window),
        "errors_in_window": [asdict(r) for r in errors if r in in_window],
        "errors_outside_window": [asdict(r) for r in errors if r not in in_window],
        "retried_in_window": [asdict(r) for r in in_window if r.retried and r.ok],
        "ok_after_replacement": sum(r.ok for r in results if replaced_at and r.start > replaced_at),
        "victim_processes_left": len(survivors),
        "answered_after": [asdict(r) for r in after],
        "log": server.log_summary(offset),
    }


def _image_rounds(server: Server, workload: Workload, old: dict[int, list[int]], timeout: float, rounds: int):
    """Images asked for, one per worker at a time, until every worker's browser differs from ``old``."""
    results, rng = [], random.Random(7)
    for _ in range(rounds):
        current = server.browsers()
        if all(current.get(w) and current[w] != old.get(w) for w in current):
            break
        batch: list[Result] = []

        def image(into: list[Result] = batch) -> None:
            into.append(one_request(server.port, "image", workload.image_request(rng), timeout))

        threads = [threading.Thread(target=image) for _ in current]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        results.extend(batch)
    current = server.browsers()
    replaced = all(current.get(w) and current[w] != old.get(w) for w in current)
    return results, replaced


def chromium_kill_phase(server: Server, sampler: Sampler, workload: Workload, args) -> dict:
    """Without load: kill every worker's Chromium browser, then its renderers; images must still come."""
    sampler.phase = "chromium-kill"
    offset, start = server.log_size(), now()
    warmed, warm_ok = _image_rounds(server, workload, {}, args.timeout, 10)  # every worker gets a browser first
    cases = []
    for case, find in (("browser process", server.browsers), ("renderer processes", server.renderers)):
        old = server.browsers()
        targets = [pid for pids in find().values() for pid in pids]
        for pid in targets:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        killed_at = now()
        first = one_request(server.port, "image", workload.image_request(random.Random(1)), args.timeout)
        more, replaced = _image_rounds(server, workload, old, args.timeout, 6)
        cases.append(
            {
                "case": case,
                "killed": len(targets),
                "workers": len(old),
                "killed_at": killed_at,
                "next_image": asdict(first),
                "more_images": len(more),
                "more_errors": [asdict(r) for r in more if not r.ok],
                "more_max_s": max((r.duration for r in more), default=0.0),
                "new_browser_in_every_worker": replaced,
            }
        )
    after = service_answers(server.port, workload, args.timeout)
    return {
        "start": start,
        "end": now(),
        "warmed_every_worker": warm_ok,
        "warm_up_images": [asdict(r) for r in warmed],
        "cases": cases,
        "answered_after": [asdict(r) for r in after],
        "log": server.log_summary(offset),
    }


# --- report ---------------------------------------------------------------------------------------


def machine() -> dict:
    """Cores, memory, CPU model, system, and the versions that matter."""
    cpu = "unknown"
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as file:
        cpu = next((line.split(":", 1)[1].strip() for line in file if line.startswith("model name")), cpu)
    with open("/proc/meminfo") as file:
        mem_kb = int(next(line for line in file if line.startswith("MemTotal")).split()[1])
    versions = {}
    for name in ("gunicorn", "dash", "flask", "plotly", "kaleido", "choreographer", "pandas"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[name] = metadata.version(name)
    chromium = shutil.which("chromium")
    if chromium:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run([chromium, "--version"], capture_output=True, text=True, timeout=30).stdout
            versions["chromium"] = out.strip().split(" built")[0].removeprefix("Chromium ")
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "cpu": cpu,
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "versions": versions,
        "load_average_before": os.getloadavg(),
    }


def gunicorn_settings(workers: int, extra_args: list[str]) -> dict:
    """The settings gunicorn.conf.py gives, with the command line's workers (and extra arguments)."""
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    keys = ("worker_class", "threads", "timeout", "graceful_timeout", "keepalive", "max_requests")
    settings = {key: conf.get(key) for key in keys}
    settings.update(
        workers=workers, max_requests_jitter=conf.get("max_requests_jitter"), preload_app=conf.get("preload_app")
    )
    if extra_args:
        settings["extra arguments"] = " ".join(extra_args)
    return settings


def _ms(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:.1f}"


def _mb(kb: float) -> str:
    return f"{kb / 1024:,.0f}"


def _table(rows: list[dict], label: str) -> list[str]:
    lines = [
        f"| {label} | requests | errors | retried | p50 ms | p95 ms | p99 ms | max ms | p95 after warm-up | req/s |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['name']} | {row['requests']:,} | {row['errors']} | {row['retried']} | {_ms(row['p50'])} | "
            f"{_ms(row['p95'])} | {_ms(row['p99'])} | {_ms(row['max'])} | {_ms(row['p95_warm'])} | {row['per_s']:.1f} |"
        )
    return lines


def _result_line(result: dict, origin: float) -> str:
    outcome = result["error"] or f"{result['status']}"
    retried = f" (first attempt: {result['retried']}, retried)" if result["retried"] else ""
    return (
        f"{result['kind']} `{result['path'][:60]}` started {result['start'] - origin:+.2f} s, "
        f"{result['duration']:.2f} s: {outcome}{retried}"
    )


def render_markdown(report: dict) -> str:
    """The results as Markdown (what goes between the markers)."""
    m, args = report["machine"], report["args"]
    lines = [
        BEGIN,
        f"## Last results ({report['finished'][:16].replace('T', ' ')} UTC, {report['duration_s']:.0f} s)",
        "",
        f"- Command: `{report['command']}`",
        f"- Server: `{report['server_command']}` (port chosen free; TMPDIR private to the run)",
        f"- Machine: {m['cores']} cores ({m['cpu']}), {m['memory_gib']} GiB RAM, {m['system']}; load average "
        f"before the run {m['load_average_before'][0]:.2f}. Python {m['python']}; "
        + ", ".join(f"{k} {v}" for k, v in m["versions"].items()),
        "- gunicorn settings: " + ", ".join(f"{k} {v}" for k, v in report["gunicorn"].items()),
        f"- Clients: {args['clients']} threads, one keep-alive connection each, back to back (no think time); "
        f"mix {args['mix']}; client timeout {args['timeout']:g} s per request; a reused connection that fails "
        "before any answer is retried once on a new one, as browsers do (column *retried*; such a request "
        "counts as an error only if the retry fails too).",
        "",
    ]
    soak = report.get("soak")
    if soak:
        lines += [
            f"### Load: {args['clients']} clients × {args['seconds']:g} s",
            "",
            f"{soak['total_requests']:,} requests in {soak['span']:.1f} s ({soak['per_s']:.0f}/s), "
            f"**{soak['total_errors']} errors**, {soak['total_retried']} retried. Latency from sending the "
            f"request to the last byte. *After warm-up*: requests started after the first {args['warmup']:g} s.",
            "",
            *_table(soak["by_kind"], "kind"),
            "",
            *_table(soak["by_endpoint"], "endpoint"),
            "",
        ]
        if soak["errors"]:
            lines += ["Errors:", ""] + [f"- {_result_line(r, 0)}" for r in soak["errors"][:20]] + [""]
        log = soak["log"]
        lines += [
            f"Server log: answers by status {log['statuses']}; workers booted {log['booted']}, recycled "
            f"(max_requests) {log['autorestarts']}, timeouts {log['timeouts']}, Chromium restarts "
            f"{log['chromium_restarts']}, error lines {log['errors']}.",
            "",
        ]
        cpu = soak["cpu"]
        if cpu:
            names = {
                "workers": "gunicorn workers (Python)",
                "chromium": "Chromium (kaleido)",
                "master": "gunicorn master",
                "load_generator": "this script (the clients)",
                "other processes": "other processes on the machine",
                "idle": "idle",
            }
            shares = "; ".join(
                f"{label} {cpu['share'][key] * 100:.0f}% ({cpu['seconds'][key]:.0f} s)" for key, label in names.items()
            )
            lines += [f"CPU over the load, of {cpu['capacity_s']:.0f} core-seconds: {shares}.", ""]
        mem = soak["memory"]
        lines += [
            "### Memory during the load (MB)",
            "",
            "RSS summed over the master, the workers and all their descendants (Chromium and its helpers), plus "
            "Chromium's crash handlers (re-parented to init, found by the run's environment marker); PSS splits "
            f"shared pages. *After warm-up*: median of the samples {args['warmup']:g}–{args['warmup'] + 5:g} s "
            f"into the load; *end*: {_end_window(mem['windows'])}; *growth* compares the two.",
            "",
            "| | start | after warm-up | peak | end | growth |",
            "|---|--:|--:|--:|--:|--:|",
        ]
        names = {
            "rss": "**total RSS**",
            "pss": "total PSS",
            "master": "master",
            "workers": "workers (Python)",
            "chromium": "Chromium (all processes)",
            "other": "crash handlers",
        }
        for key, name in names.items():
            row = mem[key]
            growth = "" if row["growth"] is None else f"{row['growth'] * 100:+.1f}%"
            lines.append(
                f"| {name} | {_mb(row['start'])} | {_mb(row['after_warmup'])} | {_mb(row['peak'])} | "
                f"{_mb(row['end'])} | {growth} |"
            )
        lines += [
            "",
            f"Processes: {mem['processes']['start']} at the start, {mem['processes']['peak']} at most, "
            f"{mem['processes']['end']} at the end.",
            "",
        ]
    kill = report.get("worker_kill")
    if kill:
        origin = kill["killed_at"]
        lines += [
            f"### Fault: a worker killed (SIGKILL) under load ({args['clients']} clients × {args['fault_seconds']:g} s)",
            "",
            f"- Worker {kill['killed']} ({'with' if kill['killed_had_chromium'] else 'without'} a Chromium) killed "
            f"{kill['killed_at'] - kill['start']:.1f} s into the phase; {kill['in_flight_at_kill']} requests were "
            "in flight (on any worker).",
            f"- Replaced by worker {kill['replacement']} after {kill['replaced_after']:.2f} s."
            if kill["replaced_after"] is not None
            else "- **Not replaced within 30 s.**",
            f"- Kill window (kill → replacement + 1 s): {kill['requests_in_window']} requests overlapped it, "
            f"**{len(kill['errors_in_window'])} failed**, {len(kill['retried_in_window'])} were retried on a fresh "
            "connection and succeeded.",
            f"- Outside the window: **{len(kill['errors_outside_window'])} errors** in {kill['requests']:,} requests; "
            f"{kill['ok_after_replacement']:,} requests succeeded after the replacement.",
            f"- Processes of the killed worker still alive 3 s after the phase: {kill['victim_processes_left']}.",
            f"- Afterwards, one request of each kind: {_answers(kill['answered_after'])}.",
        ]
        for result in kill["errors_in_window"] + kill["errors_outside_window"]:
            lines.append(f"  - failed: {_result_line(result, origin)} (times from the kill)")
        for result in kill["retried_in_window"][:10]:
            lines.append(f"  - retried: {_result_line(result, origin)} (times from the kill)")
        if len(kill["retried_in_window"]) > 10:
            lines.append(f"  - … and {len(kill['retried_in_window']) - 10} more retried")
        lines += ["", *_table(kill["by_kind"], "kind"), ""]
    chrome = report.get("chromium_kill")
    if chrome:
        lines += [
            "### Fault: kaleido's Chromium killed (no other load)",
            "",
            f"Every worker first drew an image (browser started in every worker: {chrome['warmed_every_worker']}). "
            "Then SIGKILL to the Chromium processes of every worker, one image request, and more images, one per "
            "worker at a time, until every worker had a new browser.",
            "",
            "| killed | processes | next image | its latency | more images | their errors | slowest | "
            "new browser in every worker |",
            "|---|--:|---|--:|--:|--:|--:|---|",
        ]
        for case in chrome["cases"]:
            first = case["next_image"]
            lines.append(
                f"| {case['case']} | {case['killed']} | {first['error'] or first['status']} | "
                f"{first['duration']:.2f} s | {case['more_images']} | {len(case['more_errors'])} | "
                f"{case['more_max_s']:.2f} s | {'yes' if case['new_browser_in_every_worker'] else '**no**'} |"
            )
        lines += [
            "",
            f"Afterwards, one request of each kind: {_answers(chrome['answered_after'])}. Server log: "
            f"{chrome['log']['chromium_restarts']} Chromium restarts logged.",
            "",
        ]
    left = report.get("shutdown")
    if left:
        lines += [
            "### Shutdown",
            "",
            f"SIGTERM to the master: stopped in {left['stop_seconds']:.1f} s; processes of the run left "
            f"{len(left['processes_left'])}; files left in its TMPDIR {left['tmp_files_left']} "
            f"({left['tmp_bytes_left'] / 1024:,.0f} kB).",
            "",
        ]
    verdicts = report["targets"]
    lines += ["### Targets", ""]
    lines += [f"- {'met' if ok else '**missed**'}: {name}" for name, ok in verdicts.items()]
    lines += ["", END]
    return "\n".join(lines)


def _end_window(windows: dict) -> str:
    low, high = windows["end"]
    if windows["first_restart"] is None:
        return "median of its last 5 s"
    return (
        f"median of {low:.0f}–{high:.0f} s, the last 5 s before a worker restarted (at {windows['first_restart']:.0f} s, "
        "taking its Chromium along: gunicorn's max_requests), since memory after that says nothing about growth"
    )


def _answers(results: list[dict]) -> str:
    return ", ".join(f"{r['kind']} {r['error'] or r['status']} ({r['duration']:.2f} s)" for r in results)


def write_markdown(path: Path, text: str) -> None:
    """Put ``text`` between the markers of ``path`` (appended, or a new file, when there are none)."""
    if path.exists():
        old = path.read_text(encoding="utf-8")
        if BEGIN in old and END in old:
            head, rest = old.split(BEGIN, 1)
            new = head + text + rest.split(END, 1)[1]
        else:
            new = old.rstrip("\n") + "\n\n" + text + "\n"
    else:
        new = "# Reliability\n\n" + text + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new, encoding="utf-8")


# --- main -----------------------------------------------------------------------------------------


def parse_mix(text: str) -> dict[str, float]:
    """``page=30,callback=40,csv=25,image=5`` -> weights by kind."""
    weights = {}
    for part in text.split(","):
        name, _, value = part.partition("=")
        if name.strip() not in KINDS:
            raise argparse.ArgumentTypeError(f"unknown kind {name!r}; use {', '.join(KINDS)}")
        weights[name.strip()] = float(value)
    return {k: v for k, v in weights.items() if v > 0}


def build_parser() -> argparse.ArgumentParser:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m tests.load.soak", description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    parser.add_argument("--seconds", type=float, default=60, help="length of the soak (default 60)")
    parser.add_argument("--warmup", type=float, default=10, help="seconds of the soak counted as warm-up (10)")
    parser.add_argument("--fault-seconds", type=float, default=20, help="length of the worker-kill phase (20)")
    parser.add_argument("--no-faults", dest="faults", action="store_false", help="only the soak")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--timeout", type=float, default=120, help="client timeout per request, s (default 120)")
    parser.add_argument("--mix", default=DEFAULT_MIX, type=parse_mix, help=f"weights (default {DEFAULT_MIX})")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="Markdown file to write the results into (between markers)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the run's folder (gunicorn log, TMPDIR)")
    parser.add_argument(
        "--gunicorn-arg", action="append", default=[], metavar="ARG", help="extra gunicorn argument (repeatable)"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the phases, print and write the report; 0 when every target was met."""
    parser = build_parser()
    args = parser.parse_args(argv)
    command = "python -m tests.load.soak " + " ".join(argv if argv is not None else sys.argv[1:])
    report: dict = {
        "command": command.strip(),
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "gunicorn": gunicorn_settings(args.workers, args.gunicorn_arg),
        "args": {**vars(args), "mix": ", ".join(f"{k} {v:g}" for k, v in args.mix.items())},
    }
    report["args"] = {k: (str(v) if isinstance(v, Path) else v) for k, v in report["args"].items()}
    workdir = Path(tempfile.mkdtemp(prefix="reform-soak-"))
    server = Server(args.workers, args.gunicorn_arg, workdir)
    report["server_command"] = server.command
    try:
        server.start()
    except RuntimeError as exc:
        print(f"{exc}\n(log and TMPDIR kept in {workdir})", file=sys.stderr)
        server.stop()
        return 2
    sampler = Sampler(server)
    sampler.start()
    time.sleep(2)  # idle memory before any load
    try:
        workload = Workload.discover(server.port, args.mix)
        print(f"soak: {args.clients} clients × {args.seconds:g} s on port {server.port} ...", flush=True)
        soak = soak_phase(server, sampler, workload, args)
        report["soak"] = summarize_load(soak, args.warmup)
        if args.faults:
            print("fault: worker SIGKILL under load ...", flush=True)
            kill = worker_kill_phase(server, sampler, workload, args)
            kill["by_kind"] = latency_table(kill["results"], lambda r: r.kind, kill["end"] - kill["start"], 0)
            kill["requests"] = len(kill.pop("results"))
            report["worker_kill"] = kill
            print("fault: Chromium SIGKILL ...", flush=True)
            report["chromium_kill"] = chromium_kill_phase(server, sampler, workload, args)
    finally:
        sampler.stop()
        report["shutdown"] = server.stop()
        if args.keep:
            print(f"gunicorn log: {server.log_path}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    report["memory_samples"] = [asdict(s) for s in sampler.samples]
    report["targets"] = targets(report)
    report["finished"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    report["duration_s"] = now()
    text = render_markdown(report)
    print(text)
    if args.out:
        write_markdown(args.out, text)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    return 0 if all(report["targets"].values()) else 1


def summarize_load(phase: dict, warmup: float) -> dict:
    """Per-kind and per-endpoint tables of a load phase, its errors, log and memory."""
    results: list[Result] = phase["results"]
    span = max((r.start + r.duration for r in results), default=phase["end"]) - phase["start"]
    after = phase["start"] + warmup
    return {
        "span": span,
        "total_requests": len(results),
        "total_errors": sum(not r.ok for r in results),
        "total_retried": sum(r.retried is not None for r in results),
        "per_s": len(results) / span if span else 0.0,
        "by_kind": sorted(
            latency_table(results, lambda r: r.kind, span, after), key=lambda row: KINDS.index(row["name"])
        ),
        "by_endpoint": latency_table(results, lambda r: r.endpoint, span, after),
        "errors": [asdict(r) for r in results if not r.ok],
        "log": phase["log"],
        "memory": phase["memory"],
        "cpu": phase["cpu"],
    }


def targets(report: dict) -> dict[str, bool]:
    """Each target of the brief, met or not."""
    verdicts = {}
    soak = report.get("soak")
    if soak:
        verdicts["no errors under load"] = soak["total_errors"] == 0
        growth = soak["memory"].get("rss", {}).get("growth")
        name = f"memory flat (total RSS growth after warm-up under {MEMORY_TARGET:.0%})"
        if growth is None:
            name += f": not measured, a worker restarted within {MIN_SOAK_FOR_GROWTH_S} s of the warm-up"
        verdicts[name] = growth is not None and growth < MEMORY_TARGET
    kill = report.get("worker_kill")
    if kill:
        verdicts["killed worker replaced"] = kill["replacement"] is not None
        verdicts["no errors outside the kill window"] = not kill["errors_outside_window"]
        verdicts["service answers after the worker kill"] = all(r["error"] is None for r in kill["answered_after"])
    chrome = report.get("chromium_kill")
    if chrome:
        for case in chrome["cases"]:
            verdicts[f"next image after killing Chromium's {case['case']}"] = case["next_image"]["error"] is None
        verdicts["service answers after the Chromium kills"] = all(r["error"] is None for r in chrome["answered_after"])
    left = report.get("shutdown") or {}
    verdicts["no processes left after shutdown"] = not left.get("processes_left")
    return verdicts


if __name__ == "__main__":
    sys.exit(main())
