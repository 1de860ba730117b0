"""Share and cite: the view's link, its QR code, and the GB/T 7714, English and BibTeX citations."""

from __future__ import annotations

import base64
import re
import urllib.parse
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from indicators import load_dataset
from indicators.citation import cite_view, view_sources
from indicators.version import data_version
from layouts.ids import Ids
from layouts.share import view_url
from layouts.view_state import ViewState
from tests.conftest import DATA_DIR
from tests.test_app import page, texts
from tests.test_export_routes import _walk

ACCESSED = date(2026, 12, 1)
URL = "http://intranet.example/?tab=chart&ind=national_high_tech_enterprises&from=2019"


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(DATA_DIR)


def test_gb_t_7714_lists_the_view_as_a_database_then_each_source(dataset):
    version = data_version(dataset)
    cites = cite_view(dataset, ["national_high_tech_enterprises"], URL, accessed=ACCESSED, year_from=2019)
    first, second = cites.gbt7714.splitlines()
    assert first == (
        f"[1] reform-indicators. 龙港改革成效指标：国家高新技术企业（2019–…年）[DB/OL]. 数据版本 {version.label}. "
        f"({version.updated.date().isoformat()})[2026-12-01]. {URL}."
    )
    # A source without a recorded web address ends at its dates: published, then accessed by the curator.
    assert second == "[2] 龙港发布. 浙江龙港:领改革之先 筑幸福之城[EB/OL]. (2022-08-23)[2026-11-28]."


def test_the_english_citation_names_the_view_the_sources_and_the_access_dates(dataset):
    cites = cite_view(dataset, ["enforcement_items", "enforcement_domains"], URL, accessed=ACCESSED)
    text = cites.english
    assert text.startswith("reform-indicators (") and "“Items of comprehensive administrative enforcement; " in text
    assert f"data version {data_version(dataset).label}" in text and f"{URL} (accessed 1 December 2026)" in text
    assert "Figures from: 龙港发布 (Longgang Release" in text and "23 August 2022" in text
    assert "accessed 28 November 2026" in text


def test_bibtex_has_an_entry_for_the_view_and_each_source_with_special_characters_escaped(make_data_dir):
    data_dir = make_data_dir(
        {
            "x.yaml": "indicators:\n  - {id: odd, name: {zh: '50% & {more}', en: 'A_b #1 {x} 50% & more \\ ~'}, description: {zh: d, en: d}, category: enterprises, unit: enterprise}\nobservations:\n  - {id: o1, indicator: odd, source: base-source, period: '2021', value: 1, qualifier: exact, quote: q}\n"
        }
    )
    dataset = load_dataset(data_dir)
    bibtex = cite_view(dataset, ["odd"], "http://x/?ind=odd&a={b}", accessed=ACCESSED).bibtex
    entries = re.findall(r"^@misc\{([^,]+),$", bibtex, re.M)
    assert entries == ["reform-indicators-" + str(data_version(dataset).updated.year) + "-odd", "base-source"]
    # Braces balance (a stray one would swallow the rest of a .bib file); LaTeX specials are escaped.
    depth = 0
    for char in re.sub(r"\\[{}]", "", bibtex):
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0
    assert r"A\_b \#1 \{x\} 50\% \& more \textbackslash{} \textasciitilde{}" in bibtex
    assert "url = {http://x/?ind=odd&a=%7Bb%7D}," in bibtex and "urldate = {2026-12-01}," in bibtex
    assert "title = {{Longgang reform indicators: " in bibtex  # protected from BibTeX's case changes


def test_view_sources_are_those_of_the_values_shown(dataset):
    assert view_sources(dataset, ["enforcement_items"]) == ["longgang-fabu-2022-08-23"]
    assert view_sources(dataset, ["enforcement_items"], 2030, 2031) == ["longgang-fabu-2022-08-23"]  # none shown


def test_the_chart_has_a_share_panel_with_the_views_link_a_qr_code_and_citations(server):
    search = (
        "?lang=en&tab=chart&ind=national_high_tech_enterprises,little_giant_enterprises&from=2020&view=before-after"
    )
    notes = page(server, search)["chart"]["notes"]
    (block,) = [n for n in notes if getattr(n, "id", None) == Ids.CHART_DOWNLOADS]
    parts = {str(getattr(x, "id", "")): x for x in _walk(block) if getattr(x, "id", None)}
    link = parts[Ids.SHARE_LINK].value
    expected = view_url(
        ViewState(
            lang="en",
            indicators=("national_high_tech_enterprises", "little_giant_enterprises"),
            year_from=2020,
            view="before-after",
        ),
        "http://localhost/",
        "zh",
    )
    assert (
        link
        == expected
        == (
            "http://localhost/?lang=en&tab=chart&ind=national_high_tech_enterprises,little_giant_enterprises"
            "&from=2020&view=before-after"
        )
    )
    assert parts[Ids.SHARE_LINK].readOnly
    (qr,) = [x for x in _walk(block) if type(x).__name__ == "Img"]
    assert qr.alt == "QR code of the link to this view"
    header, _, payload = qr.src.partition(",")
    assert header.startswith("data:image/svg+xml")
    svg = urllib.parse.unquote(payload) if "base64" not in header else base64.b64decode(payload).decode()
    assert ET.fromstring(svg).tag.endswith("svg") and "<path" in svg
    assert parts[Ids.CITE_GBT7714].value.startswith("[1] reform-indicators. 龙港改革成效指标：")
    assert link in parts[Ids.CITE_ENGLISH].value and link in parts[Ids.CITE_BIBTEX].value
    text = texts(block)
    assert "Share and cite" in text and "Cite this chart" in text and "Copy link" in text
    # Every text field is labelled (axe: form elements must have labels).
    labels = {x.htmlFor for x in _walk(block) if type(x).__name__ == "Label"}
    assert {Ids.SHARE_LINK, Ids.CITE_GBT7714, Ids.CITE_ENGLISH, Ids.CITE_BIBTEX} <= labels
