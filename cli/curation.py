"""Curation commands: ``audit`` (is every number of the texts accounted for?) and ``draft`` (start on the rest)."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from cli.common import add_data_dir, add_texts_argument, data_dir_of, load, texts_folder
from indicators.audit import Coverage, SourceAudit, audit_text, excerpt
from indicators.drafts import DraftedText, draft_yaml, drafts_for
from indicators.problems import Severity
from indicators.schema import RECORD_ID
from indicators.source_checks import check_source_texts
from indicators.texts import SourceText, TextStatus, read_text_file


def cmd_audit(args: argparse.Namespace) -> int:
    """List every number of the sources' texts that no quote covers and no not_curated entry explains.

    Exit 1 when any is uncovered (or a quote is not in its text); 0 otherwise, also when no text was
    at hand (said so).
    """
    dataset = load(data_dir_of(args))
    checks = check_source_texts(dataset, texts_folder(args))
    print(f"Data directory: {dataset.data_dir}")
    print(f"Texts folder: {checks.folder if checks.folder is not None else '(none configured)'}")
    for problem in checks.problems:
        print(str(problem), file=sys.stderr if problem.severity is Severity.ERROR else sys.stdout)
    audits = checks.audit()
    for audit in audits:
        _print_audit(audit)
    uncovered = sum(len(a.uncovered) for a in audits)
    quote_errors = [p for p in checks.problems if p.severity is Severity.ERROR]
    if not audits:
        referenced = sum(t.status is not TextStatus.NOT_REFERENCED for t in checks.texts.values())
        print(f"Nothing audited: no source text at hand ({referenced} source(s) reference a text).")
        return 1 if quote_errors else 0
    if uncovered or quote_errors:
        print(
            f"FAILED: {uncovered} number(s) not accounted for, {len(quote_errors)} quote(s) not in their text.",
            file=sys.stderr,
        )
        return 1
    print(f"OK: every number of {len(audits)} text(s) is covered by a quote or explained in not_curated.")
    return 0


def _print_audit(audit: SourceAudit) -> None:
    found = len(audit.numbers)
    print(
        f"source {audit.source_id} ({audit.text.file}): {found} numbers found, "
        f"{audit.count(Coverage.COVERED)} covered by quotes, {audit.count(Coverage.EXPLAINED)} explained "
        f"in not_curated, {audit.count(Coverage.UNCOVERED)} uncovered"
    )
    for item in audit.uncovered:
        print(
            f"  {audit.text.file}:{item.line}:{item.column} uncovered {item.number.kind} "
            f"“{item.number.text}” in: {excerpt(item.sentence, item.number.text)}"
        )


def cmd_draft(args: argparse.Namespace) -> int:
    """Write draft observations for the numbers of a text that nothing covers (never loaded until confirmed)."""
    if not re.fullmatch(RECORD_ID, args.source_id):
        print(f"error: {args.source_id!r} is not a valid source id (lower case, digits, - _ .)", file=sys.stderr)
        return 2
    try:
        content, digest = read_text_file(args.text)
    except (OSError, ValueError) as exc:
        print(f"error: cannot read {args.text}: {getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
        return 2
    dataset = load(data_dir_of(args))
    folder = texts_folder(args)
    file, inside = _text_reference(args.text, folder)
    source = dataset.source_models.get(args.source_id)
    checks = check_source_texts(dataset, folder)
    items = [item for item in checks.items if item.source_id == args.source_id]
    text = SourceText(args.source_id, TextStatus.AVAILABLE, file, args.text, content, digest)
    audit = audit_text(
        args.source_id,
        text,
        [(i.record or "", i.text) for i in items if i.what == "quote"],
        [i.text for i in items if i.what != "quote"],
    )
    output = draft_yaml(audit, DraftedText(file, digest), new_source=source is None)
    if args.out is None:
        sys.stdout.write(output)
    else:
        args.out.write_text(output, encoding="utf-8")
        print(f"Wrote {len(drafts_for(audit))} draft observation(s) to {args.out.resolve()}", file=sys.stderr)
    if not inside:
        where = folder if folder is not None else "the texts folder (texts_dir in config.yaml)"
        print(f"note: keep {args.text.name} in {where}; the source's text.file names it there", file=sys.stderr)
    if source is not None and source.text is not None and source.text.sha256 != digest:
        print(f"note: this text's SHA-256 differs from the one {args.source_id} records", file=sys.stderr)
    return 0


def _text_reference(path: Path, folder: Path | None) -> tuple[str, bool]:
    """(the text's path as its source will name it, whether it already is in the texts folder)."""
    if folder is not None and folder.is_dir():
        resolved = path.resolve()
        if resolved.is_relative_to(folder.resolve()):
            return resolved.relative_to(folder.resolve()).as_posix(), True
    return path.name, False


def add_parsers(commands: argparse._SubParsersAction) -> None:
    """The ``audit`` and ``draft`` commands."""
    audit = commands.add_parser(
        "audit",
        help="list every number of the source texts that no quote covers and no not_curated entry explains",
        description="Find every number in each source's text (Arabic and Chinese numerals, 万/亿, percentages, "
        "ranks such as 第一, ratios such as 翻了一番) and list, with line, column and sentence, those that no "
        "observation's quote covers and no not_curated entry explains. Exit 1 when any is uncovered.",
    )
    add_data_dir(audit, positional=True)
    add_texts_argument(audit)
    audit.set_defaults(func=cmd_audit)

    draft = commands.add_parser(
        "draft",
        help="write draft observations for the uncovered numbers of a text, for the curator to complete",
        description="Write YAML observations for the numbers of TEXT that no quote of the source covers: the "
        "value in base units, the qualifier of its hedge word, the clause as quote and the time phrase found "
        "near it. Each record keeps a 'draft:' block and is not loaded until the curator deletes it. A source "
        "not in the data gets a skeleton with its text's file name and SHA-256.",
    )
    draft.add_argument("text", type=Path, metavar="TEXT", help="the source's text (UTF-8)")
    draft.add_argument("--source-id", required=True, metavar="ID", help="the source the observations belong to")
    draft.add_argument("--out", type=Path, default=None, help="file to write (default: standard output)")
    add_data_dir(draft)
    add_texts_argument(draft)
    draft.set_defaults(func=cmd_draft)
