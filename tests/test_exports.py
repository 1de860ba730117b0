"""Exports for analysts: tidy and wide tables, CSV, xlsx, zip, file names, and the command line."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils import get_column_letter

from cli.main import main
from indicators import load_dataset
from indicators.export_notes import markdown_column_table
from indicators.tables import LABEL_COLUMNS, TIDY_COLUMNS, export_filename, export_table, tidy_frame
from outputs.writers import csv_bytes, neutralize, neutralize_frame, xlsx_bytes, zip_bytes
from tests.conftest import DATA_DIR, ROOT

BOM = b"\xef\xbb\xbf"
SOURCE = "longgang-fabu-2022-08-23"

# Text that spreadsheets would run as formulas, in every kind of text field an export carries.
RISKY = """
indicators:
  - id: risky
    name: {zh: '=HYPERLINK("http://evil.example","点我")', en: "+risky name"}
    description: {zh: "-描述", en: "@description"}
    category: enterprises
    unit: enterprise
  - id: high_tech_drop
    name: {zh: 高新技术企业减少, en: Drop in high-tech enterprises}
    description: {zh: 从2019年到现在的减少, en: Drop since 2019}
    category: enterprises
    unit: enterprise
    measure: change
    formula: high_tech[first] - high_tech[latest]
    processing: {zh: "=最早一期减最新一期", en: "-first minus latest"}
observations:
  - {id: r1, indicator: risky, source: base-source, period: "2020", value: 5, qualifier: at_least, quote: "=1+1", note: "+cmd|' /C calc'!A0"}
  - {id: r2, indicator: risky, source: base-source, period: "2021", value: 6, qualifier: exact, quote: "-2+3", note: "@SUM(1,2)"}
  - {id: r3, indicator: risky, source: base-source, period: "2022-Q1", value: 7, qualifier: exact, quote: 普通原文, note: "-5"}
  - {id: ht-doubled, indicator: high_tech, source: base-source, measure: ratio_to_base, base_period: "2019", period: "2022-08-23", value: 2, qualifier: approximately, quote: 翻了一番}
"""


@pytest.fixture
def risky(make_data_dir):
    dataset = load_dataset(make_data_dir({"risky.yaml": RISKY}))
    assert dataset.problems == []
    return dataset


@pytest.fixture(scope="module")
def real():
    from indicators import clear_cache

    clear_cache()
    return load_dataset(DATA_DIR)


def _read_csv(content: bytes, **kwargs) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(content), encoding="utf-8-sig", **kwargs)


# --- tidy ------------------------------------------------------------------------------------------


def test_tidy_has_the_stable_columns_then_readable_ones_in_the_language(risky):
    for lang in ("zh", "en"):
        frame = _read_csv(csv_bytes(risky, ["high_tech"], lang=lang))
        assert list(frame.columns) == [*TIDY_COLUMNS, *LABEL_COLUMNS]
    zh = export_table(risky, ["high_tech"], lang="zh").set_index("obs_id")
    en = export_table(risky, ["high_tech"], lang="en").set_index("obs_id")
    row = "base-source:ht-doubled"
    assert zh.loc[
        row, ["indicator_name", "unit_label", "value_display", "period_label", "qualifier_label"]
    ].tolist() == [
        "高新技术企业",
        "倍",
        "约2倍",
        "2022年8月23日",
        "约数（约、近）",
    ]
    assert en.loc[row, ["indicator_name", "unit_label", "value_display", "period_label"]].tolist() == [
        "High-tech enterprises",
        "times",
        "about 2×",
        "23 Aug 2022",
    ]
    assert en.loc["base-source:ht-2019", "value_display"] == "47 enterprises"


def test_tidy_without_a_language_is_the_tidy_frame(risky):
    assert export_table(risky, lang=None).equals(tidy_frame(risky))


def test_bom_by_default_and_plain_utf8_on_request(risky):
    with_bom, without = csv_bytes(risky), csv_bytes(risky, bom=False)
    assert with_bom.startswith(BOM + b"indicator_id,")
    assert without.startswith(b"indicator_id,")
    assert with_bom[len(BOM) :] == without
    assert "高新技术企业".encode() in without


def test_text_cells_are_neutralized_and_numbers_stay_numbers(risky):
    content = csv_bytes(risky, lang="en", bom=False)
    frame = _read_csv(content, keep_default_na=False).set_index("obs_id")
    assert frame.loc["base-source:r1", ["quote", "note_en", "indicator_name_zh", "indicator_name"]].tolist() == [
        "'=1+1",
        "'+cmd|' /C calc'!A0",
        """'=HYPERLINK("http://evil.example","点我")""",
        "'+risky name",
    ]
    assert frame.loc["base-source:r2", ["quote", "note_zh"]].tolist() == ["'-2+3", "'@SUM(1,2)"]
    assert frame.loc["base-source:r3", "quote"] == "普通原文"
    assert frame.loc["base-source:r3", "note_en"] == "-5"  # a plain number is no formula, so left alone
    # The derived drop is negative: a number in the file, not quoted text.
    assert pd.api.types.is_numeric_dtype(frame["value"])
    assert frame.loc["derived:high_tech_drop@2019-01-01/2022-08-23", "value"] == -58
    assert b",-58," in content and b"'-58" not in content
    assert not any(line.startswith((b"=", b"+", b"-", b"@")) for line in content.splitlines())


@pytest.mark.parametrize("text", ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "=", "-"])
def test_every_formula_trigger_is_neutralized(text):
    assert neutralize(text) == "'" + text


@pytest.mark.parametrize("value", ["-70", "+5", "-1.5e3", "普通", "a=1", "", -70.0, 3, None])
def test_numbers_and_harmless_text_are_left_alone(value):
    assert neutralize(value) == value


def test_tab_and_carriage_return_are_neutralized_in_a_frame():
    # The loader strips leading whitespace from YAML text, so these are checked on a frame directly.
    frame = pd.DataFrame({"text": ["\tcmd", "\rcmd", "ok", None], "number": [-1.0, 2.0, -3.5, 0.0]})
    safe = neutralize_frame(frame)
    assert safe["text"].tolist()[:3] == ["'\tcmd", "'\rcmd", "ok"]
    assert safe["text"].isna().tolist()[3]
    assert safe["number"].tolist() == [-1.0, 2.0, -3.5, 0.0]


# --- wide ------------------------------------------------------------------------------------------


def test_wide_headers_in_chinese_with_qualifier_columns_only_when_needed(risky):
    wide = export_table(risky, ["high_tech", "risky", "high_tech_drop"], layout="wide", lang="zh")
    assert list(wide.columns) == [
        "period",
        "period_start",
        "period_end",
        "period_label",
        "高新技术企业（家）",  # every value exact: no qualifier column
        "高新技术企业（相对基期2019年的倍数）",  # a ratio never shares a column with levels
        "高新技术企业（相对基期2019年的倍数） 限定",
        '=HYPERLINK("http://evil.example","点我")（家）',
        '=HYPERLINK("http://evil.example","点我")（家） 限定',
        "高新技术企业减少（家）",
    ]
    # Rows in order of their last day, then their first.
    assert wide["period"].tolist() == ["2019", "2020", "2021", "2022-Q1", "2019-01-01/2022-08-23", "2022-08-23"]
    assert wide["period_label"].tolist()[:4] == ["2019年", "2020年", "2021年", "2022年第1季度"]
    by_period = wide.set_index("period")
    assert by_period.loc["2022-08-23", "高新技术企业（家）"] == 105
    assert by_period.loc["2022-08-23", "高新技术企业（相对基期2019年的倍数）"] == 2
    assert by_period.loc["2022-08-23", "高新技术企业（相对基期2019年的倍数） 限定"] == "约数（约、近）"
    assert by_period.loc["2020", '=HYPERLINK("http://evil.example","点我")（家） 限定'] == "下限（多、余、以上）"
    assert by_period.loc["2019-01-01/2022-08-23", "高新技术企业减少（家）"] == -58
    assert pd.isna(by_period.loc["2020", "高新技术企业（家）"])
    # Headers are text cells too: neutralized in the file.
    header = _read_csv(csv_bytes(risky, ["risky"], layout="wide")).columns.tolist()
    assert header[4:] == [
        '\'=HYPERLINK("http://evil.example","点我")（家）',
        '\'=HYPERLINK("http://evil.example","点我")（家） 限定',
    ]


def test_wide_headers_in_english_and_numbers_read_back_as_numbers(risky):
    frame = _read_csv(csv_bytes(risky, ["high_tech", "high_tech_drop"], layout="wide", lang="en"))
    assert frame.columns.tolist()[3:] == [
        "period_label",
        "High-tech enterprises (enterprises)",
        "High-tech enterprises (ratio to base period 2019)",
        "High-tech enterprises (ratio to base period 2019) qualifier",
        "Drop in high-tech enterprises (enterprises)",
    ]
    assert pd.api.types.is_numeric_dtype(frame["Drop in high-tech enterprises (enterprises)"])
    assert frame["Drop in high-tech enterprises (enterprises)"].min() == -58
    assert frame["High-tech enterprises (ratio to base period 2019) qualifier"].dropna().tolist() == [
        "approximately (约, 近)"
    ]


def test_wide_gives_another_measure_its_own_column(make_data_dir):
    flow = """
    observations:
      - {id: ht-added, indicator: high_tech, source: base-source, measure: flow, period: "2020/2021", value: 30, qualifier: exact, quote: 新增30家}
    """
    dataset = load_dataset(make_data_dir({"flow.yaml": flow}))
    assert dataset.problems == []
    assert export_table(dataset, ["high_tech"], layout="wide", lang="zh").columns.tolist()[4:] == [
        "高新技术企业（家）",
        "高新技术企业（期间累计，家）",
    ]
    assert export_table(dataset, ["high_tech"], layout="wide", lang="en").columns.tolist()[4:] == [
        "High-tech enterprises (enterprises)",
        "High-tech enterprises (total over the period, enterprises)",
    ]


def test_wide_holds_only_preferred_values(make_data_dir):
    second = """
    source:
      id: press-later
      title: {zh: 后来的报道, en: A later report}
      publisher: {zh: 报社, en: Newspaper}
      kind: press
      url: https://example.org/later
      date_published: 2022-09-01
      date_accessed: 2026-11-28
    observations:
      - {id: ht-now, indicator: high_tech, period: "2022-08-23", value: 110, qualifier: exact, quote: 110家}
    """
    dataset = load_dataset(make_data_dir({"sources/later.yaml": second}))
    tidy = export_table(dataset, ["high_tech"], lang="en")
    assert sorted(tidy.loc[tidy["period"] == "2022-08-23", "value"]) == [105, 110]
    wide = export_table(dataset, ["high_tech"], layout="wide", lang="en").set_index("period")
    assert wide.loc["2022-08-23", "High-tech enterprises (enterprises)"] == 105  # government media over press


def test_wide_without_a_language_is_headed_by_ids(risky):
    wide = export_table(risky, ["high_tech", "risky"], layout="wide", lang=None)
    assert wide.columns.tolist() == [
        "period",
        "period_start",
        "period_end",
        "high_tech",
        "high_tech.ratio_to_base.2019",
        "high_tech.ratio_to_base.2019.qualifier",
        "risky",
        "risky.qualifier",
    ]
    assert wide["risky.qualifier"].dropna().tolist() == ["at_least", "exact", "exact"]


# --- selection -------------------------------------------------------------------------------------


def test_time_range_keeps_periods_that_overlap_it(risky):
    def periods(**kwargs):
        return export_table(risky, ["high_tech", "risky"], lang=None, **kwargs)["period"].tolist()

    assert periods() == ["2019", "2022-08-23", "2022-08-23", "2020", "2021", "2022-Q1"]
    assert periods(start=date(2021, 6, 1)) == ["2022-08-23", "2022-08-23", "2021", "2022-Q1"]
    assert periods(end=date(2020, 1, 1)) == ["2019", "2020"]
    assert periods(start=date(2022, 3, 31), end=date(2022, 3, 31)) == ["2022-Q1"]
    assert periods(start=date(2023, 1, 1)) == []
    # The routes may hand over text or datetimes.
    assert periods(start="2021-06-01") == periods(start=datetime(2021, 6, 1, 12, 0))
    derived = export_table(risky, ["high_tech_drop"], lang=None, start=date(2020, 1, 1), end=date(2020, 12, 31))
    assert derived["period"].tolist() == ["2019-01-01/2022-08-23"]  # a span over the range overlaps it
    wide = export_table(risky, ["high_tech"], layout="wide", lang="en", start=date(2022, 1, 1))
    assert wide["period"].tolist() == ["2022-08-23"]


def test_unknown_ids_raise_key_error_everywhere(risky):
    for export in (export_table, csv_bytes, xlsx_bytes, zip_bytes):
        with pytest.raises(KeyError, match="nope"):
            export(risky, ["high_tech", "nope"])


def test_bad_options_raise_value_error(risky):
    with pytest.raises(ValueError, match="layout"):
        export_table(risky, layout="long")
    with pytest.raises(ValueError, match="lang"):
        export_table(risky, lang="fr")
    with pytest.raises(ValueError, match="after the end"):
        export_table(risky, start=date(2022, 1, 2), end=date(2022, 1, 1))


def test_file_names():
    day = date(2026, 11, 28)
    assert (
        export_filename(["enforcement_items"], "csv", today=day)
        == "longgang-indicators_enforcement_items_2026-11-28.csv"
    )
    assert export_filename(None, ".xlsx", today=day) == "longgang-indicators_all_2026-11-28.xlsx"
    assert export_filename("health_cases", "zip", today=day) == "longgang-indicators_health_cases_2026-11-28.zip"
    assert export_filename(["a", "b", "a"], "csv", today=day) == "longgang-indicators_a-b_2026-11-28.csv"
    assert (
        export_filename(["a", "b", "c", "d", "e"], "csv", today=day)
        == "longgang-indicators_a-b-c-and-2-more_2026-11-28.csv"
    )
    assert (
        export_filename(["../../etc/passwd", "龙港 x"], "csv", today=day)
        == "longgang-indicators_etc-passwd-x_2026-11-28.csv"
    )
    assert export_filename([], "csv", today=day) == "longgang-indicators_none_2026-11-28.csv"
    assert len(export_filename(["x" * 500], "csv", today=day)) < 80
    assert export_filename(None, "csv").endswith(f"_{date.today().isoformat()}.csv")


# --- xlsx ------------------------------------------------------------------------------------------


def test_xlsx_sheets_and_cell_types(risky):
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(risky, lang="zh")))
    assert book.sheetnames == ["data", "indicators", "sources", "qualifiers", "readme"]
    sheet = book["data"]
    header = [c.value for c in sheet[1]]
    assert header == [*TIDY_COLUMNS, *LABEL_COLUMNS]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    rows = {r[header.index("obs_id")].value: r for r in sheet.iter_rows(min_row=2)}
    r1 = rows["base-source:r1"]

    def cell(row, name):
        return row[header.index(name)]

    assert (cell(r1, "value").value, cell(r1, "value").data_type) == (5, "n")
    assert cell(r1, "period_start").value == datetime(2020, 1, 1)
    assert cell(r1, "period_start").is_date and cell(r1, "period_start").number_format == "yyyy-mm-dd"
    assert (cell(r1, "quote").value, cell(r1, "quote").data_type) == ("'=1+1", "s")
    assert cell(r1, "indicator_name").value == """'=HYPERLINK("http://evil.example","点我")"""
    assert cell(r1, "value_display").value == "至少5家"
    assert cell(r1, "preferred").value is True
    drop = rows["derived:high_tech_drop@2019-01-01/2022-08-23"]
    assert (cell(drop, "value").value, cell(drop, "value").data_type) == (-58, "n")
    assert cell(drop, "formula").value == "high_tech[first] - high_tech[latest]"
    assert not [c for r in sheet.iter_rows() for c in r if c.data_type == "f"]

    indicators = {r[0].value: [c.value for c in r] for r in book["indicators"].iter_rows(min_row=2)}
    columns = [c.value for c in book["indicators"][1]]
    assert set(indicators) == {"high_tech", "coverage", "risky", "high_tech_drop"}
    drop_def = dict(zip(columns, indicators["high_tech_drop"], strict=True))
    assert drop_def["formula"] == "high_tech[first] - high_tech[latest]"
    assert drop_def["processing_zh"] == "'=最早一期减最新一期"
    assert (drop_def["unit_name_zh"], drop_def["unit_name_en"]) == ("家", "enterprises")
    sources = book["sources"]
    assert [c.value for c in sources[2]][:2] == ["base-source", "基础来源"]
    assert sources.cell(row=2, column=8).value == datetime(2022, 8, 23)
    assert [c.value for c in book["qualifiers"]["A"]][1:] == ["exact", "approximately", "at_least", "at_most"]
    assert any("基础来源" in str(c.value) for c in book["readme"]["A"])


def test_xlsx_drops_characters_xml_cannot_hold(make_data_dir):
    bell = """
    observations:
      - {id: bell, indicator: high_tech, source: base-source, period: "2020", value: 50, qualifier: exact, quote: 五十家, note: "a\\a bell"}
    """
    dataset = load_dataset(make_data_dir({"bell.yaml": bell}))
    assert "a\a bell" in dataset.observations["note_en"].tolist()
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(dataset, ["high_tech"])))["data"]
    assert "a bell" in [c.value for c in sheet[get_column_letter(TIDY_COLUMNS.index("note_zh") + 1)]]


def test_xlsx_wide_keeps_numbers_and_dates(real):
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(real, ["procurement_budget"], layout="wide", lang="en")))
    sheet = book["data"]
    assert [c.value for c in sheet[1]] == [
        "period",
        "period_start",
        "period_end",
        "period_label",
        "Annual budget for procurement of services (yuan)",
    ]
    assert [c.value for c in sheet[2]] == ["2022", datetime(2022, 1, 1), datetime(2022, 12, 31), "2022", 130_000_000]
    assert sheet["A2"].data_type == "s"  # the period 2022 is text, not the number 2022


# --- zip -------------------------------------------------------------------------------------------


def test_zip_bundles_the_data_with_its_metadata(risky):
    content = zip_bytes(risky, ["risky", "high_tech_drop"], layout="wide", lang="en")
    archive = zipfile.ZipFile(io.BytesIO(content))
    data_file = export_filename(["risky", "high_tech_drop"], "csv")
    assert archive.namelist() == [
        data_file,
        "indicators.csv",
        "sources.csv",
        "qualifiers.csv",
        "metadata.json",
        "datapackage.json",
        "README.txt",
    ]
    assert archive.read(data_file) == csv_bytes(risky, ["risky", "high_tech_drop"], layout="wide", lang="en")
    indicators = _read_csv(archive.read("indicators.csv"))
    assert indicators["indicator_id"].tolist() == ["risky", "high_tech_drop"]
    assert indicators["name_zh"].tolist()[0].startswith("'=HYPERLINK")
    assert indicators.loc[1, "formula"] == "high_tech[first] - high_tech[latest]"
    sources = _read_csv(archive.read("sources.csv"))
    assert sources[["source_id", "url", "date_published"]].values.tolist() == [
        ["base-source", "https://example.org/article", "2022-08-23"]
    ]
    qualifiers = _read_csv(archive.read("qualifiers.csv"), keep_default_na=False).set_index("qualifier")
    assert qualifiers.loc["at_least", "hedge_words_zh"] == "多、余、以上、超过、逾、突破、至少"
    assert qualifiers.loc["approximately", "label_zh"] == "约数（约、近）"
    metadata = json.loads(archive.read("metadata.json"))
    assert (metadata["layout"], metadata["lang"], metadata["indicator_ids"]) == (
        "wide",
        "en",
        ["risky", "high_tech_drop"],
    )
    assert [i["indicator_id"] for i in metadata["indicators"]] == ["risky", "high_tech_drop"]
    assert metadata["sources"][0]["title_en"] == "Base source"
    readme = archive.read("README.txt").decode("utf-8-sig")
    assert "Base source" in readme and "Publisher" in readme and "https://example.org/article" in readme
    assert "wide layout" in readme and "the tidy\r\nlayout" not in readme
    assert "every source's value" in readme
    assert "statistical bulletin, government report" in readme  # the preference rule
    assert "at_least: the figure or more" in readme


def test_zip_readme_in_chinese_and_bom_choice(risky):
    with_bom = zipfile.ZipFile(io.BytesIO(zip_bytes(risky, ["high_tech"])))
    readme = with_bom.read("README.txt")
    assert readme.startswith(BOM)
    text = readme.decode("utf-8-sig")
    assert "龙港改革成效指标" in text and "基础来源" in text and "发布者" in text
    assert "value_display" in text and "看板显示的数值" in text
    assert with_bom.read("sources.csv").startswith(BOM)
    plain = zipfile.ZipFile(io.BytesIO(zip_bytes(risky, ["high_tech"], bom=False)))
    assert not any(plain.read(name).startswith(BOM) for name in plain.namelist())


# --- the real data ---------------------------------------------------------------------------------


def test_real_export_carries_the_article_figures(real):
    frame = _read_csv(csv_bytes(real, lang="zh")).set_index("obs_id")
    assert len(frame) == 37 + 14
    budget = frame.loc[f"{SOURCE}:procurement-budget-2022"]
    assert (budget["value"], budget["unit"], budget["value_stated"], budget["value_display"]) == (
        130_000_000,
        "yuan",
        "1.3亿",
        "1.3亿元",
    )
    cases = frame.loc[f"{SOURCE}:general-cases-since-founding"]
    assert (cases["value"], cases["qualifier"], cases["value_display"], cases["period_label"]) == (
        1000,
        "at_least",
        "至少1000起",
        "2019年9月25日—2022年8月23日",
    )
    assert frame.loc[f"{SOURCE}:procurement-funds-launched", "value"] == 41_130_000
    noise = frame.loc["derived:square_dance_noise_complaints_change@2022-01-01/2022-08-23"]
    assert (noise["value"], noise["qualifier"]) == (-70, "at_most")
    en = export_table(real, ["general_procedure_cases"], lang="en")
    assert en["value_display"].tolist() == ["at least 1,000 cases"]


def test_real_wide_export_puts_ratios_in_their_own_columns(real):
    wide = export_table(real, ["enforcement_cases", "above_scale_enterprises"], layout="wide", lang="zh")
    assert wide.columns.tolist()[4:] == [
        "执法办案量（一般程序＋简易程序）（起）",
        "执法办案量（一般程序＋简易程序）（起） 限定",
        "执法办案量（一般程序＋简易程序）（相对基期2016年9月25日—2019年9月24日的倍数）",
        "执法办案量（一般程序＋简易程序）（相对基期2016年9月25日—2019年9月24日的倍数） 限定",
        "规上企业数量（相对基期2019年9月25日的倍数）",
        "规上企业数量（相对基期2019年9月25日的倍数） 限定",
    ]
    assert wide.iloc[:, 4].dropna().tolist() == [101_000]


def test_docs_list_the_export_columns():
    docs = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    assert markdown_column_table() in docs


# --- command line ----------------------------------------------------------------------------------


def test_cli_csv_to_stdout_has_no_bom_unless_asked(capsysbinary):
    assert main(["export", "--indicator", "health_cases", "--data-dir", str(DATA_DIR)]) == 0
    out = capsysbinary.readouterr().out
    assert out.startswith(b"indicator_id,") and b"value_display" not in out
    assert main(["export", "--bom", "--lang", "en", "--indicator", "health_cases", "--data-dir", str(DATA_DIR)]) == 0
    out = capsysbinary.readouterr().out
    assert out.startswith(BOM + b"indicator_id,") and b"114 cases" in out


def test_cli_files_get_a_bom_unless_refused(tmp_path):
    out = tmp_path / "x.csv"
    assert main(["export", "--layout", "wide", "--out", str(out), "--data-dir", str(DATA_DIR)]) == 0
    content = out.read_bytes()
    assert content.startswith(BOM + b"period,period_start,period_end,period_label,")  # wide defaults to zh
    assert main(["export", "--no-bom", "--out", str(out), "--data-dir", str(DATA_DIR)]) == 0
    assert out.read_bytes().startswith(b"indicator_id,")


def test_cli_xlsx_and_zip_go_to_a_dated_file_here(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--format", "xlsx", "--indicator", "health_cases", "--data-dir", str(DATA_DIR)]) == 0
    written = tmp_path / export_filename(["health_cases"], "xlsx")
    assert str(written) in capsys.readouterr().err
    assert openpyxl.load_workbook(written).sheetnames[0] == "data"
    assert main(["export", "--format", "zip", "--layout", "wide", "--lang", "en", "--data-dir", str(DATA_DIR)]) == 0
    archive = zipfile.ZipFile(tmp_path / export_filename(None, "zip"))
    assert "README.txt" in archive.namelist()
    assert archive.read(export_filename(None, "csv")).startswith(BOM + b"period,")


def test_cli_time_range(capsys):
    args = ["export", "--indicator", "square_dance_noise_complaints", "--data-dir", str(DATA_DIR)]
    assert main([*args, "--start", "2022-04", "--end", "2022"]) == 0
    frame = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert frame["period"].tolist() == ["P2M/2022-08-23"]
    assert main([*args, "--end", "2022-Q1"]) == 0
    assert pd.read_csv(io.StringIO(capsys.readouterr().out))["period"].tolist() == ["2022-01/2022-03"]


def test_cli_errors_exit_2(capsys):
    assert main(["export", "--format", "zip", "--indicator", "nope", "--data-dir", str(DATA_DIR)]) == 2
    assert "unknown indicator id(s): nope" in capsys.readouterr().err
    assert main(["export", "--start", "2023", "--end", "2022", "--data-dir", str(DATA_DIR)]) == 2
    assert "after the end" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["export", "--start", "yesterday"])
    assert exc.value.code == 2
    assert "write a date such as 2022-08-23" in capsys.readouterr().err
