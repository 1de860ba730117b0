"""Big file: a very large data file is published; what does it cost the server, and everyone else?

    python -m probes big-file [--mb 12] [--out docs/reliability.md]

On the production stack serving a copy of ``data/``, a source file of about ``--mb`` MB (one
source, many observations of a real indicator, one a day) is published by rename (whole at once).
Readers ask for ``/healthz`` and ``/data/observations.csv`` throughout. Measured: the server's memory,
how long until ``/healthz`` shows the new data, and how the readers' answers fared meanwhile.

``--data-mode published`` (the default, as ``./dev.sh serve`` runs): after the rename the folder is
published (``python -m indicators build``, a process outside the server, as an operator would) and the
servers switch to the new snapshot. ``--data-mode live``: the server's builder process rebuilds the
snapshot from the YAML as it changes (for curators).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from cli.serve import publish_if_changed
from probes import now
from probes.data_files import MemoryWatch, Reader, Reading, copy_data, read_once
from probes.report import add_data_mode, command_line, fmt_ms, machine, percentile, write_mode_section
from probes.stacks import running

#: Indicators of data/ the file's observations go to, one after another: a day each from 1900 reaches
#: the source's publication (2026) after about 46,000 days, so a 12 MB file needs two.
INDICATORS = ("national_high_tech_enterprises", "above_scale_enterprises", "little_giant_enterprises")
DAYS_PER_INDICATOR = 40_000

OBSERVATION = """  - id: big-{n}
    indicator: {indicator}
    period: "{day}"
    value: {n}
    qualifier: exact
    quote: 第{n}条：数值{n}
"""


def big_source(megabytes: float) -> str:
    """A source file of about ``megabytes`` MB: one source, one observation a day from 1900 on, per indicator."""
    head = (
        "source:\n  id: big-probe\n  title:\n    zh: 大文件探针\n    en: Big file probe\n"
        "  publisher:\n    zh: 探针\n    en: Probe\n  kind: government_media\n  url: null\n"
        "  date_published: 2026-01-01\n  date_accessed: 2026-01-01\nobservations:\n"
    )
    parts, size, n, day = [head], len(head), 0, date(1900, 1, 1)
    while size < megabytes * 1024 * 1024:
        n += 1
        indicator = INDICATORS[(n // DAYS_PER_INDICATOR) % len(INDICATORS)]
        offset = timedelta(days=n % DAYS_PER_INDICATOR)
        text = OBSERVATION.format(n=n, indicator=indicator, day=(day + offset).isoformat())
        parts.append(text)
        size += len(text.encode())
    return "".join(parts)


def run(args: argparse.Namespace, workdir: Path) -> dict:
    """Serve a copy of the data, publish the big file, watch memory and the readers."""
    data = copy_data(workdir)
    with running("production", workdir, workers=args.workers, data_dir=data, data_mode=args.data_mode) as stack:
        before = read_once(stack.port, "/healthz")
        watch = MemoryWatch(stack.servers[0].pid)
        watch.start()
        readers = [Reader(stack.port, ["/healthz", "/data/observations.csv"]) for _ in range(args.clients)]
        for reader in readers:
            reader.start()
        time.sleep(3)
        text = big_source(args.mb)
        staging = data / "sources" / ".big-probe.yaml.tmp"
        staging.write_text(text, encoding="utf-8")
        published = now()
        staging.rename(data / "sources" / "big-probe.yaml")
        if args.data_mode == "published" and publish_if_changed(data.resolve()):
            raise RuntimeError("the data folder with the big file could not be published")
        deadline = time.monotonic() + args.timeout
        while time.monotonic() < deadline:
            if any(r.t > published and _changed(r, before) for rd in readers for r in rd.readings):
                break
            time.sleep(0.5)
        time.sleep(args.after)
        for reader in readers:
            reader.stop()
        watch.stop()
        after = read_once(stack.port, "/healthz")
    readings = [r for reader in readers for r in reader.readings]
    changed = [
        r.t - published for r in readings if r.t > published and r.observations not in (None, before.observations)
    ]
    during = [r for r in readings if r.t > published]
    health_ms = [r.ms for r in during if r.path == "/healthz"] or [0.0]
    idle = [s for s in watch.samples if s[0] < published]
    return {
        "megabytes": len(text.encode()) / 1024 / 1024,
        "observations_in_file": text.count("  - id: big-"),
        "health_before": f"{before.status} {before.health}, {before.observations} observations",
        "health_after": f"{after.status} {after.health}, {after.observations} observations",
        "first_changed_s": min(changed, default=None),
        "rss_before_mb": idle[-1][1] if idle else None,
        "rss_peak_mb": max((s[1] for s in watch.samples), default=None),
        "worker_peak_mb": max((s[2] for s in watch.samples), default=None),
        "rss_end_mb": watch.samples[-1][1] if watch.samples else None,
        "answers_after_publish": len(during),
        "failed_after_publish": sum(r.status is None or r.status >= 500 for r in during),
        "healthz_p95_ms": percentile(health_ms, 95),
        "healthz_max_ms": max(health_ms),
    }


def _changed(reading: Reading, before: Reading) -> bool:
    """``/healthz`` tells of the new file: more observations, or another status (a refused file)."""
    return reading.health is not None and (reading.health, reading.observations) != (before.health, before.observations)


def render(report: dict, args: argparse.Namespace, command: str) -> str:
    """The results as Markdown (the ``big-file`` section)."""
    m = machine()
    first = report["first_changed_s"]
    return "\n".join(
        [
            f"### Big file ({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC)",
            "",
            f"- Command: `{command}`",
            f"- Machine: {m['cores']} cores, load average before the run {m['load_average_before'][0]:.2f}; "
            f"{args.workers} gunicorn workers.",
            f"- Data mode **{args.data_mode}**"
            + (
                ": after the rename the folder was published by `python -m indicators build` (outside the server)."
                if args.data_mode == "published"
                else ": the server's builder process rebuilt the snapshot from the YAML."
            ),
            f"- Published by rename: a source file of {report['megabytes']:.1f} MB with "
            f"{report['observations_in_file']:,} observations; {args.clients} readers on `/healthz` and "
            "`/data/observations.csv` throughout.",
            f"- `/healthz` before: {report['health_before']}; after: {report['health_after']}; first answer "
            "telling of the new file "
            + (f"{first:.1f} s after the rename." if first is not None else f"**not within {args.timeout:g} s**."),
            f"- Server memory (RSS, master and workers): {report['rss_before_mb']:,.0f} MB before, "
            f"**{report['rss_peak_mb']:,.0f} MB at the peak** (largest worker {report['worker_peak_mb']:,.0f} MB), "
            f"{report['rss_end_mb']:,.0f} MB at the end.",
            f"- Readers after the rename: {report['answers_after_publish']} answers, "
            f"{report['failed_after_publish']} failed (5xx or no answer); `/healthz` p95 "
            f"{fmt_ms(report['healthz_p95_ms'])} ms, max {fmt_ms(report['healthz_max_ms'])} ms.",
        ]
    )


def build_parser() -> argparse.ArgumentParser:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m probes big-file", description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=12, help="size of the file, MB (12; the loader refuses 16 MiB)")
    parser.add_argument("--clients", type=int, default=2, help="readers (2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--timeout", type=float, default=120, help="longest wait for the new data, s (120)")
    parser.add_argument("--after", type=float, default=5, help="reading after the new data showed, s (5)")
    add_data_mode(parser)
    parser.add_argument("--out", type=Path, help="Markdown file to write the results into (between markers)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the probe; 0 when no reader's request failed (memory is reported, not judged)."""
    args = build_parser().parse_args(argv)
    command = command_line("big-file", argv)
    with tempfile.TemporaryDirectory(prefix="reform-big-file-") as folder:
        report = run(args, Path(folder))
    text = render(report, args, command)
    print(text)
    if args.out:
        write_mode_section(args.out, "big-file", args.data_mode, text)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0 if report["failed_after_publish"] == 0 else 1
