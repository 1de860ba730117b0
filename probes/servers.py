"""The servers a probe runs: gunicorn (or a candidate server) serving the app, and nginx in front.

Both start as the production command starts them (``gunicorn -c gunicorn.conf.py``; nginx with
``deploy/nginx-proxy.conf`` through :func:`cli.serve.nginx_config`), on free loopback ports, each with
its log in the probe's folder; the port, the wait and the log tail come from
``benchmarks/local_server.py``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from benchmarks.local_server import ServerStartError, free_port, log_tail, wait_until_answers
from cli.serve import nginx_config, nginx_executable, runtime_folder, stop_process
from probes import ROOT
from probes.procs import Proc, cmdline, descendants, is_browser, is_renderer, read_procs

#: Environment variable whose (random) value marks every process of one server, Chromium's included.
MARKER_VAR = "REFORM_SOAK_RUN"


class Server:
    """A gunicorn serving ``app:server`` from the repository root, with its log and a private TMPDIR."""

    def __init__(
        self,
        workers: int,
        extra_args: list[str],
        workdir: Path,
        *,
        data_dir: Path | None = None,
        argv: list[str] | None = None,
        name: str = "gunicorn",
        data_mode: str = "live",
    ) -> None:
        """A server to start; ``argv`` replaces gunicorn's command (``{port}`` is the port), for candidates.

        ``data_mode``: ``published`` serves the snapshot beside the data folder (publish it first).
        """
        self.port = free_port()
        self.marker = f"{MARKER_VAR}={uuid.uuid4().hex}".encode()
        self.tmpdir = workdir / f"tmp-{self.port}"
        self.tmpdir.mkdir(parents=True, exist_ok=True)
        self.log_path = workdir / f"{name}-{self.port}.log"
        self.data_dir = data_dir or ROOT / "data"
        self.data_mode = data_mode
        if argv is None:
            self.args = [
                sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--no-control-socket",
                "-w", str(workers), "-b", f"127.0.0.1:{self.port}", *extra_args, "app:server",
            ]  # fmt: skip
            self.command = " ".join(["gunicorn", *self.args[3:]])
        else:
            self.args = [part.replace("{port}", str(self.port)) for part in argv]
            self.command = " ".join([Path(self.args[0]).name, *self.args[1:]])
        self.proc: subprocess.Popen | None = None
        self._marked: dict[tuple[int, int], bool] = {}

    @property
    def pid(self) -> int:
        """The master's process id."""
        assert self.proc is not None, "the server was not started"
        return self.proc.pid

    def start(self, timeout: float = 90) -> None:
        """Start gunicorn and wait until ``/healthz`` answers 200.

        Raises:
            ServerStartError: When it exits or does not answer in time (its log is in the message).
        """
        env = {k: v for k, v in os.environ.items() if k not in ("WEB_CONCURRENCY", "GUNICORN_THREADS", "REFORM_DEBUG")}
        name, value = self.marker.decode().split("=", 1)
        env.update(
            {
                "TMPDIR": str(self.tmpdir),
                "REFORM_DATA_DIR": str(self.data_dir),
                "REFORM_DATA_MODE": self.data_mode,
                name: value,
            }
        )
        with open(self.log_path, "wb") as log:
            # A session of its own: a probe can kill the whole server (master, workers, Chromium) at once.
            self.proc = subprocess.Popen(
                self.args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        wait_until_answers(
            f"http://127.0.0.1:{self.port}/healthz", self.proc, self.log_path, timeout, lambda status, _: status == 200
        )

    def stop(self) -> dict:
        """Stop gracefully (SIGTERM), then report what it left behind: processes and temporary files."""
        if self.proc is None:
            return {}
        started = time.monotonic()
        stop_process(self.proc, signal.SIGTERM, 60)
        stop_s = time.monotonic() - started
        time.sleep(2)  # Chromium's helpers exit a moment after their browser
        left = [pid for pid in read_procs() if self.marked(pid)]
        for pid in left:  # ours, found by the marker in their environment
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        files = [p for p in self.tmpdir.rglob("*") if p.is_file() or p.is_symlink()]
        size = sum(p.lstat().st_size for p in files)
        top = sorted(p.name for p in self.tmpdir.iterdir())
        return {
            "stop_seconds": round(stop_s, 1),
            "processes_left": [(pid, " ".join(cmdline(pid))[:80]) for pid in left],
            "tmp_entries_left": top,
            "tmp_files_left": len(files),
            "tmp_bytes_left": size,
        }

    def marked(self, pid: int) -> bool:
        """Whether a process belongs to this server (the marker is in its environment)."""
        try:
            with open(f"/proc/{pid}/stat", "rb") as file:
                key = (pid, int(file.read().rsplit(b")", 1)[1].split()[19]))
        except (OSError, IndexError, ValueError):
            return False
        if key not in self._marked:
            try:
                with open(f"/proc/{pid}/environ", "rb") as file:
                    self._marked[key] = self.marker in file.read().split(b"\0")
            except OSError:
                self._marked[key] = False
        return self._marked[key]

    def workers(self, procs: dict[int, Proc] | None = None) -> list[int]:
        """The workers' pids (the master's children)."""
        procs = procs if procs is not None else read_procs()
        return sorted(p.pid for p in procs.values() if p.ppid == self.pid)

    def browsers(self) -> dict[int, list[int]]:
        """Per worker, the pids of its Chromium browser processes (none before its first image)."""
        procs = read_procs()
        return {w: [p for p in descendants(procs, w) if is_browser(p)] for w in self.workers(procs)}

    def renderers(self) -> dict[int, list[int]]:
        """Per worker, the pids of its Chromium renderer processes."""
        procs = read_procs()
        return {w: [p for p in descendants(procs, w) if is_renderer(p)] for w in self.workers(procs)}

    def log_size(self) -> int:
        """Bytes written to the log so far (phases are slices of the log)."""
        return self.log_path.stat().st_size

    def log_summary(self, start: int, end: int | None = None) -> dict:
        """What the log says between two offsets: answers by status, worker restarts, errors."""
        with open(self.log_path, "rb") as file:
            file.seek(start)
            text = file.read(None if end is None else end - start).decode(errors="replace")
        statuses: dict[str, int] = {}
        events = {"booted": 0, "autorestarts": 0, "exited": 0, "timeouts": 0, "errors": 0, "chromium_restarts": 0}
        error_lines = []
        for line in text.splitlines():
            if line.startswith("{"):
                with contextlib.suppress(ValueError, KeyError):
                    status = str(json.loads(line)["status"])
                    statuses[status] = statuses.get(status, 0) + 1
                continue
            events["booted"] += "Booting worker" in line
            events["autorestarts"] += "Autorestarting worker" in line
            events["exited"] += "Worker exiting" in line
            events["timeouts"] += "WORKER TIMEOUT" in line
            events["chromium_restarts"] += "restarting Chromium" in line
            if "[ERROR]" in line or "Traceback" in line or "Error" in line:
                events["errors"] += 1
                error_lines.append(line[:200])
        return {"statuses": dict(sorted(statuses.items())), **events, "error_lines": error_lines[:10]}

    def kill(self) -> None:
        """SIGKILL to the whole server at once (master, workers, Chromium): a machine that died."""
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


class Nginx:
    """nginx in front of one or more servers, configured as the production command configures it."""

    def __init__(self, upstream_ports: list[int], workdir: Path) -> None:
        self.port = free_port()
        self.folder = runtime_folder()
        self.upstreams = [f"127.0.0.1:{port}" for port in upstream_ports]
        self.config = self.folder / "nginx.conf"
        self.config.write_text(nginx_config(f"127.0.0.1:{self.port}", self.upstreams, self.folder), encoding="utf-8")
        self.log_path = workdir / f"nginx-{self.port}.log"
        self.proc: subprocess.Popen | None = None
        self.command = "nginx with deploy/nginx-proxy.conf"

    def start(self, timeout: float = 30) -> None:
        """Start nginx and wait until ``/healthz`` answers through it.

        Raises:
            ServerStartError: When nginx is missing, exits, or does not answer in time.
        """
        executable = nginx_executable()
        if executable is None:
            raise ServerStartError("nginx not found: install the Debian package `nginx` (./dev.sh does)")
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                [executable, "-p", str(self.folder), "-c", str(self.config), "-e", "stderr"],
                cwd=self.folder, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        wait_until_answers(f"http://127.0.0.1:{self.port}/healthz", self.proc, self.log_path, timeout)

    def stop(self) -> None:
        """Stop nginx (SIGQUIT: finish what is in flight) and remove its folder."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        shutil.rmtree(self.folder, ignore_errors=True)

    def log(self) -> str:
        """What nginx wrote (errors and warnings)."""
        return log_tail(self.log_path, 50)
