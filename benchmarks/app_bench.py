"""The app side of issue 6 (phase 2): what the server costs per chart, and what it sends.

The suite (:func:`run`) at every scale, for the scale's *view* (:func:`benchmarks.chart_requests.chart_view`:
the three indicators of one unit with the most values drawn); each measure is in a module of its own:

* **chart callback** (:mod:`benchmarks.callback_timing`): the chart callback in-process through Flask's
  test client, CPU p50 and p95 with the answer computed each time, against the same figure built as a
  ``go.Figure`` and serialized by ``fig.to_json()`` (the floor); a stricter floor and the cached answer
  for reference.
* **throughput** and **server RSS** (:mod:`benchmarks.gunicorn_load`): gunicorn (2 workers, loopback)
  and 8 keep-alive clients posting the chart callback, against ``benchmarks/bare_app.py`` served the
  same way, as configured and with ``answer_cache_mb: 0``; the servers' memory afterwards.
* **warm PNG export** (:mod:`benchmarks.png_timing`): ``GET /chart/<ids>.png`` in-process, after one
  warm-up.
* **bytes sent** (:mod:`benchmarks.bytes_sent`): every request a fresh browser makes for the first page
  of the view and for one chart update, as a browser asks and uncompressed; the update also for the
  article's view, which exists at every scale.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path

import indicators
from benchmarks.bytes_sent import bytes_rows, bytes_sent
from benchmarks.callback_timing import callback_rows, chart_callback, floor_figure, same_figure_floor, view_points
from benchmarks.chart_requests import CALLBACK_PATH, chart_body, chart_view
from benchmarks.generate import DATA_DIR
from benchmarks.gunicorn_load import throughput, throughput_rows
from benchmarks.measures import Measurement, ScaleRun
from benchmarks.png_timing import png_export, png_row


@contextlib.contextmanager
def serving(data_dir: Path) -> Iterator:
    """The app of ``app.py`` reading ``data_dir`` (its settings swapped for the duration)."""
    import app as app_module
    from server.context import SETTINGS_KEY

    server = app_module.app.server
    saved = server.config[SETTINGS_KEY]
    server.config[SETTINGS_KEY] = saved.model_copy(update={"data_dir": Path(data_dir).resolve()})
    try:
        yield app_module.app
    finally:
        server.config[SETTINGS_KEY] = saved


def run(scale: ScaleRun) -> list[Measurement]:
    """Every app-side measure at one scale."""
    dataset = indicators.load_dataset(scale.data_dir)
    ids = chart_view(dataset)
    fixed_ids = chart_view(indicators.load_dataset(DATA_DIR))
    search = f"?tab=chart&ind={','.join(ids)}"
    points = view_points(dataset, ids)
    count = sum(len(x) for _, x, _ in points)
    from layouts.charts.labels import chart_title

    title = chart_title(dataset, ids, "zh")
    with serving(scale.data_dir) as app:
        client = app.server.test_client()
        dependencies = client.get("/_dash-dependencies").get_json()
        body = chart_body(dependencies, search)
        answer = json.loads(client.post(CALLBACK_PATH, data=body, content_type="application/json").get_data())
        figure = answer["response"]["chart"]["figure"]
        figure_json = json.dumps(figure)
        floors = {"floor": lambda: same_figure_floor(figure), "points_floor": lambda: floor_figure(points, title)}
        timing = chart_callback(scale, client, body, floors)
        sent = bytes_sent(client, ids, fixed_ids)
        png = png_export(scale, client, ids)
    served = throughput(scale, search, figure_json)
    return [
        *callback_rows(scale.name, ids, count, timing),
        *throughput_rows(scale.name, served),
        png_row(scale.name, png),
        *bytes_rows(scale.name, count, fixed_ids, sent),
    ]
