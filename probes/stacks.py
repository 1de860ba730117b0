"""The server stacks a probe can run the app on: the production one and the candidates measured beside it.

- ``production``: what ``./dev.sh serve`` starts, gunicorn (``gunicorn.conf.py``) behind nginx
  (``deploy/nginx-proxy.conf``); clients talk to nginx.
- ``gunicorn``: gunicorn alone, as ``gunicorn.conf.py`` configures it (the production command before
  issue 15); clients talk to it directly.
- ``waitress``: waitress, which reads whole requests in an event loop before a thread sees them; only
  when it is installed (``pip install waitress``: a candidate, not a dependency).
"""

from __future__ import annotations

import contextlib
import importlib.util
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cli.serve import publish_if_changed
from probes import ROOT
from probes.servers import Nginx, Server

STACKS = ("production", "gunicorn", "waitress")


@dataclass
class Stack:
    """Running servers: the port clients use, the app servers behind it, and how they were started."""

    name: str
    port: int
    servers: list[Server]
    front: Nginx | None = None
    description: str = ""
    notes: list[str] = field(default_factory=list)


def available(name: str) -> str | None:
    """Why a stack cannot run here, or None when it can."""
    if name == "waitress" and importlib.util.find_spec("waitress") is None:
        return "waitress is not installed (pip install waitress)"
    return None


def waitress_argv(threads: int = 8) -> list[str]:
    """Waitress as a candidate: 8 threads, room for 1,000 connections, idle ones closed after 30 s."""
    return [
        sys.executable, "-m", "waitress", "--listen=127.0.0.1:{port}", f"--threads={threads}",
        "--connection-limit=1000", "--channel-timeout=30", "app:server",
    ]  # fmt: skip


@contextlib.contextmanager
def running(
    name: str,
    workdir: Path,
    *,
    workers: int = 2,
    replicas: int = 1,
    data_dir: Path | None = None,
    extra_args: list[str] | None = None,
    data_mode: str | None = None,
) -> Iterator[Stack]:
    """Start a stack, yield it, and stop it (whatever happened meanwhile).

    Args:
        name: One of :data:`STACKS`.
        workdir: Where logs and temporary folders go.
        workers: gunicorn workers per replica.
        replicas: App servers behind nginx (``production`` only).
        data_dir: The data folder the app serves (default: the repository's ``data/``).
        extra_args: More gunicorn arguments.
        data_mode: ``published`` (production's default, as ``./dev.sh serve``: the data folder is
            published first) or ``live`` (the candidates' default: the YAML as it is edited).
    """
    mode = data_mode or ("published" if name == "production" else "live")
    servers: list[Server] = []
    front: Nginx | None = None
    try:
        if name == "waitress":
            servers.append(Server(1, [], workdir, data_dir=data_dir, argv=waitress_argv(), name="waitress"))
        else:
            count = replicas if name == "production" else 1
            if mode == "published" and publish_if_changed((data_dir or ROOT / "data").resolve()):
                raise RuntimeError(f"the data folder {data_dir} could not be published")
            servers += [
                Server(workers, list(extra_args or []), workdir, data_dir=data_dir, data_mode=mode)
                for _ in range(count)
            ]
        for server in servers:
            server.start()
        if name == "production":
            front = Nginx([server.port for server in servers], workdir)
            front.start()
        description = " + ".join([*([front.command] if front else []), *(f"`{server.command}`" for server in servers)])
        description += f", data mode {mode}"
        yield Stack(name, front.port if front else servers[0].port, servers, front, description)
    finally:
        if front is not None:
            front.stop()
        for server in servers:
            server.stop()
