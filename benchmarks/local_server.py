"""The app under gunicorn on loopback, and Debian's Chromium: what the benchmarks and the tests start.

One place for the port, the wait until the server answers, the log shown when it does not, and the
browser's executable and flags, so the browser tests, the soak script and the benchmarks run the
same things the same way; and the benchmarks' gunicorn (:class:`Gunicorn`: a fixed number of workers,
its processes' CPU and memory read from ``/proc``).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import yaml

from benchmarks.generate import ROOT
from cli.serve import stop_process

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
#: Workers of the benchmarks' gunicorn (:class:`Gunicorn`).
WORKERS = 2


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


def uncached_config(directory: Path) -> Path:
    """config.yaml as it is, but with every callback answer computed (``answer_cache_mb: 0``)."""
    settings = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8")) or {}
    settings["answer_cache_mb"] = 0
    path = directory / "config.yaml"
    path.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    return path


def _stat_fields(pid: int) -> list[bytes]:
    """The fields of ``/proc/<pid>/stat`` after the command name (the state is the first)."""
    stat = Path(f"/proc/{pid}/stat").read_bytes()
    return stat[stat.rfind(b")") + 2 :].split()


class Gunicorn:
    """A gunicorn serving a WSGI module from the repository root on loopback, with its log in ``workdir``."""

    def __init__(self, module: str, env: dict[str, str], workdir: Path, tag: str = "") -> None:
        self.port = free_port()
        self.module, self.log_path = module, workdir / f"{module.replace(':', '-')}{tag}.log"
        base = {k: v for k, v in os.environ.items() if k not in ("WEB_CONCURRENCY", "GUNICORN_THREADS", "REFORM_DEBUG")}
        self.env = {**base, **env, "PYTHONPATH": str(ROOT)}
        self.proc: subprocess.Popen | None = None

    def command(self) -> list[str]:
        """The command line: ``WORKERS`` workers on the port, and ``--max-requests 0``.

        A worker recycled within the measured seconds would measure a fork, and would reset that
        worker's memory high-water mark.
        """
        return [
            sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--no-control-socket",
            "-w", str(WORKERS), "-b", f"127.0.0.1:{self.port}", "--max-requests", "0", self.module,
        ]  # fmt: skip

    def start(self, timeout: float) -> None:
        """Start and wait until ``/_dash-dependencies`` answers and every worker runs."""
        for attempt in range(3):
            with open(self.log_path, "wb") as log:
                self.proc = subprocess.Popen(
                    self.command(), cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
                )
            try:
                _, body = wait_until_answers(
                    f"http://127.0.0.1:{self.port}/_dash-dependencies",
                    self.proc,
                    self.log_path,
                    timeout,
                    lambda status, _: status == 200 and len(self.workers()) == WORKERS,
                )
            except ServerStartError as error:
                if not error.port_taken or attempt == 2:
                    raise
                self.port = free_port()
                continue
            self.dependencies = json.loads(body)
            return

    def workers(self) -> list[int]:
        """The workers' pids (the master's children)."""
        assert self.proc is not None
        found = []
        for name in os.listdir("/proc"):
            if name.isdigit():
                with contextlib.suppress(OSError, IndexError):
                    if int(_stat_fields(int(name))[1]) == self.proc.pid:
                        found.append(int(name))
        return sorted(found)

    def cpu_seconds(self, *, waited_for: bool = False) -> float:
        """User + system CPU seconds of the master and the workers so far.

        Args:
            waited_for: Add the CPU of the processes they waited for (the builder of a snapshot).
        """
        assert self.proc is not None
        last = 15 if waited_for else 13  # utime, stime[, cutime, cstime]: fields 14 to 17 of stat
        total = 0
        for pid in [self.proc.pid, *self.workers()]:
            with contextlib.suppress(OSError):
                total += sum(int(field) for field in _stat_fields(pid)[11:last])
        return total / os.sysconf("SC_CLK_TCK")

    def memory(self) -> list[dict]:
        """VmHWM, VmRSS and PSS (MB) of the master and each worker."""
        assert self.proc is not None
        found = []
        for role, pid in [("master", self.proc.pid), *(("worker", w) for w in self.workers())]:
            status = {}
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                key, _, value = line.partition(":")
                if key in ("VmHWM", "VmRSS"):
                    status[key] = int(value.split()[0]) / 1024
            pss = 0.0
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                    if line.startswith("Pss:"):
                        pss = int(line.split()[1]) / 1024
            found.append({"role": role, "pid": pid, "hwm": status["VmHWM"], "rss": status["VmRSS"], "pss": pss})
        return found

    def stop(self) -> None:
        """SIGTERM (gunicorn's graceful stop), SIGKILL if it takes too long."""
        if self.proc is not None:
            stop_process(self.proc, signal.SIGTERM, 60)
