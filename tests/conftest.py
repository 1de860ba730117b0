"""Shared fixtures: small data directories written to tmp_path, and the project's paths."""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from indicators import clear_cache
from indicators.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
BAD_INPUTS = Path(__file__).resolve().parent / "bad_inputs"
#: Where the texts of the sources are, as configured (config.yaml's texts_dir, ../shared/sources beside
#: the project, or $REFORM_TEXTS_DIR); a user's clone has none, and the tests that need them skip.
TEXTS_DIR = load_settings().texts_dir
#: The article the curated data comes from, as its source names it.
ARTICLE = (TEXTS_DIR or ROOT / "texts") / "000_c816c65f701a0978.txt"


def need_article() -> Path:
    """The article's text; skips the test, saying why, where it is not at hand."""
    if not ARTICLE.is_file():
        pytest.skip(
            f"the source article's text is not at hand ({ARTICLE}); set REFORM_TEXTS_DIR to the folder "
            "holding it to check the curated data against it"
        )
    return ARTICLE


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test loads its data anew (the cache is keyed by folder, and tmp folders are reused)."""
    clear_cache()
    yield
    clear_cache()


@pytest.fixture(scope="session")
def dash_app():
    """The app of app.py (one per process: Dash hands its callbacks to the first app that serves)."""
    import app as app_module

    return app_module.app


@pytest.fixture
def server(dash_app):
    """The app's Flask server; a test may point its settings elsewhere, they are restored after."""
    from server.context import SETTINGS_KEY

    settings = dash_app.server.config[SETTINGS_KEY]
    yield dash_app.server
    dash_app.server.config[SETTINGS_KEY] = settings


@pytest.fixture
def make_data_dir(tmp_path: Path) -> Callable[..., Path]:
    """Build a data directory from the small valid base plus files given as {relative path: YAML text}."""

    def make(files: dict[str, str] | None = None, *, base: bool = True, remove: tuple[str, ...] = ()) -> Path:
        data_dir = tmp_path / "data"
        if data_dir.exists():
            shutil.rmtree(data_dir)
        if base:
            shutil.copytree(BAD_INPUTS / "base", data_dir)
        else:
            data_dir.mkdir()
        for relative in remove:
            (data_dir / relative).unlink()
        for relative, text in (files or {}).items():
            path = data_dir / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return data_dir

    return make


# Property tests (tests/test_properties_*.py): no deadline, since a loader example writes and loads a
# whole data directory and its time varies on a busy machine. The autouse cache fixture above runs once
# per test, not per example; those tests clear the cache themselves. HYPOTHESIS_PROFILE=thorough runs
# many more examples (e.g. before a release, or after changing a parser).
settings.register_profile("project", deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.register_profile("thorough", settings.get_profile("project"), max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "project"))
