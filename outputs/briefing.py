"""The briefing deck: a 16:9 PowerPoint of a view, or of every indicator, that a presenter can use as it is.

A title slide (title, date, how many indicators and sources, the years, when the data is from); a
contents slide when the deck is long (every indicator: by category, with slide numbers); for a view
of several indicators drawn together, that chart as on the page; then a slide per indicator: its
name once (the slide's title), its chart once (the view's kind and years, drawn without the title
and source the slide says itself), the latest figure and its change as on the KPI cards, and one
source line. The speaker notes hold the source line and the quotes the figures come from, so a
presenter can answer "where does this number come from?".

Slide geometry is planned in inches on PowerPoint's 16:9 (13.333 × 7.5 in), inside 0.45 in margins;
:mod:`outputs.slides` holds the frame (16:9 layouts, text boxes, fonts). No Dash import: the command
line builds decks too.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import plotly.graph_objects as go
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN

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
from indicators.selections import curated_order, in_years
from indicators.version import data_version
from layouts.chart_view import ChartView, as_of_line, view_figure
from layouts.charts import DEFAULT_KIND
from layouts.charts.labels import chart_title, source_line, source_names
from layouts.charts.style import Framing
from layouts.i18n import t
from layouts.kpi import kpi_lines
from layouts.view_state import ViewState
from outputs import images
from outputs.slides import (
    MUTED,
    TEXT,
    TITLE_AND_CONTENT,
    TITLE_ONLY,
    TITLE_SLIDE,
    Box,
    apply_fonts,
    place,
    set_title,
    text_box,
    text_height,
    widescreen_deck,
    write,
)

#: The chart's size in CSS pixels (drawn at twice this): 1 CSS pixel is about 0.88 pt on the slide, so
#: the chart's 14 px labels read as 12 pt type.
CHART_WIDTH, CHART_HEIGHT = 700, 410
DIRECTION_COLORS = {"good": RGBColor(0x00, 0x72, 0xB2), "bad": RGBColor(0xB3, 0x47, 0x00)}
#: Where things go on a 13.333 × 7.5 in slide (inches). The chart keeps its 700:410 shape.
TITLE_BOX = Box(0.45, 0.3, 12.433, 1.0)
CHART_BOX = Box(0.45, 1.4, 8.55, 8.55 * CHART_HEIGHT / CHART_WIDTH)
SIDE_BOX = Box(9.25, 1.55, 3.633, 4.75)
SOURCE_BOX = Box(0.45, 6.55, 12.433, 0.7)
COVER_TITLE_BOX = Box(0.9, 1.9, 11.533, 1.6)
COVER_SUBTITLE_BOX = Box(1.8, 3.75, 9.733, 2.6)
CONTENTS_BOX = Box(1.4, 1.5, 10.533, 5.5)
TITLE_SIZES = (30, 26, 22, 20)
#: A deck of more indicators than this opens with a contents slide (so does a deck of every indicator).
CONTENTS_FROM = 6

Render = Callable[[go.Figure], bytes]


@dataclass(frozen=True)
class DeckView:
    """What a deck shows: a view's indicators (none: every indicator), chart kind and years."""

    indicators: tuple[str, ...] = ()
    kind: str = DEFAULT_KIND
    year_from: int | None = None
    year_to: int | None = None

    @property
    def whole(self) -> bool:
        """A deck of every indicator."""
        return not self.indicators


def _png(figure: go.Figure) -> bytes:
    return images.figure_image(figure, "png", width=CHART_WIDTH, height=CHART_HEIGHT)


def briefing_pptx(
    dataset: Dataset,
    view: DeckView | Sequence[str],
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
        view: The view (or just its indicator ids, one slide each in this order); no indicators: every
            indicator, in the curated order, with a contents slide.
        lang: Language of the slides (quotes stay as the sources wrote them).
        style: How Chinese numbers are written.
        theme: Chart colours (``light`` suits slides).
        today: Date on the title slide (default today).
        render: Figure to PNG bytes (default :func:`outputs.images.figure_image` at 700×410, scale 2).

    Raises:
        KeyError: For an unknown indicator id.
        outputs.images.ImageError: When a chart could not be drawn.
    """
    view = view if isinstance(view, DeckView) else DeckView(tuple(view))
    unknown = [i for i in view.indicators if i not in dataset.indicators.index]
    if unknown:
        raise KeyError(", ".join(unknown))
    order = curated_order(dataset)
    ids = list(dict.fromkeys(view.indicators)) or sorted(order, key=order.__getitem__)
    render = render or _png
    deck = widescreen_deck()
    _title_slide(deck, dataset, view, ids, lang, today or date.today())
    together = _together(dataset, view, ids, lang, style, theme) if len(ids) > 1 else None
    if view.whole or len(ids) > CONTENTS_FROM:
        first = len(deck.slides) + 2 + (1 if together is not None else 0)
        _contents_slide(deck, dataset, ids, lang, first)
    if together is not None:
        _view_slide(deck, dataset, view, together, lang, style, render)
    for indicator_id in ids:
        _indicator_slide(deck, dataset, view, indicator_id, lang, style, theme, render)
    apply_fonts(deck)
    deck.core_properties.title = t("briefing-title", lang)
    deck.core_properties.author = "reform-indicators"
    deck.core_properties.language = locales.get(lang).office
    deck.core_properties.version = data_version(dataset).label
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def cited_sources(dataset: Dataset, indicator_ids: Sequence[str]) -> list[str]:
    """Ids of the sources behind these indicators' values (a derived value cites its inputs')."""
    rows = dataset.rows_of(indicator_ids)
    ids = {s for value in rows["source_id"].dropna() for s in str(value).split(";") if s}
    return sorted(ids & set(dataset.sources.index))


def _title_slide(deck, dataset: Dataset, view: DeckView, ids: list[str], lang: Lang, today: date) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_SLIDE])
    set_title(slide, t("briefing-title", lang), COVER_TITLE_BOX, (40, 36, 32))
    sources = cited_sources(dataset, ids)
    counts = (
        t("briefing-one-source", lang, n=len(ids))
        if len(sources) == 1
        else t("briefing-counts", lang, n=len(ids), sources=len(sources))
    )
    lines = [t("briefing-made", lang, date=format_date(today, lang)), counts]
    span = _years(view, lang)
    if span:
        lines.append(t("briefing-years", lang, span=span))
    lines.append(as_of(dataset, lang))
    subtitle = slide.placeholders[1]
    place(subtitle, COVER_SUBTITLE_BOX)
    frame = subtitle.text_frame
    frame.clear()
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.TOP
    for n, line in enumerate(lines):
        write(frame, line, 20 if n < 2 else 16, color=MUTED if n >= 2 else TEXT, first=n == 0, align=PP_ALIGN.CENTER)
    notes = [t("app-subtitle", lang), as_of(dataset, lang), ""]
    notes += [_source_text(dataset, source_id, lang) for source_id in sources]
    slide.notes_slide.notes_text_frame.text = "\n".join(notes)


def _contents_slide(deck, dataset: Dataset, ids: list[str], lang: Lang, first: int) -> None:
    """Categories in the order of the slides, with how many indicators and which slides."""
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_AND_CONTENT])
    set_title(slide, t("briefing-contents", lang), TITLE_BOX, TITLE_SIZES)
    groups: list[tuple[str, list[str]]] = []
    for indicator_id in ids:
        category = str(dataset.indicators.loc[indicator_id, "category"])
        if groups and groups[-1][0] == category:
            groups[-1][1].append(indicator_id)
        else:
            groups.append((category, [indicator_id]))
    lines, number = [], first
    for category, members in groups:
        name = locales.text_in(dataset.categories[category].name, lang) or category
        pages = str(number) if len(members) == 1 else f"{number}–{number + len(members) - 1}"
        lines.append(t("briefing-contents-line", lang, category=name, n=len(members), pages=pages))
        number += len(members)
    body = slide.placeholders[1]
    place(body, CONTENTS_BOX)
    frame = body.text_frame
    frame.clear()
    frame.word_wrap = True
    size = next((s for s in (24, 20, 18, 16, 14) if _fits(lines, s, CONTENTS_BOX)), 12)
    for n, line in enumerate(lines):
        write(frame, line, size, first=n == 0, space=size * 0.4)
    slide.notes_slide.notes_text_frame.text = "\n".join(lines)


def _fits(lines: list[str], size: float, box: Box) -> bool:
    return text_height([(line, size, size * 0.4) for line in lines], box.width - 0.4) <= box.height


def _together(
    dataset: Dataset, view: DeckView, ids: list[str], lang: Lang, style: NumberStyle, theme: str
) -> ChartView | None:
    """The view's chart of all its indicators, when it draws more than one of them together."""
    if view.whole:
        return None
    state = ViewState(lang=lang, indicators=tuple(ids), year_from=view.year_from, year_to=view.year_to, view=view.kind)
    chart = view_figure(
        dataset, state, style=style, theme=theme, height=CHART_HEIGHT, framing=_SLIDE_FRAMING, width=CHART_WIDTH
    )
    return chart if len(chart.indicators) > 1 else None


_SLIDE_FRAMING = Framing(title=False, source=False)


def _view_slide(
    deck, dataset: Dataset, view: DeckView, chart: ChartView, lang: Lang, style: NumberStyle, render: Render
) -> None:
    """The view's chart as on the page, with each indicator's latest figure beside it."""
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY])
    title = chart_title(dataset, chart.indicators, lang)
    set_title(slide, title, TITLE_BOX, TITLE_SIZES)
    _picture(slide, render(chart.figure), title)
    side = text_box(slide, SIDE_BOX)
    write(side, t("briefing-latest", lang), 14, bold=True, color=MUTED, first=True)
    colon = locales.get(lang).colon
    size = 14 if len(chart.indicators) <= 4 else 12
    for indicator_id in chart.indicators:
        name = dataset.indicators.loc[indicator_id, text_column("name", lang)]
        write(side, f"{name}{colon}{kpi_lines(dataset, indicator_id, lang, style).value}", size, space=6)
    rows = in_years(dataset.rows_of(chart.indicators), view.year_from, view.year_to)
    _source_box(slide, dataset, rows, lang)
    notes = [source_line(dataset, rows, lang), as_of(dataset, lang), ""]
    for indicator_id in chart.indicators:
        notes += [*_notes(dataset, indicator_id, view, lang, style), ""]
    slide.notes_slide.notes_text_frame.text = "\n".join(notes)


def _indicator_slide(
    deck,
    dataset: Dataset,
    view: DeckView,
    indicator_id: str,
    lang: Lang,
    style: NumberStyle,
    theme: str,
    render: Render,
) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY])
    meta = dataset.indicators.loc[indicator_id]
    name = str(meta[text_column("name", lang)])
    set_title(slide, name, TITLE_BOX, TITLE_SIZES)
    state = ViewState(
        lang=lang, indicators=(indicator_id,), year_from=view.year_from, year_to=view.year_to, view=view.kind
    )
    chart = view_figure(
        dataset, state, style=style, theme=theme, height=CHART_HEIGHT, framing=_SLIDE_FRAMING, width=CHART_WIDTH
    )
    _picture(slide, render(chart.figure), name)

    kpi = kpi_lines(dataset, indicator_id, lang, style)
    box = text_box(slide, SIDE_BOX)
    write(box, kpi.value, 36, bold=True, first=True)
    for text in (kpi.period, kpi.qualifier, kpi.compare):
        if text:
            write(box, text, 14, color=MUTED)
    if kpi.change:
        write(box, kpi.change, 18, bold=True, color=DIRECTION_COLORS.get(kpi.direction, MUTED), space=12)
    if bool(meta["derived"]):
        write(box, t("computed-long", lang), 12, color=MUTED, space=12)

    rows = in_years(dataset.rows_of([indicator_id]), view.year_from, view.year_to)
    _source_box(slide, dataset, rows, lang)
    notes = [source_line(dataset, rows, lang), as_of(dataset, lang), ""]
    slide.notes_slide.notes_text_frame.text = "\n".join(notes + _notes(dataset, indicator_id, view, lang, style))


def _picture(slide, png: bytes, description: str) -> None:
    picture = slide.shapes.add_picture(io.BytesIO(png), *CHART_BOX.emu)
    picture._element.nvPicPr.cNvPr.set("descr", description)  # alternative text for screen readers


def _source_box(slide, dataset: Dataset, rows, lang: Lang) -> None:
    """The one source line of a slide, shortened to the first sources when they would not fit."""
    text = source_line(dataset, rows, lang) or t("briefing-no-values", lang)
    ids = sorted({s for value in rows["source_id"].dropna() for s in str(value).split(";") if s})
    if text_height([(text, 11, 0)], SOURCE_BOX.width) > SOURCE_BOX.height - 0.25 and len(ids) > 1:
        first = source_names(dataset, {ids[0]}, lang)
        text = t("briefing-more-sources", lang, first=first, n=len(ids))
    frame = text_box(slide, SOURCE_BOX, anchor=MSO_ANCHOR.BOTTOM)
    write(frame, text, 11, color=MUTED, first=True)
    write(frame, as_of(dataset, lang), 9, color=MUTED, space=2)


def as_of(dataset: Dataset, lang: Lang) -> str:
    """When the data was last updated (:func:`layouts.chart_view.as_of_line`)."""
    return as_of_line(dataset, lang)


def _years(view: DeckView, lang: Lang) -> str:
    if view.year_from is None and view.year_to is None:
        return ""
    return f"{view.year_from or '…'}–{view.year_to or '…'}"


def _notes(dataset: Dataset, indicator_id: str, view: DeckView, lang: Lang, style: NumberStyle) -> list[str]:
    """Speaker notes: every value of the indicator in the view's years, with its quote and source."""
    meta = dataset.indicators.loc[indicator_id]
    frame = dataset.all_observations
    rows = in_years(dataset.rows_of([indicator_id]), view.year_from, view.year_to)
    rows = rows.sort_values(["period_end", "period_start"], kind="stable")
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
    period = format_period(parse_period(row.period), lang, inferred=bool(row.period_inferred))
    text = f"{name}{locale.comma}{period}{locale.colon}{value}"
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
