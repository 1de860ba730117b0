"""A page's chart is planned for the box it is shown in: the width the page measured, else the last one, else a desk's."""

from __future__ import annotations

import pytest
from dash import no_update

from callbacks.page import update_page
from layouts.chart_sizes import WALL_TEXT_SCALE, ChartSize, chart_size, shown_width
from layouts.charts.style import PAGE_WIDTH
from layouts.ids import Ids
from server.context import CHART_WIDTH_COOKIE
from tests.test_answer_cache import chart_request
from tests.test_app import run_callback
from tests.test_first_view import layout_props, page_blocks, plain

#: Panels of very different sizes, each on its own axis: laid out for the width.
VIEW = "?tab=chart&ind=general_procedure_cases,simple_procedure_cases,eco_environment_cases&view=small-multiples"


@pytest.fixture
def client(dash_app):
    return dash_app.server.test_client()


def first_view(client, search: str = VIEW) -> dict[str, object]:
    """The properties of the page's first response (its layout)."""
    return layout_props(page_blocks(client, search)["reform-dash-layout"])


def told(server, viewport: object, search: object = VIEW) -> dict:
    """The page callback's answer when the page has told its window and chart box (the viewport store)."""
    return run_callback(
        server, update_page, search, None, None, None, "zh", viewport, triggered=[f"{Ids.VIEWPORT}.data"]
    )


@pytest.mark.parametrize(
    ("value", "width"),
    [(390, 390), ("1240", 1240), (True, None), (299, None), (2401, None), ("12a", None), ("-400", None), (None, None)],
)
def test_only_a_sane_width_is_taken(value, width):
    assert shown_width(value) == width
    assert chart_size({"chart_width": value}) == ChartSize(width=width)


def test_a_meeting_room_keeps_its_box_width_beside_its_scale():
    wall = chart_size({"width": 1920, "height": 1080, "chart_width": 1800})
    assert (wall.text_scale, wall.width) == (WALL_TEXT_SCALE, 1800)


def test_the_first_response_plans_the_chart_for_a_desk_or_the_box_the_browser_last_had(client):
    wide = first_view(client)
    assert wide["viewport.data"]["chart_width"] == PAGE_WIDTH  # what the page compares its box with
    client.set_cookie(CHART_WIDTH_COOKIE, "360")
    phone = first_view(client)
    assert phone["viewport.data"]["chart_width"] == 360
    # A phone's panels stack: the figure grows taller than a desk's, whose panels sit side by side.
    assert phone["chart.figure"]["layout"]["height"] > wide["chart.figure"]["layout"]["height"]
    client.set_cookie(CHART_WIDTH_COOKIE, "99999")  # forged: a desk's again
    assert first_view(client)["chart.figure"] == wide["chart.figure"]


def test_a_callback_answer_is_planned_for_the_box_in_its_request_else_the_cookie_and_kept_per_width(client):
    def figure(viewport: object = None) -> dict:
        body = chart_request(client, VIEW)
        for item in body["inputs"]:
            if item["id"] == "viewport":
                item["value"] = viewport
        response = client.post("/_dash-update-component", json=body)
        assert response.status_code == 200
        return response.get_json()["response"]["chart"]["figure"]

    wide = figure()
    assert figure({"wall_width": 1600, "chart_width": PAGE_WIDTH}) == wide
    client.set_cookie(CHART_WIDTH_COOKIE, "360")
    phone = figure()  # a request that says nothing of the box: the cookie's
    assert phone != wide and phone == first_view(client)["chart.figure"]
    assert figure({"wall_width": 1600, "chart_width": 360}) == phone
    client.delete_cookie(CHART_WIDTH_COOKIE)
    assert figure() == wide and figure({"chart_width": 360}) == phone


def test_a_new_box_redraws_the_chart_alone_for_it(server, client):
    client.set_cookie(CHART_WIDTH_COOKIE, "360")
    phone = first_view(client)["chart.figure"]
    answer = told(server, {"width": 390, "height": 844, "wall_width": 1600, "chart_width": 360})
    assert plain(answer["chart"]["figure"]) == phone
    assert answer["search"] is no_update and set(answer["controls"].values()) == {no_update}
    assert set(answer["view"]["hidden"].values()) == {no_update}
    # A meeting room: the layout of the box at a third less, every text 1.5 times larger.
    wall = told(server, {"width": 1920, "height": 1080, "wall_width": 1600, "chart_width": 1800})["chart"]["figure"]
    planned = told(server, {"chart_width": 1200})["chart"]["figure"]
    assert wall["layout"]["title"]["text"] == planned["layout"]["title"]["text"]
    assert wall["layout"]["margin"]["l"] == round(planned["layout"]["margin"]["l"] * WALL_TEXT_SCALE)
    # Forged values: a desk's chart, never an error.
    for viewport in (["x"], {"chart_width": 10**9}, {"chart_width": "360", "width": "x"}, "\ud800", 5):
        assert told(server, viewport)["chart"]["figure"]["layout"]["title"]["text"]
