"""The mutation runner's own logic: which mutants it makes, how it judges them, what it reports."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mutation.cli import enumerate_targets, split_equivalents, stale_equivalents
from mutation.operators import Mutant, compile_mutant, mutants, mutated_tree
from mutation.report import BEGIN, END, ModuleScore, replace_section, section
from mutation.runner import Verdict
from mutation.targets import EQUIVALENTS, TARGETS, Equivalent, target

ROOT = Path(__file__).resolve().parent.parent


def kinds(source: str) -> list[tuple[str, str, str]]:
    return [(m.kind, m.before, m.after) for m in mutants(textwrap.dedent(source), "m")]


def test_each_operator():
    found = kinds(
        """
        def f(a, b):
            if a < b and not a:
                return a + b
            return -a
        """
    )
    assert ("compare", "a < b", "a <= b") in found
    assert ("compare", "a < b", "a >= b") in found
    assert ("boolean", "a < b and (not a)", "a < b or not a") in found
    assert ("condition", "not a", "a") in found
    assert ("condition", "a < b and (not a)", "not (a < b and (not a))") in found
    assert ("arithmetic", "a + b", "a - b") in found
    assert ("arithmetic", "-a", "a") in found
    assert ("return", "return a + b", "return None") in found


def test_constants_change_by_one_or_gain_letters():
    found = kinds('X = (10 ** 6, 0.5, True, "约", "")\n')
    assert ("constant", "10", "11") in found
    assert ("constant", "6", "7") in found
    assert ("constant", "0.5", "1.5") in found
    assert ("constant", "True", "False") in found
    assert ("constant", "'约'", "'XX约XX'") in found
    assert ("constant", "''", "'XX'") in found


def test_tables_swap_neighbouring_entries_that_differ():
    found = kinds(
        """
        WORDS = {"a": 1, "b": 1, "c": 2}
        NAMES = ("x", "y")
        def f():
            local = {"a": 1, "c": 2}
            return local
        """
    )
    swaps = [(before, after) for kind, before, after in found if kind == "swap"]
    # a/b hold the same value (no mutant); b/c swap; the tuple swaps; the dict inside f is not a table.
    assert swaps == [("'b': 1, 'c': 2", "'b': 2, 'c': 1"), ("'x', 'y'", "'y', 'x'")]


def test_class_level_tables_swap_too():
    found = kinds("class C:\n    ORDER = (1, 2)\n")
    assert ("swap", "1, 2", "2, 1") in found


def test_a_raised_message_is_dropped_whole_not_letter_by_letter():
    found = kinds(
        """
        def f(x):
            raise ValueError(f"bad {x!r}: use 1-2")
        """
    )
    assert found == [("message", "ValueError(f'bad {x!r}: use 1-2')", "ValueError()")]


def test_docstrings_annotations_imports_and_literal_types_are_left_alone():
    found = kinds(
        '''
        """Doc."""
        from typing import Literal
        import os
        Lang = Literal["zh", "en"]
        def f(x: int = 3) -> "str":
            """Doc."""
            return x
        '''
    )
    assert found == [("constant", "3", "4"), ("return", "return x", "return None")]


def test_decorator_arguments_are_named_after_what_they_decorate_and_their_keyword():
    found = mutants(
        "@cache(size=8)\ndef f():\n    pass\n\n@dataclass(frozen=True, slots=True)\nclass C:\n    pass\n", "m"
    )
    assert [(m.scope, m.before, m.after) for m in found] == [
        ("f", "size=8", "size=9"),
        ("C", "frozen=True", "frozen=False"),
        ("C", "slots=True", "slots=False"),
    ]


def test_alike_mutants_in_one_scope_are_told_apart_by_occurrence():
    found = [m for m in mutants("def f(a):\n    return a + 1 if a else 1\n", "m") if m.before == "1"]
    assert [m.occurrence for m in found] == [1, 2]


def test_scopes_name_classes_and_methods():
    source = "class P:\n    def days(self):\n        return 1\n"
    assert {m.scope for m in mutants(source, "m")} == {"P.days"}


def test_each_mutant_changes_exactly_its_node():
    source = "def f(a):\n    return a + 1 if a > 0 else a - 1\n"
    original = ast.dump(ast.parse(source))
    for mutant in mutants(source, "m"):
        tree = mutated_tree(source, mutant)
        assert ast.dump(tree) != original, mutant.describe()
        assert mutant.after in ast.unparse(tree) or mutant.kind == "swap", mutant.describe()
    assert ast.dump(ast.parse(source)) == original


def test_a_mutant_compiles_and_runs_as_changed():
    source = "def f(a):\n    return a * 2\n"
    [mutant] = [m for m in mutants(source, "m") if m.kind == "arithmetic"]
    namespace: dict = {}
    exec(compile_mutant(source, mutant, "m.py"), namespace)
    assert namespace["f"](8) == 4


def test_identity_does_not_depend_on_line_numbers():
    first = mutants("def f(a):\n    return a < 1\n", "m")
    moved = mutants("\n\n\ndef f(a):\n    return a < 1\n", "m")
    assert [m.identity for m in first] == [m.identity for m in moved]
    assert [m.line for m in first] != [m.line for m in moved]


# --- targets and equivalents ------------------------------------------------------------------------


def test_every_target_module_and_test_file_exists():
    for t in TARGETS:
        assert (ROOT / t.path).is_file(), t.path
        for test in t.tests:
            assert (ROOT / test).is_file(), test


def test_targets_are_found_by_short_name():
    assert target("periods").module == "indicators.periods"
    with pytest.raises(KeyError, match="the targets are"):
        target("nothing")


def test_every_listed_equivalent_names_a_current_mutant():
    found = enumerate_targets(list(TARGETS))
    assert stale_equivalents(found, EQUIVALENTS) == []


def test_equivalents_are_split_off_and_stale_ones_reported():
    found = mutants("def f(a):\n    return a < 1\n", "m")
    listed = (
        Equivalent("m", "f", "compare", "a < 1", "a <= 1", "integers only"),
        Equivalent("m", "f", "compare", "a < 2", "a <= 2", "gone"),
    )
    run, matched = split_equivalents(found, listed)
    assert [m.after for m, _ in matched] == ["a <= 1"]
    assert "a <= 1" not in [m.after for m in run]
    assert len(run) == len(found) - 1
    assert stale_equivalents({"m": found}, listed) == [listed[1]]


# --- the report -------------------------------------------------------------------------------------


def _mutant(number: int, kind: str = "compare") -> Mutant:
    return Mutant("m", number, 10 + number, "f", kind, "a < b", "a <= b")


def test_score_counts_timeouts_as_caught_and_leaves_equivalents_out():
    score = ModuleScore("m", ("t.py",))
    score.verdicts = [Verdict(_mutant(1), "killed", 0.1), Verdict(_mutant(2), "timeout", 9.0)]
    score.verdicts += [Verdict(_mutant(3), "survived", 1.0), Verdict(_mutant(4), "killed", 0.1)]
    score.equivalents = [(_mutant(5), Equivalent("m", "f", "compare", "a < b", "a <= b", "same"))]
    assert score.score == 75.0
    assert [m.number for m in score.survivors] == [3]
    text = section([score], command="python -m mutation", stale=[], seconds=12.3)
    assert "| `m` | 5 | 1 | 2 | 1 | 1 | 75.0% |" in text
    assert "`L13 f compare: a < b → a <= b`" in text
    assert "`L15 f compare: a < b → a <= b`: same" in text


def test_the_generated_section_replaces_only_itself():
    doc = f"# Testing\n\nBefore.\n\n{BEGIN}\nold\n{END}\n\nAfter.\n"
    updated = replace_section(doc, f"{BEGIN}\nnew\n{END}")
    assert updated == f"# Testing\n\nBefore.\n\n{BEGIN}\nnew\n{END}\n\nAfter.\n"
    assert replace_section("# Testing\n", f"{BEGIN}\nx\n{END}") == f"# Testing\n\n{BEGIN}\nx\n{END}\n"


# --- running mutants (in a fresh interpreter: the runner forks) --------------------------------------

RUN_SCRIPT = """
import json, sys
sys.path.insert(0, sys.argv[1])
sys.path.insert(0, ".")
from pathlib import Path
from mutation.operators import mutants
from mutation.runner import jobs_for, preload, run_jobs

preload(["pytest"])
source = Path("calc.py").read_text()
found = mutants(source, "calc")
jobs = jobs_for(source, "calc", "calc.py", ["test_calc.py"], found)
verdicts = run_jobs(jobs, workers=2, timeout=5.0)
print(json.dumps({m.before + " -> " + m.after: v.status for m, v in zip(found, verdicts)}))
"""


def test_runner_kills_caught_mutants_times_out_hangs_and_reports_survivors(tmp_path):
    (tmp_path / "calc.py").write_text(
        textwrap.dedent(
            """
            READY = True
            if not READY:
                raise ImportError("calc is not ready")

            def countdown(n):
                while n != 0:
                    n -= 1
                return n

            def double(a):
                return a * 2
            """
        )
    )
    (tmp_path / "conftest.py").write_text("import calc\n")  # a mutant may break it: pytest exits with 4
    (tmp_path / "test_calc.py").write_text(
        "from calc import countdown, double\n\n"
        "def test_countdown():\n    assert countdown(4) == 0\n\n"
        "def test_double():\n    assert double(0) == 0\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", RUN_SCRIPT, str(ROOT)],
        cwd=tmp_path,
        env={**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"},  # the child's pytest starts bare
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    verdicts = json.loads(result.stdout.strip().splitlines()[-1])
    assert verdicts["n -= 1 -> n += 1"] == "timeout"  # counts up forever
    assert verdicts["n != 0 -> n == 0"] == "killed"  # countdown(4) returns 4
    assert verdicts["1 -> 2"] == "survived"  # 4, 2, 0: the test cannot tell
    assert verdicts["a * 2 -> a / 2"] == "survived"  # double(0) cannot tell
    assert verdicts["2 -> 3"] == "survived"
    assert verdicts["return a * 2 -> return None"] == "killed"
    assert verdicts["True -> False"] == "killed"  # the conftest cannot import calc
    assert verdicts["not READY -> READY"] == "killed"
    assert verdicts["ImportError('calc is not ready') -> ImportError()"] == "survived"
