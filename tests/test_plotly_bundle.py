"""The plotly.js the page loads: the basic bundle set-up installs, its fallback, and that it draws every chart kind."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import plotly
import plotly.graph_objects as go
import pytest
from flask import Flask

from indicators import load_dataset
from layouts.chart_view import view_figure
from layouts.charts import CHART_KINDS
from layouts.charts.style import ChartOptions
from layouts.view_state import Tab, ViewState
from server import plotly_bundle as pb
from tests.conftest import DATA_DIR, ROOT

CHARTS_DIR = ROOT / "layouts" / "charts"


def fake_vendor(tmp_path: Path, version: str = "4.1.1", traces: tuple[str, ...] = ("scatter", "bar")) -> Path:
    package = tmp_path / "node_modules" / pb.PACKAGE
    package.mkdir(parents=True)
    (package / "package.json").write_text(json.dumps({"name": pb.PACKAGE, "version": version}), encoding="utf-8")
    modules = ",".join(f'{{moduleType:"trace",name:"{name}",basePlotModule:x}}' for name in traces)
    (package / pb.BUNDLE_FILE).write_text(f"window.Plotly={{}};var m=[{modules}];", encoding="utf-8")
    return tmp_path / "node_modules"


def test_an_installed_bundle_is_served_at_a_versioned_url_cached_for_good(tmp_path, caplog):
    vendor = fake_vendor(tmp_path)
    server = Flask("bundle-test")
    scripts = pb.register_plotly_bundle(server, vendor)
    bundle = pb.basic_bundle(vendor)
    assert (
        bundle is not None
        and scripts == [{"src": "/vendor/plotly-basic-4.1.1.min.js"}]
        and bundle.url == scripts[0]["src"]
    )
    response = server.test_client().get(bundle.url)
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == pb.IMMUTABLE and response.get_data().startswith(b"window.Plotly")
    assert pb.trace_types(bundle.path) == {"scatter", "bar"}
    assert pb.served_bundle(vendor) == bundle.path


def test_without_the_bundle_the_page_loads_dashs_full_one_and_the_log_says_so(tmp_path, capsys):
    server = Flask("no-bundle-test")
    assert pb.register_plotly_bundle(server, tmp_path / "node_modules") == []
    assert pb.served_bundle(tmp_path / "node_modules") == pb.FULL_BUNDLE
    logged = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    assert any(line["level"] == "warning" and "basic bundle missing" in line["event"] for line in logged)
    assert not [rule for rule in server.url_map.iter_rules() if rule.rule.startswith("/vendor/")]


@pytest.mark.parametrize(
    "package_json", ['{"name": "x"}', "not json", '{"version": "../../etc"}', '{"version": 5}', ""]
)
def test_a_broken_install_counts_as_missing(tmp_path, package_json):
    vendor = fake_vendor(tmp_path)
    (vendor / pb.PACKAGE / "package.json").write_text(package_json, encoding="utf-8")
    assert pb.basic_bundle(vendor) is None


def test_another_version_than_plotly_pys_is_served_with_a_warning(tmp_path, capsys):
    pb.register_plotly_bundle(Flask("old-bundle-test"), fake_vendor(tmp_path, version="3.0.0"))
    assert "another version" in capsys.readouterr().err


def test_the_pinned_bundle_is_the_plotly_js_that_plotly_py_and_dash_ship():
    pinned = json.loads((ROOT / "vendor" / "package.json").read_text(encoding="utf-8"))["dependencies"][pb.PACKAGE]
    locked = json.loads((ROOT / "vendor" / "package-lock.json").read_text(encoding="utf-8"))
    entry = locked["packages"][f"node_modules/{pb.PACKAGE}"]
    assert entry["version"] == pinned and entry["integrity"].startswith("sha512-")
    # The figures plotly.py writes are for its own plotly.js: the same major version draws them alike
    # (the app logs a warning for any other difference).
    assert pinned.split(".")[0] == plotly.offline.get_plotlyjs_version().split(".")[0]


def test_the_app_serves_the_installed_bundle(dash_app):
    bundle = pb.basic_bundle()
    if bundle is None:
        pytest.skip("set-up has not installed vendor/node_modules (./dev.sh does): the full bundle is served")
    page = dash_app.server.test_client().get("/").get_data(as_text=True)
    assert f'<script src="{bundle.url}"></script>' in page
    # Before the component libraries, so dcc.Graph finds window.Plotly; before the zh-CN locale asset.
    scripts = re.findall(r'<script src="([^"]+)"', page)
    ours = scripts.index(bundle.url)
    assert ours < min(n for n, src in enumerate(scripts) if "dash_core_components" in src or "locale" in src)
    assert [src for src in scripts if "plotly" in src and "locale" not in src] == [bundle.url]


def _drawn_trace_types() -> set[str]:
    """The trace types of every figure the chart kinds draw from the curated data (each kind, each indicator
    it fits, and a blank chart); the language changes the words, not the traces."""
    dataset = load_dataset(DATA_DIR)
    found: set[str] = set()
    for kind in CHART_KINDS.values():
        for indicator_id in dataset.indicators.index:
            if kind.applies(dataset, [indicator_id]):
                figure = kind.draw(dataset, [indicator_id], "zh", ChartOptions(as_dict=True))
                found |= {trace.get("type", "scatter") for trace in figure["data"]}
    blank = view_figure(dataset, ViewState(tab=Tab.CHART), as_dict=True).figure
    return found | {trace.get("type", "scatter") for trace in blank["data"]}


def _trace_types_in_source() -> set[str]:
    """Trace types the chart modules can write: ``go.<Trace>(`` and ``"type": "<trace>"`` in a trace's dict."""
    trace_classes = {
        name for name in dir(go) if isinstance(getattr(go, name), type) and hasattr(getattr(go, name), "_path_str")
    }
    found: set[str] = set()
    for path in CHARTS_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "go":
                if node.attr in trace_classes and node.attr not in ("Figure", "Layout", "Frame"):
                    found.add(getattr(go, node.attr)().type)
            if isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    if isinstance(key, ast.Constant) and key.value == "type" and isinstance(value, ast.Constant):
                        if value.value in pb.trace_types(pb.FULL_BUNDLE):  # a trace's type, not a shape's
                            found.add(value.value)
    return found


def test_every_trace_type_the_chart_kinds_draw_is_in_the_bundle_the_page_loads():
    """A new chart kind drawing another trace type (a heatmap, a sankey) fails here, loudly."""
    served = pb.trace_types(pb.served_bundle())
    assert {"scatter", "bar"} <= served
    drawn, written = _drawn_trace_types(), _trace_types_in_source()
    assert "scatter" in drawn and "scatter" in written
    missing = (drawn | written) - served
    assert not missing, (
        f"the chart kinds draw {sorted(missing)}, which {pb.served_bundle().name} lacks: use a trace type of "
        f"{sorted(served)}, or serve a bundle that has it (vendor/package.json, server/plotly_bundle.py)"
    )


def test_the_trace_list_is_read_from_a_real_bundle():
    full = pb.trace_types(pb.FULL_BUNDLE)
    assert {"scatter", "bar", "pie", "heatmap", "sankey", "scattergeo"} <= full and len(full) > 30
    basic = pb.basic_bundle()
    if basic is not None:
        assert pb.trace_types(basic.path) == {"scatter", "bar", "pie"}
