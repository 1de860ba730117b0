"""A third language with no code change: a pseudo-locale renders every view and every export.

``en-XA`` is registered at run time (:func:`indicators.locales.register`) with every table of texts
pseudo-translated from English (⟦Ŧéxţ⟧), the way a translator would add a language. Every page of
the dashboard and every file must then come out in it: interface texts pseudo-translated (no English
left over), curated texts falling back to English, dates and numbers by the locale's conventions.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from openpyxl import load_workbook

from indicators import clear_cache, locales
from layouts.i18n import TEXTS
from layouts.ids import Ids
from tests.test_snapshots import VIEWS, view_outputs

CODE = "en-XA"
_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "åƀçđéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
_PLACEHOLDER = re.compile(r"(\{[^{}]*\})")


def pseudo(text: object) -> object:
    """⟦Accented⟧ text, placeholders kept; tuples and mappings of texts alike."""
    if isinstance(text, str):
        parts = _PLACEHOLDER.split(text)
        return "⟦" + "".join(p if _PLACEHOLDER.fullmatch(p) else p.translate(_ACCENTED) for p in parts) + "⟧"
    if isinstance(text, tuple):
        return tuple(pseudo(item) for item in text)
    if isinstance(text, dict):
        return {key: pseudo(value) for key, value in text.items()}
    return text


@pytest.fixture(scope="module")
def pseudo_locale():
    locales.register(locales.Locale(code=CODE, tag=CODE, native_name="⟦Ƥšéûđö⟧", fallback="en"))
    locales.add_translation(CODE, pseudo)
    clear_cache()
    yield CODE
    locales.remove_translation(CODE)
    locales.unregister(CODE)
    clear_cache()


@pytest.fixture(scope="module")
def client(dash_app):
    return dash_app.server.test_client()


#: Components whose text is in a fixed language by design: the "cite this" texts of each style
#: (GB/T 7714 in Chinese, an English citation, BibTeX), whatever the page's language.
FIXED_LANGUAGE = frozenset({Ids.CITE_GBT7714, Ids.CITE_ENGLISH, Ids.CITE_BIBTEX})


def _strings(value: object) -> list[str]:
    """Every string in a callback's answer (components, figures, options), keys left out."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        if isinstance(value.get("props"), dict) and str(value["props"].get("id")) in FIXED_LANGUAGE:
            return []
        return [s for key, item in value.items() if key not in ("type", "namespace", "id") for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


#: English interface texts long enough to be recognized in a page (shorter ones are single words
#: that the curated English data may hold too).
ENGLISH_UI = sorted(
    {
        text
        for key, texts in TEXTS.items()
        for text in [texts["en"].split("{")[0].strip()]
        if len(text) >= 12
        and re.search(r"[A-Za-z]{4}", text)
        # The switch to English is written in English on every page, for the reader who needs it.
        and key != "switch-to-language"
    }
)


@pytest.mark.parametrize("name", list(VIEWS))
def test_every_view_renders_in_the_pseudo_locale(name, pseudo_locale, client, dash_app):
    search = re.sub(r"lang=en&?", "", VIEWS[name]).rstrip("?&")
    search = f"{search}&lang={CODE}" if search else f"?lang={CODE}"
    outputs = view_outputs(client, dash_app, search)
    text = "\n".join(_strings(outputs))
    assert outputs["view-state.data"]["lang"] == CODE
    assert "⟦Ļöñĝĝåñĝ ŕéƒöŕɱ îñđîçåţöŕš⟧" in text, "the interface is not in the pseudo-locale"
    leaked = [ui for ui in ENGLISH_UI if ui in text]
    assert not leaked, f"English interface texts in the {CODE} page: {leaked[:5]}"


def test_the_page_declares_the_pseudo_locale(pseudo_locale, client):
    page = client.get(f"/?lang={CODE}").get_data(as_text=True)
    assert f'<html lang="{CODE}"' in page


def test_chart_uses_the_locale_for_plotly_and_dates(pseudo_locale, client, dash_app):
    outputs = view_outputs(client, dash_app, f"?tab=chart&ind=enforcement_items&lang={CODE}&view=trend")
    assert outputs["chart.config"]["locale"] == "en"  # the locale's plotly.js locale
    ticks = [stop["value"] for stop in outputs["chart.figure"]["layout"]["xaxis"]["tickformatstops"]]
    assert ticks == ["%-d %b\n%Y", "%b\n%Y", "%Y"]
    hover = " ".join(t for trace in outputs["chart.figure"]["data"] for t in trace.get("hovertext") or [])
    assert "⟦" in hover and "Aug 2022" in hover


@pytest.mark.parametrize("layout", ["tidy", "wide"])
def test_data_files_in_the_pseudo_locale(layout, pseudo_locale, client):
    csv = client.get(f"/data/observations.csv?lang={CODE}&layout={layout}").get_data(as_text=True)
    assert "⟦" in csv  # qualifier labels (tidy) or the headers' qualifier columns (wide)
    book = load_workbook(io.BytesIO(client.get(f"/data/observations.xlsx?lang={CODE}&layout={layout}").get_data()))
    readme = " ".join(str(row[0]) for row in book["readme"].iter_rows(values_only=True) if row[0])
    assert "⟦" in readme
    with zipfile.ZipFile(io.BytesIO(client.get(f"/data/observations.zip?lang={CODE}").get_data())) as archive:
        assert "⟦" in archive.read("README.txt").decode("utf-8-sig")


def test_embed_and_cli_in_the_pseudo_locale(pseudo_locale, client, capsysbinary):
    embed = client.get(f"/embed/enforcement_items?lang={CODE}")
    assert embed.status_code == 200 and f'<html lang="{CODE}">' in embed.get_data(as_text=True)
    from cli.main import main

    assert main(["export", "--format", "csv", "--layout", "wide", "--lang", CODE]) == 0
    assert "⟦" in capsysbinary.readouterr().out.decode("utf-8")


@pytest.mark.slow
def test_image_and_deck_in_the_pseudo_locale(pseudo_locale, client):
    svg = client.get(f"/chart/enforcement_items.svg?lang={CODE}")
    assert svg.status_code == 200 and "⟦" in svg.get_data(as_text=True)
    deck = client.get(f"/briefing.pptx?lang={CODE}&ind=enforcement_items")
    assert deck.status_code == 200
    from pptx import Presentation

    texts = [
        shape.text_frame.text
        for slide in Presentation(io.BytesIO(deck.get_data())).slides
        for shape in slide.shapes
        if shape.has_text_frame
    ]
    assert any("⟦" in text for text in texts)


def test_languages_come_back_as_they_were(pseudo_locale):
    """The fixture's clean-up leaves the two built-in languages (checked after the module, below)."""
    assert CODE in locales.codes()


def test_unregistered_language_is_refused_by_settings_and_links():
    from indicators.settings import Settings
    from layouts.view_state import parse_search

    with pytest.raises(ValueError):
        Settings(language="fr")
    parsed = parse_search("?lang=fr", frozenset())
    assert parsed.state.lang == "zh" and parsed.notices[0].key == "bad-lang"
