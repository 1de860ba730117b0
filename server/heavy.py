"""Heavy work in a lane of its own: chart images and briefing decks, bounded per worker process.

An image costs Chromium about a core-second and a deck one per slide, while a chart callback takes
tens of milliseconds. Left alone, eight clients looping on images held every thread of a worker
waiting on the renderer, Chromium filled every core, and the callbacks queued behind them (p95 from
23 ms to 1 s; ten decks: 8 s). The lane admits ``CONCURRENCY`` jobs at a time on the whole server
and lets ``QUEUE`` more wait, at most ``MAX_WAIT_S``; anything beyond is refused at once, and the
route answers 503 with ``Retry-After`` in the page's language. So at most ``CONCURRENCY + QUEUE``
threads ever wait on heavy work, and the others stay free for callbacks and pages.

The renderer's Chromium also runs at a lower CPU priority (``NICE``): on a machine whose cores it
would fill, the callbacks' Python gets the CPU first, and images take the time that is left.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from outputs import images

log = logging.getLogger("reform_indicators")

#: Heavy jobs running at once on the server, all workers together: one, so that Chromium takes at most
#: one core of the machine and the others stay with the callbacks.
CONCURRENCY = 1
#: Heavy jobs waiting for their turn, all workers together; more are refused.
QUEUE = 2
#: How often a waiting job looks for a free turn (seconds).
POLL_S = 0.05
#: Longest a job waits for its turn before it is refused.
MAX_WAIT_S = 30.0
#: What a refused client is told to wait before asking again (seconds).
RETRY_AFTER_S = 5
#: What the files drawn by Chromium hold (``outputs.formats.ExportFormat.holds``): charts and decks.
HEAVY_HOLDS = ("chart", "deck")
#: CPU priority of the renderer's Chromium (0 normal, 19 lowest).
NICE = 19


class LaneFull(Exception):
    """The lane is full, or a job waited longer than the lane allows."""


class Lane:
    """At most ``concurrency`` jobs at a time on the machine, at most ``queue`` more waiting; the rest refused.

    The slots are files in a folder, each held with an exclusive ``flock`` while a job runs (or waits):
    gunicorn's workers are processes, and the app is loaded before they fork (``preload_app``), so they
    share the folder and the lane is one per server, whatever the number of workers. The kernel
    releases a dead worker's locks, so a killed worker cannot keep a slot.
    """

    def __init__(
        self,
        concurrency: int = CONCURRENCY,
        queue: int = QUEUE,
        max_wait: float = MAX_WAIT_S,
        folder: Path | None = None,
    ) -> None:
        self.concurrency, self.queue, self.max_wait = concurrency, queue, max_wait
        self.folder = folder or Path(tempfile.mkdtemp(prefix="reform-heavy-lane-"))
        self.refused = 0  # in this process
        if folder is None:
            atexit.register(_remove_folder, self.folder, os.getpid())

    def _take(self, kind: str, count: int) -> int | None:
        """A free slot of ``kind``, locked: its file descriptor (closing it frees the slot), or None."""
        for index in range(count):
            # A descriptor of its own each time: flock is per open file, so threads of one worker must
            # not share one.
            fd = os.open(self.folder / f"{kind}-{index}", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return fd
            except BlockingIOError:
                os.close(fd)
        return None

    @contextlib.contextmanager
    def slot(self) -> Iterator[None]:
        """Run the body as one heavy job.

        Raises:
            LaneFull: At once when ``queue`` jobs already wait, or after ``max_wait`` seconds of waiting.
        """
        running = self._take("run", self.concurrency)
        if running is None:
            waiting = self._take("wait", self.queue)
            if waiting is None:
                self.refused += 1
                raise LaneFull(f"{self.concurrency} heavy job(s) running and {self.queue} waiting")
            try:
                deadline = time.monotonic() + self.max_wait
                while running is None:
                    if time.monotonic() > deadline:
                        self.refused += 1
                        raise LaneFull(f"waited {self.max_wait:g} s for a turn")
                    time.sleep(POLL_S)
                    running = self._take("run", self.concurrency)
            finally:
                os.close(waiting)
        try:
            yield
        finally:
            os.close(running)
            lower_renderer_priority()


def _remove_folder(folder: Path, owner: int) -> None:
    if os.getpid() == owner:  # the process that made it (gunicorn's master), not a worker leaving
        shutil.rmtree(folder, ignore_errors=True)


#: The lane of this server: made when the app is loaded, shared by the workers forked after that.
LANE = Lane()
_niced: set[int] = set()


def lower_renderer_priority() -> None:
    """Give this process's Chromium (the whole process group: browser, renderer, GPU) ``NICE``.

    New Chromium processes inherit it from the browser; a new browser (after a crash) is found by
    its new pid. Failures are logged once and otherwise ignored: priority is an optimisation.
    """
    pid = images.browser_pid()
    if pid is None or pid in _niced:
        return
    _niced.add(pid)
    try:
        os.setpriority(os.PRIO_PGRP, pid, NICE)
    except OSError as exc:
        log.warning("could not lower the renderer's CPU priority: %s", exc)
