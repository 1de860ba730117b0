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

    @property
    def ratio(self) -> float | None:
        """``value / baseline`` when both are known."""
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline


def best_of(repeats: int, action: Callable[[], object], setup: Callable[[], object] | None = None) -> float:
    """The fastest of ``repeats`` timed runs of ``action`` (seconds); ``setup`` runs untimed before each.

    The minimum is the figure least disturbed by other work on the machine, which suits a cost that is
    the same every time (parsing, a cold load).
    """
    times = []
    for _ in range(max(1, repeats)):
        if setup is not None:
            setup()
        gc.collect()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def median_of(repeats: int, action: Callable[[], object]) -> float:
    """The median of ``repeats`` timed runs (seconds): for short operations timed many times."""
    times = []
    for _ in range(max(1, repeats)):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
