"""The benchmark runs end to end at the article scale (CI smoke test: it must complete; no timings asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from benchmarks import generate
from benchmarks.synthetic.curated_yaml import to_yaml
from benchmarks.synthetic.scales import Scale
from tests.conftest import ROOT


@pytest.mark.slow
def test_article_scale_benchmark_completes_and_writes_the_table(tmp_path: Path):
    out = tmp_path / "results.md"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks",
            "--scale",
            "article",
            "--quick",
            "--out",
            str(out),
            "--work",
            str(tmp_path / "work"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    for heading in ("## Machine", "## Versions", "## Results", "## Targets"):
        assert heading in text
    for measure in (
        "| article | YAML floor",
        "| article | cold load",
        "| article | warm load",
        "peak RSS",
        "CSV export",
    ):
        assert measure in text
    raw = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    values = {m["key"]: m for m in raw["measurements"] if m["scale"] == "article"}
    for key in (
        "chart_callback",
        "chart_callback_p95",
        "chart_callback_points",
        "chart_callback_cached",
        "throughput",
        "throughput_uncached",
        "server_rss",
        "server_rss_total",
        "server_pss",
        "snapshot_build",
        "ready_snapshot",
        "ready_snapshot_first",
        "ready_yaml",
        "replicas_ready",
        "replicas_pss",
        "replicas_throughput",
        "bytes_first_page",
        "bytes_chart_update",
        "bytes_chart_update_fixed",
    ):
        assert values[key]["value"] is not None and values[key]["value"] > 0, key
    for key in ("chart_callback", "chart_callback_points", "throughput", "throughput_uncached", "ready_snapshot"):
        assert values[key]["baseline"] is not None and values[key]["baseline"] > 0, key
    assert "png_export" in values  # None with a note when the machine has no Chromium
    # Timed in Chromium when the machine has it (./dev.sh installs it); otherwise a row saying why.
    paint = values["first_paint"]
    assert (paint["value"] is not None and paint["baseline"]) or paint["note"]
    if paint["value"] is not None:  # the page loaded one plotly.js: the basic bundle ./dev.sh installs
        assert (
            "plotly.js the app's page loaded: plotly-basic-" in paint["note"]
            and "," not in paint["note"].split("loaded: ", 1)[1].split(";", 1)[0]
        )
        assert values["first_paint_basic"]["baseline"] and values["first_paint_warm"]["baseline"]
    switch = values["switch"]
    if switch["value"] is not None:  # one round trip per change (callbacks.page)
        assert "callback requests per switch: 1;" in switch["note"]
    else:  # no Chromium or Playwright: the row says why
        assert switch["note"].startswith("not measured")
    for target in ("chart callback p50", "throughput ≥ 70%", "first chart painted", "switching indicator"):
        assert target in text
    assert "| scale | measure |" in result.stdout


def test_generated_yaml_reads_back_as_the_documents_it_was_written_from():
    scale = Scale("tiny", indicators=60, years=2, groups=3, indicator_files=2)
    documents = generate.build(scale)
    assert sum(len(d.get("observations", [])) for d in documents.values()) >= 60 * 24
    for relative, document in documents.items():
        assert yaml.safe_load(to_yaml(document)) == document, relative


def test_generated_data_validates_with_zero_problems_and_is_deterministic(tmp_path: Path):
    from indicators import load_dataset

    scale = Scale("tiny", indicators=60, years=2, groups=3, indicator_files=2)
    assert generate.build(scale) == generate.build(scale)
    generate.write(generate.build(scale), tmp_path)
    (tmp_path / "catalog").mkdir(exist_ok=True)
    for path in (ROOT / "data").rglob("*.yaml"):
        target = tmp_path / path.relative_to(ROOT / "data")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    dataset = load_dataset(tmp_path)
    assert [str(p) for p in dataset.problems] == []
    assert len(dataset.observations) >= 60 * 24
    assert dataset.derived["indicator_id"].str.startswith(("total_cases_", "positive_list_share_")).any()
    assert set(dataset.observations["qualifier"].astype(str)) == {"exact", "approximately", "at_least", "at_most"}
    assert {"month", "day", "year"} <= set(dataset.observations["precision"])
    assert dataset.observations["value_stated"].str.endswith(("万", "亿")).any()
    assert dataset.observations["conflict"].any() or dataset.observations["alternatives"].gt(0).any()
