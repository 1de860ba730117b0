"""The loader side: YAML floor, cold and warm load, fresh-process load and peak RSS, the CSV export."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import time

import yaml

import indicators
from benchmarks.generate import ROOT
from benchmarks.measures import Measurement, ScaleRun, best_of, interleaved_best, median_of
from indicators.documents import discover
from indicators.tables import tidy_frame
from outputs.writers import to_csv_text

#: Timed repetitions per scale (the best is kept); quick mode is for the CI smoke test.
REPEATS = {"article": 20, "medium": 5, "large": 4}
QUICK_REPEATS = {"article": 2, "medium": 1, "large": 1}
#: Warm loads are a stat per file: time many and keep the median.
WARM_REPEATS = {"article": 200, "medium": 200, "large": 100}
QUICK_WARM_REPEATS = {"article": 20, "medium": 20, "large": 20}
FRESH_REPEATS = {"article": 3, "medium": 3, "large": 2}
QUICK_FRESH_REPEATS = {"article": 1, "medium": 1, "large": 1}


class GeneratedDataError(AssertionError):
    """The generated data did not validate cleanly, so the timings would not be of the real work."""


def data_summary(run: ScaleRun) -> dict[str, float]:
    """Files, bytes and records of a scale's data directory (the loader's own view of it)."""
    files = discover(run.data_dir)
    indicators.clear_cache()
    dataset = indicators.load_dataset(run.data_dir)
    if dataset.problems:
        listed = "\n".join(f"  {p}" for p in dataset.problems[:20])
        raise GeneratedDataError(f"{run.name}: the data has {len(dataset.problems)} problem(s):\n{listed}")
    indicators.clear_cache()
    return {
        "files": len(files),
        "megabytes": sum(s.size for _, s in files) / 1e6,
        "indicators": len(dataset.indicators),
        "sources": len(dataset.sources),
        "observations": len(dataset.observations),
        "derived": len(dataset.derived),
    }


def run(scale: ScaleRun) -> list[Measurement]:
    """Every loader measure at one scale."""
    repeats = scale.repeats(REPEATS, QUICK_REPEATS)
    paths = [path for path, _ in discover(scale.data_dir)]
    texts = [path.read_bytes().decode("utf-8-sig") for path in paths]

    def parse_all() -> None:
        for text in texts:
            yaml.load(text, Loader=yaml.CSafeLoader)

    def cold() -> None:
        dataset = indicators.load_dataset(scale.data_dir)
        if dataset.problems:
            raise GeneratedDataError(f"{scale.name}: {len(dataset.problems)} problem(s), first: {dataset.problems[0]}")

    # Both start from an empty cache: a dataset left in memory makes every collection of the cycle
    # collector during the floor's parse walk it (the floor at the large scale took 70 s instead of 40).
    def parse_all_collector_paused() -> None:
        gc.disable()
        try:
            parse_all()
        finally:
            gc.enable()

    clear = indicators.clear_cache
    timings = interleaved_best(
        repeats,
        {"floor": parse_all, "floor_paused": parse_all_collector_paused, "cold": cold},
        {"floor": clear, "floor_paused": clear, "cold": clear},
    )
    floor, floor_paused, cold_s = timings["floor"], timings["floor_paused"], timings["cold"]
    floor_label = "YAML floor"
    floor_s = floor.cpu
    indicators.clear_cache()
    dataset = indicators.load_dataset(scale.data_dir)
    warm_s = median_of(scale.repeats(WARM_REPEATS, QUICK_WARM_REPEATS), lambda: indicators.load_dataset(scale.data_dir))
    fresh = _fresh_process(scale)

    csv_bytes = 0

    def export() -> None:
        nonlocal csv_bytes
        csv_bytes = len(to_csv_text(tidy_frame(dataset)).encode("utf-8"))

    export_s = best_of(repeats, export)
    rows = len(dataset.observations) + len(dataset.derived)
    return [
        Measurement(
            scale.name,
            "floor",
            f"YAML floor: yaml.load(CSafeLoader) of the {len(paths)} files (best of {repeats}, turns with cold load)",
            floor.cpu,
            "s",
            note="the parse alone, files already in memory",
            wall=floor.wall,
            spread=floor.spread,
        ),
        Measurement(
            scale.name,
            "floor_paused",
            "YAML floor with the cycle collector paused (for reference)",
            floor_paused.cpu,
            "s",
            floor_s,
            floor_label,
            f"the loader pauses it while it builds; cold load / this = {cold_s.cpu / floor_paused.cpu:.2f}×",
            floor_paused.wall,
            floor_paused.spread,
        ),
        Measurement(
            scale.name,
            "cold_load",
            f"cold load + validate + derive, in-process (best of {repeats})",
            cold_s.cpu,
            "s",
            floor_s,
            floor_label,
            "clear_cache(); load_dataset(dir): read, parse, validate, derive, frames",
            cold_s.wall,
            cold_s.spread,
        ),
        Measurement(
            scale.name,
            "fresh_load",
            f"first load in a fresh process (best of {len(fresh['runs'])})",
            fresh["load_cpu_s"],
            "s",
            floor_s,
            floor_label,
            f"after `import indicators` ({fresh['import_cpu_s']:.2f} s CPU); first-use costs included",
            fresh["load_s"],
            fresh["spread"],
        ),
        Measurement(
            scale.name,
            "warm_load",
            f"warm load: cache hit (median of {scale.repeats(WARM_REPEATS, QUICK_WARM_REPEATS)})",
            warm_s.cpu,
            "s",
            cold_s.cpu,
            "cold load",
            "load_dataset(dir) again: one stat per file, nothing changed",
            warm_s.wall,
        ),
        Measurement(
            scale.name,
            "peak_rss",
            "peak RSS of a fresh process that loads the data",
            fresh["peak_rss_mb"],
            "MB",
            fresh["peak_rss_after_import_mb"],
            "after import",
            f"VmHWM; {fresh['peak_rss_after_import_mb']:.0f} MB of it is the interpreter and imports",
        ),
        Measurement(
            scale.name,
            "csv_export",
            f"full tidy CSV export, {rows:,} rows (best of {repeats})",
            export_s.cpu,
            "s",
            note=f"tidy_frame + to_csv_text on the loaded dataset; {csv_bytes / 1e6:.1f} MB of CSV",
            wall=export_s.wall,
            spread=export_s.spread,
        ),
    ]


#: Rounds of :func:`scaling`: every scale's load and export once per round.
SCALING_ROUNDS, QUICK_SCALING_ROUNDS = 3, 1


def scaling(scales: list[ScaleRun]) -> list[Measurement]:
    """Cold load, fresh-process load and CSV export of every scale, the scales taking turns.

    Whether a cost grows linearly is read from its cost per observation at two scales. Measured scale
    after scale, minutes apart, the load on the shared machine differed enough to move that ratio by a
    third (a large load at 103 µs an observation against 77 at medium one run, 95 against 99 taking
    turns); taking turns puts both scales under the same conditions.
    """
    rounds = QUICK_SCALING_ROUNDS if any(s.quick for s in scales) else SCALING_ROUNDS
    found: dict[str, dict[str, list[float]]] = {s.name: {"cold": [], "fresh": [], "export": []} for s in scales}
    for _ in range(rounds):
        for scale in scales:
            indicators.clear_cache()
            gc.collect()
            cpu = time.process_time()
            dataset = indicators.load_dataset(scale.data_dir)
            found[scale.name]["cold"].append(time.process_time() - cpu)
            cpu = time.process_time()
            to_csv_text(tidy_frame(dataset))
            found[scale.name]["export"].append(time.process_time() - cpu)
            del dataset
            indicators.clear_cache()
            found[scale.name]["fresh"].append(_fresh_run(scale)["load_cpu_s"])
    labels = {
        "cold": ("cold_load_turns", "cold load, scales taking turns"),
        "fresh": ("fresh_load_turns", "first load in a fresh process, scales taking turns"),
        "export": ("csv_export_turns", "full tidy CSV export, scales taking turns"),
    }
    return [
        Measurement(
            name,
            labels[what][0],
            f"{labels[what][1]} (best of {rounds})",
            min(times),
            "s",
            note="for the cost per observation across scales",
            spread=max(times) / min(times),
        )
        for name, measures in found.items()
        for what, times in measures.items()
    ]


def _fresh_run(scale: ScaleRun) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.fresh_load", str(scale.data_dir)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=1800,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"fresh-process load failed:\n{result.stderr}")
    found = json.loads(result.stdout.strip().splitlines()[-1])
    if found["problems"]:
        raise GeneratedDataError(f"{scale.name}: {found['problems']} problem(s) in a fresh process")
    return found


def _fresh_process(scale: ScaleRun) -> dict:
    runs = [_fresh_run(scale) for _ in range(scale.repeats(FRESH_REPEATS, QUICK_FRESH_REPEATS))]
    best = min(runs, key=lambda r: r["load_cpu_s"])
    spread = max(r["load_cpu_s"] for r in runs) / best["load_cpu_s"]
    return {**best, "peak_rss_mb": max(r["peak_rss_mb"] for r in runs), "runs": runs, "spread": spread}
