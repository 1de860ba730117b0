"""Load, soak and faults against the app under gunicorn, on loopback, from one command.

    python -m probes soak [--clients 50] [--seconds 60] [--out docs/reliability.md]

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

Results go between the ``soak`` markers in ``--out`` (the rest of the file is left alone) and, with ``--json``,
as data. Exit status: 0 when every target was met (no errors under load, memory growth under 10%,
the service answered after each fault), 1 when one was missed, 2 when the server did not start.
Only the standard library is used for the clients (threads and ``http.client``).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import random
import shutil
import signal
import sys
import tempfile
import threading
import time
from dataclasses import asdict
from pathlib import Path

from probes import now
from probes.clients import Result
from probes.memory import MIN_SOAK_FOR_GROWTH_S, Sampler, cpu_summary, memory_summary
from probes.procs import descendants, read_procs
from probes.report import command_line, gunicorn_settings, latency_table, machine, write_section
from probes.servers import Server
from probes.soak_report import render_markdown
from probes.workload import Workload, one_request, run_load, service_answers

KINDS = ("page", "callback", "csv", "image")
DEFAULT_MIX = "page=30,callback=40,csv=25,image=5"
MEMORY_TARGET = 0.10


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
    parser = argparse.ArgumentParser(prog="python -m probes soak", description=__doc__.split("\n\n")[0])
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
    command = command_line("soak", argv)
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
        write_section(args.out, "soak", text)
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
        "total_refused": sum(r.refused for r in results),
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
