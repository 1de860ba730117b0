"""Formulas of derived indicators: parsing (a tiny, safe arithmetic language) and evaluation.

A formula is arithmetic over indicator ids, optionally picking one period of an indicator::

    enforcement_items / enforcement_item_coverage * 100          # same period for every input
    national_high_tech_enterprises[latest] - national_high_tech_enterprises[first]
    procurement_funds_launched["2022-01-01/2022-08-23"] / procurement_budget["2022"] * 100

Only numbers, indicator ids, ``+ - * /``, parentheses and ``[first]``, ``[latest]`` or
``["<period>"]`` selectors are allowed; anything else is a validation error. Nothing is ``eval``-ed.

Every value carries a :class:`~indicators.qualifiers.Qualifier`, propagated through the arithmetic
by the sign of each input's effect on the result (see :mod:`indicators.qualifiers`).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from indicators.qualifiers import Qualifier, directed, flip, join, zero_product

SELECTORS = ("first", "latest")


class FormulaError(ValueError):
    """A formula that is not in the allowed language, or that cannot be evaluated."""


@dataclass(frozen=True, slots=True)
class Reference:
    """An indicator named in a formula, with its period selector (None: aligned on the same period)."""

    indicator: str
    selector: str | None


@dataclass(frozen=True, slots=True)
class Formula:
    """A parsed formula."""

    text: str
    tree: ast.expr
    references: tuple[Reference, ...]

    @property
    def indicators(self) -> set[str]:
        """Ids of every indicator the formula uses."""
        return {ref.indicator for ref in self.references}

    @property
    def aligned(self) -> set[str]:
        """Ids used without a selector: they are evaluated period by period."""
        return {ref.indicator for ref in self.references if ref.selector is None}


def parse_formula(text: str) -> Formula:
    """Parse and check a formula.

    Raises:
        FormulaError: If the text uses anything outside the allowed arithmetic.
    """
    if not isinstance(text, str) or not text.strip():
        raise FormulaError("formula is empty")
    if len(text) > 1000:
        raise FormulaError("formula is longer than 1000 characters")
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except (SyntaxError, RecursionError, MemoryError) as exc:
        if not isinstance(exc, SyntaxError):
            raise FormulaError("formula is nested too deeply") from None
        raise FormulaError(f"formula is not valid arithmetic: {exc.msg}") from None
    references: list[Reference] = []
    try:
        _check(tree, references)
    except RecursionError:
        raise FormulaError("formula is nested too deeply") from None
    return Formula(text.strip(), tree, tuple(dict.fromkeys(references)))


def _check(node: ast.AST, references: list[Reference]) -> None:
    match node:
        case ast.BinOp(left=left, op=ast.Add() | ast.Sub() | ast.Mult() | ast.Div(), right=right):
            _check(left, references)
            _check(right, references)
        case ast.UnaryOp(op=ast.USub() | ast.UAdd(), operand=operand):
            _check(operand, references)
        case ast.Constant(value=value) if isinstance(value, int | float) and not isinstance(value, bool):
            pass
        case ast.Name(id=name):
            if name in SELECTORS:
                raise FormulaError(f"'{name}' is a period selector; write indicator[{name}]")
            references.append(Reference(name, None))
        case ast.Subscript(value=ast.Name(id=name), slice=selector):
            references.append(Reference(name, _selector(selector)))
        case _:
            raise FormulaError(
                f"'{ast.unparse(node)}' is not allowed in a formula; "
                'use numbers, indicator ids, + - * /, parentheses and [first], [latest] or ["period"]'
            )


def _selector(node: ast.AST) -> str:
    match node:
        case ast.Name(id=name) if name in SELECTORS:
            return name
        case ast.Constant(value=str(period)):
            return period
        case ast.Constant(value=int(year)) if not isinstance(year, bool):
            return str(year)
    raise FormulaError(f"selector [{ast.unparse(node)}] must be first, latest or a quoted period")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A value with its qualifier, as it flows through a formula."""

    value: float
    qualifier: Qualifier


def evaluate(formula: Formula, values: dict[Reference, Quantity]) -> Quantity:
    """Evaluate a parsed formula given a quantity for each of its references.

    Raises:
        FormulaError: On division by zero.
    """
    return _eval(formula.tree, values)


def _eval(node: ast.AST, values: dict[Reference, Quantity]) -> Quantity:
    match node:
        case ast.Constant(value=value):
            return Quantity(float(value), Qualifier.EXACT)
        case ast.Name(id=name):
            return values[Reference(name, None)]
        case ast.Subscript(value=ast.Name(id=name), slice=selector):
            return values[Reference(name, _selector(selector))]
        case ast.UnaryOp(op=op, operand=operand):
            q = _eval(operand, values)
            return Quantity(-q.value, flip(q.qualifier)) if isinstance(op, ast.USub) else q
        case ast.BinOp(left=left, op=op, right=right):
            a, b = _eval(left, values), _eval(right, values)
            return _binary(op, a, b)
    raise FormulaError(f"cannot evaluate {ast.unparse(node)}")  # a Formula built by hand, not parsed


def _binary(op: ast.operator, a: Quantity, b: Quantity) -> Quantity:
    # Each input passes its qualifier on in the direction it moves the result (the sign of the
    # partial derivative): d(a-b)/db = -1, d(a/b)/db = -a/b², d(a*b)/da = b.
    match op:
        case ast.Add():
            return Quantity(a.value + b.value, join(a.qualifier, b.qualifier))
        case ast.Sub():
            return Quantity(a.value - b.value, join(a.qualifier, flip(b.qualifier)))
        case ast.Mult():
            if a.value == 0 and b.value == 0:
                return Quantity(a.value * b.value, zero_product(a.qualifier, b.qualifier))
            qualifier = join(directed(a.qualifier, b.value), directed(b.qualifier, a.value))
            return Quantity(a.value * b.value, qualifier)
        case ast.Div():
            if b.value == 0:
                raise FormulaError("division by zero")
            qualifier = join(directed(a.qualifier, b.value), directed(b.qualifier, -a.value))
            return Quantity(a.value / b.value, qualifier)
    raise FormulaError(f"operator {type(op).__name__} is not allowed")  # likewise


def subtract(a: Quantity, b: Quantity) -> Quantity:
    """``a - b`` with qualifiers carried (the change from b to a)."""
    return _binary(ast.Sub(), a, b)


def divide(a: Quantity, b: Quantity) -> Quantity:
    """``a / b`` with qualifiers carried.

    Raises:
        FormulaError: When b is 0.
    """
    return _binary(ast.Div(), a, b)
