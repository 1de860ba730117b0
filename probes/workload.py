"""What the probes' clients ask for, as a browser would: pages, the chart callback, CSV, images.

A page is its HTML alone: it holds its view's layout and the callbacks (server.first_view), and no
callback runs at load. The callback bodies are built from the running app's ``/_dash-dependencies``
as the Dash renderer builds them, and the indicators come from its ``/_dash-layout``.
"""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
from dataclasses import dataclass

from probes.clients import (
    Client,
    Request,
    Result,
    check_chart_callback,
    check_csv,
    check_html,
    check_png,
)


def callback_body(dependency: dict, inputs: dict[str, object], state: dict[str, object]) -> dict:
    """A ``/_dash-update-component`` body as the Dash renderer sends it.

    For a callback listed by ``/_dash-dependencies`` with string ids (``..a.b...c.d..`` outputs).
    """
    spec = dependency["output"]
    parts = spec[2:-2].split("...") if spec.startswith("..") else [spec]
    outputs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in parts]

    def props(items: list[dict], values: dict[str, object]) -> list[dict]:
        return [{**item, "value": values.get(f"{item['id']}.{item['property']}")} for item in items]

    return {
        "output": spec,
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": props(dependency["inputs"], inputs),
        "changedPropIds": list(inputs),
        "state": props(dependency["state"], state),
    }


@dataclass
class Workload:
    """What the clients ask for, built from the running app: its indicators and its callbacks."""

    indicators: list[str]
    chart_callback: dict
    weights: dict[str, float]

    @classmethod
    def discover(cls, port: int, weights: dict[str, float]) -> Workload:
        """Read the indicator ids from ``/_dash-layout`` and the callbacks from ``/_dash-dependencies``."""
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/_dash-layout")
        layout = json.loads(connection.getresponse().read())
        connection.request("GET", "/_dash-dependencies")
        dependencies = json.loads(connection.getresponse().read())
        connection.close()
        indicators = []

        def walk(node) -> None:
            if isinstance(node, dict):
                if node.get("props", {}).get("id") == "indicator-options":  # every option (the dropdown's store)
                    indicators.extend(option["value"] for option in node["props"]["data"])
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(layout)
        # The page callback: it draws the chart of a new URL (and answers a control change).
        chart = next(d for d in dependencies if "...chart.figure..." in d["output"])
        assert indicators, "the indicator options of /_dash-layout list no indicators"
        return cls(indicators, chart, weights)

    def chart_request(self, search: str) -> Request:
        """The page callback drawing the chart of a URL's query string (a link to a chart view)."""
        body = callback_body(self.chart_callback, {"url.search": search}, {})
        return Request(
            "update_page (chart)", "POST", "/_dash-update-component", json.dumps(body).encode(), check_chart_callback
        )

    def image_request(self, rng: random.Random) -> Request:
        """A chart image of one indicator."""
        path = f"/chart/{rng.choice(self.indicators)}.png?lang={rng.choice(['zh', 'en'])}"
        return Request("/chart/<id>.png", "GET", path, None, check_png)

    def action(self, rng: random.Random, kind: str | None = None) -> tuple[str, list[Request]]:
        """One user action: a kind (drawn by weight unless given) and the requests it makes, in order."""
        kind = kind or rng.choices(list(self.weights), list(self.weights.values()))[0]
        ind = rng.choice(self.indicators)
        if kind == "page":
            search = rng.choice(
                ["", "?lang=en", f"?tab=chart&ind={ind}", f"?tab=chart&ind={ind}&lang=en", f"?tab=table&ind={ind}"]
            )
            return kind, [Request("/ (HTML)", "GET", "/" + search, None, check_html)]
        if kind == "callback":
            ids = ",".join(rng.sample(self.indicators, rng.choice([1, 1, 1, 2, 3])))
            search = f"?tab=chart&ind={ids}" + rng.choice(["", "&lang=en", "&from=2020", "&view=before-after"])
            return kind, [self.chart_request(search)]
        if kind == "csv":
            if rng.random() < 0.5:
                return kind, [Request("/data/observations.csv", "GET", "/data/observations.csv", None, check_csv)]
            path = f"/data/{ind}.csv?layout=wide&lang=en"
            return kind, [Request("/data/<id>.csv?layout=wide", "GET", path, None, check_csv)]
        return kind, [self.image_request(rng)]

    def one_of_each(self) -> list[tuple[str, Request]]:
        """One request of every kind, to check that the service answers."""
        ind = self.indicators[0]
        return [
            ("page", Request("/ (HTML)", "GET", f"/?tab=chart&ind={ind}", None, check_html)),
            ("callback", self.chart_request(f"?tab=chart&ind={ind}")),
            ("csv", Request("/data/observations.csv", "GET", "/data/observations.csv", None, check_csv)),
            ("image", Request("/chart/<id>.png", "GET", f"/chart/{ind}.png", None, check_png)),
        ]


def run_load(port: int, workload: Workload, clients: int, seconds: float, timeout: float, seed: int) -> list[Result]:
    """``clients`` threads sending actions back to back for ``seconds``; every request's result."""
    results: list[Result] = []
    deadline = time.monotonic() + seconds

    def user(index: int) -> None:
        rng = random.Random(seed * 1000 + index)
        client = Client(port, timeout)
        # Client n starts with the n-th kind, so even a short run with few clients measures every kind.
        first: str | None = list(workload.weights)[index % len(workload.weights)]
        try:
            while time.monotonic() < deadline:
                kind, requests = workload.action(rng, first)
                first = None
                for request in requests:
                    results.append(client.send(kind, request))
        finally:
            client.close()

    threads = [threading.Thread(target=user, args=(i,), name=f"client-{i}") for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def one_request(port: int, kind: str, request: Request, timeout: float) -> Result:
    """One request on a connection of its own."""
    client = Client(port, timeout)
    try:
        return client.send(kind, request)
    finally:
        client.close()


def service_answers(port: int, workload: Workload, timeout: float) -> list[Result]:
    """One request of every kind on a fresh connection."""
    client = Client(port, timeout)
    try:
        return [client.send(kind, request) for kind, request in workload.one_of_each()]
    finally:
        client.close()
