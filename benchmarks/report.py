"""The results as a table on the terminal and as ``benchmarks/results.md``, with the targets checked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.measures import Measurement

NOTES_FILE = Path(__file__).resolve().parent / "profiling-notes.md"


@dataclass(frozen=True, slots=True)
class Target:
    """A target of issue 6 on one measure: its value (or its ratio to its baseline) at most ``limit``."""

    text: str
    key: str
    limit: float
    scales: tuple[str, ...]
    on_ratio: bool = True
    at_least: bool = False  # the value must reach the limit rather than stay under it


ALL_SCALES = ("article", "medium", "large")
TARGETS = (
    Target("cold load ≤ 1.5× the CSafeLoader floor", "cold_load", 1.5, ("large",)),
    Target("warm load ≤ 10% of cold", "warm_load", 0.10, ALL_SCALES),
    Target("peak RSS ≤ 600 MB", "peak_rss", 600, ("large",), on_ratio=False),
    Target(
        "chart callback p50 (answer computed) ≤ 1.25× the floor: the same figure built with go.Figure + to_json",
        "chart_callback",
        1.25,
        ALL_SCALES,
    ),
    Target("chart callback throughput ≥ 70% of the bare Dash app", "throughput", 0.70, ("article",), at_least=True),
    Target(
        "server: largest process peak RSS ≤ 400 MB (issue 13; was 600)", "server_rss", 400, ("large",), on_ratio=False
    ),
    Target(
        "server ready from a snapshot ≤ 2 s (process start to first answer)",
        "ready_snapshot",
        2.0,
        ("large",),
        on_ratio=False,
    ),
    Target("warm PNG ≤ 0.35 s", "png_export", 0.35, ("article",), on_ratio=False),
    Target(
        "first chart painted, cold cache, ≤ 0.80× a static page of the full plotly.js and the figure",
        "first_paint",
        0.80,
        ALL_SCALES,
    ),
    Target("the same, warm cache, ≤ 1.0× the warm static page", "first_paint_warm", 1.0, ALL_SCALES),
    Target("switching indicator, click to painted, ≤ 100 ms", "switch", 0.100, ("article",), on_ratio=False),
    Target("switching indicator, click to painted, ≤ 250 ms", "switch", 0.250, ("large",), on_ratio=False),
)
#: "The browser never receives the whole dataset": bytes at a scale over bytes at the article scale.
BYTES_KEYS = {
    "bytes_first_page": "bytes for the first page",
    "bytes_chart_update_fixed": "bytes for one chart update of the same view",
}
BYTES_LIMIT = 1.10
#: "No cost growing worse than linearly in observations": per-observation cost at large over medium,
#: from the runs where the scales took turns (see loader_bench.scaling). The floor is shown per
#: observation too, but it is YAML's cost, not a target.
LINEAR_KEYS = ("floor", "cold_load_turns", "fresh_load_turns", "csv_export_turns", "peak_rss")
LINEAR_TARGETS = LINEAR_KEYS[1:]
_LINEAR_NAMES = {
    "cold_load_turns": "cold load",
    "fresh_load_turns": "first load in a fresh process",
    "csv_export_turns": "CSV export",
    "peak_rss": "memory added by a load",
}
LINEAR_LIMIT = 1.25


@dataclass(frozen=True, slots=True)
class Verdict:
    """A target checked at one scale."""

    target: str
    scale: str
    measured: str
    status: str  # PASS, MISS, or why it was not checked


def format_value(value: float | None, unit: str) -> str:
    """A value with its unit, in the precision that matters for it."""
    if value is None:
        return "—"
    if unit == "s":
        if value < 0.001:
            return f"{value * 1e6:.0f} µs"
        if value < 1:
            return f"{value * 1e3:.1f} ms"
        return f"{value:.2f} s"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "B":
        return f"{value / 1e3:.1f} kB" if value < 1e6 else f"{value / 1e6:.2f} MB"
    return f"{value:.3g} {unit}"


def _ratio(m: Measurement) -> str:
    if m.ratio is None:
        return ""
    return f"{m.ratio:.1%}" if m.ratio < 0.1 else f"{m.ratio:.2f}×"


def results_table(measurements: Iterable[Measurement]) -> list[str]:
    """Markdown rows: scale, measure, value, what it is compared with, the ratio, notes."""
    lines = [
        "| scale | measure | CPU time or value | wall clock | compared with | ratio | notes |",
        "|---|---|---:|---:|---|---:|---|",
    ]
    for m in measurements:
        baseline = (
            f"{m.baseline_label} {format_value(m.baseline, m.unit)}" if m.baseline is not None else m.baseline_label
        )
        value = format_value(m.value, m.unit) if m.value is not None else "not measured yet"
        wall = format_value(m.wall, "s") if m.wall is not None else ""
        note = f"{m.note}; slowest run +{m.spread - 1:.0%}" if m.spread is not None and m.spread > 1 else m.note
        lines.append(f"| {m.scale} | {m.label} | {value} | {wall} | {baseline} | {_ratio(m)} | {note} |")
    return lines


def scales_table(summaries: dict[str, dict[str, float]]) -> list[str]:
    """Markdown rows describing the data of each scale."""
    lines = [
        "| scale | files | YAML | indicators | sources | observations | derived values |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, s in summaries.items():
        lines.append(
            f"| {name} | {s['files']:,} | {s['megabytes']:.1f} MB | {s['indicators']:,} | {s['sources']:,} | "
            f"{s['observations']:,} | {s['derived']:,} |"
        )
    return lines


def per_observation(measurements: list[Measurement], summaries: dict[str, dict[str, float]]) -> dict:
    """Cost per curated observation of each measure at each scale (µs, or KB for memory)."""
    costs: dict[str, dict[str, float]] = {}
    for m in measurements:
        if m.key not in LINEAR_KEYS or m.value is None or m.scale not in summaries:
            continue
        count = summaries[m.scale]["observations"]
        if m.key == "peak_rss":
            # Only what loading added: the interpreter and the imports are the same at every scale.
            costs.setdefault(m.scale, {})[m.key] = (m.value - (m.baseline or 0)) * 1024 / count
        else:
            costs.setdefault(m.scale, {})[m.key] = m.value * 1e6 / count
    return costs


def scaling_table(costs: dict[str, dict[str, float]]) -> list[str]:
    """Markdown rows: per-observation costs, which stay flat when costs grow linearly."""
    header = {
        "floor": "YAML floor µs/obs",
        "cold_load_turns": "cold load µs/obs",
        "fresh_load_turns": "fresh-process load µs/obs",
        "csv_export_turns": "CSV export µs/obs",
        "peak_rss": "RSS added KB/obs",
    }
    lines = ["| scale | " + " | ".join(header.values()) + " |", "|---|" + "---:|" * len(header)]
    for scale, values in costs.items():
        cells = [f"{values[k]:.1f}" if k in values else "—" for k in header]
        lines.append(f"| {scale} | " + " | ".join(cells) + " |")
    return lines


def verdicts(measurements: list[Measurement], costs: dict[str, dict[str, float]]) -> list[Verdict]:
    """Every target, PASS or MISS where it was measured."""
    by_key = {(m.scale, m.key): m for m in measurements}
    found = []
    for target in TARGETS:
        for scale in target.scales:
            m = by_key.get((scale, target.key))
            if m is None or m.value is None:
                found.append(Verdict(target.text, scale, "—", "not run at this scale"))
                continue
            measured = m.ratio if target.on_ratio else m.value
            assert measured is not None
            shown = _ratio(m) if target.on_ratio else format_value(m.value, m.unit)
            met = measured >= target.limit if target.at_least else measured <= target.limit
            found.append(Verdict(target.text, scale, shown, "PASS" if met else "MISS"))
    for key, name in BYTES_KEYS.items():
        base = by_key.get(("article", key))
        for scale in ALL_SCALES[1:]:
            m = by_key.get((scale, key))
            text = f"{name} do not grow with the data: at most {BYTES_LIMIT:.2f}× the article scale's"
            if m is None or m.value is None or base is None or not base.value:
                found.append(Verdict(text, f"article→{scale}", "—", "needs both scales"))
                continue
            growth = m.value / base.value
            status = "PASS" if growth <= BYTES_LIMIT else "MISS"
            found.append(Verdict(text, f"article→{scale}", f"{growth:.2f}×", status))
    for key in LINEAR_TARGETS:
        text = f"{_LINEAR_NAMES[key]}: cost per observation at large ≤ {LINEAR_LIMIT}× at medium (no worse than linear)"
        if costs.get("medium", {}).get(key, 0) > 0 and key in costs.get("large", {}):
            growth = costs["large"][key] / costs["medium"][key]
            found.append(Verdict(text, "medium→large", f"{growth:.2f}×", "PASS" if growth <= LINEAR_LIMIT else "MISS"))
        else:
            found.append(Verdict(text, "medium→large", "—", "needs medium and large"))
    return found


def verdicts_table(found: list[Verdict], pending: Iterable[str]) -> list[str]:
    """Markdown rows of the targets; app-side targets are listed as not measured yet."""
    lines = ["| target | scale | measured | status |", "|---|---|---:|---|"]
    lines += [f"| {v.target} | {v.scale} | {v.measured} | {v.status} |" for v in found]
    lines += [f"| {text} | — | — | not measured yet (needs a browser) |" for text in pending]
    return lines


def markdown(
    *,
    command: str,
    machine: dict[str, str],
    versions: dict[str, str],
    summaries: dict[str, dict[str, float]],
    measurements: list[Measurement],
    pending_targets: Iterable[str],
    notes: Iterable[str],
) -> str:
    """The whole ``results.md``."""
    costs = per_observation(measurements, summaries)
    found = verdicts(measurements, costs)
    lines = [
        "# Benchmark results",
        "",
        f"Written by `{command}` on {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}. Regenerate with "
        "`python -m benchmarks` (all scales) or `python -m benchmarks --scale medium`; the profiling notes at "
        "the end come from `benchmarks/profiling-notes.md`.",
        "",
        "## Machine",
        "",
        *[f"- {k}: {v}" for k, v in machine.items()],
        "",
        "## Versions",
        "",
        *[f"- {k}: {v}" for k, v in versions.items()],
        "",
        "## Data",
        "",
        *scales_table(summaries),
        "",
        "## Results",
        "",
        *results_table(measurements),
        "",
        "## Cost per observation",
        "",
        "Flat columns mean the cost grows linearly with the number of observations (the article scale is "
        "too small for this: fixed costs dominate it). Loads and exports are from the runs where the scales "
        "took turns, so that each ratio compares runs made under the same load on the machine.",
        "",
        *scaling_table(costs),
        "",
        "## Targets",
        "",
        *verdicts_table(found, pending_targets),
        "",
        "## Notes",
        "",
        *[f"- {note}" for note in notes],
        "",
    ]
    if NOTES_FILE.exists():
        lines += [NOTES_FILE.read_text(encoding="utf-8").rstrip(), ""]
    return "\n".join(lines)


def terminal(summaries: dict[str, dict[str, float]], measurements: list[Measurement]) -> str:
    """What ``python -m benchmarks`` prints: the data, the results, the per-observation costs, the targets."""
    costs = per_observation(measurements, summaries)
    return "\n".join(
        [
            *scales_table(summaries),
            "",
            *results_table(measurements),
            "",
            *scaling_table(costs),
            "",
            *verdicts_table(verdicts(measurements, costs), []),
        ]
    )
