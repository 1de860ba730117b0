"""A page's chart is planned for the width it is shown at: the one the browser last measured, else a screen's."""

from __future__ import annotations

import json

import pytest

from layouts.charts.style import PAGE_WIDTH
from server.context import CHART_WIDTH_COOKIE, shown_width
from tests.test_answer_cache import chart_request
from tests.test_first_view import layout_props, page_blocks

#: Five series of very different sizes: small multiples, whose panels are laid out for the width.
VIEW = "?tab=chart&ind=general_procedure_cases,simple_procedure_cases,eco_environment_cases&view=small-multiples"


@pytest.fixture
def client(dash_app):
    return dash_app.server.test_client()


def first_view(client, search: str = VIEW) -> dict[str, object]:
    """The properties of the page's first response (its layout)."""
    return layout_props(page_blocks(client, search)["reform-dash-layout"])


def redraw(client, width: object, search: object = VIEW):
    """The chart-only callback the page asks for when its chart box does not fit the width planned."""
    dependencies = client.get("/_dash-dependencies").get_json()
    [spec] = [d for d in dependencies if d["output"].startswith("chart.figure@")]
    body = {
        "output": spec["output"],
        "outputs": {"id": "chart", "property": spec["output"].split(".", 1)[1]},
        "inputs": [{"id": "chart-width", "property": "data", "value": width}],
        "state": [{"id": "url", "property": "search", "value": search}],
        "changedPropIds": ["chart-width.data"],
    }
    return client.post("/_dash-update-component", json=body)


@pytest.mark.parametrize(
    ("value", "width"),
    [(390, 390), ("1240", 1240), (True, None), (299, None), (2401, None), ("12a", None), ("-400", None), (None, None)],
)
def test_only_a_sane_width_is_taken(value, width):
    assert shown_width(value) == width


def test_the_first_response_plans_the_chart_for_a_screen_or_the_width_the_browser_last_showed(client):
    wide = first_view(client)
    assert wide["chart-width.data"] == PAGE_WIDTH
    client.set_cookie(CHART_WIDTH_COOKIE, "360")
    phone = first_view(client)
    assert phone["chart-width.data"] == 360
    # A phone's panels stack: the figure grows taller than a screen's, whose panels sit side by side.
    assert phone["chart.figure"]["layout"]["height"] > wide["chart.figure"]["layout"]["height"]
    client.set_cookie(CHART_WIDTH_COOKIE, "99999")  # forged: a screen's again
    assert first_view(client)["chart.figure"] == wide["chart.figure"]


def test_a_callback_answer_follows_the_cookie_and_is_kept_per_width(client):
    def figure() -> dict:
        response = client.post("/_dash-update-component", json=chart_request(client, VIEW))
        assert response.status_code == 200
        return response.get_json()["response"]["chart"]["figure"]

    wide = figure()
    client.set_cookie(CHART_WIDTH_COOKIE, "360")
    phone = figure()
    assert phone != wide and phone == first_view(client)["chart.figure"]
    client.delete_cookie(CHART_WIDTH_COOKIE)
    assert figure() == wide


def test_a_new_width_redraws_the_chart_alone_for_it(client):
    client.set_cookie(CHART_WIDTH_COOKIE, "360")
    phone = first_view(client)["chart.figure"]
    client.delete_cookie(CHART_WIDTH_COOKIE)
    response = redraw(client, 360)
    assert response.status_code == 200
    answer = response.get_json()["response"]
    assert list(answer) == ["chart"] and answer["chart"]["figure"] == phone
    # Another tab: nothing to draw; forged values: a screen's width, or nothing, never an error.
    other_tab = redraw(client, 360, "?tab=table")
    assert other_tab.status_code == 200 and other_tab.get_json()["response"] == {}
    for width, search in ((["x"], VIEW), (10**9, VIEW), ("360", {"a": 1}), (None, "\ud800")):
        assert redraw(client, width, search).status_code == 200
    assert (
        json.loads(redraw(client, "abc").get_data())["response"]["chart"]["figure"]
        == first_view(client)["chart.figure"]
    )
