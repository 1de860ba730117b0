"""Browser tests: the real app under gunicorn, driven by Debian's headless Chromium through Playwright.

Every test collected under tests/browser/ is marked `browser`, so `pytest -m browser` runs them alone
and `pytest -m "not browser"` leaves them out.

Fixtures:
    live_server   base URL of one app server on the repository's data/ (or the `data_dir` fixture).
    start_server  factory `start_server(data_dir) -> url` for a server on other data (a broken folder).
    browser       one Chromium for the session; fails, never skips, when Chromium is missing.
    page          a fresh context and page per test (1280x720, zh-CN); a failing test leaves a
                  screenshot in tests/browser/artifacts/<test name>.png.

Playwright never downloads a browser here: it starts the system's /usr/bin/chromium.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from benchmarks.local_server import (
    CHROMIUM_ARGS,
    ServerStartError,
    chromium_executable,
    free_port,
    stop,
    wait_until_answers,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

BROWSER_TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = BROWSER_TESTS_DIR.parents[1]
ARTIFACTS_DIR = BROWSER_TESTS_DIR / "artifacts"

SERVER_START_TIMEOUT_S = 60
#: How long `expect(...)` waits for the page to reach the state a test expects.
EXPECT_TIMEOUT_MS = 20_000

_REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # tryfirst: the mark is in place before `-m` deselects. This hook sees every item of the session,
    # hence the path check.
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS_DIR):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[pytest.TestReport]:
    # Keeps each phase's report on the item, so that `page` can tell at teardown whether the test failed.
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


def _wait_until_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    """Wait until /healthz answers at all (a degraded 503 counts: broken data is a valid state)."""
    try:
        wait_until_answers(f"{url}/healthz", process, log, SERVER_START_TIMEOUT_S)
    except ServerStartError as error:
        pytest.fail(f"the app server at {url}: {error}", pytrace=False)


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The data folder `live_server` serves; override this fixture to serve another one."""
    return REPO_ROOT / "data"


@pytest.fixture(scope="session")
def start_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[Path], str]]:
    """Returns `start(data_dir) -> base URL`; every server it started is stopped at the end of the session.

    Each server is `gunicorn app:server` with one worker, run from the repository root (so it also reads
    gunicorn.conf.py, whose workers and bind the command line overrides), with REFORM_DATA_DIR set.
    """
    processes: list[subprocess.Popen] = []

    def start(data_dir: Path) -> str:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        log = tmp_path_factory.mktemp("server") / "gunicorn.log"
        env = {**os.environ, "REFORM_DATA_DIR": str(Path(data_dir).resolve()), "PYTHONUNBUFFERED": "1"}
        command = [
            sys.executable, "-m", "gunicorn", "--no-control-socket",
            "-w", "1", "-b", f"127.0.0.1:{port}", "app:server",
        ]  # fmt: skip
        with log.open("wb") as out:
            process = subprocess.Popen(
                command, cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        processes.append(process)
        try:
            _wait_until_healthy(url, process, log)
        except BaseException:
            stop(process, timeout=10)
            raise
        return url

    yield start
    for process in processes:
        stop(process, timeout=10)


@pytest.fixture(scope="session")
def live_server(start_server: Callable[[Path], str], data_dir: Path) -> str:
    """Base URL (no trailing slash) of the app serving `data_dir`, shared by the whole session."""
    return start_server(data_dir)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, started once per session by Playwright (which downloads nothing)."""
    executable = chromium_executable()
    if executable is None:
        pytest.fail(
            "Chromium is not installed (Debian package `chromium`): run ./dev.sh test, which installs it.",
            pytrace=False,
        )
    from playwright.sync_api import expect, sync_playwright

    # A view appears after the layout, the dependencies and its callbacks have answered: on a busy 2-core
    # machine a fresh server's first view took over Playwright's default 5 s. What is expected is the same.
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=list(CHROMIUM_ARGS))
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh page in its own context; on failure its screenshot goes to tests/browser/artifacts/."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="zh-CN")
    new_page = context.new_page()
    yield new_page
    try:
        report = request.node.stash.get(_REPORTS, {}).get("call")
        if report is not None and report.failed:
            ARTIFACTS_DIR.mkdir(exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", request.node.name)
            new_page.screenshot(path=ARTIFACTS_DIR / f"{name}.png", full_page=True)
    finally:
        context.close()
