"""The briefing deck: a 16:9 PowerPoint with a slide per indicator, for presenters.

A title slide (title, date, how many indicators and sources), then per indicator its chart as on
the dashboard (a PNG at twice the slide's pixels), the latest figure and its change as on the KPI
cards, and the source line. The speaker notes hold the quotes the figures come from, with their
sources, so a presenter can answer "where does this number come from?".

Chinese text needs a CJK font named in each run (``a:ea``), or PowerPoint draws it in a Latin font's
fallback. A run cannot list fallback fonts: runs name Noto Sans CJK SC (the font of the charts)
with the GB2312 character set and a sans-serif family, which Office goes by to substitute a
Simplified Chinese font (Microsoft YaHei on a Chinese Windows) where Noto is not installed.
No Dash import: the command line builds decks too.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date

import plotly.graph_objects as go
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from indicators import locales
from indicators.dataset import Dataset
from indicators.formatting import (
    TIMES_UNIT,
    Lang,
    NumberStyle,
    format_date,
    format_period,
    format_published,
    format_quantity,
    ratio_decimals,
)
from indicators.locales import text_column
from indicators.periods import parse_period
from layouts.chart_view import view_figure
from layouts.charts.labels import source_line
from layouts.i18n import t
from layouts.kpi import kpi_lines
from layouts.view_state import ViewState
from outputs import images

#: Runs name this font for Chinese (``a:ea``) and Latin (``a:latin``) text.
CJK_FONT = "Noto Sans CJK SC"
LATIN_FONT = "Arial"
#: What Office substitutes from when the CJK font is missing: GB2312 (134 as a signed byte), sans serif.
CJK_CHARSET, CJK_PITCH_FAMILY, CJK_PANOSE = "-122", "34", "020B0500000000000000"
SLIDE_WIDTH, SLIDE_HEIGHT = Emu(12_192_000), Emu(6_858_000)  # 13.333 × 7.5 in, PowerPoint's 16:9
#: The chart's size in CSS pixels: 16:9, drawn at twice this for the slide.
CHART_WIDTH, CHART_HEIGHT = images.DEFAULT_WIDTH, images.DEFAULT_HEIGHT
TEXT = RGBColor(0x1F, 0x29, 0x33)
MUTED = RGBColor(0x52, 0x60, 0x6D)
DIRECTION_COLORS = {"good": RGBColor(0x00, 0x72, 0xB2), "bad": RGBColor(0xB3, 0x47, 0x00)}

Render = Callable[[go.Figure], bytes]


def _png(figure: go.Figure) -> bytes:
    return images.figure_image(figure, "png", width=CHART_WIDTH, height=CHART_HEIGHT)


def briefing_pptx(
    dataset: Dataset,
    indicator_ids: Sequence[str],
    lang: Lang,
    *,
    style: NumberStyle = NumberStyle.MYRIAD,
    theme: str = "light",
    today: date | None = None,
    render: Render | None = None,
) -> bytes:
    """The deck as .pptx bytes.

    Args:
        dataset: The loaded data.
        indicator_ids: One slide each, in this order.
        lang: Language of the slides (quotes stay as the sources wrote them).
        style: How Chinese numbers are written.
        theme: Chart colours (``light`` suits slides).
        today: Date on the title slide (default today).
        render: Figure to PNG bytes (default :func:`outputs.images.figure_image` at 1200×675, scale 2).

    Raises:
        KeyError: For an unknown indicator id.
        outputs.images.ImageError: When a chart could not be drawn.
    """
    unknown = [i for i in indicator_ids if i not in dataset.indicators.index]
    if unknown:
        raise KeyError(", ".join(unknown))
    render = render or _png
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    _title_slide(deck, dataset, indicator_ids, lang, today or date.today())
    for indicator_id in indicator_ids:
        _indicator_slide(deck, dataset, indicator_id, lang, style, theme, render)
    _apply_fonts(deck)
    deck.core_properties.title = t("briefing-title", lang)
    deck.core_properties.author = "reform-indicators"
    deck.core_properties.language = locales.get(lang).office
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def cited_sources(dataset: Dataset, indicator_ids: Sequence[str]) -> list[str]:
    """Ids of the sources behind these indicators' values (a derived value cites its inputs')."""
    frame = dataset.all_observations
    rows = frame[frame["indicator_id"].isin(indicator_ids)]
    ids = {s for value in rows["source_id"].dropna() for s in str(value).split(";") if s}
    return sorted(ids & set(dataset.sources.index))


def _title_slide(deck, dataset: Dataset, indicator_ids: Sequence[str], lang: Lang, today: date) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[0])
    slide.shapes.title.text = t("briefing-title", lang)
    sources = cited_sources(dataset, indicator_ids)
    counts = (
        t("briefing-one-source", lang, n=len(indicator_ids))
        if len(sources) == 1
        else t("briefing-counts", lang, n=len(indicator_ids), sources=len(sources))
    )
    subtitle = slide.placeholders[1].text_frame
    subtitle.text = t("briefing-made", lang, date=format_date(today, lang))
    subtitle.add_paragraph().text = counts
    notes = [t("app-subtitle", lang), ""]
    notes += [_source_text(dataset, source_id, lang) for source_id in sources]
    slide.notes_slide.notes_text_frame.text = "\n".join(notes)


def _indicator_slide(
    deck, dataset: Dataset, indicator_id: str, lang: Lang, style: NumberStyle, theme: str, render: Render
) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[5])  # title only
    meta = dataset.indicators.loc[indicator_id]
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = Inches(0.5), Inches(0.3), Inches(12.3), Inches(0.9)
    title.text = str(meta[text_column("name", lang)])
    title.text_frame.paragraphs[0].runs[0].font.size = Pt(30)

    state = ViewState(lang=lang, indicators=(indicator_id,))
    view = view_figure(dataset, state, style=style, theme=theme, height=CHART_HEIGHT)
    picture = slide.shapes.add_picture(io.BytesIO(render(view.figure)), Inches(0.4), Inches(1.35), width=Inches(8.6))
    picture._element.nvPicPr.cNvPr.set("descr", title.text)  # alternative text for screen readers

    kpi = kpi_lines(dataset, indicator_id, lang, style)
    box = slide.shapes.add_textbox(Inches(9.3), Inches(1.6), Inches(3.7), Inches(4.4)).text_frame
    box.word_wrap = True
    _line(box, kpi.value, 36, bold=True, first=True)
    for text in (kpi.period, kpi.qualifier, kpi.compare):
        if text:
            _line(box, text, 14, color=MUTED)
    if kpi.change:
        _line(box, kpi.change, 18, bold=True, color=DIRECTION_COLORS.get(kpi.direction, MUTED), space=12)
    if bool(meta["derived"]):
        _line(box, t("computed-long", lang), 12, color=MUTED, space=12)

    frame = dataset.all_observations
    rows = frame[frame["indicator_id"] == indicator_id]
    source = slide.shapes.add_textbox(Inches(0.5), Inches(6.45), Inches(12.3), Inches(0.8)).text_frame
    source.word_wrap = True
    _line(source, source_line(dataset, rows, lang), 11, color=MUTED, first=True)
    slide.notes_slide.notes_text_frame.text = "\n".join(_notes(dataset, indicator_id, lang, style))


def _line(frame, text: str, size: int, *, bold: bool = False, color=TEXT, first: bool = False, space: int = 4):
    paragraph = frame.paragraphs[0] if first else frame.add_paragraph()
    paragraph.space_before = Pt(0 if first else space)
    run = paragraph.add_run()
    run.text = text
    run.font.size, run.font.bold = Pt(size), bold
    run.font.color.rgb = color


def _notes(dataset: Dataset, indicator_id: str, lang: Lang, style: NumberStyle) -> list[str]:
    """Speaker notes: every value of the indicator with its quote and source; formulas for computed ones."""
    meta = dataset.indicators.loc[indicator_id]
    frame = dataset.all_observations
    rows = frame[frame["indicator_id"] == indicator_id].sort_values(["period_end", "period_start"], kind="stable")
    description = meta[text_column("description", lang)]
    lines = [description, ""] if isinstance(description, str) else []
    colon = locales.get(lang).colon
    lines.append(t("briefing-quotes", lang) + colon.rstrip())
    for row in rows.itertuples():
        lines.append(f"• {_value_text(dataset, row, lang, style)}")
        if row.derived:
            lines.append(f"  {t('formula', lang)}{colon}{row.formula}")
            processing = meta[text_column("processing", lang)]
            if isinstance(processing, str):
                lines.append(f"  {processing}")
            inputs = frame[frame["obs_id"].isin(str(row.inputs).split(";"))]
            if len(inputs):
                lines.append(f"  {t('briefing-inputs', lang)}{colon.rstrip()}")
                lines += [f"  – {_value_text(dataset, item, lang, style)}" for item in inputs.itertuples()]
    return lines


def _value_text(dataset: Dataset, row, lang: Lang, style: NumberStyle) -> str:
    """``2022年8月23日：105家 —— “...”（龙港发布《...》，2022年8月23日）``."""
    ratio = row.measure == "ratio_to_base"
    unit = TIMES_UNIT if ratio else dataset.unit_of(row.indicator_id)
    decimals = ratio_decimals(row.value) if ratio else int(dataset.indicators.loc[row.indicator_id, "decimals"])
    value = format_quantity(
        row.value, unit, lang, qualifier=row.qualifier, decimals=decimals, style=style, measure=row.measure
    )
    name = dataset.indicators.loc[row.indicator_id, text_column("name", lang)]
    locale = locales.get(lang)
    text = f"{name}{locale.comma}{format_period(parse_period(row.period), lang)}{locale.colon}{value}"
    if isinstance(row.quote, str) and row.quote:
        sources = locale.semicolon.join(_source_text(dataset, s, lang) for s in str(row.source_id).split(";") if s)
        text += locale.parenthesized(f"{locale.dash}“{row.quote}”", sources)
    return text


def _source_text(dataset: Dataset, source_id: str, lang: Lang) -> str:
    if source_id not in dataset.sources.index:
        return source_id
    row = dataset.sources.loc[source_id]
    published = format_published(row["date_published"], lang)
    url = f" {row['url']}" if isinstance(row["url"], str) else ""
    publisher, title = row[text_column("publisher", lang)], row[text_column("title", lang)]
    return t("source-citation-dated", lang, publisher=publisher, title=title, date=published) + url


def _apply_fonts(deck) -> None:
    """Name a CJK font (``a:ea``) and a Latin font in every run of every slide and its notes."""
    for slide in deck.slides:
        shapes = list(slide.shapes)
        if slide.has_notes_slide:
            shapes += list(slide.notes_slide.shapes)
        for shape in shapes:
            if not shape.has_text_frame:
                continue
            for paragraph in shape.text_frame.paragraphs:
                for run in paragraph.runs:
                    _set_run_fonts(run)


def _set_run_fonts(run) -> None:
    properties = run._r.get_or_add_rPr()
    chinese = any("\u2e80" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" for ch in run.text)
    properties.set("lang", "zh-CN" if chinese else "en-US")
    properties.set("altLang", "en-US" if chinese else "zh-CN")
    run.font.name = LATIN_FONT  # writes a:latin
    east_asian = properties.find(qn("a:ea"))
    if east_asian is None:
        east_asian = properties.makeelement(qn("a:ea"), {})
        latin = properties.find(qn("a:latin"))
        latin.addnext(east_asian)  # schema order: latin, ea, cs
    east_asian.set("typeface", CJK_FONT)
    east_asian.set("panose", CJK_PANOSE)
    east_asian.set("pitchFamily", CJK_PITCH_FAMILY)
    east_asian.set("charset", CJK_CHARSET)
