import pytest

from indicators.formulas import FormulaError, Quantity, Reference, evaluate, parse_formula
from indicators.qualifiers import Qualifier as Q
from indicators.qualifiers import flip, join, weakest


def test_join_is_the_weakest_qualifier():
    assert join(Q.EXACT, Q.AT_LEAST) is Q.AT_LEAST
    assert join(Q.AT_LEAST, Q.AT_LEAST) is Q.AT_LEAST
    assert join(Q.AT_LEAST, Q.AT_MOST) is Q.APPROXIMATELY
    assert join(Q.APPROXIMATELY, Q.EXACT) is Q.APPROXIMATELY
    assert weakest([]) is Q.EXACT
    assert weakest([Q.EXACT, Q.AT_MOST, Q.EXACT]) is Q.AT_MOST


def test_flip_swaps_one_sided_bounds_only():
    assert [flip(q) for q in Q] == [Q.EXACT, Q.APPROXIMATELY, Q.AT_MOST, Q.AT_LEAST]


def _eval(text: str, **inputs: tuple[float, Q]) -> Quantity:
    formula = parse_formula(text)
    values = {}
    for ref in formula.references:
        value, qualifier = inputs[ref.indicator if ref.selector is None else f"{ref.indicator}_{ref.selector}"]
        values[ref] = Quantity(value, qualifier)
    return evaluate(formula, values)


@pytest.mark.parametrize(
    ("text", "inputs", "expected"),
    [
        ("a + b", {"a": (1000, Q.AT_LEAST), "b": (100_000, Q.AT_LEAST)}, Quantity(101_000, Q.AT_LEAST)),
        ("a - b", {"a": (0, Q.EXACT), "b": (70, Q.AT_LEAST)}, Quantity(-70, Q.AT_MOST)),
        ("a / b * 100", {"a": (2681, Q.EXACT), "b": (45, Q.EXACT)}, Quantity(2681 / 45 * 100, Q.EXACT)),
        ("a / b", {"a": (85, Q.EXACT), "b": (200, Q.APPROXIMATELY)}, Quantity(0.425, Q.APPROXIMATELY)),
        ("a / b", {"a": (10, Q.EXACT), "b": (5, Q.AT_LEAST)}, Quantity(2, Q.AT_MOST)),
        ("a / b", {"a": (10, Q.AT_LEAST), "b": (5, Q.AT_MOST)}, Quantity(2, Q.AT_LEAST)),
        ("a * b", {"a": (10, Q.AT_LEAST), "b": (-1, Q.EXACT)}, Quantity(-10, Q.AT_MOST)),
        ("-a", {"a": (3, Q.AT_MOST)}, Quantity(-3, Q.AT_LEAST)),
        ("a - b", {"a": (5, Q.AT_LEAST), "b": (3, Q.AT_LEAST)}, Quantity(2, Q.APPROXIMATELY)),
    ],
)
def test_arithmetic_carries_qualifiers_by_direction(text, inputs, expected):
    assert _eval(text, **inputs) == expected


def test_selectors_are_references():
    formula = parse_formula('x[latest] / x["2019"] - x[first]')
    assert formula.references == (Reference("x", "latest"), Reference("x", "2019"), Reference("x", "first"))
    assert formula.aligned == set()
    assert parse_formula("a / b").aligned == {"a", "b"}


def test_division_by_zero_is_reported():
    with pytest.raises(FormulaError, match="division by zero"):
        _eval("a / b", a=(1, Q.EXACT), b=(0, Q.EXACT))


@pytest.mark.parametrize(
    "text",
    [
        '__import__("os")',
        "a.b",
        "a ** 2",
        "a if b else c",
        "lambda: 1",
        "[a]",
        "a[b]",
        "a[1:2]",
        "True",
        "first",
        "",
        "a +",
        "-" * 999 + "a",
        "(" * 300 + "a" + ")" * 300,
    ],
)
def test_anything_but_arithmetic_is_refused(text):
    with pytest.raises(FormulaError):
        parse_formula(text)
