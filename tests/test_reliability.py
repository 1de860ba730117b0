"""Reliability: a fresh worker's first requests, the production command, and the probes run briefly (slow)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import urllib.error
import urllib.request

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
        sys.executable, "-m", "probes", "soak", "--clients", "5", "--seconds", "5", "--warmup", "1",
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


def _probe(tmp_path, *args: str) -> dict:
    """Run ``python -m probes ...`` with ``--json``; its results (any exit code: timings are not asserted)."""
    data = tmp_path / "probe.json"
    done = subprocess.run(
        [sys.executable, "-m", "probes", *args, "--json", str(data)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode in (0, 1), done.stdout[-2000:] + done.stderr[-3000:]
    return json.loads(data.read_text(encoding="utf-8"))


@pytest.mark.slow
def test_slow_and_idle_clients_cost_the_production_stack_nothing(tmp_path):
    # gunicorn alone: 16 clients sending headers a byte a second took /healthz down (26/26 timed out).
    # Behind nginx (the production command) every probe is answered; the full run is the probe's own.
    [result] = _probe(
        tmp_path, "slow-clients", "--slow-headers", "16", "--slow-bodies", "16", "--idle", "16",
        "--seconds", "6", "--quiet-seconds", "1", "--load-seconds", "0",
    )  # fmt: skip
    assert result["stack"] == "production" and "nginx" in result["servers"]
    assert result["hostile_opened"] == {"slow headers": 16, "slow bodies": 16, "idle": 16}
    for kind in ("healthz", "callback"):
        row = result["under_attack"][kind]
        assert row["probes"] >= 5 and row["failed"] == 0, row


@pytest.mark.slow
def test_a_replica_killed_under_load_fails_only_what_was_in_flight(tmp_path):
    report = _probe(tmp_path, "replica-kill", "--clients", "4", "--seconds", "8")
    assert report["requests"] > 20
    assert report["failed_otherwise"] == [] and report["after_failed"] == 0
    assert len(report["failed_in_flight"]) <= report["in_flight_at_kill"]


@pytest.mark.slow
def test_a_file_caught_mid_write_is_never_served_in_production(tmp_path):
    # Published mode (the production command's): the servers never read the YAML; the folder is
    # published again once the write is over, and the readers go on across the switch.
    report = _probe(tmp_path, "stalled-write", "--stall", "3", "--seconds", "8", "--before", "2", "--clients", "2")
    assert report["data_mode"] == "published" and report["published_after_write"] is True
    assert report["csv_answers"] > 10 and report["partial"] == [], report["partial"][:5]
    assert report["rows_after"] == report["whole_rows"] and report["health_not_ok"] == []


@pytest.mark.slow
def test_the_production_command_serves_through_nginx_and_stops_whole(tmp_path):
    from benchmarks.local_server import free_port, wait_until_answers

    port, backend = free_port(), free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "BACKEND_PORT": str(backend), "WEB_CONCURRENCY": "1"}
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "indicators", "serve"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        status, body = wait_until_answers(f"http://127.0.0.1:{port}/healthz", process, log, 90, lambda s, _: s != 502)
        health = json.loads(body)
        assert status == 200 and health["status"] == "ok" and health["mode"] == "published", health
        # A 5 MB chunked body is refused by nginx before gunicorn sees it.
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/_dash-update-component", data=iter([b"x" * 65536] * 80), method="POST",
            headers={"Content-Type": "application/json", "Transfer-Encoding": "chunked"},
        )  # fmt: skip
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        assert refused.value.code == 413
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(60)
    assert code == 0, log.read_text(errors="replace")[-3000:]
    with pytest.raises(OSError):  # nothing listens any more, nginx nor gunicorn
        socket.create_connection(("127.0.0.1", port), timeout=2)
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", backend), timeout=2)


def test_the_shipped_nginx_configuration_is_valid(tmp_path):
    from cli.serve import nginx_config, nginx_executable, runtime_folder

    nginx = nginx_executable()
    if nginx is None:
        pytest.skip("nginx is not installed (./dev.sh test installs it)")
    folder = runtime_folder()
    try:
        config = folder / "nginx.conf"
        config.write_text(nginx_config("127.0.0.1:1", ["127.0.0.1:2", "127.0.0.1:3"], folder), encoding="utf-8")
        done = subprocess.run(
            [nginx, "-t", "-p", str(folder), "-c", str(config), "-e", "stderr"],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert done.returncode == 0, done.stderr
        assert "include " + str(ROOT / "deploy" / "nginx-proxy.conf") in config.read_text(encoding="utf-8")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
