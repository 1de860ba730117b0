"""What the data probes share: a copy of ``data/``, readers of the CSV and ``/healthz``, a memory watch."""

from __future__ import annotations

import http.client
import json
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from probes import ROOT, now
from probes.procs import descendants, read_procs


def copy_data(workdir: Path) -> Path:
    """A copy of the repository's ``data/`` that a probe may change."""
    target = workdir / "data"
    shutil.copytree(ROOT / "data", target)
    return target


@dataclass
class Reading:
    """One answer: when, what, how long, and for the CSV its number of data rows."""

    t: float
    path: str
    status: int | None
    ms: float
    rows: int | None = None
    health: str | None = None
    observations: int | None = None


def read_once(port: int, path: str, timeout: float = 30) -> Reading:
    """GET ``path`` on a fresh connection: the CSV's data rows, or ``/healthz``'s status and count."""
    started, t = time.monotonic(), now()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "identity"})
        response = connection.getresponse()
        body = response.read()
    except (OSError, http.client.HTTPException):
        return Reading(t, path, None, (time.monotonic() - started) * 1000)
    finally:
        connection.close()
    reading = Reading(t, path, response.status, (time.monotonic() - started) * 1000)
    if path.startswith("/data/") and response.status == 200:
        reading.rows = body.count(b"\n") - 1  # the header line
    elif path == "/healthz":
        try:
            status = json.loads(body)
            reading.health, reading.observations = status.get("status"), status.get("observations")
        except ValueError:
            pass
    return reading


class Reader(threading.Thread):
    """Reads ``paths`` in turn, back to back, until stopped."""

    def __init__(self, port: int, paths: list[str]) -> None:
        super().__init__(daemon=True)
        self.port, self.paths = port, paths
        self.readings: list[Reading] = []
        self.stopped = threading.Event()

    def run(self) -> None:
        """Read until :meth:`stop`."""
        while not self.stopped.is_set():
            for path in self.paths:
                self.readings.append(read_once(self.port, path))

    def stop(self) -> None:
        """Stop reading."""
        self.stopped.set()
        self.join(60)


class MemoryWatch(threading.Thread):
    """The RSS (MB) of a server's processes (master, workers), sampled every half second."""

    def __init__(self, master: int) -> None:
        super().__init__(daemon=True)
        self.master = master
        self.samples: list[tuple[float, float, float]] = []  # time, total MB, largest worker MB
        self.stopped = threading.Event()

    def run(self) -> None:
        """Sample until :meth:`stop`."""
        while not self.stopped.is_set():
            procs = read_procs()
            workers = [procs[p].rss_kb for p in descendants(procs, self.master) if procs[p].ppid == self.master]
            total = sum(procs[p].rss_kb for p in [self.master, *descendants(procs, self.master)] if p in procs)
            self.samples.append((now(), total / 1024, max(workers, default=0) / 1024))
            self.stopped.wait(0.5)

    def stop(self) -> None:
        """Stop sampling."""
        self.stopped.set()
        self.join(5)
