"""Downloads and embeds in a real browser: the table tab's links, and the embed code in another site's page."""

from __future__ import annotations

import functools
import io
import re
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import REPO_ROOT


@pytest.fixture
def other_site(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A plain static site on another port (another origin): its URL and its folder."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", tmp_path
    server.shutdown()
    server.server_close()


def test_table_tab_downloads_the_displayed_data(page: Page, live_server: str):
    page.goto(f"{live_server}/?tab=table&lang=en&ind=enforcement_items,national_high_tech_enterprises&from=2020")
    rows = page.locator("table.observation-table tbody tr")
    expect(rows.first).to_be_visible(timeout=15_000)  # the first page of a fresh server is slower
    displayed = page.locator(".download-group", has_text="Displayed data")
    link = displayed.get_by_role("link", name="CSV, tidy")
    expect(link).to_have_attribute("download", re.compile(r"^longgang-indicators_enforcement_items-national.*\.csv$"))
    link.focus()
    expect(link).to_be_focused()  # a plain link: reachable from the keyboard
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    download = download_info.value
    assert download.suggested_filename.startswith("longgang-indicators_enforcement_items-national_high_tech")
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")  # Excel-friendly by default
    frame = pd.read_csv(io.BytesIO(content), encoding="utf-8-sig")
    assert set(frame["indicator_id"]) == {"enforcement_items", "national_high_tech_enterprises"}
    assert len(frame) == rows.count()  # the file holds what the table shows
    assert (pd.to_datetime(frame["period_end"]) >= "2020-01-01").all()

    page.get_by_label("Plain UTF-8 (for programs)").first.check()
    expect(link).to_have_attribute("href", re.compile(r"encoding=utf-8$"))
    plain = page.request.get(live_server + link.get_attribute("href"))
    assert plain.ok and not plain.body().startswith(b"\xef\xbb\xbf")
    assert len(pd.read_csv(io.BytesIO(plain.body()))) == len(frame)


def test_embed_code_shows_the_chart_in_another_sites_page(
    page: Page, start_server: Callable[[Path], str], other_site: tuple[str, Path], tmp_path_factory, monkeypatch
):
    site, folder = other_site
    config = tmp_path_factory.mktemp("config") / "config.yaml"
    config.write_text(f'embed:\n  frame_ancestors: ["\'self\'", "{site}"]\n', encoding="utf-8")
    monkeypatch.setenv("REFORM_CONFIG", str(config))
    app = start_server(REPO_ROOT / "data")

    page.goto(f"{app}/?tab=chart&ind=national_high_tech_enterprises")
    code = page.locator("#embed-code")
    expect(code).to_have_value(re.compile(r"^<iframe src=\"http://127\.0\.0\.1:\d+/embed/national_high_tech"))
    snippet = code.input_value()
    (folder / "index.html").write_text(
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>内网</title></head>'
        f"<body><h1>内网页面</h1>{snippet}</body></html>",
        encoding="utf-8",
    )
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text) if "Refused" in message.text else None)
    page.goto(f"{site}/index.html")
    chart = page.frame_locator("iframe").locator("svg.main-svg").first
    expect(chart).to_be_visible(timeout=20_000)
    expect(page.frame_locator("iframe").locator(".gtitle")).to_contain_text("国家高新技术企业")
    assert refused == []


def test_a_site_not_in_the_config_cannot_frame_the_chart(page: Page, live_server: str, other_site: tuple[str, Path]):
    site, folder = other_site
    (folder / "index.html").write_text(
        f'<!DOCTYPE html><html><body><iframe src="{live_server}/embed/enforcement_items" height="600"></iframe>'
        "</body></html>",
        encoding="utf-8",
    )
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text))
    page.goto(f"{site}/index.html")
    page.wait_for_timeout(1500)
    assert page.frame_locator("iframe").locator("svg.main-svg").count() == 0
    assert any("frame-ancestors" in text for text in refused), refused
