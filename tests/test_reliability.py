"""Reliability: a fresh worker's first requests, and the load/soak/fault script run briefly (slow)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import ROOT

FRESH_PROCESS = textwrap.dedent(
    """
    import json, sys, threading
    import app

    # The callback that draws the chart (the page callback), built from the app's callback map.
    chart = next((output for output in app.app.callback_map if "...chart.figure..." in output), None)
    print("registered before any request:", chart is not None, flush=True)
    spec = app.app.callback_map[chart]
    props = lambda items: [
        {"id": i["id"], "property": i["property"], "value": "?tab=chart&ind=enforcement_items" if i["id"] == "url" else None}
        for i in items
    ]
    body = {
        "output": chart,
        "outputs": [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in chart.strip(".").split("...")],
        "inputs": props(spec["inputs"]),
        "changedPropIds": ["url.search"],
        "state": props(spec["state"]),
    }
    barrier, statuses = threading.Barrier(8), []

    def first_request():
        client = app.server.test_client()
        barrier.wait()
        statuses.append(client.post("/_dash-update-component", json=body).status_code)

    threads = [threading.Thread(target=first_request) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print("statuses:", json.dumps(sorted(statuses)))
    """
)


def test_a_fresh_process_answers_its_first_concurrent_callbacks():
    # Dash copies `dash.callback` registrations into the app in a before_request hook that marks itself
    # done before it is done: concurrent first requests of a fresh gunicorn worker (at boot, after
    # max_requests, after a crash) got 500 "Callback function not found". Found by the soak.
    out = subprocess.run(
        [sys.executable, "-c", FRESH_PROCESS], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    ).stdout
    assert "registered before any request: True" in out
    assert json.loads(out.split("statuses:", 1)[1]) == [200] * 8


@pytest.mark.slow
def test_soak_script_runs_briefly_with_its_faults(tmp_path):
    out, data = tmp_path / "reliability.md", tmp_path / "soak.json"
    out.write_text("# Reliability\n\nKept text.\n", encoding="utf-8")
    command = [
        sys.executable, "-m", "tests.load.soak", "--clients", "5", "--seconds", "5", "--warmup", "1",
        "--fault-seconds", "4", "--out", str(out), "--json", str(data),
    ]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode in (0, 1), done.stderr[-3000:]  # 1: a target missed (no timing targets are asserted)
    report = json.loads(data.read_text(encoding="utf-8"))
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Reliability\n\nKept text.\n")
    for heading in ("### Load: 5 clients", "| kind | requests | errors |", "### Memory", "### Fault: a worker killed"):
        assert heading in text
    assert {row["name"] for row in report["soak"]["by_kind"]} == {"page", "callback", "csv", "image"}
    assert report["soak"]["total_requests"] > 0 and report["memory_samples"]
    kill = report["worker_kill"]
    assert kill["replacement"] is not None and not kill["errors_outside_window"]
    assert all(result["status"] == 200 for result in kill["answered_after"])
    chromium = report["chromium_kill"]
    assert [case["next_image"]["status"] for case in chromium["cases"]] == [200, 200]
    assert all(result["status"] == 200 for result in chromium["answered_after"])
    assert not report["shutdown"]["processes_left"]
