"""The plotly.js the dashboard loads: the basic partial bundle when set-up installed it, else Dash's own.

plotly.js's full bundle is 4.6 MB and about a second of a 2-core machine's time to compile and run in
a fresh browser; the basic partial bundle (scatter, bar and pie traces: 1.2 MB) draws every chart
kind of :mod:`layouts.charts`. ``./dev.sh`` installs it from npm (``vendor/package.json``, pinned,
its integrity checked by ``npm ci`` against ``vendor/package-lock.json``) into ``vendor/node_modules``;
nothing of it is in the repository. The app serves it under a versioned URL cached for a year, and
loads it as a page script, so ``window.Plotly`` is there before Dash's graph component mounts (which
then loads no bundle of its own). Without it (a checkout where set-up has not run), the page falls
back to Dash's full bundle, loaded by the graph component as before, and the log says so once.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import plotly
from flask import Flask, Response, send_file

from server.logs import log_event

#: Where ``./dev.sh`` installs the vendored npm packages (``npm ci --prefix vendor``).
VENDOR_DIR = Path(__file__).resolve().parent.parent / "vendor" / "node_modules"
PACKAGE = "plotly.js-basic-dist-min"
BUNDLE_FILE = "plotly-basic.min.js"
#: The full bundle Dash's graph component loads when no ``window.Plotly`` is there.
FULL_BUNDLE = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
#: A year, and no revalidation: the version is in the URL, and an npm version's files never change.
IMMUTABLE = "public, max-age=31536000, immutable"

#: How a trace module registers itself in a plotly.js bundle (minified or not).
_TRACE_MODULE = re.compile(rb"""moduleType\s*:\s*["']trace["']\s*,\s*name\s*:\s*["']([a-z0-9_]+)["']""")


@dataclass(frozen=True)
class PlotlyBundle:
    """A plotly.js bundle file and the URL the app serves it at."""

    path: Path
    version: str
    url: str


def basic_bundle(vendor_dir: Path = VENDOR_DIR) -> PlotlyBundle | None:
    """The installed basic bundle, or None when set-up has not installed it (or it is unreadable)."""
    package_dir = vendor_dir / PACKAGE
    try:
        version = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    path = package_dir / BUNDLE_FILE
    if not isinstance(version, str) or not re.fullmatch(r"[0-9A-Za-z.+-]+", version) or not path.is_file():
        return None
    return PlotlyBundle(path, version, f"/vendor/plotly-basic-{version}.min.js")


@cache
def trace_types(path: Path) -> frozenset[str]:
    """The trace types a plotly.js bundle file can draw (read from its trace modules)."""
    return frozenset(name.decode() for name in _TRACE_MODULE.findall(path.read_bytes()))


def served_bundle(vendor_dir: Path = VENDOR_DIR) -> Path:
    """The plotly.js file the dashboard's charts are drawn with: the basic bundle, else Dash's full one."""
    bundle = basic_bundle(vendor_dir)
    return bundle.path if bundle is not None else FULL_BUNDLE


def register_plotly_bundle(server: Flask, vendor_dir: Path = VENDOR_DIR) -> list[dict[str, str]]:
    """Serve the basic bundle, and return the page scripts that load it (none: Dash's full bundle).

    The result goes to ``dash.Dash(external_scripts=...)``: Dash puts external scripts after React
    and before the component libraries and the app's assets, so the zh-CN locale
    (``assets/plotly-locale-zh-cn.js``) registers at once and the graph component finds ``window.Plotly``.
    """
    bundle = basic_bundle(vendor_dir)
    full_version = plotly.offline.get_plotlyjs_version()
    if bundle is None:
        log_event(
            "plotly.js basic bundle missing: the page loads Dash's full bundle (4.6 MB); run ./dev.sh to install it",
            logging.WARNING,
            expected=str(vendor_dir / PACKAGE / BUNDLE_FILE),
        )
        return []
    if bundle.version != full_version:
        log_event(
            "plotly.js basic bundle is another version than plotly.py's: update vendor/package.json",
            logging.WARNING,
            basic=bundle.version,
            plotly_py=full_version,
        )

    def serve() -> Response:
        response = send_file(bundle.path, mimetype="text/javascript", max_age=31_536_000, conditional=True)
        response.headers["Cache-Control"] = IMMUTABLE
        return response

    server.add_url_rule(bundle.url, "plotly_basic_js", serve)
    return [{"src": bundle.url}]
