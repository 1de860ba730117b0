"""Answers of the Dash callbacks kept per worker, so a room opening the same view is served once.

Every server callback of the app is a pure function of its request body (the URL, the controls),
the dataset and the settings; the chart also shows the server's address in its embed code. An answer
is therefore kept under (data folder, dataset version, host, body) and is dropped by itself when a
data file changes (a new dataset version). Answers are kept as the JSON bytes Dash wrote, least
recently used first out, within a byte budget (``answer_cache_mb`` in config.yaml; 0 turns it off).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date

from flask import Response, request

from server.context import current_dataset, current_settings, remembered_width

#: Answers larger than this share of the budget are not kept (one huge chart would evict the rest).
_LARGEST_SHARE = 0.25


class AnswerCache:
    """A thread-safe LRU of response bodies by key, bounded by their total size in bytes."""

    def __init__(self, budget_bytes: int) -> None:
        self.budget = budget_bytes
        self._entries: OrderedDict[bytes, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: bytes) -> bytes | None:
        """The body kept under ``key``, now the most recently used, or None."""
        with self._lock:
            body = self._entries.get(key)
            if body is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return body

    def put(self, key: bytes, body: bytes) -> None:
        """Keep ``body``, dropping the least recently used answers beyond the budget."""
        if len(body) > self.budget * _LARGEST_SHARE:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._size -= len(old)
            self._entries[key] = body
            self._size += len(body)
            while self._size > self.budget:
                _, dropped = self._entries.popitem(last=False)
                self._size -= len(dropped)

    def clear(self) -> None:
        """Drop every answer."""
        with self._lock:
            self._entries.clear()
            self._size = 0

    @property
    def size(self) -> int:
        """Bytes of the answers kept."""
        return self._size

    def __len__(self) -> int:
        return len(self._entries)


def answer_key(body: bytes) -> bytes:
    """What an answer depends on besides its code: the data version, the host, the day, the chart's width and the body.

    The day: a chart's "cite this" texts give today as the access date. The width: a chart is planned
    for the width the browser last showed it at (its cookie, :func:`server.context.remembered_width`).
    """
    settings = current_settings()
    dataset = current_dataset()
    digest = hashlib.blake2b(digest_size=32)
    width = str(remembered_width() or "")
    for part in (str(settings.data_dir), repr(dataset.loaded_at), request.host_url, date.today().isoformat(), width):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    digest.update(body)
    return digest.digest()


def cached_dispatch(dispatch: Callable[[], Response], cache: AnswerCache) -> Callable[[], Response]:
    """Wrap Dash's callback dispatch view so that answers to the same request are computed once."""

    def view() -> Response:
        key = answer_key(request.get_data())
        body = cache.get(key)
        if body is not None:
            return Response(body, status=200, mimetype="application/json")
        response = dispatch()
        if (
            isinstance(response, Response)
            and response.status_code == 200
            and response.mimetype == "application/json"
            and not response.direct_passthrough
        ):
            cache.put(key, response.get_data())
        return response

    return view
