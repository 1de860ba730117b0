"""The corpus of broken data: every case reports exactly its expected problems, and nothing crashes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cli.main import main
from indicators import load_dataset
from indicators.yaml_io import MAX_FILE_BYTES
from tests.conftest import BAD_INPUTS, ROOT

CASES = sorted(p for p in (BAD_INPUTS / "cases").iterdir() if p.is_dir())
BASE_OBSERVATIONS = 2


def _overlay(case: Path, tmp_path: Path) -> Path:
    data_dir = tmp_path / "data"
    shutil.copytree(BAD_INPUTS / "base", data_dir)
    shutil.copytree(case, data_dir, dirs_exist_ok=True)
    return data_dir


def test_corpus_is_large_enough():
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_reports_exactly_its_problems(case: Path, tmp_path: Path):
    expected = yaml.safe_load((case / "_expected.yaml").read_text(encoding="utf-8"))
    dataset = load_dataset(_overlay(case, tmp_path))
    reported = [[p.file, p.line, p.record, str(p.severity), p.message] for p in dataset.problems]
    assert reported == expected["problems"]
    assert len(dataset.observations) == expected["observations_loaded"]
    # Every error says what would be right, and the valid records of the base are still served.
    assert all(p.hint for p in dataset.errors)
    assert dataset.errors, "each case must hold at least one error"
    assert {"ht-2019", "ht-now"} <= {i.split(":")[1] for i in dataset.observations["obs_id"]}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_validate_command_exits_1_listing_every_error(case: Path, tmp_path: Path, capsys):
    expected = yaml.safe_load((case / "_expected.yaml").read_text(encoding="utf-8"))
    assert main(["validate", str(_overlay(case, tmp_path))]) == 1
    err = capsys.readouterr().err
    for file, line, _record, severity, message in expected["problems"]:
        if severity == "error":
            assert f"{file}:{line}" in err and message in err
    assert "FAILED" in err


def test_validate_as_a_process_shows_no_traceback(tmp_path: Path):
    data_dir = _overlay(BAD_INPUTS / "cases" / "alias_bomb", tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "indicators", "validate", str(data_dir)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "FAILED" in result.stderr


def test_file_larger_than_the_limit_is_refused_before_parsing(tmp_path: Path):
    data_dir = _overlay(BAD_INPUTS / "base", tmp_path)
    big = data_dir / "huge.yaml"
    line = "# padding padding padding padding padding padding padding padding padding padding\n"
    big.write_text(line * (MAX_FILE_BYTES // len(line) + 10), encoding="utf-8")
    dataset = load_dataset(data_dir)
    assert [(p.file, p.line, p.message) for p in dataset.errors] == [
        ("huge.yaml", 1, "file is 16.0 MiB, larger than the 16 MiB limit; nothing in this file was loaded")
    ]
    assert len(dataset.observations) == BASE_OBSERVATIONS
