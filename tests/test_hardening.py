"""Hostile requests: malformed or oversized parameters get a short 4xx, never a 500 or a traceback.

Every route and callback is fed nasty values (huge, unicode, ``../``, NUL bytes, negative sizes,
repeated parameters, invalid UTF-8), by list and by hypothesis, through Flask's test client. Images
are stubbed (Chromium is tested in test_images.py). Also: debug is off by default, every response
carries the security headers, and no request value reaches a file path.
"""

from __future__ import annotations

import builtins
import io
import json
import logging
import os
import struct
import zlib
from urllib.parse import quote, quote_from_bytes, urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators.settings import load_settings
from outputs import images
from server.context import SETTINGS_KEY
from server.routes import MAX_REQUEST_BYTES

ROUTES = (
    "/data/observations.csv",
    "/data/enforcement_items.csv",
    "/data/observations.xlsx",
    "/data/enforcement_items.zip",
    "/chart/enforcement_items.png",
    "/chart/enforcement_domains,enforcement_items.svg",
    "/embed/enforcement_items",
    "/briefing.pptx",
)
KEYS = ("ind", "lang", "from", "to", "view", "layout", "encoding", "width", "height", "tab")
#: Raw (already percent-encoded) query values.
NASTY = (
    "",
    "%20",
    "x" * 5000,
    "9" * 400,
    "-1",
    "-99999",
    "0",
    "1e9",
    "0x10",
    "NaN",
    "inf",
    "%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%90",  # ２０２０, full-width digits
    "..%2F..%2Fconfig.yaml",
    "../../etc/passwd",
    "%2Fetc%2Fpasswd",
    "%00",
    "a%00b",
    "%FF%FE",  # not UTF-8
    "%C0%AE%C0%AE%2F",  # overlong dots
    "%E2%80%AE",  # right-to-left override
    "%E4%B8%AD%E6%96%87",  # 中文
    "%F0%9F%98%80",  # emoji
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "'%20OR%201%3D1%20--",
    "%25s%25s%25n",
    "%0D%0ASet-Cookie:%20x%3D1",
    ",,,,",
    ",".join(["enforcement_items"] * 50),
    "enforcement_items,../x",
    "%0A%2F",  # a newline and a slash: once fell through to Flask's HTML 404 page
    "enforcement_items%2Fx",
)
SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy")
#: Text of files no response may contain (config.yaml, pyproject.toml, /etc/passwd).
SECRETS = (b"frame_ancestors:", b"[build-system]", b"root:x:0:0")


def tiny_png() -> bytes:
    """A valid 1×1 PNG (the briefing deck reads the picture's size)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0\xff\xff\xff"))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def dash_app():
    import app as app_module

    return app_module.app


@pytest.fixture(scope="module", autouse=True)
def _no_chromium():
    """Images are stubbed: these tests are about parameters, not drawing."""
    real = images.figure_image
    png = tiny_png()
    images.figure_image = lambda figure, fmt="png", **_: png if fmt == "png" else b"<svg></svg>"
    yield
    images.figure_image = real


@pytest.fixture
def client(dash_app):
    settings = dash_app.server.config[SETTINGS_KEY]
    yield dash_app.server.test_client()
    dash_app.server.config[SETTINGS_KEY] = settings


def problems(response, url: str) -> list[str]:
    """What is wrong with an answer to a hostile request (nothing, for a good answer)."""
    found = []
    data = response.get_data()
    if response.status_code >= 500:
        found.append(f"{url}: {response.status_code}")
    for name in SECURITY_HEADERS:
        if name not in response.headers:
            found.append(f"{url}: no {name}")
    if b"Traceback" in data or b'File "/' in data:
        found.append(f"{url}: traceback in the body")
    found += [f"{url}: file contents in the body" for secret in SECRETS if secret in data]
    path = url.split("?", 1)[0]
    ours = path.startswith(("/data/", "/chart/", "/embed/", "/briefing"))
    if ours and response.status_code >= 400:
        if response.mimetype != "text/plain" or len(data) > 400 or not data.strip():
            found.append(f"{url}: {response.status_code} is not a short plain-text message: {data[:80]!r}")
    return found


@pytest.mark.parametrize("url", ["/data/a/b.csv", "/chart/x/y.png", "/embed/a/b/c", "/no/such/page.csv"])
def test_paths_no_route_expects_answer_in_plain_text(client, url):
    assert problems(client.get(url), url) == []
    assert problems(client.post(url), url) == []


def test_nasty_values_of_every_parameter_of_every_route(client):
    found = []
    for route in ROUTES:
        for key in KEYS:
            for value in NASTY:
                url = f"{route}?{key}={value}"
                found += problems(client.get(url), url)
    assert found == []


@pytest.mark.parametrize("route", ROUTES)
def test_repeated_and_conflicting_parameters(client, route):
    found = []
    for query in (
        "lang=en&lang=zh&lang=fr",
        "from=2020&from=2019&to=2018",
        "ind=enforcement_items&ind=nope&ind=",
        "width=800&width=-1&height=1&height=99999",
        "layout=wide&layout=tidy&encoding=utf-8&encoding=gbk",
        "&&&=&==&lang",
        "lang=en&" + "&".join(f"k{i}=v" for i in range(500)),
        "%00=%00&%FF=%FF",
        "=x",
        "x" * 20000,
    ):
        found += problems(client.get(f"{route}?{query}"), f"{route}?{query[:60]}")
    assert found == []


@pytest.mark.parametrize("prefix", ["/data/{}.csv", "/data/{}.xlsx", "/chart/{}.png", "/chart/{}.svg", "/embed/{}"])
def test_nasty_names_in_the_path(client, prefix):
    found = []
    for value in NASTY[1:]:
        url = prefix.format(value)
        found += problems(client.get(url), url)
    assert found == []


@given(
    route=st.sampled_from(ROUTES),
    params=st.lists(st.tuples(st.sampled_from(KEYS) | st.text(max_size=12), st.text(max_size=80)), max_size=6),
)
def test_any_text_in_query_strings(client, route, params):
    url = f"{route}?{urlencode(params)}"
    assert problems(client.get(url), url) == []


@given(route=st.sampled_from(ROUTES), raw=st.binary(max_size=120))
def test_any_bytes_in_query_strings(client, route, raw):
    url = f"{route}?{quote_from_bytes(raw, safe='=&')}"
    assert problems(client.get(url), url) == []


@given(
    prefix=st.sampled_from(["/data/{}.csv", "/data/{}.zip", "/chart/{}.png", "/embed/{}"]),
    name=st.text(min_size=1, max_size=60),
)
def test_any_text_as_the_indicator_in_the_path(client, prefix, name):
    url = prefix.format(quote(name, safe=""))
    assert problems(client.get(url), url) == []


# --- Dash callbacks ----------------------------------------------------------------------------------


def dependencies(client) -> list[dict]:
    return client.get("/_dash-dependencies").get_json()


def chart_callback(client) -> dict:
    """The callback that draws the chart (the page callback: a new URL or a control change)."""
    return next(d for d in dependencies(client) if "...chart.figure..." in d["output"])


def url_values(dependency: dict, search: object) -> list:
    """Input values for a callback: ``search`` as the URL's query string, nothing for the other inputs."""
    return [search if (i["id"], i["property"]) == ("url", "search") else None for i in dependency["inputs"]]


def string_outputs(spec: str) -> list[dict]:
    parts = spec[2:-2].split("...") if spec.startswith("..") else [spec]
    return [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in parts]


def body_for(dependency: dict, values: list, state_values: list | None = None) -> dict:
    """A callback request for a callback with string ids, with the given input and state values."""
    inputs = [{**item, "value": value} for item, value in zip(dependency["inputs"], values, strict=True)]
    states = [{**item, "value": value} for item, value in zip(dependency["state"], state_values or [], strict=False)]
    outputs = string_outputs(dependency["output"])
    return {
        "output": dependency["output"],
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": inputs,
        "changedPropIds": [f"{item['id']}.{item['property']}" for item in dependency["inputs"]],
        "state": states,
    }


NASTY_VALUES = [
    None,
    0,
    -1,
    1e308,
    True,
    "",
    "x" * 100_000,
    "\x00",
    "?tab=chart&ind=" + ",".join(["enforcement_items"] * 2000),
    "?tab=chart&ind=enforcement_items&from=-5&to=99999999999999999999",
    "?tab=chart&ind=../../etc/passwd&lang=%00",
    "\ud800",
    [],
    [None, "x", 5, {"a": 1}],
    {},
    {"lang": ["en"], "tab": {"x": 1}},
    [[[[["deep"]]]]],
    [2019],
    ["2019", "2022"],
    [-1e308, 1e308],
]


def post(client, body) -> object:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client.post("/_dash-update-component", data=data, content_type="application/json")


def test_every_callback_survives_forged_input_values(client):
    found = []
    for dependency in dependencies(client):
        if dependency["clientside_function"] or dependency["output"].startswith("{"):
            continue  # clientside, or pattern-matching ids (below)
        for value in NASTY_VALUES:
            values = [value] * len(dependency["inputs"])
            states = [value] * len(dependency["state"])
            body = json.dumps(body_for(dependency, values, states)).encode()
            response = post(client, body)
            found += problems(response, f"{dependency['output'][:30]} <- {str(value)[:30]!r}")
            # A body over the limit (the long value in each of the page callback's six fields) is refused
            # whole, as every oversized request is; any other forged body is answered.
            expected = 413 if len(body) > MAX_REQUEST_BYTES else None
            if (response.status_code >= 400) if expected is None else (response.status_code != expected):
                found.append(f"{dependency['output'][:30]} <- {str(value)[:30]!r}: {response.status_code}")
    assert found == []


def test_download_link_callback_survives_forged_values(client):
    links = next(d for d in dependencies(client) if d["output"].startswith("{"))
    found = []
    for encoding in NASTY_VALUES:
        for hrefs in ([None, "/data/observations.csv"], ["/data/x.csv?encoding=%00", 5, {"a": 1}, "http://["], []):
            panel = {"panel": "table", "type": "download-encoding"}
            outputs = [
                {"id": {"file": str(i), "panel": "table", "type": "download-link"}, "property": "href"}
                for i in range(len(hrefs))
            ]
            body = {
                "output": links["output"],
                "outputs": outputs,
                "inputs": [{"id": panel, "property": "value", "value": encoding}],
                "changedPropIds": [json.dumps(panel, separators=(",", ":"), sort_keys=True) + ".value"],
                "state": [[{**o, "value": h} for o, h in zip(outputs, hrefs, strict=True)]],
            }
            response = post(client, body)
            found += problems(response, f"links <- {str(encoding)[:30]!r}, {hrefs!r}")
            if hrefs:  # a state listing other components than the outputs is malformed
                response = post(client, {**body, "state": [body["state"][0][1:]]})
                assert response.status_code == 400 and b"different components" in response.data
    assert found == []


def test_malformed_callback_requests_are_refused_with_4xx(client):
    chart = chart_callback(client)
    good = body_for(chart, url_values(chart, "?tab=chart&ind=enforcement_items"), [None] * len(chart["state"]))
    assert post(client, good).status_code == 200
    bodies = [
        b"",
        b"not json",
        b"\xff\xfe\x00",
        b"[" * 100_000 + b"]" * 100_000,
        b'"a string"',
        b"[]",
        b"{}",
        b"null",
        {**good, "output": "..nope.children.."},
        {**good, "output": 5},
        {**good, "output": "x" * 10_000},
        {key: value for key, value in good.items() if key != "inputs"},
        {key: value for key, value in good.items() if key != "outputs"},
        {**good, "inputs": "x"},
        {**good, "inputs": [1, 2]},
        {**good, "inputs": []},
        {**good, "inputs": [{"id": "url"}]},
        {**good, "inputs": good["inputs"] * 3},
        {**good, "outputs": []},
        {**good, "outputs": "x"},
        {**good, "outputs": [{"id": "chart", "property": "figure"}]},
        {**good, "changedPropIds": "url.search"},
        {**good, "changedPropIds": [5]},
        {**good, "state": {"a": 1}},
        {**good, "state": [1]},
    ]
    found = []
    for body in bodies:
        response = post(client, body)
        label = repr(body)[:60]
        found += problems(response, label)
        if response.status_code < 400 and body is not good:
            found.append(f"{label}: answered {response.status_code}")
    assert found == []
    clientside = next(d for d in dependencies(client) if d["clientside_function"])
    body = {**good, "output": clientside["output"], "outputs": {"id": "view-state", "property": "data"}}
    assert post(client, body).status_code == 400  # it runs in the browser
    without_trigger = {key: value for key, value in good.items() if key != "changedPropIds"}
    assert post(client, without_trigger).status_code == 200  # optional in Dash's protocol
    assert client.get("/_dash-update-component").mimetype == "text/html"  # Dash's page, for any other path
    assert client.post("/_dash-update-component", data=b"{}", content_type="text/plain").status_code in (400, 415)


def test_oversized_callback_bodies_are_refused(client):
    response = post(client, b'{"output": "' + b"x" * (600 * 1024) + b'"}')
    assert response.status_code == 413 and problems(response, "413") == []


# --- debug, headers, files -------------------------------------------------------------------------


def test_debug_is_off_by_default(dash_app, monkeypatch):
    monkeypatch.delenv("REFORM_DEBUG", raising=False)
    monkeypatch.delenv("REFORM_CONFIG", raising=False)
    assert load_settings().debug is False
    assert dash_app.server.debug is False and not dash_app.server.config["PROPAGATE_EXCEPTIONS"]


def test_an_unexpected_error_is_a_bare_500_without_a_traceback(client, monkeypatch):
    import server.files

    def broken():
        raise RuntimeError("secret internals /work/path")

    monkeypatch.setattr(server.files, "_dataset", broken)
    response = client.get("/data/observations.csv")
    assert response.status_code == 500
    assert b"secret internals" not in response.data and b"Traceback" not in response.data
    assert all(name in response.headers for name in SECURITY_HEADERS)


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", "/"),
        ("GET", "/?lang=en&tab=chart&ind=enforcement_items"),
        ("GET", "/_dash-layout"),
        ("GET", "/_dash-dependencies"),
        ("GET", "/healthz"),
        ("GET", "/assets/style.css"),
        ("GET", "/assets/nope.css"),
        ("GET", "/_favicon.ico"),
        ("GET", "/data/observations.csv"),
        ("GET", "/data/nope.csv"),
        ("GET", "/data/observations.csv?layout=x"),
        ("GET", "/chart/enforcement_items.svg"),
        ("GET", "/briefing.pptx?ind=enforcement_items"),
        ("GET", "/_dash-update-component"),
        ("POST", "/healthz"),
        ("HEAD", "/"),
        ("OPTIONS", "/data/observations.csv"),
    ],
)
def test_security_headers_on_every_response(client, method, url):
    response = client.open(url, method=method)
    assert response.status_code < 500
    for name in SECURITY_HEADERS:
        assert name in response.headers, f"{method} {url} ({response.status_code}) has no {name}"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and response.headers["X-Frame-Options"] == "DENY"
    assert "unsafe-eval" not in policy


def test_component_suites_and_embeds_carry_the_headers_too(client, dash_app):
    page = client.get("/").get_data(as_text=True)
    script = page.split('src="/_dash-component-suites/', 1)[1].split('"', 1)[0]
    response = client.get("/_dash-component-suites/" + script)
    assert response.status_code == 200 and all(name in response.headers for name in SECURITY_HEADERS)
    embed = client.get("/embed/enforcement_items")
    assert "frame-ancestors 'self'" in embed.headers["Content-Security-Policy"]  # as config.yaml says
    assert "X-Frame-Options" not in embed.headers


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/assets/../config.yaml", 404),
        ("/assets/..%2fconfig.yaml", 404),
        ("/assets/..%2f..%2f..%2fetc%2fpasswd", 404),
        ("/assets/%2e%2e/config.yaml", 404),
        ("/assets//etc/passwd", 200),  # Dash's page: every path no route claims is the single-page app
        ("/_dash-component-suites/dash/..%2f..%2f..%2fconfig.yaml", 404),
        ("/_dash-component-suites/dash/../../pyproject.toml", 404),
        ("/_dash-component-suites/os/path.py", 404),
        ("/_dash-component-suites/dash/dash.py", 404),
        ("/vendor/..%2fconfig.yaml", 200),  # the page, as above
        ("/data/..%2fconfig.yaml.csv", 404),
        ("/chart/..%2f..%2fpyproject.toml.svg", 404),
        ("/embed/..%2f..%2fconfig.yaml", 404),
    ],
)
def test_traversal_never_serves_files(client, url, status):
    response = client.get(url)
    assert response.status_code == status, url
    assert not any(secret in response.data for secret in SECRETS), url
    assert b"def " not in response.data[:5000] or response.mimetype != "text/x-python"
    assert "Content-Disposition" not in response.headers
    if status == 200:
        assert response.mimetype == "text/html" and b"react-entry-point" in response.data


@pytest.mark.parametrize(
    "url",
    [
        "/_dash-component-suites/nope/x.js",
        "/_dash-component-suites/dash/nope.js",
        "/_dash-component-suites/dash/deps/nope.v1_2m3.js",
        "/_dash-component-suites/plotly/package_data/nope.min.js",
    ],
)
def test_unknown_dash_files_are_404_without_a_traceback(client, url, caplog):
    # Dash raised DependencyException: a 500 and a 3 kB traceback listing every file it serves.
    with caplog.at_level(logging.DEBUG):
        response = client.get(url)
    assert response.status_code == 404
    assert response.data == b"404 Not Found\n" and response.mimetype == "text/plain"
    assert all(name in response.headers for name in SECURITY_HEADERS)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info], caplog.text[:500]


@pytest.mark.parametrize("size", [MAX_REQUEST_BYTES, 5 * 1024 * 1024])
def test_oversized_chunked_bodies_are_refused_with_413(client, size):
    # No Content-Length: Werkzeug read up to the limit and stopped there, so the cut-off body was a 400.
    response = client.post(
        "/_dash-update-component",
        input_stream=io.BytesIO(b"x" * size),
        headers={"Content-Type": "application/json", "Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.status_code == 413


def test_a_small_chunked_callback_body_still_reaches_the_callback(client):
    chart = chart_callback(client)
    body = json.dumps(body_for(chart, url_values(chart, "?tab=chart&ind=enforcement_items"), [None])).encode()
    response = client.post(
        "/_dash-update-component",
        input_stream=io.BytesIO(body),
        headers={"Content-Type": "application/json", "Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.status_code == 200 and b"figure" in response.data


def test_no_request_value_reaches_a_file_path(client, monkeypatch):
    # Every path the app opens or stats while answering requests full of a marker: none holds it.
    marker = "zzmarkerzz"
    touched: list[str] = []
    real_open, real_os_open, real_stat = builtins.open, os.open, os.stat

    def spy(real):
        def wrapper(path, *args, **kwargs):
            touched.append(os.fsdecode(path) if isinstance(path, str | bytes | os.PathLike) else str(path))
            return real(path, *args, **kwargs)

        return wrapper

    monkeypatch.setattr(builtins, "open", spy(real_open))
    monkeypatch.setattr(os, "open", spy(real_os_open))
    monkeypatch.setattr(os, "stat", spy(real_stat))
    urls = [
        f"/data/{marker}.csv",
        f"/data/observations.csv?ind={marker}",
        f"/data/observations.xlsx?lang={marker}&layout={marker}",
        f"/data/enforcement_items.zip?encoding={marker}",
        f"/chart/{marker}.png",
        f"/chart/enforcement_items.{marker}",
        f"/chart/enforcement_items.png?width={marker}",
        f"/embed/{marker}",
        f"/briefing.pptx?ind={marker}",
        f"/?tab={marker}&ind={marker}&lang={marker}",
        f"/healthz?{marker}={marker}",
    ]
    for url in urls:
        client.get(url)
    chart = chart_callback(client)
    post(client, body_for(chart, url_values(chart, f"?tab=chart&ind={marker}&lang={marker}"), [None]))
    monkeypatch.undo()
    assert touched, "the spy saw nothing: it is not wired"
    assert [path for path in touched if marker in path] == []


# --- the running server ----------------------------------------------------------------------------

#: Malformed or hostile requests, sent as raw bytes, with the status each must get from gunicorn alone
#: and through nginx (the production command): nginx refuses some itself, with its own codes.
RAW_REQUESTS = {
    "request line too long": (
        b"GET /data/observations.csv?" + b"a" * 10_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
        414,
        414,
    ),
    "NUL byte in the path": (b"GET /data/a\x00b.csv HTTP/1.1\r\nHost: x\r\n\r\n", 400, 400),
    "encoded NUL in the path": (b"GET /data/%00.csv HTTP/1.1\r\nHost: x\r\n\r\n", 404, 400),
    "header too large": (b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20_000 + b"\r\n\r\n", 431, 400),
    "too many headers": (
        b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: a\r\n" % i for i in range(200)) + b"\r\n",
        431,
        431,
    ),
    "control character in the method": (b"FOO\x01 /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 400, 400),
    "negative Content-Length": (b"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", 400, 400),
    "Content-Length and chunked": (
        b"POST /_dash-update-component HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        400,
        400,
    ),
    "callback body too large": (
        b"POST /_dash-update-component HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 700000\r\n\r\n" + b"x" * 700_000,
        413,
        413,
    ),
    "chunked callback body too large": (
        b"POST /_dash-update-component HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n" + (b"10000\r\n" + b"x" * 0x10000 + b"\r\n") * 10 + b"0\r\n\r\n",
        413,
        413,
    ),
    "chunked callback body of 5 MB": (
        b"POST /_dash-update-component HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n" + (b"10000\r\n" + b"x" * 0x10000 + b"\r\n") * 80 + b"0\r\n\r\n",
        413,
        413,
    ),
    "callback body not JSON": (
        b"POST /_dash-update-component HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 9\r\n\r\nnot json!",
        400,
        400,
    ),
    "negative image size": (b"GET /chart/enforcement_items.png?width=-5 HTTP/1.1\r\nHost: x\r\n\r\n", 400, 400),
    "unknown Dash file": (b"GET /_dash-component-suites/dash/nope.js HTTP/1.1\r\nHost: x\r\n\r\n", 404, 404),
}


def raw_request(port: int, data: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send bytes as they are (no client library would send most of these); the answer's parts.

    A server may answer before the whole request is sent (413 for a body too large) and stop reading;
    like curl, this client then stops sending and reads the answer.
    """
    import socket

    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        try:
            sock.sendall(data.replace(b"Host: x\r\n", b"Host: x\r\nConnection: close\r\n", 1))
        except (BrokenPipeError, ConnectionResetError):
            pass
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except ConnectionResetError:
            if not answer:
                raise
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    return int(lines[0].split()[1]), headers, body


@pytest.mark.slow
@pytest.mark.parametrize("stack", ["gunicorn", "production"])
def test_the_running_server_refuses_malformed_http(tmp_path, stack):
    from probes.stacks import running

    with running(stack, tmp_path, workers=1) as served:
        found = []
        for name, (data, direct, via_nginx) in RAW_REQUESTS.items():
            expected = via_nginx if stack == "production" else direct
            try:
                status, headers, body = raw_request(served.port, data)
            except OSError as exc:  # the server must answer, not drop the connection
                found.append(f"{name}: {type(exc).__name__}")
                continue
            if status != expected:
                found.append(f"{name}: {status}, expected {expected}")
            if b"Traceback" in body:
                found.append(f"{name}: traceback")
            # gunicorn answers what it cannot parse itself, before the app and its headers (an nginx in
            # front adds them: docs/reliability.md); everything that reaches the app has them.
            if headers.get("Server") == "gunicorn" and not all(h in headers for h in SECURITY_HEADERS):
                found.append(f"{name}: {status} from the app without the security headers")
        assert found == []
        status, headers, _ = raw_request(served.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        assert status == 200 and all(h in headers for h in SECURITY_HEADERS)
        log = "".join(server.log_path.read_text(errors="replace") for server in served.servers)
        assert "Traceback" not in log and "DependencyException" not in log


@pytest.mark.parametrize("encoding", ["gzip", "br", "zstd"])
def test_page_bundles_and_callbacks_are_compressed_when_asked_and_keep_the_security_headers(client, encoding):
    from flask_compress.flask_compress import _uncompress_data

    page = client.get("/", headers={"Accept-Encoding": encoding})
    assert page.headers["Content-Encoding"] == encoding
    assert b'<html lang="zh-CN"' in _uncompress_data(page.get_data(), encoding)
    plotly_js = client.get(
        "/_dash-component-suites/plotly/package_data/plotly.min.js", headers={"Accept-Encoding": encoding}
    )
    again = client.get(
        "/_dash-component-suites/plotly/package_data/plotly.min.js", headers={"Accept-Encoding": encoding}
    )
    assert plotly_js.headers["Content-Encoding"] == encoding and len(plotly_js.get_data()) < 2_000_000
    assert again.get_data() == plotly_js.get_data()  # kept, not compressed again
    for response in (page, plotly_js):
        assert "Accept-Encoding" in response.headers["Vary"]
        for name in SECURITY_HEADERS:
            assert name in response.headers
    plain = client.get("/", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers and b'<html lang="zh-CN"' in plain.get_data()
