"""Chart kinds chosen from the data's shape, and what each draws: cards, panels, slopes, ranks, lines, labels."""

from __future__ import annotations

import random

import pandas as pd
import plotly.graph_objects as go
import pytest

from indicators import load_dataset
from layouts.chart_view import view_figure
from layouts.charts import AUTO, CHART_KINDS, data_kind, selectable_kinds, view_names
from layouts.charts.frame import chart_events
from layouts.charts.placement import GAP, SPAN_HALF, Box, Label, Obstacles, Plot, _box, place_labels
from layouts.charts.series import LINE_FROM_POINTS
from layouts.charts.style import PALETTE, Framing, text_width
from layouts.view_state import ViewState
from tests.conftest import DATA_DIR

CASES = ("general_procedure_cases", "simple_procedure_cases", "eco_environment_cases", "health_cases", "culture_cases")


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(DATA_DIR)


def draw(dataset, *ids, view=AUTO, lang="zh", width=None, **changes):
    return view_figure(dataset, ViewState(lang=lang, indicators=ids, view=view, **changes), width=width).figure


def value_labels(fig) -> list:
    """Annotations that label values (on a plot's axes, not the milestones above it or the notes)."""
    return [a for a in fig.layout.annotations if a.xref != "paper" and a.yref != "paper"]


# --- which kind the data calls for ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ids", "kind"),
    [
        (CASES, "fact"),  # one value each: cards, not five spans piled on one axis
        (("enforcement_domain_expansion_rank",), "fact"),  # a rank: 第1名, not a point on a 0-2 axis
        (("tax_cadre_behaviour_records",), "fact"),
        (("procurement_budget", "procurement_funds_launched"), "fact"),
        (("national_high_tech_enterprises",), "before-after"),  # 47 in 2019, 105 now
        (("enforcement_domains",), "before-after"),
        (("above_scale_enterprises",), "index"),  # only "doubled"
        (("enforcement_items", "enforcement_items_implied_total"), "trend"),
        (("square_dance_noise_complaints", "square_dance_noise_complaints_change"), "trend"),
    ],
)
def test_the_curated_data_gets_the_kind_its_shape_calls_for(dataset, ids, kind):
    assert data_kind(dataset, ids).name == kind


def test_the_years_of_the_view_decide_the_shape(dataset):
    assert data_kind(dataset, ["enforcement_items"]).name == "before-after"
    assert data_kind(dataset, ["enforcement_items"], 2021, None).name == "fact", "from 2021 on, one value is left"


def test_links_and_the_picker_know_every_selectable_kind_and_auto(dataset):
    assert view_names() == [AUTO, "fact", "small-multiples", "before-after", "trend"]
    assert [kind.name for kind in selectable_kinds()] == view_names()[1:]
    assert not CHART_KINDS["index"].selectable, "the index is the only honest drawing of ratios: never chosen"
    assert list(CHART_KINDS)[-1] == "trend", "the trend is what is left"


def test_a_kind_asked_for_that_does_not_fit_gives_way_with_a_note(dataset):
    view = view_figure(dataset, ViewState(indicators=("square_dance_noise_complaints",), view="small-multiples"))
    assert view.notes == ("no-small-multiples",)
    assert view.figure.layout.xaxis.type == "date", "the data's own kind instead"


# --- small synthetic datasets -----------------------------------------------------------------------

SERIES_SOURCE = """
source:
  id: base-source
  title: {zh: 基础来源, en: Base source}
  publisher: {zh: 发布者, en: Publisher}
  kind: government_media
  url: https://example.org/article
  date_published: 2022-08-23
  date_accessed: 2026-11-28
observations:
"""

SERIES_INDICATORS = """
units:
  - id: rank
    name: {zh: 名次, en: rank}
    kind: rank
    patterns: {zh: "第{n}名", en: "No. {n}"}
    axis: {zh: 全省排名, en: Rank}
    min: 1
indicators:
  - {id: big, name: {zh: 大, en: Big}, description: {zh: 大, en: Big}, category: enterprises, unit: enterprise}
  - {id: small, name: {zh: 小, en: Small}, description: {zh: 小, en: Small}, category: enterprises, unit: enterprise}
  - {id: place, name: {zh: 排名, en: Place}, description: {zh: 排名, en: Place}, category: enterprises, unit: rank,
     measure: rank}
  - {id: monthly, name: {zh: 月度, en: Monthly}, description: {zh: 月度, en: Monthly}, category: enterprises,
     unit: enterprise}
"""


def observation(indicator: str, period: str, value: float, qualifier: str = "exact") -> str:
    return (
        f"  - {{id: {indicator}-{period}, indicator: {indicator}, period: '{period}', value: {value}, "
        f"qualifier: {qualifier}, quote: 原文{value}}}\n"
    )


@pytest.fixture
def series_data(make_data_dir):
    """Two series 100x apart, a rank over three dates, and thirty monthly values (within 10x of the small)."""
    lines = [observation("big", f"2021-{m:02d}-01", 100_000 + 1000 * m) for m in (1, 4, 7, 10)]
    lines += [observation("small", f"2021-{m:02d}-01", 800 + 10 * m) for m in (1, 4, 7, 10)]
    lines += [
        observation("place", day, rank) for day, rank in (("2020-06-30", 5), ("2021-06-30", 3), ("2022-06-30", 1))
    ]
    lines += [observation("monthly", f"{2020 + m // 12}-{m % 12 + 1:02d}-15", 100 + m) for m in range(30)]
    data_dir = make_data_dir({"sources/base.yaml": SERIES_SOURCE + "".join(lines), "series.yaml": SERIES_INDICATORS})
    dataset = load_dataset(data_dir)
    assert dataset.problems == []
    return dataset


def test_sizes_far_apart_get_small_multiples_each_with_its_own_axis(series_data):
    assert data_kind(series_data, ["big", "small"]).name == "small-multiples"
    assert data_kind(series_data, ["big", "monthly"]).name == "small-multiples"
    assert data_kind(series_data, ["small", "monthly"]).name == "trend", "within 10x: one axis"
    fig = draw(series_data, "big", "small", width=1200)
    layout = fig.layout
    assert layout.yaxis.anchor == "x" and layout.yaxis2.anchor == "x2"
    assert layout.yaxis.range[1] >= 110_000 and layout.yaxis2.range[1] <= 2000, "each panel on its own scale"
    assert layout.xaxis2.matches == "x" and list(layout.xaxis.range) == list(layout.xaxis2.range), "dates shared"
    left, right = layout.xaxis.domain, layout.xaxis2.domain
    assert left[1] <= right[0] or layout.yaxis.domain[0] >= layout.yaxis2.domain[1], "panels do not overlap"
    assert {trace.yaxis for trace in fig.data} == {"y", "y2"}
    assert "纵轴刻度不同" in layout.title.subtitle.text, "it says heights are not to be compared"
    labels = value_labels(fig)
    assert {a.yref for a in labels} == {"y", "y2"} and any("10.4万家" in a.text for a in labels)


def test_small_multiples_stack_on_a_phone(series_data):
    fig = draw(series_data, "big", "small", width=360)
    assert fig.layout.xaxis.domain[1] == fig.layout.xaxis2.domain[1] and fig.layout.xaxis2.domain[0] < 0.2, "one column"
    assert fig.layout.yaxis.domain[0] > fig.layout.yaxis2.domain[1]
    assert fig.layout.xaxis.showticklabels is False and fig.layout.xaxis2.showticklabels is True, "dates once"


def test_a_rank_axis_runs_downward_in_whole_places(series_data):
    fig = draw(series_data, "place", width=900)
    axis = fig.layout.yaxis
    assert axis.range[0] > axis.range[1], "第1名 at the top"
    assert axis.range[1] == 0.5 and all(v == int(v) and v >= 1 for v in axis.tickvals)
    assert axis.ticktext[0] == "第1名" and 1 in axis.tickvals
    assert "第1名" in [a.text for a in value_labels(fig)]


def test_a_single_rank_is_a_card_not_a_point_halfway_up_an_axis(dataset):
    fig = draw(dataset, "enforcement_domain_expansion_rank")
    assert fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False
    texts = " ".join(a.text for a in fig.layout.annotations)
    assert "第1名" in texts and "2022年8月23日" in texts and "领域拓展率、事项划转率均为全省第一" in texts
    assert len(fig.data) == 0 and len(fig.layout.shapes) == 1, "one card"


def test_many_values_read_as_a_line_with_few_labels(series_data):
    fig = draw(series_data, "monthly", width=900)
    connector = next(trace for trace in fig.data if trace.meta == "connector")
    assert LINE_FROM_POINTS <= 30 and connector.line.dash is None and connector.line.width == 2
    labels = value_labels(fig)
    assert 1 <= len(labels) < 10, "the first, latest and extremes; the hover has every value"
    assert any(a.text == "129家" for a in labels), "the latest value is labelled"


def test_fact_cards_show_the_value_in_words_its_period_and_its_quote(dataset):
    fig = draw(dataset, *CASES, width=1200)
    texts = [a.text for a in fig.layout.annotations]
    assert any("至少10万起" in text for text in texts), "words on a card (至少), not marks"
    assert any("2019年9月25日—2022年8月23日" in text for text in texts)
    assert any("“简易程序案件10万余起”" in text for text in texts)
    assert len(fig.layout.shapes) == 5
    phone = draw(dataset, *CASES, width=360)
    frames = phone.layout.shapes
    assert all(f.x1 - f.x0 < 0.55 for f in frames), "two columns on a phone"


def test_before_after_writes_the_change_and_the_inferred_start(dataset):
    fig = draw(dataset, "enforcement_items", lang="en", width=900)
    texts = [a.text for a in value_labels(fig)]
    assert any(text.startswith("318 items") and "c. Sep 2019 (inferred)" in text for text in texts), texts
    assert any("up 2,363 items" in text and "up 743.1%" in text for text in texts), "the change, in words"


# --- dates, milestones, inferred periods ------------------------------------------------------------


def test_every_date_axis_names_its_year(dataset):
    fig = draw(dataset, "square_dance_noise_complaints", view="trend")
    stops = [stop.value for stop in fig.layout.xaxis.tickformatstops]
    assert stops[0].endswith("\n%Y年") and stops[1].endswith("\n%Y年") and stops[2] == "%Y年"


def test_a_single_day_on_a_date_axis_is_written_in_full(dataset):
    fig = draw(dataset, "tax_cadre_behaviour_records", view="trend")
    assert list(fig.layout.xaxis.ticktext) == ["2022年8月23日"]
    english = draw(dataset, "tax_cadre_behaviour_records", view="trend", lang="en")
    assert list(english.layout.xaxis.ticktext) == ["23 Aug 2022"]


def milestone_names(fig) -> list[str]:
    return [a.text for a in fig.layout.annotations if a.yref == "paper" and a.xref == "x"]


def test_a_chart_shows_only_its_own_milestones(dataset):
    procurement = draw(dataset, "procurement_budget", "procurement_funds_launched", view="trend", width=1200)
    assert milestone_names(procurement) == [], "no cadre rollout or square-dance band on the budget"
    noise = draw(dataset, "square_dance_noise_complaints", view="trend", width=1200)
    assert any("广场舞" in name for name in milestone_names(noise))
    assert not any("数字治队" in name for name in milestone_names(noise))
    cadre = chart_events(dataset, ["tax_cadre_behaviour_records"])
    assert set(cadre["event_id"]) == {"state-council-approval", "city-founded", "cadre-evaluation-rollout"}
    founding = draw(dataset, "enforcement_items", view="trend", width=1200)
    assert "龙港市挂牌成立" in milestone_names(founding) and "国务院批复撤镇设市" in milestone_names(founding)


def test_milestone_labels_sit_on_stems_from_their_line_or_band(dataset):
    fig = draw(dataset, "enforcement_items", view="trend", width=390)
    labels = [a for a in fig.layout.annotations if a.yref == "paper" and a.xref == "x"]
    stems = [s for s in fig.layout.shapes if s.type == "line" and s.y0 == 1]
    assert len(stems) == len(labels) == 2
    for label in labels:
        stem = next(s for s in stems if pd.Timestamp(s.x0) == pd.Timestamp(label.x))
        assert label.xanchor in ("left", "right") and stem.y1 > 1, "the label starts or ends at its stem"
    assert labels[0].yshift != labels[1].yshift, "the founding and the approval, a month apart: two rows"
    key = next(a.text for a in fig.layout.annotations if "改革节点" in a.text and a.xref == "paper")
    assert "▒" in key, "the key says what a band means"


def test_an_inferred_period_is_marked_on_the_chart_and_in_the_hover(dataset):
    fig = draw(dataset, "enforcement_domains", view="trend", width=1200)
    assert any("约2019年9月（推定）" in a.text for a in value_labels(fig))
    hovers = [h for trace in fig.data if trace.meta == "values" for h in trace.hovertext]
    assert "约2019年9月（推定）" in hovers[0] and "推定" not in hovers[-1]
    change = draw(dataset, "enforcement_domains_change", width=1200)
    assert any("（推定）" in a.text for a in change.layout.annotations), "computed from the inferred start"


# --- labels that never collide ----------------------------------------------------------------------


def test_span_labels_stand_clear_of_their_span(dataset):
    fig = draw(dataset, "procurement_budget", "procurement_funds_launched", view="trend", width=1200)
    labels = value_labels(fig)
    assert {a.text for a in labels} == {"1.3亿元", "4113万元"}
    for label in labels:
        if label.xanchor == "center":
            assert abs(label.yshift) >= SPAN_HALF + GAP, "above or below the segment, never on it"
            assert (label.yanchor, label.yshift > 0) in (("bottom", True), ("top", False))
        else:
            assert label.xshift and label.yanchor == "middle", "or beside its end"


def test_placed_labels_never_overlap_marks_spans_or_each_other():
    """Random charts: whatever is placed is inside the plot and touches no mark, span or other label."""
    for seed in range(60):
        rng = random.Random(seed)
        plot = Plot(rng.choice([280, 600, 1200]), rng.choice([200, 400]), (0.0, 100.0), (0.0, 100.0))
        obstacles, labels = Obstacles(), []
        for n in range(rng.randint(1, 25)):
            x, y = rng.uniform(0, 100), rng.uniform(0, 100)
            text = rng.choice(["9个", "≥1000起", "4113万元", "at least 100,000 cases", "31个<br>约2019年9月（推定）"])
            if rng.random() < 0.3:
                x1 = min(x + rng.uniform(5, 40), 100)
                obstacles.add_span(plot, x, x1, y)
                labels.append(Label(text, (x + x1) / 2, y, "#000", n, span=(x, x1)))
            else:
                obstacles.add_point(plot, x, y)
                labels.append(Label(text, x, y, "#000", n))
        placed = place_labels(labels, plot, obstacles)
        assert placed, "something always fits"
        boxes = []
        for annotation in placed:
            label = next(item for item in labels if item.text == annotation["text"] and item.y == annotation["y"])
            place = _place_of(annotation, label)
            box, _ = _box(place, label, plot)
            assert box.bottom >= 0 and box.top <= plot.height
            assert obstacles.clear(box, strict=False), (seed, annotation["text"], place)
            assert not any(box.overlaps(other) for other in boxes), (seed, annotation["text"])
            boxes.append(box)


def _place_of(annotation: dict, label: Label) -> str:
    """The place name a placed annotation was put at (the inverse of the placer's choice)."""
    x, y = annotation["xanchor"], annotation["yanchor"]
    if x == "center":
        return "above" if y == "bottom" else "below"
    if y == "middle":
        if label.span is not None:
            return "after" if x == "left" else "before"
        return "right" if x == "left" else "left"
    return f"{'above' if y == 'bottom' else 'below'}-{'right' if x == 'left' else 'left'}"


def test_box_geometry():
    box = Box(0, 0, 10, 10)
    assert box.overlaps(Box(5, 5, 15, 15)) and not box.overlaps(Box(10, 0, 20, 10))
    assert box.crosses((-5, 5), (15, 5)) and not box.crosses((-5, 15), (15, 20))


# --- colours, widths, validity ----------------------------------------------------------------------


def test_no_two_of_the_first_five_series_look_alike():
    first = PALETTE[:5]
    assert not {"#D55E00", "#E69F00"} <= set(first), "vermillion and orange"
    assert not {"#0072B2", "#56B4E9"} <= set(first), "blue and sky blue"
    assert len(set(PALETTE)) == len(PALETTE)


def test_text_widths_follow_the_charts_font():
    # Noto Sans CJK SC in Chromium, at 100 px: 14.66 em and 23.71 em.
    assert abs(text_width("2019年9月25日—2022年8月23日", 100) - 1466) < 50
    assert abs(text_width("State Council approves the town-to-city conversion", 100) - 2371) < 80
    assert text_width("●≥", 10) == 20, "symbols are as wide as a CJK character"


def test_figures_are_planned_for_their_width(dataset):
    narrow = draw(dataset, "enforcement_items", "enforcement_items_implied_total", lang="en", width=360)
    wide = draw(dataset, "enforcement_items", "enforcement_items_implied_total", lang="en", width=1400)
    assert "<br>" in narrow.layout.title.text and "<br>" not in wide.layout.title.text
    legend = [trace.name for trace in narrow.data if trace.showlegend is not False]
    assert any("<br>" in name for name in legend), "a long name takes two lines in a phone's legend"


VIEWS = [
    (CASES, AUTO),
    (CASES, "small-multiples"),
    (CASES, "trend"),
    (("enforcement_domain_expansion_rank", "enforcement_item_transfer_rank"), "trend"),
    (("national_high_tech_enterprises", "little_giant_enterprises"), AUTO),
    (("enforcement_domains",), "fact"),
    (("above_scale_enterprises",), AUTO),
    (("square_dance_noise_complaints", "square_dance_noise_complaints_change"), AUTO),
    (("procurement_funds_per_project",), AUTO),
]


@pytest.mark.parametrize(("ids", "view"), VIEWS)
def test_every_kind_passes_plotlys_validation_at_every_width(dataset, ids, view):
    for lang in ("zh", "en"):
        for width in (300, 390, 1400):
            figure = draw(dataset, *ids, view=view, lang=lang, width=width)
            go.Figure(figure.to_dict())  # raises on any invalid property or value
            as_dict = view_figure(
                dataset, ViewState(lang=lang, indicators=ids, view=view), width=width, as_dict=True
            ).figure
            assert go.Figure(as_dict).to_plotly_json() == go.Figure(figure.to_dict()).to_plotly_json()
    kinds = {trace.type for trace in draw(dataset, *ids, view=view).data}
    assert kinds <= {"scatter", "bar", "pie"}, "plotly.js's basic bundle only"


def test_on_a_phone_the_page_lets_panels_and_cards_grow_taller_never_an_image(dataset):
    def height(view: str, grow: bool) -> int:
        state = ViewState(indicators=CASES, view=view)
        return view_figure(dataset, state, width=360, grow=grow).figure.layout.height

    assert height("small-multiples", grow=False) == 600 and height("fact", grow=False) == 600
    assert height("small-multiples", grow=True) > 600, "five panels on a phone, each readable"
    assert 600 < height("fact", grow=True) <= 1200
    wide = view_figure(dataset, ViewState(indicators=CASES, view="small-multiples"), width=1400, grow=True)
    assert wide.figure.layout.height == 600, "a screen has the room"


@pytest.mark.parametrize(("ids", "view"), [(CASES, "small-multiples"), (CASES, "fact"), *VIEWS[4:]])
def test_every_kind_says_what_its_framing_asks_around_the_plot(dataset, ids, view):
    """A slide says the title and source itself: its picture leaves them out; an image adds its footnote."""

    def drawn(framing: Framing) -> tuple[str, str]:
        state = ViewState(lang="en", indicators=ids, view=view)
        layout = view_figure(dataset, state, framing=framing).figure.layout
        return layout.title.text or "", " ".join(a.text or "" for a in layout.annotations)

    title, notes = drawn(Framing(footnote="Data as of today"))
    assert title and "Source:" in notes and "Data as of today" in notes
    title, notes = drawn(Framing(title=False, source=False))
    assert not title and "Source:" not in notes and "Data as of today" not in notes
