"""The coverage audit and the draft: every number of a text is found, accounted for, or drafted."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from cli.main import main
from indicators import load_dataset
from indicators.number_finder import NumberKind, find_numbers
from indicators.numerals import NumeralError, parse_chinese_numeral

#: The base data quotes 2019年有47家 and 目前已达到105家; the rest of this text is new.
ARTICLE = "龙港高新技术企业快速增长。\n2019年有47家，目前已达到105家。\n今年1到3月，新增企业12家，另有三十五家在建。\n"


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("三十五", 35), ("两", 2), ("十", 10), ("十二", 12), ("一百零八", 108), ("三千五百万", 35_000_000),
     ("一亿三千万", 130_000_000), ("二〇二二", 2022), ("10万", 100_000), ("1.3亿", 130_000_000), ("4113萬", 41_130_000)],
)  # fmt: skip
def test_chinese_numerals(numeral, value):
    assert parse_chinese_numeral(numeral) == value


@pytest.mark.parametrize("text", ["", "三x", "十百", "万"])
def test_malformed_numerals_are_refused(text):
    with pytest.raises(NumeralError):
        parse_chinese_numeral(text)


def found(text: str) -> list[tuple[str, float, str, str]]:
    return [(n.text, n.value, n.kind.value, n.qualifier.value) for n in find_numbers(text)]


def test_the_finder_finds_arabic_and_chinese_numerals_with_their_hedges():
    text = "今年1到3月,投诉有70多件,简易程序案件10万余起,近200个项目,覆盖率达78%,1.3億元。"
    assert found(text) == [
        ("1到3月", 1.0, "date", "exact"),
        ("70", 70.0, "quantity", "at_least"),
        ("10万", 100_000.0, "quantity", "at_least"),
        ("200", 200.0, "quantity", "approximately"),
        ("78%", 78.0, "percent", "exact"),
        ("1.3億", 130_000_000.0, "quantity", "exact"),
    ]


def test_ranks_ratios_and_chinese_quantities():
    text = "均为全省第一。规上企业数量翻了一番,产值翻两番。常住人口三十五万人。百分之五的企业。实现零的突破。"
    assert found(text) == [
        ("第一", 1.0, "rank", "exact"),
        ("翻了一番", 2.0, "ratio", "exact"),
        ("翻两番", 4.0, "ratio", "exact"),
        ("三十五万", 350_000.0, "quantity", "exact"),
        ("百分之五", 5.0, "percent", "exact"),
        ("零的突破", 0.0, "quantity", "exact"),
    ]


def test_time_spans_and_dates_are_numbers_too():
    numbers = find_numbers("近两个月来没有投诉。将满三周年。2022-08-23 14:07:53。2019年。")
    assert [(n.text, n.kind) for n in numbers] == [
        ("两", NumberKind.DURATION),
        ("三", NumberKind.DURATION),
        ("2022-08-23", NumberKind.DATE),
        ("14:07:53", NumberKind.DATE),
        ("2019", NumberKind.DATE),
    ]


def test_words_written_with_numerals_are_not_numbers():
    assert found("一直统一推进一体化,进一步打造一站式服务,一系列改革。星期四。万一。") == []


def test_a_hedge_word_counts_on_its_own_side_only():
    assert found("其余3家")[0][3] == "exact", "其余 (the others) is not 余 (more than)"
    assert found("超过100家")[0][3] == "at_least"
    assert found("200个以上")[0][3] == "at_least"


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def with_text(make_data_dir, tmp_path: Path, not_curated: str = "") -> tuple[Path, Path]:
    data_dir = make_data_dir()
    source = data_dir / "sources" / "base.yaml"
    source.write_text(
        source.read_text(encoding="utf-8").replace(
            "  date_accessed: 2026-11-28\n",
            f"  date_accessed: 2026-11-28\n  text: {{file: article.txt, sha256: {sha(ARTICLE)}}}\n{not_curated}",
        ),
        encoding="utf-8",
    )
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "article.txt").write_text(ARTICLE, encoding="utf-8")
    return data_dir, texts


def test_audit_fails_naming_each_uncovered_number_and_its_line(make_data_dir, tmp_path, capsys):
    data_dir, texts = with_text(make_data_dir, tmp_path)
    assert main(["audit", str(data_dir), "--texts", str(texts)]) == 1
    out = capsys.readouterr().out
    assert "source base-source (article.txt): 6 numbers found, 3 covered by quotes, 0 explained" in out
    assert "article.txt:3:3 uncovered date “1到3月” in: 今年1到3月，新增企业12家，另有三十五家在建" in out
    assert "article.txt:3:12 uncovered quantity “12”" in out
    assert "article.txt:3:18 uncovered quantity “三十五”" in out


def test_audit_passes_when_everything_is_covered_or_explained(make_data_dir, tmp_path, capsys):
    explained = (
        "  not_curated:\n"
        "    - {text: 今年1到3月，新增企业12家, reason: new enterprises are not curated yet}\n"
        "    - {text: 另有三十五家在建, reason: enterprises under construction are not an indicator}\n"
    )
    data_dir, texts = with_text(make_data_dir, tmp_path, explained)
    assert main(["audit", "--data-dir", str(data_dir), "--texts", str(texts)]) == 0
    out = capsys.readouterr().out
    assert "6 numbers found, 3 covered by quotes, 3 explained in not_curated, 0 uncovered" in out


def test_audit_without_texts_says_nothing_was_audited(make_data_dir, capsys):
    assert main(["audit", str(make_data_dir()), "--texts", "/nonexistent"]) == 0
    assert "Nothing audited: no source text at hand" in capsys.readouterr().out


def test_draft_for_a_new_source_is_never_loaded_until_confirmed(make_data_dir, tmp_path, capsys):
    data_dir = make_data_dir()
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "new.txt").write_text("今年1到3月,龙港新增企业12家,另有近三十五家在建。\n", encoding="utf-8")
    out = data_dir / "sources" / "new-source.yaml"
    assert main(["draft", str(texts / "new.txt"), "--source-id", "new-source", "--data-dir", str(data_dir),
                 "--texts", str(texts), "--out", str(out)]) == 0  # fmt: skip
    drafted = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert drafted["source"]["text"] == {
        "file": "new.txt",
        "sha256": sha("今年1到3月,龙港新增企业12家,另有近三十五家在建。\n"),
    }
    first, second = drafted["observations"]
    assert first["draft"]["period_phrase"] == "今年1到3月"
    assert (first["value"], first["qualifier"], first["quote"]) == (12, "exact", "龙港新增企业12家")
    assert (second["value"], second["qualifier"], second["draft"]["unit_word"]) == (35, "approximately", "家")
    assert first["indicator"] is None and first["period"] is None
    # Loaded as it is, every drafted record is refused, saying why.
    ds = load_dataset(data_dir)
    assert sorted(p.record or "" for p in ds.errors if "is a draft" in p.message) == [
        "line-1-14", "line-1-21", "new-source",
    ]  # fmt: skip
    assert len(ds.observations) == 2


def test_a_confirmed_draft_loads(make_data_dir, tmp_path):
    data_dir = make_data_dir()
    text = tmp_path / "bulletin.txt"
    text.write_text("2022年末,龙港共有高新技术企业120家。\n", encoding="utf-8")
    out = tmp_path / "draft.yaml"
    assert main(["draft", str(text), "--source-id", "base-source", "--data-dir", str(data_dir), "--out", str(out)]) == 0
    (record,) = yaml.safe_load(out.read_text(encoding="utf-8"))["observations"]
    assert record["draft"]["period_phrase"] == "2022年"
    # The curator completes it and deletes the draft block.
    del record["draft"]
    record.update(indicator="high_tech", period="2022-06-30", source="base-source", id="ht-confirmed")
    (data_dir / "confirmed.yaml").write_text(yaml.safe_dump({"observations": [record]}, allow_unicode=True))
    ds = load_dataset(data_dir)
    assert ds.errors == []
    assert ds.observations.set_index("obs_id").loc["base-source:ht-confirmed", "value"] == 120.0


def test_draft_leaves_out_what_the_source_already_covers(make_data_dir, tmp_path, capsys):
    data_dir, texts = with_text(make_data_dir, tmp_path)
    assert main(["draft", str(texts / "article.txt"), "--source-id", "base-source", "--data-dir", str(data_dir)]) == 0
    drafted = yaml.safe_load(capsys.readouterr().out)
    assert "source" not in drafted
    assert [(r["value"], r["quote"]) for r in drafted["observations"]] == [
        (12, "新增企业12家"),
        (35, "另有三十五家在建"),
    ]
