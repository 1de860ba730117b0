"""``python -m indicators build``: validate the data as a whole and publish it as a snapshot."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from cli.common import add_data_dir, data_dir_of
from indicators import locales
from indicators.dataset import build_dataset, default_data_dir
from indicators.problems import Severity
from indicators.settings import SettingsError, load_settings
from indicators.snapshot import SnapshotError, default_snapshot_path, write_snapshot


def snapshot_for(data_dir: Path) -> Path:
    """The snapshot the app serves for ``data_dir``.

    config.yaml's ``snapshot_path`` when config.yaml serves that folder, else ``<data_dir>.snapshot``
    beside the folder.
    """
    try:
        settings = load_settings()
    except SettingsError:
        return default_snapshot_path(data_dir)
    if settings.data_dir.resolve() == data_dir.resolve():
        return settings.snapshot_file
    return default_snapshot_path(data_dir)


def cmd_build(args: argparse.Namespace) -> int:
    """Validate every file; write the snapshot atomically unless a record was rejected. Exit 1 if not."""
    started = time.perf_counter()
    try:
        load_settings()  # the languages of config.yaml: the frames hold a text column for each
    except SettingsError as exc:
        print(f"warning: {exc}; building with the built-in languages", file=sys.stderr)
    if args.languages is not None:
        locales.register_json(json.loads(args.languages.read_text(encoding="utf-8")))
    data_dir = (data_dir_of(args) or default_data_dir()).resolve()
    out = args.out if args.out is not None else snapshot_for(data_dir)
    dataset = build_dataset(data_dir, args.cache)
    errors = dataset.errors
    if not args.quiet or errors:
        for problem in sorted(dataset.problems, key=lambda p: (p.file, p.line or 0)):
            if not args.quiet or problem.severity is Severity.ERROR:
                print(str(problem), file=sys.stderr if problem.severity is Severity.ERROR else sys.stdout)
    if errors and not args.allow_rejected:
        print(
            f"NOT PUBLISHED: {len(errors)} record(s) rejected; fix them (python -m indicators validate "
            f"{data_dir}) or pass --allow-rejected to publish the other records. {out} is unchanged.",
            file=sys.stderr,
        )
        return 1
    try:
        info = write_snapshot(dataset, out)
    except (SnapshotError, OSError) as exc:
        print(f"error: the snapshot could not be written: {exc}", file=sys.stderr)
        return 1
    if not args.quiet:
        print(
            f"Published {info.path} ({info.size / 1e6:.1f} MB): version {info.version}, {len(dataset.files)} files, "
            f"{info.observations} observations, {len(dataset.derived)} derived values, "
            f"{len(errors)} rejected record(s), {len(dataset.warnings)} warning(s), "
            f"in {time.perf_counter() - started:.1f} s."
        )
    return 0


def add_parser(commands: argparse._SubParsersAction) -> None:
    """The ``build`` command."""
    build = commands.add_parser(
        "build",
        help="validate the data as a whole and publish it as the snapshot the app serves",
        description="Validate every data file and write the snapshot the app serves (data_mode: published), "
        "atomically: servers pick it up whole on their next request, or keep the previous one. Nothing is "
        "written when a record is rejected, unless --allow-rejected.",
    )
    add_data_dir(build, positional=True)
    build.add_argument(
        "--out",
        type=Path,
        default=None,
        help="snapshot to write (default: config.yaml's snapshot_path, or <data folder>.snapshot beside the folder)",
    )
    build.add_argument(
        "--allow-rejected",
        action="store_true",
        help="publish even when some records are rejected (they are listed, and /healthz says degraded)",
    )
    build.add_argument(
        "--cache",
        type=Path,
        default=None,
        metavar="FILE",
        help="keep parsed files in FILE between builds (the live server's rebuilds): unchanged files are not "
        "parsed again, and a file that stops parsing keeps its last good version, with a warning",
    )
    build.add_argument("--quiet", action="store_true", help="print errors only")
    # The live server's builder: the languages registered in the server (JSON of their fields).
    build.add_argument("--languages", type=Path, default=None, help=argparse.SUPPRESS)
    build.set_defaults(func=cmd_build)
