"""For scripts: the Frictionless data package (validated by `frictionless`, read back with pandas), an indicator's
metadata as JSON, one set of columns from the CLI, the URLs and the page, and the data version with its
conditional GETs.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import frictionless
import pandas as pd
import pytest

from indicators import load_dataset
from indicators.qualifiers import Qualifier
from indicators.tables import LABEL_COLUMNS, TIDY_COLUMNS
from indicators.version import data_version
from server.context import SETTINGS_KEY
from tests.conftest import DATA_DIR, ROOT
from tests.test_app import page, texts


@pytest.fixture
def client(server):
    return server.test_client()


def _use_data(server, data_dir: Path) -> None:
    server.config[SETTINGS_KEY] = server.config[SETTINGS_KEY].model_copy(update={"data_dir": data_dir})


def _validate(descriptor: Path) -> frictionless.Report:
    report = frictionless.validate(str(descriptor))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    return report


def _read_back(folder: Path, resource: dict) -> pd.DataFrame:
    """A CSV resource read with pandas as its schema says: its encoding, dates, booleans, numbers."""
    fields = resource["schema"]["fields"]
    frame = pd.read_csv(
        folder / resource["path"],
        encoding=resource["encoding"],
        keep_default_na=False,
        na_values=[""],
        dtype={f["name"]: "string" for f in fields if f["type"] == "string"},
        parse_dates=[f["name"] for f in fields if f["type"] == "date"],
    )
    assert list(frame.columns) == [field["name"] for field in fields]
    for field in fields:
        column = frame[field["name"]].dropna()
        if field["type"] == "number":
            assert pd.api.types.is_numeric_dtype(column), field["name"]
        if field["type"] == "boolean":
            assert set(column) <= {True, False}, field["name"]
        if "enum" in field.get("constraints", {}):
            assert set(column) <= set(field["constraints"]["enum"]), field["name"]
    return frame


@pytest.mark.parametrize("query", ["", "?lang=en", "?lang=zh&layout=wide", "?lang=en&encoding=utf-8"])
def test_the_zips_data_package_validates_and_reads_back_with_pandas(client, tmp_path, query):
    response = client.get(f"/data/observations.zip{query}")
    zipfile.ZipFile(io.BytesIO(response.data)).extractall(tmp_path)
    report = _validate(tmp_path / "datapackage.json")
    assert report.stats["tasks"] == 4  # the data, indicators, sources, qualifiers: each validated
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    resources = {resource["name"]: resource for resource in package["resources"]}
    assert list(resources) == ["observations", "indicators", "sources", "qualifiers"]
    data = _read_back(tmp_path, resources["observations"])
    indicators = _read_back(tmp_path, resources["indicators"])
    _read_back(tmp_path, resources["sources"])
    _read_back(tmp_path, resources["qualifiers"])
    # Every column described; the qualifier's allowed values; units.
    for resource in resources.values():
        assert all(field.get("description") for field in resource["schema"]["fields"]), resource["name"]
    fields = {field["name"]: field for field in resources["observations"]["schema"]["fields"]}
    if "layout=wide" in query:
        values = [f for f in fields.values() if f["type"] == "number"]
        assert values and all(f["unit"] and f["indicator"] in set(indicators["indicator_id"]) for f in values)
        assert len(data) == len(data.drop_duplicates(["period_start", "period_end"]))
    else:
        assert fields["qualifier"]["constraints"]["enum"] == [q.value for q in Qualifier]
        assert fields["period_qualifier"]["constraints"]["enum"] == [q.value for q in Qualifier]
        assert set(data["preferred_by"].dropna()) <= set(fields["preferred_by"]["constraints"]["enum"])
        # Columns of codes are text, even preferred_by, which no row of the article fills.
        assert {f["type"] for f in fields.values() if "enum" in f.get("constraints", {})} == {"string"}
        assert fields["value"]["type"] == "number" and "unit" in fields["value"]
        assert set(data["unit"]) <= set(fields["unit"]["constraints"]["enum"])
        assert len(data) == 37 + 14 and data["obs_id"].is_unique
        # A zip is for people too: without lang= its CSV has the readable columns in the app's language.
        assert list(data.columns) == [*TIDY_COLUMNS, *LABEL_COLUMNS]
    encoding = "utf-8" if "encoding=utf-8" in query else "utf-8-sig"
    assert {resource["encoding"] for resource in resources.values()} == {encoding}


def test_the_validation_bites(client, tmp_path):
    """A qualifier outside the allowed values, or a number that is not one, makes the package invalid."""
    zipfile.ZipFile(io.BytesIO(client.get("/data/observations.zip").data)).extractall(tmp_path)
    (data,) = tmp_path.glob("longgang-indicators_*.csv")
    with data.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index("qualifier")] = "roughly"
    with data.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert not report.valid and ["constraint-error"] in report.flatten(["type"])


def test_the_package_at_data_datapackage_json_describes_data_observations_csv(client, tmp_path):
    response = client.get("/data/datapackage.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    package = response.get_json()
    (observations, *inline) = package["resources"]
    assert observations["path"] == "observations.csv" and all("data" in resource for resource in inline)
    # The relative path resolves beside the package: /data/observations.csv, as served (stable columns).
    (tmp_path / "datapackage.json").write_bytes(response.data)
    (tmp_path / "observations.csv").write_bytes(client.get("/data/observations.csv").data)
    _validate(tmp_path / "datapackage.json")
    frame = _read_back(tmp_path, observations)
    assert list(frame.columns) == list(TIDY_COLUMNS)
    assert package["version"] == data_version(load_dataset(DATA_DIR)).label
    chinese = client.get("/data/datapackage.json?lang=zh").get_json()
    assert chinese["resources"][0]["schema"]["fields"][0]["description"].startswith("指标")
    assert client.get("/data/datapackage.json?ind=x").status_code == 400


def test_an_indicators_metadata_as_json(client):
    response = client.get("/data/square_dance_noise_complaints.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert (
        'attachment; filename="longgang-indicators_square_dance_noise_complaints_'
        in (response.headers["Content-Disposition"])
    )
    meta = response.get_json()
    assert meta["id"] == "square_dance_noise_complaints"
    assert meta["name"] == {"zh": "广场舞噪音投诉（110、12345）", "en": "Square-dance noise complaints (110 and 12345)"}
    assert meta["unit"]["id"] == "complaint" and meta["unit"]["name"]["zh"] == "件"
    assert meta["category"] == {"id": "public_complaints", "name": {"zh": "群众投诉", "en": "Public complaints"}}
    assert meta["measure"] == "mean_per_month" and meta["higher_is_better"] is False
    (source,) = meta["sources"]
    assert source["id"] == "longgang-fabu-2022-08-23" and source["publisher"]["zh"] == "龙港发布"
    assert {quote["qualifier"] for quote in source["quotes"]} >= {"at_least"}
    assert all(quote["quote"] for quote in source["quotes"]) and len(source["quotes"]) == meta["values"]
    assert meta["data_version"] == data_version(load_dataset(DATA_DIR)).to_dict()
    several = client.get("/data/observations.json?ind=enforcement_items,enforcement_domains").get_json()
    assert [i["id"] for i in several["indicators"]] == ["enforcement_items", "enforcement_domains"]
    assert "data_version" in several and "data_version" not in several["indicators"][0]
    derived = client.get("/data/procurement_funds_per_project.json").get_json()
    assert derived["derived"] and derived["formula"] == "procurement_funds_launched / procurement_projects_launched"


def test_one_table_has_one_set_of_columns_from_the_cli_the_urls_and_the_page(client):
    def header(content: bytes) -> list[str]:
        return content.decode("utf-8-sig").splitlines()[0].split(",")

    def cli(*args: str) -> list[str]:
        done = subprocess.run(
            [sys.executable, "-m", "indicators", "export", "--format", "csv", *args],
            capture_output=True,
            cwd=ROOT,
            check=True,
            timeout=120,
        )
        return header(done.stdout)

    assert cli() == header(client.get("/data/observations.csv").data) == list(TIDY_COLUMNS)
    assert cli("--lang", "en") == header(client.get("/data/observations.csv?lang=en").data)
    assert cli("--lang", "zh", "--layout", "wide") == header(client.get("/data/observations.csv?layout=wide").data)
    # The page's links name their language, so they give what --lang gives.
    from layouts.downloads import data_href
    from layouts.view_state import ViewState

    href = data_href(ViewState(lang="en"), "csv", displayed=False)
    assert header(client.get(href).data) == cli("--lang", "en") == [*TIDY_COLUMNS, *LABEL_COLUMNS]


def test_the_xlsx_readme_is_our_text_and_data_cells_are_still_guarded(client):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(client.get("/data/observations.xlsx").data))
    readme = [row[0] for row in book["readme"].iter_rows(values_only=True) if row[0]]
    bullets = [line for line in readme if "龙港发布" in line and "查阅" in line]
    assert bullets and all(line.startswith("- 龙港发布") for line in bullets)
    assert not any(line.startswith("'") for line in readme)
    assert any(line.startswith("数据版本：") for line in readme)
    assert book.properties.version == data_version(load_dataset(DATA_DIR)).label


def test_the_version_is_the_same_in_the_footer_healthz_exports_and_headers(server, client):
    version = data_version(load_dataset(DATA_DIR))
    footer = page(server, "?lang=en", None)["texts"]["footer"]
    assert version.digest in texts(footer) and footer[-1].title == version.label
    assert client.get("/healthz").get_json()["data_version"] == version.to_dict()
    archive = zipfile.ZipFile(io.BytesIO(client.get("/data/observations.zip").data))
    assert json.loads(archive.read("metadata.json"))["data_version"] == version.to_dict()
    assert json.loads(archive.read("datapackage.json"))["version"] == version.label
    assert f"数据版本：{version.label}" in archive.read("README.txt").decode("utf-8-sig")
    for url in ("/data/observations.csv", "/data/enforcement_items.json", "/data/datapackage.json"):
        response = client.get(url)
        assert response.headers["X-Data-Version"] == version.label
        assert response.headers["ETag"].startswith(f'W/"{version.digest}-')
        assert response.last_modified.timestamp() == int(version.updated.timestamp())


@pytest.mark.parametrize(
    "url",
    [
        "/data/observations.csv",
        "/data/observations.xlsx?lang=en",
        "/data/observations.zip?layout=wide",
        "/data/enforcement_items.json",
        "/data/datapackage.json",
        "/chart/enforcement_items.png",
        "/briefing.pptx?ind=enforcement_items",
    ],
)
def test_a_conditional_get_answers_304_without_making_the_file(client, monkeypatch, url):
    first = client.get(url) if not url.startswith(("/chart", "/briefing")) else None
    etag = first.headers["ETag"] if first is not None else None
    if etag is None:  # images and decks: take the validators from a cheap file of the same data
        probe = client.get("/data/datapackage.json")
        etag, modified = probe.headers["ETag"], probe.headers["Last-Modified"]
    else:
        modified = first.headers["Last-Modified"]

    def refuse(*args, **kwargs):
        raise AssertionError("the file was made again")

    # The registry's writers import these when called: none of them may run.
    for target in (
        "outputs.writers.csv_bytes",
        "outputs.writers.xlsx_bytes",
        "outputs.writers.zip_bytes",
        "indicators.metadata.metadata_document",
        "outputs.briefing.briefing_pptx",
        "outputs.images.figure_image",
        "server.files.datapackage_json",
    ):
        monkeypatch.setattr(target, refuse)
    for headers in ({"If-None-Match": etag}, {"If-Modified-Since": modified}):
        again = client.get(url, headers=headers)
        assert again.status_code == 304 and again.data == b"", headers
        assert again.headers["ETag"] == etag


def test_a_changed_data_file_changes_the_version_and_the_etag(server, client, make_data_dir):
    data_dir = make_data_dir()
    _use_data(server, data_dir)
    before = client.get("/data/observations.csv")
    time.sleep(1.1)  # past the settle time and the second of Last-Modified
    path = next(data_dir.rglob("*.yaml"))
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    time.sleep(1.1)
    after = client.get("/data/observations.csv", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and after.headers["ETag"] != before.headers["ETag"]
    assert after.headers["X-Data-Version"] != before.headers["X-Data-Version"]
    copy = data_dir.parent / "copy"
    shutil.copytree(data_dir, copy)
    assert data_version(load_dataset(copy)).digest == after.headers["X-Data-Version"].split("+")[1]


def test_the_cli_writes_the_same_metadata_json(client):
    done = subprocess.run(
        [sys.executable, "-m", "indicators", "export", "--format", "json", "--indicator", "enforcement_items"],
        capture_output=True,
        cwd=ROOT,
        check=True,
        timeout=120,
    )
    assert json.loads(done.stdout) == client.get("/data/enforcement_items.json").get_json()
