"""Image storm: do clients looping on chart images (or decks) slow the chart callback down?

    python -m probes image-storm [--clients 8] [--kind png|deck] [--seconds 30] [--out docs/reliability.md]

On the production stack (nginx + gunicorn): every worker first draws an image (Chromium started),
then a normal client sends chart callbacks back to back for ``--idle-seconds`` (the idle figures),
then ``--clients`` clients loop on ``/chart/<id>.png`` (or 8-indicator ``/briefing.pptx`` decks)
while the normal client goes on. The callbacks are all different views (indicator, language, years),
so the answer cache does not hide the work. A client refused with 503 waits what ``Retry-After``
says (at most 5 s) before asking again, as a script should; ``--ignore-retry-after`` asks again at
once. The verdict: callback p95 during the storm at most twice the idle p95.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import itertools
import json
import tempfile
import threading
import time
from pathlib import Path

from probes.clients import PNG_MAGIC, Client, Request, Result
from probes.report import command_line, fmt_ms, machine, percentile, write_section
from probes.stacks import STACKS, running
from probes.workload import Workload

TARGET_RATIO = 2.0
ZIP_MAGIC = b"PK\x03\x04"


def callback_views(workload: Workload, years: range) -> itertools.cycle:
    """Distinct chart views (indicator, language, first year), each asked once per cycle."""
    views = [
        f"?tab=chart&ind={ind}&from={year}" + ("&lang=en" if lang == "en" else "")
        for year in years
        for ind in workload.indicators
        for lang in ("zh", "en")
    ]
    return itertools.cycle(views)


def callback_loop(port: int, workload: Workload, views: itertools.cycle, seconds: float) -> list[Result]:
    """One keep-alive client sending chart callbacks back to back."""
    client, results = Client(port, 30), []
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            results.append(client.send("callback", workload.chart_request(next(views))))
    finally:
        client.close()
    return results


def heavy_request(workload: Workload, kind: str, n: int) -> Request:
    """The n-th image (or deck) of a storm client: different indicators, languages and sizes."""
    ind = workload.indicators[n % len(workload.indicators)]
    lang = "en" if n % 2 else "zh"
    if kind == "deck":
        ids = ",".join((workload.indicators * 2)[n % len(workload.indicators) :][:8])
        path = f"/briefing.pptx?ind={ids}&lang={lang}"
        return Request(
            "/briefing.pptx", "GET", path, None, lambda s, ct, d: None if d[:4] == ZIP_MAGIC else "not a deck"
        )
    path = f"/chart/{ind}.png?lang={lang}&width={900 + 10 * (n % 30)}"
    return Request("/chart/<id>.png", "GET", path, None, lambda s, ct, d: None if d[:8] == PNG_MAGIC else "not a PNG")


def storm_client(port: int, workload: Workload, kind: str, index: int, stop: threading.Event, honor: bool, out: list):
    """Ask for images (or decks) until stopped; after a 503, wait its Retry-After (at most 5 s) if ``honor``."""
    n = index * 1000
    while not stop.is_set():
        n += 1
        request = heavy_request(workload, kind, n)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        started = time.monotonic()
        try:
            connection.request("GET", request.path)
            response = connection.getresponse()
            data = response.read()
            status, retry = response.status, response.getheader("Retry-After")
            error = (
                None if status == 503 else (request.check(status, "", data) if status == 200 else f"status {status}")
            )
        except (OSError, http.client.HTTPException) as exc:
            status, retry, error = None, None, f"connection: {type(exc).__name__}"
        finally:
            connection.close()
        out.append({"status": status, "seconds": time.monotonic() - started, "error": error, "retry_after": retry})
        if status == 503 and honor:
            stop.wait(min(5.0, float(retry or 1)))


def run(args: argparse.Namespace, workdir: Path) -> dict:
    """Warm up, measure idle, then the storm; the figures."""
    with running(args.stack, workdir, workers=args.workers) as stack:
        workload = Workload.discover(stack.port, {"callback": 1})
        warm: list = []
        stop = threading.Event()
        warmers = [
            threading.Thread(target=storm_client, args=(stack.port, workload, "png", i, stop, True, warm))
            for i in range(4)
        ]
        for thread in warmers:
            thread.start()
        stop.wait(8)  # every worker starts its Chromium
        stop.set()
        for thread in warmers:
            thread.join()
        idle = callback_loop(stack.port, workload, callback_views(workload, range(2000, 2010)), args.idle_seconds)
        stop, heavy = threading.Event(), []
        clients = [
            threading.Thread(
                target=storm_client,
                args=(stack.port, workload, args.kind, i, stop, not args.ignore_retry_after, heavy),
            )
            for i in range(args.clients)
        ]
        for thread in clients:
            thread.start()
        time.sleep(1)
        stormy = callback_loop(stack.port, workload, callback_views(workload, range(2010, 2020)), args.seconds)
        stop.set()
        for thread in clients:
            thread.join()
        return {"stack": stack.description, "idle": _calls(idle), "storm": _calls(stormy), "heavy": _heavy(heavy)}


def _calls(results: list[Result]) -> dict:
    times = [r.duration * 1000 for r in results] or [0.0]
    return {
        "requests": len(results),
        "errors": sum(not r.ok for r in results),
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
        "max": max(times),
    }


def _heavy(results: list[dict]) -> dict:
    served = [r["seconds"] * 1000 for r in results if r["status"] == 200 and r["error"] is None] or [0.0]
    refused = [r for r in results if r["status"] == 503]
    return {
        "requests": len(results),
        "served": sum(r["status"] == 200 and r["error"] is None for r in results),
        "refused_503": len(refused),
        "refused_with_retry_after": sum(r["retry_after"] is not None for r in refused),
        "errors": sorted({r["error"] for r in results if r["error"]}),
        "served_p50": percentile(served, 50),
        "served_p95": percentile(served, 95),
    }


def render(report: dict, args: argparse.Namespace, command: str) -> str:
    """The results as Markdown (the ``image-storm`` section)."""
    idle, storm, heavy = report["idle"], report["storm"], report["heavy"]
    what = "8-indicator briefing decks" if args.kind == "deck" else "chart PNGs"
    m = machine()
    return "\n".join(
        [
            f"### {'Deck' if args.kind == 'deck' else 'Image'} storm ({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC)",
            "",
            f"- Command: `{command}`; servers: {report['stack']}",
            f"- Machine: {m['cores']} cores, load average before the run {m['load_average_before'][0]:.2f}.",
            f"- {args.clients} clients loop on {what} for {args.seconds:g} s "
            + ("ignoring `Retry-After`" if args.ignore_retry_after else "(after a 503 each waits its `Retry-After`)")
            + f"; one client sends chart callbacks back to back, all different views. Idle: the same client "
            f"for {args.idle_seconds:g} s before.",
            "",
            "| chart callback | requests | errors | p50 ms | p95 ms | max ms |",
            "|---|--:|--:|--:|--:|--:|",
            *(
                f"| {name} | {row['requests']} | {row['errors']} | {fmt_ms(row['p50'])} | {fmt_ms(row['p95'])} | "
                f"{fmt_ms(row['max'])} |"
                for name, row in (("idle", idle), (f"during the {args.kind} storm", storm))
            ),
            "",
            f"- Callback p95 during the storm / idle: **{report['ratio']:.2f}×** (target ≤ {TARGET_RATIO:g}×: "
            f"{'met' if report['ok'] else '**missed**'}).",
            f"- Heavy requests: {heavy['requests']}, served {heavy['served']} (p50 {fmt_ms(heavy['served_p50'])} ms, "
            f"p95 {fmt_ms(heavy['served_p95'])} ms), refused with 503 {heavy['refused_503']} "
            f"({heavy['refused_with_retry_after']} with `Retry-After`), other errors: "
            f"{', '.join(heavy['errors']) or 'none'}.",
        ]
    )


def build_parser() -> argparse.ArgumentParser:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m probes image-storm", description=__doc__.split("\n\n")[0])
    parser.add_argument("--stack", choices=STACKS, default="production", help="what serves the app (production)")
    parser.add_argument("--clients", type=int, default=8, help="clients looping on images (8)")
    parser.add_argument("--kind", choices=("png", "deck"), default="png", help="chart PNGs or briefing decks (png)")
    parser.add_argument("--seconds", type=float, default=30, help="length of the storm (30)")
    parser.add_argument("--idle-seconds", type=float, default=15, help="callbacks measured before the storm (15)")
    parser.add_argument("--ignore-retry-after", action="store_true", help="ask again at once after a 503")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--out", type=Path, help="Markdown file to write the results into (between markers)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the probe; 0 when the callback p95 stayed within the target."""
    args = build_parser().parse_args(argv)
    command = command_line("image-storm", argv)
    with tempfile.TemporaryDirectory(prefix="reform-image-storm-") as folder:
        report = run(args, Path(folder))
    report["ratio"] = report["storm"]["p95"] / max(report["idle"]["p95"], 1e-9)
    report["ok"] = report["ratio"] <= TARGET_RATIO and report["storm"]["errors"] == 0
    text = render(report, args, command)
    print(text)
    if args.out:
        if args.kind == "png":
            write_section(args.out, "image-storm", text)
        else:
            write_section(args.out, "deck-storm", text, command="image-storm --kind deck")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0 if report["ok"] else 1
