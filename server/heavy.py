"""Heavy work in a lane of its own: chart images and briefing decks, bounded per worker process.

An image costs Chromium about a core-second and a deck one per slide, while a chart callback takes
tens of milliseconds. Left alone, eight clients looping on images held every thread of a worker
waiting on the renderer, and the callbacks queued behind them (p95 from 23 ms to 1 s; ten decks:
8 s). The lane admits ``CONCURRENCY`` jobs at a time per process and lets ``QUEUE`` more wait, at
most ``MAX_WAIT_S``; anything beyond is refused at once, and the route answers 503 with
``Retry-After`` in the page's language. So at most ``CONCURRENCY + QUEUE`` of a worker's threads
ever wait on heavy work, and the others stay free for callbacks and pages.

The renderer's Chromium also runs at a lower CPU priority (``NICE``): on a machine whose cores it
would fill, the callbacks' Python gets the CPU first, and images take the time that is left.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Iterator

from outputs import images

log = logging.getLogger("reform_indicators")

#: Heavy jobs running at once in one worker (the renderer draws one image at a time anyway).
CONCURRENCY = 1
#: Heavy jobs waiting for their turn in one worker; more are refused.
QUEUE = 1
#: Longest a job waits for its turn before it is refused.
MAX_WAIT_S = 30.0
#: What a refused client is told to wait before asking again (seconds).
RETRY_AFTER_S = 5
#: CPU priority of the renderer's Chromium (0 normal, 19 lowest).
NICE = 10


class LaneFull(Exception):
    """The lane is full, or a job waited longer than the lane allows."""


class Lane:
    """At most ``concurrency`` jobs at a time, at most ``queue`` more waiting; the rest refused."""

    def __init__(self, concurrency: int = CONCURRENCY, queue: int = QUEUE, max_wait: float = MAX_WAIT_S) -> None:
        self.concurrency, self.queue, self.max_wait = concurrency, queue, max_wait
        self._turn = threading.Condition()
        self.running = 0
        self.waiting = 0
        self.refused = 0

    @contextlib.contextmanager
    def slot(self) -> Iterator[None]:
        """Run the body as one heavy job.

        Raises:
            LaneFull: At once when ``queue`` jobs already wait, or after ``max_wait`` seconds of waiting.
        """
        with self._turn:
            if self.running >= self.concurrency:
                if self.waiting >= self.queue:
                    self.refused += 1
                    raise LaneFull(f"{self.running} heavy jobs running and {self.waiting} waiting")
                self.waiting += 1
                try:
                    turn = self._turn.wait_for(lambda: self.running < self.concurrency, timeout=self.max_wait)
                finally:
                    self.waiting -= 1
                if not turn:
                    self.refused += 1
                    raise LaneFull(f"waited {self.max_wait:g} s for a turn")
            self.running += 1
        try:
            yield
        finally:
            with self._turn:
                self.running -= 1
                self._turn.notify()
            lower_renderer_priority()


#: The lane of this process (each gunicorn worker has its own after the fork).
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
