"""Figure functions on the curated data: what is drawn, where, and how it is labelled."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators import load_dataset
from layouts.charts import data_kind
from layouts.charts.axes import nice_ticks
from layouts.charts.before_after import before_after_figure
from layouts.charts.index import index_figure
from layouts.charts.style import plain
from layouts.charts.trend import trend_figure
from tests.conftest import DATA_DIR


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(DATA_DIR)


def _marker_traces(fig):
    """The traces of the values (markers with their hover), one per indicator."""
    return [t for t in fig.data if t.meta == "values"]


def _value_labels(fig) -> list[str]:
    """The value labels placed beside the marks (annotations on the data's axes, not milestones above them)."""
    return [a.text for a in fig.layout.annotations if a.xref != "paper" and a.yref != "paper"]


def test_a_value_over_a_period_is_a_span_not_a_point(dataset):
    fig = trend_figure(dataset, ["square_dance_noise_complaints"], "zh")
    markers = _marker_traces(fig)[0]
    xs = [pd.Timestamp(x) for x in markers.x]
    # Jan-Mar 2022: ticks at both ends of the span, an invisible hover point between; nothing at a single day.
    assert xs[0] == pd.Timestamp("2022-01-01")
    assert xs[2].date() == pd.Timestamp("2022-03-31").date()
    assert list(markers.marker.symbol[:3]) == ["line-ns-open", "circle", "line-ns-open"]
    assert markers.marker.size[1] < 1
    segments = [t for t in fig.data if t.mode == "lines" and t.line.width == 5]
    assert segments, "the span is drawn as a thick segment"


def test_qualified_values_are_marked_in_labels_and_legend_key(dataset):
    fig = trend_figure(dataset, ["little_giant_enterprises"], "zh")
    markers = _marker_traces(fig)[0]
    assert list(markers.marker.symbol) == ["circle", "triangle-up-open"]
    assert sorted(_value_labels(fig)) == ["0家", "≥1家"]
    key = next(a.text for a in fig.layout.annotations if "● 确数" in a.text)
    assert "△≥ 下限（多、余、以上）" in key


def test_hover_has_value_period_qualifier_source_and_quote(dataset):
    fig = trend_figure(dataset, ["general_procedure_cases"], "zh")
    hover = _marker_traces(fig)[0].hovertext[0]
    for part in [
        "至少1000起",
        "2019年9月25日—2022年8月23日",
        "期间累计",
        "下限",
        "龙港发布",
        "设市以来,共办理一般程序案件1000多起",
    ]:
        assert part in hover
    english = _marker_traces(trend_figure(dataset, ["general_procedure_cases"], "en"))[0].hovertext[0]
    assert "at least 1,000 cases" in english and "Source: Longgang Release" in english


def test_money_axis_uses_myriad_words_in_chinese(dataset):
    fig = trend_figure(dataset, ["procurement_budget", "procurement_funds_launched"], "zh")
    assert fig.layout.yaxis.ticktext[-1].endswith("亿")
    assert any(text.endswith("万") for text in fig.layout.yaxis.ticktext)
    en = trend_figure(dataset, ["procurement_budget", "procurement_funds_launched"], "en")
    assert en.layout.yaxis.ticktext[-1].endswith("million")


def test_milestones_inside_the_range_are_drawn_and_labelled(dataset):
    fig = trend_figure(dataset, ["national_high_tech_enterprises"], "zh")
    labels = [a.text for a in fig.layout.annotations]
    assert any("龙港市挂牌成立" in text for text in labels)
    assert any(s.type == "line" and pd.Timestamp(s.x0) == pd.Timestamp("2019-09-25") for s in fig.layout.shapes)
    noise = trend_figure(dataset, ["square_dance_noise_complaints"], "zh")
    assert not any("挂牌成立" in a.text for a in noise.layout.annotations), "2019 is outside a 2022-only chart"


def test_derived_values_are_marked_computed_with_the_formula(dataset):
    fig = trend_figure(dataset, ["enforcement_items_implied_total"], "en")
    markers = _marker_traces(fig)[0]
    assert markers.marker.symbol[0] == "diamond-open"
    assert "computed: enforcement_items / enforcement_item_coverage * 100" in markers.hovertext[0].replace("<br>", " ")
    assert "(computed)" in next(t for t in fig.data if t.showlegend is not False).name


def test_ratio_statements_are_an_index_never_a_level(dataset):
    assert data_kind(dataset, ["above_scale_enterprises"]).name == "index"
    assert data_kind(dataset, ["enforcement_items"]).name == "before-after", "318 at the founding, 2681 now"
    assert data_kind(dataset, ["enforcement_items", "enforcement_items_implied_total"]).name == "trend"
    fig = index_figure(dataset, "above_scale_enterprises", "zh")
    ys = [y for t in fig.data for y in (t.y or []) if y is not None]
    assert sorted(set(ys)) == [100.0, 200.0]
    assert "基期=100" in fig.layout.title.text
    assert "约200" in _value_labels(fig)
    assert "没有绝对数" in fig.layout.title.subtitle.text, "the explainer is in the figure (images, slides)"


def test_before_after_slope(dataset):
    fig = before_after_figure(dataset, ["enforcement_domains", "enforcement_items"], "zh")
    (trace,) = list(fig.data)  # items are a different unit from domains: only domains drawn
    assert list(trace.y) == [9.0, 31.0]
    assert list(fig.layout.xaxis.ticktext) == ["设市时", "最新"]
    labels = _value_labels(fig)
    assert any(label.startswith("9个") and "约2019年9月（推定）" in label for label in labels), labels
    assert any("增加22个" in label and "增长244.4%" in label for label in labels), (
        "the change is written on it, in words"
    )
    with pytest.raises(KeyError):
        before_after_figure(dataset, ["procurement_budget"], "zh")


def test_text_from_yaml_is_shown_literally():
    assert plain("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert plain('<img src=x onerror="alert(1)">') == '&lt;img src=x onerror="alert(1)"&gt;'


@pytest.mark.parametrize(("low", "high"), [(0, 105), (0, 130_000_000), (0, 0.5), (-70, 0), (5, 5)])
def test_nice_ticks_cover_the_range(low, high):
    ticks = nice_ticks(low, high)
    assert ticks[0] <= low and ticks[-1] >= high and len(ticks) <= 8


@pytest.mark.parametrize(("low", "high"), [(0, 1.12), (0, 0.3), (0, 2.8), (0, 11), (-3, 0), (0, 1e6)])
def test_whole_ticks_for_counts_cover_the_range_in_whole_numbers(low, high):
    ticks = nice_ticks(low, high, whole=True)
    assert ticks[0] <= low and ticks[-1] >= high and len(ticks) <= 8
    assert all(tick == int(tick) for tick in ticks)


def test_an_axis_of_enterprises_has_no_half_enterprise(dataset):
    figure = trend_figure(dataset, ["little_giant_enterprises"], "zh")
    assert figure.layout.yaxis.tickvals and all(v == int(v) for v in figure.layout.yaxis.tickvals)
    assert not any("." in text for text in figure.layout.yaxis.ticktext)


def test_view_figure_is_the_one_choice_of_chart(dataset):
    from layouts.chart_view import view_figure
    from layouts.view_state import ViewState

    def view(*ids, **changes):
        return view_figure(dataset, ViewState(indicators=ids, **changes))

    fig, notes, drawn = view("enforcement_domains", "enforcement_items")
    assert (notes, drawn) == (("mixed-units",), ("enforcement_domains",))
    assert "综合行政执法领域" in fig.layout.title.text
    fig, notes, _ = view("enforcement_domains", view="before-after")
    assert "设市前后" in fig.layout.title.text and notes == ()
    fig, notes, _ = view("square_dance_noise_complaints", view="before-after")
    assert notes == ("no-before-after",) and fig.layout.xaxis.type == "date"
    fig, notes, _ = view("above_scale_enterprises", lang="en")
    assert notes == () and "index" in fig.layout.title.text, "the explainer is the subtitle, said once"
    fig, notes, drawn = view("national_high_tech_enterprises", year_from=2030)
    assert fig.layout.annotations[0].text == "所选年份内没有数据。" and drawn == ("national_high_tech_enterprises",)
    fig, notes, drawn = view()
    assert (notes, drawn) == ((), ()) and fig.layout.annotations[0].text == "请在上方选择一个指标。"
    assert view("enforcement_items", lang="en", year_from=2021, view="trend").figure == trend_figure(
        dataset, ["enforcement_items"], "en", year_from=2021
    )
    # From 2021 on, one value is left: the data's own kind is a card (the years decide the shape).
    assert view("enforcement_items", year_from=2021).figure.layout.xaxis.visible is False


def test_every_kind_of_figure_passes_plotlys_validation_and_its_dict_is_the_same(dataset):
    """Figures are made without plotly's validation (for speed): check here what it would have caught."""
    import plotly.graph_objects as go

    from layouts.chart_view import view_figure
    from layouts.view_state import ViewState

    views = [
        ViewState(indicators=("enforcement_items",)),
        ViewState(indicators=("procurement_budget", "procurement_funds_launched"), lang="en"),
        ViewState(indicators=("enforcement_domains",), view="before-after"),
        ViewState(indicators=("above_scale_enterprises",)),
        ViewState(indicators=()),
    ]
    for state in views:
        figure = view_figure(dataset, state).figure
        go.Figure(figure.to_dict())  # raises on any invalid property or value
        as_dict = view_figure(dataset, state, as_dict=True).figure
        assert go.Figure(as_dict).to_plotly_json() == go.Figure(figure.to_dict()).to_plotly_json()
