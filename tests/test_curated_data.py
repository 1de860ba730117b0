"""The curated data in data/: valid, complete, and pinned to the article's figures."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators import load_dataset
from indicators.audit import Coverage
from indicators.source_checks import check_source_texts
from indicators.texts import TextStatus
from tests.conftest import ARTICLE, DATA_DIR, need_article

SOURCE = "longgang-fabu-2022-08-23"
FOUNDED, PUBLISHED = "2019-09-25", "2022-08-23"
SINCE_FOUNDING = (FOUNDED, PUBLISHED)


@pytest.fixture(scope="module")
def dataset():
    from indicators import clear_cache

    clear_cache()
    return load_dataset(DATA_DIR)


def test_every_file_in_data_is_valid(dataset):
    assert dataset.problems == []
    assert len(dataset.files) >= 5


def test_quotes_are_short_clauses(dataset):
    quotes = list(dataset.observations["quote"]) + list(dataset.events["quote"].dropna())
    assert all(len(q) <= 60 for q in quotes), "a quote is the short clause that holds the figure"


def test_the_source_names_its_text_by_hash_not_by_copy(dataset):
    text = dataset.source_models[SOURCE].text
    assert text is not None and text.file == ARTICLE.name and len(text.sha256) == 64
    assert not list(DATA_DIR.rglob("*.txt")), "the project carries quotes, not the article"


def test_quotes_are_verbatim_clauses_of_the_article(dataset):
    """Through the product's own check: every quote and not_curated text stands in the article."""
    need_article()
    checks = check_source_texts(dataset, ARTICLE.parent)
    assert checks.texts[SOURCE].status is TextStatus.AVAILABLE, "the article is not the text that was curated"
    assert checks.problems == []
    assert len(checks.items) == len(dataset.observations) + dataset.events["quote"].notna().sum() + len(
        dataset.source_models[SOURCE].not_curated
    )


def test_every_number_of_the_article_is_accounted_for(dataset):
    need_article()
    (audit,) = check_source_texts(dataset, ARTICLE.parent).audit()
    assert [(n.line, n.number.text) for n in audit.uncovered] == []
    # Numbers found: 42 inside quotes, 18 explained in not_curated (hotlines, ages, titles, dates).
    assert (audit.count(Coverage.COVERED), audit.count(Coverage.EXPLAINED)) == (42, 18)
    assert {n.number.text for n in audit.numbers} >= {"翻了一番", "零的突破", "10万", "78%", "第一", "两", "三"}


# (indicator, period start, period end, measure, value in base units, qualifier)
ARTICLE_FIGURES = [
    ("above_scale_enterprises", PUBLISHED, PUBLISHED, "ratio_to_base", 2.0, "approximately"),
    ("little_giant_enterprises", FOUNDED, FOUNDED, "stock", 0.0, "exact"),
    ("little_giant_enterprises", PUBLISHED, PUBLISHED, "stock", 1.0, "at_least"),
    ("national_high_tech_enterprises", "2019-01-01", "2019-12-31", "stock", 47.0, "exact"),
    ("national_high_tech_enterprises", PUBLISHED, PUBLISHED, "stock", 105.0, "exact"),
    ("econ_bureau_counterpart_bureaus", PUBLISHED, PUBLISHED, "stock", 8.0, "exact"),
    ("econ_bureau_counterpart_divisions", PUBLISHED, PUBLISHED, "stock", 97.0, "exact"),
    ("econ_bureau_modules", PUBLISHED, PUBLISHED, "stock", 11.0, "exact"),
    ("econ_bureau_business_groups", PUBLISHED, PUBLISHED, "stock", 43.0, "exact"),
    ("tax_cadre_behaviour_categories", PUBLISHED, PUBLISHED, "stock", 6.0, "exact"),
    ("tax_cadre_behaviour_items", PUBLISHED, PUBLISHED, "stock", 39.0, "exact"),
    ("tax_cadre_behaviour_records", PUBLISHED, PUBLISHED, "stock", 7500.0, "exact"),
    ("tax_positive_list_items", PUBLISHED, PUBLISHED, "stock", 23.0, "exact"),
    ("tax_negative_list_items", PUBLISHED, PUBLISHED, "stock", 16.0, "exact"),
    ("tax_administrator_indicators", PUBLISHED, PUBLISHED, "stock", 18.0, "exact"),
    ("square_dance_noise_complaints", "2022-01-01", "2022-03-31", "mean_per_month", 70.0, "at_least"),
    ("square_dance_noise_complaints", "2022-06-24", PUBLISHED, "mean_per_month", 0.0, "exact"),
    ("enforcement_domains", FOUNDED, FOUNDED, "stock", 9.0, "exact"),
    ("enforcement_domains", PUBLISHED, PUBLISHED, "stock", 31.0, "exact"),
    # Printed without a hedge word, but a whole per cent is a rounded figure (see the notes).
    ("enforcement_domain_coverage", PUBLISHED, PUBLISHED, "stock", 78.0, "approximately"),
    ("enforcement_items", FOUNDED, FOUNDED, "stock", 318.0, "exact"),
    ("enforcement_items", PUBLISHED, PUBLISHED, "stock", 2681.0, "exact"),
    ("enforcement_item_coverage", PUBLISHED, PUBLISHED, "stock", 45.0, "approximately"),
    ("enforcement_domain_expansion_rank", PUBLISHED, PUBLISHED, "rank", 1.0, "exact"),
    ("enforcement_item_transfer_rank", PUBLISHED, PUBLISHED, "rank", 1.0, "exact"),
    ("general_procedure_cases", *SINCE_FOUNDING, "flow", 1000.0, "at_least"),
    ("simple_procedure_cases", *SINCE_FOUNDING, "flow", 100_000.0, "at_least"),
    ("enforcement_cases", *SINCE_FOUNDING, "ratio_to_base", 1.0, "at_least"),
    ("eco_environment_cases", *SINCE_FOUNDING, "flow", 168.0, "exact"),
    ("eco_environment_max_penalty", *SINCE_FOUNDING, "maximum", 480_000.0, "exact"),
    ("health_cases", *SINCE_FOUNDING, "flow", 114.0, "exact"),
    ("culture_cases", *SINCE_FOUNDING, "flow", 67.0, "exact"),
    ("criminal_leads_transferred", *SINCE_FOUNDING, "flow", 13.0, "exact"),
    ("procurement_projects_in_scope", PUBLISHED, PUBLISHED, "stock", 200.0, "approximately"),
    ("procurement_budget", "2022-01-01", "2022-12-31", "plan", 130_000_000.0, "exact"),
    ("procurement_projects_launched", "2022-01-01", PUBLISHED, "flow", 85.0, "exact"),
    ("procurement_funds_launched", "2022-01-01", PUBLISHED, "flow", 41_130_000.0, "exact"),
]


def _rows(frame: pd.DataFrame) -> list[tuple]:
    return [
        (
            r.indicator_id,
            r.period_start.strftime("%Y-%m-%d"),
            r.period_end.strftime("%Y-%m-%d"),
            r.measure,
            r.value,
            r.qualifier,
        )
        for r in frame.itertuples()
    ]


def test_every_figure_of_the_article_is_curated_exactly(dataset):
    assert sorted(_rows(dataset.observations)) == sorted(ARTICLE_FIGURES)
    assert set(dataset.observations["source_id"]) == {SOURCE}


def test_units_of_the_article_figures(dataset):
    units = dataset.observations.set_index("obs_id")["unit"]
    assert units[f"{SOURCE}:procurement-budget-2022"] == units[f"{SOURCE}:procurement-funds-launched"] == "yuan"
    assert units[f"{SOURCE}:eco-max-penalty"] == "yuan"
    assert units[f"{SOURCE}:domain-coverage-now"] == "percent"
    assert units[f"{SOURCE}:general-cases-since-founding"] == "case"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_relative_time_phrases_are_resolved_in_notes(dataset, lang):
    notes = dataset.observations.set_index("obs_id")[f"note_{lang}"]
    for obs_id, phrase in [
        ("high-tech-now", "目前"),
        ("noise-2022-q1", "今年1到3月"),
        ("noise-last-two-months", "近两个月来"),
        ("general-cases-since-founding", "设市以来"),
        ("procurement-budget-2022", "今年"),
    ]:
        assert phrase in notes[f"{SOURCE}:{obs_id}"]
    assert dataset.observations[f"note_{lang}"].notna().all()


def test_a_hedged_period_is_recorded_as_such(dataset):
    """近两个月来 hedges the time span, not the value: the period is approximate, the zero exact."""
    rows = dataset.observations.set_index("obs_id")
    noise = rows.loc[f"{SOURCE}:noise-last-two-months"]
    assert (noise["period_qualifier"], noise["qualifier"], noise["value"]) == ("approximately", "exact", 0.0)
    assert (rows.drop(f"{SOURCE}:noise-last-two-months")["period_qualifier"] == "exact").all()


def test_every_curated_note_is_written_in_both_languages(dataset):
    """Officials read the Chinese view: a note left in English only would be a gap in it."""
    frames = {
        "observations": dataset.observations,
        "events": dataset.events,
        "sources": dataset.sources,
    }
    for name, frame in frames.items():
        noted = frame[frame["note_en"].notna()]
        assert len(noted), name
        untranslated = noted[noted["note_zh"] == noted["note_en"]]
        assert untranslated.empty, f"{name}: {untranslated.index.tolist()}"
        # A Chinese note is written in Chinese, not an English text with a Chinese phrase quoted in it.
        assert all(sum(c.isascii() and c.isalpha() for c in text) < len(text) / 4 for text in noted["note_zh"]), name


# (derived indicator, value, qualifier)
DERIVED_FIGURES = [
    ("national_high_tech_enterprises_change", 58.0, "exact"),
    ("national_high_tech_enterprises_growth", (105 / 47 - 1) * 100, "exact"),
    ("econ_bureau_divisions_per_module", 97 / 11, "exact"),
    ("enforcement_cases", 101_000.0, "at_least"),
    ("enforcement_domains_change", 22.0, "exact"),
    ("enforcement_domains_multiple", 31 / 9, "exact"),
    ("enforcement_items_change", 2363.0, "exact"),
    ("enforcement_items_multiple", 2681 / 318, "exact"),
    ("enforcement_domains_implied_total", 31 / 78 * 100, "approximately"),
    ("enforcement_items_implied_total", 2681 / 45 * 100, "approximately"),
    ("procurement_budget_share_launched", 4113 / 13000 * 100, "exact"),
    ("procurement_funds_per_project", 41_130_000 / 85, "exact"),
    ("procurement_projects_launched_share", 85 / 200 * 100, "approximately"),
    ("square_dance_noise_complaints_change", -70.0, "at_most"),
]


def test_derived_values(dataset):
    derived = dataset.derived.set_index("indicator_id")
    assert sorted(derived.index) == sorted(name for name, _, _ in DERIVED_FIGURES)
    for name, value, qualifier in DERIVED_FIGURES:
        assert derived.loc[name, "value"] == pytest.approx(value), name
        assert derived.loc[name, "qualifier"] == qualifier, name


def test_every_category_has_indicators_and_every_indicator_a_value(dataset):
    categories = set(dataset.indicators["category"])
    assert categories == {
        "enterprises",
        "government_structure",
        "cadre_evaluation",
        "administrative_enforcement",
        "procurement_of_services",
        "public_complaints",
    }
    assert set(dataset.indicators.index) == set(dataset.all_observations["indicator_id"])


def test_milestones(dataset):
    events = dataset.events.set_index("event_id")
    assert events.loc["city-founded", "start"] == pd.Timestamp(FOUNDED)
    assert (events.loc["state-council-approval", "start"], events.loc["state-council-approval", "end"]) == (
        pd.Timestamp("2019-08-01"),
        pd.Timestamp("2019-08-31"),
    )


def test_validate_and_audit_pass_on_the_data_with_the_article(capsys):
    from cli.main import main

    need_article()
    assert main(["validate", str(DATA_DIR), "--texts", str(ARTICLE.parent)]) == 0
    assert "quotes checked against 000_c816c65f701a0978.txt" in capsys.readouterr().out
    assert main(["audit", str(DATA_DIR), "--texts", str(ARTICLE.parent)]) == 0
    assert "60 numbers found, 42 covered by quotes, 18 explained in not_curated, 0 uncovered" in capsys.readouterr().out


def test_an_edited_article_fails_validate_and_audit_naming_the_quote_and_the_numbers(tmp_path, capsys):
    """A copy of the article (in the test's own folder) that lost a figure and gained two."""
    from cli.main import main

    text = need_article().read_text(encoding="utf-8")
    edited = text.replace("已达到105家", "已达到108家").replace(
        "取得了良好的社会效益", "取得了良好的社会效益,新增12家,另有三十五家在建"
    )
    (tmp_path / ARTICLE.name).write_text(edited, encoding="utf-8")
    assert main(["validate", str(DATA_DIR), "--texts", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert "[high-tech-now] error: quote “目前,已达到105家” is not in the text" in captured.err
    assert "is “目前,已达到108家”" in captured.err
    assert "[longgang-fabu-2022-08-23] warning: text 000_c816c65f701a0978.txt is not the text that was curated" in (
        captured.out
    )
    assert main(["audit", str(DATA_DIR), "--texts", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    line = next(n for n, text_line in enumerate(edited.splitlines(), start=1) if "新增12家" in text_line)
    assert f"000_c816c65f701a0978.txt:{line}:" in out
    assert "uncovered quantity “12”" in out and "uncovered quantity “三十五”" in out
    assert "uncovered quantity “108”" in out
