"""The page's first response holds its view: the same as the callbacks answer, inline, and nothing runs at load."""

from __future__ import annotations

import json
import re

import pytest

from server.static_cache import IMMUTABLE
from tests.test_snapshots import VIEWS, view_outputs

BLOCK = re.compile(r'<script type="application/json" id="(reform-dash-[a-z]+)">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def client(dash_app):
    return dash_app.server.test_client()


def page_blocks(client, search: str) -> dict[str, object]:
    """The JSON blocks of the page at ``/{search}``."""
    response = client.get("/" + search, headers={"Accept-Encoding": "identity"})
    assert response.status_code == 200 and response.mimetype == "text/html"
    return {name: json.loads(body) for name, body in BLOCK.findall(response.get_data(as_text=True))}


def layout_props(layout: object) -> dict[str, object]:
    """Every property of every component with a string id in a layout's JSON, by ``id.property``."""
    found: dict[str, object] = {}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            props = node.get("props")
            if "type" in node and isinstance(props, dict) and isinstance(props.get("id"), str):
                for name, value in props.items():
                    found[f"{props['id']}.{name}"] = value
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(layout)
    return found


def plain(value: object) -> object:
    """A value as its JSON reads back (components as their JSON dicts)."""
    from dash._utils import to_json

    return json.loads(to_json(value))


@pytest.mark.parametrize("name", list(VIEWS))
def test_the_page_holds_what_the_callbacks_answer_for_its_url(name, client, dash_app):
    search = VIEWS[name]
    blocks = page_blocks(client, search)
    props = layout_props(blocks["reform-dash-layout"])
    answered = plain(view_outputs(client, dash_app, search))
    assert answered, "the callbacks answered nothing to compare with"
    for key, value in answered.items():
        assert props.get(key) == value, key
    # The URL component holds the page's address: its mount changes nothing a callback listens to.
    assert (props["url.search"], props["url.pathname"], props["url.hash"]) == (search, "/", "")


def test_a_chart_view_arrives_drawn_with_its_figure(client, dash_app):
    search = "?tab=chart&ind=national_high_tech_enterprises,little_giant_enterprises&lang=en"
    props = layout_props(page_blocks(client, search)["reform-dash-layout"])
    figure = props["chart.figure"]
    assert figure["data"] and "National high-tech enterprises" in figure["layout"]["title"]["text"]
    assert props["chart-panel.hidden"] is False and props["overview-panel.hidden"] is True
    assert props["indicator-select.value"] == ["national_high_tech_enterprises", "little_giant_enterprises"]
    assert props["shell-lang.data"] == "en"


def test_the_dropdown_starts_with_its_values_and_gets_every_option_once_the_chart_is_drawn(client):
    props = layout_props(page_blocks(client, "?tab=chart&ind=enforcement_items&lang=en")["reform-dash-layout"])
    every = props["indicator-options.data"]
    assert len(every) > 40 and any(o["value"] == "enforcement_domains" for o in every)
    assert props["indicator-select.options"] == [o for o in every if o["value"] == "enforcement_items"]
    assert "enforcement" in props["indicator-select.options"][0]["label"]  # in the page's language
    # The dropdown's options follow the store, in the browser (assets/indicator-options.js).
    [fill] = [d for d in client.get("/_dash-dependencies").get_json() if d["output"] == "indicator-select.options"]
    assert fill["clientside_function"] == {"namespace": "reformOptions", "function_name": "fill"}
    assert [(i["id"], i["property"]) for i in fill["inputs"]] == [("indicator-options", "data")]


def test_the_inline_callbacks_are_dashs_and_none_runs_at_load(client):
    dependencies = page_blocks(client, "?tab=chart")["reform-dash-dependencies"]
    assert dependencies == client.get("/_dash-dependencies").get_json()
    for dependency in dependencies:
        if not dependency["clientside_function"]:
            assert dependency["prevent_initial_call"], dependency["output"][:60]
    # One server callback answers a new URL and a control change alike: one round trip per change.
    url_driven = [d for d in dependencies if any(i["id"] == "url" for i in d["inputs"])]
    assert len([d for d in url_driven if not d["clientside_function"]]) == 1


def test_the_layout_request_gives_the_view_of_the_page_that_asks(client):
    """Without assets/first-view.js, Dash's renderer asks for the layout; the referrer names the page."""
    search = "?tab=sources&lang=en"
    asked = client.get("/_dash-layout", headers={"Referer": f"http://localhost/{search}"}).get_json()
    assert asked == page_blocks(client, search)["reform-dash-layout"]
    other_site = client.get("/_dash-layout", headers={"Referer": f"http://elsewhere.example/{search}"}).get_json()
    assert layout_props(other_site)["view-state.data"]["tab"] == "overview"


def test_no_text_of_the_data_can_end_a_block(client):
    body = client.get("/?tab=nope</script><script>alert(1)</script>", headers={"Accept-Encoding": "identity"})
    text = body.get_data(as_text=True)
    blocks = BLOCK.findall(text)
    assert [name for name, _ in blocks] == ["reform-dash-layout", "reform-dash-dependencies"]
    assert "<script>alert(1)" not in text
    notices = json.dumps(layout_props(json.loads(blocks[0][1]))["notices.children"], ensure_ascii=False)
    assert "</script><script>alert(1)</script>" in notices  # shown to the reader as text, in the notice


def test_the_layout_is_kept_per_data_version_and_url(client, server):
    cache = server.extensions["reform_answer_cache"]
    search = "?tab=table&ind=enforcement_items"
    first = page_blocks(client, search)
    hits = cache.hits
    assert page_blocks(client, search) == first and cache.hits == hits + 1
    assert page_blocks(client, "?tab=table&ind=enforcement_domains") != first


def test_the_page_preloads_the_lazy_chunks_of_its_components(client):
    text = client.get("/", headers={"Accept-Encoding": "identity"}).get_data(as_text=True)
    preloads = re.findall(r'<link rel="preload" as="script" href="([^"]+)">', text)
    assert sorted(path.rsplit("/", 1)[-1] for path in preloads) == [
        "async-dropdown.js",
        "async-graph.js",
        "async-slider.js",
    ]
    for path in preloads:
        assert client.get(path).status_code == 200


def test_versioned_scripts_styles_and_icon_are_kept_a_year_and_the_rest_revalidated(client):
    text = client.get("/", headers={"Accept-Encoding": "identity"}).get_data(as_text=True)
    versioned = [p for p in re.findall(r'(?:src|href)="(/[^"]+)"', text) if "async-" not in p]
    assert any("/assets/" in p for p in versioned) and any("_dash-component-suites" in p for p in versioned)
    for path in versioned:
        response = client.get(path)
        assert response.status_code == 200 and response.headers["Cache-Control"] == IMMUTABLE, path
    # Unversioned: Dash's lazy chunks, an asset asked without its version, the page itself.
    for path in ("/_dash-component-suites/dash/dcc/async-graph.js", "/assets/style.css", "/?tab=chart"):
        assert "immutable" not in client.get(path).headers.get("Cache-Control", ""), path
