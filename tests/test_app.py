"""The app without a browser: callbacks called directly, routes through Flask's test client."""

from __future__ import annotations

import json
from contextvars import copy_context

import pytest
from dash import no_update
from dash._callback_context import context_value
from dash._utils import AttributeDict
from dash.exceptions import PreventUpdate

from callbacks.page import update_page
from layouts.ids import Ids
from server.context import SETTINGS_KEY


def run_callback(server, func, *args, triggered: list[str] | None = None):
    """Call a callback as Dash would: inside a request, with the triggering inputs set."""

    def call():
        context_value.set(AttributeDict(triggered_inputs=[{"prop_id": p, "value": None} for p in (triggered or [])]))
        return func(*args)

    with server.test_request_context("/_dash-update-component", method="POST"):
        return copy_context().run(call)


def page(server, search: object, shown: object = None) -> dict:
    """The page callback's answer for a new URL (a link, back/forward), by part: view, chart, texts..."""
    return run_callback(server, update_page, search, None, None, None, shown, triggered=[f"{Ids.URL}.search"])


def controls_changed(server, search: str, chosen: object, years: object, mode: object, control: Ids) -> dict:
    """The page callback's answer when ``control`` changed on the page of ``search``."""
    return run_callback(server, update_page, search, chosen, years, mode, "zh", triggered=[f"{control}.value"])


def texts(component) -> str:
    """Every string inside a component tree, joined (what a reader would see)."""
    if component is None or component is no_update:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(texts(c) for c in component)
    children = getattr(component, "children", None)
    return texts(children)


def test_overview_has_a_card_per_headline_indicator_and_links_to_every_indicator(server, dash_app):
    outputs = page(server, "")["view"]
    state, notices, overview = outputs["view_state"], outputs["notices"], outputs["overview"]
    assert state["lang"] == "zh" and state["tab"] == "overview"
    text = texts(overview)
    assert "国家高新技术企业" in text and "105家" in text and "对比" in text and "增加58家（增长123.4%）" in text
    assert "至少1000起" in text and "约2倍" in text
    links = json.dumps(overview, default=lambda o: o.to_plotly_json())
    import indicators

    dataset = indicators.load_dataset(server.config[SETTINGS_KEY].data_dir)
    for indicator_id in dataset.indicators.index:
        assert f"ind={indicator_id}" in links, f"{indicator_id} is not reachable from the overview"
    assert notices == []


def test_english_page_and_hidden_panels(server):
    outputs = page(server, "?lang=en&tab=sources")["view"]
    assert outputs["view_state"]["lang"] == "en"
    assert "Longgang reform indicators" in texts(outputs["header"]) and "中文" in texts(outputs["header"])
    assert outputs["hidden"] == {"overview": True, "chart": True, "table": True, "sources": False}
    assert outputs["overview"] == [] and "Quotes taken from it" in texts(outputs["sources"])


def test_invalid_parameters_show_a_notice_not_an_error(server):
    outputs = page(server, "?tab=nope&ind=national_high_tech_enterprises,evil<script>&lang=xx")["view"]
    notices = texts(outputs["notices"])
    assert (
        "未知页面“nope”已忽略" in notices
        and "未知指标“evil<script>”已忽略" in notices
        and "未知语言“xx”已忽略" in notices
    )


def test_language_texts_are_sent_only_when_the_language_changes(server):
    same = page(server, "?tab=chart&ind=enforcement_items", "zh")["texts"]
    assert set(same.values()) == {no_update}  # footer, labels and dropdown options unchanged
    first = page(server, "?tab=chart", None)["texts"]
    assert first["lang"] == "zh" and first["options"] is no_update  # the shell holds them already
    assert "选择指标" in first["placeholder"] and texts(first["footer"])
    switched = page(server, "?lang=en", "zh")["texts"]
    assert switched["lang"] == "en" and switched["placeholder"] == "Choose indicators…"
    assert any(option["value"] == "enforcement_items" for option in switched["options"])


def test_chart_callback_draws_the_chosen_indicator_with_provenance(server):
    figure, config, notes = page(server, "?tab=chart&ind=enforcement_items")["chart"].values()
    assert "综合行政执法事项" in figure["layout"]["title"]["text"]
    assert config["locale"] == "zh-CN" and config["toImageButtonOptions"]["scale"] == 2
    assert "执法事项从318项拓展到2681项" in texts(notes)
    figure, config, notes = page(server, "?tab=chart&ind=above_scale_enterprises&lang=en")["chart"].values()
    assert "index" in figure["layout"]["title"]["text"] and config["locale"] == "en"
    assert set(page(server, "?tab=overview")["chart"].values()) == {no_update}


def test_chart_callback_before_after_and_mixed_units(server):
    figure, _, notes = page(server, "?tab=chart&ind=enforcement_domains&view=before-after")["chart"].values()
    assert "设市前后" in figure["layout"]["title"]["text"]
    figure, _, notes = page(server, "?tab=chart&ind=enforcement_domains,enforcement_items")["chart"].values()
    assert "单位不同" in texts(notes)


def test_controls_follow_the_url_and_the_url_follows_the_controls(server):
    answer = page(server, "?tab=chart&ind=enforcement_items&from=2020")
    assert answer["search"] is no_update
    assert answer["controls"] == {"indicators": ["enforcement_items"], "years": [2020, 2022], "view": "auto"}
    answer = controls_changed(
        server,
        "?tab=chart&ind=enforcement_items",
        ["enforcement_items", "enforcement_domains"],
        [2019, 2022],
        "auto",
        Ids.INDICATOR_SELECT,
    )
    assert answer["search"] == "?tab=chart&ind=enforcement_items,enforcement_domains"
    assert set(answer["controls"].values()) == {no_update}  # the controls are where the user put them
    # The same answer draws the new view: one round trip per change.
    assert "综合行政执法" in answer["chart"]["figure"]["layout"]["title"]["text"]
    assert "ind=enforcement_items,enforcement_domains" in json.dumps(answer["view"]["nav"], default=repr)
    # What a control cannot change is not sent again: the tab, the hidden panels, the other tabs' panels.
    kept = [answer["view"][key] for key in ("view_state", "overview", "table", "sources")]
    assert kept + list(answer["view"]["hidden"].values()) == [no_update] * 8
    answer = controls_changed(
        server, "?tab=chart&ind=x", ["<script>", 5, "enforcement_items"], ["a", None], "3d", Ids.INDICATOR_SELECT
    )
    assert answer["search"] == "?tab=chart&ind=enforcement_items"


def test_a_control_change_that_leaves_the_url_as_it_is_changes_nothing(server):
    with pytest.raises(PreventUpdate):
        controls_changed(
            server, "?tab=chart&ind=enforcement_items", ["enforcement_items"], [2019, 2022], "auto", Ids.YEAR_RANGE
        )


def leaves(answer: object) -> list:
    """Every value of a (nested) callback answer."""
    return [v for part in answer.values() for v in leaves(part)] if isinstance(answer, dict) else [answer]


def test_a_meeting_room_screen_gets_its_chart_drawn_again_and_nothing_else(server):
    search, wall = "?tab=chart&ind=enforcement_items", {"width": 1920, "height": 1080, "wall_width": 1600}
    answer = run_callback(server, update_page, search, None, None, None, "zh", wall, triggered=[f"{Ids.VIEWPORT}.data"])
    desk = page(server, search)["chart"]["figure"]
    big = answer["chart"]["figure"]
    assert big["layout"]["height"] > desk["layout"]["height"]
    assert big["layout"]["title"]["font"]["size"] > desk["layout"]["title"]["font"]["size"]
    rest = {key: part for key, part in answer.items() if key != "chart"}
    assert set(leaves(rest)) == {no_update}  # the view, the URL, the controls and the texts stay
    # A new URL on that screen is drawn for it too; a forged size is a desk's.
    again = run_callback(server, update_page, search, None, None, None, "zh", wall, triggered=[f"{Ids.URL}.search"])
    assert again["chart"]["figure"]["layout"]["height"] == big["layout"]["height"]
    forged = {"width": "1920", "height": [1], "wall_width": 1600}
    answer = run_callback(
        server, update_page, search, None, None, None, "zh", forged, triggered=[f"{Ids.VIEWPORT}.data"]
    )
    assert answer["chart"]["figure"]["layout"]["height"] == desk["layout"]["height"]


def test_choosing_a_chart_kind_puts_it_in_the_url(server):
    answer = controls_changed(
        server,
        "?tab=chart&ind=enforcement_domains",
        ["enforcement_domains"],
        [2019, 2022],
        "before-after",
        Ids.VIEW_MODE,
    )
    assert answer["search"] == "?tab=chart&ind=enforcement_domains&view=before-after"
    assert set(answer["controls"].values()) == {no_update}
    assert "设市前后" in answer["chart"]["figure"]["layout"]["title"]["text"]


def test_healthz_reports_data_status(server):
    response = server.test_client().get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert (body["status"], body["sources"], body["observations"], body["rejected_records"]) == ("ok", 1, 37, 0)


def test_healthz_degraded_and_missing_data(server, make_data_dir, tmp_path):
    data_dir = make_data_dir(
        {
            "bad.yaml": "observations:\n  - {indicator: nope, source: base-source, period: '2022', value: 1, qualifier: exact, quote: q}\n"
        }
    )
    settings = server.config[SETTINGS_KEY]
    server.config[SETTINGS_KEY] = settings.model_copy(update={"data_dir": data_dir})
    body = server.test_client().get("/healthz").get_json()
    assert (body["status"], body["rejected_records"], body["problems"][0]["file"]) == ("degraded", 1, "bad.yaml")
    notices = texts(page(server, "")["view"]["notices"])
    assert "部分数据未能载入" in notices and "bad.yaml:2" in notices
    server.config[SETTINGS_KEY] = settings.model_copy(update={"data_dir": tmp_path / "missing"})
    assert server.test_client().get("/healthz").status_code == 503


def test_page_headers_and_html_lang(server):
    client = server.test_client()
    page = client.get("/")
    assert page.status_code == 200 and b'<html lang="zh-CN"' in page.data
    assert b'<html lang="en"' in client.get("/?lang=en").data
    for name in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"):
        assert name in page.headers
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in page.headers["Content-Security-Policy"]


def test_every_asset_is_served_locally(server):
    import re

    page = server.test_client().get("/").data.decode()
    links = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert links and all(link.startswith("/") for link in links), links


def test_forged_callback_inputs_do_not_crash(server):
    assert page(server, {"evil": 1})["view"]["view_state"]["tab"] == "overview"
    assert page(server, {"evil": 1}, ["not", "a", "language"])["texts"]["lang"] == "zh"
    try:
        answer = controls_changed(server, "?tab=chart", "enforcement_items", {"a": 1}, ["x"], Ids.VIEW_MODE)
    except PreventUpdate:  # nothing sensible was sent: the URL stays
        pass
    else:
        assert answer["search"] == "?tab=chart"


def test_oversized_requests_are_refused(server):
    response = server.test_client().post(
        "/_dash-update-component", data=b"x" * (600 * 1024), content_type="application/json"
    )
    assert response.status_code == 413


def test_edited_data_is_picked_up_without_a_restart(server, make_data_dir):
    data_dir = make_data_dir()
    settings = server.config[SETTINGS_KEY]
    server.config[SETTINGS_KEY] = settings.model_copy(update={"data_dir": data_dir, "settle_seconds": 0.0})
    client = server.test_client()
    assert client.get("/healthz").get_json()["observations"] == 2
    (data_dir / "sources" / "more.yaml").write_text(
        "observations:\n  - {indicator: high_tech, source: base-source, period: '2021', value: 80, qualifier: exact, quote: q}\n",
        encoding="utf-8",
    )
    assert client.get("/healthz").get_json()["observations"] == 3
    # A half-written file does not replace the good version of itself.
    (data_dir / "sources" / "more.yaml").write_text(
        "observations:\n  - {indicator: high_tech, source: base", encoding="utf-8"
    )
    body = client.get("/healthz").get_json()
    assert body["observations"] == 3 and body["warnings"] == 1


def test_a_new_data_version_is_logged_once_as_json(server, make_data_dir, capsys):
    import json as json_module

    data_dir = make_data_dir(
        {
            "bad.yaml": "observations:\n  - {indicator: nope, source: base-source, period: '2022', value: 1, qualifier: exact, quote: q}\n"
        }
    )
    settings = server.config[SETTINGS_KEY]
    server.config[SETTINGS_KEY] = settings.model_copy(update={"data_dir": data_dir})
    client = server.test_client()
    client.get("/healthz")
    client.get("/healthz")
    lines = [json_module.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    events = [line for line in lines if line["event"] == "data loaded" and line["data_dir"] == str(data_dir)]
    assert len(events) == 1
    assert (events[0]["level"], events[0]["status"], events[0]["rejected_records"]) == ("warning", "degraded", 1)
    assert "bad.yaml:2" in events[0]["problems"][0]


def test_curator_notes_are_shown_in_the_view_language(server):
    zh_notes = page(server, "?tab=chart&ind=national_high_tech_enterprises")["chart"]["notes"]
    en_notes = page(server, "?tab=chart&ind=national_high_tech_enterprises&lang=en")["chart"]["notes"]
    assert "“目前”按发布日2022年8月23日理解。" in texts(zh_notes)
    assert "resolved to the publication date" not in texts(zh_notes)
    assert "目前 (now) resolved to the publication date, 2022-08-23." in texts(en_notes)
    assert "按发布日" not in texts(en_notes)


def test_sources_tab_gives_the_reasons_for_uncurated_numbers_in_the_view_language(server):
    from layouts.components import build_sources
    from layouts.view_state import ViewState
    from server.context import current_dataset

    with server.test_request_context("/"):
        dataset = current_dataset()
    zh = texts(build_sources(dataset, ViewState(tab="sources", lang="zh")))
    en = texts(build_sources(dataset, ViewState(tab="sources", lang="en")))
    assert "：热线号码（公安报警和市民服务），不是数量" in zh
    assert "hotline numbers (police and citizen service), not quantities" in en
    assert "hotline" not in zh and "热线号码" not in en


def test_under_the_chart_a_long_series_lists_its_latest_values_and_links_to_the_table(make_data_dir):
    from indicators.dataset import load_dataset
    from indicators.formatting import NumberStyle
    from layouts.components.chart_panel import PROVENANCE_PER_INDICATOR, build_provenance
    from layouts.view_state import ViewState

    lines = [
        f"  - {{indicator: high_tech, source: base-source, period: '{year}', value: {year - 1990},"
        f" qualifier: exact, quote: 第{year}年}}"
        for year in range(2000, 2021)
    ]
    dataset = load_dataset(make_data_dir({"sources/many.yaml": "observations:\n" + "\n".join(lines) + "\n"}))
    state = ViewState(tab="chart", indicators=("high_tech",), lang="en")
    parts = build_provenance(dataset, ["high_tech"], state, NumberStyle.MYRIAD, "zh")
    listed = parts[1].children
    drawn = len(dataset.rows_of(["high_tech"]))
    assert len(listed) == PROVENANCE_PER_INDICATOR < drawn
    assert "第2020年" in texts(listed) and "第2000年" not in texts(listed)  # the latest, not the first
    more = parts[2]
    assert f"{drawn - PROVENANCE_PER_INDICATOR} earlier values" in texts(more)
    link = more.children[1]
    assert link.href.startswith("/?") and "tab=table" in link.href and "ind=high_tech" in link.href


def test_under_the_chart_every_curated_value_of_the_article_is_listed(server):
    notes = page(server, "?tab=chart&ind=enforcement_items,enforcement_domains")["chart"]["notes"]
    assert "earlier values" not in texts(notes) and "较早的数值" not in texts(notes)


def test_the_table_tab_lists_at_most_its_page_of_rows_and_says_where_the_rest_are(make_data_dir, monkeypatch):
    from indicators.dataset import load_dataset
    from indicators.formatting import NumberStyle
    from layouts.components import table as components
    from layouts.view_state import ViewState

    lines = [
        f"  - {{indicator: high_tech, source: base-source, period: '{year}', value: {year - 1990},"
        f" qualifier: exact, quote: 第{year}年}}"
        for year in range(2000, 2021)
    ]
    dataset = load_dataset(make_data_dir({"sources/many.yaml": "observations:\n" + "\n".join(lines) + "\n"}))
    monkeypatch.setattr(components, "TABLE_ROWS_SHOWN", 10)
    parts = components.build_table(dataset, ViewState(tab="table", lang="en"), NumberStyle.MYRIAD)
    total = len(dataset.all_observations)
    assert f"({total} rows)" in texts(parts[1])
    # After the table of indicators: the heading of the observations, the notice, their table.
    assert f"The first 10 of {total} rows are listed" in texts(parts[6])
    table = parts[7].children
    assert len(table.children[2].children) == 10
    monkeypatch.setattr(components, "TABLE_ROWS_SHOWN", total)
    whole = components.build_table(dataset, ViewState(tab="table", lang="en"), NumberStyle.MYRIAD)
    assert "rows are listed" not in texts(whole)
    assert len(whole[-1].children.children[2].children) == total
