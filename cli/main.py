"""Command line: ``python -m indicators validate|build|export|chart|briefing ...`` (see :mod:`cli`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from cli.build import add_build_command
from indicators.dataset import Dataset, default_data_dir, load_dataset
from indicators.periods import PeriodError, parse_period
from indicators.problems import DataError, Severity
from indicators.settings import Settings, SettingsError, load_settings
from indicators.tables import export_filename


def _load(data_dir: Path | None) -> Dataset:
    return load_dataset(data_dir if data_dir is not None else default_data_dir())


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate a data directory; print a summary and every problem. Exit 1 on any error."""
    dataset = _load(args.data_dir)
    print(f"Data directory: {dataset.data_dir}")
    print(
        f"  {len(dataset.files)} files, {len(dataset.sources)} sources, {len(dataset.indicators)} indicators "
        f"({int(dataset.indicators['derived'].sum())} derived), {len(dataset.observations)} observations, "
        f"{len(dataset.derived)} derived values, {len(dataset.events)} events"
    )
    for source_id, count in dataset.observations.groupby("source_id").size().items():
        print(f"  source {source_id}: {count} observations")
    errors, warnings = dataset.errors, dataset.warnings
    for problem in sorted(dataset.problems, key=lambda p: (p.file, p.line or 0)):
        print(str(problem), file=sys.stderr if problem.severity is Severity.ERROR else sys.stdout)
    if errors:
        print(
            f"FAILED: {len(errors)} error(s), {len(warnings)} warning(s); records with errors were not loaded.",
            file=sys.stderr,
        )
        return 1
    print(f"OK: no errors, {len(warnings)} warning(s).")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Write an export: CSV to stdout (or --out), xlsx and zip to --out or a dated file here."""
    from outputs.writers import csv_bytes, xlsx_bytes, zip_bytes  # openpyxl: only for exports

    dataset = _load(args.data_dir)
    ids = args.indicator or None
    # Without --lang a tidy CSV keeps the stable columns only (scripts read it); everything else is for people.
    lang = args.lang if args.lang is not None else (None if (args.format, args.layout) == ("csv", "tidy") else "zh")
    # Standard output is usually piped into a program: no BOM there unless asked; files get one for Excel.
    to_stdout = args.format == "csv" and args.out is None
    bom = args.bom if args.bom is not None else not to_stdout
    options = {"layout": args.layout, "lang": lang, "start": args.start, "end": args.end}
    try:
        if args.format == "csv":
            content = csv_bytes(dataset, ids, bom=bom, **options)
        elif args.format == "xlsx":
            content = xlsx_bytes(dataset, ids, **options)
        else:
            content = zip_bytes(dataset, ids, bom=bom, **options)
    except KeyError as exc:
        print(f"error: unknown indicator id(s): {exc.args[0]}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out = args.out
    if to_stdout:
        _write_stdout(content)
    else:
        out = out if out is not None else Path(export_filename(ids, args.format))
        out.write_bytes(content)
        print(f"Wrote {args.format} ({args.layout}) to {out.resolve()}", file=sys.stderr)
    if dataset.errors:
        print(
            f"warning: {len(dataset.errors)} record(s) were rejected and are not in the export; "
            "run 'validate' to list them",
            file=sys.stderr,
        )
    return 0


# The figures, images and the deck live in `layouts` (plotly, kaleido, python-pptx), which this package
# must not import at module level: `indicators` stays free of the dashboard's layers, and `validate` and
# `export` start without loading plotly. `layouts.figures`, `outputs.images` and `outputs.briefing` do
# not import Dash, so these commands do not load it either (a test checks).


def _chart_settings() -> Settings:
    """Number style and theme from config.yaml, as the dashboard draws them."""
    try:
        return load_settings()
    except SettingsError as exc:
        print(f"warning: {exc}; using the default number style and theme", file=sys.stderr)
        return Settings()


def _unknown(dataset: Dataset, ids: Sequence[str]) -> list[str]:
    return [i for i in ids if i not in dataset.indicators.index]


def cmd_chart(args: argparse.Namespace) -> int:
    """Write the chart of some indicators as PNG (2x), SVG or a standalone HTML page."""
    from layouts.figures import chart_title, view_figure
    from layouts.view_state import MAX_INDICATORS, ViewMode, ViewState
    from outputs import images

    fmt = args.format or args.out.suffix.lstrip(".").lower()
    if fmt not in ("png", "svg", "html"):
        print(f"error: cannot tell the format from {args.out.name!r}: give --format png|svg|html", file=sys.stderr)
        return 2
    dataset = _load(args.data_dir)
    ids = list(dict.fromkeys(args.ids))
    unknown = _unknown(dataset, ids)
    if unknown:
        print(f"error: unknown indicator id(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    if len(ids) > MAX_INDICATORS:
        print(f"error: at most {MAX_INDICATORS} indicators fit one chart", file=sys.stderr)
        return 2
    settings = _chart_settings()
    width = images.clamp(args.width, images.WIDTH_BOUNDS)
    height = images.clamp(args.height, images.HEIGHT_BOUNDS)
    state = ViewState(lang=args.lang, indicators=tuple(ids), view=ViewMode(args.view))
    view = view_figure(dataset, state, style=settings.number_style, theme=settings.theme, height=height)
    left_out = [i for i in ids if i not in view.indicators]
    if left_out:
        print(f"note: left out (another unit than {ids[0]}): {', '.join(left_out)}", file=sys.stderr)
    if "no-before-after" in view.notes:
        print("note: no value before and after the founding: drawn over time instead", file=sys.stderr)
    if fmt == "html":
        title = chart_title(dataset, view.indicators, args.lang)
        args.out.write_text(images.figure_html(view.figure, args.lang, title), encoding="utf-8")
    else:
        try:
            args.out.write_bytes(images.figure_image(view.figure, fmt, width=width, height=height))
        except images.ImageError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    print(f"Wrote {fmt} chart of {', '.join(view.indicators)} to {args.out.resolve()}", file=sys.stderr)
    return 0


def cmd_briefing(args: argparse.Namespace) -> int:
    """Write a PowerPoint deck: a title slide, then a slide per indicator with quotes in the notes."""
    from outputs.briefing import briefing_pptx
    from outputs.images import ImageError

    dataset = _load(args.data_dir)
    ids = list(dict.fromkeys(args.ids)) or list(dataset.indicators.index[dataset.indicators["headline"]])
    unknown = _unknown(dataset, ids)
    if unknown:
        print(f"error: unknown indicator id(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    settings = _chart_settings()
    out = args.out if args.out is not None else Path(export_filename(args.ids or None, "pptx"))
    try:
        content = briefing_pptx(dataset, ids, args.lang, style=settings.number_style, theme=settings.theme)
    except ImageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    out.write_bytes(content)
    print(f"Wrote a briefing of {len(ids)} indicator(s) to {out.resolve()}", file=sys.stderr)
    return 0


def _write_stdout(content: bytes) -> None:
    """Write bytes as they are (the console's encoding must not re-encode the UTF-8)."""
    sys.stdout.flush()
    if hasattr(sys.stdout, "buffer"):
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
    else:  # a replaced stream without bytes (some test runners)
        sys.stdout.write(content.decode("utf-8"))


def _date_bound(end: bool):
    """Parse --start/--end: a day, or a month/quarter/year meaning its first (start) or last (end) day."""

    def parse(text: str) -> date:
        try:
            period = parse_period(text)
        except PeriodError as exc:
            raise argparse.ArgumentTypeError(f"{exc}; write a date such as 2022-08-23, 2022-08 or 2022") from None
        return period.end if end else period.start

    return parse


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(
        prog="python -m indicators",
        description="Curated reform indicators: validate, publish, export, draw charts, write a briefing.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check every data file and report every problem")
    validate.add_argument(
        "data_dir", nargs="?", type=Path, default=None, help="data folder (default: $REFORM_DATA_DIR or data/)"
    )
    validate.set_defaults(func=cmd_validate)
    add_build_command(commands)

    export = commands.add_parser(
        "export",
        help="write the data as CSV, an Excel workbook or a zip with its metadata",
        description="Write the data as CSV, an Excel workbook (xlsx) or a zip of the CSV with its metadata. "
        "CSV goes to standard output unless --out is given; xlsx and zip go to --out, or to a dated file "
        "in the current folder.",
    )
    export.add_argument("--format", choices=["csv", "xlsx", "zip"], default="csv", help="file format (default csv)")
    export.add_argument(
        "--layout",
        choices=["tidy", "wide"],
        default="tidy",
        help="tidy: one row per value, every source (default); wide: one row per period, one column per indicator",
    )
    export.add_argument("--indicator", action="append", metavar="ID", help="only this indicator (repeatable)")
    export.add_argument(
        "--lang",
        choices=["zh", "en"],
        default=None,
        help="language of the readable columns and wide headers (default zh, except a tidy csv, which then "
        "has the stable columns only, for scripts)",
    )
    export.add_argument(
        "--bom",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="start CSV files with a UTF-8 byte order mark, which Excel needs to read Chinese "
        "(default: yes for files, no on standard output)",
    )
    export.add_argument(
        "--start", type=_date_bound(end=False), default=None, metavar="DATE", help="only periods ending on or after it"
    )
    export.add_argument(
        "--end", type=_date_bound(end=True), default=None, metavar="DATE", help="only periods starting on or before it"
    )
    export.add_argument(
        "--out", type=Path, default=None, help="file to write (default: standard output for csv, else a dated file)"
    )
    export.add_argument("--data-dir", type=Path, default=None, help="data folder (default: $REFORM_DATA_DIR or data/)")
    export.set_defaults(func=cmd_export)

    chart = commands.add_parser(
        "chart",
        help="draw the chart of some indicators as PNG, SVG or an interactive HTML page",
        description="Draw the dashboard's chart of one or more indicators (same unit) with its title, unit, "
        "qualifier marks and source line: PNG at twice the size (for slides), SVG, or an HTML page that "
        "works offline.",
    )
    chart.add_argument("ids", nargs="+", metavar="ID", help="indicator id(s), drawn together")
    chart.add_argument("--format", choices=["png", "svg", "html"], default=None, help="default: from --out")
    chart.add_argument("--lang", choices=["zh", "en"], default="zh", help="language (default zh)")
    chart.add_argument(
        "--view", choices=["trend", "before-after"], default="trend", help="over time, or before/after founding"
    )
    chart.add_argument("--width", type=int, default=1200, help="width in CSS pixels (PNG has twice as many)")
    chart.add_argument("--height", type=int, default=675, help="height in CSS pixels (default 675: 16:9)")
    chart.add_argument("--out", type=Path, required=True, help="file to write")
    chart.add_argument("--data-dir", type=Path, default=None, help="data folder (default: $REFORM_DATA_DIR or data/)")
    chart.set_defaults(func=cmd_chart)

    briefing = commands.add_parser(
        "briefing",
        help="write a PowerPoint briefing: a slide per indicator, quotes in the speaker notes",
        description="Write a 16:9 PowerPoint deck: a title slide, then per indicator its chart, latest value "
        "and change, and source; the quotes behind the figures are in the speaker notes.",
    )
    briefing.add_argument("ids", nargs="*", metavar="ID", help="indicator id(s) (default: the headline indicators)")
    briefing.add_argument("--lang", choices=["zh", "en"], default="zh", help="language (default zh)")
    briefing.add_argument("--out", type=Path, default=None, help="file to write (default: a dated file here)")
    briefing.add_argument(
        "--data-dir", type=Path, default=None, help="data folder (default: $REFORM_DATA_DIR or data/)"
    )
    briefing.set_defaults(func=cmd_briefing)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except DataError as exc:
        for problem in exc.problems:
            print(str(problem), file=sys.stderr)
        return 1
    except BrokenPipeError:  # `... | head` closed the pipe: not an error of ours
        return 0
