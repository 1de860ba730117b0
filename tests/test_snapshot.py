"""Snapshots: the same data as the YAML, written whole or not at all, read back or refused."""

from __future__ import annotations

import dataclasses
import os
import pickle
import shutil
from pathlib import Path

import pandas as pd
import pytest

from cli.main import main
from indicators import arrow_frames, clear_cache, load_dataset
from indicators import snapshot as snap
from indicators.dataset import Dataset, build_dataset
from indicators.documents import DocumentCache, _unpack
from indicators.tables import tidy_frame
from indicators.yaml_io import FileStamp
from layouts.chart_view import view_figure
from layouts.view_state import ViewState
from outputs.writers import csv_bytes
from tests.conftest import DATA_DIR

FRAMES = ("observations", "derived", "all_observations", "indicators", "sources", "events")
#: Views of data/ that between them draw every kind of chart the app has.
VIEWS = (
    ViewState(indicators=("enforcement_items",)),
    ViewState(indicators=("enforcement_items", "enforcement_items_change"), lang="en"),
    ViewState(indicators=("national_high_tech_enterprises", "above_scale_enterprises"), view="before-after"),
    ViewState(indicators=("enforcement_cases",)),  # ratios to a base period: the index chart
    ViewState(indicators=("enforcement_items", "enforcement_items_multiple"), lang="en", year_from=2020),
)
BROKEN = {
    # A record rejected, a warning, and a file that does not parse: the snapshot carries them all.
    "sources/bad.yaml": """
        observations:
          - {indicator: nope, source: base-source, period: '2022', value: 1, qualifier: exact, quote: q}
    """,
    "sources/other.yaml": """
        source:
          id: other-source
          title: {zh: 其他来源, en: Other source}
          publisher: {zh: 发布者, en: Publisher}
          kind: press
          url: https://example.org/other
          date_published: 2022-08-23
          date_accessed: 2022-08-01
        observations:
          - {indicator: high_tech, period: '2020', value: 60, qualifier: about, quote: 约60家}
    """,
    "broken.yaml": "observations: [\n",
}


def assert_same_dataset(expected: Dataset, found: Dataset) -> None:
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(found, name), getattr(expected, name), check_exact=True)
    for field in dataclasses.fields(Dataset):
        if field.name not in (*FRAMES, "data_dir", "loaded_at", "version"):
            assert getattr(found, field.name) == getattr(expected, field.name), field.name


@pytest.fixture
def written(tmp_path):
    """data/ loaded from the YAML and written to a snapshot: (dataset, snapshot path)."""
    dataset = load_dataset(DATA_DIR)
    path = tmp_path / "data.snapshot"
    snap.write_snapshot(dataset, path)
    return dataset, path


# --- the same data ----------------------------------------------------------------------------------


def test_a_snapshot_holds_the_same_frames_models_and_problems_as_the_yaml(written, make_data_dir, tmp_path):
    dataset, path = written
    found = snap.read_snapshot(path, DATA_DIR)
    assert_same_dataset(dataset, found)
    assert found.version == snap.read_info(path).version and found.data_dir == DATA_DIR

    broken = load_dataset(make_data_dir(BROKEN))
    assert broken.errors and broken.warnings
    snap.write_snapshot(broken, tmp_path / "broken.snapshot")
    assert_same_dataset(broken, snap.read_snapshot(tmp_path / "broken.snapshot", broken.data_dir))


def test_the_snapshot_and_the_yaml_draw_the_same_charts_and_exports(written):
    dataset, path = written
    found = snap.read_snapshot(path, DATA_DIR)
    for state in VIEWS:
        assert view_figure(found, state, as_dict=True).figure == view_figure(dataset, state, as_dict=True).figure
    pd.testing.assert_frame_equal(tidy_frame(found), tidy_frame(dataset), check_exact=True)
    assert csv_bytes(found, None, layout="wide", lang="en") == csv_bytes(dataset, None, layout="wide", lang="en")
    assert csv_bytes(found, None, layout="tidy", lang=None) == csv_bytes(dataset, None, layout="tidy", lang=None)


def test_frames_are_written_whatever_their_columns(written, tmp_path):
    # Columns added later (curation fields ...) need no change here: lists and mappings go as JSON.
    dataset, _ = written
    indicators = dataset.indicators.assign(
        tags=[["a", "b"] if n % 2 else None for n in range(len(dataset.indicators))],
        review={"by": "curator", "ok": True},
        score=pd.array([1, None] * (len(dataset.indicators) // 2) + [3] * (len(dataset.indicators) % 2), "Int64"),
    )
    observations = dataset.observations.assign(flag=pd.Categorical(["x"] * len(dataset.observations)))
    changed = dataclasses.replace(dataset, indicators=indicators, observations=observations)
    snap.write_snapshot(changed, tmp_path / "more.snapshot")
    found = snap.read_snapshot(tmp_path / "more.snapshot", DATA_DIR)
    pd.testing.assert_frame_equal(found.indicators, indicators, check_exact=True)
    pd.testing.assert_frame_equal(found.observations, observations, check_exact=True)
    assert found.indicators["tags"].iloc[1] == ["a", "b"]


def test_a_frame_that_would_not_come_back_unchanged_is_refused(written, tmp_path):
    dataset, _ = written
    odd = dataset.sources.assign(stamp=[object()] * len(dataset.sources))
    with pytest.raises(snap.SnapshotError, match="stamp"):
        snap.write_snapshot(dataclasses.replace(dataset, sources=odd), tmp_path / "odd.snapshot")
    assert not list(tmp_path.glob("*odd*"))


def test_a_field_that_would_not_read_back_equal_is_refused(written, tmp_path):
    # A model type whose JSON form its validator does not take back would make every snapshot unreadable.
    dataset, _ = written
    with pytest.raises(snap.SnapshotError, match="files"):
        snap.write_snapshot(dataclasses.replace(dataset, files=[1, 2]), tmp_path / "odd.snapshot")
    assert not list(tmp_path.glob("*odd*"))


def test_the_version_depends_on_the_content_only(written, tmp_path, make_data_dir):
    _, path = written
    clear_cache()  # a load of its own, written at another time to another place
    again = snap.write_snapshot(load_dataset(DATA_DIR), tmp_path / "elsewhere.snapshot")
    assert again.version == snap.read_info(path).version
    other = snap.write_snapshot(load_dataset(make_data_dir()), tmp_path / "other.snapshot")
    assert other.version != again.version


# --- whole or not at all ----------------------------------------------------------------------------


def test_a_snapshot_cut_short_or_damaged_is_refused(written, tmp_path):
    _, path = written
    whole = path.read_bytes()
    damaged = tmp_path / "damaged.snapshot"
    for cut in (0, 8, 100, len(whole) // 2, len(whole) - 30, len(whole) - 1):
        damaged.write_bytes(whole[:cut])
        with pytest.raises(snap.SnapshotError):
            snap.read_snapshot(damaged)
    manifest_byte = len(whole) - 60  # inside the manifest: its checksum no longer matches
    damaged.write_bytes(whole[:manifest_byte] + bytes([whole[manifest_byte] ^ 1]) + whole[manifest_byte + 1 :])
    with pytest.raises(snap.SnapshotError, match="checksum"):
        snap.read_info(damaged)
    section_byte = 200  # inside the first frame: found when the file is checked whole
    damaged.write_bytes(whole[:section_byte] + bytes([whole[section_byte] ^ 1]) + whole[section_byte + 1 :])
    with pytest.raises(snap.SnapshotError, match="checksum"):
        snap.verify_snapshot(damaged)
    with pytest.raises(snap.SnapshotError, match="no snapshot"):
        snap.read_snapshot(tmp_path / "missing.snapshot")


def test_a_failed_write_leaves_the_previous_snapshot_and_no_temporary_file(written, monkeypatch):
    dataset, path = written
    before = path.read_bytes()

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(arrow_frames, "to_table", fail)
    with pytest.raises(OSError, match="space"):
        snap.write_snapshot(dataset, path)
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == [path.name]


# --- the parsed files kept between builds -----------------------------------------------------------


def test_parsed_files_are_kept_between_builds_and_a_broken_file_keeps_its_last_good_version(make_data_dir, tmp_path):
    data_dir = make_data_dir()
    cache = tmp_path / "parsed.cache"
    first = build_dataset(data_dir, cache)
    source = data_dir / "sources" / "base.yaml"
    source.write_text(source.read_text(encoding="utf-8")[:300], encoding="utf-8")  # cut mid-write
    second = build_dataset(data_dir, cache)
    assert len(second.observations) == len(first.observations)
    assert [p.severity for p in second.problems] == ["warning"] and "last version" in second.problems[0].message
    # Without the cache (a publish) the broken file is an error and its records are gone.
    fresh = build_dataset(data_dir)
    assert fresh.errors and len(fresh.observations) < len(first.observations)


def test_a_saved_cache_runs_no_code_when_read(tmp_path):
    class Boom:
        def __reduce__(self):
            return (os.system, ("echo pwned > " + str(tmp_path / "pwned"),))

    for payload in (
        pickle.dumps(Boom()),
        pickle.dumps({"format": 1, "entries": [("f.yaml", 1, 1, pickle.dumps(Boom()), None, None, None, False)]}),
    ):
        path = tmp_path / "evil.cache"
        path.write_bytes(payload)
        cache = DocumentCache.load(path)
        for parsed in cache._parsed.values():  # entries load packed; unpacking refuses the class
            with pytest.raises(pickle.UnpicklingError):
                _unpack(parsed.document)
    assert not (tmp_path / "pwned").exists()
    assert isinstance(DocumentCache.load(tmp_path / "missing.cache"), DocumentCache)


# --- the command ------------------------------------------------------------------------------------


def test_build_refuses_to_publish_rejected_records_unless_allowed(make_data_dir, tmp_path, capsys):
    data_dir = make_data_dir(BROKEN)
    out = tmp_path / "published.snapshot"
    assert main(["build", str(data_dir), "--out", str(out)]) == 1
    assert not out.exists() and "NOT PUBLISHED" in capsys.readouterr().err
    assert main(["build", str(data_dir), "--out", str(out), "--allow-rejected"]) == 0
    info = snap.read_info(out)
    assert info.rejected == len(load_dataset(data_dir).errors) > 0
    assert f"version {info.version}" in capsys.readouterr().out


def test_build_writes_beside_the_data_folder_by_default(make_data_dir, capsys):
    data_dir = make_data_dir()
    assert main(["build", str(data_dir), "--quiet"]) == 0
    assert capsys.readouterr().out == ""
    assert snap.read_info(data_dir.parent / "data.snapshot").data_dir == "data"


def test_a_snapshot_gets_the_permissions_of_a_new_file(make_data_dir):
    # Not the private 0600 of a temporary file: the server may run as another user than the build.
    data_dir = make_data_dir()
    main(["build", str(data_dir), "--quiet"])
    mask = os.umask(0o022)
    os.umask(mask)
    assert (data_dir.parent / "data.snapshot").stat().st_mode & 0o777 == 0o666 & ~mask


def test_the_snapshot_of_a_moved_folder_is_read_against_the_new_place(written, tmp_path):
    _, path = written
    moved = tmp_path / "moved.snapshot"
    shutil.copy(path, moved)
    found = snap.read_snapshot(moved, tmp_path / "elsewhere")
    assert found.data_dir == tmp_path / "elsewhere"
    files = [p for p, stamp in found.signature if isinstance(stamp, FileStamp)]
    assert files and all(Path(p).is_relative_to(tmp_path / "elsewhere") for p in files)


def test_a_snapshot_built_by_an_app_with_other_languages_is_refused(written, monkeypatch):
    # Its frames lack the text columns of a language registered since: it must be built again.
    _, path = written
    monkeypatch.setattr(snap, "code_signature", lambda: (("languages", ("zh", "en", "fr")),))
    with pytest.raises(snap.SnapshotError, match="another version of the app"):
        snap.read_info(path)
