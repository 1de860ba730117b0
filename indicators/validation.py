"""Checking raw records against the schema and against each other, collecting every problem.

Nothing is dropped silently: each record that is not loaded has a :class:`Problem` saying why, with
its file, line and id, and what would be right.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from indicators import locales
from indicators.documents import RawRecord
from indicators.formulas import Formula, FormulaError, parse_formula
from indicators.magnitudes import VALUE_FORMS_HINT, ValueFormatError, parse_value
from indicators.periods import PERIOD_FORMS_HINT, Period, PeriodError, parse_period
from indicators.problems import Problem, Severity
from indicators.qualifiers import HEDGE_WORDS, Qualifier
from indicators.schema import (
    Category,
    Event,
    Indicator,
    Measure,
    Observation,
    Source,
    SourceKind,
    Unit,
)

#: Measures whose period may extend past the source's publication date (a plan for the whole year).
FORWARD_LOOKING = frozenset({Measure.PLAN})

#: Preference among sources of different kinds when they disagree (lower wins).
SOURCE_KIND_RANK = {kind: rank for rank, kind in enumerate(SourceKind)}
QUALIFIER_RANK = {Qualifier.EXACT: 0, Qualifier.AT_LEAST: 1, Qualifier.AT_MOST: 1, Qualifier.APPROXIMATELY: 2}


T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)


@dataclass(slots=True)
class Located(Generic[T]):
    """A validated record with where it came from."""

    record: T
    file: str
    line: int | None


def _fields_class(model: type[BaseModel]) -> type:
    # Built from the schema, so a field added to the model is carried along without a change here.
    return dataclasses.make_dataclass(f"{model.__name__}Fields", list(model.model_fields), slots=True)


#: The validated fields of an :class:`~indicators.schema.Observation`, with the same attribute names,
#: kept instead of the pydantic instance (treat as read-only). A model instance carries a ``__dict__``,
#: a set of the fields given and its own copy of every text; at the large benchmark scale (245,000
#: observations) keeping them raised the peak memory of a load by 325 MB. This holds only the values.
ObservationFields = _fields_class(Observation)
_OBSERVATION_FIELDS = tuple(Observation.model_fields)
#: Observations validated per pydantic batch call: large enough to be fast, small enough that the
#: transient model instances of one batch cost little memory.
_BATCH = 2048


def _compact(model: Observation, data: dict) -> ObservationFields:
    """The model's values; a text equal to the one read from YAML is that (shared, often interned) object."""
    given, get = model.__dict__, data.get
    return ObservationFields(
        *[
            raw if type(value := given[name]) is str and (raw := get(name)) == value else value
            for name in _OBSERVATION_FIELDS
        ]
    )


@dataclass(slots=True)
class CheckedObservation:
    """An observation that passed every check, with its parsed parts."""

    local_id: str
    obs_id: str
    model: ObservationFields  # the validated fields, named as in the Observation model
    source_id: str
    measure: Measure
    period: Period
    base: Period | None
    value: float
    file: str
    line: int | None
    preferred: bool = False
    conflict: bool = False
    alternatives: int = 0


@dataclass(slots=True)
class CheckedEvent:
    """An event that passed every check."""

    model: Event
    period: Period
    file: str
    line: int | None


@dataclass(slots=True)
class CheckedData:
    """Everything that passed validation, and every problem found."""

    units: dict[str, Located[Unit]]
    categories: dict[str, Located[Category]]
    indicators: dict[str, Located[Indicator]]
    formulas: dict[str, Formula]
    sources: dict[str, Located[Source]]
    observations: list[CheckedObservation]
    events: list[CheckedEvent]
    problems: list[Problem]


def _suggest(word: object, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(word), list(choices), n=3, cutoff=0.6)
    return f"did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


def _record_id(data: object) -> str | None:
    if isinstance(data, dict):
        value = data.get("id")
        return str(value) if value is not None else None
    return None


def _pydantic_problems(exc: ValidationError, raw: RawRecord, record_id: str | None) -> list[Problem]:
    problems = []
    reported: set[tuple] = set()
    for error in exc.errors(include_url=False):
        loc = error["loc"]
        cut = next((n for n, part in enumerate(loc[:-1]) if part in _TRANSLATABLE), None)
        if cut is not None:
            # A note is a text or a {zh, en} mapping: pydantic reports a miss against each form;
            # one message naming both reads better.
            field = loc[: cut + 1]
            if field not in reported:
                reported.add(field)
                where = ".".join(str(part) for part in field)
                problems.append(Problem(raw.file, raw.line, record_id, *_note_problem(where, _at(raw.data, field))))
            continue
        where = ".".join(str(part) for part in loc) or "record"
        problems.append(Problem(raw.file, raw.line, record_id, *_explain(error, where, raw)))
    return problems


#: Fields holding one text or a ``{zh, en}`` mapping (:data:`indicators.schema.Note`).
_TRANSLATABLE = frozenset({"note", "reason"})


def _at(data: object, path: tuple) -> object:
    for part in path:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def _note_problem(where: str, given: object) -> tuple[str, str]:
    name = where.rsplit(".", 1)[-1]
    hint = f"write {name}: <text>, or {name}: with both zh: <text> and en: <text> under it"
    if isinstance(given, dict):
        missing = [lang for lang in ("zh", "en") if not str(given.get(lang) or "").strip()]
        extra = sorted(str(key) for key in given if key not in locales.codes())
        if extra:
            return f"{where} has unknown keys {', '.join(map(repr, extra))}", hint
        if missing:
            return f"{where} has no {' or '.join(missing)} text", hint
        return f"{where} texts must be texts", hint
    if isinstance(given, str):
        return f"{where} is empty", f"write the {name}, or leave the field out"
    return f"{where} must be a text, got {given!r}", hint


def _explain(error: dict, where: str, raw: RawRecord) -> tuple[str, str]:
    """Turn a pydantic error into (what is wrong, what would be right)."""
    kind, given = error["type"], error.get("input")
    if kind == "missing":
        return f"required field {where!r} is missing", f"add '{where}: ...' to this {raw.kind}"
    if kind == "extra_forbidden":
        allowed = _fields_of(raw.kind)
        suggestion = _suggest(where.split(".")[-1], allowed)
        return f"unknown field {where!r}", suggestion or f"allowed fields: {', '.join(allowed)}"
    if kind == "enum" or kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        hint = f"use one of {expected}"
        if where == "qualifier" and isinstance(given, str) and given.strip() in HEDGE_WORDS:
            meaning = HEDGE_WORDS[given.strip()].value
            hint = f"'{given}' means {meaning!r}; write qualifier: {meaning}"
        elif isinstance(given, str) and (close := _suggest(given, _enum_values(expected))):
            hint = f"{close} ({hint})"
        return f"{where} {given!r} is not allowed", hint
    if kind == "string_too_short":
        if where == "quote":
            return "quote is empty", "copy the short clause of the source that holds the figure, word for word"
        return f"{where} is empty", f"write the {where}"
    if kind == "string_pattern_mismatch":
        return (
            f"{where} {given!r} is not a valid id",
            "ids are lower case letters, digits and _ (indicators) "
            "or - (other records), starting with a letter or digit",
        )
    if where == "url":
        return (
            f"url {given!r} is not a web address",
            "write the full address starting with https:// (or url: null if the source has none)",
        )
    if where.startswith("date_"):
        return f"{where} {given!r} is not a date", "write an ISO date such as 2022-08-23"
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
    return f"{where}: {message} (got {given!r})" if given is not None and not isinstance(
        given, dict
    ) else f"{where}: {message}", ""


def _enum_values(expected: str) -> list[str]:
    return [part.strip(" '") for part in expected.replace(" or ", ",").split(",") if part.strip(" '")]


_MODELS: dict[str, type[BaseModel]] = {
    "unit": Unit,
    "category": Category,
    "indicator": Indicator,
    "source": Source,
    "event": Event,
    "observation": Observation,
}


def _fields_of(kind: str) -> list[str]:
    model = _MODELS.get(kind)
    return list(model.model_fields) if model else []


class Validator:
    """Validates all raw records of a data directory together."""

    def __init__(self, records: list[RawRecord], file_problems: list[Problem]):
        self.by_kind: dict[str, list[RawRecord]] = defaultdict(list)
        for raw in records:
            self.by_kind[raw.kind].append(raw)
        self.problems: list[Problem] = list(file_problems)
        # Records rejected by id, so that records pointing at them say so instead of "unknown".
        self.rejected: dict[str, set[str]] = defaultdict(set)

    def error(self, raw: RawRecord | Located, record: str | None, message: str, hint: str = "") -> None:
        """Record an error against a record."""
        self.problems.append(Problem(raw.file, raw.line, record, message, hint))

    def warn(self, raw: RawRecord | Located, record: str | None, message: str, hint: str = "") -> None:
        """Record a warning (the record is kept)."""
        self.problems.append(Problem(raw.file, raw.line, record, message, hint, Severity.WARNING))

    def run(self) -> CheckedData:
        """Validate everything, in dependency order."""
        units = self._simple("unit")
        categories = self._simple("category")
        indicators, formulas = self._indicators(units, categories)
        sources = self._sources()
        observations = self._observations(indicators, sources, units)
        self._resolve_conflicts(observations, sources)
        events = self._events(sources)
        return CheckedData(units, categories, indicators, formulas, sources, observations, events, self.problems)

    # --- metadata -----------------------------------------------------------------------------

    def _models(self, kind: str, model: type[M]) -> list[tuple[RawRecord, M]]:
        valid = []
        for raw in self.by_kind.get(kind, []):
            record_id = _record_id(raw.data)
            if not isinstance(raw.data, dict):
                self.error(
                    raw,
                    record_id,
                    f"{kind} must be a mapping of fields, got {raw.data!r}",
                    "write it as 'id: ...' lines under '- '",
                )
                continue
            try:
                valid.append((raw, model.model_validate(raw.data)))
            except ValidationError as exc:
                self.problems.extend(_pydantic_problems(exc, raw, record_id))
                if record_id:
                    self.rejected[kind].add(record_id)
        return valid

    def _unique(self, kind: str, items: list[tuple[RawRecord, M]]) -> dict[str, Located[M]]:
        result: dict[str, Located[M]] = {}
        for raw, model in items:
            record_id = model.id  # type: ignore[attr-defined]
            if record_id in result:
                first = result[record_id]
                self.error(
                    raw,
                    record_id,
                    f"duplicate {kind} id {record_id!r}; it is already defined at {first.file}:{first.line}",
                    f"give this {kind} a different id, or remove one of the two",
                )
                self.rejected[kind].add(record_id)
                continue
            result[record_id] = Located(model, raw.file, raw.line)
        return result

    def _simple(self, kind: str) -> dict:
        return self._unique(kind, self._models(kind, _MODELS[kind]))

    def _reference(
        self, raw: RawRecord | Located, record: str | None, kind: str, value: str, known: dict, field: str
    ) -> bool:
        """Check that ``value`` names a known record of ``kind``; report it otherwise."""
        if value in known:
            return True
        if value in self.rejected[kind]:
            self.error(
                raw,
                record,
                f"{field} {value!r} names a {kind} that was rejected (see the error reported for it)",
                f"fix the {kind} {value!r}",
            )
        else:
            hint = _suggest(value, known) or (
                f"known {kind} ids: {', '.join(sorted(known)[:12])}" if known else f"define the {kind} first"
            )
            self.error(raw, record, f"unknown {kind} {value!r} in {field!r}", hint)
        return False

    def _indicators(self, units: dict, categories: dict) -> tuple[dict[str, Located[Indicator]], dict[str, Formula]]:
        candidates = self._unique("indicator", self._models("indicator", Indicator))
        indicators: dict[str, Located[Indicator]] = {}
        for indicator_id, located in candidates.items():
            model = located.record
            ok = self._reference(located, indicator_id, "unit", model.unit, units, "unit")
            ok &= self._reference(located, indicator_id, "category", model.category, categories, "category")
            if model.formula is None and (model.qualifier is not None or model.period is not None):
                self.error(
                    located,
                    indicator_id,
                    "'qualifier' and 'period' belong to derived indicators (with a formula)",
                    "remove them, or add the formula",
                )
                ok = False
            if ok:
                indicators[indicator_id] = located
            else:
                self.rejected["indicator"].add(indicator_id)
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
                self.error(located, indicator_id, f"formula {text!r}: {exc}", hint)
                self._reject_indicator(indicators, indicator_id)
                continue
            unknown = sorted(formula.indicators - set(indicators) - set(candidates))
            rejected = sorted((formula.indicators & set(candidates)) - set(indicators))
            if unknown:
                self.error(
                    located,
                    indicator_id,
                    f"formula {text!r} names unknown indicator(s) {', '.join(unknown)}",
                    _suggest(unknown[0], indicators) or "define them, or correct the names",
                )
                self._reject_indicator(indicators, indicator_id)
            elif rejected:
                self.error(
                    located,
                    indicator_id,
                    f"formula uses rejected indicator(s) {', '.join(rejected)}",
                    "fix those indicators first",
                )
                self._reject_indicator(indicators, indicator_id)
            else:
                formulas[indicator_id] = formula
        self._reject_cycles(indicators, formulas)
        return indicators, formulas

    def _reject_indicator(self, indicators: dict, indicator_id: str) -> None:
        indicators.pop(indicator_id, None)
        self.rejected["indicator"].add(indicator_id)

    def _reject_cycles(self, indicators: dict, formulas: dict[str, Formula]) -> None:
        state: dict[str, int] = {}  # 1: on the current path, 2: done

        def visit(node: str, path: list[str]) -> None:
            state[node] = 1
            for dep in sorted(formulas[node].indicators if node in formulas else ()):
                if state.get(dep) == 1:
                    cycle = [*path[path.index(dep) :], dep]
                    for member in cycle[:-1]:
                        if member in formulas:
                            self.error(
                                indicators[member],
                                member,
                                f"formula is circular: {' -> '.join(cycle)}",
                                "a derived indicator cannot depend on itself, directly or through others",
                            )
                            del formulas[member]
                            self.rejected["indicator"].add(member)
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

    def _sources(self) -> dict[str, Located[Source]]:
        sources = self._simple("source")
        for source_id, located in sources.items():
            if located.record.date_accessed < located.record.date_published:
                self.warn(
                    located,
                    source_id,
                    f"date_accessed {located.record.date_accessed} is "
                    f"before date_published {located.record.date_published}",
                    "check both dates",
                )
        return sources

    # --- observations -------------------------------------------------------------------------

    def _observations(
        self,
        indicators: dict[str, Located[Indicator]],
        sources: dict[str, Located[Source]],
        units: dict[str, Located[Unit]],
    ) -> list[CheckedObservation]:
        raws = self.by_kind.get("observation", [])
        models = self._validate_observations(raws)
        checked: list[CheckedObservation] = []
        seen_keys: dict[tuple, CheckedObservation] = {}
        seen_ids: dict[str, CheckedObservation] = {}
        for raw, model in models:
            item = self._check_observation(raw, model, indicators, sources, units)
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
                self.error(
                    raw,
                    item.local_id,
                    f"duplicate observation: {first.file}:{first.line} already gives {item.model.indicator} "
                    f"for {item.period.text} ({item.measure}) from source {item.source_id}",
                    "remove one of the two, or correct the period or indicator",
                )
                continue
            if (first := seen_ids.get(item.obs_id)) is not None:
                self.error(
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

    def _validate_observations(self, raws: list[RawRecord]) -> list[tuple[RawRecord, ObservationFields]]:
        """Validate the shape of every observation: one fast batch call per batch of well-formed ones.

        A batch holding a malformed record is validated again record by record, to report each
        problem; the problems come out in the order of the records either way.
        """
        mappings = [raw for raw in raws if isinstance(raw.data, dict)]
        for raw in raws:
            if not isinstance(raw.data, dict):
                self.error(
                    raw,
                    None,
                    f"observation must be a mapping of fields, got {raw.data!r}",
                    "write it as 'indicator: ...' lines under '- '",
                )
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
                        self.problems.extend(_pydantic_problems(exc, raw, _observation_label(raw.data)))
                    else:
                        valid.append((raw, _compact(model, raw.data)))
                continue
            valid.extend((raw, _compact(model, raw.data)) for raw, model in zip(batch, models, strict=True))
        return valid

    def _check_observation(
        self, raw: RawRecord, model: ObservationFields, indicators: dict, sources: dict, units: dict
    ) -> CheckedObservation | None:
        local_id = model.id or f"{model.indicator}@{model.period}"
        ok = True
        source_id = model.source or raw.default_source
        if source_id is None:
            self.error(
                raw,
                local_id,
                "observation has no source",
                "add 'source: <source id>', or move it into the file of its source",
            )
            ok = False
        elif not self._reference(raw, local_id, "source", source_id, sources, "source"):
            ok = False
        indicator = None
        if self._reference(raw, local_id, "indicator", model.indicator, indicators, "indicator"):
            indicator = indicators[model.indicator].record
            if indicator.formula is not None and model.measure is not Measure.RATIO_TO_BASE:
                # Levels of a derived indicator are computed; only relative statements about it are curated.
                self.error(
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
            self.error(raw, local_id, f"bad period: {exc}", PERIOD_FORMS_HINT)
            ok, period = False, None
        base = None
        measure = model.measure or (indicator.measure if indicator else Measure.STOCK)
        if model.base_period is not None:
            try:
                base = parse_period(model.base_period)
            except PeriodError as exc:
                self.error(raw, local_id, f"bad base_period: {exc}", PERIOD_FORMS_HINT)
                ok = False
        if measure is Measure.RATIO_TO_BASE and model.base_period is None:
            self.error(
                raw,
                local_id,
                "measure ratio_to_base needs a base_period (the period the ratio compares with)",
                "add 'base_period: ...'",
            )
            ok = False
        elif measure is not Measure.RATIO_TO_BASE and model.base_period is not None:
            self.error(
                raw,
                local_id,
                f"base_period is only for measure ratio_to_base, not {measure}",
                "remove base_period, or set measure: ratio_to_base",
            )
            ok = False
        if base and period and base.start >= period.start:
            self.error(
                raw,
                local_id,
                f"base_period {base.text} does not start before period {period.text}",
                "the base of a ratio is the earlier period",
            )
            ok = False
        try:
            value = parse_value(model.value)
        except ValueFormatError as exc:
            self.error(raw, local_id, str(exc), VALUE_FORMS_HINT)
            ok, value = False, None
        if ok and indicator is not None and value is not None:
            ok = self._check_bounds(raw, local_id, value, measure, units[indicator.unit].record)
        if ok and period is not None and source_id in sources:
            published = sources[source_id].record.date_published
            if period.end > published and measure not in FORWARD_LOOKING:
                self.error(
                    raw,
                    local_id,
                    f"period {period.text} ends on {period.end}, after source {source_id} was published on {published}",
                    "a source reports on what happened before it was published: "
                    "check the year, or resolve 今年/目前 against the publication date",
                )
                ok = False
        if not ok:
            return None
        assert period is not None and value is not None and source_id is not None
        return CheckedObservation(
            local_id, f"{source_id}:{local_id}", model, source_id, measure, period, base, value, raw.file, raw.line
        )

    def _check_bounds(self, raw: RawRecord, local_id: str, value: float, measure: Measure, unit: Unit) -> bool:
        if measure is Measure.RATIO_TO_BASE:
            if value < 0:
                self.error(
                    raw, local_id, f"ratio {value:g} is negative", "a ratio of two counts is 0 or more (翻了一番 = 2)"
                )
                return False
            return True
        if measure is Measure.CHANGE:
            return True
        if unit.min is not None and value < unit.min:
            self.error(
                raw,
                local_id,
                f"value {value:g} is below the smallest possible {unit.id} ({unit.min:g})",
                "check the sign and the number against the quote",
            )
            return False
        if unit.max is not None and value > unit.max:
            self.error(
                raw,
                local_id,
                f"value {value:g} is above the largest possible {unit.id} ({unit.max:g})",
                "a percentage of a whole is at most 100; check the number against the quote",
            )
            return False
        return True

    def _resolve_conflicts(self, observations: list[CheckedObservation], sources: dict[str, Located[Source]]) -> None:
        """Among observations of the same thing from different sources, mark the one to show.

        The rule (documented in docs/data-format.md): an observation marked ``preferred: true`` wins;
        otherwise the source of the most authoritative kind (statistical bulletin, government report,
        government media, press, other); then the most recently published source; then the most exact
        qualifier; then the source id, so the choice never depends on file order.
        """
        # Almost every observation is alone in its group: only groups of two or more get a list.
        first: dict[tuple, CheckedObservation] = {}
        shared: dict[tuple, list[CheckedObservation]] = {}
        for item in observations:
            key = (item.model.indicator, item.period.key, item.measure, item.base.key if item.base else None)
            alone = first.setdefault(key, item)
            if alone is item:
                item.preferred = True
            else:
                shared.setdefault(key, [alone]).append(item)
        # Groups in the order of their first member, the order in which their warnings are reported.
        groups = [shared[key] for key in first if key in shared] if shared else []
        for members in groups:
            flagged = [m for m in members if m.model.preferred]
            if len(flagged) > 1:
                for m in flagged[1:]:
                    self.warn(
                        m,
                        m.local_id,
                        f"several sources are marked preferred for {m.model.indicator} "
                        f"{m.period.text}; using {flagged[0].obs_id}",
                        "mark only one of them preferred: true",
                    )

            def rank(m: CheckedObservation) -> tuple:
                source = sources[m.source_id].record
                return (
                    not m.model.preferred,
                    SOURCE_KIND_RANK[source.kind],
                    -source.date_published.toordinal(),
                    QUALIFIER_RANK[m.model.qualifier],
                    m.source_id,
                )

            ordered = sorted(members, key=rank)
            distinct = {(m.value, m.model.qualifier) for m in members}
            for index, m in enumerate(ordered):
                m.preferred = index == 0
                m.conflict = len(distinct) > 1
                m.alternatives = len(members) - 1

    # --- events -------------------------------------------------------------------------------

    def _events(self, sources: dict[str, Located[Source]]) -> list[CheckedEvent]:
        events = []
        for event_id, located in self._simple("event").items():
            model = located.record
            try:
                period = parse_period(model.period)
            except PeriodError as exc:
                self.error(located, event_id, f"bad period: {exc}", PERIOD_FORMS_HINT)
                continue
            if model.source is not None and not self._reference(
                located, event_id, "source", model.source, sources, "source"
            ):
                continue
            events.append(CheckedEvent(model, period, located.file, located.line))
        return events


def _observation_label(data: dict) -> str | None:
    if data.get("id"):
        return str(data["id"])
    if data.get("indicator") and data.get("period"):
        return f"{data['indicator']}@{data['period']}"
    return None


_OBSERVATIONS = TypeAdapter(list[Observation])
