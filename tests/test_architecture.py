"""The structure of the house: import contracts (import-linter) and modules of one job each.

The rooms and their rules are described in docs/architecture.md; the contracts themselves are in
pyproject.toml (``[tool.importlinter]``), so a wrong import fails here with the contract's name.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

ROOMS = ("indicators", "layouts", "outputs", "server", "callbacks", "cli")
#: Source modules (not tests) and the longest a module of one job should be.
SOURCE_ROOTS = (*ROOMS, "benchmarks", "probes", "mutation")
MAX_LINES = 500


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; "
               "sys.exit(lint_imports_command())"]  # fmt: skip
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300, check=False)


def test_import_contracts_are_kept():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


@pytest.mark.slow
def test_a_wrong_import_breaks_a_contract_by_name(tmp_path):
    """The contracts really bite: a copy of the rooms where the data core imports Dash fails."""
    for room in ROOMS:
        shutil.copytree(ROOT / room, tmp_path / room, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    (tmp_path / "indicators" / "reaches_up.py").write_text("from layouts import ids  # noqa: F401\nimport dash\n")
    result = _lint_imports(tmp_path)
    assert result.returncode == 1
    assert "Data flows one way" in result.stdout and "BROKEN" in result.stdout
    assert "indicators holds data only" in result.stdout


def _source_modules() -> dict[str, int]:
    lengths = {}
    for root in SOURCE_ROOTS:
        for path in sorted((ROOT / root).rglob("*.py")):
            lengths[path.relative_to(ROOT).as_posix()] = len(path.read_text(encoding="utf-8").splitlines())
    lengths["app.py"] = len((ROOT / "app.py").read_text(encoding="utf-8").splitlines())
    return lengths


def test_modules_hold_one_job_each():
    lengths = _source_modules()
    too_long = {name: n for name, n in lengths.items() if n > MAX_LINES}
    assert not too_long, f"split these modules (at most about {MAX_LINES} lines each): {too_long}"


def test_nothing_imports_the_app_module():
    for room in ROOMS:
        for path in (ROOT / room).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            assert "import app\n" not in text and "from app import" not in text, path
