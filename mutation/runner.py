"""Runs a module's tests against each of its mutants, in forked workers with a timeout.

The parent imports the heavy libraries the tests use (pytest, hypothesis, pandas, pydantic) once and
none of the project's modules; each mutant runs in a child forked from it, which puts the mutated
code in place of the module through an import hook and runs pytest in-process (``-x``: the first
failing test kills the mutant). A child that outlives its timeout is killed with its process group
(a mutant may loop forever) and counts as killed. Hypothesis runs derandomized and without its
example database, so a run gives the same verdicts every time and leaves no files behind.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import os
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import CodeType, ModuleType

from mutation.operators import Mutant, compile_mutant

#: Third-party modules the tests import, loaded once in the parent so that every fork starts warm.
PRELOAD = (
    "pytest",
    "_pytest.python",
    "_pytest.fixtures",
    "hypothesis",
    "_hypothesis_pytestplugin",
    "syrupy",
    "numpy",
    "pandas",
    "pydantic",
    "yaml",
)
#: Packages of the project: never imported by the parent, so each child imports them (mutated) anew.
PROJECT_PACKAGES = ("indicators", "layouts", "callbacks", "tests", "app")
HYPOTHESIS_PROFILE = "mutation"
#: A mutant may take this many times as long as the unmutated tests, plus a grace, before it is killed.
TIMEOUT_FACTOR, TIMEOUT_GRACE = 4.0, 10.0
#: pytest exit codes that mean a test failed, or that the tests or their conftest could not even be
#: imported (internal error, usage error): with the unmutated module passing, the mutant is caught.
KILLING_EXIT_CODES = frozenset({1, 2, 3, 4})
#: Exit code of a child whose pytest run could not even start (no verdict on the mutant).
RUNNER_FAILED = 70


class RunError(RuntimeError):
    """The tests could not be run as asked (not a verdict on a mutant)."""


@dataclass(frozen=True)
class Verdict:
    """What the tests made of one mutant (or of the unmutated module, for ``mutant=None``)."""

    mutant: Mutant | None
    status: str  # "killed", "timeout" or "survived"
    seconds: float


@dataclass(frozen=True)
class Job:
    """One pytest run: the test files, and the code to put in place of a module (None: unmutated)."""

    tests: tuple[str, ...]
    module: str
    path: str
    code: CodeType | None
    mutant: Mutant | None


class _CodeLoader(importlib.abc.Loader):
    """Executes a given code object as the module (the mutant) instead of reading the file."""

    def __init__(self, code: CodeType) -> None:
        self.code = code

    def create_module(self, spec):
        return None

    def exec_module(self, module: ModuleType) -> None:
        exec(self.code, module.__dict__)  # the code is a mutant of one of our own modules


class MutantFinder(importlib.abc.MetaPathFinder):
    """Finds one module by name and loads it from a code object; every other import is left alone."""

    def __init__(self, module: str, path: str, code: CodeType) -> None:
        self.module, self.path, self.code = module, path, code

    def find_spec(self, fullname, path=None, target=None):
        """The mutant's spec for its module's name; None (look elsewhere) for any other."""
        if fullname != self.module:
            return None
        return importlib.util.spec_from_file_location(fullname, self.path, loader=_CodeLoader(self.code))


def preload(modules: Sequence[str] = PRELOAD) -> None:
    """Import the heavy test dependencies in this (parent) process, and no project module.

    Bytecode caching is turned on (whatever ``PYTHONDONTWRITEBYTECODE`` says): the unmutated project
    modules and the rewritten tests then compile once, not once per mutant.
    """
    sys.dont_write_bytecode = False
    for name in modules:
        importlib.import_module(name)
    from hypothesis import HealthCheck, settings

    settings.register_profile(
        HYPOTHESIS_PROFILE,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    loaded = sorted(name for name in sys.modules if name.partition(".")[0] in PROJECT_PACKAGES)
    if loaded:
        raise RunError(f"the project's modules must not be loaded before forking: {', '.join(loaded)}")


def pytest_args(tests: Sequence[str], basetemp: str) -> list[str]:
    """Arguments of one child's pytest run."""
    return [
        *tests,
        "-x",
        "-q",
        "--no-header",
        "-p",
        "no:cacheprovider",
        "-m",
        "not slow and not browser",
        f"--basetemp={basetemp}",
    ]


def _child(job: Job, basetemp: str, log: str) -> None:
    """Body of a forked child: never returns."""
    code = RUNNER_FAILED
    try:
        os.setpgid(0, 0)
        fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.environ["HYPOTHESIS_PROFILE"] = HYPOTHESIS_PROFILE
        if job.code is not None:
            sys.meta_path.insert(0, MutantFinder(job.module, str(Path(job.path).resolve()), job.code))
        import pytest

        code = int(pytest.main(pytest_args(job.tests, basetemp)))
    except BaseException as exc:  # whatever escapes is reported through the exit code
        print(f"mutation runner: {type(exc).__name__}: {exc}", file=sys.stderr)
        code = RUNNER_FAILED
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def run_jobs(
    jobs: Sequence[Job],
    *,
    workers: int,
    timeout: float | Callable[[Job], float],
    on_verdict: Callable[[Verdict], None] | None = None,
) -> list[Verdict]:
    """Run each job in a forked child, ``workers`` at a time; verdicts in the order of ``jobs``.

    Raises:
        RunError: When pytest could not run a job's tests at all (usage error, nothing collected).
    """
    if not jobs:
        return []
    limit = timeout if callable(timeout) else (lambda _job: timeout)
    verdicts: dict[int, Verdict] = {}
    pending = list(enumerate(jobs))[::-1]
    running: dict[int, tuple[int, Job, float, str, str]] = {}
    with tempfile.TemporaryDirectory(prefix="mutation-") as scratch:
        try:
            while pending or running:
                while pending and len(running) < workers:
                    index, job = pending.pop()
                    basetemp, log = f"{scratch}/t{index}", f"{scratch}/log{index}"
                    pid = os.fork()
                    if pid == 0:
                        _child(job, basetemp, log)
                    running[pid] = (index, job, time.monotonic(), basetemp, log)
                pid, status = os.waitpid(-1, os.WNOHANG)
                now = time.monotonic()
                if pid == 0:
                    for child, (index, job, started, _, _) in list(running.items()):
                        if now - started > limit(job):
                            _kill(child)
                            del running[child]
                            verdicts[index] = Verdict(job.mutant, "timeout", now - started)
                            if on_verdict:
                                on_verdict(verdicts[index])
                    time.sleep(0.01)
                    continue
                if pid not in running:
                    continue
                index, job, started, basetemp, log = running.pop(pid)
                verdicts[index] = Verdict(job.mutant, _status(status, job, log), now - started)
                if on_verdict:
                    on_verdict(verdicts[index])
        finally:
            for child in list(running):
                _kill(child)
    return [verdicts[index] for index in range(len(jobs))]


def _kill(pid: int) -> None:
    """Kill a child and everything it started (its own process group), and reap it."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def _status(wait_status: int, job: Job, log: str) -> str:
    if os.WIFSIGNALED(wait_status):
        return "killed"  # the mutant crashed the interpreter
    code = os.waitstatus_to_exitcode(wait_status)
    if code == 0:
        return "survived"
    if code in KILLING_EXIT_CODES and job.mutant is not None:
        return "killed"
    tail = Path(log).read_text(encoding="utf-8", errors="replace")[-3000:] if Path(log).exists() else ""
    what = "the unmutated module" if job.mutant is None else job.mutant.describe()
    raise RunError(f"pytest exited with {code} on {what} ({' '.join(job.tests)}):\n{tail}")


def jobs_for(source: str, module: str, path: str, tests: Sequence[str], mutants: Iterable[Mutant]) -> list[Job]:
    """One job per mutant of a module."""
    filename = str(Path(path).resolve())
    return [Job(tuple(tests), module, path, compile_mutant(source, mutant, filename), mutant) for mutant in mutants]


def baseline(tests: Sequence[str], module: str, path: str) -> float:
    """Seconds the unmutated tests take in a child.

    Raises:
        RunError: When they do not pass: mutants cannot be judged by failing tests.
    """
    missing = [test for test in tests if not Path(test).is_file()]
    if missing:
        raise RunError(f"test files of {module} not found: {', '.join(missing)}")
    job = Job(tuple(tests), module, path, None, None)
    [verdict] = run_jobs([job], workers=1, timeout=600.0)
    if verdict.status != "survived":
        raise RunError(f"the tests of {module} do not pass unmutated ({verdict.status}): {' '.join(tests)}")
    return verdict.seconds


def timeout_after(baseline_seconds: float) -> float:
    """How long a mutant's tests may run before the mutant counts as hanging."""
    return TIMEOUT_FACTOR * baseline_seconds + TIMEOUT_GRACE
