"""Properties of qualifiers: the lattice they form, and their propagation through formulas.

The oracle for propagation is brute force: a qualifier says in which directions the true value may lie
from the recorded number (exact: none; at_least: up; at_most: down; approximately: both). Nudge every
input by an infinitesimal step in each direction its qualifier allows, recompute the formula in exact
rational arithmetic, and check that the result only moves in directions its qualifier allows.
"""

from __future__ import annotations

import ast
import itertools
import math
from fractions import Fraction
from functools import reduce

from hypothesis import assume, example, given
from hypothesis import strategies as st

from indicators.formulas import FormulaError, Quantity, Reference, evaluate, parse_formula
from indicators.qualifiers import Qualifier, directed, flip, join, weakest
from tests.strategies import qualifiers

EXACT, APPROX, AT_LEAST, AT_MOST = (
    Qualifier.EXACT,
    Qualifier.APPROXIMATELY,
    Qualifier.AT_LEAST,
    Qualifier.AT_MOST,
)
#: Directions (signs of true value minus recorded value) each qualifier allows.
DIRECTIONS = {EXACT: {0}, AT_LEAST: {0, 1}, AT_MOST: {0, -1}, APPROX: {-1, 0, 1}}


def tightest(directions: set[int]) -> Qualifier:
    """The most exact qualifier allowing every direction in the set."""
    return next(q for q in (EXACT, AT_LEAST, AT_MOST, APPROX) if directions <= DIRECTIONS[q])


# --- 4a. the lattice ---------------------------------------------------------------------------------


@given(qualifiers, qualifiers, qualifiers)
def test_join_is_a_semilattice_with_exact_as_identity_and_approximately_absorbing(a, b, c):
    assert join(a, b) == join(b, a)
    assert join(join(a, b), c) == join(a, join(b, c))
    assert join(a, a) == a
    assert join(a, EXACT) == a == join(EXACT, a)
    assert join(a, APPROX) == APPROX == join(APPROX, a)
    assert weakest([a, b, c]) == reduce(join, [a, b, c], EXACT)


@given(qualifiers, qualifiers)
def test_join_allows_exactly_the_directions_either_allows(a, b):
    assert join(a, b) == tightest(DIRECTIONS[a] | DIRECTIONS[b])


@given(qualifiers, qualifiers, st.sampled_from([-2.5, -1, 0, 1, 3]))
def test_flip_is_an_involution_that_distributes_over_join(a, b, sign):
    assert flip(flip(a)) == a
    assert flip(join(a, b)) == join(flip(a), flip(b))
    assert DIRECTIONS[flip(a)] == {-d for d in DIRECTIONS[a]}
    assert directed(a, sign) == (a if sign > 0 else flip(a) if sign < 0 else EXACT)


# --- 4b. propagation through formulas -------------------------------------------------------------

NAMES = ("a", "b", "c")
EPSILON = Fraction(1, 10**40)  # far below any gap between the rationals generated here

leaves = st.one_of(st.sampled_from(NAMES), st.sampled_from(NAMES), st.sampled_from(NAMES), st.integers(0, 5).map(str))
formula_texts = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from("+-*/"), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        inner.map(lambda t: f"(-{t})"),
    ),
    max_leaves=6,
)
#: Values whose binary floats are exact, so float and rational arithmetic agree on every sign.
rationals = st.one_of(st.just(Fraction(0)), st.builds(Fraction, st.integers(0, 40), st.sampled_from([1, 2, 4])))


def exact_value(node: ast.AST, env: dict[str, Fraction]) -> Fraction:
    """The formula in rational arithmetic (raises ZeroDivisionError like the real thing raises FormulaError)."""
    match node:
        case ast.Constant(value=value):
            return Fraction(value)
        case ast.Name(id=name):
            return env[name]
        case ast.UnaryOp(op=op, operand=operand):
            inner = exact_value(operand, env)
            return -inner if isinstance(op, ast.USub) else inner
        case ast.BinOp(left=left, op=op, right=right):
            x, y = exact_value(left, env), exact_value(right, env)
            match op:
                case ast.Add():
                    return x + y
                case ast.Sub():
                    return x - y
                case ast.Mult():
                    return x * y
                case ast.Div():
                    return x / y
    raise AssertionError(ast.dump(node))


def float_signs_agree(node: ast.AST, env: dict[str, Fraction]) -> bool:
    """Whether every intermediate float has the sign of the exact value (no rounding artefacts)."""
    floats = {name: Quantity(float(v), EXACT) for name, v in env.items()}
    for sub in ast.walk(node):
        if isinstance(sub, ast.expr) and not isinstance(sub, ast.Name | ast.Constant):
            text = ast.unparse(sub)
            formula = parse_formula(text)
            got = evaluate(formula, {ref: floats[ref.indicator] for ref in formula.references}).value
            try:
                want = exact_value(sub, env)
            except ZeroDivisionError:  # the float denominator was a rounding error away from 0
                return False
            if (got > 0) != (want > 0) or (got < 0) != (want < 0):
                return False
    return True


def result_directions(tree: ast.AST, env: dict[str, Fraction], given_qualifiers: dict[str, Qualifier]) -> set[int]:
    """Signs of (perturbed result - result) over every nudge the inputs' qualifiers allow."""
    base = exact_value(tree, env)
    names = sorted(env)
    seen = set()
    for nudges in itertools.product(*(sorted(DIRECTIONS[given_qualifiers[n]]) for n in names)):
        moved = {n: env[n] + d * EPSILON for n, d in zip(names, nudges, strict=True)}
        diff = exact_value(tree, moved) - base
        seen.add((diff > 0) - (diff < 0))
    return seen


def run(text: str, env: dict[str, Fraction], quals: dict[str, Qualifier]) -> tuple[ast.AST, Quantity]:
    formula = parse_formula(text)
    values = {Reference(n, None): Quantity(float(env[n]), quals[n]) for n in formula.indicators}
    try:
        result = evaluate(formula, values)
    except FormulaError:
        assume(False)
    return formula.tree, result


@given(
    formula_texts,
    st.fixed_dictionaries(dict.fromkeys(NAMES, rationals)),
    st.fixed_dictionaries(dict.fromkeys(NAMES, qualifiers)),
)
@example("(a * b)", {"a": Fraction(0), "b": Fraction(0), "c": Fraction(1)}, dict.fromkeys(NAMES, AT_LEAST))
@example("(a * a)", {"a": Fraction(0), "b": Fraction(1), "c": Fraction(1)}, dict.fromkeys(NAMES, APPROX))
def test_result_qualifier_allows_every_direction_the_inputs_can_move_it(text, env, quals):
    tree, result = run(text, env, quals)
    names = parse_formula(text).indicators
    env = {n: env[n] for n in names}
    assume(float_signs_agree(tree, env))
    assert math.isclose(result.value, exact_value(tree, env), rel_tol=1e-9, abs_tol=1e-9)
    moved = result_directions(tree, env, quals)
    assert moved <= DIRECTIONS[result.qualifier], f"{text} = {result} but it can move {moved}"


@given(
    st.sampled_from("+-*/"),
    rationals.filter(bool),
    rationals.filter(bool),
    qualifiers,
    qualifiers,
)
def test_one_operation_on_positive_values_gives_the_tightest_qualifier(op, a, b, qa, qb):
    text = f"a {op} b"
    tree, result = run(text, {"a": a, "b": b}, {"a": qa, "b": qb})
    assert result.qualifier == tightest(result_directions(tree, {"a": a, "b": b}, {"a": qa, "b": qb}))
