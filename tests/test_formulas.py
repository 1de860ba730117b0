import ast
import sys

import pytest

from indicators.formulas import (
    SELECTORS,
    Formula,
    FormulaError,
    Quantity,
    Reference,
    divide,
    evaluate,
    parse_formula,
    subtract,
)
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


# --- edges: limits, selectors, the product of zeros, messages -----------------------------------------


def test_a_formula_of_exactly_1000_characters_is_allowed_and_1001_is_not():
    assert parse_formula("a" * 1000).indicators == {"a" * 1000}
    with pytest.raises(FormulaError, match="formula is longer than 1000 characters"):
        parse_formula("a" * 1001)


def test_the_text_is_kept_without_surrounding_blanks():
    formula = parse_formula("  a / b \n")
    assert formula.text == "a / b"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "formula is empty"),
        ("   ", "formula is empty"),
        (None, "formula is empty"),
        ("a +", "formula is not valid arithmetic"),
        ("-" * 999 + "a", "nested too deeply"),
        ("(" * 300 + "a" + ")" * 300, "nested too deeply|not valid arithmetic"),
        ("first", "'first' is a period selector; write indicator\\[first\\]"),
        ("a ** 2", "'a \\*\\* 2' is not allowed in a formula"),
        ("a % 2", "is not allowed"),
        ("a // 2", "is not allowed"),
        ("~a", "is not allowed"),
        ("a + True", "'True' is not allowed"),
        ("a[b]", "selector \\[b\\] must be first, latest or a quoted period"),
        ("a[True]", "selector \\[True\\] must be"),
        ("a[1.5]", "selector \\[1.5\\] must be"),
    ],
)
def test_refusals_say_why(text, message):
    with pytest.raises(FormulaError, match=message):
        parse_formula(text)


def test_a_year_may_be_written_as_a_number_in_a_selector():
    formula = parse_formula("x[2022] - x[first]")
    assert formula.references == (Reference("x", "2022"), Reference("x", "first"))
    result = evaluate(
        formula, {Reference("x", "2022"): Quantity(5, Q.EXACT), Reference("x", "first"): Quantity(2, Q.EXACT)}
    )
    assert result == Quantity(3, Q.EXACT)


def test_references_are_listed_once_in_order_of_first_use():
    formula = parse_formula("b + a * b - a[latest] + 2.5")
    assert formula.references == (Reference("b", None), Reference("a", None), Reference("a", "latest"))
    assert formula.indicators == {"a", "b"}
    assert formula.aligned == {"a", "b"}


@pytest.mark.parametrize(
    ("text", "inputs", "expected"),
    [
        # 0 × 0: the product moves by da·db, so an exact operand keeps it exactly 0.
        ("a * b", {"a": (0, Q.EXACT), "b": (0, Q.AT_LEAST)}, Quantity(0, Q.EXACT)),
        ("a * b", {"a": (0, Q.AT_MOST), "b": (0, Q.EXACT)}, Quantity(0, Q.EXACT)),
        ("a * b", {"a": (0, Q.AT_LEAST), "b": (0, Q.AT_LEAST)}, Quantity(0, Q.AT_LEAST)),
        ("a * b", {"a": (0, Q.AT_MOST), "b": (0, Q.AT_MOST)}, Quantity(0, Q.AT_LEAST)),
        ("a * b", {"a": (0, Q.AT_LEAST), "b": (0, Q.AT_MOST)}, Quantity(0, Q.AT_MOST)),
        ("a * b", {"a": (0, Q.APPROXIMATELY), "b": (0, Q.AT_LEAST)}, Quantity(0, Q.APPROXIMATELY)),
        # one zero: the other operand's qualifier goes the way the zero's sign sends it.
        ("a * b", {"a": (0, Q.AT_LEAST), "b": (5, Q.EXACT)}, Quantity(0, Q.AT_LEAST)),
        ("a * b", {"a": (0, Q.AT_LEAST), "b": (-5, Q.AT_LEAST)}, Quantity(0, Q.AT_MOST)),
        ("a * b", {"a": (3, Q.AT_LEAST), "b": (2, Q.AT_LEAST)}, Quantity(6, Q.AT_LEAST)),
        ("a / b", {"a": (-10, Q.EXACT), "b": (5, Q.AT_LEAST)}, Quantity(-2, Q.AT_LEAST)),
        ("a / b", {"a": (0, Q.EXACT), "b": (5, Q.AT_LEAST)}, Quantity(0, Q.EXACT)),
        ("+a", {"a": (3, Q.AT_MOST)}, Quantity(3, Q.AT_MOST)),
        ("a - -b", {"a": (3, Q.EXACT), "b": (2, Q.AT_LEAST)}, Quantity(5, Q.AT_LEAST)),
        ("2 * a", {"a": (3, Q.AT_MOST)}, Quantity(6, Q.AT_MOST)),
        ("a + 0.5", {"a": (3, Q.EXACT)}, Quantity(3.5, Q.EXACT)),
    ],
)
def test_products_quotients_and_signs(text, inputs, expected):
    assert _eval(text, **inputs) == expected


def test_division_by_zero_is_reported_by_divide():
    with pytest.raises(FormulaError, match="division by zero"):
        divide(Quantity(1, Q.EXACT), Quantity(0, Q.AT_LEAST))
    assert divide(Quantity(1, Q.EXACT), Quantity(4, Q.AT_LEAST)) == Quantity(0.25, Q.AT_MOST)
    assert subtract(Quantity(5, Q.AT_LEAST), Quantity(3, Q.EXACT)) == Quantity(2, Q.AT_LEAST)


def test_selector_words():
    assert set(SELECTORS) == {"first", "latest"}


def _at_depth(total: int, call):
    """Run ``call`` with the interpreter's stack ``total`` frames deep."""
    depth, frame = 0, sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back

    def down(n: int):
        return down(n - 1) if n > 0 else call()

    return down(total - depth)


def test_deep_in_a_call_stack_the_parser_runs_out_of_room_and_says_so():
    with pytest.raises(FormulaError, match="formula is nested too deeply"):
        _at_depth(sys.getrecursionlimit() - 80, lambda: parse_formula("-" * 999 + "a"))


@pytest.mark.parametrize(
    ("source", "message"),
    [("a ** 2", "operator Pow is not allowed"), ("a.b", "cannot evaluate a.b"), ("[a]", "cannot evaluate \\[a\\]")],
)
def test_a_formula_built_by_hand_is_refused_when_evaluated(source, message):
    tree = ast.parse(source, mode="eval").body
    formula = Formula(source, tree, (Reference("a", None),))
    with pytest.raises(FormulaError, match=message):
        evaluate(formula, {Reference("a", None): Quantity(2, Q.EXACT)})


def test_formulas_references_and_quantities_are_values():
    formula = parse_formula("a + 1")
    with pytest.raises(AttributeError):
        formula.text = "b"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        Quantity(1, Q.EXACT).value = 2  # type: ignore[misc]
    assert {Reference("a", None): 1}[Reference("a", None)] == 1
