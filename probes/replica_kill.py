"""Replica kill: two app instances behind nginx; one dies under load; who notices?

    python -m probes replica-kill [--clients 8] [--seconds 20] [--out docs/reliability.md]

Starts two gunicorn instances (replicas) behind one nginx on loopback, configured as the production
command configures it (``deploy/nginx-proxy.conf``, both replicas in the ``upstream``), and sends
page loads, chart callbacks and CSV downloads from ``--clients`` keep-alive clients. At
``--kill-at`` of the run, one replica gets SIGKILL, master, workers and all (a machine that died).
The verdict: no request fails except those in flight at the kill, and afterwards the survivor
answers everything.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import tempfile
import threading
import time
from dataclasses import asdict
from pathlib import Path

from probes import now
from probes.clients import Result
from probes.report import command_line, latency_markdown, latency_table, machine, write_section
from probes.stacks import running
from probes.workload import Workload, run_load

MIX = {"page": 30, "callback": 50, "csv": 20}


def run(args: argparse.Namespace, workdir: Path) -> dict:
    """The load, the kill, and every request's result."""
    with running("production", workdir, workers=args.workers, replicas=2) as stack:
        workload = Workload.discover(stack.port, MIX)
        results: list[Result] = []
        start = now()
        loader = threading.Thread(
            target=lambda: results.extend(run_load(stack.port, workload, args.clients, args.seconds, 60, seed=5))
        )
        loader.start()
        time.sleep(args.seconds * args.kill_at)
        victim = stack.servers[0]
        killed_at = now()
        victim.kill()  # SIGKILL to the group, then wait until the master is reaped: its sockets are closed
        dead_at = now()
        loader.join()
        end = now()
        after = run_load(stack.port, workload, 2, 3, 30, seed=6)
        # In flight: overlapping the time from the signal until the replica's sockets were closed.
        in_flight = [r for r in results if r.start <= dead_at and r.start + r.duration >= killed_at]
        failed = [r for r in results if not r.ok]
        return {
            "servers": stack.description,
            "start": start,
            "end": end,
            "killed_at": killed_at,
            "dead_after_s": dead_at - killed_at,
            "requests": len(results),
            "in_flight_at_kill": len(in_flight),
            "failed_in_flight": [asdict(r) for r in failed if r in in_flight],
            "failed_otherwise": [asdict(r) for r in failed if r not in in_flight],
            "after_requests": len(after),
            "after_failed": sum(not r.ok for r in after),
            "by_kind": latency_table(results, lambda r: r.kind, end - start, 0),
            "nginx_log": stack.front.log() if stack.front else "",
        }


def render(report: dict, args: argparse.Namespace, command: str) -> str:
    """The results as Markdown (the ``replica-kill`` section)."""
    m = machine()
    lines = [
        f"### Replica killed behind nginx ({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC)",
        "",
        f"- Command: `{command}`; servers: {report['servers']}",
        f"- Machine: {m['cores']} cores, load average before the run {m['load_average_before'][0]:.2f}.",
        f"- {args.clients} keep-alive clients (pages, chart callbacks, CSV) for {args.seconds:g} s; one replica got "
        f"SIGKILL (its whole process group) {report['killed_at'] - report['start']:.1f} s in; its master was "
        f"reaped {report['dead_after_s'] * 1000:.0f} ms later.",
        f"- {report['requests']:,} requests; {report['in_flight_at_kill']} in flight at the kill (from the signal "
        "until the replica was reaped), of which "
        f"{len(report['failed_in_flight'])} failed; **{len(report['failed_otherwise'])} failed otherwise** "
        f"(target 0). Afterwards: {report['after_requests']} requests, {report['after_failed']} failed.",
        "",
        *latency_markdown(report["by_kind"], "kind"),
        "",
    ]
    for result in report["failed_in_flight"] + report["failed_otherwise"]:
        lines.append(
            f"- failed: {result['kind']} `{result['path'][:50]}` at {result['start'] - report['killed_at']:+.2f} s "
            f"from the kill: {result['error']}"
        )
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m probes replica-kill", description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8, help="keep-alive clients (8)")
    parser.add_argument("--seconds", type=float, default=20, help="length of the load (20)")
    parser.add_argument("--kill-at", type=float, default=0.3, help="share of the run after which one dies (0.3)")
    parser.add_argument("--workers", type=int, default=1, help="gunicorn workers per replica (1)")
    parser.add_argument("--out", type=Path, help="Markdown file to write the results into (between markers)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the probe; 0 when nothing failed but requests in flight at the kill."""
    args = build_parser().parse_args(argv)
    command = command_line("replica-kill", argv)
    with tempfile.TemporaryDirectory(prefix="reform-replica-kill-") as folder:
        report = run(args, Path(folder))
    report["ok"] = not report["failed_otherwise"] and report["after_failed"] == 0 and report["requests"] > 0
    text = render(report, args, command)
    print(text)
    if args.out:
        write_section(args.out, "replica-kill", text)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0 if report["ok"] else 1
