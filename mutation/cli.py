"""The command line of the mutation runner.

``python -m mutation`` mutates the four modules every figure's label, exactness mark and computed
value go through, runs each module's fast tests against each mutant, prints the score per module and
the survivors, and writes them to ``docs/testing.md``. ``python -m mutation periods`` runs one module
(and writes nothing); ``--list`` shows the mutants without running anything.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from mutation.operators import Mutant, mutants
from mutation.report import ModuleScore, replace_section, section, table
from mutation.runner import RunError, Verdict, baseline, jobs_for, preload, run_jobs, timeout_after
from mutation.targets import EQUIVALENTS, TARGETS, Equivalent, Target, target

ROOT = Path(__file__).resolve().parent.parent
DOC = Path("docs/testing.md")
COMMAND = "python -m mutation"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.split("\n\n")[1])
    parser.add_argument("modules", nargs="*", help="modules to mutate (default: all), e.g. periods formulas")
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)), help="parallel workers")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    parser.add_argument("--no-write", action="store_true", help=f"do not update {DOC}")
    parser.add_argument("--min-score", type=float, default=90.0, help="fail below this score (per module)")
    return parser


def split_equivalents(
    found: list[Mutant], equivalents: tuple[Equivalent, ...]
) -> tuple[list[Mutant], list[tuple[Mutant, Equivalent]]]:
    """Mutants to run, and the mutants that an entry of ``equivalents`` names."""
    by_identity = {e.identity: e for e in equivalents}
    run = [m for m in found if m.identity not in by_identity]
    matched = [(m, by_identity[m.identity]) for m in found if m.identity in by_identity]
    return run, matched


def stale_equivalents(found: dict[str, list[Mutant]], equivalents: tuple[Equivalent, ...]) -> list[Equivalent]:
    """Entries of ``equivalents`` for the given modules that name no mutant."""
    identities = {m.identity for module_mutants in found.values() for m in module_mutants}
    return [e for e in equivalents if e.module in found and e.identity not in identities]


def enumerate_targets(targets: list[Target]) -> dict[str, list[Mutant]]:
    """Every mutant of each target module."""
    return {t.module: mutants((ROOT / t.path).read_text(encoding="utf-8"), t.module) for t in targets}


def main(argv: list[str] | None = None) -> int:
    """Run the mutation tests; 0 when every module reaches ``--min-score`` and the equivalents list is current."""
    args = _parser().parse_args(argv)
    os.chdir(ROOT)
    try:
        targets = [target(name) for name in args.modules] if args.modules else list(TARGETS)
    except KeyError as exc:
        print(exc.args[0], file=sys.stderr)
        return 2
    found = enumerate_targets(targets)
    stale = stale_equivalents(found, EQUIVALENTS)
    if args.list:
        for t in targets:
            run, matched = split_equivalents(found[t.module], EQUIVALENTS)
            equivalent = {id(m) for m, _ in matched}
            for m in found[t.module]:
                print(f"{t.module} #{m.number} {m.describe()}{'  [equivalent]' if id(m) in equivalent else ''}")
        return 0

    started = time.monotonic()
    try:
        preload()
        scores, jobs, limits = [], [], {}
        for t in targets:
            run, matched = split_equivalents(found[t.module], EQUIVALENTS)
            seconds = baseline(t.tests, t.module, t.path)
            limits[t.module] = timeout_after(seconds)
            print(f"{t.module}: {len(run)} mutants ({len(matched)} equivalent), tests pass in {seconds:.1f} s")
            scores.append(ModuleScore(t.module, t.tests, equivalents=matched))
            source = (ROOT / t.path).read_text(encoding="utf-8")
            jobs += jobs_for(source, t.module, t.path, t.tests, run)
        done = [0]

        def progress(verdict: Verdict) -> None:
            done[0] += 1
            mark = {"killed": ".", "timeout": "T", "survived": "S"}[verdict.status]
            print(mark, end="\n" if done[0] % 80 == 0 else "", flush=True)

        workers = max(1, args.jobs)
        verdicts = run_jobs(jobs, workers=workers, timeout=lambda job: limits[job.module], on_verdict=progress)
        print()
    except RunError as exc:
        print(f"mutation: {exc}", file=sys.stderr)
        return 2
    by_module = {s.module: s for s in scores}
    for verdict in verdicts:
        score = by_module[verdict.mutant.module]
        score.verdicts.append(verdict)
        score.seconds += verdict.seconds
    elapsed = time.monotonic() - started

    print("\n".join(table(scores)))
    for s in scores:
        for m in s.survivors:
            print(f"survived: {s.module} #{m.number} {m.describe()}")
    for e in stale:
        print(f"stale equivalent (no such mutant): {e.module} {e.scope} {e.kind}: {e.before} -> {e.after}")
    print(f"{elapsed:.0f} s with {args.jobs} workers")
    if not args.modules and not args.no_write:
        doc = ROOT / DOC
        text = doc.read_text(encoding="utf-8") if doc.exists() else "# Testing\n"
        doc.write_text(replace_section(text, section(scores, command=COMMAND, stale=stale, seconds=elapsed)), "utf-8")
        print(f"wrote {DOC}")
    below = [s.module for s in scores if s.score < args.min_score]
    if below:
        print(f"below {args.min_score:g}%: {', '.join(below)}", file=sys.stderr)
    return 1 if below or stale else 0
