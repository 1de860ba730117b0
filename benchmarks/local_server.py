"""The app under gunicorn on loopback, and Debian's Chromium: what the benchmarks and the tests start.

One place for the port, the wait until the server answers, the log shown when it does not, and the
browser's executable and flags, so the browser tests, the soak script and the benchmarks run the
same things the same way.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

#: Headless, offline, no sandbox (root in a container), no GPU. Without the background-networking
#: flags Chromium keeps calling home, which an offline machine refuses.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def chromium_executable() -> str | None:
    """Debian's Chromium (package ``chromium``), or another ``chromium`` on PATH; None when there is none."""
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def free_port() -> int:
    """A loopback TCP port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log_tail(log: Path, lines: int = 20) -> str:
    """The last lines of a server's log, for an error message."""
    try:
        return "\n".join(log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-lines:])
    except OSError:
        return ""


class ServerStartError(RuntimeError):
    """A server exited, or did not answer in time; the message holds the end of its log."""

    @property
    def port_taken(self) -> bool:
        """The port was taken between :func:`free_port` and the server's bind (a shared machine): try another."""
        return "Address already in use" in str(self)


def wait_until_answers(
    url: str,
    process: subprocess.Popen,
    log: Path,
    timeout: float,
    ready: Callable[[int, bytes], bool] = lambda status, body: True,
) -> tuple[int, bytes]:
    """Poll ``url`` until the server answers and ``ready(status, body)`` holds; the last answer.

    Any HTTP status is an answer (a degraded 503 from /healthz is a valid state of the app); the
    caller decides with ``ready`` what it waits for.

    Raises:
        ServerStartError: When the process exits or ``timeout`` seconds pass first.
    """
    deadline = time.monotonic() + timeout
    status = 0
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerStartError(f"the server exited with code {process.returncode}:\n{log_tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                status, body = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read()
        except OSError:
            status, body = 0, b""
        if status and ready(status, body):
            return status, body
        time.sleep(0.25)
    last = f"last answer {status}" if status else "no answer at all"
    raise ServerStartError(f"{url} was not ready within {timeout:g} s ({last}):\n{log_tail(log)}")


def stop(process: subprocess.Popen, timeout: float = 15) -> None:
    """Stop a gunicorn started in its own session: SIGINT (its quick shutdown), then SIGKILL to the group."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
