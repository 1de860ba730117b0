"""Chart images through kaleido and the system Chromium: routes, recovery, the CLI and the deck (slow)."""

from __future__ import annotations

import io
import os
import signal
import struct
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pptx import Presentation

from cli.main import main
from outputs import images
from outputs.briefing import CHART_HEIGHT, CHART_WIDTH
from outputs.formats import IMAGE_PRESETS
from tests.conftest import DATA_DIR
from tests.test_briefing import geometry_problems

pytestmark = pytest.mark.slow
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module", autouse=True)
def _one_browser_for_the_module():
    yield
    images.stop()


@pytest.fixture(scope="module")
def client():
    import app as app_module

    return app_module.server.test_client()


def png_size(content: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    assert content[:8] == b"\x89PNG\r\n\x1a\n" and content[12:16] == b"IHDR"
    return struct.unpack(">II", content[16:24])


def svg_texts(content: bytes) -> str:
    return " ".join("".join(node.itertext()) for node in ET.fromstring(content).iter(f"{SVG}text"))


def test_png_route_is_twice_the_requested_size_with_title_and_sources(client):
    response = client.get("/chart/national_high_tech_enterprises.png?width=800&height=450")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert png_size(response.data) == (1600, 900)
    assert response.headers["Content-Disposition"].startswith(
        'inline; filename="longgang-indicators_national_high_tech'
    )
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert png_size(client.get("/chart/national_high_tech_enterprises.png").data) == (2400, 1350)  # 1200×675 ×2
    assert png_size(client.get("/chart/national_high_tech_enterprises.png?width=99999&height=1").data) == (4800, 600)


def test_svg_route_parses_and_carries_title_unit_marks_and_source_line(client):
    response = client.get("/chart/little_giant_enterprises.svg?lang=en")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    text = svg_texts(response.data)
    assert 'National "little giant" specialised enterprises' in text and "Enterprises" in text  # title, unit
    assert "Source: Longgang Release" in text and "≥1 enterprise" in text and "at least" in text
    chinese = svg_texts(client.get("/chart/enforcement_domains.svg?view=before-after").data)
    assert "综合行政执法领域" in chinese and "设市前后" in chinese and "来源：龙港发布" in chinese


def test_warm_images_are_fast_and_a_killed_chromium_is_replaced(client):
    assert client.get("/chart/enforcement_items.png").status_code == 200
    started = time.monotonic()
    assert client.get("/chart/enforcement_items.png?lang=en").status_code == 200
    assert time.monotonic() - started < 3, "the browser is kept warm between images"
    group = images.browser_pid()
    chromium = _children(group)
    assert chromium, "the browser runs under choreographer's wrapper"
    os.kill(chromium[0], signal.SIGKILL)
    time.sleep(0.5)
    response = client.get("/chart/enforcement_items.svg")
    assert response.status_code == 200 and b"<svg" in response.data[:200]
    assert images.browser_pid() not in (None, group), "a new browser was started"


def test_a_tab_reloads_every_so_many_images_and_a_failed_reload_restarts_the_browser(client, monkeypatch):
    from kaleido._kaleido_tab._tab import _KaleidoTab

    reloads = []
    reload = _KaleidoTab.reload

    async def counted(tab):
        reloads.append(tab)
        if len(reloads) > 2:
            raise RuntimeError("the tab crashed while reloading")
        await reload(tab)

    monkeypatch.setattr(images, "RELOAD_EVERY", 2)
    monkeypatch.setattr(_KaleidoTab, "reload", counted)
    images.stop()
    for lang in ("zh", "en", "zh", "en"):
        assert client.get(f"/chart/enforcement_items.png?lang={lang}").status_code == 200
    assert len(reloads) == 2  # after the second and the fourth image, not after each
    group = images.browser_pid()
    for lang in ("zh", "en"):  # the third reload fails, in the background
        assert client.get(f"/chart/enforcement_items.png?lang={lang}").status_code == 200
    deadline = time.monotonic() + 5
    while images._renderer.broken is None and time.monotonic() < deadline:
        time.sleep(0.05)
    started = time.monotonic()
    assert client.get("/chart/enforcement_items.png").status_code == 200
    assert images.browser_pid() not in (None, group), "the browser was restarted, not waited for"
    assert time.monotonic() - started < images.RENDER_TIMEOUT_S


def test_cli_chart_png_svg_and_offline_html(tmp_path: Path, capsys):
    ids = ["enforcement_domains", "enforcement_items"]
    png = tmp_path / "c.png"
    assert (
        main(["chart", *ids, "--out", str(png), "--width", "600", "--height", "400", "--data-dir", str(DATA_DIR)]) == 0
    )
    assert png_size(png.read_bytes()) == (1200, 800)
    assert "left out (another unit than enforcement_domains): enforcement_items" in capsys.readouterr().err
    svg = tmp_path / "c.svg"
    assert main(["chart", "enforcement_domains", "--lang", "en", "--view", "before-after", "--out", str(svg)]) == 0
    assert "before and after the founding" in svg_texts(svg.read_bytes())
    page = tmp_path / "c.html"
    assert main(["chart", "enforcement_domains", "--format", "html", "--out", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and '<html lang="zh-CN">' in html
    assert "plotly.js v" in html and 'name: "zh-CN"' in html and '"locale": "zh-CN"' in html
    assert html.index('name: "zh-CN"') < html.index("Plotly.newPlot")
    assert "<script src" not in html and "<title>综合行政执法领域</title>" in html  # nothing to fetch
    assert main(["chart", "nope", "--out", str(tmp_path / "x.png")]) == 2


def test_cli_and_route_briefing_decks(tmp_path: Path, client):
    out = tmp_path / "deck.pptx"
    assert (
        main(
            [
                "briefing",
                "national_high_tech_enterprises",
                "square_dance_noise_complaints",
                "--lang",
                "en",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    deck = Presentation(str(out))
    assert len(deck.slides) == 3  # two units: no slide of the two together
    picture = next(shape for shape in deck.slides[1].shapes if shape.shape_type == 13)
    assert png_size(picture.image.blob) == (2 * CHART_WIDTH, 2 * CHART_HEIGHT)
    assert "National high-tech enterprises" in deck.slides[1].shapes.title.text
    assert "“目前,已达到105家”" in deck.slides[1].notes_slide.notes_text_frame.text
    response = client.get("/briefing.pptx?ind=enforcement_items&lang=zh")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    assert 'attachment; filename="longgang-indicators_enforcement_items_' in response.headers["Content-Disposition"]
    assert len(Presentation(io.BytesIO(response.data)).slides) == 2


@pytest.mark.parametrize("preset", list(IMAGE_PRESETS))
def test_image_presets_are_their_size_with_title_source_and_date_inside(client, preset):
    size = IMAGE_PRESETS[preset]
    png = client.get(f"/chart/national_high_tech_enterprises.png?preset={preset}")
    assert png.status_code == 200 and png_size(png.data) == size.pixels
    svg = client.get(f"/chart/national_high_tech_enterprises.svg?preset={preset}&lang=en")
    root = ET.fromstring(svg.data)
    assert (root.get("width"), root.get("height")) == tuple(map(str, size.pixels))  # the same picture as the PNG
    text = svg_texts(svg.data)
    assert "National high-tech enterprises" in text and "Source: Longgang Release" in text
    assert "Data as of " in text and "(version " in text
    chinese = svg_texts(client.get(f"/chart/national_high_tech_enterprises.svg?preset={preset}").data)
    assert "国家高新技术企业" in chinese and "来源：龙港发布" in chinese and "数据截至" in chinese
    assert client.get("/chart/enforcement_items.png?preset=poster").status_code == 400


def test_presets_from_the_command_line(tmp_path: Path):
    out = tmp_path / "slide.png"
    assert main(["chart", "enforcement_items", "--preset", "slide-4x3", "--out", str(out)]) == 0
    assert png_size(out.read_bytes()) == IMAGE_PRESETS["slide-4x3"].pixels == (1440, 1080)


def test_a_deck_of_every_indicator_drawn_by_chromium_has_the_right_geometry(tmp_path: Path):
    out = tmp_path / "all.pptx"
    assert main(["briefing", "--out", str(out)]) == 0
    deck = Presentation(str(out))
    assert len(deck.slides) == 2 + 45
    assert geometry_problems(deck) == []
    pictures = [shape for slide in deck.slides for shape in slide.shapes if shape.shape_type == 13]
    assert len(pictures) == 45 and {png_size(p.image.blob) for p in pictures} == {(2 * CHART_WIDTH, 2 * CHART_HEIGHT)}


# Last: it stops the browser the other tests share.
def test_no_chromium_is_a_503_with_a_message(client, monkeypatch):
    images.stop()
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    response = client.get("/chart/enforcement_items.png?lang=en")
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert response.get_data(as_text=True).strip() == "The image could not be made just now; please try again."


def _children(pid: int | None) -> list[int]:
    """Processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found
