"""The first view arrives drawn with one plotly.js, and each change of view is one round trip."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from server.plotly_bundle import basic_bundle

CHART_VIEW = "/?tab=chart&ind=national_high_tech_enterprises,little_giant_enterprises"
TITLE = "#chart .gtitle"


def plotly_scripts(urls: list[str]) -> list[str]:
    """The plotly.js bundles among the URLs a page asked for (the zh-CN locale is not one)."""
    names = [url.split("?", 1)[0].rsplit("/", 1)[-1] for url in urls]
    return [name for name in names if name.startswith("plotly") and name.endswith(".js") and "locale" not in name]


def callbacks(urls: list[str]) -> list[str]:
    return [url for url in urls if "/_dash-update-component" in url]


def test_the_chart_view_arrives_drawn_with_one_plotly_js_and_no_request_after_its_scripts(page: Page, live_server: str):
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(live_server + CHART_VIEW)
    expect(page.locator("#chart .main-svg g.trace").first).to_be_attached(timeout=20_000)
    expect(page.locator(TITLE)).to_contain_text("国家高新技术企业")
    page.wait_for_timeout(1000)  # anything the page would still ask for at load
    bundles = plotly_scripts(asked)
    installed = basic_bundle()
    assert bundles == ([installed.url.rsplit("/", 1)[-1]] if installed else ["plotly.min.js"]), bundles
    assert page.evaluate("typeof window.Plotly.newPlot") == "function"
    for dash_request in ("/_dash-layout", "/_dash-dependencies", "/_dash-update-component"):
        assert not [url for url in asked if dash_request in url], dash_request
    # The controls show the URL's view, and the tab is the chart's.
    expect(page.locator("#indicator-select .dash-dropdown-value-item")).to_have_count(2)
    expect(page.locator("#chart-panel")).to_be_visible()
    expect(page.locator("#overview-panel")).to_be_hidden()


def test_a_change_of_chart_kind_is_one_callback_that_redraws_the_chart_and_moves_the_url(page: Page, live_server: str):
    page.goto(live_server + CHART_VIEW)
    expect(page.locator(TITLE)).to_contain_text("国家高新技术企业", timeout=20_000)
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.get_by_label("设市前后对比").check()
    expect(page.locator(TITLE)).to_contain_text("设市前后", timeout=20_000)
    expect(page).to_have_url(live_server + CHART_VIEW + "&view=before-after")
    page.wait_for_timeout(500)
    assert len(callbacks(asked)) == 1, asked
    assert not plotly_scripts(asked)  # the same plotly.js redraws (Plotly.react)

    # Back: the URL's view again, the controls with it, in one more round trip.
    asked.clear()
    page.go_back()
    expect(page.locator(TITLE)).not_to_contain_text("设市前后", timeout=20_000)
    expect(page.get_by_label("按数据自动选择")).to_be_checked()  # the default: the kind the data calls for
    page.wait_for_timeout(500)
    assert len(callbacks(asked)) == 1, asked


def test_taking_an_indicator_off_is_one_callback(page: Page, live_server: str):
    page.goto(live_server + CHART_VIEW)
    expect(page.locator(TITLE)).to_contain_text("国家高新技术企业", timeout=20_000)
    page.locator("#indicator-select").click()
    option = page.locator('.dash-dropdown-options [role=option]:has(input[value="national_high_tech_enterprises"])')
    expect(option).to_be_visible()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    option.click()
    expect(page.locator(TITLE)).not_to_contain_text("国家高新技术企业", timeout=20_000)
    expect(page).to_have_url(live_server + "/?tab=chart&ind=little_giant_enterprises")
    page.wait_for_timeout(500)
    assert len(callbacks(asked)) == 1, asked


def test_the_dropdown_offers_every_indicator_once_the_chart_is_drawn(page: Page, live_server: str):
    page.goto(live_server + CHART_VIEW + "&lang=en")
    expect(page.locator(TITLE)).to_contain_text("National high-tech enterprises", timeout=20_000)
    page.locator("#indicator-select").click()
    other = page.locator('.dash-dropdown-options [role=option]:has(input[value="enforcement_items"])')
    expect(other).to_be_visible()
    expect(other).to_contain_text("Items of comprehensive administrative enforcement")  # in the page's language
    page.locator(".dash-dropdown-search").fill("enforcement items")
    expect(other).to_be_visible()
    other.click()  # one of another unit: the chart keeps the first one's, and says so
    expect(page).to_have_url(
        re.compile(r"ind=national_high_tech_enterprises,little_giant_enterprises,enforcement_items")
    )
