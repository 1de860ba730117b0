"""The shared helpers that start servers for the browser tests, the soak script and the benchmarks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.local_server import ServerStartError, free_port, wait_until_answers


def _server(tmp_path: Path, script: str) -> tuple[subprocess.Popen, Path]:
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-c", script], stdout=out, stderr=subprocess.STDOUT)
    return process, log


def test_a_server_that_exits_is_reported_with_the_end_of_its_log(tmp_path):
    process, log = _server(tmp_path, "print('bad config: port taken'); raise SystemExit(3)")
    with pytest.raises(ServerStartError, match=r"(?s)exited with code 3.*bad config: port taken"):
        wait_until_answers(f"http://127.0.0.1:{free_port()}/healthz", process, log, timeout=30)


def test_any_status_is_an_answer_and_ready_decides(tmp_path):
    port = free_port()
    script = (
        "import http.server\n"
        "class H(http.server.BaseHTTPRequestHandler):\n"
        "    def do_GET(self):\n"
        "        self.send_response(503); self.send_header('Content-Length', '8'); self.end_headers()\n"
        "        self.wfile.write(b'degraded')\n"
        f"http.server.HTTPServer(('127.0.0.1', {port}), H).serve_forever()\n"
    )
    process, log = _server(tmp_path, script)
    try:
        url = f"http://127.0.0.1:{port}/healthz"
        assert wait_until_answers(url, process, log, timeout=30) == (503, b"degraded")
        with pytest.raises(ServerStartError, match=r"not ready within 1 s \(last answer 503\)"):
            wait_until_answers(url, process, log, timeout=1, ready=lambda status, _: status == 200)
    finally:
        process.kill()
        process.wait()


def test_a_port_taken_before_the_server_bound_it_is_told_apart_from_other_failures():
    taken = "the server exited with code 1:\n[ERROR] connection to ('127.0.0.1', 41479) failed: [Errno 98] Address already in use"
    assert ServerStartError(taken).port_taken
    assert not ServerStartError("the server exited with code 3:\nImportError: no module named app").port_taken
