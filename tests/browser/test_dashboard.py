"""The dashboard in a real headless Chromium: what a new user sees and can do."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from indicators import load_dataset
from tests.browser.views import KIND_VIEWS
from tests.conftest import BAD_INPUTS, DATA_DIR, ROOT

SCREENSHOTS = ROOT / "docs" / "screenshots"
CHART = "#chart .main-svg"


def wait_for_app(page: Page) -> None:
    """The Dash renderer has answered: the header is filled in and no callback is pending."""
    expect(page.locator("#header h1")).to_be_visible(timeout=20_000)
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')", timeout=20_000)


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)


@pytest.fixture(scope="module")
def headline_count() -> int:
    return int(load_dataset(DATA_DIR).indicators["headline"].sum())


def test_overview_opens_in_chinese_with_every_headline_card(page: Page, live_server: str, headline_count: int):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    open_page(page, live_server + "/")
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    expect(page.get_by_role("heading", name="改革成效概览")).to_be_visible()
    expect(page.locator(".kpi-card")).to_have_count(headline_count)
    expect(page.locator(".kpi-card", has_text="国家高新技术企业").locator(".kpi-value")).to_have_text("105家")
    expect(page.locator(".kpi-card", has_text="一般程序案件").locator(".kpi-value")).to_have_text("至少1000起")
    # Chinese is drawn with a CJK font, not boxes.
    assert page.evaluate("document.fonts.check('16px \"Noto Sans CJK SC\"', '龙港')")
    # Offline: nothing is fetched from anywhere but the app.
    assert [url for url in requests if not url.startswith(live_server)] == []


def test_every_indicator_is_two_clicks_away(page: Page, live_server: str):
    open_page(page, live_server + "/")
    dataset = load_dataset(DATA_DIR)
    hrefs = page.eval_on_selector_all(
        "#overview-panel a[href*='ind=']", "links => links.map(a => a.getAttribute('href'))"
    )
    reachable = {m.group(1) for href in hrefs if (m := re.search(r"ind=([a-z0-9_]+)", href))}
    assert reachable == set(dataset.indicators.index)


def test_click_through_to_an_indicator_chart(page: Page, live_server: str):
    open_page(page, live_server + "/")
    page.locator(".kpi-card", has_text="国家高新技术企业").get_by_role("link", name="查看图表 →").click()
    expect(page).to_have_url(re.compile(r"tab=chart&ind=national_high_tech_enterprises"))
    chart = page.locator("#chart")
    # 47 before the founding and 105 now: the data's own kind is before/after, the founding on its axis.
    for text in ("国家高新技术企业", "105家", "47家", "设市时", "增加58家"):
        expect(chart).to_contain_text(text)
    expect(page.locator(".provenance")).to_contain_text("目前,已达到105家")
    # The shell's dropdown shows the chosen indicator.
    expect(page.locator("#indicator-select")).to_contain_text("国家高新技术企业")


def test_switching_language_keeps_the_view(page: Page, live_server: str):
    open_page(page, live_server + "/?tab=chart&ind=enforcement_items&from=2019")
    page.get_by_role("link", name="English").click()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"lang=en"))
    assert "ind=enforcement_items" in page.url and "tab=chart" in page.url and "from=2019" in page.url
    assert page.evaluate("document.documentElement.lang") == "en"
    expect(page.locator("#chart")).to_contain_text("Items of comprehensive administrative enforcement")
    expect(page.locator("#chart")).to_contain_text("2,681 items")
    # Plotly's own strings follow the language.
    assert page.locator(".modebar-btn[data-title]").first.get_attribute("data-title") in {
        "Download plot as a PNG",
        "Zoom",
    }
    page.get_by_role("link", name="中文").click()
    wait_for_app(page)
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    titles = page.eval_on_selector_all(".modebar-btn[data-title]", "bs => bs.map(b => b.getAttribute('data-title'))")
    assert "下载图表（PNG）" in titles


def test_shared_link_with_invalid_parameters_shows_a_notice(page: Page, live_server: str):
    open_page(
        page, live_server + "/?tab=chart&ind=national_high_tech_enterprises,not_an_indicator&from=19x9&colour=red"
    )
    notices = page.locator("#notices")
    expect(notices).to_contain_text("未知指标“not_an_indicator”已忽略")
    expect(notices).to_contain_text("年份“19x9”无效，已忽略")
    expect(notices).to_contain_text("未知的链接参数“colour”已忽略")
    expect(page.locator(CHART).first).to_be_visible()
    expect(page.locator("#chart")).to_contain_text("国家高新技术企业")


def test_hostile_text_in_the_url_is_shown_as_text(page: Page, live_server: str):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_page(
        page, live_server + "/?ind=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&tab=%3Cscript%3Ealert(2)%3C/script%3E"
    )
    expect(page.locator("#notices")).to_contain_text("<img src=x")
    assert dialogs == []
    assert page.locator("#notices img").count() == 0


def test_back_and_forward_restore_views(page: Page, live_server: str):
    open_page(page, live_server + "/")
    page.locator(".kpi-card", has_text="综合行政执法事项").get_by_role("link", name="查看图表 →").click()
    expect(page.locator("#chart")).to_contain_text("综合行政执法事项")
    page.locator("#nav").get_by_role("link", name="数据表").click()
    expect(page.locator("#table-panel")).to_contain_text("执法事项从318项拓展到2681项")
    page.go_back()
    expect(page).to_have_url(re.compile(r"tab=chart"))
    expect(page.locator("#chart-panel")).to_be_visible()
    expect(page.locator("#chart")).to_contain_text("综合行政执法事项")
    page.go_back()
    expect(page.locator(".kpi-card").first).to_be_visible()
    page.go_forward()
    expect(page.locator("#chart-panel")).to_be_visible()


def test_controls_update_the_url_and_the_chart(page: Page, live_server: str):
    open_page(page, live_server + "/?tab=chart&ind=enforcement_domains")
    # 9 at the founding and 31 now: the data's own kind is before/after, the change written on it.
    expect(page.locator("#chart")).to_contain_text("设市前后")
    expect(page.locator("#chart")).to_contain_text("增加22个")
    page.get_by_label("随时间变化").check()
    expect(page).to_have_url(re.compile(r"view=trend"))
    expect(page.locator("#chart")).not_to_contain_text("设市前后")
    expect(page.locator("#chart")).to_contain_text("31个")
    page.go_back()
    expect(page.get_by_label("按数据自动选择")).to_be_checked()


def test_keyboard_reaches_the_language_switch_and_the_tabs(page: Page, live_server: str):
    open_page(page, live_server + "/")
    focused = []
    for _ in range(8):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.textContent.trim()"))
    assert "English" in focused
    assert any(text.startswith("指标图表") for text in focused)
    while not page.evaluate("document.activeElement.textContent.trim()").startswith("数据来源"):
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#sources-panel")).to_contain_text("浙江龙港:领改革之先 筑幸福之城")


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 720)])
def test_layout_fits_phones_and_projectors(browser, live_server: str, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page = context.new_page()
    try:
        for path in ("/", "/?tab=chart&ind=national_high_tech_enterprises", "/?tab=table", "/?tab=sources"):
            open_page(page, live_server + path)
            try:  # the layout settles once the last callback's content is in
                # A function, not an expression: Playwright polls an expression with eval(), which the
                # page's Content-Security-Policy refuses once the first check has failed.
                page.wait_for_function(
                    "() => document.documentElement.scrollWidth - window.innerWidth <= 1", timeout=15_000
                )
            except Exception:
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                pytest.fail(f"{path} scrolls sideways by {overflow}px at {width}px")
            size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
            assert size >= 16
        if width == 390:
            open_page(page, live_server + "/")
            boxes = page.locator(".kpi-card").evaluate_all(
                "cards => cards.slice(0, 2).map(c => c.getBoundingClientRect().x)"
            )
            assert boxes[0] == boxes[1], "cards stack in one column on a phone"
    finally:
        context.close()


def test_broken_data_is_announced_on_every_page(page: Page, start_server, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("broken") / "data"
    shutil.copytree(DATA_DIR, data_dir)
    (data_dir / "sources" / "broken.yaml").write_text(
        "observations:\n  - {id: typo, indicator: national_high_tech_enterprise, source: longgang-fabu-2022-08-23, "
        "period: '2022-08', value: 110, qualifier: exact, quote: x}\n",
        encoding="utf-8",
    )
    url = start_server(data_dir)
    for path in ("/", "/?tab=chart&ind=national_high_tech_enterprises", "/?tab=table", "/?tab=sources"):
        open_page(page, url + path)
        expect(page.locator(".notice-data")).to_contain_text("sources/broken.yaml:2")
        expect(page.locator(".notice-data")).to_contain_text("national_high_tech_enterprise")
    # Every valid record is still served.
    open_page(page, url + "/")
    expect(page.locator(".kpi-card", has_text="国家高新技术企业").locator(".kpi-value")).to_have_text("105家")


SCREENS = [
    ("overview", "/"),
    ("indicator", "/?tab=chart&ind=square_dance_noise_complaints"),
    ("table", "/?tab=table&ind=enforcement_items,enforcement_domains,general_procedure_cases,simple_procedure_cases"),
    ("sources", "/?tab=sources"),
    # One per chart kind of the registry (docs/screenshots/chart-<kind>-<lang>.png): the chart alone.
    *((f"chart-{kind}", f"/?tab=chart&{query}") for kind, query in KIND_VIEWS.items()),
]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("name", "path"), SCREENS, ids=[s[0] for s in SCREENS])
def test_screenshots(page: Page, live_server: str, tmp_path: Path, name: str, path: str, lang: str):
    """Screenshots of each tab in each language; REFORM_UPDATE_SCREENSHOTS=1 writes them to docs/screenshots."""
    query = path + ("&" if "?" in path else "?") + "lang=en" if lang == "en" else path
    open_page(page, live_server + query)
    if "chart" in path:
        expect(page.locator(CHART).first).to_be_visible()
    page.wait_for_timeout(300)
    target = SCREENSHOTS if os.environ.get("REFORM_UPDATE_SCREENSHOTS") == "1" else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    file = target / f"{name}-{lang}.png"
    if name.startswith("chart-"):
        page.locator(".chart-box").screenshot(path=file)
    else:
        page.screenshot(path=file, full_page=name != "overview")
    assert file.stat().st_size > 20_000, "a blank page compresses to almost nothing"


def test_bad_inputs_corpus_is_not_served_as_data():
    # The browser fixtures serve data/ only; the broken corpus stays a test fixture.
    assert BAD_INPUTS.is_dir() and not (DATA_DIR / "bad_inputs").exists()
