"""Checks of indicator definitions: their unit and category, and the formulas of derived indicators."""

from __future__ import annotations

import re

from indicators.checked import Located
from indicators.documents import RawRecord
from indicators.formulas import Formula, FormulaError, parse_formula
from indicators.periods import PERIOD_FORMS_HINT, PeriodError, parse_period
from indicators.reporting import Reporter
from indicators.schema import Indicator
from indicators.schema_errors import suggest

#: Arabic numbers in a text (a processing text may only repeat the numbers of its formula and period).
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def check_indicators(
    report: Reporter, raws: list[RawRecord], units: dict, categories: dict
) -> tuple[dict[str, Located[Indicator]], dict[str, Formula]]:
    """The indicators that pass every check, and the parsed formulas of the derived ones."""
    candidates = report.unique("indicator", report.models("indicator", Indicator, raws))
    indicators: dict[str, Located[Indicator]] = {}
    for indicator_id, located in candidates.items():
        model = located.record
        ok = report.reference(located, indicator_id, "unit", model.unit, units, "unit")
        ok &= report.reference(located, indicator_id, "category", model.category, categories, "category")
        if model.formula is None and (model.qualifier is not None or model.period is not None):
            report.error(
                located,
                indicator_id,
                "'qualifier' and 'period' belong to derived indicators (with a formula)",
                "remove them, or add the formula",
            )
            ok = False
        if ok:
            indicators[indicator_id] = located
        else:
            report.rejected["indicator"].add(indicator_id)
    formulas: dict[str, Formula] = {}
    for indicator_id, located in list(indicators.items()):
        text = located.record.formula
        if text is None:
            continue
        try:
            formula = parse_formula(text)
            if located.record.period is not None:
                parse_period(located.record.period)
            for ref in formula.references:
                if ref.selector not in (None, "first", "latest"):
                    parse_period(ref.selector)
        except (FormulaError, PeriodError) as exc:
            hint = (
                PERIOD_FORMS_HINT
                if isinstance(exc, PeriodError)
                else "write arithmetic over indicator ids, e.g. a / b * 100 or a[latest] - a[first]"
            )
            report.error(located, indicator_id, f"formula {text!r}: {exc}", hint)
            _reject(report, indicators, indicator_id)
            continue
        unknown = sorted(formula.indicators - set(indicators) - set(candidates))
        rejected = sorted((formula.indicators & set(candidates)) - set(indicators))
        if unknown:
            report.error(
                located,
                indicator_id,
                f"formula {text!r} names unknown indicator(s) {', '.join(unknown)}",
                suggest(unknown[0], indicators) or "define them, or correct the names",
            )
            _reject(report, indicators, indicator_id)
        elif rejected:
            report.error(
                located,
                indicator_id,
                f"formula uses rejected indicator(s) {', '.join(rejected)}",
                "fix those indicators first",
            )
            _reject(report, indicators, indicator_id)
        else:
            formulas[indicator_id] = formula
            _check_processing(report, located, indicator_id)
    _reject_cycles(report, indicators, formulas)
    return indicators, formulas


def _check_processing(report: Reporter, located: Located[Indicator], indicator_id: str) -> None:
    """Warn about numbers typed into a processing text: they go stale when the inputs change.

    The computed value is shown beside the text; the text says how, in words. Numbers of the formula
    (``× 100``) and of its periods (``2022年1月1日``) are fine: they do not change with the data.
    """
    model = located.record
    if model.processing is None:
        return
    allowed = {float(n) for n in _NUMBER.findall(f"{model.formula} {model.period or ''}")}
    texts = f"{model.processing.zh} {model.processing.en}"
    typed = [n for n in _NUMBER.findall(texts) if float(n) not in allowed]
    if typed:
        report.warn(
            located,
            indicator_id,
            f"processing holds number(s) typed by hand ({', '.join(dict.fromkeys(typed))}) "
            "that are neither in the formula nor in its period; they go stale when the inputs change",
            "say how the value is computed in words; the dashboard shows the computed value beside it",
        )


def _reject(report: Reporter, indicators: dict, indicator_id: str) -> None:
    indicators.pop(indicator_id, None)
    report.rejected["indicator"].add(indicator_id)


def _reject_cycles(report: Reporter, indicators: dict, formulas: dict[str, Formula]) -> None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for dep in sorted(formulas[node].indicators if node in formulas else ()):
            if state.get(dep) == 1:
                cycle = [*path[path.index(dep) :], dep]
                for member in cycle[:-1]:
                    if member in formulas:
                        report.error(
                            indicators[member],
                            member,
                            f"formula is circular: {' -> '.join(cycle)}",
                            "a derived indicator cannot depend on itself, directly or through others",
                        )
                        del formulas[member]
                        report.rejected["indicator"].add(member)
            elif state.get(dep) is None and dep in formulas:
                visit(dep, [*path, dep])
        state[node] = 2

    for indicator_id in sorted(formulas):
        if state.get(indicator_id) is None and indicator_id in formulas:
            visit(indicator_id, [indicator_id])
    # The recursive closure refers to itself (and through self to every raw record): break the
    # cycle so that reference counting frees the validator as soon as it is done, while the cycle
    # collector is paused during a load.
    visit = None  # type: ignore[assignment]
    for indicator_id in list(indicators):
        if indicators[indicator_id].record.formula is not None and indicator_id not in formulas:
            indicators.pop(indicator_id)
