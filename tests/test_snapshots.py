"""Snapshots of what users get: the page and chart callbacks of a dozen views, and the data files.

These pin the output while code moves (a refactor must leave every snapshot as it is). They go
through the app's public surfaces only, the Dash callback endpoint and the HTTP routes, so they do
not depend on where a function lives. A deliberate change of the output is recorded with
``./dev.sh test tests/test_snapshots.py --snapshot-update`` and reviewed in the diff of
``tests/__snapshots__/``.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook
from syrupy.extensions.json import JSONSnapshotExtension

from indicators import load_dataset
from indicators.formatting import format_date
from indicators.selections import same_unit
from indicators.version import data_version
from tests.conftest import DATA_DIR, ROOT

#: Views of the page: every tab, both languages, each kind of chart and the edge cases of a chart.
VIEWS = {
    "overview-zh": "",
    "overview-en": "?lang=en",
    "chart-one-zh": "?tab=chart&ind=national_high_tech_enterprises",
    "chart-one-en": "?lang=en&tab=chart&ind=national_high_tech_enterprises",
    "chart-sizes-differ": "?tab=chart&ind=general_procedure_cases,simple_procedure_cases,eco_environment_cases,"
    "health_cases,culture_cases",
    "chart-rank": "?tab=chart&ind=enforcement_domain_expansion_rank",
    "chart-single-dates-en": "?lang=en&tab=chart&ind=tax_cadre_behaviour_records",
    "chart-before-after": "?tab=chart&ind=national_high_tech_enterprises,little_giant_enterprises&view=before-after",
    "chart-index-en": "?lang=en&tab=chart&ind=above_scale_enterprises",
    "chart-mixed-units": "?tab=chart&ind=procurement_budget,procurement_projects_launched",
    "chart-years": "?tab=chart&ind=enforcement_items,enforcement_items_implied_total&from=2020&to=2022",
    "chart-per-month-en": "?lang=en&tab=chart&ind=square_dance_noise_complaints,square_dance_noise_complaints_change",
    "chart-derived": "?tab=chart&ind=procurement_funds_per_project",
    # the kinds chosen from the data, and the ones asked for
    "chart-fact-en": "?lang=en&tab=chart&ind=enforcement_domain_expansion_rank,enforcement_item_transfer_rank",
    "chart-small-multiples": "?tab=chart&ind=general_procedure_cases,simple_procedure_cases,eco_environment_cases,"
    "health_cases,culture_cases&view=small-multiples",
    "chart-auto-before-after-en": "?lang=en&tab=chart&ind=enforcement_items",
    "chart-trend-inferred": "?tab=chart&ind=enforcement_domains&view=trend",
    "table-zh": "?tab=table&ind=enforcement_domains,enforcement_items",
    "table-all-en": "?lang=en&tab=table",
    "sources-zh": "?tab=sources",
    "sources-en": "?lang=en&tab=sources",
}

#: Data files as the routes serve them.
DATA_FILES = {
    "observations-tidy": "/data/observations.csv",
    "observations-tidy-en-plain": "/data/observations.csv?lang=en&encoding=utf-8",
    "observations-wide-zh": "/data/observations.csv?layout=wide",
    "one-indicator-en": "/data/enforcement_items.csv?lang=en",
    "selection-years": "/data/observations.csv?ind=square_dance_noise_complaints,enforcement_cases&from=2021",
}


def _day_forms(day: date) -> list[str]:
    """How a day is written in the outputs: ISO, Chinese, English short and long."""
    return [
        day.isoformat(),
        format_date(day, "zh"),
        format_date(day, "en"),
        f"{day.day} {day.strftime('%B')} {day.year}",
    ]


def stable(text: str) -> str:
    """The text with the days that change from run to run written as ``<today>``, the data version's hash as ``<digest>``.

    Today's date is in the names of downloads and the access date of citations; the data version's
    day is the newest modification of the data files, which in a fresh clone is the day of the clone
    (so it is masked alike); its hash changes only with the data, but the data's own snapshots show that.
    """
    version = data_version(load_dataset(DATA_DIR))
    text = text.replace(version.updated.isoformat(), "<updated>").replace(version.digest, "<digest>")
    for day in {date.today(), version.updated.date()}:
        for form in _day_forms(day):
            text = text.replace(form, "<today>")
    return text


class SortedJson(JSONSnapshotExtension):
    """Snapshots as indented JSON with sorted keys, one file per test, readable in a diff."""

    def serialize(self, data, **kwargs) -> str:
        return stable(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True, default=str)) + "\n"


@pytest.fixture
def snapshot_json(snapshot):
    return snapshot.use_extension(SortedJson)


@pytest.fixture(scope="module")
def client(dash_app):
    return dash_app.server.test_client()


def _url_callbacks(dash_app) -> list[tuple[str, dict]]:
    """The server callbacks that a page load of a URL runs: those with the URL among their inputs."""
    found = []
    for output, spec in dash_app.callback_map.items():
        inputs = [f"{item['id']}.{item['property']}" for item in spec["inputs"]]
        if "callback" in spec and "url.search" in inputs:
            found.append((output, spec))
    return sorted(found, key=lambda item: item[0])


def _props(items: list[dict], values: dict[str, object]) -> list[dict]:
    return [
        {"id": item["id"], "property": item["property"], "value": values.get(f"{item['id']}.{item['property']}")}
        for item in items
    ]


def view_outputs(client, dash_app, search: str) -> dict[str, object]:
    """Every property the page's callbacks set for a first load of ``/{search}``, by ``id.property``.

    Each callback is sent the request the browser's renderer sends on a page load: the URL's search,
    every other input and state empty, all inputs triggered. The answers are merged into one mapping,
    so the result does not depend on how the outputs are split between callbacks.
    """
    merged: dict[str, object] = {}
    values = {"url.search": search}
    for output, spec in _url_callbacks(dash_app):
        outputs = [
            {"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1]}
            for part in output.strip(".").split("...")
        ]
        inputs = _props(spec["inputs"], values)
        body = {
            "output": output,
            "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": inputs,
            "state": _props(spec["state"], values),
            "changedPropIds": [f"{item['id']}.{item['property']}" for item in inputs],
        }
        response = client.post("/_dash-update-component", json=body, headers={"Accept-Encoding": "identity"})
        assert response.status_code in (200, 204), (output, response.status_code, response.get_data(as_text=True)[:300])
        if response.status_code == 204:  # every output no_update
            continue
        for component_id, props in response.get_json()["response"].items():
            for prop, value in props.items():
                merged[f"{component_id}.{prop}"] = value
    return merged


@pytest.mark.parametrize("name", list(VIEWS))
def test_view_outputs_are_unchanged(name, client, dash_app, snapshot_json):
    assert view_outputs(client, dash_app, VIEWS[name]) == snapshot_json


@pytest.mark.parametrize("name", list(DATA_FILES))
def test_csv_files_are_unchanged(name, client, snapshot):
    response = client.get(DATA_FILES[name], headers={"Accept-Encoding": "identity"})
    assert response.status_code == 200
    assert stable(response.get_data(as_text=True)) == snapshot


def _workbook_cells(content: bytes) -> dict[str, list[list[object]]]:
    """Every sheet's cell values (the file's bytes hold a creation time, so they are not compared)."""
    workbook = load_workbook(io.BytesIO(content))
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets}


@pytest.mark.parametrize("query", ["", "?lang=en&layout=wide"])
def test_xlsx_cells_are_unchanged(query, client, snapshot_json):
    response = client.get(f"/data/observations.xlsx{query}")
    assert response.status_code == 200
    assert _workbook_cells(response.get_data()) == snapshot_json


def test_zip_members_are_unchanged(client, snapshot_json):
    response = client.get("/data/observations.zip?lang=en")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.get_data())) as archive:
        members = {stable(name): archive.read(name).decode("utf-8-sig") for name in sorted(archive.namelist())}
    assert members == snapshot_json


@pytest.mark.parametrize("args", [["--format", "csv"], ["--format", "csv", "--lang", "en", "--layout", "wide"]])
def test_cli_csv_is_unchanged(args, snapshot):
    done = subprocess.run(
        [sys.executable, "-m", "indicators", "export", *args], capture_output=True, cwd=ROOT, check=True, timeout=120
    )
    assert stable(done.stdout.decode("utf-8")) == snapshot


def test_the_snapshot_views_cover_every_chart_kind():
    """The views above draw each kind of chart the registry has (a new kind needs a view here)."""
    from layouts.chart_view import chosen_kind
    from layouts.charts import CHART_KINDS
    from layouts.view_state import parse_search

    dataset = load_dataset()
    drawn = set()
    for search in VIEWS.values():
        state = parse_search(search, set(dataset.indicators.index)).state
        if state.tab.value == "chart" and state.indicators:
            kind, _ = chosen_kind(dataset, state, same_unit(dataset, state.indicators))
            drawn.add(kind.name)
    assert drawn == set(CHART_KINDS)
