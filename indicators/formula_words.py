"""A derived indicator's formula written in words, for readers: ``= 最新值 − 首个值（国家高新技术企业）``.

It reads the tree :func:`indicators.formulas.parse_formula` made (no second parser): indicator ids
become their names, ``[first]``/``[latest]`` the words for them, a quoted period its written form,
and ``* /`` the signs readers use (× ÷). When every input is the same indicator, its name is said
once, at the end, instead of before each value.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from indicators import locales
from indicators.formatting import Lang, format_period
from indicators.formulas import SELECTORS, Formula, parse_formula
from indicators.periods import parse_period

#: Words for the period selectors and the sign that starts a formula, per language.
_WORDS = locales.translatable(
    "formula words",
    {
        "zh": {"first": "首个值", "latest": "最新值", "equals": "= {formula}"},
        "en": {"first": "first value", "latest": "latest value", "equals": "= {formula}"},
    },
    by="language",
)
_SIGNS = {ast.Add: "+", ast.Sub: "−", ast.Mult: "×", ast.Div: "÷"}
_PRECEDENCE = {ast.Add: 1, ast.Sub: 1, ast.Mult: 2, ast.Div: 2}


def formula_in_words(text: str | Formula, name_of: Callable[[str], str], lang: Lang) -> str:
    """The formula in words in a language, ids named by ``name_of``.

    >>> names = {"a": "国家高新技术企业"}.__getitem__
    >>> formula_in_words("a[latest] - a[first]", names, "zh")
    '= 最新值 − 首个值（国家高新技术企业）'
    >>> formula_in_words("(a[latest] / a[first] - 1) * 100", names, "zh")
    '= (最新值 ÷ 首个值 − 1) × 100（国家高新技术企业）'

    Raises:
        indicators.formulas.FormulaError: When the text is not a valid formula.
    """
    formula = text if isinstance(text, Formula) else parse_formula(text)
    words = locales.text_in(_WORDS, lang)
    locale = locales.get(lang)
    one = formula.indicators if len(formula.indicators) == 1 else set()

    def value(name: str, selector: str | None) -> str:
        said = None
        if selector in SELECTORS:
            said = words[selector]
        elif selector is not None:
            said = format_period(parse_period(selector), lang)
        if one:
            return said or name_of(name)
        return locale.parenthesized(name_of(name), said) if said else name_of(name)

    def say(node: ast.AST, parent: int = 0, right: bool = False) -> str:
        match node:
            case ast.Constant(value=number):
                return f"{number:g}" if isinstance(number, float) else str(number)
            case ast.Name(id=name):
                return value(name, None)
            case ast.Subscript(value=ast.Name(id=name), slice=selector):
                return value(name, _selector(selector))
            case ast.UnaryOp(op=ast.USub(), operand=operand):
                return f"−{say(operand, 3)}"
            case ast.UnaryOp(operand=operand):
                return say(operand, parent, right)
            case ast.BinOp(left=left, op=op, right=right_node):
                own = _PRECEDENCE[type(op)]
                said = f"{say(left, own)} {_SIGNS[type(op)]} {say(right_node, own, right=True)}"
                # Brackets where the order of operations needs them: a − (b − c), a ÷ (b × c), (a + b) × c.
                return f"({said})" if own < parent or (right and own == parent) else said
        raise ValueError(f"cannot say {ast.unparse(node)}")  # pragma: no cover - parse_formula forbids it

    said = say(formula.tree)
    if one:
        said = locale.parenthesized(said, name_of(next(iter(one))))
    return words["equals"].format(formula=said)


def _selector(node: ast.AST) -> str:
    match node:
        case ast.Name(id=name):
            return name
        case ast.Constant(value=period):
            return str(period)
    raise ValueError(f"cannot say the selector {ast.unparse(node)}")  # pragma: no cover
