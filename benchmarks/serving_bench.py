"""Serving from a snapshot (issue 13): building it, a server's start, and two replicas of one artifact.

At every scale:

* **build**: ``python -m indicators build`` of the scale's data into its snapshot (CPU of the builder
  process, and its wall clock), once: the other suites serve that snapshot.
* **ready**: process start to the first answer of ``/healthz`` with the data loaded, under gunicorn
  (``gunicorn.conf.py``, 2 workers, loopback): published mode from the snapshot, once with this
  machine's private copy of it already made (a restart) and once without (the first start after a
  publish); live mode with nothing built yet, once (the builder parses the YAML: what every start
  cost before snapshots); and the floor, the bare Dash app (:mod:`benchmarks.bare_app`) started the
  same way, which loads no data.
* **two replicas**: two gunicorns (2 workers each) started together from the same published file, as
  behind a load balancer: both ready, the versions they report, their memory (PSS of all six
  processes: the mapped snapshot is one set of pages for both), and the chart callback with the
  clients split between them.
* **a big data file** (article scale, not in quick runs): a server in live mode on a copy of the
  curated data; a 15 MB file of valid observations is added, then removed; the workers' memory
  before, with it, and after (issue 15: each worker went from ~130 to ~520 MB and kept most of it).
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from benchmarks.chart_requests import chart_body, chart_view, dash_dependencies
from benchmarks.generate import ROOT
from benchmarks.gunicorn_load import CLIENTS, load
from benchmarks.local_server import Gunicorn
from benchmarks.measures import Measurement, ScaleRun
from indicators.snapshot import default_snapshot_path, read_info, read_snapshot

READY_REPEATS, QUICK_READY_REPEATS = 3, 1
#: The big file: this many bytes of observations of the curated count indicators, one a day.
BIG_FILE_BYTES = 15 * 1024 * 1024
REPLICA_SECONDS, QUICK_REPLICA_SECONDS = 8.0, 2.0
READY_TIMEOUT_S = 900.0


def snapshot_of(scale: ScaleRun) -> Path:
    """The scale's snapshot, beside its data (where the app looks by default)."""
    return default_snapshot_path(scale.data_dir)


def build(scale: ScaleRun) -> dict:
    """Run the build command once; CPU and wall clock of the builder process."""
    out = snapshot_of(scale)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "indicators", "build", str(scale.data_dir), "--out", str(out), "--quiet"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"python -m indicators build failed:\n{done.stderr[-2000:]}")
    info = read_info(out)
    return {
        "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "wall": wall,
        "bytes": info.size,
        "version": info.version,
        "peak_mb": after.ru_maxrss / 1024,
    }


def _healthz(port: int) -> dict | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=30) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError:
        return None
    except (OSError, ValueError):
        return None


def _answers(port: int, path: str) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
            return response.status == 200
    except (OSError, ValueError):
        return False


class _Timed(Gunicorn):
    """A gunicorn whose start is timed to its first answer (polled every 10 ms, not every 0.25 s)."""

    def start_timed(self, ready_path: str) -> tuple[float, float]:
        """Wall-clock seconds from the start to the first answer, and the CPU the server spent on it.

        The CPU counts the processes the server waited for too (the builder of a snapshot).
        """
        args = self.command()
        started = time.perf_counter()
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = started + READY_TIMEOUT_S
        while time.perf_counter() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log_path.read_text(errors='replace')[-2000:]}")
            if ready_path == "/healthz":
                found = _healthz(self.port)
                if found and found.get("observations"):
                    return time.perf_counter() - started, self.cpu_seconds(waited_for=True)
            elif _answers(self.port, ready_path):
                return time.perf_counter() - started, self.cpu_seconds(waited_for=True)
            time.sleep(0.01)
        raise RuntimeError(f"not ready within {READY_TIMEOUT_S:g} s")


def _ready(module: str, env: dict[str, str], workdir: Path, ready_path: str, before=None) -> tuple[float, float]:
    server = _Timed(module, env, workdir, tag=f"-ready-{time.monotonic_ns()}")
    try:
        if before is not None:
            before()
        return server.start_timed(ready_path)
    finally:
        server.stop()


def ready_times(scale: ScaleRun, workdir: Path, figure_file: Path) -> dict:
    """Process start to first answer: the bare app, published (restart, first start), live from YAML."""
    repeats = READY_REPEATS if not scale.quick else QUICK_READY_REPEATS
    snapshot = snapshot_of(scale)
    published = {"REFORM_DATA_DIR": str(scale.data_dir), "REFORM_DATA_MODE": "published"}
    private = snapshot.parent / f".{snapshot.name}.d"
    found: dict[str, list[tuple[float, float]]] = {"bare": [], "restart": [], "first": []}
    for _ in range(repeats):  # taking turns, so that each sees the same load on the machine
        found["bare"].append(_ready("benchmarks.bare_app:server", {"BENCH_FIGURE": str(figure_file)}, workdir, "/"))
        found["restart"].append(_ready("app:server", published, workdir, "/healthz"))
        found["first"].append(
            _ready("app:server", published, workdir, "/healthz", lambda: shutil.rmtree(private, ignore_errors=True))
        )
    result: dict = {name: min(times) for name, times in found.items()}  # (wall, cpu) of the quickest
    result["spread"] = {name: max(w for w, _ in times) / min(w for w, _ in times) for name, times in found.items()}
    result["repeats"] = repeats
    # Live mode with a snapshot path of its own, so nothing is built yet: the builder parses the YAML.
    elsewhere = workdir / "fresh" / f"{scale.name}.snapshot"
    live = {"REFORM_DATA_DIR": str(scale.data_dir), "REFORM_DATA_MODE": "live", "REFORM_SNAPSHOT": str(elsewhere)}
    result["yaml"] = _ready("app:server", live, workdir, "/healthz")
    shutil.rmtree(elsewhere.parent, ignore_errors=True)
    return result


def replicas(scale: ScaleRun, workdir: Path) -> dict:
    """Two gunicorns from the same published snapshot, started together, then loaded together."""
    seconds = REPLICA_SECONDS if not scale.quick else QUICK_REPLICA_SECONDS
    env = {"REFORM_DATA_DIR": str(scale.data_dir), "REFORM_DATA_MODE": "published"}
    servers = [_Timed("app:server", env, workdir, tag=f"-replica-{n}") for n in (1, 2)]
    ready: list[tuple[float, float]] = [(0.0, 0.0), (0.0, 0.0)]
    errors: list[BaseException] = []

    def start(n: int) -> None:
        try:
            ready[n] = servers[n].start_timed("/healthz")
        except BaseException as exc:  # reported below
            errors.append(exc)

    try:
        threads = [threading.Thread(target=start, args=(n,)) for n in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if errors:
            raise errors[0]
        versions = [(_healthz(server.port) or {}).get("snapshot_version") for server in servers]
        # The view the app benchmark draws, found from the snapshot (parsing the YAML takes ~30 s at large).
        ids = chart_view(read_snapshot(snapshot_of(scale), scale.data_dir))
        dependencies = dash_dependencies(f"http://127.0.0.1:{servers[0].port}", timeout=30)
        body = chart_body(dependencies, f"?tab=chart&ind={','.join(ids)}")
        results: list[dict] = [{}, {}]

        def run(n: int) -> None:
            results[n] = load(servers[n].port, body, seconds, clients=CLIENTS // 2)

        for n in (0, 1):
            load(servers[n].port, body, 1.0, clients=CLIENTS // 2)  # every worker thread answers once
        threads = [threading.Thread(target=run, args=(n,)) for n in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        memory = [p for server in servers for p in server.memory()]
        return {
            "ready": [wall for wall, _ in ready],
            "versions": versions,
            "per_s": sum(r["per_s"] for r in results),
            "errors": sum(r["errors"] for r in results),
            "p50": statistics.median([r["p50"] for r in results if r["p50"] is not None] or [0.0]),
            "pss": sum(p["pss"] for p in memory),
            "rss": sum(p["rss"] for p in memory),
            "largest": max(p["hwm"] for p in memory),
            "processes": len(memory),
            "seconds": seconds,
        }
    finally:
        for server in servers:
            server.stop()


def big_file(scale: ScaleRun, workdir: Path) -> dict:
    """Workers' memory in live mode before a 15 MB data file, with it, and after it is removed.

    Twice: first with only ``/healthz`` asked while the file is there (the memory the data itself
    takes), then with charts of its thousands of values drawn (what answering adds, and keeps).
    """
    data_dir = workdir / "big" / "data"
    shutil.copytree(scale.data_dir, data_dir)
    server = _Timed("app:server", {"REFORM_DATA_DIR": str(data_dir), "REFORM_DATA_MODE": "live"}, workdir, tag="-big")
    try:
        server.start_timed("/healthz")
        ids = chart_view(read_snapshot(default_snapshot_path(data_dir), data_dir))
        dependencies = dash_dependencies(f"http://127.0.0.1:{server.port}", timeout=30)
        body = chart_body(dependencies, f"?tab=chart&ind={','.join(ids)}")
        found = {"before": _settled(server, body)}
        big = data_dir / "sources" / "zz-big-file.yaml"
        text = _big_yaml(read_snapshot(default_snapshot_path(data_dir), data_dir))
        found["bytes"] = len(text.encode())
        for charts in (False, True):
            temporary = big.with_name(".zz-big-file.yaml.tmp")
            temporary.write_text(text, encoding="utf-8")
            temporary.rename(big)
            started = time.perf_counter()
            _wait_for(server.port, lambda n: n > found["before"]["observations"])
            found["rebuild_s"] = time.perf_counter() - started
            found["charts" if charts else "data"] = _settled(server, body if charts else None)
            big.unlink()
            _wait_for(server.port, lambda n: n == found["before"]["observations"])
            found["after_charts" if charts else "after_data"] = _settled(server, body if charts else None)
        return found
    finally:
        server.stop()


def _big_yaml(dataset) -> str:
    """Valid observations of the curated count indicators (a day each), until the file has BIG_FILE_BYTES."""
    units = dataset.units
    frame = dataset.indicators
    ids = [
        i
        for i, unit, measure, derived in zip(
            frame.index, frame["unit"], frame["measure"], frame["derived"], strict=True
        )
        if not derived and measure == "stock" and units[unit].kind.value == "count" and units[unit].max is None
    ]
    lines = [
        "source:",
        "  id: benchmark-big-file",
        "  title: {zh: 大文件, en: Big file}",
        "  publisher: {zh: 基准, en: Benchmark}",
        "  kind: other",
        "  url: https://example.org/big",
        "  date_published: 2022-08-23",
        "  date_accessed: 2022-08-24",
        "observations:",
    ]
    size, day = sum(len(line) + 1 for line in lines), 0
    start = time.mktime((2000, 1, 1, 12, 0, 0, 0, 0, -1))
    while size < BIG_FILE_BYTES:
        period = time.strftime("%Y-%m-%d", time.localtime(start + 86400 * (day // len(ids))))
        indicator = ids[day % len(ids)]
        line = (
            f"  - {{indicator: {indicator}, period: '{period}', value: {100 + day % 900}, qualifier: exact, "
            f"quote: 共{100 + day % 900}个, note: '基准测试生成的数值，不是真实数据 synthetic, not a real figure'}}"
        )
        lines.append(line)
        size += len(line.encode()) + 1
        day += 1
    return "\n".join(lines) + "\n"


def _wait_for(port: int, done, timeout: float = 600.0) -> int:
    """Poll /healthz until its observation count satisfies ``done``; that count."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = _healthz(port) or {}
        count = found.get("observations")
        if isinstance(count, int) and done(count):
            return count
        time.sleep(0.2)
    raise RuntimeError("the data did not change in time")


def _settled(server: Gunicorn, body: bytes | None) -> dict:
    """Every worker on the current data (a burst of requests reaches both), then their memory.

    With ``body``, the burst draws that chart; without, it asks ``/healthz`` only.
    """
    count = _wait_for(server.port, lambda n: True)
    for _ in range(5):
        if body is not None:
            load(server.port, body, 1.0, clients=CLIENTS)
        counts = {(_healthz(server.port) or {}).get("observations") for _ in range(16)}
        if counts == {count}:
            break
        count = max(c for c in counts if c is not None)
    workers = [p for p in server.memory() if p["role"] == "worker"]
    return {"observations": count, "rss": max(p["rss"] for p in workers), "pss": sum(p["pss"] for p in workers)}


@contextlib.contextmanager
def _workdir():
    with tempfile.TemporaryDirectory(prefix="reform-serving-bench-") as work:
        yield Path(work)


def run(scale: ScaleRun) -> list[Measurement]:
    """Build the scale's snapshot, then time starts and two replicas serving it."""
    built = build(scale)
    with _workdir() as workdir:
        from layouts.charts.empty import empty_figure

        figure_file = workdir / "figure.json"
        figure_file.write_text(empty_figure("bare").to_json(), encoding="utf-8")
        ready = ready_times(scale, workdir, figure_file)
        served = replicas(scale, workdir)
        big = big_file(scale, workdir) if scale.name == "article" and not scale.quick else None
    return measurements(scale, built, ready, served, big)


def measurements(scale: ScaleRun, built: dict, ready: dict, served: dict, big: dict | None) -> list[Measurement]:
    """The rows of one scale."""
    name = scale.name
    spread = ready["spread"]
    rows = [
        Measurement(
            name,
            "snapshot_build",
            "python -m indicators build: validate the YAML and write the snapshot (builder process, once)",
            built["cpu"],
            "s",
            note=f"snapshot {built['bytes'] / 1e6:.1f} MB, version {built['version']}; builder peak RSS "
            f"{built['peak_mb']:.0f} MB (a short-lived process, not a server's)",
            wall=built["wall"],
        ),
        Measurement(
            name,
            "ready_snapshot",
            "server ready from a snapshot: process start to the first /healthz with data, gunicorn 2 workers, "
            "published mode, this machine's copy made (a restart)",
            ready["restart"][0],
            "s",
            ready["bare"][0],
            "the bare Dash app started the same way (no data)",
            f"wall clock; server CPU until then {ready['restart'][1]:.2f} s (floor {ready['bare'][1]:.2f} s); best of "
            f"{ready['repeats']}, taking turns with the floor and the first start; floor's slowest run "
            f"+{(spread['bare'] - 1) * 100:.0f}%",
            spread=spread["restart"],
        ),
        Measurement(
            name,
            "ready_snapshot_first",
            "server ready from a snapshot just published (the machine's private copy made and checked first)",
            ready["first"][0],
            "s",
            ready["bare"][0],
            "the bare Dash app started the same way (no data)",
            f"wall clock; server CPU until then {ready['first'][1]:.2f} s",
            spread=spread["first"],
        ),
    ]
    rows.append(
        Measurement(
            name,
            "ready_yaml",
            "server ready from the YAML (live mode, nothing built: the builder parses every file), for comparison",
            ready["yaml"][0],
            "s",
            ready["bare"][0],
            "the bare Dash app started the same way (no data)",
            f"wall clock, once; server and builder CPU until then {ready['yaml'][1]:.2f} s",
        )
    )
    same = len(set(served["versions"])) == 1 and served["versions"][0] is not None
    rows += [
        Measurement(
            name,
            "replicas_ready",
            "two replicas (gunicorn, 2 workers each) started together from one published file: both ready",
            max(served["ready"]),
            "s",
            ready["bare"][0],
            "the bare Dash app started alone",
            f"ready after {served['ready'][0]:.2f} s and {served['ready'][1]:.2f} s; versions "
            f"{'the same' if same else 'DIFFER: ' + ', '.join(map(str, served['versions']))}",
        ),
        Measurement(
            name,
            "replicas_pss",
            f"two replicas: PSS of all {served['processes']} server processes after the load",
            served["pss"],
            "MB",
            note=f"RSS added up {served['rss']:.0f} MB (counts the shared snapshot pages in every process); "
            f"largest process peak {served['largest']:.0f} MB",
        ),
        Measurement(
            name,
            "replicas_throughput",
            f"two replicas: chart callback, {CLIENTS} clients split between them, {served['seconds']:g} s",
            served["per_s"],
            "req/s",
            note=f"errors {served['errors']}; p50 {served['p50'] * 1e3:.0f} ms; the replicas share this "
            f"machine's {os.cpu_count()} cores with each other and with the clients",
        ),
    ]
    if big is not None:
        before, data, after_data = big["before"], big["data"], big["after_data"]
        charts, after_charts = big["charts"], big["after_charts"]
        rows += [
            Measurement(
                name,
                "big_file_worker_rss",
                f"live mode, a {big['bytes'] / 2**20:.0f} MiB data file added then removed: largest worker RSS "
                "after (only /healthz asked meanwhile: the data's own memory)",
                after_data["rss"],
                "MB",
                before["rss"],
                "before the file",
                f"with the file {data['rss']:.0f} MB ({data['observations']:,} observations, rebuilt by the "
                f"builder process in {big['rebuild_s']:.1f} s); workers' PSS before {before['pss']:.0f}, with "
                f"{data['pss']:.0f}, after {after_data['pss']:.0f} MB",
            ),
            Measurement(
                name,
                "big_file_worker_rss_charts",
                "the same, with charts of the file's thousands of values drawn while it is there",
                after_charts["rss"],
                "MB",
                before["rss"],
                "before the file",
                f"with the file and its charts {charts['rss']:.0f} MB; what answering allocated stays with the "
                "allocator after it is freed (see the profiling notes); PSS after "
                f"{after_charts['pss']:.0f} MB",
            ),
        ]
    return rows
