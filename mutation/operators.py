"""Mutants of a module's source: small, realistic slips, each one a change of one AST node.

Operators (the ``kind`` of a mutant):

* ``compare``: ``<`` becomes ``<=`` or ``>=`` (a boundary moved, a test inverted), ``==``/``!=``,
  ``is``/``is not``, ``in``/``not in``;
* ``boolean``: ``and``/``or``;
* ``arithmetic``: ``+``/``-``, ``*``/``/``, ``//`` to ``/``, ``%`` to ``//``, ``**`` to ``*``, a unary
  minus dropped;
* ``condition``: an ``if``/``elif``/``while``/ternary/comprehension/``case`` guard negated (``not``
  dropped where there is one);
* ``constant``: a number plus one, a flag flipped, a string changed (``"约"`` to ``"XX约XXX"``);
* ``return``: a returned value dropped (``return None``);
* ``message``: the message of a raised error dropped (``raise E()``); its text is not mutated piece by
  piece, since tests match a message's key words, not every letter;
* ``swap``: two neighbouring entries of a table (a module- or class-level dict, tuple or list) swap
  values.

Not mutated: docstrings and other bare strings, annotations and ``Literal[...]`` (type-only), imports.
"""

from __future__ import annotations

import ast
import copy
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

#: Path from the module node to a node: (field name, list index or None) per step.
Path = tuple[tuple[str, int | None], ...]

#: Replacements of each comparison operator: its boundary neighbour and its negation.
COMPARE_SWAPS: dict[type[ast.cmpop], tuple[type[ast.cmpop], ...]] = {
    ast.Lt: (ast.LtE, ast.GtE),
    ast.LtE: (ast.Lt, ast.Gt),
    ast.Gt: (ast.GtE, ast.LtE),
    ast.GtE: (ast.Gt, ast.Lt),
    ast.Eq: (ast.NotEq,),
    ast.NotEq: (ast.Eq,),
    ast.Is: (ast.IsNot,),
    ast.IsNot: (ast.Is,),
    ast.In: (ast.NotIn,),
    ast.NotIn: (ast.In,),
}
#: Replacement of each arithmetic operator.
ARITHMETIC_SWAPS: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Div,
    ast.Mod: ast.FloorDiv,
    ast.Pow: ast.Mult,
}
#: Longest text shown for a node in reports (matching uses the whole text).
SHOWN_CHARS = 90


@dataclass(frozen=True)
class Mutant:
    """One change to one module.

    Attributes:
        module: Dotted name of the module (``indicators.periods``).
        number: Position among the module's mutants, from 1, in source order.
        line: Line of the changed node.
        scope: Qualified name of the enclosing function or class, ``<module>`` at the top.
        kind: The operator (see the module docstring).
        before: The original code of the node (a keyword argument with its name: ``slots=True``).
        after: The changed code.
        occurrence: Which of the mutants with the same scope, kind, before and after this is (from 1).
    """

    module: str
    number: int
    line: int
    scope: str
    kind: str
    before: str
    after: str
    occurrence: int = 1
    path: Path = field(default=(), repr=False, compare=False)
    replacement: ast.AST = field(default_factory=ast.Pass, repr=False, compare=False)

    @property
    def identity(self) -> tuple[str, str, str, str, str, int]:
        """What names a mutant regardless of line numbers (used to list equivalent mutants)."""
        return (self.module, self.scope, self.kind, self.before, self.after, self.occurrence)

    def describe(self) -> str:
        """One line for reports: ``L42 parse_period compare: a < b -> a <= b``."""
        return f"L{self.line} {self.scope} {self.kind}: {shorten(self.before)} → {shorten(self.after)}"


def shorten(text: str) -> str:
    """``text`` on one line, cut to :data:`SHOWN_CHARS` characters."""
    text = " ".join(text.split())
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def mutants(source: str, module: str) -> list[Mutant]:
    """Every mutant of a module's source, in source order."""
    tree = ast.parse(source)
    seen: Counter[tuple[str, str, str, str]] = Counter()
    found = []
    for number, (path, line, scope, kind, before, after, replacement) in enumerate(_Walker(tree).walk(), start=1):
        seen[scope, kind, before, after] += 1
        occurrence = seen[scope, kind, before, after]
        found.append(Mutant(module, number, line, scope, kind, before, after, occurrence, path, replacement))
    return found


def mutated_tree(source: str, mutant: Mutant) -> ast.Module:
    """The module's tree with one mutant applied (the source's own tree is parsed anew)."""
    tree = ast.parse(source)
    *steps, (name, index) = mutant.path
    parent: ast.AST = tree
    for step_name, step_index in steps:
        child = getattr(parent, step_name)
        parent = child if step_index is None else child[step_index]
    replacement = copy.deepcopy(mutant.replacement)
    if index is None:
        setattr(parent, name, replacement)
    else:
        getattr(parent, name)[index] = replacement
    return ast.fix_missing_locations(tree)


def compile_mutant(source: str, mutant: Mutant, filename: str):
    """Code object of the mutated module, ready to ``exec`` in place of the original."""
    return compile(mutated_tree(source, mutant), filename, "exec")


def _mutated_string(value: str) -> str:
    return f"XX{value}XX" if value else "XX"


def _is_docstring(node: ast.AST) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def _is_type_only(node: ast.AST) -> bool:
    """``Literal[...]`` and friends: read by type checkers, never by the running code."""
    return (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Name)
        and node.value.id in {"Literal", "Optional", "Union", "TypeVar"}
    )


def _negated(test: ast.expr) -> ast.expr:
    return ast.UnaryOp(op=ast.Not(), operand=copy.deepcopy(test))


class _Walker:
    """Walks a tree in source order, yielding each mutation with where it applies."""

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree

    def walk(self) -> Iterator[tuple[Path, int, str, str, str, str, ast.AST]]:
        yield from self._visit(self.tree, (), "<module>", table=False)

    def _visit(self, node: ast.AST, path: Path, scope: str, *, table: bool) -> Iterator:
        if isinstance(node, ast.keyword) and isinstance(node.value, ast.Constant) and node.arg:
            # A flag or size passed by name reads best with its name: slots=True -> slots=False.
            for change in self._mutations(node.value, (*path, ("value", None)), scope, table=table):
                path_, line, scope_, kind, before, after, replacement = change
                yield (path_, line, scope_, kind, f"{node.arg}={before}", f"{node.arg}={after}", replacement)
            return
        yield from self._mutations(node, path, scope, table=table)
        yield from self._children(node, path, scope, table=table)

    def _children(self, node: ast.AST, path: Path, scope: str, *, table: bool) -> Iterator:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            inner = node.name if scope == "<module>" else f"{scope}.{node.name}"
        else:
            inner = scope
        for name, value in ast.iter_fields(node):
            if name in {"annotation", "returns", "type_comment"}:
                continue
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and name == "decorator_list":
                # Decorators run at definition, like module-level code; named after what they decorate.
                for index, child in enumerate(value):
                    yield from self._visit(child, (*path, (name, index)), inner, table=False)
                continue
            children = value if isinstance(value, list) else [value]
            for index, child in enumerate(children):
                if not isinstance(child, ast.AST):
                    continue
                step = (name, index if isinstance(value, list) else None)
                yield from self._visit_child(node, child, (*path, step), inner, table=table)

    def _visit_child(self, parent: ast.AST, child: ast.AST, path: Path, scope: str, *, table: bool) -> Iterator:
        if _is_docstring(child) or _is_type_only(child):
            return
        if isinstance(child, ast.Import | ast.ImportFrom):
            return
        if isinstance(child, ast.Raise):
            yield from self._raise(child, path, scope)
            return
        # A table: the value assigned at module or class level (not inside a function).
        in_table = table or (
            isinstance(parent, ast.Assign | ast.AnnAssign)
            and path[-1][0] == "value"
            and (scope == "<module>" or self._is_class_scope(scope))
        )
        yield from self._visit(child, path, scope, table=in_table)

    def _is_class_scope(self, scope: str) -> bool:
        node: ast.AST = self.tree
        for name in scope.split("."):
            node = next(
                (
                    n
                    for n in getattr(node, "body", [])
                    if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and n.name == name
                ),
                None,
            )
            if node is None:
                return False
        return isinstance(node, ast.ClassDef)

    def _raise(self, node: ast.Raise, path: Path, scope: str) -> Iterator:
        exc = node.exc
        if isinstance(exc, ast.Call) and (exc.args or exc.keywords):
            replacement = ast.Call(func=copy.deepcopy(exc.func), args=[], keywords=[])
            yield self._change((*path, ("exc", None)), node, scope, "message", exc, replacement)

    def _change(self, path: Path, node: ast.AST, scope: str, kind: str, before: ast.AST, after: ast.AST) -> tuple:
        return (path, getattr(node, "lineno", 0), scope, kind, ast.unparse(before), ast.unparse(after), after)

    def _mutations(self, node: ast.AST, path: Path, scope: str, *, table: bool) -> Iterator:
        line_node = node
        match node:
            case ast.Compare(ops=ops):
                for index, op in enumerate(ops):
                    for new_op in COMPARE_SWAPS.get(type(op), ()):
                        after = copy.deepcopy(node)
                        after.ops[index] = new_op()
                        yield self._change(path, line_node, scope, "compare", node, after)
            case ast.BoolOp(op=op):
                after = copy.deepcopy(node)
                after.op = ast.Or() if isinstance(op, ast.And) else ast.And()
                yield self._change(path, line_node, scope, "boolean", node, after)
            case ast.BinOp(op=op) if type(op) in ARITHMETIC_SWAPS:
                after = copy.deepcopy(node)
                after.op = ARITHMETIC_SWAPS[type(op)]()
                yield self._change(path, line_node, scope, "arithmetic", node, after)
            case ast.AugAssign(op=op) if type(op) in ARITHMETIC_SWAPS:
                after = copy.deepcopy(node)
                after.op = ARITHMETIC_SWAPS[type(op)]()
                yield self._change(path, line_node, scope, "arithmetic", node, after)
            case ast.UnaryOp(op=ast.USub(), operand=operand):
                yield self._change(path, line_node, scope, "arithmetic", node, copy.deepcopy(operand))
            case ast.UnaryOp(op=ast.Not(), operand=operand):
                yield self._change(path, line_node, scope, "condition", node, copy.deepcopy(operand))
            case ast.Constant(value=bool(value)):
                yield self._change(path, line_node, scope, "constant", node, ast.Constant(not value))
            case ast.Constant(value=int(value) | float(value)):
                yield self._change(path, line_node, scope, "constant", node, ast.Constant(value + 1))
            case ast.Constant(value=str(value)):
                yield self._change(path, line_node, scope, "constant", node, ast.Constant(_mutated_string(value)))
            case ast.Return(value=value) if value is not None and not (
                isinstance(value, ast.Constant) and value.value is None
            ):
                yield self._change(path, line_node, scope, "return", node, ast.Return(value=ast.Constant(None)))
        yield from self._conditions(node, path, scope)
        if table:
            yield from self._swaps(node, path, scope)

    def _conditions(self, node: ast.AST, path: Path, scope: str) -> Iterator:
        """Negate tests that no comparison flip already inverts."""
        tests: list[tuple[str, int | None, ast.expr]] = []
        match node:
            case ast.If(test=test) | ast.IfExp(test=test) | ast.While(test=test):
                tests.append(("test", None, test))
            case ast.comprehension(ifs=ifs):
                tests += [("ifs", index, test) for index, test in enumerate(ifs)]
            case ast.match_case(guard=guard) if guard is not None:
                tests.append(("guard", None, guard))
        for name, index, test in tests:
            single_compare = isinstance(test, ast.Compare) and len(test.ops) == 1
            if single_compare or (isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not)):
                continue
            line_node = test if hasattr(test, "lineno") else node
            yield self._change((*path, (name, index)), line_node, scope, "condition", test, _negated(test))

    def _swaps(self, node: ast.AST, path: Path, scope: str) -> Iterator:
        """Neighbouring entries of a table swap values (entries alike are not a mutant)."""
        if isinstance(node, ast.Dict):
            for index in range(len(node.values) - 1):
                a, b = node.values[index], node.values[index + 1]
                if node.keys[index] is None or node.keys[index + 1] is None or ast.dump(a) == ast.dump(b):
                    continue
                after = copy.deepcopy(node)
                after.values[index], after.values[index + 1] = after.values[index + 1], after.values[index]
                first, second = ast.unparse(node.keys[index]), ast.unparse(node.keys[index + 1])
                before = f"{first}: {ast.unparse(a)}, {second}: {ast.unparse(b)}"
                after_text = f"{first}: {ast.unparse(b)}, {second}: {ast.unparse(a)}"
                yield (path, a.lineno, scope, "swap", before, after_text, after)
        elif isinstance(node, ast.Tuple | ast.List) and isinstance(node.ctx, ast.Load):
            for index in range(len(node.elts) - 1):
                a, b = node.elts[index], node.elts[index + 1]
                if ast.dump(a) == ast.dump(b) or any(isinstance(e, ast.Starred) for e in (a, b)):
                    continue
                after = copy.deepcopy(node)
                after.elts[index], after.elts[index + 1] = after.elts[index + 1], after.elts[index]
                yield (
                    path,
                    a.lineno,
                    scope,
                    "swap",
                    f"{ast.unparse(a)}, {ast.unparse(b)}",
                    f"{ast.unparse(b)}, {ast.unparse(a)}",
                    after,
                )
