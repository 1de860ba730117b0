"""What a benchmark returns, and the timing helpers every suite uses."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class ScaleRun:
    """One scale being measured: its data directory and how hard to try."""

    name: str
    data_dir: Path
    quick: bool

    def repeats(self, full: dict[str, int], quick: dict[str, int] | None = None) -> int:
        """Repetitions for this scale (fewer in quick mode)."""
        table = quick if self.quick and quick is not None else full
        return table.get(self.name, 1)


@dataclass(frozen=True, slots=True)
class Measurement:
    """One row of the results: a measured value, optionally against a baseline it is compared with.

    ``value`` is None for a measure that could not be taken (yet); ``note`` then says why.
    """

    scale: str
    key: str
    label: str
    value: float | None
    unit: str
    baseline: float | None = None
    baseline_label: str = ""
    note: str = ""
    wall: float | None = None  # wall-clock seconds, when ``value`` is CPU seconds
    spread: float | None = None  # slowest over fastest of the runs ``value`` is the best of

    @property
    def ratio(self) -> float | None:
        """``value / baseline`` when both are known."""
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline


@dataclass(frozen=True, slots=True)
class Timing:
    """CPU seconds of this process (user + system) and wall-clock seconds of one timed run.

    The benchmark machine is shared (other engineers run test suites on its two cores), so CPU time is
    the figure that repeats; wall-clock time is kept beside it.
    """

    cpu: float
    wall: float
    #: Slowest CPU time over fastest among the runs this one was chosen from (1.0 for a single run):
    #: how much the load on the machine moved the figure.
    spread: float = 1.0


def _best(runs: list[Timing]) -> Timing:
    best = min(runs, key=lambda t: t.cpu)
    worst = max(t.cpu for t in runs)
    return Timing(best.cpu, best.wall, worst / best.cpu if best.cpu > 0 else 1.0)


def _timed(action: Callable[[], object]) -> Timing:
    cpu, wall = time.process_time(), time.perf_counter()
    action()
    return Timing(time.process_time() - cpu, time.perf_counter() - wall)


def best_of(repeats: int, action: Callable[[], object], setup: Callable[[], object] | None = None) -> Timing:
    """The run with the least CPU time among ``repeats`` runs of ``action``; ``setup`` runs untimed before each.

    The minimum is the figure least disturbed by other work on the machine, which suits a cost that is
    the same every time (parsing, a cold load).
    """
    runs = []
    for _ in range(max(1, repeats)):
        if setup is not None:
            setup()
        gc.collect()
        runs.append(_timed(action))
    return _best(runs)


def interleaved_best(
    repeats: int, actions: dict[str, Callable[[], object]], setups: dict[str, Callable[[], object]] | None = None
) -> dict[str, Timing]:
    """:func:`best_of` for several actions taking turns, so that each sees the same load on the machine.

    A ratio of two costs (a load against its parsing floor) is then measured under like conditions.
    """
    runs: dict[str, list[Timing]] = {name: [] for name in actions}
    for _ in range(max(1, repeats)):
        for name, action in actions.items():
            if setups and name in setups:
                setups[name]()
            gc.collect()
            runs[name].append(_timed(action))
    return {name: _best(found) for name, found in runs.items()}


def median_of(repeats: int, action: Callable[[], object]) -> Timing:
    """The medians of ``repeats`` timed runs: for short operations timed many times."""
    runs = [_timed(action) for _ in range(max(1, repeats))]
    return Timing(statistics.median(t.cpu for t in runs), statistics.median(t.wall for t in runs))


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))]
