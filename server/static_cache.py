"""Browsers keep the page's scripts, styles and icon for a year: every URL the page names is versioned.

A warm visit then asks the server for the page alone. Dash names its component bundles with a
fingerprint (``dash_renderer.v4_4_1m….min.js``) and the app's assets with their modification time
(``/assets/style.css?m=…``); its icon with its version (``/_favicon.ico?v=…``), and the plotly.js
bundles carry theirs in the path. A new deploy changes those names, so a year and ``immutable`` (no
revalidation, even on reload) is safe. Dash's lazily loaded chunks (``async-graph.js``) have no
version in their name and keep Dash's ETag revalidation; the page preloads them instead
(:mod:`server.first_view`), so they arrive with the other scripts rather than after the first render.
"""

from __future__ import annotations

from dash.fingerprint import check_fingerprint
from flask import Flask, Response, request

IMMUTABLE = "public, max-age=31536000, immutable"


def versioned(path: str, args, *, suites: str, assets: str, favicon: str) -> bool:
    """Whether the URL names one version of a file for good (its content never changes under it)."""
    if path.startswith(suites):
        return check_fingerprint(path[len(suites) :])[1]
    if path.startswith(assets):
        return bool(args.get("m"))
    return path == favicon and bool(args.get("v"))


def register_static_caching(app) -> None:
    """Mark the versioned static files of a Dash app immutable for a year (see the module's notes)."""
    server: Flask = app.server
    prefix = app.config.requests_pathname_prefix
    places = {
        "suites": f"{prefix}_dash-component-suites/",
        "assets": f"{prefix}{app.config.assets_url_path.strip('/')}/",
        "favicon": f"{prefix}_favicon.ico",
    }

    @server.after_request
    def _cache_versioned(response: Response) -> Response:
        if request.method == "GET" and response.status_code == 200 and versioned(request.path, request.args, **places):
            response.headers["Cache-Control"] = IMMUTABLE
            response.headers.pop("Expires", None)
        return response
