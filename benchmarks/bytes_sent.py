"""Bytes a browser receives: the first page of the view and one chart update, compressed and not.

Every request a fresh browser makes for the first page of the view (the HTML, its scripts and
stylesheets, ``_dash-layout``, ``_dash-dependencies``, the lazily loaded component chunks and
plotly.js, the callbacks fired at load) and for one chart update, answered in-process as a browser
asks (``Accept-Encoding: gzip, deflate, br, zstd``) and uncompressed; the update also for the
article's view, which exists at every scale (the data of ``data/`` is part of each).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from benchmarks.chart_requests import BROWSER_ENCODING, CALLBACK_PATH, callback_body, chart_body
from benchmarks.measures import Measurement

#: Lazily loaded chunks a component type makes the browser fetch (checked against the requests headless
#: Chromium made for the page: the Dash renderer loads them when a component of that type first renders).
ASYNC_CHUNKS = {
    "Dropdown": ["/_dash-component-suites/dash/dcc/async-dropdown.js"],
    "Graph": [
        "/_dash-component-suites/dash/dcc/async-graph.js",
        "/_dash-component-suites/plotly/package_data/plotly.min.js",
    ],
    "RangeSlider": ["/_dash-component-suites/dash/dcc/async-slider.js"],
    "Slider": ["/_dash-component-suites/dash/dcc/async-slider.js"],
    "Markdown": ["/_dash-component-suites/dash/dcc/async-markdown.js"],
}
_RESOURCE = re.compile(r"<(?:script[^>]*\ssrc|link[^>]*\shref)=\"(/[^\"]+)\"")
#: The JSON blocks of a page that holds its first view (server.first_view): element id, JSON.
_BLOCK = re.compile(r'<script type="application/json" id="(reform-dash-[a-z]+)">(.*?)</script>', re.S)


def _walk(node) -> Iterator[dict]:
    if isinstance(node, dict):
        if "type" in node and "props" in node:
            yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def first_page_requests(client, search: str, headers: dict) -> list[tuple[str, str, bytes | None]]:
    """The requests a fresh browser makes for ``/<search>``: (method, path, body), in order.

    The page, what it names (scripts, style sheets, icon, preloaded chunks); then, when the page does
    not hold its layout and callbacks (server.first_view), ``_dash-layout`` and ``_dash-dependencies``;
    the lazily loaded chunks not preloaded (plotly.js too when the page loads none), and the callbacks
    that run at load.
    """
    html = client.get("/" + search, headers=headers)
    text = _decoded(html).decode("utf-8")
    requests: list[tuple[str, str, bytes | None]] = [("GET", "/" + search, None)]
    requests += [("GET", path, None) for path in dict.fromkeys(_RESOURCE.findall(text))]
    blocks = {name: json.loads(body) for name, body in _BLOCK.findall(text)}
    if "reform-dash-layout" in blocks and "reform-dash-dependencies" in blocks:
        layout, dependencies = blocks["reform-dash-layout"], blocks["reform-dash-dependencies"]
    else:
        layout = json.loads(_decoded(client.get("/_dash-layout", headers=headers)))
        dependencies = json.loads(_decoded(client.get("/_dash-dependencies", headers=headers)))
        requests += [("GET", "/_dash-layout", None), ("GET", "/_dash-dependencies", None)]
    values: dict[str, object] = {"url.search": search}
    asked = {path.split("?", 1)[0] for _, path, _ in requests}
    has_plotly = any("plotly" in path.rsplit("/", 1)[-1] and "locale" not in path for path in asked)
    for component in _walk(layout):
        props = component["props"]
        if isinstance(props.get("id"), str):
            for name, value in props.items():
                values.setdefault(f"{props['id']}.{name}", value)
        for chunk in ASYNC_CHUNKS.get(component["type"], []):
            if chunk not in asked and not (has_plotly and chunk.endswith("plotly.min.js")):
                asked.add(chunk)
                requests.append(("GET", chunk, None))
    for dependency in dependencies:
        if dependency.get("clientside_function") or dependency.get("prevent_initial_call"):
            continue
        body = callback_body(dependency, values, [])
        requests.append(("POST", CALLBACK_PATH, json.dumps(body).encode()))
    return requests


def _decoded(response) -> bytes:
    data = response.get_data()
    encoding = response.headers.get("Content-Encoding")
    if not encoding:
        return data
    from flask_compress.flask_compress import _uncompress_data

    return _uncompress_data(data, encoding)


def sent_bytes(client, requests: list[tuple[str, str, bytes | None]], encoding: str) -> dict:
    """Bytes of the answers' bodies (as sent: compressed when the server compressed them), per path."""
    headers = {"Accept-Encoding": encoding}
    found: dict[str, int] = {}
    for method, path, body in requests:
        if method == "GET":
            response = client.get(path, headers=headers)
        else:
            response = client.post(path, data=body, content_type="application/json", headers=headers)
        if response.status_code != 200:
            raise RuntimeError(f"{method} {path} answered {response.status}")
        key = path if method == "GET" else f"POST {json.loads(body)['output'][:40]}"
        found[key] = found.get(key, 0) + len(response.get_data())
    return found


def bytes_sent(client, ids: tuple[str, ...], fixed_ids: tuple[str, ...]) -> dict:
    """First page and one chart update, as a browser asks and uncompressed."""
    search = f"?tab=chart&ind={','.join(ids)}"
    requests = first_page_requests(client, search, {"Accept-Encoding": BROWSER_ENCODING})
    dependencies = client.get("/_dash-dependencies").get_json()
    update = [("POST", CALLBACK_PATH, chart_body(dependencies, search))]
    fixed = [("POST", CALLBACK_PATH, chart_body(dependencies, f"?tab=chart&ind={','.join(fixed_ids)}"))]
    found = {}
    for name, encoding in (("browser", BROWSER_ENCODING), ("identity", "identity")):
        found[name] = {
            "first_page": sent_bytes(client, requests, encoding),
            "update": sum(sent_bytes(client, update, encoding).values()),
            "update_fixed": sum(sent_bytes(client, fixed, encoding).values()),
        }
    return found


def bytes_rows(name: str, count: int, fixed_ids: tuple[str, ...], sent: dict) -> list[Measurement]:
    """The rows of one scale: the first page, an update of its view (``count`` values), the article's view."""
    browser, identity = sent["browser"], sent["identity"]
    first, plain = browser["first_page"], identity["first_page"]
    biggest = max(first, key=first.get)
    dynamic = sum(v for k, v in first.items() if k.startswith(("POST", "/_dash-layout", "/_dash-dependencies", "/?")))
    return [
        Measurement(
            name,
            "bytes_first_page",
            f"bytes sent for the first page of the view ({len(first)} requests, as a browser asks)",
            sum(first.values()),
            "B",
            sum(plain.values()),
            "uncompressed",
            f"largest {biggest.rsplit('/', 1)[-1]} {first[biggest] / 1e3:.0f} kB; HTML, layout, dependencies and "
            f"callbacks {dynamic / 1e3:.1f} kB",
        ),
        Measurement(
            name,
            "bytes_chart_update",
            f"bytes sent for one chart update of the view ({count:,} values)",
            browser["update"],
            "B",
            identity["update"],
            "uncompressed",
            f"{identity['update'] / count:.0f} B a value uncompressed",
        ),
        Measurement(
            name,
            "bytes_chart_update_fixed",
            f"bytes sent for one chart update of the article's view (the same at every scale: {','.join(fixed_ids)})",
            browser["update_fixed"],
            "B",
            identity["update_fixed"],
            "uncompressed",
        ),
    ]
