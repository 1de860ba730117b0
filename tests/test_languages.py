"""Languages as data: the locale registry, fallback chains, and a language added by a file alone."""

from __future__ import annotations

import textwrap
from datetime import date

import pytest

from indicators import clear_cache, locales
from indicators.formatting import format_date, format_number, format_period
from indicators.periods import parse_period
from indicators.schema import Text
from indicators.settings import SettingsError, load_settings
from layouts.i18n import TEXTS, t

FRENCH = """
locale:
  code: fr
  tag: fr
  native_name: Français
  fallback: en
  months: [janv., févr., mars, avr., mai, juin, juil., août, sept., oct., nov., déc.]
  date_day: "{d} {mon} {y}"
  month_range: "{mon1}–{mon2} {y}"
  scales: [[1000000000000, billions], [1000000000, milliards], [1000000, millions]]
  parenthetical: " ({})"
  colon: " : "
texts:
  interface:
    app-title: Indicateurs de la réforme de Longgang
    tab-overview: Vue d'ensemble
  qualifier words:
    approximately: "environ {q}"
    at_least: "au moins {q}"
    at_most: "au plus {q}"
"""


@pytest.fixture
def french(tmp_path):
    (tmp_path / "fr.yaml").write_text(FRENCH, encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text("language: fr\nlanguages: [fr.yaml]\ndata_dir: data\n", encoding="utf-8")
    settings = load_settings(config, environ={})
    yield settings
    locales.remove_translation("fr")
    locales.unregister("fr")
    clear_cache()


def test_chains_end_in_the_base_language():
    assert locales.get("zh").chain() == ("zh",)
    assert locales.get("en").chain() == ("en", "zh")


def test_texts_follow_the_chain():
    assert locales.text_in({"zh": "中", "en": "en"}, "en") == "en"
    assert locales.text_in({"zh": "中"}, "en") == "中"
    assert locales.text_in("same", "en") == "same" and locales.text_in(None, "zh") is None
    text = Text(zh="企业", en="Enterprises")
    assert (locales.text_in(text, "zh"), locales.text_in(text, "en")) == ("企业", "Enterprises")


def test_a_language_file_adds_a_language_with_no_code(french):
    assert french.language == "fr" and "fr" in locales.codes()
    assert t("app-title", "fr") == "Indicateurs de la réforme de Longgang"
    assert t("tab-table", "fr") == TEXTS["tab-table"]["en"]  # not translated: the fallback, English
    assert format_date(date(2022, 8, 23), "fr") == "23 août 2022"
    assert format_period(parse_period("2022-01/2022-03"), "fr") == "Q1 2022"  # the fallback pattern
    assert format_number(41_130_000, "fr") == "41.13 millions"
    text = Text.model_validate({"zh": "企业", "en": "Enterprises", "fr": "Entreprises"})
    assert locales.text_in(text, "fr") == "Entreprises"


def test_the_page_speaks_the_added_language(french, dash_app):
    from indicators.settings import Settings
    from server.context import SETTINGS_KEY

    server = dash_app.server
    saved = server.config[SETTINGS_KEY]
    server.config[SETTINGS_KEY] = Settings(language="fr", data_dir=saved.data_dir)
    try:
        page = server.test_client().get("/")
        assert b'<html lang="fr"' in page.data
        from tests.test_snapshots import view_outputs

        outputs = view_outputs(server.test_client(), dash_app, "")
        assert "Indicateurs de la réforme de Longgang" in str(outputs["header.children"])
    finally:
        server.config[SETTINGS_KEY] = saved


def test_texts_of_an_unknown_language_are_refused():
    with pytest.raises(ValueError, match=r"not a language of the dashboard"):
        Text.model_validate({"zh": "企业", "en": "Enterprises", "xx": "?"})


def test_broken_language_files_name_the_file(tmp_path):
    (tmp_path / "bad.yaml").write_text("locale: {code: xx}\n", encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text("languages: [bad.yaml]\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"bad\.yaml"):
        load_settings(config, environ={})
    wrong_keys = textwrap.dedent(
        """
        locale: {code: xy, tag: xy, native_name: X}
        texts:
          qualifier words: {exact: ""}
        """
    )
    (tmp_path / "bad.yaml").write_text(wrong_keys, encoding="utf-8")
    try:
        with pytest.raises(SettingsError, match=r"exactly the keys"):
            load_settings(config, environ={})
    finally:
        locales.unregister("xy")
