"""HTTP routes beside the Dash pages, and the headers every response carries."""

from __future__ import annotations

import json
import logging
import re
from html import escape

from dash.exceptions import DependencyException
from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from indicators import locales
from indicators.problems import DataError
from indicators.version import data_version
from layouts.components.meta import page_meta
from server.answer_cache import AnswerCache, cached_dispatch
from server.context import SETTINGS_KEY, current_dataset, current_settings, data_status, request_view
from server.files import register_export_routes
from server.headers import content_security_policy

log = logging.getLogger("reform_indicators")

_HTML_TAG = re.compile(rb"<html(?=[\s>])", re.I)
_TITLE_TAG = re.compile(rb"<title>.*?</title>", re.S)
MAX_REQUEST_BYTES = 512 * 1024


def healthz() -> Response:
    """Data status as JSON: 200 when ok or degraded (some records rejected), 503 when no data loads.

    ``data_version`` is the version the footer, the exports and the files' ``ETag`` carry; ``mode``
    says how the data is served (published or live) and ``snapshot_version`` which snapshot.
    """
    try:
        dataset = current_dataset()
    except DataError as exc:
        body = {"status": "error", **data_status(), "problems": [p.to_dict() for p in exc.problems]}
        return Response(json.dumps(body, ensure_ascii=False), status=503, mimetype="application/json")
    status = {**dataset.status(), "data_version": data_version(dataset).to_dict(), **data_status()}
    if "data_problem" in status:
        status["status"] = "degraded"  # serving, but the newest data could not be read or built
    code = 200 if status["observations"] or status["status"] == "ok" else 503
    return Response(json.dumps(status, ensure_ascii=False, default=str), status=code, mimetype="application/json")


def callback_request_problem(body: object, callback_map: dict) -> str | None:
    """What makes a ``/_dash-update-component`` body unanswerable, or None when Dash can run it.

    Dash trusts the body's shape (the renderer always sends the right one) and answers anything else
    with a 500 from deep inside its dispatcher. A body must name a server callback and carry its
    inputs and state as ``{"id", "property", "value"}`` items (lists of them for wildcard ids), as
    many as the callback has, and its outputs likewise. Values are not checked: callbacks must cope.
    """
    if not isinstance(body, dict):
        return "the body is not a JSON object"
    output = body.get("output")
    spec = callback_map.get(output) if isinstance(output, str) else None
    if spec is None or "callback" not in spec:
        return "no such server callback"
    for key in ("inputs", "state"):
        items = body.get(key, [])
        if not isinstance(items, list) or len(items) != len(spec[key]) or not all(map(_is_props, items)):
            return f"{key} do not match the callback's"
    outputs = body.get("outputs")
    indices = spec["outputs_indices"]
    if isinstance(indices, int):  # one Output, not in a list: the renderer sends it alone
        if not _is_props(outputs):
            return "outputs do not match the callback's"
    else:  # a list or a dict of Outputs (named outputs): the renderer sends them all, flat
        count = _leaves(indices)
        if not (isinstance(outputs, list) and len(outputs) == count and all(map(_is_props, outputs))):
            return "outputs do not match the callback's"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(prop, str) for prop in changed):
        return "changedPropIds is not a list of strings"
    # A wildcard state with the output's own id pattern lists the same components as the output.
    output_id = output.rsplit(".", 1)[0]
    for item, sent in zip(spec["state"], body.get("state", []), strict=True):
        if str(item["id"]) == output_id and isinstance(sent, list):
            if not isinstance(outputs, list) or len(sent) != len(outputs):
                return "state and outputs list different components"
    return None


def _leaves(grouping: object) -> int:
    """How many outputs a callback's grouping of output indices holds (lists and dicts, nested)."""
    if isinstance(grouping, dict):
        return sum(_leaves(value) for value in grouping.values())
    if isinstance(grouping, list | tuple):
        return sum(_leaves(value) for value in grouping)
    return 1


def _is_props(item: object) -> bool:
    """A component property as the renderer sends it, or a list of them (wildcard ids)."""
    items = item if isinstance(item, list) else [item]
    return all(
        isinstance(one, dict) and isinstance(one.get("property"), str) and isinstance(one.get("id"), str | dict)
        for one in items
    )


#: Responses whose compressed bodies are kept per process: the fingerprinted bundles of Dash and
#: plotly.js (Dash's, and the basic bundle under /vendor/), and the app's assets. A finite set of
#: files, fixed while the process runs (a deploy restarts gunicorn); anything else, callbacks
#: included, is compressed afresh each time.
STATIC_PREFIXES = ("/_dash-component-suites/", "/assets/", "/vendor/")
_NOT_KEPT = "-"


def _compression_key(req) -> str:
    return req.path if req.method == "GET" and req.path.startswith(STATIC_PREFIXES) else _NOT_KEPT


class _StaticBodies:
    """flask-compress's cache: keeps only the bodies of static files (see :data:`STATIC_PREFIXES`)."""

    def __init__(self) -> None:
        self.data: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        return self.data.get(key)

    def set(self, key: str, value: bytes) -> None:
        if not key.endswith(";" + _NOT_KEPT):
            self.data[key] = value


def enable_compression(server: Flask, *, keep_static: bool = True) -> None:
    """Compress text answers (HTML, JSON, JavaScript, CSS, SVG) for browsers that accept it.

    plotly.js alone is 4.8 MB, 1.4 MB compressed: on the slow links of an intranet without a proxy
    in front that compresses, this is most of the first page's wait. zstd, brotli or gzip, as the
    browser prefers (flask-compress's order). Static files are compressed once per worker process
    (plotly.js: 0.05 s with zstd, 0.3 s with brotli) and kept; callback answers are compressed each
    time (a few ms at most). Register it before any ``after_request`` hook that edits the body:
    Flask runs those hooks last-registered first.
    """
    from flask_compress import Compress

    server.config.setdefault("COMPRESS_ALGORITHM", ["zstd", "br", "gzip"])
    if keep_static:
        server.config["COMPRESS_CACHE_BACKEND"] = _StaticBodies
        server.config["COMPRESS_CACHE_KEY"] = _compression_key
    Compress(server)


def register_routes(app) -> None:
    """Add /healthz, compression and the response headers to a Dash app's Flask server."""
    server: Flask = app.server
    # First: Flask runs after_request hooks last-registered first, so compression sees the final body.
    # In debug mode assets are edited while the server runs: compress them afresh each time.
    settings = server.config.get(SETTINGS_KEY)
    enable_compression(server, keep_static=not (settings is not None and settings.debug))
    # Callback requests carry a few kB of component state; anything far larger is refused (413).
    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    server.add_url_rule("/healthz", "healthz", healthz)
    register_export_routes(server)
    policy = content_security_policy(app.csp_hashes(), "'none'")
    dispatch_path = app.config.routes_pathname_prefix + "_dash-update-component"
    budget_mb = settings.answer_cache_mb if settings is not None else 0
    if budget_mb > 0:
        cache = AnswerCache(int(budget_mb * 1024 * 1024))
        server.extensions["reform_answer_cache"] = cache
        endpoint = next(rule.endpoint for rule in server.url_map.iter_rules() if rule.rule == dispatch_path)
        server.view_functions[endpoint] = cached_dispatch(server.view_functions[endpoint], cache)

    @server.errorhandler(HTTPException)
    def _plain_http_error(error: HTTPException) -> Response:
        # Werkzeug's default pages are HTML; a short plain-text line is what scripts and people need.
        return Response(f"{error.code} {error.name}\n", status=error.code, content_type="text/plain; charset=utf-8")

    @server.errorhandler(DependencyException)
    def _unknown_dash_file(_error: DependencyException) -> Response:
        # Dash raises this for a path under /_dash-component-suites/ it does not serve; unhandled, it was
        # a 500 and a traceback listing every file Dash serves.
        return Response("404 Not Found\n", status=404, content_type="text/plain; charset=utf-8")

    @server.before_request
    def _refuse_oversized_chunked_bodies() -> None:
        # A body sent in chunks has no Content-Length for Flask to check: Werkzeug reads it up to the
        # limit and silently stops there, so a 5 MB body became cut-off JSON (400). Read it here, once
        # (Flask keeps it for the view), and refuse what reaches the limit.
        if request.content_length is None and "chunked" in request.headers.get("Transfer-Encoding", "").lower():
            if len(request.get_data(cache=True)) >= MAX_REQUEST_BYTES:
                raise RequestEntityTooLarge()

    @server.before_request
    def _refuse_malformed_callbacks() -> Response | None:
        if request.path != dispatch_path or request.method != "POST":
            return None
        try:
            body = request.get_json(silent=True)
        except RecursionError:  # JSON nested deeper than Python's parser goes
            body = None
        problem = "the body is not JSON" if body is None else callback_request_problem(body, app.callback_map)
        if problem is None:
            return None
        return Response(f"Bad callback request: {problem}\n", status=400, content_type="text/plain; charset=utf-8")

    @server.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.headers.setdefault("Content-Security-Policy", policy)
        # X-Frame-Options cannot name sites: a response that allows framing by its CSP (embeds) gets none.
        if "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]:
            response.headers.setdefault("X-Frame-Options", "DENY")
        if request.path == "/" and response.mimetype == "text/html" and not response.direct_passthrough:
            lang = request.args.get("lang", "")
            known = lang if lang in locales.codes() else current_settings().language
            lang_tag = locales.get(known).tag.encode()
            body = response.get_data()
            body = _HTML_TAG.sub(b'<html lang="' + lang_tag + b'"', body, count=1)
            response.set_data(_with_page_meta(body))
        return response


def _with_page_meta(body: bytes) -> bytes:
    """The first HTML of a view with its own title and description (assets/app.js keeps them in step later)."""
    try:
        view = request_view(request.query_string.decode("utf-8", "replace"))
    except DataError:
        return body
    meta = page_meta(view.dataset, view.state, view.settings.number_style)
    title = b"<title>" + escape(meta.title).encode() + b"</title>"
    description = b'<meta name="description" content="' + escape(meta.description, quote=True).encode() + b'">'
    return _TITLE_TAG.sub(lambda _: description + title, body, count=1)


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
