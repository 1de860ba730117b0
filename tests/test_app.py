"""The app without a browser: callbacks called directly, routes through Flask's test client."""

from __future__ import annotations

import json
from contextvars import copy_context

from dash import no_update
from dash._callback_context import context_value
from dash._utils import AttributeDict

from callbacks.chart import update_chart
from callbacks.context import SETTINGS_KEY
from callbacks.controls import sync_controls
from callbacks.page import update_page
from layouts.ids import Ids


def run_callback(server, func, *args, triggered: list[str] | None = None):
    """Call a callback as Dash would: inside a request, with the triggering inputs set."""

    def call():
        context_value.set(AttributeDict(triggered_inputs=[{"prop_id": p, "value": None} for p in (triggered or [])]))
        return func(*args)

    with server.test_request_context("/_dash-update-component", method="POST"):
        return copy_context().run(call)


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
    outputs = run_callback(server, update_page, "", None)
    state, _header, _nav, notices, _footer, overview, *_ = outputs
    assert state["lang"] == "zh" and state["tab"] == "overview"
    text = texts(overview)
    assert "国家高新技术企业" in text and "105家" in text and "对比" in text and "+58家（+123.4%）" in text
    assert "至少1000起" in text and "约2倍" in text
    links = json.dumps(overview, default=lambda o: o.to_plotly_json())
    import indicators

    dataset = indicators.load_dataset(server.config[SETTINGS_KEY].data_dir)
    for indicator_id in dataset.indicators.index:
        assert f"ind={indicator_id}" in links, f"{indicator_id} is not reachable from the overview"
    assert notices == []


def test_english_page_and_hidden_panels(server):
    outputs = run_callback(server, update_page, "?lang=en&tab=sources", None)
    state, header, _nav, _notices, _footer, overview, _table, sources, *hidden = outputs[:12]
    assert state["lang"] == "en"
    assert "Longgang reform indicators" in texts(header) and "中文" in texts(header)
    assert hidden == [True, True, True, False]
    assert overview == [] and "Quotes taken from it" in texts(sources)


def test_invalid_parameters_show_a_notice_not_an_error(server):
    outputs = run_callback(
        server, update_page, "?tab=nope&ind=national_high_tech_enterprises,evil<script>&lang=xx", None
    )
    notices = texts(outputs[3])
    assert (
        "未知页面“nope”已忽略" in notices
        and "未知指标“evil<script>”已忽略" in notices
        and "未知语言“xx”已忽略" in notices
    )


def test_same_language_update_sends_only_what_changed(server):
    outputs = run_callback(server, update_page, "?tab=chart&ind=enforcement_items", {"lang": "zh", "tab": "overview"})
    assert outputs[4] is no_update  # footer unchanged
    assert outputs[12] is no_update  # dropdown options unchanged


def test_chart_callback_draws_the_chosen_indicator_with_provenance(server):
    figure, config, notes = run_callback(server, update_chart, "?tab=chart&ind=enforcement_items")
    assert "综合行政执法事项" in figure.layout.title.text
    assert config["locale"] == "zh-CN" and config["toImageButtonOptions"]["scale"] == 2
    assert "执法事项从318项拓展到2681项" in texts(notes)
    figure, config, notes = run_callback(server, update_chart, "?tab=chart&ind=above_scale_enterprises&lang=en")
    assert "index" in figure.layout.title.text and config["locale"] == "en"
    assert run_callback(server, update_chart, "?tab=overview") == (no_update, no_update, no_update)


def test_chart_callback_before_after_and_mixed_units(server):
    figure, _, notes = run_callback(server, update_chart, "?tab=chart&ind=enforcement_domains&view=before-after")
    assert "设市前后" in figure.layout.title.text
    figure, _, notes = run_callback(server, update_chart, "?tab=chart&ind=enforcement_domains,enforcement_items")
    assert "单位不同" in texts(notes)


def test_controls_follow_the_url_and_the_url_follows_the_controls(server):
    url_out, chosen, years, view = run_callback(
        server,
        sync_controls,
        "?tab=chart&ind=enforcement_items&from=2020",
        [],
        [2019, 2022],
        "trend",
        triggered=[f"{Ids.URL}.search"],
    )
    assert (url_out, chosen, years, view) == (no_update, ["enforcement_items"], [2020, 2022], "trend")
    url_out, *rest = run_callback(
        server,
        sync_controls,
        "?tab=chart&ind=enforcement_items",
        ["enforcement_items", "enforcement_domains"],
        [2019, 2022],
        "trend",
        triggered=[f"{Ids.INDICATOR_SELECT}.value"],
    )
    assert url_out == "?tab=chart&ind=enforcement_items,enforcement_domains" and rest == [no_update] * 3
    url_out, *_ = run_callback(
        server,
        sync_controls,
        "?tab=chart&ind=x",
        ["<script>", 5, "enforcement_items"],
        ["a", None],
        "3d",
        triggered=[f"{Ids.INDICATOR_SELECT}.value"],
    )
    assert url_out == "?tab=chart&ind=enforcement_items"


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
    outputs = run_callback(server, update_page, "", None)
    assert "部分数据未能载入" in texts(outputs[3]) and "bad.yaml:2" in texts(outputs[3])
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
    assert run_callback(server, update_page, {"evil": 1}, "not a dict")[0]["tab"] == "overview"
    url_out, *_ = run_callback(
        server, sync_controls, "?tab=chart", "enforcement_items", {"a": 1}, ["x"], triggered=[f"{Ids.VIEW_MODE}.value"]
    )
    assert url_out in (no_update, "?tab=chart")


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


def test_first_load_leaves_the_dropdown_options_of_the_shell_alone(server):
    # The layout already holds them in the default language; a page in another language needs its own.
    assert run_callback(server, update_page, "?tab=chart&ind=enforcement_items", None)[12] is no_update
    options = run_callback(server, update_page, "?tab=chart&ind=enforcement_items&lang=en", None)[12]
    assert options is not no_update and any("enforcement" in json.dumps(o) for o in options)


def test_provenance_lists_the_latest_values_of_each_indicator_and_links_to_the_table(server, monkeypatch):
    from layouts import components

    _, _, full = run_callback(server, update_chart, "?tab=chart&ind=enforcement_items")
    items = next(n for n in full if getattr(n, "className", None) == "provenance").children
    assert len(items) >= 2 and "数据表" not in texts(full[-1])
    monkeypatch.setattr(components, "PROVENANCE_PER_INDICATOR", 1)
    _, _, notes = run_callback(server, update_chart, "?tab=chart&ind=enforcement_items")
    shown = next(n for n in notes if getattr(n, "className", None) == "provenance").children
    assert len(shown) == 1 and texts(shown[0]) == texts(items[-1])  # the latest one
    more = notes[-1]
    assert f"另有{len(items) - 1}个数值" in texts(more)
    assert more.children[-1].href == "/?tab=table&ind=enforcement_items"
