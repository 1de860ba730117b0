"""The heavy lane (server/heavy.py): bounded turns for images and decks, shared by processes, 503 when full."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from outputs import images
from server import heavy
from server.heavy import Lane, LaneFull


def test_one_runs_one_waits_and_the_next_is_refused_at_once(tmp_path):
    lane = Lane(concurrency=1, queue=1, max_wait=10, folder=tmp_path)
    running, release, order = threading.Event(), threading.Event(), []

    def first():
        with lane.slot():
            order.append("first")
            running.set()
            release.wait(10)

    def second():
        with lane.slot():
            order.append("second")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    threads[0].start()
    assert running.wait(5)
    threads[1].start()
    time.sleep(0.3)  # the second is waiting now
    started = time.monotonic()
    with pytest.raises(LaneFull), lane.slot():
        pass
    assert time.monotonic() - started < 1  # refused at once, not after the wait
    release.set()
    for thread in threads:
        thread.join(10)
    assert order == ["first", "second"]
    with lane.slot():  # every turn is free again
        pass
    assert lane.refused == 1


def test_a_waiting_job_gives_up_after_the_longest_wait(tmp_path):
    lane = Lane(concurrency=1, queue=1, max_wait=0.3, folder=tmp_path)
    with lane.slot():
        started = time.monotonic()
        with pytest.raises(LaneFull, match="waited"), lane.slot():
            pass
        assert 0.3 <= time.monotonic() - started < 3


def test_the_lane_is_shared_by_processes_and_a_killed_one_frees_its_turn(tmp_path):
    # gunicorn's workers are processes forked after the app (and its lane) is loaded.
    lane = Lane(concurrency=1, queue=0, max_wait=0, folder=tmp_path)
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child
        try:
            with lane.slot():
                os.write(write, b"x")
                time.sleep(60)
        finally:
            os._exit(0)
    try:
        assert os.read(read, 1) == b"x"
        with pytest.raises(LaneFull), lane.slot():
            pass
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
        with lane.slot():  # the kernel released the dead worker's lock
            pass
    finally:
        os.close(read)
        os.close(write)


@pytest.fixture
def full_lane(monkeypatch, tmp_path):
    """A lane with no turn at all: every heavy request is refused."""
    monkeypatch.setattr(heavy, "LANE", Lane(concurrency=0, queue=0, folder=tmp_path))


@pytest.mark.parametrize(
    ("path", "lang", "message"),
    [
        ("/chart/enforcement_items.png?lang=en", "en", "please try again in 5 seconds"),
        ("/chart/enforcement_items.svg", "zh", "请 5 秒后再试"),
        ("/briefing.pptx?lang=en", "en", "please try again in 5 seconds"),
        ("/briefing.pptx?ind=enforcement_items&lang=zh", "zh", "请 5 秒后再试"),
    ],
)
def test_a_full_lane_is_a_503_with_retry_after_in_the_pages_language(
    server, full_lane, monkeypatch, path, lang, message
):
    def no_drawing(*_args, **_kwargs):
        raise AssertionError("nothing is drawn when the lane is full")

    monkeypatch.setattr(images, "figure_image", no_drawing)
    response = server.test_client().get(path)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(heavy.RETRY_AFTER_S)
    assert response.headers["Cache-Control"] == "no-store"
    assert message in response.get_data(as_text=True)


def test_images_are_drawn_within_the_lane(server, monkeypatch, tmp_path):
    lane = Lane(concurrency=1, queue=0, folder=tmp_path)
    monkeypatch.setattr(heavy, "LANE", lane)
    seen = []

    def drawing(*_args, **_kwargs):
        with pytest.raises(LaneFull), lane.slot():  # the route holds the only turn while it draws
            pass
        seen.append(True)
        return b"\x89PNG\r\n\x1a\n"

    monkeypatch.setattr(images, "figure_image", drawing)
    response = server.test_client().get("/chart/enforcement_items.png")
    assert response.status_code == 200 and seen == [True]
