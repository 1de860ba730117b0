"""What validation hands on: records that passed every check, with where they came from."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Generic, TypeVar

from pydantic import BaseModel

from indicators.formulas import Formula
from indicators.periods import Period
from indicators.problems import Problem
from indicators.schema import Category, Event, Indicator, Measure, Observation, Source, Unit

T = TypeVar("T")


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


def compact(model: Observation, data: dict) -> ObservationFields:
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
    """An observation that passed every check, with its parsed parts.

    ``preferred``, ``conflict``, ``alternatives`` and ``preferred_by`` are set when the observations of
    the same thing from several sources are compared (:mod:`indicators.preference`).
    """

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
    #: The preference rule that decided this value's place among the others ("" when it has none).
    preferred_by: str = ""


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
