"""Checks of observations: shape, references, periods, values and bounds, and duplicates."""

from __future__ import annotations

from pydantic import TypeAdapter, ValidationError

from indicators.checked import CheckedObservation, Located, ObservationFields, compact
from indicators.documents import RawRecord
from indicators.magnitudes import VALUE_FORMS_HINT, ValueFormatError, parse_value
from indicators.periods import PERIOD_FORMS_HINT, PeriodError, parse_period
from indicators.reporting import Reporter
from indicators.schema import Indicator, Measure, Observation, Source, Unit
from indicators.schema_errors import pydantic_problems

#: Measures whose period may extend past the source's publication date (a plan for the whole year).
FORWARD_LOOKING = frozenset({Measure.PLAN})
#: Observations validated per pydantic batch call: large enough to be fast, small enough that the
#: transient model instances of one batch cost little memory.
_BATCH = 2048
_OBSERVATIONS = TypeAdapter(list[Observation])


def check_observations(
    report: Reporter,
    raws: list[RawRecord],
    indicators: dict[str, Located[Indicator]],
    sources: dict[str, Located[Source]],
    units: dict[str, Located[Unit]],
) -> list[CheckedObservation]:
    """The observations that pass every check; one of two duplicates is rejected."""
    checked: list[CheckedObservation] = []
    seen_keys: dict[tuple, CheckedObservation] = {}
    seen_ids: dict[str, CheckedObservation] = {}
    for raw, model in _validate_shapes(report, raws):
        item = _check_observation(report, raw, model, indicators, sources, units)
        if item is None:
            continue
        key = (
            item.model.indicator,
            item.period.key,
            item.measure,
            item.base.key if item.base else None,
            item.source_id,
        )
        if (first := seen_keys.get(key)) is not None:
            report.error(
                raw,
                item.local_id,
                f"duplicate observation: {first.file}:{first.line} already gives {item.model.indicator} "
                f"for {item.period.text} ({item.measure}) from source {item.source_id}",
                "remove one of the two, or correct the period or indicator",
            )
            continue
        if (first := seen_ids.get(item.obs_id)) is not None:
            report.error(
                raw,
                item.local_id,
                f"duplicate observation id {item.local_id!r} in source "
                f"{item.source_id}; also used at {first.file}:{first.line}",
                "give one of them a different id",
            )
            continue
        seen_keys[key] = seen_ids[item.obs_id] = item
        checked.append(item)
    return checked


def _validate_shapes(report: Reporter, raws: list[RawRecord]) -> list[tuple[RawRecord, ObservationFields]]:
    """Validate the shape of every observation: one fast batch call per batch of well-formed ones.

    A batch holding a malformed record is validated again record by record, to report each
    problem; the problems come out in the order of the records either way.
    """
    mappings = []
    for raw in raws:
        if not isinstance(raw.data, dict):
            report.error(
                raw,
                None,
                f"observation must be a mapping of fields, got {raw.data!r}",
                "write it as 'indicator: ...' lines under '- '",
            )
        elif not report.draft(raw, "observation", _observation_label(raw.data)):
            mappings.append(raw)
    valid = []
    for start in range(0, len(mappings), _BATCH):
        batch = mappings[start : start + _BATCH]
        try:
            models = _OBSERVATIONS.validate_python([raw.data for raw in batch])
        except ValidationError:
            for raw in batch:
                try:
                    model = Observation.model_validate(raw.data)
                except ValidationError as exc:
                    report.problems.extend(pydantic_problems(exc, raw, _observation_label(raw.data)))
                else:
                    valid.append((raw, compact(model, raw.data)))
            continue
        valid.extend((raw, compact(model, raw.data)) for raw, model in zip(batch, models, strict=True))
    return valid


def _check_observation(
    report: Reporter, raw: RawRecord, model: ObservationFields, indicators: dict, sources: dict, units: dict
) -> CheckedObservation | None:
    local_id = model.id or f"{model.indicator}@{model.period}"
    ok = True
    source_id = model.source or raw.default_source
    if source_id is None:
        report.error(
            raw,
            local_id,
            "observation has no source",
            "add 'source: <source id>', or move it into the file of its source",
        )
        ok = False
    elif not report.reference(raw, local_id, "source", source_id, sources, "source"):
        ok = False
    indicator = None
    if report.reference(raw, local_id, "indicator", model.indicator, indicators, "indicator"):
        indicator = indicators[model.indicator].record
        if indicator.formula is not None and model.measure is not Measure.RATIO_TO_BASE:
            # Levels of a derived indicator are computed; only relative statements about it are curated.
            report.error(
                raw,
                local_id,
                f"{model.indicator} is a derived indicator; its values are computed from its formula",
                "remove this observation, or record it under a non-derived "
                "indicator (ratio_to_base statements are allowed)",
            )
            ok = False
    else:
        ok = False
    try:
        period = parse_period(model.period)
    except PeriodError as exc:
        report.error(raw, local_id, f"bad period: {exc}", PERIOD_FORMS_HINT)
        ok, period = False, None
    base = None
    measure = model.measure or (indicator.measure if indicator else Measure.STOCK)
    if model.base_period is not None:
        try:
            base = parse_period(model.base_period)
        except PeriodError as exc:
            report.error(raw, local_id, f"bad base_period: {exc}", PERIOD_FORMS_HINT)
            ok = False
    if measure is Measure.RATIO_TO_BASE and model.base_period is None:
        report.error(
            raw,
            local_id,
            "measure ratio_to_base needs a base_period (the period the ratio compares with)",
            "add 'base_period: ...'",
        )
        ok = False
    elif measure is not Measure.RATIO_TO_BASE and model.base_period is not None:
        report.error(
            raw,
            local_id,
            f"base_period is only for measure ratio_to_base, not {measure}",
            "remove base_period, or set measure: ratio_to_base",
        )
        ok = False
    if base and period and base.start >= period.start:
        report.error(
            raw,
            local_id,
            f"base_period {base.text} does not start before period {period.text}",
            "the base of a ratio is the earlier period",
        )
        ok = False
    try:
        value = parse_value(model.value)
    except ValueFormatError as exc:
        report.error(raw, local_id, str(exc), VALUE_FORMS_HINT)
        ok, value = False, None
    if ok and indicator is not None and value is not None:
        ok = _check_bounds(report, raw, local_id, value, measure, units[indicator.unit].record)
    if ok and period is not None and source_id in sources:
        published = sources[source_id].record.date_published
        # A publication known only to the month or year may be as late as the last day of it.
        if period.end > published.end and measure not in FORWARD_LOOKING:
            report.error(
                raw,
                local_id,
                f"period {period.text} ends on {period.end}, after source {source_id} was published "
                f"on {published.text}",
                "a source reports on what happened before it was published: "
                "check the year, or resolve 今年/目前 against the publication date",
            )
            ok = False
    if ok and model.period_inferred and model.note is None:
        report.warn(raw, local_id, "the period is inferred, but no note says how", "add a note saying how")
    if not ok:
        return None
    assert period is not None and value is not None and source_id is not None
    return CheckedObservation(
        local_id, f"{source_id}:{local_id}", model, source_id, measure, period, base, value, raw.file, raw.line
    )


def _check_bounds(report: Reporter, raw: RawRecord, local_id: str, value: float, measure: Measure, unit: Unit) -> bool:
    if measure is Measure.RATIO_TO_BASE:
        if value < 0:
            report.error(
                raw, local_id, f"ratio {value:g} is negative", "a ratio of two counts is 0 or more (翻了一番 = 2)"
            )
            return False
        return True
    if measure is Measure.CHANGE:
        return True
    if unit.min is not None and value < unit.min:
        report.error(
            raw,
            local_id,
            f"value {value:g} is below the smallest possible {unit.id} ({unit.min:g})",
            "check the sign and the number against the quote",
        )
        return False
    if unit.max is not None and value > unit.max:
        report.error(
            raw,
            local_id,
            f"value {value:g} is above the largest possible {unit.id} ({unit.max:g})",
            "a percentage of a whole is at most 100; check the number against the quote",
        )
        return False
    return True


def _observation_label(data: dict) -> str | None:
    if data.get("id"):
        return str(data["id"])
    if data.get("indicator") and data.get("period"):
        return f"{data['indicator']}@{data['period']}"
    return None
