"""``python -m benchmarks [--scale article|medium|large|all] [--quick] [--out FILE] [--work DIR]``.

Generates (or reuses) the data of each scale, runs every suite on it, prints the table and writes the
results file. Suites are modules with ``run(ScaleRun) -> list[Measurement]``, listed in ``SUITES``:
the loader (:mod:`benchmarks.loader_bench`), serving from a snapshot (:mod:`benchmarks.serving_bench`),
the server side of the app (:mod:`benchmarks.app_bench`) and the browser (:mod:`benchmarks.browser_bench`,
:mod:`benchmarks.switch_bench`).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks import (
    app_bench,
    browser_bench,
    environment,
    generate,
    loader_bench,
    report,
    serving_bench,
    switch_bench,
)
from benchmarks.measures import Measurement, ScaleRun
from benchmarks.synthetic.scales import SCALES

RESULTS_FILE = Path(__file__).resolve().parent / "results.md"

#: Suites run at every scale, in order (one line each: a suite is a ``run(ScaleRun)`` function).
SUITES: dict[str, Callable[[ScaleRun], list[Measurement]]] = {
    "loader": loader_bench.run,
    "serving": serving_bench.run,  # builds the scale's snapshot, which the app's servers then map
    "app": app_bench.run,
    "browser": browser_bench.run,
    "switch": switch_bench.run,
}

#: Measures of issue 6 with no suite yet: listed as not measured (none left).
APP_MEASURES: tuple[tuple[str, str, str], ...] = ()
APP_TARGETS: tuple[str, ...] = ()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=[*SCALES, "all"], default="all", help="default: all")
    parser.add_argument("--quick", action="store_true", help="one or two repetitions (the CI smoke test)")
    parser.add_argument("--out", type=Path, default=RESULTS_FILE, help=f"results file (default {RESULTS_FILE})")
    parser.add_argument("--work", type=Path, default=generate.WORK_DIR, help="where generated data is written")
    parser.add_argument(
        "--only",
        type=lambda text: [name.strip() for name in text.split(",") if name.strip()],
        default=None,
        metavar="SUITES",
        help=f"run only these suites (comma-separated: {', '.join(SUITES)}); needs --out, the table is partial",
    )
    args = parser.parse_args(argv)
    if args.only is not None:
        unknown = [name for name in args.only if name not in SUITES]
        if unknown:
            parser.error(f"unknown suite(s) {', '.join(unknown)}; choose from {', '.join(SUITES)}")
        if args.out == RESULTS_FILE:
            parser.error("--only writes a partial table: give --out (benchmarks/results.md is the full run's)")
    return args


def pending(scale: str, measured: list[Measurement] = ()) -> list[Measurement]:
    """Rows for the measures no suite took at this scale, marked as not measured yet."""
    taken = {m.key for m in measured if m.scale == scale}
    return [
        Measurement(scale, key, label, None, "s", baseline_label=baseline, note="not measured yet (needs a browser)")
        for key, label, baseline in APP_MEASURES
        if key not in taken
    ]


def _save_raw(out: Path, summaries: dict, measurements: list[Measurement]) -> None:
    # The raw figures beside the results file, kept even if a later scale or the report fails.
    raw = {"summaries": summaries, "measurements": [dataclasses.asdict(m) for m in measurements]}
    out.with_suffix(".json").write_text(json.dumps(raw, indent=1, ensure_ascii=False), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; 0 when every scale completed."""
    args = parse_args(argv)
    scales = list(SCALES) if args.scale == "all" else [args.scale]
    summaries: dict[str, dict[str, float]] = {}
    measurements: list[Measurement] = []
    started = time.perf_counter()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    load_averages: dict[str, float] = {}
    runs: list[ScaleRun] = []
    for name in scales:
        load_averages[name] = os.getloadavg()[0]
        print(f"[{time.perf_counter() - started:6.1f} s] {name}: generating data", file=sys.stderr, flush=True)
        scale = ScaleRun(name, generate.data_dir_for(name, args.work), args.quick)
        runs.append(scale)
        summaries[name] = loader_bench.data_summary(scale)
        print(f"[{time.perf_counter() - started:6.1f} s] {name}: measuring", file=sys.stderr, flush=True)
        for name_of_suite, suite in SUITES.items():
            if args.only is None or name_of_suite in args.only:
                measurements.extend(suite(scale))
        measurements.extend(pending(name, measurements))
        _save_raw(args.out, summaries, measurements)
    if len(runs) > 1 and (args.only is None or "loader" in args.only):
        print(f"[{time.perf_counter() - started:6.1f} s] all: scales taking turns", file=sys.stderr, flush=True)
        measurements.extend(loader_bench.scaling(runs))
        _save_raw(args.out, summaries, measurements)
    command = "python -m benchmarks " + " ".join(argv if argv is not None else sys.argv[1:])
    notes = [
        "Times are wall-clock seconds on an otherwise idle machine; the best of several runs for costs that are "
        "the same each time, the median for warm loads.",
        "The floor parses the same files, already read into memory, with `yaml.load(text, Loader=yaml.CSafeLoader)`"
        " (libyaml's parser with PyYAML's Python constructor); the loader also reads the files, keeps every line "
        "number, validates, derives and builds the frames.",
        "In-process cold loads start from `indicators.clear_cache()`; module-level caches (parsed periods) and "
        "first-use set-up stay warm. The fresh-process row shows a load with nothing warm.",
        "Every scale validates with zero problems (the benchmark fails otherwise).",
        "Ratios and targets use CPU time (user + system of the measuring process): the machine is shared, and "
        "1-minute load averages when each scale started were "
        + ", ".join(f"{name} {load:.1f}" for name, load in load_averages.items())
        + f" on {os.cpu_count()} cores.",
        "App side (benchmarks/app_bench.py): the chart callback is timed in-process through Flask's test client "
        "(the request, Dash's dispatch, our callback and the JSON answer; no network), taking turns with the "
        "floor: the same figure as the answer's (every trace, hover text, shape and annotation) built with "
        "go.Figure and serialized by fig.to_json(), with the answer computed each time (the answer cache "
        "emptied); a stricter floor (only the points as plain go.Scatter traces) and the cached answer are "
        "listed for reference. Its view is the three indicators of one unit with the most values at that scale.",
        "Throughput: each app under gunicorn with gunicorn.conf.py (2 gthread workers of 4 threads, preloaded), "
        "`--max-requests 0` (a recycled worker would measure a fork and reset its memory high-water mark), on "
        "loopback; 8 keep-alive client threads in the benchmark process post the chart callback back to back "
        "(after 1.5 s of warm-up) asking for compressed answers as a browser does; the app as configured, the "
        "app with `answer_cache_mb: 0`, then the bare app (benchmarks/bare_app.py). The clients share the 2 "
        "cores with the servers and with other work on the "
        "machine, so requests/s move with the load; server CPU per request (from /proc) is the steadier figure.",
        "Bytes: the requests a fresh browser makes for `/?tab=chart&ind=<view>` (the HTML, its scripts, style "
        "sheet and icon, _dash-layout, _dash-dependencies, the component chunks loaded on demand and plotly.js, "
        "the callbacks fired at load; the same 24 requests headless Chromium made), answered in-process with "
        "`Accept-Encoding: gzip, deflate, br, zstd` and with `identity` for the uncompressed figure.",
    ]
    load_averages_end = os.getloadavg()[0]
    notes.append(f"1-minute load average at the end of the run: {load_averages_end:.1f}.")
    if args.quick:
        notes.insert(0, "QUICK RUN (--quick): one or two repetitions; figures are indicative only.")
    text = report.markdown(
        command=command.strip(),
        machine=environment.machine(),
        versions=environment.versions(),
        summaries=summaries,
        measurements=measurements,
        pending_targets=APP_TARGETS,
        notes=notes,
    )
    args.out.write_text(text, encoding="utf-8")
    print(report.terminal(summaries, measurements))
    print(f"\nwrote {args.out}", file=sys.stderr)
    return 0
