"""``python -m indicators validate|export``."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pandas as pd

from cli.main import main
from indicators.tables import TIDY_COLUMNS
from tests.conftest import DATA_DIR, ROOT

REQUIRED_COLUMNS = [
    "indicator_id", "indicator_name_zh", "indicator_name_en", "category", "period_start", "period_end",
    "value", "unit", "qualifier", "source_id", "source_url", "quote",
]  # fmt: skip


def test_validate_passes_on_the_curated_data(capsys):
    assert main(["validate", str(DATA_DIR)]) == 0
    out = capsys.readouterr().out
    assert "1 sources, 45 indicators (14 derived), 37 observations, 14 derived values, 4 events" in out
    assert "OK: no errors" in out


def test_validate_lists_every_error_and_exits_1(make_data_dir, capsys):
    data_dir = make_data_dir(
        {
            "bad.yaml": """
            observations:
              - {id: a, indicator: nope, source: base-source, period: "2022", value: 1, qualifier: exact, quote: q}
              - {id: b, indicator: high_tech, source: base-source, period: "2022-13", value: 1, qualifier: more, quote: q}
            """
        }
    )
    assert main(["validate", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert "bad.yaml:2 [a] error: unknown indicator 'nope' in 'indicator'" in err
    assert "bad.yaml:3 [b] error: qualifier 'more' is not allowed" in err
    assert "FAILED: 2 error(s)" in err


def test_export_csv_to_stdout_has_every_figure(capsys):
    assert main(["export", "--format", "csv", "--data-dir", str(DATA_DIR)]) == 0
    frame = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert list(frame.columns) == list(TIDY_COLUMNS)
    assert set(REQUIRED_COLUMNS) <= set(frame.columns)
    assert len(frame) == 37 + 14
    budget = frame.set_index("obs_id").loc["longgang-fabu-2022-08-23:procurement-budget-2022"]
    assert (budget["value"], budget["unit"], budget["qualifier"], budget["period_start"], budget["period_end"]) == (
        130000000,
        "yuan",
        "exact",
        "2022-01-01",
        "2022-12-31",
    )
    doubled = frame.set_index("obs_id").loc["longgang-fabu-2022-08-23:above-scale-doubled"]
    assert (doubled["measure"], doubled["value"], doubled["unit"], doubled["base_period"]) == (
        "ratio_to_base",
        2,
        "times",
        "2019-09-25",
    )


def test_export_to_a_file_for_some_indicators(tmp_path):
    out = tmp_path / "some.csv"
    assert (
        main(
            [
                "export",
                "--out",
                str(out),
                "--indicator",
                "enforcement_items",
                "--indicator",
                "enforcement_domains",
                "--data-dir",
                str(DATA_DIR),
            ]
        )
        == 0
    )
    frame = pd.read_csv(out)
    assert frame[["indicator_id", "value"]].values.tolist() == [
        ["enforcement_items", 318],
        ["enforcement_items", 2681],
        ["enforcement_domains", 9],
        ["enforcement_domains", 31],
    ]


def test_export_unknown_indicator_is_a_clear_error(capsys):
    assert main(["export", "--indicator", "nope", "--data-dir", str(DATA_DIR)]) == 2
    assert "unknown indicator id(s): nope" in capsys.readouterr().err


def test_module_entry_point_runs():
    result = subprocess.run(
        [sys.executable, "-m", "indicators", "validate"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "REFORM_DATA_DIR": str(DATA_DIR)},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "OK: no errors" in result.stdout
