"""The chart callback timed in-process, against the same figure built and serialized by plotly (its floor).

``POST /_dash-update-component`` for the chart of the scale's view, through Flask's test client (server
time: the request, Dash's dispatch, our callback, the JSON answer; no network), CPU p50 and p95 with
the answer computed each time (the answer cache off), against the **floor**: the same figure (every
trace, hover text, shape and annotation of the answer) built as a ``go.Figure`` and serialized by
``fig.to_json()``. For reference, also against a stricter floor (only the view's points as plain
``go.Scatter`` traces) and the answer served again from the cache. Requests and floor builds take
turns.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable

import plotly.graph_objects as go

import indicators
from benchmarks.chart_requests import CALLBACK_PATH
from benchmarks.measures import Measurement, ScaleRun, percentile

#: Chart callback requests per scale (each followed by a floor build); quick mode is for CI.
REQUESTS, QUICK_REQUESTS = 200, 50


def view_points(dataset: indicators.Dataset, ids: tuple[str, ...]) -> list[tuple[str, list, list]]:
    """Per indicator: its name and the (date, value) points the chart draws, as plain lists."""
    frame = dataset.all_observations
    rows = frame[frame["indicator_id"].isin(ids) & frame["preferred"] & (frame["measure"] != "ratio_to_base")]
    rows = rows.sort_values(["period_end", "period_start"], kind="stable")
    points = []
    for indicator_id in ids:
        own = rows[rows["indicator_id"] == indicator_id]
        name = str(dataset.indicators.loc[indicator_id, "name_zh"])
        points.append((name, own["period_end"].tolist(), own["value"].tolist()))
    return points


def floor_figure(points: list[tuple[str, list, list]], title: str) -> str:
    """The stricter floor: the view's points as plain ``go.Scatter`` traces with a title, as JSON."""
    traces = [go.Scatter(x=x, y=y, mode="lines+markers", name=name) for name, x, y in points]
    return go.Figure(data=traces, layout={"title": {"text": title}}).to_json()


def same_figure_floor(figure: dict) -> str:
    """The floor: the answer's figure (traces, hover texts, shapes, annotations) built with ``go.Figure``, as JSON."""
    return go.Figure(data=figure.get("data", []), layout=figure.get("layout", {})).to_json()


def chart_callback(scale: ScaleRun, client, body: bytes, floors: dict[str, Callable[[], str]]) -> dict:
    """CPU and wall time of the chart callback and of each floor, taking turns, ``REQUESTS`` of each.

    ``app``: the answer computed each time (the answer cache is emptied and refuses answers);
    ``cached``: the same request served again from the cache.
    """
    count = QUICK_REQUESTS if scale.quick else REQUESTS
    cache = client.application.extensions.get("reform_answer_cache")
    budget = cache.budget if cache is not None else 0
    times: dict[str, list[tuple[float, float]]] = {"app": [], "cached": [], **{name: [] for name in floors}}
    size = 0

    def post() -> None:
        nonlocal size
        response = client.post(CALLBACK_PATH, data=body, content_type="application/json")
        if response.status_code != 200:
            raise RuntimeError(f"chart callback answered {response.status}: {response.get_data()[:200]!r}")
        size = len(response.get_data())

    def keep_answers(on: bool) -> None:
        if cache is not None:
            cache.budget = budget if on else 0
            if not on:
                cache.clear()

    def computed() -> None:
        keep_answers(False)
        post()

    def prime() -> None:  # untimed: the request whose answer the cache keeps
        keep_answers(True)
        post()

    actions = {"app": computed, "cached": post, **floors}
    try:
        for _ in range(3):  # first-use costs (imports, caches) are not what is measured
            for name, action in actions.items():
                if name == "cached":
                    prime()
                action()
        gc.collect()
        for _ in range(count):
            for name, action in actions.items():
                if name == "cached":
                    prime()
                cpu, wall = time.process_time(), time.perf_counter()
                action()
                times[name].append((time.process_time() - cpu, time.perf_counter() - wall))
    finally:
        keep_answers(True)
    found = {"bytes": size, "count": count, "cache": cache is not None}
    for name, runs in times.items():
        cpu, wall = [c for c, _ in runs], [w for _, w in runs]
        found[name] = {"p50": statistics.median(cpu), "p95": percentile(cpu, 95), "wall_p50": statistics.median(wall)}
        found[name]["wall_p95"] = percentile(wall, 95)
    return found


def callback_rows(name: str, ids: tuple[str, ...], count: int, timing: dict) -> list[Measurement]:
    """The chart callback's rows of one scale: p50 and p95 against the floor, the stricter floor, the cache."""
    app, floor, points, cached = timing["app"], timing["floor"], timing["points_floor"], timing["cached"]
    view = f"{len(ids)} indicators, {count:,} values"
    return [
        Measurement(
            name,
            "chart_callback",
            f"chart callback server time p50, answer computed, in-process test client ({timing['count']} requests;"
            f" {view})",
            app["p50"],
            "s",
            floor["p50"],
            "the same figure built with go.Figure + to_json, p50",
            f"p95 {app['p95'] * 1e3:.1f} ms (floor {floor['p95'] * 1e3:.1f} ms); "
            f"answer {timing['bytes'] / 1e3:.0f} kB; view {','.join(ids)}; the page callback's answer to a new "
            "URL (the chart, the list under it, the view's header, tabs and notices, the controls), the view's "
            "rows and labels prepared (kept per data version)",
            app["wall_p50"],
        ),
        Measurement(
            name,
            "chart_callback_p95",
            "chart callback server time p95, answer computed",
            app["p95"],
            "s",
            floor["p95"],
            "same-figure floor p95",
            f"wall p95 {app['wall_p95'] * 1e3:.1f} ms",
            app["wall_p95"],
        ),
        Measurement(
            name,
            "chart_callback_points",
            "chart callback p50, answer computed, against a stricter floor (for reference)",
            app["p50"],
            "s",
            points["p50"],
            "only the points as go.Scatter traces + to_json, p50",
            "this floor leaves out what the chart adds to the points: hover texts with quotes, spans, "
            "qualifier marks, milestones, the list of sources under the chart",
            app["wall_p50"],
        ),
        Measurement(
            name,
            "chart_callback_cached",
            "chart callback p50, the same view asked again (answer kept by the worker)",
            cached["p50"],
            "s",
            floor["p50"],
            "same-figure floor p50",
            f"p95 {cached['p95'] * 1e3:.2f} ms" + ("" if timing["cache"] else "; the answer cache is off in config"),
            cached["wall_p50"],
        ),
    ]
