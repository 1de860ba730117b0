"""Checking raw records against the schema and against each other, collecting every problem.

Nothing is dropped silently: each record that is not loaded has a :class:`Problem` saying why, with
its file, line and id, and what would be right. The checks live in modules of one job each, run here
in dependency order: record shapes and ids (:mod:`indicators.reporting`), indicators and formulas
(:mod:`indicators.indicator_checks`), observations (:mod:`indicators.observation_checks`), and the
choice among sources that disagree (:mod:`indicators.preference`).
"""

from __future__ import annotations

from collections import defaultdict

from indicators.checked import CheckedData, CheckedEvent, CheckedObservation, Located, ObservationFields
from indicators.documents import RawRecord
from indicators.indicator_checks import check_indicators
from indicators.observation_checks import FORWARD_LOOKING, check_observations
from indicators.periods import PERIOD_FORMS_HINT, PeriodError, parse_period
from indicators.preference import QUALIFIER_RANK, SOURCE_KIND_RANK, resolve_conflicts
from indicators.problems import Problem
from indicators.reporting import Reporter
from indicators.schema import Source
from indicators.schema_errors import MODELS, suggest

__all__ = [
    "FORWARD_LOOKING",
    "QUALIFIER_RANK",
    "SOURCE_KIND_RANK",
    "CheckedData",
    "CheckedEvent",
    "CheckedObservation",
    "Located",
    "ObservationFields",
    "Validator",
]


class Validator:
    """Validates all raw records of a data directory together."""

    def __init__(self, records: list[RawRecord], file_problems: list[Problem]):
        self.by_kind: dict[str, list[RawRecord]] = defaultdict(list)
        for raw in records:
            self.by_kind[raw.kind].append(raw)
        self.report = Reporter(file_problems)

    @property
    def problems(self) -> list[Problem]:
        """Every problem found so far."""
        return self.report.problems

    def run(self) -> CheckedData:
        """Validate everything, in dependency order."""
        units = self._simple("unit")
        categories = self._simple("category")
        indicators, formulas = check_indicators(self.report, self.by_kind.get("indicator", []), units, categories)
        sources = self._sources()
        observations = check_observations(self.report, self.by_kind.get("observation", []), indicators, sources, units)
        resolve_conflicts(self.report, observations, sources)
        events = self._events(sources, categories, indicators)
        return CheckedData(units, categories, indicators, formulas, sources, observations, events, self.problems)

    def _simple(self, kind: str) -> dict:
        return self.report.unique(kind, self.report.models(kind, MODELS[kind], self.by_kind.get(kind, [])))

    def _sources(self) -> dict[str, Located[Source]]:
        sources = self._simple("source")
        for source_id, located in sources.items():
            published = located.record.date_published
            if located.record.date_accessed < published.start:
                self.report.warn(
                    located,
                    source_id,
                    f"date_accessed {located.record.date_accessed} is before date_published {published.text}",
                    "check both dates",
                )
        return sources

    def _events(self, sources: dict[str, Located[Source]], categories: dict, indicators: dict) -> list[CheckedEvent]:
        events = []
        concernable = {**categories, **indicators}
        for event_id, located in self._simple("event").items():
            model = located.record
            try:
                period = parse_period(model.period)
            except PeriodError as exc:
                self.report.error(located, event_id, f"bad period: {exc}", PERIOD_FORMS_HINT)
                continue
            if model.source is not None and not self.report.reference(
                located, event_id, "source", model.source, sources, "source"
            ):
                continue
            unknown = [c for c in model.concerns if c not in concernable] if model.concerns != "all" else []
            if unknown:
                hint = suggest(unknown[0], concernable) or "name categories or indicators by their ids, or write 'all'"
                message = f"'concerns' names no category or indicator: {', '.join(unknown)}"
                self.report.error(located, event_id, message, hint)
                continue
            if model.period_inferred and model.note is None:
                self.report.warn(located, event_id, "the period is inferred, but no note says how", "add a note")
            events.append(CheckedEvent(model, period, located.file, located.line))
        return events
