"""Production serving of the dashboard: `gunicorn -c gunicorn.conf.py app:server`.

Gunicorn also reads this file by default when started from the repository root. Every value can be
overridden on the command line (`-w 1 -b 127.0.0.1:9000`), and these environment variables are read:

    HOST, PORT         where to listen (default 127.0.0.1:8050: behind nginx or a load balancer)
    WEB_CONCURRENCY    worker processes (default one per core, at least 2, at most 8)
    GUNICORN_THREADS   threads per worker (default 4)

Deployment: docs/deployment.md.
"""

import datetime as dt
import json
import os
import traceback

from gunicorn import glogging

_host = os.environ.get("HOST", "127.0.0.1")
_port = os.environ.get("PORT", "8050")
# An IPv6 address needs brackets to be told apart from the port.
bind = [f"[{_host}]:{_port}" if ":" in _host and not _host.startswith("[") else f"{_host}:{_port}"]

# Each worker holds its own copy of the data and, once a figure is exported, its own headless Chromium
# (kaleido, ~0.5 GB), and the work is CPU in Python or in Chromium, not waiting: one worker per core.
# The usual 2 x cores + 1 measured no faster on 2 cores and took 2.3 times the memory
# (docs/reliability.md); at least 2, so that one can answer while the other restarts.
workers = int(os.environ.get("WEB_CONCURRENCY", min(max(os.cpu_count() or 1, 2), 8)))
# Threads let one worker answer the page's parallel callback requests while another waits on an export.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

timeout = 60
graceful_timeout = 30
keepalive = 5

# Recycle workers now and then so that a slow leak (plotly figure caches, Chromium) stays bounded; the
# jitter keeps them from restarting all at once.
max_requests = 1000
max_requests_jitter = 100

# The app, and the data it validates, load once in the master before the workers fork. Safe because the
# app starts kaleido's Chromium lazily, on the first export inside a worker, never at import.
preload_app = True

# Gunicorn 25+ opens a control socket at a fixed path ($XDG_RUNTIME_DIR or ~/.gunicorn/gunicorn.ctl);
# a second instance on the same machine (tests, staging) would fight over it. The setting behind the
# `--no-control-socket` flag is `control_socket_disable`; older versions ignore the unknown name.
control_socket_disable = True

accesslog = "-"
errorlog = "-"


class JsonAccessLogger(glogging.Logger):
    """Gunicorn's logger, writing one JSON object per request to the access log.

    JSON rather than a `%(...)s` format string, because user agents and paths may contain quotes that a
    format string would not escape.
    """

    def access(self, resp, req, environ, request_time):
        """Log one request as a single line of JSON (duration in milliseconds)."""
        try:
            status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
            record = {
                "time": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
                "remote_addr": environ.get("REMOTE_ADDR"),
                "forwarded_for": environ.get("HTTP_X_FORWARDED_FOR"),
                "method": environ.get("REQUEST_METHOD"),
                "path": environ.get("PATH_INFO"),
                "query": environ.get("QUERY_STRING") or None,
                "status": int(status),
                "bytes": getattr(resp, "sent", None),
                "duration_ms": round(request_time.total_seconds() * 1000, 3),
                "referer": environ.get("HTTP_REFERER"),
                "user_agent": environ.get("HTTP_USER_AGENT"),
                "pid": os.getpid(),
            }
            self.access_log.info(json.dumps(record, ensure_ascii=False))
        except Exception:
            self.error(traceback.format_exc())


logger_class = JsonAccessLogger
