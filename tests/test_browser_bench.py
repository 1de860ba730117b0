"""The pure parts of the first-paint benchmark (benchmarks/browser_bench.py); the browser runs in the smoke test."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request

import yaml

from benchmarks import browser_bench as bb
from benchmarks.measures import ScaleRun
from tests.conftest import ROOT


def test_floor_page_holds_the_figure_the_scripts_in_order_and_nothing_that_ends_its_json_block():
    figure = {"data": [{"type": "scatter", "x": [1], "y": [2], "text": ["</script><b>&\u2028"]}], "layout": {}}
    page = bb.floor_page(figure, {"locale": "zh-CN"}, ["/plotly.min.js", "/locale.js"], height=480)
    block = re.search(r'<script type="application/json" id="figure">(.*?)</script>', page, re.S).group(1)
    assert json.loads(block) == {"figure": figure, "config": {"locale": "zh-CN"}}
    assert "</" not in block and "\u2028" not in block
    assert page.index('src="/plotly.min.js"') < page.index('src="/locale.js"') < page.index("Plotly.newPlot")
    assert f'id="{bb.CHART_ID}" style="width:100%;height:480px"' in page
    assert bb.chart_selector(bb.CHART_ID) in bb.paint_probe(bb.CHART_ID)


def test_chart_is_read_from_a_dash_callback_response_only_when_it_is_there():
    figure, config = {"data": [], "layout": {"height": 600}}, {"locale": "en"}
    body = {"multi": True, "response": {"chart": {"figure": figure, "config": config}, "chart-notes": {"children": []}}}
    assert bb.chart_from_callback(body) == (figure, config)
    assert bb.chart_from_callback({"multi": True, "response": {"chart": {"figure": figure}}}) == (figure, {})
    for other in (None, [], {"response": {"header": {"children": "x"}}}, {"response": {"chart": {"figure": "x"}}}):
        assert bb.chart_from_callback(other) is None


def test_chart_view_url_names_the_chart_tab_and_the_indicators():
    assert bb.chart_view_path(("a", "b")) == "/?tab=chart&ind=a,b&lang=zh"
    for ids in bb.VIEWS.values():
        assert 1 <= len(ids) <= 3


def test_static_server_answers_its_files_and_404_otherwise():
    with bb.static_server({"/": (b"<p>hi</p>", "text/html; charset=utf-8")}) as url:
        with urllib.request.urlopen(url + "/?x=1", timeout=5) as response:
            assert response.read() == b"<p>hi</p>" and response.headers["Cache-Control"] == "no-cache"
        try:
            urllib.request.urlopen(url + "/missing", timeout=5)
        except urllib.error.HTTPError as error:
            assert error.code == 404
        else:
            raise AssertionError("expected a 404")


def test_rows_compare_the_best_runs_and_say_where_the_time_went():
    def timeline(painted: float) -> dict:
        return {"painted": painted, "found": painted - 10, "html": 20, "requests": 5, "bytes": 2e6}

    app = bb.Runs(cold=[timeline(3000), timeline(2000)], warm=[timeline(1500), timeline(1200)])
    floor = bb.Runs(cold=[timeline(1500), timeline(1000)], warm=[timeline(400), timeline(500)])
    pages = bb.Pages(app=app, floor=floor, app_plotly=["/vendor/plotly-basic-4.1.1.min.js"] * 2)
    cold, warm = bb.rows("article", pages, ("x",), (1.0, 2.0))
    assert (cold.key, cold.value, cold.baseline, cold.ratio, cold.spread) == ("first_paint", 2.0, 1.0, 2.0, 1.5)
    assert warm.key == "first_paint_warm" and warm.ratio == 1.2 / 0.4
    assert "medians app 2500 ms, floor 1250 ms (2.00×)" in cold.note and "5 requests, 2.00 MB" in cold.note
    assert "load average 1.0 → 2.0" in cold.note and "loaded: plotly-basic-4.1.1.min.js;" in cold.note
    # With the basic-bundle floor measured: two more rows, against it (the limit, for reference).
    pages.floor_basic = bb.Runs(cold=[timeline(800)], warm=[timeline(200)])
    keys = [row.key for row in bb.rows("article", pages, ("x",), (1.0, 2.0))]
    assert keys == ["first_paint", "first_paint_warm", "first_paint_basic", "first_paint_basic_warm"]


def test_a_missing_view_or_browser_gives_a_row_without_a_value(monkeypatch, tmp_path):
    [row] = bb.run(ScaleRun("tiny", tmp_path, True))
    assert row.key == "first_paint" and row.value is None and "no chart view" in row.note
    monkeypatch.setattr(bb, "chromium_executable", lambda: None)
    [row] = bb.run(ScaleRun("article", tmp_path, True))
    assert row.value is None and "Chromium is not installed" in row.note


def test_switch_row_takes_the_median_and_says_how_many_requests_a_change_made():
    from benchmarks import switch_bench as sb

    switches = [
        {"painted": p, "plotted": p - 0.01, "callbacks": 1, "sent": 0.01, "answered": 0.03} for p in (0.09, 0.5, 0.08)
    ]
    row = sb.row("article", switches, ("a", "b"), (1.0, 1.5))
    assert (row.key, row.value, row.unit) == ("switch", 0.09, "s")
    assert "callback requests per switch: 1;" in row.note and "slowest 500 ms" in row.note
    assert "target ≤ 100 ms" in row.note and "ind=a,b" in row.note


def test_switches_are_measured_with_every_answer_computed(tmp_path):
    from benchmarks import switch_bench as sb

    config = yaml.safe_load(sb.uncached_config(tmp_path).read_text(encoding="utf-8"))
    repository = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    assert config == {**repository, "answer_cache_mb": 0}
