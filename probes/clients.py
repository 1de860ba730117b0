"""HTTP clients of the probes: one request and its result, a keep-alive client, checks of answers.

Only the standard library (``http.client``), so a probe measures the server, not a client library.
"""

from __future__ import annotations

import http.client
import json
import time
from collections.abc import Callable
from dataclasses import dataclass

from probes import T0

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
BOM = b"\xef\xbb\xbf"
#: Connection failures a browser retries once on a fresh connection when a reused one fails before
#: any answer (the server closed an idle keep-alive connection, or its worker died).
#: Endpoints whose requests go through the heavy lane and may be refused while it is full.
HEAVY_ENDPOINTS = frozenset({"/chart/<id>.png", "/briefing.pptx"})
RETRYABLE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError, ConnectionAbortedError)


@dataclass
class Result:
    """One request: what was asked, when (seconds on the script's clock), how long, and what went wrong."""

    kind: str
    endpoint: str
    path: str
    start: float
    duration: float
    status: int | None
    error: str | None = None
    retried: str | None = None  # a failed first attempt on a reused connection, retried on a fresh one
    refused: bool = False  # an image or deck refused by the busy heavy lane (503 with Retry-After)

    @property
    def ok(self) -> bool:
        """Answered 2xx with the expected body."""
        return self.error is None


Check = Callable[[int, str, bytes], str | None]


@dataclass(frozen=True)
class Request:
    """One HTTP request of an action, with the check its answer must pass."""

    endpoint: str
    method: str
    path: str
    body: bytes | None
    check: Check


class Client:
    """One simulated user: one keep-alive connection, reopened when the server closes it."""

    def __init__(self, port: int, timeout: float) -> None:
        self.port, self.timeout = port, timeout
        self.connection: http.client.HTTPConnection | None = None

    def close(self) -> None:
        """Close the connection."""
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def send(self, kind: str, request: Request) -> Result:
        """Send one request (retrying once, like a browser, when a reused connection was closed)."""
        headers = {"Accept-Encoding": "identity", "User-Agent": "reform-soak"}
        if request.body is not None:
            headers["Content-Type"] = "application/json"
        started = time.monotonic()
        retried = None
        for _attempt in (1, 2):
            reused = self.connection is not None
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            answered = False
            try:
                self.connection.request(request.method, request.path, request.body, headers)
                response = self.connection.getresponse()
                answered = True
                data = response.read()
                if response.will_close:
                    self.close()
            except RETRYABLE as exc:
                self.close()
                if reused and not answered and retried is None:
                    retried = f"{type(exc).__name__} after {time.monotonic() - started:.2f} s"
                    continue
                return self._result(kind, request, started, None, f"connection: {type(exc).__name__}", retried)
            except TimeoutError:
                self.close()
                return self._result(kind, request, started, None, f"timeout ({self.timeout:g} s)", retried)
            except (OSError, http.client.HTTPException) as exc:
                self.close()
                return self._result(kind, request, started, None, f"connection: {type(exc).__name__}", retried)
            content_type = response.getheader("Content-Type", "")
            if response.status == 503 and response.getheader("Retry-After") and request.endpoint in HEAVY_ENDPOINTS:
                # The heavy lane was full (server/heavy.py): a refusal the client is told to retry, not a fault.
                result = self._result(kind, request, started, response.status, None, retried)
                result.refused = True
                return result
            if not 200 <= response.status < 300:
                error = f"status {response.status}: {' '.join(data[:200].decode(errors='replace').split())[:80]}"
            else:
                error = request.check(response.status, content_type, data)
            return self._result(kind, request, started, response.status, error, retried)
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def _result(kind: str, request: Request, started: float, status, error, retried) -> Result:
        return Result(
            kind, request.endpoint, request.path, round(started - T0, 4),
            round(time.monotonic() - started, 4), status, error, retried,
        )  # fmt: skip


def _json(data: bytes):
    try:
        return json.loads(data)
    except ValueError:
        return None


def check_html(_status: int, content_type: str, data: bytes) -> str | None:
    """The Dash page: HTML with Dash's config, the React root and the view's layout inline."""
    if not content_type.startswith("text/html") or b'id="react-entry-point"' not in data or b"_dash-config" not in data:
        return "body: not the Dash page"
    return None if b'id="reform-dash-layout"' in data else "body: no layout in the page"


def check_chart_callback(_status: int, _content_type: str, data: bytes) -> str | None:
    """The page callback's answer for a chart view: a figure with a title, and traces or texts (cards have none)."""
    body = _json(data)
    figure = (body or {}).get("response", {}).get("chart", {}).get("figure") if isinstance(body, dict) else None
    if not isinstance(figure, dict) or not figure.get("layout", {}).get("title"):
        return "body: no figure"
    if not figure.get("data") and not figure["layout"].get("annotations"):
        return "body: an empty figure"
    return None


def check_csv(_status: int, content_type: str, data: bytes) -> str | None:
    """A CSV with a BOM and the expected first column."""
    if not content_type.startswith("text/csv") or not data.startswith(BOM):
        return "body: not a CSV with a BOM"
    if not (data[3:].startswith(b"indicator_id") or data[3:].startswith(b"period")):
        return "body: unexpected CSV header"
    return None


def check_png(_status: int, content_type: str, data: bytes) -> str | None:
    """A PNG image."""
    return None if content_type == "image/png" and data.startswith(PNG_MAGIC) else "body: not a PNG"
