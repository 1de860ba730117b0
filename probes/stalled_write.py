"""Stalled write: a data file rewritten in place stalls halfway; does anyone get half the data?

    python -m probes stalled-write [--stall 5] [--seconds 15] [--out docs/reliability.md]

On the production stack serving a copy of ``data/``, readers ask for ``/data/observations.csv`` and
``/healthz`` back to back. A few seconds in, the source file is rewritten in place, as an editor or
``cp`` does: truncated, its first half written (up to a record boundary, so that what is on disk
is valid YAML with fewer records), then nothing for ``--stall`` seconds, then the rest
(the same bytes: the data are the same before and after). A **partial answer** is a CSV whose rows
differ from the whole data's, or one that fails. The target: none.

``--data-mode published`` (the default, as ``./dev.sh serve`` runs): the servers serve the published
snapshot; once the write is over the folder is published again (``python -m indicators build``, as an
operator would), and the readers go on across the switch. ``--data-mode live``: the servers follow the
YAML as it is edited (for curators), which may serve a file caught mid-write; the report says so.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import tempfile
import time
from pathlib import Path

from cli.serve import publish_if_changed
from probes import now
from probes.data_files import Reader, copy_data, read_once
from probes.report import add_data_mode, command_line, fmt_ms, machine, write_mode_section
from probes.stacks import running


def cut_point(content: bytes, where: str) -> int:
    """Where the write stalls: halfway (``half``), or at the first record boundary after it (``record``).

    A cut at a record boundary leaves valid YAML with fewer records, the worst case: a cut anywhere
    else is a YAML error, and the loader keeps the file's last good version.
    """
    middle = len(content) // 2
    if where == "half":
        return middle
    boundary = content.find(b"\n  - id:", middle)
    return middle if boundary < 0 else boundary + 1


def stalled_rewrite(path: Path, stall: float, where: str) -> tuple[float, float]:
    """Rewrite ``path`` in place with its own bytes, stalling ``stall`` s at the cut; when it began and ended."""
    content = path.read_bytes()
    cut = cut_point(content, where)
    began = now()
    with open(path, "wb") as file:
        file.write(content[:cut])
        file.flush()
        os.fsync(file.fileno())
        time.sleep(stall)
        file.write(content[cut:])
    return began, now()


def run(args: argparse.Namespace, workdir: Path) -> dict:
    """Serve a copy of the data, read it while one file stalls mid-write; every reading."""
    data = copy_data(workdir)
    target = max((data / "sources").glob("*.yaml"), key=lambda p: p.stat().st_size)
    published = None
    with running("production", workdir, workers=args.workers, data_dir=data, data_mode=args.data_mode) as stack:
        whole = read_once(stack.port, "/data/observations.csv").rows
        readers = [Reader(stack.port, ["/data/observations.csv", "/healthz"]) for _ in range(args.clients)]
        for reader in readers:
            reader.start()
        time.sleep(args.before)
        began, ended = stalled_rewrite(target, args.stall, args.cut)
        if args.data_mode == "published":
            published = publish_if_changed(data.resolve()) == 0
        time.sleep(max(0.0, args.seconds - args.before - args.stall))
        for reader in readers:
            reader.stop()
        settled = read_once(stack.port, "/data/observations.csv").rows
    readings = [r for reader in readers for r in reader.readings]
    csv = [r for r in readings if r.path.startswith("/data/")]
    partial = [r for r in csv if r.status != 200 or r.rows != whole]
    health = [r for r in readings if r.path == "/healthz"]
    return {
        "data_mode": args.data_mode,
        "published_after_write": published,
        "file": f"data/sources/{target.name}",
        "bytes": target.stat().st_size,
        "whole_rows": whole,
        "rows_after": settled,
        "write": [began, ended],
        "csv_answers": len(csv),
        "partial": [{"t": r.t - began, "status": r.status, "rows": r.rows} for r in partial],
        "health_answers": len(health),
        "health_not_ok": sorted({f"{r.status} {r.health}" for r in health if r.status != 200 or r.health != "ok"}),
        "csv_p95_ms": sorted(r.ms for r in csv)[int(0.95 * (len(csv) - 1))] if csv else 0.0,
    }


def render(report: dict, args: argparse.Namespace, command: str) -> str:
    """The results as Markdown (the ``stalled-write`` section)."""
    m = machine()
    partial = report["partial"]
    first = f"; the first {partial[0]['t']:+.1f} s from the start of the write" if partial else ""
    rows = sorted({p["rows"] for p in partial if p["rows"] is not None})
    return "\n".join(
        [
            f"### Stalled write ({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC)",
            "",
            f"- Command: `{command}`",
            f"- Machine: {m['cores']} cores, load average before the run {m['load_average_before'][0]:.2f}.",
            f"- `{report['file']}` ({report['bytes']:,} bytes) rewritten in place with the same bytes, stalling "
            f"{args.stall:g} s {'at the first record boundary after half' if args.cut == 'record' else 'halfway'}, "
            f"while {args.clients} readers ask for `/data/observations.csv` and `/healthz` "
            f"back to back ({report['csv_answers']} CSV answers, p95 {fmt_ms(report['csv_p95_ms'])} ms).",
            f"- Data mode **{report['data_mode']}**"
            + (
                "; once the write was over the folder was published again "
                + ("(the readers went on across the switch)." if report["published_after_write"] else "and it FAILED.")
                if report["data_mode"] == "published"
                else ": the servers follow the YAML as it is edited (for curators)."
            ),
            f"- **Partial answers: {len(partial)}** (a CSV of other than {report['whole_rows']} rows, or a failure)"
            f"{first}" + (f"; rows seen: {rows}" if rows else "") + ".",
            f"- `/healthz` answers other than 200 ok: {', '.join(report['health_not_ok']) or 'none'}; "
            f"rows after the write settled: {report['rows_after']}.",
        ]
    )


def build_parser() -> argparse.ArgumentParser:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m probes stalled-write", description=__doc__.split("\n\n")[0])
    parser.add_argument("--stall", type=float, default=5, help="seconds the write stops halfway (5)")
    parser.add_argument("--seconds", type=float, default=15, help="length of the reading (15)")
    parser.add_argument(
        "--cut", choices=("record", "half"), default="record", help="stall at a record boundary, or halfway (record)"
    )
    parser.add_argument("--before", type=float, default=3, help="reading before the write starts, s (3)")
    parser.add_argument("--clients", type=int, default=4, help="readers (4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    add_data_mode(parser)
    parser.add_argument("--out", type=Path, help="Markdown file to write the results into (between markers)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the probe; 0 when no answer was partial."""
    args = build_parser().parse_args(argv)
    command = command_line("stalled-write", argv)
    with tempfile.TemporaryDirectory(prefix="reform-stalled-write-") as folder:
        report = run(args, Path(folder))
    text = render(report, args, command)
    print(text)
    if args.out:
        write_mode_section(args.out, "stalled-write", args.data_mode, text)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0 if not report["partial"] else 1
