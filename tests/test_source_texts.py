"""Source texts referenced by hash, and quotes checked against them (small texts written by the tests)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from cli.main import main
from indicators import load_dataset
from indicators.problems import Severity
from indicators.quotes import TextIndex, normalise
from indicators.settings import load_settings
from indicators.source_checks import check_source_texts
from indicators.texts import TextStatus

#: A small article of the base source's figures (the base data quotes 2019年有47家 and 目前已达到105家).
ARTICLE = "龙港高新技术企业快速增长。\n2019年有47家，\n目前已达到105家（据统计）。\n"


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def with_text(make_data_dir, tmp_path: Path, text: str = ARTICLE, *, recorded: str | None = None) -> tuple[Path, Path]:
    """The base data, its source naming ``article.txt`` (with the hash of ``recorded``), and a texts folder."""
    data_dir = make_data_dir()
    source = data_dir / "sources" / "base.yaml"
    lines = source.read_text(encoding="utf-8").replace(
        "  date_accessed: 2026-11-28\n",
        f"  date_accessed: 2026-11-28\n  text: {{file: article.txt, sha256: {sha(recorded or text)}}}\n",
    )
    source.write_text(lines, encoding="utf-8")
    texts = tmp_path / "texts"
    texts.mkdir(exist_ok=True)
    (texts / "article.txt").write_text(text, encoding="utf-8")
    return data_dir, texts


def test_normalising_folds_punctuation_widths_and_whitespace_only():
    assert normalise("目前，已达到 105家（据统计）\n")[0] == "目前,已达到105家(据统计)"
    assert normalise("７８％")[0] == "７８%", "digits are never folded, only punctuation"
    assert normalise("“小巨人”")[0] == "“小巨人”", "quotation marks are not width forms"


def test_a_quote_is_found_with_its_line_and_column():
    index = TextIndex(ARTICLE)
    (passage,) = index.find("目前已达到105家")
    assert (passage.line, passage.column, passage.text) == (3, 1, "目前已达到105家")
    assert index.find("2019年有47家,目前") != [], "a quote may run over a line break and a full-width comma"
    assert index.find("2019年有48家") == []
    assert index.nearest("2019年有48家").text == "2019年有47家"


def test_quotes_are_checked_against_the_text(make_data_dir, tmp_path):
    data_dir, texts = with_text(make_data_dir, tmp_path)
    checks = check_source_texts(load_dataset(data_dir), texts)
    assert checks.texts["base-source"].status is TextStatus.AVAILABLE
    assert checks.problems == []


def test_a_quote_the_text_no_longer_holds_fails_validate_naming_it(make_data_dir, tmp_path, capsys):
    edited = ARTICLE.replace("105家", "108家")
    data_dir, texts = with_text(make_data_dir, tmp_path, edited, recorded=ARTICLE)
    assert main(["validate", str(data_dir), "--texts", str(texts)]) == 1
    captured = capsys.readouterr()
    assert (
        "sources/base.yaml:17 [ht-now] error: quote “目前已达到105家” is not in the text of base-source (article.txt)"
        in captured.err
    )
    assert "the nearest passage, at article.txt:3:1, is “目前已达到108家”" in captured.err
    # The text changed since it was curated: a warning naming the source.
    assert "[base-source] warning: text article.txt is not the text that was curated" in captured.out
    assert "FAILED: 1 error(s), 1 warning(s); 1 quote(s) not in their source's text" in captured.err


def test_a_missing_text_is_a_notice_and_its_checks_are_skipped(make_data_dir, tmp_path, capsys):
    data_dir, texts = with_text(make_data_dir, tmp_path)
    (texts / "article.txt").unlink()
    checks = check_source_texts(load_dataset(data_dir), texts)
    (notice,) = checks.problems
    assert notice.severity is Severity.NOTICE and notice.record == "base-source"
    assert "its quote check and audit are skipped" in notice.message
    assert main(["validate", "--data-dir", str(data_dir), "--texts", str(tmp_path / "nowhere")]) == 0
    out = capsys.readouterr().out
    assert "[base-source] notice: text not found (the texts folder" in out
    assert "Quote check skipped for 1 source(s)" in out


def test_not_curated_texts_are_checked_like_quotes(make_data_dir, tmp_path):
    data_dir, texts = with_text(make_data_dir, tmp_path)
    source = data_dir / "sources" / "base.yaml"
    source.write_text(
        source.read_text(encoding="utf-8").replace(
            "observations:", "  not_curated:\n    - {text: 据统计了, reason: not a number}\nobservations:"
        ),
        encoding="utf-8",
    )
    (problem,) = check_source_texts(load_dataset(data_dir), texts).problems
    assert problem.record == "base-source not_curated[0]"
    assert problem.message.startswith("not_curated text “据统计了” is not in the text")


def test_the_texts_folder_comes_from_config_then_environment(tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("texts_dir: ../elsewhere/sources\n", encoding="utf-8")
    assert load_settings(config, environ={}).texts_dir == (tmp_path.parent / "elsewhere" / "sources").resolve()
    assert load_settings(config, environ={"REFORM_TEXTS_DIR": "/srv/texts"}).texts_dir == Path("/srv/texts")
    config.write_text("texts_dir: null\n", encoding="utf-8")
    assert load_settings(config, environ={}).texts_dir is None


@pytest.mark.parametrize(
    ("file", "message"),
    [("../outside.txt", "must be a path inside the texts folder"), ("/etc/passwd", "must be a path inside")],
)
def test_a_text_reference_stays_inside_the_texts_folder(make_data_dir, file, message):
    data_dir = make_data_dir()
    source = data_dir / "sources" / "base.yaml"
    source.write_text(
        source.read_text(encoding="utf-8").replace(
            "  date_accessed: 2026-11-28\n",
            f"  date_accessed: 2026-11-28\n  text: {{file: {file}, sha256: {'a' * 64}}}\n",
        ),
        encoding="utf-8",
    )
    (error, *_) = load_dataset(data_dir).errors
    assert error.record == "base-source" and message in error.message
