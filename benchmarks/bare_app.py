"""The throughput baseline: a bare Dash app with one callback that returns a prebuilt figure.

``gunicorn -c gunicorn.conf.py benchmarks.bare_app:server`` with ``BENCH_FIGURE`` naming a figure's
JSON file (:mod:`benchmarks.gunicorn_load` writes the app's figure of the measured view there). The
layout has the same ``url`` and ``chart`` ids as the dashboard, so the same callback request body
shape reaches it; everything the dashboard adds (reading the URL, choosing and drawing the view,
provenance, security headers, compression) is absent.
"""

from __future__ import annotations

import os

import dash
import plotly.io as pio
from dash import Input, Output, dcc, html

FIGURE = pio.read_json(os.environ["BENCH_FIGURE"], skip_invalid=True)

app = dash.Dash(__name__, serve_locally=True)
app.layout = html.Div([dcc.Location(id="url"), dcc.Graph(id="chart")])


@app.callback(Output("chart", "figure"), Input("url", "search"))
def update_chart(_search: str | None):
    """The same figure for every request."""
    return FIGURE


# Dash finishes its set-up on the first request; do it before gunicorn forks (as app.py does).
app.server.test_client().get("/_dash-dependencies")
server = app.server
