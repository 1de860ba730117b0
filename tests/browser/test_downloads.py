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

from tests.browser.conftest import ARTIFACTS_DIR, REPO_ROOT


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


EMBED_WIDTHS = (320, 640, 1200)


def test_an_embedded_chart_fills_its_frame_at_three_widths_and_links_back_to_its_view(
    page: Page, start_server: Callable[[Path], str], other_site: tuple[str, Path], tmp_path_factory, monkeypatch
):
    site, folder = other_site
    config = tmp_path_factory.mktemp("config") / "config.yaml"
    config.write_text(f'embed:\n  frame_ancestors: ["\'self\'", "{site}"]\n', encoding="utf-8")
    monkeypatch.setenv("REFORM_CONFIG", str(config))
    app = start_server(REPO_ROOT / "data")
    page.set_viewport_size({"width": 1300, "height": 900})
    page.goto(f"{app}/?tab=chart&ind=national_high_tech_enterprises&from=2019")
    expect(page.locator(".embed-not-allowed")).to_have_count(0)
    snippet = page.locator("#embed-code").input_value(timeout=20_000)  # the code the panel offers, as pasted
    frames = "".join(f'<div id="w{width}" style="width:{width}px;margin:8px">{snippet}</div>' for width in EMBED_WIDTHS)
    (folder / "widths.html").write_text(
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>内网</title></head><body>{frames}</body></html>',
        encoding="utf-8",
    )
    page.goto(f"{site}/widths.html")
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    for width in EMBED_WIDTHS:
        frame = page.frame_locator(f"#w{width} iframe")
        chart = frame.locator("svg.main-svg").first
        expect(chart).to_be_visible(timeout=30_000)
        frame_box = page.locator(f"#w{width} iframe").bounding_box()
        chart_box = chart.bounding_box()
        assert abs(chart_box["width"] - width) <= 2, (width, chart_box)  # as wide as its frame
        link = frame.locator("#embed-view-link")
        expect(link).to_be_visible()
        expect(link).to_have_attribute("href", f"{app}/?tab=chart&ind=national_high_tech_enterprises&from=2019")
        expect(link).to_have_attribute("target", "_blank")
        link_box = link.bounding_box()
        # The chart and the link under it fill the frame's height, and nothing spills out of it.
        assert chart_box["y"] + chart_box["height"] <= link_box["y"] + 1
        assert link_box["y"] + link_box["height"] <= frame_box["y"] + frame_box["height"] + 1
        assert chart_box["height"] >= frame_box["height"] - 60
        page.locator(f"#w{width}").screenshot(path=ARTIFACTS_DIR / f"embed-{width}.png")
    # The chart follows its frame when the frame changes size.
    page.evaluate("document.querySelector('#w640').style.width = '900px'")
    chart = page.frame_locator("#w640 iframe").locator("svg.main-svg").first
    expect(chart).to_have_attribute("width", "900", timeout=10_000)


def test_without_other_sites_allowed_the_panel_explains_and_a_frame_is_refused(
    page: Page, live_server: str, other_site: tuple[str, Path]
):
    page.goto(f"{live_server}/?tab=chart&ind=enforcement_items")
    message = page.locator(".embed-not-allowed")
    expect(message).to_contain_text("需由管理员把要嵌入的网站加入设置 embed.frame_ancestors", timeout=20_000)
    expect(message).to_contain_text("docs/deployment.md")
    expect(page.locator("#embed-code")).to_have_count(0)  # no code that would give a broken frame
    page.goto(f"{live_server}/?tab=chart&ind=enforcement_items&lang=en")
    expect(page.locator(".embed-not-allowed")).to_contain_text("an operator must add the site", timeout=20_000)
    site, folder = other_site
    (folder / "refused.html").write_text(
        f'<!DOCTYPE html><html><body><div id="w640" style="width:640px">'
        f'<iframe src="{live_server}/embed/enforcement_items" width="100%" height="600"></iframe></div></body></html>',
        encoding="utf-8",
    )
    refused: list[str] = []
    page.on("console", lambda text: refused.append(text.text))
    page.goto(f"{site}/refused.html")
    page.wait_for_timeout(1500)
    assert page.frame_locator("iframe").locator("svg.main-svg").count() == 0
    assert any("frame-ancestors" in text for text in refused), refused
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    page.locator("#w640").screenshot(path=ARTIFACTS_DIR / "embed-refused.png")


def test_copy_image_puts_the_slide_png_on_the_clipboard(browser, live_server: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    try:
        page = context.new_page()
        page.goto(f"{live_server}/?tab=chart&ind=national_high_tech_enterprises")
        button = page.get_by_role("button", name="复制图片")
        expect(button).to_be_visible(timeout=20_000)
        button.click()
        expect(page.locator(".copy-image-status")).to_have_text("图片已复制，可以粘贴了。", timeout=60_000)
        types, size, width, height = page.evaluate(
            """async () => {
                const [item] = await navigator.clipboard.read();
                const blob = await item.getType("image/png");
                const bitmap = await createImageBitmap(blob);
                return [item.types, blob.size, bitmap.width, bitmap.height];
            }"""
        )
        assert "image/png" in types and size > 10_000 and (width, height) == (1920, 1080)
    finally:
        context.close()


def test_copy_image_downloads_the_png_where_the_browser_cannot_copy_images(page: Page, live_server: str):
    page.add_init_script("delete window.ClipboardItem;")  # as in a browser without the API
    page.goto(f"{live_server}/?tab=chart&ind=national_high_tech_enterprises&lang=en")
    button = page.get_by_role("button", name="Copy image")
    expect(button).to_be_visible(timeout=20_000)
    with page.expect_download(timeout=60_000) as download_info:
        button.click()
    download = download_info.value
    assert download.suggested_filename == "national_high_tech_enterprises.png"
    assert Path(download.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    expect(page.locator(".copy-image-status")).to_have_text(
        "This browser does not allow copying images; it was downloaded instead."
    )
