"""``export``, ``chart`` and ``briefing``: the files of the format registry (:mod:`outputs.formats`).

The figures, images and the deck load plotly, kaleido and python-pptx, which the writers of the
registry import when first used: ``validate`` and ``export`` start without plotly. None of them loads
Dash (a test checks).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.common import add_data_dir, chart_settings, date_bound, load, unknown_ids, write_stdout
from indicators import locales
from outputs.formats import FORMATS, IMAGE_PRESETS, ExportJob, data_language, formats

DATA_FORMATS = [fmt.name for fmt in formats("data") + formats("metadata")]
CHART_FORMATS = [fmt.name for fmt in formats("chart")]


def cmd_export(args: argparse.Namespace) -> int:
    """Write an export: CSV and JSON to stdout (or --out), xlsx and zip to --out or a dated file here."""
    dataset = load(args.data_dir)
    ids = tuple(dict.fromkeys(args.indicator or ()))
    fmt = FORMATS[args.format]
    # The same columns as /data/observations.csv: without --lang a tidy CSV keeps the stable columns only
    # (scripts read it); everything else is for people, in the default language.
    lang = data_language(fmt, args.layout, args.lang, chart_settings().language)
    # Standard output is usually piped into a program: no BOM there unless asked; files get one for Excel.
    to_stdout = args.format in ("csv", "json") and args.out is None
    bom = args.bom if args.bom is not None else not to_stdout
    job = ExportJob(dataset, ids, lang or "zh", lang, layout=args.layout, bom=bom, start=args.start, end=args.end)
    try:
        content = fmt.write(job)
    except KeyError as exc:
        print(f"error: unknown indicator id(s): {exc.args[0]}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out = args.out
    if to_stdout:
        write_stdout(content)
    else:
        out = out if out is not None else Path(fmt.filename(ids))
        out.write_bytes(content)
        print(f"Wrote {args.format} ({args.layout}) to {out.resolve()}", file=sys.stderr)
    if dataset.errors:
        print(
            f"warning: {len(dataset.errors)} record(s) were rejected and are not in the export; "
            "run 'validate' to list them",
            file=sys.stderr,
        )
    return 0


def cmd_chart(args: argparse.Namespace) -> int:
    """Write the chart of some indicators as PNG (2x, or a preset's size), SVG or a standalone HTML page."""
    from layouts.chart_view import view_figure
    from layouts.charts import view_names
    from layouts.view_state import MAX_INDICATORS, ViewState
    from outputs import images

    name = args.format or args.out.suffix.lstrip(".").lower()
    if name not in CHART_FORMATS:
        allowed = "|".join(CHART_FORMATS)
        print(f"error: cannot tell the format from {args.out.name!r}: give --format {allowed}", file=sys.stderr)
        return 2
    dataset = load(args.data_dir)
    ids = list(dict.fromkeys(args.ids))
    unknown = unknown_ids(dataset, ids)
    if unknown:
        print(f"error: unknown indicator id(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    if len(ids) > MAX_INDICATORS:
        print(f"error: at most {MAX_INDICATORS} indicators fit one chart", file=sys.stderr)
        return 2
    kinds = view_names()
    if args.view not in kinds:
        print(f"error: unknown chart kind {args.view!r}: choose one of {', '.join(kinds)}", file=sys.stderr)
        return 2
    settings = chart_settings()
    width = images.clamp(args.width, images.WIDTH_BOUNDS)
    height = images.clamp(args.height, images.HEIGHT_BOUNDS)
    state = ViewState(lang=args.lang, indicators=tuple(ids), view=args.view)
    view = view_figure(dataset, state, style=settings.number_style, theme=settings.theme, height=height, width=width)
    left_out = [i for i in ids if i not in view.indicators]
    if left_out:
        print(f"note: left out (another unit than {ids[0]}): {', '.join(left_out)}", file=sys.stderr)
    if "no-before-after" in view.notes:
        print("note: no value before and after the founding: drawn over time instead", file=sys.stderr)
    job = ExportJob(
        dataset, tuple(ids), args.lang, view=args.view, width=width, height=height, preset=args.preset,
        style=settings.number_style, theme=settings.theme,
    )  # fmt: skip
    try:
        args.out.write_bytes(FORMATS[name].write(job))
    except images.ImageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"Wrote {name} chart of {', '.join(view.indicators)} to {args.out.resolve()}", file=sys.stderr)
    return 0


def cmd_briefing(args: argparse.Namespace) -> int:
    """Write a PowerPoint deck: a title slide, then a slide per indicator with quotes in the notes."""
    from layouts.charts import view_names
    from outputs.images import ImageError

    dataset = load(args.data_dir)
    ids = tuple(dict.fromkeys(args.ids))
    unknown = unknown_ids(dataset, ids)
    if unknown:
        print(f"error: unknown indicator id(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    kinds = view_names()
    if args.view not in kinds:
        print(f"error: unknown chart kind {args.view!r}: choose one of {', '.join(kinds)}", file=sys.stderr)
        return 2
    settings = chart_settings()
    deck = FORMATS["pptx"]
    out = args.out if args.out is not None else Path(deck.filename(ids))
    job = ExportJob(
        dataset,
        ids,
        args.lang,
        view=args.view,
        year_from=args.year_from,
        year_to=args.year_to,
        style=settings.number_style,
        theme=settings.theme,
    )
    try:
        content = deck.write(job)
    except ImageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    out.write_bytes(content)
    count = len(ids) or len(dataset.indicators)
    print(f"Wrote a briefing of {count} indicator(s) to {out.resolve()}", file=sys.stderr)
    return 0


def add_parsers(commands: argparse._SubParsersAction) -> None:
    """The ``export``, ``chart`` and ``briefing`` commands."""
    export = commands.add_parser(
        "export",
        help="write the data as CSV, an Excel workbook, a zip with its metadata, or the indicators' metadata",
        description="Write the data as CSV, an Excel workbook (xlsx), a zip of the CSV with its metadata and "
        "data package (datapackage.json), or what the indicators are as JSON (names, unit, category, sources "
        "with quotes, notes, data version). CSV and JSON go to standard output unless --out is given; xlsx and "
        "zip go to --out, or to a dated file in the current folder.",
    )
    export.add_argument("--format", choices=DATA_FORMATS, default="csv", help="file format (default csv)")
    export.add_argument(
        "--layout",
        choices=["tidy", "wide"],
        default="tidy",
        help="tidy: one row per value, every source (default); wide: one row per period, one column per indicator",
    )
    export.add_argument("--indicator", action="append", metavar="ID", help="only this indicator (repeatable)")
    export.add_argument(
        "--lang",
        choices=locales.codes(),
        default=None,
        help="language of the readable columns and wide headers (default: the configured language, except a "
        "tidy csv, which then has the stable columns only, for scripts, as /data/observations.csv has)",
    )
    export.add_argument(
        "--bom",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="start CSV files with a UTF-8 byte order mark, which Excel needs to read Chinese "
        "(default: yes for files, no on standard output)",
    )
    export.add_argument(
        "--start", type=date_bound(end=False), default=None, metavar="DATE", help="only periods ending on or after it"
    )
    export.add_argument(
        "--end", type=date_bound(end=True), default=None, metavar="DATE", help="only periods starting on or before it"
    )
    export.add_argument(
        "--out", type=Path, default=None, help="file to write (default: standard output for csv, else a dated file)"
    )
    add_data_dir(export)
    export.set_defaults(func=cmd_export)

    chart = commands.add_parser(
        "chart",
        help="draw the chart of some indicators as PNG, SVG or an interactive HTML page",
        description="Draw the dashboard's chart of one or more indicators (same unit) with its title, unit, "
        "qualifier marks and source line: PNG at twice the size (for slides), SVG, or an HTML page that "
        "works offline.",
    )
    chart.add_argument("ids", nargs="+", metavar="ID", help="indicator id(s), drawn together")
    chart.add_argument("--format", choices=CHART_FORMATS, default=None, help="default: from --out")
    chart.add_argument("--lang", choices=locales.codes(), default="zh", help="language (default zh)")
    chart.add_argument(
        "--view",
        default="auto",
        help="chart kind: auto (chosen from the data, the default), fact (cards), small-multiples, before-after "
        "(founding) or trend (over time)",
    )
    chart.add_argument("--width", type=int, default=1200, help="width in CSS pixels (PNG has twice as many)")
    chart.add_argument("--height", type=int, default=675, help="height in CSS pixels (default 675: 16:9)")
    chart.add_argument(
        "--preset",
        choices=list(IMAGE_PRESETS),
        default=None,
        help="a size made for where the image goes, instead of --width/--height: "
        + "; ".join(f"{p.name} {p.pixels[0]}x{p.pixels[1]} px" for p in IMAGE_PRESETS.values()),
    )
    chart.add_argument("--out", type=Path, required=True, help="file to write")
    add_data_dir(chart)
    chart.set_defaults(func=cmd_chart)

    briefing = commands.add_parser(
        "briefing",
        help="write a PowerPoint briefing: a slide per indicator, quotes in the speaker notes",
        description="Write a 16:9 PowerPoint deck: a title slide, a contents slide for a long deck, the chart of "
        "the indicators together when they share a unit, then per indicator its chart, latest value and change, "
        "and source; the sources and quotes behind the figures are in the speaker notes.",
    )
    briefing.add_argument(
        "ids", nargs="*", metavar="ID", help="indicator id(s) (default: every indicator, in the curated order)"
    )
    briefing.add_argument("--lang", choices=locales.codes(), default="zh", help="language (default zh)")
    briefing.add_argument(
        "--view",
        default="auto",
        help="chart kind: auto (chosen from the data, the default), fact (cards), small-multiples, before-after "
        "(founding) or trend (over time)",
    )
    briefing.add_argument("--from", dest="year_from", type=int, default=None, metavar="YEAR", help="first year shown")
    briefing.add_argument("--to", dest="year_to", type=int, default=None, metavar="YEAR", help="last year shown")
    briefing.add_argument("--out", type=Path, default=None, help="file to write (default: a dated file here)")
    add_data_dir(briefing)
    briefing.set_defaults(func=cmd_briefing)
