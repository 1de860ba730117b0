"""The production command publishes the data before it serves, and serves only what was published."""

from __future__ import annotations

import os

from cli.serve import publish_if_changed, published_from
from indicators import snapshot as snap
from tests.test_snapshot import BROKEN


def test_serve_publishes_a_folder_that_changed_and_leaves_an_unchanged_one_alone(make_data_dir, capsys):
    data_dir = make_data_dir()
    snapshot = data_dir.parent / "data.snapshot"
    assert not published_from(snapshot, data_dir)
    assert publish_if_changed(data_dir) == 0
    first = snap.read_info(snapshot)
    assert published_from(snapshot, data_dir)
    assert publish_if_changed(data_dir) == 0
    assert "built from the data files as they are now" in capsys.readouterr().out
    assert snap.read_info(snapshot).built_at == first.built_at  # not built again
    # A file edited (even to the same size) is another file: the folder is published again.
    path = sorted(data_dir.rglob("*.yaml"))[0]
    stamp = path.stat()
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 1_000_000_000))
    assert not published_from(snapshot, data_dir)
    assert publish_if_changed(data_dir) == 0
    assert published_from(snapshot, data_dir)


def test_a_refused_build_keeps_serving_what_was_published_before(make_data_dir, capsys):
    data_dir = make_data_dir()
    snapshot = data_dir.parent / "data.snapshot"
    assert publish_if_changed(data_dir) == 0
    version = snap.read_info(snapshot).version
    for relative, text in BROKEN.items():
        target = data_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert publish_if_changed(data_dir) == 0
    assert "serving the snapshot published before" in capsys.readouterr().err
    assert snap.read_info(snapshot).version == version


def test_nothing_published_and_a_refused_build_is_an_error(make_data_dir, capsys):
    data_dir = make_data_dir(BROKEN)
    assert publish_if_changed(data_dir) == 1
    assert "nothing is published to serve" in capsys.readouterr().err
    assert not (data_dir.parent / "data.snapshot").exists()
