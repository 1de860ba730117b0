"""HTTP routes beside the Dash pages, and the headers every response carries."""

from __future__ import annotations

import json
import logging
import re

from flask import Flask, Response, request

from callbacks.context import current_dataset, current_settings
from callbacks.exports import register_export_routes
from indicators.problems import DataError

log = logging.getLogger("reform_indicators")

_HTML_TAG = re.compile(rb"<html(?=[\s>])", re.I)
MAX_REQUEST_BYTES = 512 * 1024


def healthz() -> Response:
    """Data status as JSON: 200 when ok or degraded (some records rejected), 503 when no data loads."""
    try:
        dataset = current_dataset()
    except DataError as exc:
        body = {"status": "error", "problems": [p.to_dict() for p in exc.problems]}
        return Response(json.dumps(body, ensure_ascii=False), status=503, mimetype="application/json")
    status = dataset.status()
    code = 200 if status["observations"] or status["status"] == "ok" else 503
    return Response(json.dumps(status, ensure_ascii=False, default=str), status=code, mimetype="application/json")


def content_security_policy(script_hashes: list[str], frame_ancestors: str) -> str:
    """As strict as Dash allows: own scripts plus the hashes of Dash's inline bootstrap scripts."""
    scripts = " ".join(["'self'", *script_hashes])
    return (
        "default-src 'self'; "
        f"script-src {scripts}; "
        # Plotly and React set inline styles on elements; no inline <style> of ours is needed.
        "style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; "
        f"frame-ancestors {frame_ancestors}"
    )


def register_routes(app) -> None:
    """Add /healthz and the response headers to a Dash app's Flask server."""
    server: Flask = app.server
    # Callback requests carry a few kB of component state; anything far larger is refused (413).
    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    server.add_url_rule("/healthz", "healthz", healthz)
    register_export_routes(server)
    policy = content_security_policy(app.csp_hashes(), "'none'")

    @server.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.headers.setdefault("Content-Security-Policy", policy)
        # X-Frame-Options cannot name sites: a response that allows framing by its CSP (embeds) gets none.
        if "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]:
            response.headers.setdefault("X-Frame-Options", "DENY")
        if request.path == "/" and response.mimetype == "text/html" and not response.direct_passthrough:
            lang = request.args.get("lang", current_settings().language)
            lang_tag = b"en" if lang == "en" else b"zh-CN"
            body = response.get_data()
            response.set_data(_HTML_TAG.sub(b'<html lang="' + lang_tag + b'"', body, count=1))
        return response


def finish_setup(app) -> None:
    """Do Dash's per-app setup now, in one thread, rather than on the first requests.

    Dash copies the callbacks registered with ``dash.callback`` into the app in a ``before_request``
    hook that marks itself done before it has finished, so the concurrent first requests of a fresh
    process found no callback and answered 500 ("Callback function not found"). Every gunicorn
    worker starts so: at boot, after ``max_requests``, after a crash. One request here, before
    gunicorn forks the workers (``preload_app``), does the setup once. Call it last: Flask accepts no
    new routes after its first request.

    Raises:
        RuntimeError: When the setup request fails (the app could not serve anyway).
    """
    response = app.server.test_client().get("/_dash-dependencies")
    if response.status_code != 200:
        raise RuntimeError(f"Dash's setup request answered {response.status}")
