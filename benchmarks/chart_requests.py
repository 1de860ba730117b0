"""The view the server-side benchmarks draw, and the Dash requests that draw it, as the renderer sends them.

One place for the chart view of a scale (:func:`chart_view`: the three indicators of one unit with the
most values drawn) and for the ``/_dash-update-component`` body of its chart, which the in-process
measures, the gunicorn load, the serving suite and the browser suite all post.
"""

from __future__ import annotations

import json
import urllib.request
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import indicators

CALLBACK_PATH = "/_dash-update-component"
#: What Chromium sends (checked with the browser: it asks for every page resource this way).
BROWSER_ENCODING = "gzip, deflate, br, zstd"
VIEW_SIZE = 3


def chart_view(dataset: indicators.Dataset) -> tuple[str, ...]:
    """A realistic heavy view: the unit with the most values drawn, its ``VIEW_SIZE`` fullest indicators."""
    frame = dataset.all_observations
    levels = frame[frame["preferred"] & (frame["measure"] != "ratio_to_base")]
    counts = levels.groupby("indicator_id", observed=True).size()
    table = dataset.indicators.assign(values=counts.reindex(dataset.indicators.index).fillna(0))
    table = table[table["values"] > 0]
    unit = table.groupby("unit")["values"].sum().sort_values(ascending=False, kind="stable").index[0]
    chosen = table[table["unit"] == unit].sort_values("values", ascending=False, kind="stable")
    return tuple(chosen.index[:VIEW_SIZE])


def callback_body(dependency: dict, values: dict[str, object], changed: list[str]) -> dict:
    """A ``/_dash-update-component`` body as the Dash renderer sends it (string ids only)."""
    spec = dependency["output"]
    parts = spec[2:-2].split("...") if spec.startswith("..") else [spec]
    outputs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in parts]

    def props(items: list[dict]) -> list[dict]:
        return [{**item, "value": values.get(f"{item['id']}.{item['property']}")} for item in items]

    return {
        "output": spec,
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": props(dependency["inputs"]),
        "changedPropIds": changed,
        "state": props(dependency["state"]),
    }


def callback_with_output(dependencies: list[dict], output: str) -> dict:
    """The callback (from ``_dash-dependencies``) that sets ``output`` (``"id.property"``), among its others.

    Raises:
        StopIteration: When no callback sets it.
    """
    return next(d for d in dependencies if output in d["output"].strip(".").split("..."))


def chart_body(dependencies: list[dict], search: str) -> bytes:
    """The request that draws the chart of a URL query string (the page's load of that URL), as JSON."""
    chart = callback_with_output(dependencies, "chart.figure")
    return json.dumps(callback_body(chart, {"url.search": search}, ["url.search"])).encode()


def dash_dependencies(base: str, timeout: float) -> list[dict]:
    """The callbacks a running server declares (``GET <base>/_dash-dependencies``)."""
    with urllib.request.urlopen(base + "/_dash-dependencies", timeout=timeout) as response:
        return json.load(response)
