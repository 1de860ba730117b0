"""What every probe's report shares: the machine, percentiles, tables, and its section of a Markdown file.

Each probe writes its results between its own markers (``<!-- NAME:begin ... -->`` and
``<!-- NAME:end -->``) in ``docs/reliability.md``; the rest of the file is left alone.
"""

from __future__ import annotations

import contextlib
import os
import platform
import runpy
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path

from indicators.settings import DATA_MODES
from probes import ROOT


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100) of unsorted values."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))]


def latency_table(results: Iterable, key: Callable[[object], str], span: float, after: float) -> list[dict]:
    """Per group: requests, errors, retries, percentiles (ms), requests per second, p95 after warm-up."""
    groups: dict[str, list] = {}
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
                "refused": sum(getattr(r, "refused", False) for r in group),
                "p50": percentile(times, 50),
                "p95": percentile(times, 95),
                "p99": percentile(times, 99),
                "max": max(times),
                "p95_warm": percentile(warm, 95),
                "per_s": len(group) / span if span else 0.0,
            }
        )
    return rows


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


def fmt_ms(value: float) -> str:
    """Milliseconds for a table: no decimals from 10 on."""
    return f"{value:,.0f}" if value >= 10 else f"{value:.1f}"


def fmt_mb(kb: float) -> str:
    """Kilobytes as whole megabytes."""
    return f"{kb / 1024:,.0f}"


def latency_markdown(rows: list[dict], label: str) -> list[str]:
    """A Markdown table of :func:`latency_table` rows."""
    lines = [
        f"| {label} | requests | errors | retried | refused (busy) | p50 ms | p95 ms | p99 ms | max ms "
        "| p95 after warm-up | req/s |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['name']} | {row['requests']:,} | {row['errors']} | {row['retried']} | {row['refused']} | "
            f"{fmt_ms(row['p50'])} | "
            f"{fmt_ms(row['p95'])} | {fmt_ms(row['p99'])} | {fmt_ms(row['max'])} | {fmt_ms(row['p95_warm'])} | "
            f"{row['per_s']:.1f} |"
        )
    return lines


def command_line(probe: str, argv: list[str] | None) -> str:
    """``python -m probes PROBE ARGS`` as run, without ``--json FILE`` (a path of this machine)."""
    args = list(sys.argv[1:] if argv is None else argv)
    kept, skip = [], False
    for arg in args:
        if skip:
            skip = False
        elif arg == "--json":
            skip = True
        elif not arg.startswith("--json="):
            kept.append(arg)
    return " ".join(["python -m probes", probe, *kept])


def markers(name: str, command: str | None = None) -> tuple[str, str]:
    """The lines around a probe's section: ``<!-- NAME:begin: written by ... -->``, ``<!-- NAME:end -->``."""
    begin = f"<!-- {name}:begin: written by `python -m probes {command or name}`; edit outside these markers -->"
    return begin, f"<!-- {name}:end -->"


def write_section(path: Path, name: str, text: str, command: str | None = None) -> None:
    """Put ``text`` between the markers of probe ``name`` in ``path`` (appended when they are missing).

    ``text`` holds the body only; the markers are added here. A begin marker written by an older
    command is recognised by its start, ``<!-- NAME:begin``.
    """
    begin, end = markers(name, command)
    block = f"{begin}\n{text.strip()}\n{end}"
    if path.exists():
        old = path.read_text(encoding="utf-8")
        start, stop = old.find(f"<!-- {name}:begin"), old.find(end)
        if 0 <= start < stop:
            new = old[:start] + block + old[stop + len(end) :]
        else:
            new = old.rstrip("\n") + "\n\n" + block + "\n"
    else:
        new = "# Reliability\n\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new, encoding="utf-8")


def add_data_mode(parser) -> None:
    """``--data-mode``: the servers' data mode (published, as the production command serves, or live)."""
    parser.add_argument(
        "--data-mode",
        choices=DATA_MODES,
        default="published",
        help="the servers' data mode: published as in production (default), or live as for curators",
    )


def write_mode_section(path: Path, probe: str, mode: str, text: str) -> None:
    """Write a probe's results in the section of its data mode (``NAME``, or ``NAME-live``)."""
    name = probe if mode == "published" else f"{probe}-{mode}"
    write_section(path, name, text, command=f"{probe} --data-mode {mode}")
