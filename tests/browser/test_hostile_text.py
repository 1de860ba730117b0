"""Text from the YAML is never rendered as HTML, in the page or in the chart."""

from __future__ import annotations

import shutil

from playwright.sync_api import expect

from tests.browser.test_dashboard import open_page
from tests.conftest import BAD_INPUTS

HOSTILE = """
indicators:
  - id: hostile
    name: {zh: "<img src=x onerror=alert('name')>指标", en: "<img src=x onerror=alert('name')> indicator"}
    description: {zh: "<b>粗</b>", en: "<b>bold</b>"}
    category: enterprises
    unit: enterprise
    headline: true
observations:
  - id: xss
    indicator: hostile
    source: base-source
    period: "2022-08-01"
    value: 5
    qualifier: exact
    quote: "<script>alert('quote')</script>有5家"
    note: "<a href='javascript:alert(1)'>note</a>"
"""


def test_hostile_yaml_text_is_shown_literally(page, start_server, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(BAD_INPUTS / "base", data_dir)
    (data_dir / "hostile.yaml").write_text(HOSTILE, encoding="utf-8")
    url = start_server(data_dir)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_page(page, url + "/")
    expect(page.locator(".kpi-card").first).to_contain_text("<img src=x onerror=alert('name')>指标")
    open_page(page, url + "/?tab=chart&ind=hostile")
    expect(page.locator("#chart")).to_contain_text("<img src=x onerror=alert('name')>指标")
    expect(page.locator(".provenance")).to_contain_text("<script>alert('quote')</script>有5家")
    open_page(page, url + "/?tab=table&ind=hostile")
    expect(page.locator("#table-panel")).to_contain_text("<a href='javascript:alert(1)'>note</a>")
    page.locator("#chart-panel").evaluate("e => e")  # the page is alive
    assert dialogs == []
    assert page.locator("main img, main script:not([type]), main a[href^='javascript']").count() == 0
