"""Throughput and memory under gunicorn: keep-alive clients posting the chart callback, the servers' RSS after.

* **throughput**: gunicorn (``gunicorn.conf.py``, 2 workers, loopback) and 8 keep-alive clients
  posting the chart callback for 10 s, against ``benchmarks/bare_app.py`` (one callback returning
  the app's prebuilt figure of the same view) served the same way in the same run; the app as
  configured (answers kept per worker) and with ``answer_cache_mb: 0`` (every answer computed).
* **server RSS**: VmHWM of the gunicorn master and workers after the throughput run (and PSS).

:func:`load` is also the load of the serving suite's replicas.
"""

from __future__ import annotations

import http.client
import statistics
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.chart_requests import BROWSER_ENCODING, CALLBACK_PATH, chart_body
from benchmarks.local_server import WORKERS, Gunicorn, uncached_config
from benchmarks.measures import Measurement, ScaleRun, percentile

THROUGHPUT_S, QUICK_THROUGHPUT_S = 10.0, 3.0
WARMUP_S = 1.5
CLIENTS = 8


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
        no_cache = uncached_config(workdir)
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


def throughput_rows(name: str, served: dict) -> list[Measurement]:
    """The rows of one scale: throughput as configured and uncached, then the servers' memory."""
    ours, uncached, bare = served["app"], served["app_uncached"], served["bare"]

    def load_note(found: dict) -> str:
        return (
            f"p95 {found['p95'] * 1e3:.0f} ms (bare {bare['p95'] * 1e3:.0f}); errors {found['errors']} (bare "
            f"{bare['errors']}); server CPU {found['server_cpu_per_request'] * 1e3:.1f} ms/request (bare "
            f"{bare['server_cpu_per_request'] * 1e3:.1f})"
        )

    rows = [
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
    return rows
