"""Slow and idle clients: do they cost the other users anything?

    python -m probes slow-clients [--stack production] [--compare] [--seconds 30] [--out docs/reliability.md]

Opens, and keeps open, three kinds of hostile connections:

- **slow headers**: ``GET /healthz HTTP/1.1`` and a Host line, then one more header byte a second;
- **slow bodies**: a callback ``POST`` announcing a 100 kB body, then one body byte a second;
- **idle**: a connection that sends nothing.

A connection the server closes (or answers, e.g. 408) is counted and opened again at once, so the
pressure stays. Meanwhile a normal client asks for ``/healthz`` and the chart callback, each on a
fresh connection (as curl would), twice a second, with a 10 s timeout. The verdict: no failed probe
and p95 under 500 ms. ``--compare`` runs every available stack (``probes.stacks``) in turn with the
same attack.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import selectors
import socket
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from probes import now
from probes.report import command_line, fmt_ms, machine, percentile, write_section
from probes.stacks import STACKS, Stack, available, running
from probes.workload import Workload, run_load

TARGET_P95_MS = 500
PROBE_TIMEOUT_S = 10
SLOW_HEADER = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: "
SLOW_BODY = (
    b"POST /_dash-update-component HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    b"Content-Length: 100000\r\n\r\n{"
)


@dataclass
class Hostile:
    """One hostile connection kept open by the attacker."""

    kind: str
    sock: socket.socket | None = None
    opened: float = 0.0


@dataclass
class Attack:
    """Counts of what the server did with the hostile connections."""

    opened: dict[str, int] = field(default_factory=dict)
    closed: dict[str, int] = field(default_factory=dict)
    refused: int = 0
    lifetimes: dict[str, list[float]] = field(default_factory=dict)  # seconds until the server closed one


class Attacker(threading.Thread):
    """Keeps ``counts`` hostile connections of each kind open, sending a byte a second on the slow ones."""

    def __init__(self, port: int, counts: dict[str, int]) -> None:
        super().__init__(name="attacker", daemon=True)
        self.port = port
        self.conns = [Hostile(kind) for kind, n in counts.items() for _ in range(n)]
        self.result = Attack(dict.fromkeys(counts, 0), dict.fromkeys(counts, 0), 0, {k: [] for k in counts})
        self._stop_event = threading.Event()
        self.selector = selectors.DefaultSelector()

    def _open(self, conn: Hostile) -> None:
        try:
            sock = socket.create_connection(("127.0.0.1", self.port), timeout=2)
        except OSError:
            self.result.refused += 1
            conn.sock = None
            return
        sock.setblocking(False)
        try:
            if conn.kind == "slow headers":
                sock.send(SLOW_HEADER)
            elif conn.kind == "slow bodies":
                sock.send(SLOW_BODY)
        except OSError:
            pass
        conn.sock, conn.opened = sock, time.monotonic()
        self.selector.register(sock, selectors.EVENT_READ, conn)
        self.result.opened[conn.kind] += 1

    def _closed(self, conn: Hostile) -> None:
        if conn.sock is not None:
            self.selector.unregister(conn.sock)
            conn.sock.close()
            conn.sock = None
            self.result.closed[conn.kind] += 1
            self.result.lifetimes[conn.kind].append(time.monotonic() - conn.opened)

    def run(self) -> None:
        """Open everything, then once a second: a byte on each slow connection, reopen the closed ones."""
        for conn in self.conns:
            self._open(conn)
        next_tick = time.monotonic()
        while not self._stop_event.is_set():
            for key, _ in self.selector.select(timeout=max(0.0, next_tick - time.monotonic())):
                conn = key.data
                try:
                    data = conn.sock.recv(4096)
                except BlockingIOError:
                    continue
                except OSError:
                    data = b""
                if not data or data.startswith(b"HTTP/"):  # closed, or answered (408, 400, 413): done with it
                    self._closed(conn)
            if time.monotonic() < next_tick:
                continue
            next_tick += 1.0
            for conn in self.conns:
                if conn.sock is None:
                    self._open(conn)
                elif conn.kind != "idle":
                    try:
                        conn.sock.send(b"a")
                    except BlockingIOError:
                        pass
                    except OSError:
                        self._closed(conn)

    def stop(self) -> None:
        """Stop and close every hostile connection."""
        self._stop_event.set()
        self.join(10)
        for conn in self.conns:
            if conn.sock is not None:
                conn.sock.close()


@dataclass
class Probe:
    """One request of the normal client."""

    kind: str
    start: float
    ms: float
    error: str | None


def probe_loop(port: int, workload: Workload, seconds: float, interval: float = 0.5) -> list[Probe]:
    """``/healthz`` and the chart callback, each on a fresh connection, every ``interval`` s."""
    chart = workload.chart_request(f"?tab=chart&ind={workload.indicators[0]}")
    probes: list[Probe] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        tick = time.monotonic()
        for kind, method, path, body in (
            ("healthz", "GET", "/healthz", None),
            ("callback", "POST", chart.path, chart.body),
        ):
            started = time.monotonic()
            error = None
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=PROBE_TIMEOUT_S)
            try:
                headers = {"Content-Type": "application/json"} if body else {}
                connection.request(method, path, body, headers)
                response = connection.getresponse()
                data = response.read()
                if response.status != 200:
                    error = f"status {response.status}"
                elif kind == "callback" and chart.check(200, response.getheader("Content-Type", ""), data):
                    error = "wrong body"
            except TimeoutError:
                error = f"timeout ({PROBE_TIMEOUT_S} s)"
            except (OSError, http.client.HTTPException) as exc:
                error = f"connection: {type(exc).__name__}"
            finally:
                connection.close()
            probes.append(Probe(kind, round(now(), 3), (time.monotonic() - started) * 1000, error))
        time.sleep(max(0.0, interval - (time.monotonic() - tick)))
    return probes


def summarize(probes: list[Probe]) -> dict:
    """Per kind of probe: count, failures, p50, p95, max (ms)."""
    rows = {}
    for kind in ("healthz", "callback"):
        group = [p for p in probes if p.kind == kind]
        times = [p.ms for p in group] or [0.0]
        rows[kind] = {
            "probes": len(group),
            "failed": sum(p.error is not None for p in group),
            "errors": sorted({p.error for p in group if p.error}),
            "p50": percentile(times, 50),
            "p95": percentile(times, 95),
            "max": max(times),
        }
    return rows


def run_stack(name: str, args: argparse.Namespace, workdir: Path) -> dict:
    """Start a stack, measure it quiet, then under the attack; stop it."""
    counts = {"slow headers": args.slow_headers, "slow bodies": args.slow_bodies, "idle": args.idle}
    with running(name, workdir, workers=args.workers) as stack:
        workload = Workload.discover(stack.port, {"callback": 1})
        quiet = summarize(probe_loop(stack.port, workload, args.quiet_seconds))
        load = normal_load(stack.port, args.load_seconds) if args.load_seconds else None
        attacker = Attacker(stack.port, counts)
        attacker.start()
        time.sleep(2)  # every hostile connection open before the first probe
        try:
            loaded = probe_loop(stack.port, workload, args.seconds)
        finally:
            attacker.stop()
        report = _stack_report(stack, counts, quiet, summarize(loaded), attacker.result)
        report["normal_load"] = load
        return report


def normal_load(port: int, seconds: float, clients: int = 16) -> dict:
    """Throughput without hostile clients: ``clients`` keep-alive clients on callbacks and CSV, back to back."""
    workload = Workload.discover(port, {"callback": 70, "csv": 30})
    results = run_load(port, workload, clients, seconds, 60, seed=3)
    callbacks = [r.duration * 1000 for r in results if r.kind == "callback"] or [0.0]
    return {
        "clients": clients,
        "seconds": seconds,
        "per_s": len(results) / seconds,
        "errors": sum(not r.ok for r in results),
        "callback_p95": percentile(callbacks, 95),
    }


def _stack_report(stack: Stack, counts: dict, quiet: dict, loaded: dict, attack: Attack) -> dict:
    lifetimes = {kind: (statistics.median(v) if v else None) for kind, v in attack.lifetimes.items()}
    failed = sum(row["failed"] for row in loaded.values())
    worst_p95 = max(row["p95"] for row in loaded.values())
    return {
        "stack": stack.name,
        "servers": stack.description,
        "counts": counts,
        "quiet": quiet,
        "under_attack": loaded,
        "hostile_opened": attack.opened,
        "hostile_closed_by_server": attack.closed,
        "hostile_refused": attack.refused,
        "median_seconds_until_closed": lifetimes,
        "ok": failed == 0 and worst_p95 < TARGET_P95_MS,
    }


def render(results: list[dict], args: argparse.Namespace, command: str) -> str:
    """The results as Markdown (the ``slow-clients`` section)."""
    m = machine()
    counts = results[0]["counts"]
    attack = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    lines = [
        f"### Slow clients ({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC)",
        "",
        f"- Command: `{command}`",
        f"- Machine: {m['cores']} cores, load average before the run {m['load_average_before'][0]:.2f}; "
        f"gunicorn {m['versions'].get('gunicorn', '?')}.",
        f"- Attack: {attack} connections for {args.seconds:g} s (a connection the server closes is opened "
        "again at once); a normal client asks for `/healthz` and the chart callback on fresh connections, "
        f"twice a second each, timeout {PROBE_TIMEOUT_S} s. Quiet: the same client for {args.quiet_seconds:g} s "
        f"before the attack. Target: no failed probe, p95 under {TARGET_P95_MS} ms. *Normal load*: before the "
        "attack, 16 keep-alive clients ask for callbacks (70%) and CSV (30%) back to back for "
        f"{args.load_seconds:g} s.",
        "",
        "| stack | servers | quiet p95 healthz / callback ms | under attack: failed / probes | p95 healthz ms "
        "| p95 callback ms | max ms | hostile connections closed by the server | verdict "
        "| normal load: requests/s, callback p95 ms |",
        "|---|---|--:|--:|--:|--:|--:|---|---|--:|",
    ]
    for r in results:
        q, a = r["quiet"], r["under_attack"]
        failed = sum(row["failed"] for row in a.values())
        total = sum(row["probes"] for row in a.values())
        closed = ", ".join(
            f"{kind} {r['hostile_closed_by_server'][kind]}"
            + (f" (median after {s:.0f} s)" if (s := r["median_seconds_until_closed"][kind]) is not None else "")
            for kind in counts
        )
        worst = max(row["max"] for row in a.values())
        lines.append(
            f"| {r['stack']} | {r['servers']} | {fmt_ms(q['healthz']['p95'])} / {fmt_ms(q['callback']['p95'])} | "
            f"{failed} / {total} | {fmt_ms(a['healthz']['p95'])} | {fmt_ms(a['callback']['p95'])} | {fmt_ms(worst)} | "
            f"{closed} | {'met' if r['ok'] else '**missed**'} | {_load_cell(r.get('normal_load'))} |"
        )
    errors = [
        f"{r['stack']} {kind}: {', '.join(row['errors'])}"
        for r in results
        for kind, row in r["under_attack"].items()
        if row["errors"]
    ]
    if errors:
        lines += ["", "Failed probes: " + "; ".join(errors) + "."]
    return "\n".join(lines)


def _load_cell(load: dict | None) -> str:
    if not load:
        return ""
    errors = f", {load['errors']} errors" if load["errors"] else ""
    return f"{load['per_s']:.0f}, {fmt_ms(load['callback_p95'])}{errors}"


def build_parser() -> argparse.ArgumentParser:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m probes slow-clients", description=__doc__.split("\n\n")[0])
    parser.add_argument("--stack", choices=STACKS, default="production", help="what serves the app (production)")
    parser.add_argument("--compare", action="store_true", help="run every available stack in turn")
    parser.add_argument("--slow-headers", type=int, default=64, help="slow-header connections (64)")
    parser.add_argument("--slow-bodies", type=int, default=64, help="slow-body connections (64)")
    parser.add_argument("--idle", type=int, default=64, help="idle connections (64)")
    parser.add_argument("--seconds", type=float, default=30, help="length of the attack (30)")
    parser.add_argument("--quiet-seconds", type=float, default=5, help="probing before the attack (5)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument(
        "--load-seconds", type=float, default=15, help="throughput of 16 normal clients first, s (15; 0: skip)"
    )
    parser.add_argument("--out", type=Path, help="Markdown file to write the results into (between markers)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the probe; 0 when the stack (every stack with ``--compare``: the production one) held."""
    args = build_parser().parse_args(argv)
    command = command_line("slow-clients", argv)
    names = list(STACKS) if args.compare else [args.stack]
    results = []
    with tempfile.TemporaryDirectory(prefix="reform-slow-clients-") as folder:
        for name in names:
            why = available(name)
            if why is not None:
                print(f"{name}: skipped, {why}", file=sys.stderr)
                continue
            print(f"slow clients against {name} ...", flush=True)
            results.append(run_stack(name, args, Path(folder)))
    text = render(results, args, command.strip())
    print(text)
    if args.out:
        write_section(args.out, "slow-clients", text)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    judged = next((r for r in results if r["stack"] == ("production" if args.compare else args.stack)), None)
    return 0 if judged is not None and judged["ok"] else 1
