"""Typed models of the curated YAML records, validated at the boundary with pydantic.

These check the shape of each record (fields, types, allowed words). Checks that need other records
(does the indicator exist? is the period before the source's publication?) live in :mod:`loader`.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    HttpUrl,
    PlainSerializer,
    PlainValidator,
    field_validator,
    model_validator,
)

from indicators import locales
from indicators.periods import Period, Precision, parse_period
from indicators.qualifiers import Qualifier

#: Ids of indicators double as names in formulas, so they are Python-identifier-like.
INDICATOR_ID = r"^[a-z][a-z0-9_]*$"
#: Other ids (sources, events, units, categories, observations) may also use hyphens and dots.
RECORD_ID = r"^[a-z0-9][a-z0-9_.@/-]*$"


class Measure(StrEnum):
    """What a value says about its period."""

    STOCK = "stock"  # a level at a date (or at an unspecified date within the period)
    FLOW = "flow"  # a total over the whole period
    MEAN_PER_MONTH = "mean_per_month"  # a monthly average over the period
    MAXIMUM = "maximum"  # the largest single value seen during the period
    RATIO_TO_BASE = "ratio_to_base"  # the level divided by the level of `base_period` (翻了一番 = 2)
    CHANGE = "change"  # difference between two periods (derived indicators)
    PLAN = "plan"  # a budgeted or planned total for the period, which may end after publication
    RANK = "rank"  # a position in a ranking at the end of the period


class SourceKind(StrEnum):
    """Kinds of publication, in the order their figures are preferred when sources disagree."""

    STATISTICAL_BULLETIN = "statistical_bulletin"  # 统计公报, statistical yearbooks
    GOVERNMENT_REPORT = "government_report"  # 政府工作报告, official reports
    GOVERNMENT_NOTICE = "government_notice"  # 通知, 公告, 公示: notices and announcements of an authority
    GOVERNMENT_MEDIA = "government_media"  # an authority's own news account
    PRESS = "press"
    BOOK = "book"  # books and gazetteers (地方志)
    ENCYCLOPEDIA = "encyclopedia"  # encyclopedias, online ones included (百度百科, 维基百科)
    OTHER = "other"


class UnitKind(StrEnum):
    """How numbers of a unit are formatted and bounded (see :mod:`indicators.formatting`)."""

    COUNT = "count"
    CURRENCY = "currency"
    PERCENT = "percent"
    RATIO = "ratio"
    RANK = "rank"
    # Physical measures: values keep the decimals they were given (183.99 km² is never shown as 184).
    AREA = "area"
    LENGTH = "length"
    WEIGHT = "weight"
    VOLUME = "volume"
    ENERGY = "energy"


#: Unit kinds of physical measures.
PHYSICAL_KINDS = frozenset({UnitKind.AREA, UnitKind.LENGTH, UnitKind.WEIGHT, UnitKind.VOLUME, UnitKind.ENERGY})


def _stringify_period(value: object) -> object:
    # YAML reads an unquoted 2022-08-23 as a date and 2019 as an int; both are unambiguous periods.
    if isinstance(value, dt.date | int) and not isinstance(value, bool):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    return value


PeriodText = Annotated[str, BeforeValidator(_stringify_period), Field(min_length=4, max_length=64)]

#: Precisions a publication date may have: a page known only to the month or year is not given a day.
PUBLICATION_PRECISIONS = (Precision.DAY, Precision.MONTH, Precision.YEAR)


def _publication_date(value: object) -> Period:
    if isinstance(value, Period):
        return value
    text = _stringify_period(value)
    if not isinstance(text, str):
        raise ValueError(f"{value!r} is not a date")
    period = parse_period(text.strip())
    if period.precision not in PUBLICATION_PRECISIONS:
        raise ValueError(f"{text!r} is a {period.precision}; a publication date is a day, a month or a year")
    return period


#: A publication date as a day, a month or a year (``2022-08-23``, ``2022-08``, ``2022``): the span of
#: days it may have been, as a :class:`~indicators.periods.Period`.
#: In JSON it is written as it was given (its text), which reads back as the same date (a snapshot
#: of the data stores the models so).
PublicationDate = Annotated[
    Period, PlainValidator(_publication_date), PlainSerializer(lambda period: period.text, when_used="json")
]
NonEmpty = Annotated[str, Field(min_length=1)]


class Strict(BaseModel):
    """Base for records: unknown fields are errors (a typo never silently drops a field)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _check_languages(model: BaseModel, suffixes: tuple[str, ...] = ("",)) -> None:
    """Extra fields of a text must be languages of :mod:`indicators.locales` (``fr``, ``en-XA``)."""
    for key, value in (model.model_extra or {}).items():
        if not any(key == f"{code}{suffix}" for code in locales.codes() for suffix in suffixes):
            known = ", ".join(locales.codes())
            raise ValueError(
                f"{key!r} is not a language of the dashboard ({known}); register it in indicators/locales.py"
            )
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"the {key!r} text must be non-empty text")


class Text(Strict):
    """A text in the dashboard's languages: Chinese and English always, any other registered one too.

    A language without its own text shows the text of its fallback (:meth:`indicators.locales.Locale.chain`).
    """

    model_config = ConfigDict(extra="allow", frozen=True, str_strip_whitespace=True)

    zh: NonEmpty
    en: NonEmpty

    @model_validator(mode="after")
    def _known_languages(self) -> Text:
        _check_languages(self)
        return self


def _blank_to_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


#: A curator's note: one text as written (shown in both languages), or ``{zh: ..., en: ...}``.
#: A blank note is no note (it never costs the record its place).
Note = Annotated[Text | NonEmpty | None, BeforeValidator(_blank_to_none)]


def note_text(note: Text | str | None, lang: str) -> str | None:
    """A note in ``lang``: its translation along the language's fallback chain, or the text as written."""
    return locales.text_in(note, lang)


class UnitPatterns(Strict):
    """How a number is written with this unit; ``{n}`` is the formatted number.

    Other registered languages may add their pattern (``fr``) and singular (``fr_one``).
    """

    model_config = ConfigDict(extra="allow", frozen=True, str_strip_whitespace=True)

    zh: NonEmpty = "{n}"
    en: NonEmpty = "{n}"
    en_one: str | None = None  # English singular, used when the number is exactly 1

    @field_validator("zh", "en", "en_one")
    @classmethod
    def _has_placeholder(cls, value: str | None) -> str | None:
        if value is not None and "{n}" not in value:
            raise ValueError("a unit pattern must contain {n} where the number goes, e.g. '{n}家'")
        return value

    @model_validator(mode="after")
    def _known_languages(self) -> UnitPatterns:
        _check_languages(self, ("", "_one"))
        for key, value in (self.model_extra or {}).items():
            if "{n}" not in value:
                raise ValueError(f"the {key!r} unit pattern must contain {{n}} where the number goes")
        return self


class Unit(Strict):
    """A unit of measurement with its display forms in both languages."""

    id: Annotated[str, Field(pattern=RECORD_ID)]
    name: Text
    kind: UnitKind
    patterns: UnitPatterns
    axis: Text  # axis title, e.g. 家 / enterprises
    min: float | None = None
    max: float | None = None


class Category(Strict):
    """A group of indicators on the overview."""

    id: Annotated[str, Field(pattern=RECORD_ID)]
    name: Text
    order: int = 0


class Indicator(Strict):
    """One measured (or derived) quantity that observations give values for."""

    id: Annotated[str, Field(pattern=INDICATOR_ID, max_length=80)]
    name: Text
    description: Text
    category: NonEmpty
    unit: NonEmpty
    measure: Measure = Measure.STOCK
    decimals: Annotated[int, Field(ge=0, le=6)] = 0
    higher_is_better: bool | None = None
    headline: bool = False
    # Derived indicators only: the values are computed by the loader, never typed in.
    formula: str | None = None
    qualifier: Qualifier | None = None  # the least a formula's result is (e.g. approximately)
    period: PeriodText | None = None  # the period a formula's result is about (default: its inputs')
    processing: Text | None = None  # how it is computed / curated, in words
    note: Note = None


class SourceText(Strict):
    """Where the curator keeps the source's full text, and its SHA-256 as curated.

    The project carries quotes, not other publishers' articles: ``file`` is a path inside the texts
    folder (``texts_dir`` in config.yaml, ``REFORM_TEXTS_DIR`` or ``--texts``).
    """

    file: Annotated[str, Field(min_length=1, max_length=255)]
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]

    @field_validator("file")
    @classmethod
    def _inside_the_folder(cls, value: str) -> str:
        parts = value.replace("\\", "/").split("/")
        if value.startswith(("/", "\\")) or ":" in value or ".." in parts:
            raise ValueError(f"{value!r} must be a path inside the texts folder (no '..', not absolute)")
        return value


class Source(Strict):
    """A publication that observations are taken from."""

    id: Annotated[str, Field(pattern=RECORD_ID)]
    title: Text
    publisher: Text
    kind: SourceKind
    url: HttpUrl | None
    date_published: PublicationDate
    date_accessed: dt.date
    language: Literal["zh", "en"] = "zh"
    note: Note = None
    text: SourceText | None = None
    # Numbers in the text deliberately not curated, each with the reason (keeps curation auditable).
    not_curated: list[NotCurated] = []


class NotCurated(Strict):
    """A number in a source that is not an indicator value, and why."""

    text: NonEmpty  # the clause of the source holding the number(s), word for word
    reason: Text | NonEmpty  # one text, or {zh, en}


class Observation(Strict):
    """A value of an indicator over a period, as stated by a source."""

    id: Annotated[str, Field(pattern=RECORD_ID, max_length=160)] | None = None
    indicator: NonEmpty
    period: PeriodText
    #: How exact the period is: ``approximately`` when the text hedges the time, not the value (近两个月来).
    period_qualifier: Qualifier = Qualifier.EXACT
    value: Any  # a number, or text like "4113万"; parsed (with clear messages) by the loader
    qualifier: Qualifier
    measure: Measure | None = None  # default: the indicator's measure
    base_period: PeriodText | None = None  # required for ratio_to_base
    source: NonEmpty | None = None  # default: the source of the file it is in
    quote: NonEmpty
    note: Note = None
    preferred: bool = False  # curator's override when sources disagree (give the reason in note)
    period_inferred: bool = False  # the source states no date for it: the curator inferred the period (note says how)


class Event(Strict):
    """A dated reform milestone that charts mark: on the charts of what it concerns only."""

    id: Annotated[str, Field(pattern=RECORD_ID)]
    period: PeriodText
    name: Text
    description: Text | None = None
    kind: Literal["milestone", "reform"] = "milestone"
    #: ``all`` (a milestone of the whole reform, e.g. the founding), or the ids of the categories and
    #: indicators it concerns: a chart marks it only when it draws one of them (no cause is suggested
    #: where there is none).
    concerns: Literal["all"] | Annotated[list[NonEmpty], Field(min_length=1)] = "all"
    #: The source states no date for it: the curator inferred the period (the note says how).
    period_inferred: bool = False
    source: str | None = None
    quote: str | None = None
    note: Note = None


Source.model_rebuild()
