"""What the app serves: a published snapshot (whole or not at all), or the live YAML built elsewhere."""

from __future__ import annotations

import gc
import io
import weakref

import pandas as pd
import pytest

from callbacks.page import update_page
from cli.main import main
from indicators import clear_cache, documents, load_dataset, serving
from indicators import dataset as dataset_module
from indicators.settings import load_settings
from indicators.snapshot import read_info
from layouts.ids import Ids
from server.context import SETTINGS_KEY
from tests.test_app import run_callback

MORE = (
    "observations:\n"
    "  - {indicator: high_tech, source: base-source, period: '2020', value: 80, qualifier: exact, quote: 八十家}\n"
    "  - {indicator: high_tech, source: base-source, period: '2021', value: 90, qualifier: exact, quote: 九十家}\n"
)


def _serve(server, data_dir, mode: str) -> None:
    settings = server.config[SETTINGS_KEY]
    server.config[SETTINGS_KEY] = settings.model_copy(
        update={"data_dir": data_dir, "data_mode": mode, "settle_seconds": 0.0}
    )


def _rows(client) -> int:
    response = client.get("/data/observations.csv")
    assert response.status_code == 200
    return len(pd.read_csv(io.BytesIO(response.data), encoding="utf-8-sig"))


def _publish(data_dir, *extra: str) -> str:
    assert main(["build", str(data_dir), "--quiet", *extra]) == 0
    return read_info(data_dir.parent / "data.snapshot").version


# --- published --------------------------------------------------------------------------------------


def test_published_mode_serves_nothing_until_published_then_the_snapshot(server, make_data_dir):
    data_dir = make_data_dir()
    _serve(server, data_dir, "published")
    client = server.test_client()
    body = client.get("/healthz").get_json()
    assert client.get("/healthz").status_code == 503
    assert body["mode"] == "published" and "python -m indicators build" in body["problems"][0]["hint"]
    version = _publish(data_dir)
    body = client.get("/healthz").get_json()
    assert (body["status"], body["mode"], body["snapshot_version"], body["observations"]) == (
        "ok",
        "published",
        version,
        2,
    )
    assert "mode_note" not in body


def test_a_stalled_in_place_write_of_a_data_file_is_never_served_in_published_mode(server, make_data_dir):
    # The probe of issue 15: a file cut at a record boundary and left so, longer than the settle time.
    data_dir = make_data_dir({"sources/more.yaml": MORE})
    version = _publish(data_dir)
    _serve(server, data_dir, "published")
    client = server.test_client()
    whole = _rows(client)
    published = client.get("/healthz").get_json()["data_version"]
    more = data_dir / "sources" / "more.yaml"
    more.write_text(MORE.split("  - ")[0] + "  - " + MORE.split("  - ")[1], encoding="utf-8")  # one record of two
    answers = [_rows(client) for _ in range(5)]
    assert answers == [whole] * 5
    body = client.get("/healthz").get_json()
    assert (body["status"], body["snapshot_version"]) == ("ok", version)
    # The data version (footer, exports, ETags) is the published files', not the half-written ones'.
    clear_cache()
    assert client.get("/healthz").get_json()["data_version"] == published
    # Publishing is what makes it live, whole.
    earlier = MORE.replace("2020", "2017").replace("2021", "2018").split("\n", 1)[1]
    more.write_text(MORE + earlier, encoding="utf-8")
    _publish(data_dir)
    assert _rows(client) == whole + 2


def test_a_snapshot_overwritten_in_place_is_served_only_once_whole(server, make_data_dir, tmp_path):
    data_dir = make_data_dir()
    old = _publish(data_dir)
    published = data_dir.parent / "data.snapshot"
    _serve(server, data_dir, "published")
    client = server.test_client()
    assert _rows(client) == 2
    (data_dir / "sources" / "more.yaml").write_text(MORE, encoding="utf-8")
    assert main(["build", str(data_dir), "--quiet", "--out", str(tmp_path / "new.snapshot")]) == 0
    new_bytes = (tmp_path / "new.snapshot").read_bytes()
    for cut in (10, len(new_bytes) // 2, len(new_bytes) - 1):
        published.write_bytes(new_bytes[:cut])  # a copy in place, caught part-way
        assert _rows(client) == 2
        body = client.get("/healthz").get_json()
        assert (body["status"], body["snapshot_version"]) == ("degraded", old)
        assert "published data not read" in body["data_problem"]
    # A process that starts now serves the last version this machine read, not nothing.
    clear_cache()
    assert _rows(client) == 2
    assert client.get("/healthz").get_json()["snapshot_version"] == old
    published.write_bytes(new_bytes)
    assert _rows(client) == 4
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok" and body["snapshot_version"] == read_info(published).version != old


def test_the_server_maps_a_private_copy_and_keeps_only_the_versions_in_use(server, make_data_dir, monkeypatch):
    monkeypatch.setattr(serving, "STALE_COPY_S", 0.0)
    data_dir = make_data_dir()
    _publish(data_dir)
    _serve(server, data_dir, "published")
    client = server.test_client()
    _rows(client)
    (data_dir / "sources" / "more.yaml").write_text(MORE, encoding="utf-8")
    version = _publish(data_dir)
    _rows(client)
    copies = list((data_dir.parent / ".data.snapshot.d" / "served").glob("*.snapshot"))
    assert [c.name for c in copies] == [f"{version}.snapshot"]


def test_a_damaged_private_copy_is_made_again(server, make_data_dir):
    data_dir = make_data_dir()
    version = _publish(data_dir)
    _serve(server, data_dir, "published")
    client = server.test_client()
    assert _rows(client) == 2
    copy = data_dir.parent / ".data.snapshot.d" / "served" / f"{version}.snapshot"
    damaged = copy.with_name("damaged.tmp")
    damaged.write_bytes(copy.read_bytes()[:-100])
    damaged.replace(copy)  # a new file: what this process mapped stays whole
    clear_cache()
    assert _rows(client) == 2
    assert client.get("/healthz").get_json()["status"] == "ok"
    assert read_info(copy).version == version


# --- live -------------------------------------------------------------------------------------------


def test_live_mode_never_parses_yaml_in_the_serving_process(server, make_data_dir, monkeypatch):
    def refuse(path):
        raise AssertionError(f"the serving process parsed {path}")

    monkeypatch.setattr(documents, "read_yaml", refuse)
    data_dir = make_data_dir()
    _serve(server, data_dir, "live")
    client = server.test_client()
    assert _rows(client) == 2
    (data_dir / "sources" / "more.yaml").write_text(MORE, encoding="utf-8")
    assert _rows(client) == 4
    body = client.get("/healthz").get_json()
    assert body["mode"] == "live" and "mid-write" in body["mode_note"] and body["snapshot_version"]


def test_a_worker_lets_go_of_the_old_data_when_it_changes(server, make_data_dir):
    data_dir = make_data_dir({"sources/more.yaml": MORE})
    _serve(server, data_dir, "live")
    client = server.test_client()
    assert _rows(client) == 4
    # Every view keeps what it computed with the dataset, not beside it (a module's cache would keep it).
    for search in ("", "?tab=table", "?tab=sources", "?lang=en", "?tab=chart&ind=high_tech"):
        run_callback(server, update_page, search, None, None, None, None, triggered=[f"{Ids.URL}.search"])
    assert client.get("/data/high_tech.xlsx").status_code == 200
    assert client.get("/embed/high_tech").status_code == 200
    source = serving.data_source(server.config[SETTINGS_KEY])
    old = weakref.ref(source._dataset)
    (data_dir / "sources" / "more.yaml").unlink()
    assert _rows(client) == 2
    gc.collect()
    assert old() is None


def _in_process_builder(monkeypatch) -> None:
    """Run the live builder in this process, so a test can make a file unreadable for it."""

    def build(data_dir, snapshot):
        cache = serving.documents_cache_path(snapshot)
        assert main(["build", str(data_dir), "--out", str(snapshot), "--allow-rejected", "--cache", str(cache)]) == 0

    monkeypatch.setattr(serving, "run_builder", build)


def _unreadable(monkeypatch, name: str) -> list[bool]:
    """Make ``name`` unreadable (as a permission error would) until the returned flag is cleared."""
    broken = [True]
    read = documents.read_yaml

    def read_yaml(path):
        if broken[0] and path.name == name:
            raise PermissionError(13, "Permission denied")
        return read(path)

    monkeypatch.setattr(documents, "read_yaml", read_yaml)
    return broken


def test_a_fixed_permission_error_clears_from_healthz_without_the_file_changing(server, make_data_dir, monkeypatch):
    _in_process_builder(monkeypatch)
    monkeypatch.setattr(serving, "RETRY_S", 0.0)
    monkeypatch.setattr(dataset_module, "RETRY_UNREADABLE_S", 0.0)
    data_dir = make_data_dir({"sources/more.yaml": MORE})
    broken = _unreadable(monkeypatch, "more.yaml")
    _serve(server, data_dir, "live")
    client = server.test_client()
    body = client.get("/healthz").get_json()
    assert body["status"] == "degraded" and "Permission denied" in body["problems"][0]["message"]
    broken[0] = False  # fixed: neither the file's mtime nor its size changed
    body = client.get("/healthz").get_json()
    assert (body["status"], body["observations"], body["problems"]) == ("ok", 4, [])


def test_load_dataset_reads_an_unreadable_file_again_after_a_while(make_data_dir, monkeypatch):
    monkeypatch.setattr(dataset_module, "RETRY_UNREADABLE_S", 0.0)
    data_dir = make_data_dir({"sources/more.yaml": MORE})
    broken = _unreadable(monkeypatch, "more.yaml")
    first = load_dataset(data_dir)
    assert first.unreadable == ("sources/more.yaml",) and len(first.observations) == 2
    broken[0] = False
    second = load_dataset(data_dir)
    assert second.unreadable == () and second.problems == [] and len(second.observations) == 4


def test_a_failed_live_build_keeps_the_current_data_and_says_why(server, make_data_dir, monkeypatch):
    data_dir = make_data_dir()
    _serve(server, data_dir, "live")
    client = server.test_client()
    assert _rows(client) == 2

    def fail(data_dir, snapshot):
        raise serving.BuildError("the builder exited with code -9: killed (out of memory)")

    monkeypatch.setattr(serving, "run_builder", fail)
    (data_dir / "sources" / "more.yaml").write_text(MORE, encoding="utf-8")
    assert _rows(client) == 2
    body = client.get("/healthz").get_json()
    assert body["status"] == "degraded" and "out of memory" in body["data_problem"]


# --- settings and the kept selections ---------------------------------------------------------------


def test_the_mode_and_the_snapshot_come_from_config_or_the_environment(tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("data_dir: data\ndata_mode: published\nsnapshot_path: out/data.snapshot\n", encoding="utf-8")
    settings = load_settings(config, environ={})
    assert (settings.data_mode, settings.snapshot_file) == ("published", tmp_path / "out" / "data.snapshot")
    settings = load_settings(config, environ={"REFORM_DATA_MODE": "live", "REFORM_SNAPSHOT": str(tmp_path / "s")})
    assert (settings.data_mode, settings.snapshot_file) == ("live", tmp_path / "s")
    config.write_text("data_dir: data\n", encoding="utf-8")
    settings = load_settings(config, environ={})
    assert (settings.data_mode, settings.snapshot_file) == ("live", tmp_path / "data.snapshot")


def test_kept_selections_drop_the_least_recently_used(monkeypatch):
    monkeypatch.setattr(dataset_module, "_ROWS_KEPT", 3)
    dataset = load_dataset()
    built = []

    def keep(key):
        return dataset.kept(("test", key), lambda: built.append(key) or key)

    for key in ("a", "b", "c", "a", "d"):  # "a" used again: "b" is the least recently used
        keep(key)
    assert built == ["a", "b", "c", "d"]
    keep("a")
    keep("c")
    assert built == ["a", "b", "c", "d"]
    keep("b")
    assert built == ["a", "b", "c", "d", "b"]


@pytest.fixture(autouse=True)
def _forget_sources():
    yield
    clear_cache()
