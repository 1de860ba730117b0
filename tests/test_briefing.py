"""The briefing deck with a stand-in renderer (the real Chromium one is in test_images.py): its content, the
view it shows, and its geometry (every shape on the slide, no two text boxes overlapping, titles centred,
text that fits its box).
"""

from __future__ import annotations

import io
import re
import struct
import zlib

import pytest
from pptx import Presentation
from pptx.enum.text import PP_ALIGN
from pptx.oxml.ns import qn

from indicators import load_dataset
from indicators.locales import text_column
from indicators.selections import curated_order
from layouts.i18n import t
from outputs.briefing import DeckView, briefing_pptx
from outputs.slides import CJK_FONT, text_height
from tests.conftest import DATA_DIR

EMU_PER_INCH = 914_400
#: Half a point: positions are rounded to whole EMUs, centring to a few.
TOLERANCE = 6_350
PICTURE = 13


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(DATA_DIR)


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 16, 9, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\xff\xff\xff" * 16 for _ in range(9)))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def make_deck(dataset, view, lang="zh", drawn=None):
    def render(figure):
        if drawn is not None:
            drawn.append(figure)
        return tiny_png()

    return Presentation(io.BytesIO(briefing_pptx(dataset, view, lang, render=render)))


def slide_text(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def _overlap(a, b) -> bool:
    return (
        a.left + TOLERANCE < b.left + b.width
        and b.left + TOLERANCE < a.left + a.width
        and a.top + TOLERANCE < b.top + b.height
        and b.top + TOLERANCE < a.top + a.height
    )


def geometry_problems(deck) -> list[str]:
    """What is wrong with the deck's geometry (empty when it is right), slide by slide."""
    width, height = deck.slide_width, deck.slide_height
    problems = []
    for number, slide in enumerate(deck.slides, start=1):
        shapes = list(slide.shapes)
        for shape in shapes:
            if shape.left < 0 or shape.top < 0 or shape.left + shape.width > width or shape.top + shape.height > height:
                problems.append(f"slide {number}: {shape.name} is not inside the slide")
            if shape.is_placeholder and not shape.text_frame.text.strip():
                problems.append(f"slide {number}: {shape.name} is an empty placeholder")
        texts = [s for s in shapes if s.has_text_frame and s.text_frame.text.strip()]
        pictures = [s for s in shapes if s.shape_type == PICTURE]
        for n, first in enumerate(texts):
            for second in [*texts[n + 1 :], *pictures]:
                if _overlap(first, second):
                    problems.append(f"slide {number}: {first.name} overlaps {second.name}")
        title = slide.shapes.title
        if title is None:
            problems.append(f"slide {number}: no title")
            continue
        if abs(title.left + title.width / 2 - width / 2) > TOLERANCE:
            problems.append(f"slide {number}: the title box is not centred ({title.left / EMU_PER_INCH:.2f} in)")
        if any(p.alignment != PP_ALIGN.CENTER for p in title.text_frame.paragraphs if p.text):
            problems.append(f"slide {number}: the title text is not centred")
        for shape in texts:
            paragraphs = [
                (
                    p.text,
                    max(r.font.size.pt if r.font.size else 18 for r in p.runs),
                    p.space_before.pt if p.space_before else 0,
                )
                for p in shape.text_frame.paragraphs
                if p.runs
            ]
            needed = text_height(paragraphs, shape.width / EMU_PER_INCH)
            if needed > shape.height / EMU_PER_INCH + 0.01:
                problems.append(
                    f"slide {number}: {shape.name} needs {needed:.2f} in, has {shape.height / EMU_PER_INCH}"
                )
    return problems


def test_every_indicator_deck_has_them_all_in_curated_order_after_a_contents_slide(dataset):
    deck = make_deck(dataset, DeckView())
    order = curated_order(dataset)
    ids = sorted(order, key=order.__getitem__)
    slides = list(deck.slides)
    assert len(slides) == 2 + len(ids) == 2 + len(dataset.indicators)  # 45, not the 13 headline ones
    assert slides[1].shapes.title.text == "目录"
    names = [dataset.indicators.loc[i, "name_zh"] for i in ids]
    assert [slide.shapes.title.text for slide in slides[2:]] == names
    # The contents: each category once, in slide order, with its count and its slides (the first is slide 3).
    contents = slides[1].placeholders[1].text_frame.text.splitlines()
    categories = list(dict.fromkeys(dataset.indicators.loc[ids, "category"]))
    assert len(contents) == len(categories)
    first = dataset.categories[categories[0]]
    count = sum(dataset.indicators.loc[ids, "category"] == categories[0])
    assert contents[0] == f"{first.name.zh}（{count}项）：第3–{2 + count}页"
    last = re.search(r"第(\d+)–(\d+)页", contents[-1])
    assert int(last[2]) == len(slides)
    assert "45项指标" in slide_text(slides[0])
    assert geometry_problems(deck) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_single_view_deck_has_the_right_geometry(dataset, lang):
    view = DeckView(("general_procedure_cases", "simple_procedure_cases", "eco_environment_cases"), "trend", 2020, None)
    deck = make_deck(dataset, view, lang)
    assert len(deck.slides) == 1 + 1 + 3  # the title, the view's chart of the three together, one each
    assert geometry_problems(deck) == []
    assert (deck.slide_width, deck.slide_height) == (12_192_000, 6_858_000)  # 16:9


def test_the_geometry_check_finds_what_is_wrong(dataset):
    deck = make_deck(dataset, ("enforcement_items",))
    slide = deck.slides[1]
    slide.shapes.title.left += 914_400  # an inch to the right
    slide.shapes.add_textbox(0, 0, 914_400 * 20, 914_400).text_frame.text = "x"  # off the slide, over the title
    problems = geometry_problems(deck)
    assert any("not centred" in p for p in problems) and any("not inside the slide" in p for p in problems)
    assert any("overlaps" in p for p in problems)


def test_the_layouts_themselves_are_16_9(dataset):
    """Any layout applied in PowerPoint puts its placeholders on the wide slide; the deck's layouts centre titles."""
    deck = make_deck(dataset, ("enforcement_items",))
    width = deck.slide_width
    used = {"Title Slide", "Title and Content", "Title Only"}
    for layout in deck.slide_layouts:
        for shape in layout.placeholders:
            assert 0 <= shape.left and shape.left + shape.width <= width, (layout.name, shape.name)
            # The template's section header sets its title a little left by design; the layouts used are centred.
            if layout.name in used and shape.placeholder_format.type in (1, 3):  # title, centre title
                assert abs(shape.left + shape.width / 2 - width / 2) <= TOLERANCE, (layout.name, shape.name)
    assert used <= {layout.name for layout in deck.slide_layouts}


def test_an_indicator_slide_has_its_chart_title_and_source_once_and_quotes_in_the_notes(dataset):
    drawn = []
    deck = make_deck(dataset, ("national_high_tech_enterprises",), drawn=drawn)
    slide = deck.slides[1]
    shapes = list(slide.shapes)
    assert sum(shape.shape_type == PICTURE for shape in shapes) == 1
    assert sum("国家高新技术企业" in shape.text_frame.text for shape in shapes if shape.has_text_frame) == 1
    source = "来源：龙港发布《浙江龙港:领改革之先 筑幸福之城》（2022年8月23日）"
    assert sum(source in shape.text_frame.text for shape in shapes if shape.has_text_frame) == 1
    # The picture leaves out what the slide says itself: no title, no source line inside the chart.
    (figure,) = drawn
    assert not figure.layout.title.text
    assert not any("来源" in (a.text or "") for a in figure.layout.annotations)
    text = slide_text(slide)
    assert "105家" in text and "增加58家（增长123.4%）" in text and "数据截至" in text
    notes = slide.notes_slide.notes_text_frame.text
    assert notes.startswith(source) and "原文摘录" in notes
    quotes = dataset.observations.query("indicator_id == 'national_high_tech_enterprises'")["quote"]
    assert all(quote in notes for quote in quotes)


def test_a_view_deck_carries_the_views_indicators_kind_years_and_language(dataset):
    drawn = []
    view = DeckView(("national_high_tech_enterprises", "little_giant_enterprises"), "before-after")
    deck = make_deck(dataset, view, "en", drawn=drawn)
    slides = list(deck.slides)
    assert len(slides) == 4 and len(drawn) == 3  # the title, both together, then each
    assert slides[1].shapes.title.text == "National high-tech enterprises and “Little giant” enterprises".replace(
        "“Little giant” enterprises", dataset.indicators.loc["little_giant_enterprises", text_column("name", "en")]
    )
    # before/after, as the view asks: two moments on the x axis, the founding and the latest figure
    moments = (t("at-founding", "en"), t("latest-figure", "en"))
    assert all(tuple(figure.layout.xaxis.ticktext) == moments for figure in drawn)
    assert {trace.name for trace in drawn[0].data} >= {dataset.indicators.loc[i, "name_en"] for i in view.indicators}
    years = []
    deck = make_deck(dataset, DeckView(("national_high_tech_enterprises",), "trend", 2021, 2022), drawn=years)
    assert [str(x)[:10] for x in years[0].layout.xaxis.range] == ["2021-01-01", "2022-12-31"]
    assert "年份：2021–2022" in slide_text(deck.slides[0])
    quotes = deck.slides[1].notes_slide.notes_text_frame.text.split("原文摘录")[1]
    assert "2022年8月23日" in quotes and "2019年" not in quotes  # only the values within the years


def test_a_deck_of_several_indicators_starts_with_the_title_slide_and_keeps_its_order(dataset):
    ids = ["national_high_tech_enterprises", "above_scale_enterprises", "enforcement_items_implied_total"]
    drawn = []
    deck = make_deck(dataset, ids, drawn=drawn)
    slides = list(deck.slides)
    titles = [slide.shapes.title.text for slide in slides]
    assert titles[0] == "龙港改革成效指标汇报"
    assert titles[-3:] == [dataset.indicators.loc[i, "name_zh"] for i in ids]
    title_text = slide_text(slides[0])
    assert "生成日期：" in title_text and "3项指标 · 数据来自1个公开来源" in title_text and "数据截至" in title_text
    assert "约2倍" in slide_text(slides[-2])
    implied = slides[-1].notes_slide.notes_text_frame.text
    assert (
        "公式：enforcement_items / enforcement_item_coverage * 100" in implied
        and "执法事项从318项拓展到2681项" in implied
    )
    assert geometry_problems(deck) == []


def test_briefing_runs_name_a_cjk_east_asian_font(dataset):
    deck = make_deck(dataset, ["national_high_tech_enterprises"], "en")
    runs = [
        run
        for slide in deck.slides
        for shape in [*slide.shapes, *slide.notes_slide.shapes]
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
        for run in paragraph.runs
    ]
    assert runs
    for run in runs:
        east_asian = run._r.rPr.find(qn("a:ea"))
        assert east_asian is not None and east_asian.get("typeface") == CJK_FONT and east_asian.get("charset") == "-122"
    chinese = [run for run in runs if "龙港" in run.text]
    assert chinese and all(run._r.rPr.get("lang") == "zh-CN" for run in chinese)
    assert "National high-tech enterprises" in slide_text(deck.slides[1])
    with pytest.raises(KeyError):
        briefing_pptx(dataset, ["nope"], "zh", render=lambda figure: b"")


def test_the_route_gives_every_indicator_or_the_view_with_its_parameters(server, monkeypatch):
    import outputs.briefing

    monkeypatch.setattr(outputs.briefing, "_png", lambda figure: tiny_png())
    client = server.test_client()
    whole = client.get("/briefing.pptx?lang=en")
    assert whole.status_code == 200 and "_all_" in whole.headers["Content-Disposition"]
    assert len(Presentation(io.BytesIO(whole.data)).slides) == 2 + len(load_dataset(DATA_DIR).indicators)
    view = client.get(
        "/briefing.pptx?ind=national_high_tech_enterprises,little_giant_enterprises&from=2019&to=2022&view=before-after"
    )
    assert view.status_code == 200
    deck = Presentation(io.BytesIO(view.data))
    assert len(deck.slides) == 4 and "年份：2019–2022" in slide_text(deck.slides[0])
    assert client.get("/briefing.pptx?view=3d").status_code == 400
    again = client.get("/briefing.pptx?lang=en", headers={"If-None-Match": whole.headers["ETag"]})
    assert again.status_code == 304  # the same data today: not made again


def test_the_cli_refuses_an_unknown_chart_kind_before_drawing_anything(capsys):
    from cli.main import main

    assert main(["briefing", "enforcement_items", "--view", "3d"]) == 2
    assert "unknown chart kind '3d'" in capsys.readouterr().err
