"""The server's memory and CPU, sampled every second from /proc, and summaries of a phase."""

from __future__ import annotations

import contextlib
import os
import statistics
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass

from probes import now
from probes.procs import Proc, descendants, is_browser, pss_kb, read_procs
from probes.servers import Server


@dataclass
class Sample:
    """Memory of the whole server at one moment (kB)."""

    t: float
    phase: str
    rss: int
    pss: int
    master: int
    workers: int
    chromium: int
    other: int
    processes: int
    worker_pids: list[int]
    browsers: list[int]  # Chromium browser processes per worker, in the order of worker_pids
    cpu: dict[str, float]  # CPU seconds since the previous sample: server parts, this script, the machine


class Sampler(threading.Thread):
    """Samples the server's memory every second until stopped."""

    def __init__(self, server: Server, interval: float = 1.0) -> None:
        super().__init__(name="memory-sampler", daemon=True)
        self.server, self.interval = server, interval
        self.samples: list[Sample] = []
        self.phase = "start"
        self._stop_event = threading.Event()
        self._ticks: dict[tuple[int, int], int] = {}
        self._machine: tuple[int, int] | None = None
        self._hz = os.sysconf("SC_CLK_TCK")

    def _cpu(self, procs: dict[int, Proc], groups: dict[str, Iterable[int]]) -> dict[str, float]:
        """CPU seconds per group since the last sample (processes that ended meanwhile are missed)."""
        ticks, used = {}, {}
        for name, pids in groups.items():
            total = 0
            for pid in pids:
                proc = procs.get(pid)
                if proc is None:
                    continue
                key = (pid, proc.start)
                ticks[key] = proc.cpu_ticks
                total += proc.cpu_ticks - self._ticks.get(key, proc.cpu_ticks)
            used[name] = total / self._hz
        self._ticks = ticks
        with open("/proc/stat") as file:
            values = [int(v) for v in file.readline().split()[1:]]
        idle, total = values[3] + values[4], sum(values[:8])
        if self._machine is not None:
            used["machine_busy"] = (total - idle - self._machine[1] + self._machine[0]) / self._hz
            used["machine_total"] = (total - self._machine[1]) / self._hz
        self._machine = (idle, total)
        return used

    def sample(self) -> Sample:
        """One sample: master, workers (Python), Chromium and helpers, anything else marked as ours."""
        procs = read_procs()
        master = self.server.pid
        workers = self.server.workers(procs)
        tree = set(descendants(procs, master))
        others = [p for p in procs if p not in tree and p != master and self.server.marked(p)]
        chromium = tree.difference(workers)
        pids = [master, *tree, *others]
        rss = {pid: procs[pid].rss_kb for pid in pids if pid in procs}
        cpu = self._cpu(
            procs,
            {"master": [master], "workers": workers, "chromium": [*chromium, *others], "load_generator": [os.getpid()]},
        )
        return Sample(
            t=round(now(), 2),
            phase=self.phase,
            rss=sum(rss.values()),
            pss=sum(pss_kb(pid) for pid in rss),
            master=rss.get(master, 0),
            workers=sum(rss.get(w, 0) for w in workers),
            chromium=sum(rss.get(p, 0) for p in chromium),
            other=sum(rss.get(p, 0) for p in others),
            processes=len(rss),
            worker_pids=workers,
            browsers=[sum(is_browser(p) for p in descendants(procs, w)) for w in workers],
            cpu=cpu,
        )

    def run(self) -> None:
        """Sample until :meth:`stop`."""
        while not self._stop_event.is_set():
            started = time.monotonic()
            with contextlib.suppress(Exception):
                self.samples.append(self.sample())
            self._stop_event.wait(max(0.0, self.interval - (time.monotonic() - started)))

    def stop(self) -> None:
        """Stop sampling."""
        self._stop_event.set()
        self.join(5)


#: Shortest stretch between the warm-up window and the end window for a growth figure to mean anything.
MIN_SOAK_FOR_GROWTH_S = 20


def memory_summary(samples: list[Sample], start: float, end: float, warmup: float) -> dict:
    """Memory over a phase: start, after warm-up (median of 5 s), peak, end (median of the last 5 s).

    A worker restarted during the phase (``max_requests``) takes its Chromium with it, which says
    nothing about growth: then *end* is the 5 s before the first restart (a browser gone, or a worker
    replaced), and growth is None when that leaves less than ``MIN_SOAK_FOR_GROWTH_S`` to compare.
    """
    phase = [s for s in samples if start <= s.t <= end]
    if not phase:
        return {}
    base_window = [s for s in phase if start + warmup <= s.t <= start + warmup + 5] or phase[:1]
    later = [s for s in phase if s.t > base_window[-1].t]
    restart = next(
        (
            now_
            for before, now_ in zip([base_window[-1], *later], later, strict=False)
            if now_.worker_pids != base_window[-1].worker_pids or sum(now_.browsers) < sum(before.browsers)
        ),
        None,
    )
    stop = end if restart is None else max(s.t for s in phase if s.t < restart.t)
    end_window = [s for s in phase if stop - 5 <= s.t <= stop] or phase[-1:]
    comparable = stop - base_window[-1].t >= MIN_SOAK_FOR_GROWTH_S
    summary: dict = {
        "windows": {
            "after_warmup": [base_window[0].t - start, base_window[-1].t - start],
            "end": [end_window[0].t - start, end_window[-1].t - start],
            "first_restart": None if restart is None else restart.t - start,
        }
    }
    for name in ("rss", "pss", "master", "workers", "chromium", "other"):
        base = statistics.median(getattr(s, name) for s in base_window)
        last = statistics.median(getattr(s, name) for s in end_window)
        summary[name] = {
            "start": getattr(phase[0], name),
            "after_warmup": base,
            "peak": max(getattr(s, name) for s in phase),
            "end": last,
            "growth": (last - base) / base if base and comparable else None,
        }
    summary["processes"] = {"start": phase[0].processes, "peak": max(s.processes for s in phase)}
    summary["processes"]["end"] = phase[-1].processes
    return summary


def cpu_summary(samples: list[Sample], start: float, end: float) -> dict:
    """CPU seconds over a phase and shares of the machine's capacity (cores x seconds)."""
    phase = [s for s in samples if start < s.t <= end + 1]
    totals: dict[str, float] = {}
    for sample in phase:
        for name, value in sample.cpu.items():
            totals[name] = totals.get(name, 0.0) + value
    capacity = totals.pop("machine_total", 0.0)
    busy = totals.pop("machine_busy", 0.0)
    if not capacity:
        return {}
    parts = {name: totals.get(name, 0.0) for name in ("workers", "chromium", "master", "load_generator")}
    parts["other processes"] = max(0.0, busy - sum(parts.values()))
    parts["idle"] = max(0.0, capacity - busy)
    return {"capacity_s": capacity, "seconds": parts, "share": {k: v / capacity for k, v in parts.items()}}
