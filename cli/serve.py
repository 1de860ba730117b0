"""``python -m indicators serve``: the production command, gunicorn behind a buffering nginx.

gunicorn (``gunicorn.conf.py``) listens on loopback at ``BACKEND_PORT``; nginx listens on
``HOST:PORT`` with the settings of ``deploy/nginx-proxy.conf`` and passes whole requests to it. nginx
runs unprivileged from a folder of its own (configuration, pid, temporary files), so no system
configuration is touched and several copies can run side by side. The command ends when either
process ends, and stops the other; SIGTERM or Ctrl-C stops both.

Why nginx: a thread-per-request server cannot hold slow or idle clients; see docs/deployment.md.

In production the app serves a published snapshot of the data (``data_mode: published``), never the
YAML as it is edited: a file caught mid-write is never served. Before the servers start, the command
publishes the data folder (``python -m indicators build``, in a process of its own) when the snapshot
is missing or was built from other files than the folder holds now; ``--data-mode live`` serves the
YAML as it changes, for curators.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path

from cli.build import snapshot_for
from cli.common import add_data_dir, data_dir_of
from indicators.dataset import default_data_dir
from indicators.documents import discover
from indicators.settings import DATA_MODES
from indicators.snapshot import SnapshotError, data_signature, read_info

ROOT = Path(__file__).resolve().parent.parent
#: The settings every nginx in front of the app uses (production, tests, probes).
NGINX_PROXY_CONF = ROOT / "deploy" / "nginx-proxy.conf"
NGINX_NAMES = ("/usr/sbin/nginx", "nginx")


def nginx_executable() -> str | None:
    """Debian's nginx (``/usr/sbin`` is not on every user's PATH), or the first on PATH; None if none."""
    return next((path for path in (shutil.which(name) for name in NGINX_NAMES) if path), None)


def nginx_config(listen: str, upstreams: Sequence[str], runtime_dir: Path, *, worker_processes: int = 1) -> str:
    """A whole ``nginx.conf`` that serves ``listen`` from ``upstreams`` with the shipped proxy settings.

    Args:
        listen: What nginx listens on (``127.0.0.1:8050``, ``[::]:80``, ``8050``).
        upstreams: ``host:port`` of each gunicorn (several: nginx balances between them, and a
            replica that refuses connections is left out for 10 s).
        runtime_dir: A folder for nginx's pid and temporary files.
        worker_processes: nginx worker processes (one holds thousands of connections).
    """
    servers = "\n".join(f"        server {upstream} max_fails=1 fail_timeout=10s;" for upstream in upstreams)
    temp = {name: runtime_dir / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    # Running as root, nginx's workers switch to `nobody`, which must reach the temporary folders.
    user = "user nobody nogroup;\n" if os.geteuid() == 0 else ""
    return f"""# Written by cli/serve.py; the proxy settings are in {NGINX_PROXY_CONF.name}.
{user}worker_processes {worker_processes};
daemon off;
master_process on;
pid {runtime_dir / "nginx.pid"};
error_log stderr warn;

events {{
    worker_connections 4096;
}}

http {{
    access_log off;  # gunicorn writes the access log (one JSON line per request)
    server_tokens off;
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};

    upstream reform_indicators {{
{servers}
        keepalive 16;
    }}

    server {{
        listen {listen};
        include {NGINX_PROXY_CONF};
    }}
}}
"""


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add ``serve`` to the command line."""
    parser = commands.add_parser(
        "serve",
        help="serve the dashboard in production: nginx in front of gunicorn (./dev.sh serve)",
        description="Serve the dashboard as in production: gunicorn (gunicorn.conf.py) on 127.0.0.1:BACKEND_PORT, "
        "behind an nginx on HOST:PORT that buffers whole requests and answers (deploy/nginx-proxy.conf).",
    )
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"), help="nginx address ($HOST, 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=int(os.environ.get("PORT", "8050")), help="nginx port ($PORT, 8050)"
    )
    parser.add_argument(
        "--backend-port",
        type=int,
        default=int(os.environ.get("BACKEND_PORT", "8051")),
        help="gunicorn's port on 127.0.0.1 ($BACKEND_PORT, 8051)",
    )
    parser.add_argument(
        "--data-mode",
        choices=DATA_MODES,
        default=os.environ.get("REFORM_DATA_MODE", "published"),
        help="published (the default): serve the snapshot of `build`, published first when the data changed; "
        "live: the YAML as it is edited, for curators ($REFORM_DATA_MODE)",
    )
    parser.add_argument(
        "--no-build",
        action="store_true",
        help="published mode: serve the snapshot as it was published, without building it first "
        "(replicas of one published file)",
    )
    add_data_dir(parser)
    parser.set_defaults(func=_serve_command)


def _serve_command(args: argparse.Namespace) -> int:
    data_dir = data_dir_of(args)
    if data_dir is not None:  # gunicorn and its workers read it from the environment, like the app's settings
        os.environ["REFORM_DATA_DIR"] = str(data_dir.resolve())
    os.environ["REFORM_DATA_MODE"] = args.data_mode
    if args.data_mode == "published" and not args.no_build:
        code = publish_if_changed((data_dir or default_data_dir()).resolve())
        if code:
            return code
    return serve(args.host, args.port, args.backend_port)


def publish_if_changed(data_dir: Path) -> int:
    """Publish ``data_dir`` unless its snapshot was built from the files it holds now; 0 when it may be served.

    The build runs in a process of its own (its parse of big files never weighs on the servers). When it
    refuses (a rejected record), the snapshot published before is served, with a warning; with none, 1.
    """
    snapshot = snapshot_for(data_dir)
    if published_from(snapshot, data_dir):
        print(f"Serving {snapshot.name}: built from the data files as they are now.")
        return 0
    build = subprocess.run(
        [sys.executable, "-m", "indicators", "build", str(data_dir), "--out", str(snapshot), "--quiet"]
    )
    if build.returncode == 0:
        info = read_info(snapshot, mapped=False)
        print(f"Published {snapshot.name}: version {info.version}, {info.observations} observations.")
        return 0
    if snapshot.exists():
        print(
            f"warning: the data was not published; serving the snapshot published before ({snapshot}).", file=sys.stderr
        )
        return 0
    print("error: nothing is published to serve; fix the data, or serve it with --data-mode live.", file=sys.stderr)
    return 1


def published_from(snapshot: Path, data_dir: Path) -> bool:
    """Whether ``snapshot`` exists, is whole, and was built from exactly the files ``data_dir`` holds now."""
    try:
        info = read_info(snapshot, mapped=False)
    except SnapshotError:
        return False
    return info.signature == data_signature(data_dir, discover(data_dir))


def runtime_folder() -> Path:
    """A fresh folder for nginx's configuration, pid and temporary files."""
    folder = Path(tempfile.mkdtemp(prefix="reform-indicators-nginx-"))
    folder.chmod(0o755)  # nginx's workers (nobody, when started as root) create their temp folders here
    return folder


def _listen(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host and not host.startswith("[") else f"{host}:{port}"


def serve(host: str, port: int, backend_port: int, gunicorn_args: Sequence[str] = ()) -> int:
    """Run gunicorn on ``127.0.0.1:backend_port`` and nginx on ``host:port`` until one of them ends.

    Returns:
        The exit code of the process that ended first (0 after SIGTERM or Ctrl-C).
    """
    nginx = nginx_executable()
    if nginx is None:
        print("nginx not found: install the Debian package `nginx` (./dev.sh serve does).", file=sys.stderr)
        return 2
    folder = runtime_folder()
    config = folder / "nginx.conf"
    config.write_text(nginx_config(_listen(host, port), [f"127.0.0.1:{backend_port}"], folder), encoding="utf-8")
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(backend_port)}
    gunicorn_command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", *gunicorn_args, "app:server"]
    gunicorn = subprocess.Popen(gunicorn_command, cwd=ROOT, env=env)
    proxy: subprocess.Popen | None = None
    stopping = False

    def stop(_signum, _frame) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    code = 0
    try:
        # nginx starts once gunicorn answers, so that the first users get the page rather than a 502.
        while not stopping and gunicorn.poll() is None and not _answers(backend_port):
            time.sleep(0.25)
        if not stopping and gunicorn.poll() is None:
            proxy = subprocess.Popen([nginx, "-p", str(folder), "-c", str(config), "-e", "stderr"], cwd=folder)
            print(
                f"Serving the dashboard at http://{_listen(host, port)}/ (nginx; gunicorn on 127.0.0.1:{backend_port})"
            )
        while not stopping:
            ended = next((p for p in (gunicorn, proxy) if p is not None and p.poll() is not None), None)
            if ended is not None:
                code = ended.returncode
                name = "gunicorn" if ended is gunicorn else "nginx"
                print(f"{name} exited with code {code}; stopping the other.", file=sys.stderr)
                break
            time.sleep(0.5)
    finally:
        if proxy is not None:
            stop_process(proxy, signal.SIGQUIT)  # nginx: finish the requests in flight, then exit
        stop_process(gunicorn, signal.SIGTERM)  # gunicorn: graceful (graceful_timeout)
        shutil.rmtree(folder, ignore_errors=True)
    return code


def _answers(port: int) -> bool:
    """Whether something answers HTTP on ``127.0.0.1:port`` (any status)."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


def stop_process(process: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 40) -> None:
    """Stop a server process with ``sig`` (its graceful stop), killing it when it takes over ``timeout`` s."""
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
