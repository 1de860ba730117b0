import pytest

from indicators.magnitudes import ValueFormatError, parse_value, split_magnitude


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.3亿", 130_000_000.0),
        ("4113万", 41_130_000.0),
        ("10万", 100_000.0),
        ("48万", 480_000.0),
        ("1.2万亿", 1_200_000_000_000.0),
        ("2,681", 2681.0),
        ("105", 105.0),
        (105, 105.0),
        (0.78, 0.78),
        ("-3.5", -3.5),
    ],
)
def test_magnitude_words_resolve_to_base_units(raw, expected):
    assert parse_value(raw) == expected


def test_yuan_written_with_different_words_can_be_compared_and_summed():
    assert parse_value("1.3亿") > parse_value("4113万")
    assert parse_value("1.3亿") + parse_value("4113万") == 171_130_000.0


@pytest.mark.parametrize("raw", [True, None, "abc", "", "一百", "nan", "1e5", float("inf"), [1], {"a": 1}, "10 万 元"])
def test_non_numbers_are_rejected(raw):
    with pytest.raises(ValueFormatError):
        parse_value(raw)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(130_000_000.0, (1.3, "亿")), (41_130_000.0, (4113.0, "万")), (7500.0, (7500.0, "")), (-480_000.0, (-48.0, "万"))],
)
def test_split_magnitude(value, expected):
    assert split_magnitude(value) == expected
