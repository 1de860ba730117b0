"""Evaluating derived indicators: values computed from formulas, never typed in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from indicators.checked import CheckedData, CheckedObservation
from indicators.formulas import Formula, FormulaError, Quantity, Reference, evaluate
from indicators.periods import Period, PeriodError, parse_period
from indicators.problems import Problem, Severity
from indicators.qualifiers import Qualifier, join
from indicators.schema import Measure


@dataclass(frozen=True, slots=True)
class DerivedValue:
    """One computed value of a derived indicator, with the observations it came from."""

    indicator: str
    period: Period
    value: float
    qualifier: Qualifier
    measure: Measure
    formula: str
    inputs: tuple[CheckedObservation | DerivedValue, ...]

    @property
    def obs_id(self) -> str:
        """Stable id: ``derived:<indicator>@<period>``."""
        return f"derived:{self.indicator}@{self.period.text}"

    @property
    def period_inferred(self) -> bool:
        """Some input's period was inferred by the curator (not stated in its source), so this one's is too."""
        return any(
            item.period_inferred if isinstance(item, DerivedValue) else item.model.period_inferred
            for item in self.inputs
        )

    @property
    def source_ids(self) -> list[str]:
        """Sources of every curated input, through nested derived values."""
        found: dict[str, None] = {}
        for item in self.inputs:
            for source in item.source_ids if isinstance(item, DerivedValue) else [item.source_id]:
                found[source] = None
        return list(found)


_Value = CheckedObservation | DerivedValue


def _value_of(item: _Value) -> Quantity:
    if isinstance(item, DerivedValue):
        return Quantity(item.value, item.qualifier)
    return Quantity(item.value, item.model.qualifier)


def _period_of(item: _Value) -> Period:
    return item.period


def derive_all(checked: CheckedData) -> tuple[list[DerivedValue], list[Problem]]:
    """Compute every derived indicator in dependency order.

    Inputs are the preferred level values of each indicator (ratios to a base period are not levels
    and are never used). Formulas without selectors are evaluated for every period that all their
    inputs share; selectors pick one period (``first``, ``latest`` or a written period).
    """
    problems: list[Problem] = []
    series: dict[str, list[_Value]] = {}
    for item in checked.observations:
        if item.preferred and item.measure is not Measure.RATIO_TO_BASE:
            series.setdefault(item.model.indicator, []).append(item)
    for values in series.values():
        values.sort(key=lambda v: (v.period.end, v.period.start))

    derived: list[DerivedValue] = []
    for indicator_id in _dependency_order(checked.formulas):
        located = checked.indicators[indicator_id]
        formula = checked.formulas[indicator_id]
        try:
            values = _evaluate_indicator(indicator_id, located.record, formula, series)
        except (FormulaError, PeriodError) as exc:
            problems.append(
                Problem(
                    located.file,
                    located.line,
                    indicator_id,
                    f"formula {formula.text!r} cannot be evaluated: {exc}",
                    "check the inputs' values and periods",
                )
            )
            continue
        if not values:
            problems.append(
                Problem(
                    located.file,
                    located.line,
                    indicator_id,
                    f"formula {formula.text!r} has no period where all of "
                    f"{', '.join(sorted(formula.indicators))} have a value",
                    'add the missing observations, or pick periods with ["..."] selectors',
                    Severity.WARNING,
                )
            )
        series[indicator_id] = list(values)
        derived.extend(values)
    return derived, problems


def _dependency_order(formulas: dict[str, Formula]) -> list[str]:
    order: list[str] = []
    done: set[str] = set()

    def visit(node: str) -> None:
        if node in done:
            return
        done.add(node)
        for dep in sorted(formulas[node].indicators):
            if dep in formulas:
                visit(dep)
        order.append(node)

    for node in sorted(formulas):
        visit(node)
    return order


def _pick(indicator: str, selector: str, values: list[_Value]) -> _Value:
    if not values:
        raise FormulaError(f"{indicator} has no values")
    if selector == "first":
        return values[0]
    if selector == "latest":
        return values[-1]
    wanted = parse_period(selector).key
    for item in values:
        if _period_of(item).key == wanted:
            return item
    have = ", ".join(_period_of(v).text for v in values)
    raise FormulaError(f"{indicator} has no value for {selector!r} (it has: {have})")


def _evaluate_indicator(
    indicator_id: str, indicator, formula: Formula, series: dict[str, list[_Value]]
) -> list[DerivedValue]:
    fixed: dict[Reference, _Value] = {}
    for ref in formula.references:
        if ref.selector is not None:
            fixed[ref] = _pick(ref.indicator, ref.selector, series.get(ref.indicator, []))
    aligned = sorted(formula.aligned)
    floor = indicator.qualifier or Qualifier.EXACT
    measure = indicator.measure
    declared = parse_period(indicator.period) if indicator.period else None

    if not aligned:
        inputs = tuple(fixed.values())
        result = evaluate(formula, {ref: _value_of(v) for ref, v in fixed.items()})
        period = declared or _span([_period_of(v) for v in inputs])
        return [
            DerivedValue(
                indicator_id, period, result.value, join(result.qualifier, floor), measure, formula.text, inputs
            )
        ]

    by_period: list[dict[tuple[date, date], _Value]] = [
        {_period_of(v).key: v for v in series.get(name, [])} for name in aligned
    ]
    shared = set(by_period[0]).intersection(*by_period[1:]) if by_period else set()
    results = []
    for key in sorted(shared, key=lambda k: (k[1], k[0])):
        current = {Reference(name, None): values[key] for name, values in zip(aligned, by_period, strict=True)}
        everything = {**fixed, **current}
        result = evaluate(formula, {ref: _value_of(v) for ref, v in everything.items()})
        period = declared or _period_of(current[Reference(aligned[0], None)])
        inputs = tuple({id(v): v for v in everything.values()}.values())
        results.append(
            DerivedValue(
                indicator_id, period, result.value, join(result.qualifier, floor), measure, formula.text, inputs
            )
        )
    return results


def _span(periods: list[Period]) -> Period:
    start = min(p.start for p in periods)
    end = max(p.end for p in periods)
    if start == end:
        return parse_period(start.isoformat())
    return parse_period(f"{start.isoformat()}/{end.isoformat()}")
