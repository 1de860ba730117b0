"""Hypothesis strategies for the property tests: values as curators write them, periods, small datasets.

Expected results are computed here independently of the code under test (exact decimal arithmetic
for 万/亿 values, calendar arithmetic for periods), so a property compares the loader with an oracle
rather than with itself.
"""

from __future__ import annotations

import calendar
import keyword
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import yaml
from hypothesis import settings
from hypothesis import strategies as st

from indicators.periods import parse_period
from indicators.qualifiers import Qualifier

#: Examples for the tests that write and load a whole data directory (each takes a few ms).
LOADER_EXAMPLES = max(12, settings().max_examples // 8)

MULTIPLIERS = {"": 1, "百": 10**2, "千": 10**3, "万": 10**4, "亿": 10**8, "万亿": 10**12}
qualifiers = st.sampled_from(list(Qualifier))

# --- values ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Written:
    """A value as a curator writes it in YAML, and its exact value in base units."""

    raw: object
    exact: Decimal

    @property
    def base(self) -> float:
        """The exact value, correctly rounded to a float (what the loader must produce)."""
        return float(self.exact)


def _digits(number: int, places: int) -> str:
    """``number`` / 10**places as decimal text, as printed (no exponent, no trailing zeros)."""
    text = str(abs(number)).rjust(places + 1, "0")
    whole, frac = (text[:-places], text[-places:].rstrip("0")) if places else (text, "")
    return ("-" if number < 0 else "") + whole + (f".{frac}" if frac else "")


def _group(whole: str) -> str:
    """Thousands separators as some sources print them (``2,681``)."""
    sign, digits = ("-", whole[1:]) if whole.startswith("-") else ("", whole)
    return sign + f"{int(digits):,}"


@st.composite
def written_values(draw, *, negative: bool = False, max_places: int = 4) -> Written:
    """A value as curators write it: a YAML number, digits as text, or a number with 万/亿."""
    form = draw(st.sampled_from(["int", "float", "text", "word", "word"]))
    places = draw(st.integers(0, max_places))
    low = -(10**12) if negative else 0
    mantissa = draw(st.integers(low, 10**12))
    text = _digits(mantissa, places)
    exact = Decimal(text)
    if form == "int":
        return Written(mantissa, Decimal(mantissa))
    if form == "float":
        return Written(float(text), exact)
    if form == "text":
        whole, dot, frac = text.partition(".")
        if draw(st.booleans()) and len(whole.lstrip("-")) > 3:
            text = _group(whole) + dot + frac
        return Written(text, exact)
    word = draw(st.sampled_from(["百", "千", "万", "亿", "万亿"]))
    space = draw(st.sampled_from(["", "", " "]))
    return Written(f"{text}{space}{word}", exact * MULTIPLIERS[word])


# --- periods ------------------------------------------------------------------------------------


def month_end(year: int, month: int) -> date:
    """Last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def point(day: date, kind: str) -> tuple[str, date, date]:
    """The day, month, quarter or year containing ``day``: (ISO text, first day, last day)."""
    y, m = day.year, day.month
    if kind == "day":
        return day.isoformat(), day, day
    if kind == "month":
        return f"{y:04d}-{m:02d}", date(y, m, 1), month_end(y, m)
    if kind == "quarter":
        q = (m - 1) // 3 + 1
        return f"{y:04d}-Q{q}", date(y, 3 * q - 2, 1), month_end(y, 3 * q)
    return f"{y:04d}", date(y, 1, 1), date(y, 12, 31)


POINT_KINDS = st.sampled_from(["day", "month", "quarter", "year"])


@dataclass(frozen=True)
class WrittenPeriod:
    """A period text with the first and last day it must cover (None for durations: see ``months``)."""

    text: str
    start: date | None
    end: date | None
    months: int | None = None  # for ``PnM/date`` and ``date/PnM``
    anchor: date | None = None  # the date written beside the duration


@st.composite
def calendar_periods(draw, lo: date = date(1900, 1, 1), hi: date = date(2100, 12, 31)) -> WrittenPeriod:
    """A day, month, quarter, year or START/END interval lying within [lo, hi]."""
    a = draw(st.dates(lo, hi))
    if draw(st.booleans()):
        text, start, end = point(a, draw(POINT_KINDS))
        if start < lo or end > hi:
            text, start, end = point(a, "day")
        return WrittenPeriod(text, start, end)
    b = draw(st.dates(a, hi))
    left, start, _ = point(a, draw(POINT_KINDS))
    right, _, end = point(b, draw(POINT_KINDS))
    if start < lo:
        left, start, _ = point(a, "day")
    if end > hi:
        right, _, end = point(b, "day")
    return WrittenPeriod(f"{left}/{right}", start, end)


@st.composite
def month_durations(draw, lo: date = date(1905, 1, 1), hi: date = date(2095, 12, 31)) -> WrittenPeriod:
    """``PnM/date`` or ``date/PnM`` (also written ``PnYnM``)."""
    n = draw(st.integers(1, 60))
    anchor = draw(st.dates(lo, hi))
    if draw(st.booleans()):  # month ends are where month arithmetic clamps (31 Jan + 1 month)
        anchor = max(lo, min(hi, month_end(anchor.year, anchor.month) - timedelta(days=draw(st.integers(0, 3)))))
    years, months = divmod(n, 12)
    duration = draw(st.sampled_from([f"P{n}M", f"P{years}Y{months}M" if years else f"P{n}M"]))
    if years and not months and draw(st.booleans()):
        duration = f"P{years}Y"
    text = f"{duration}/{anchor}" if draw(st.booleans()) else f"{anchor}/{duration}"
    return WrittenPeriod(text, None, None, months=n, anchor=anchor)


# --- text ----------------------------------------------------------------------------------------

YAML_SPECIAL = [*":#-'\"{}[]&*!|>%@`,?~=\\", "- ", ": ", " #", "---", "...", "\n", "null", "yes", "2022-08-23"]
#: Whitespace that both YAML and the schema treat as such (the schema strips it around a string).
PADDING = st.text(alphabet=" \t\n\u3000\u00a0", max_size=3)


def _is_core(text: str) -> bool:
    return bool(text) and not text[0].isspace() and not text[-1].isspace()


#: Any text the YAML emitter can write, with YAML's special characters mixed in. Not lone surrogates
#: (not UTF-8), nor NEL/LS/PS: PyYAML's safe_dump(allow_unicode=True) leaves them raw in a single-quoted
#: scalar, where YAML reads them as line breaks and folds them (a quirk of the writer, not the loader).
core_texts = st.lists(
    st.one_of(
        st.characters(exclude_categories=("Cs",), exclude_characters="\x85\u2028\u2029"),
        st.sampled_from(YAML_SPECIAL),
    ),
    min_size=1,
    max_size=10,
).map("".join)


@st.composite
def quotes(draw, exclude: str = "") -> tuple[str, str]:
    """(text as written, text the loader must keep): surrounding whitespace is stripped by the schema."""
    core = draw(core_texts.filter(_is_core).filter(lambda t: not any(c in t for c in exclude)))
    return draw(PADDING) + core + draw(PADDING), core


# --- datasets -----------------------------------------------------------------------------------

#: Units of the generated catalog: id -> (smallest value allowed, largest value allowed).
UNITS = {"case": (0, None), "yuan": (0, None), "percent": (0, 100), "score": (None, None)}
CATALOG_UNITS = [
    {
        "id": unit,
        "name": {"zh": unit, "en": unit},
        "kind": {"case": "count", "yuan": "currency", "percent": "percent", "score": "ratio"}[unit],
        "patterns": {"zh": "{n}", "en": "{n}"},
        "axis": {"zh": unit, "en": unit},
        **({"min": lo} if lo is not None else {}),
        **({"max": hi} if hi is not None else {}),
    }
    for unit, (lo, hi) in UNITS.items()
]
MEASURES = ["stock", "flow", "mean_per_month", "maximum", "plan", "ratio_to_base"]
_LOWER, _DIGITS = "abcdefghijklmnopqrstuvwxyz", "0123456789"
#: ``^[a-z][a-z0-9_]*$`` (not Python keywords: an indicator named ``if`` cannot appear in a formula).
indicator_ids = st.builds(
    str.__add__, st.sampled_from(_LOWER), st.text(alphabet=_LOWER + _DIGITS + "_", max_size=11)
).filter(lambda s: not keyword.iskeyword(s))
#: Source and observation ids: ``^[a-z0-9][a-z0-9_.-]*$`` (the schema also allows @ and /).
record_ids = st.builds(
    str.__add__, st.sampled_from(_LOWER + _DIGITS), st.text(alphabet=_LOWER + _DIGITS + "_.-", max_size=15)
)


@dataclass
class Obs:
    """One generated observation: the record written to YAML and what the loader must make of it."""

    record: dict
    source: str
    file: str
    value: Decimal
    period: str
    start: date
    end: date
    quote: str  # as the loader must keep it

    @property
    def label(self) -> str:
        """How problems name the record: its id, else ``indicator@period``."""
        return self.record.get("id") or f"{self.record['indicator']}@{self.period}"

    @property
    def obs_id(self) -> str:
        """The id of the loaded row."""
        return f"{self.source}:{self.label}"


@dataclass
class GeneratedData:
    """A small valid data directory: files as Python data, and the observations they hold."""

    files: dict[str, dict] = field(default_factory=dict)
    observations: list[Obs] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # the YAML written, by file
    indicator_units: dict[str, str] = field(default_factory=dict)
    indicator_measures: dict[str, str] = field(default_factory=dict)
    published: dict[str, date] = field(default_factory=dict)

    def write(self, data_dir: Path) -> None:
        """Write every file as YAML the way an editor would save it (UTF-8, unicode unescaped)."""
        self.texts = {relative: dump(document) for relative, document in self.files.items()}
        for relative, text in self.texts.items():
            path = data_dir / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")

    def line_of(self, obs: Obs) -> int:
        """The line where an observation's record starts in its file, as last written."""
        records = self.files[obs.file]["observations"]
        index = next(i for i, record in enumerate(records) if record is obs.record)
        return observation_lines(self.texts[obs.file])[index]


def dump(document: dict) -> str:
    """YAML text of a document, as ``yaml.safe_dump`` writes it (quoting whatever needs quoting)."""
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


def observation_lines(text: str) -> list[int]:
    """1-based line where each record of the ``observations`` list starts (found by YAML's composer)."""
    root = yaml.compose(text)
    for key, value in root.value:
        if key.value == "observations":
            return [item.start_mark.line + 1 for item in value.value]
    return []


@st.composite
def datasets(draw, *, with_derived: bool = False, quote_exclude: str = "") -> GeneratedData:
    """A random small valid data directory (catalog, 1-3 sources, observations in source files and apart)."""
    data = GeneratedData()
    ids = draw(st.lists(indicator_ids, min_size=1, max_size=4, unique=True))
    indicators = []
    for indicator_id in ids:
        unit = draw(st.sampled_from(list(UNITS)))
        data.indicator_units[indicator_id] = unit
        data.indicator_measures[indicator_id] = draw(st.sampled_from(["stock", "flow"]))
        indicators.append(
            {
                "id": indicator_id,
                "name": {"zh": f"指标{indicator_id}", "en": indicator_id},
                "description": {"zh": "说明", "en": "description"},
                "category": "things",
                "unit": unit,
                "measure": data.indicator_measures[indicator_id],
            }
        )
    if with_derived:
        # One derived indicator over the others, so derived rows (and their qualifiers) are exported too.
        derived_id = "derived_total"
        while derived_id in ids:
            derived_id += "_x"
        operator = draw(st.sampled_from([" + ", " - ", " * "]))
        indicators.append(
            {
                "id": derived_id,
                "name": {"zh": "合计", "en": "Total"},
                "description": {"zh": "合计", "en": "Total"},
                "category": "things",
                "unit": "score",
                "formula": operator.join(ids[:2]) if len(ids) > 1 else f"{ids[0]} * 2",
            }
        )
    data.files["catalog.yaml"] = {
        "units": CATALOG_UNITS,
        "categories": [{"id": "things", "name": {"zh": "事项", "en": "Things"}}],
        "indicators": indicators,
    }

    source_ids = draw(st.lists(record_ids, min_size=1, max_size=3, unique=True))
    published = data.published = {sid: draw(st.dates(date(1960, 1, 1), date(2030, 12, 31))) for sid in source_ids}
    used_keys: set[tuple] = set()
    used_ids: set[tuple[str, str]] = set()
    for n, source_id in enumerate(source_ids):
        records_here: list[dict] = []
        apart: list[dict] = []
        for _ in range(draw(st.integers(0, 8))):
            obs = draw(_observation(source_id, published[source_id], data.indicator_units, quote_exclude))
            if obs is None:
                continue
            indicator = obs.record["indicator"]
            measure = obs.record.get("measure") or data.indicator_measures[indicator]
            key = (indicator, obs.start, obs.end, measure, source_id)
            if key in used_keys or (source_id, obs.label) in used_ids:
                continue
            used_keys.add(key)
            used_ids.add((source_id, obs.label))
            if draw(st.integers(0, 4)) == 0:
                obs.record["source"] = source_id
                obs.file = f"more/observations-{n}.yaml"
                apart.append(obs.record)
            else:
                obs.file = f"sources/source-{n}.yaml"
                records_here.append(obs.record)
            data.observations.append(obs)
        data.files[f"sources/source-{n}.yaml"] = {
            "source": {
                "id": source_id,
                "title": {"zh": f"来源 {source_id}", "en": f"Source {source_id}"},
                "publisher": {"zh": "发布者", "en": "Publisher"},
                "kind": draw(
                    st.sampled_from(["statistical_bulletin", "government_report", "government_media", "press", "other"])
                ),
                "url": draw(st.sampled_from([None, f"https://example.org/{n}"])),
                "date_published": published[source_id].isoformat(),
                "date_accessed": (published[source_id] + timedelta(days=3)).isoformat(),
            },
            "observations": records_here,
        }
        if apart:
            data.files[f"more/observations-{n}.yaml"] = {"observations": apart}
    return data


@st.composite
def _observation(draw, source_id: str, published: date, units: dict[str, str], quote_exclude: str) -> Obs | None:
    indicator = draw(st.sampled_from(sorted(units)))
    lo, hi = UNITS[units[indicator]]
    measure = draw(st.sampled_from([None, None, *MEASURES]))
    latest = date(2100, 12, 31) if measure == "plan" else published
    if draw(st.integers(0, 3)) == 0:
        duration = draw(month_durations(date(1951, 1, 1), min(latest, date(2095, 12, 31))))
        parsed = parse_period(duration.text)
        if parsed.end > latest:
            return None
        period = WrittenPeriod(duration.text, parsed.start, parsed.end)
    else:
        period = draw(calendar_periods(date(1950, 1, 1), latest))
    if hi is not None and measure != "ratio_to_base":
        percent = draw(st.integers(0, 10000))
        value = Written(_digits(percent, 2) if draw(st.booleans()) else percent / 100, Decimal(percent) / 100)
    else:
        value = draw(written_values(negative=lo is None and measure != "ratio_to_base"))
    raw_quote, kept_quote = draw(quotes(quote_exclude))
    record: dict = {}
    if draw(st.booleans()):
        record["id"] = draw(record_ids)
    record |= {"indicator": indicator, "period": period.text, "value": value.raw}
    record["qualifier"] = draw(qualifiers).value
    if measure is not None:
        record["measure"] = measure
    if measure == "ratio_to_base":
        record["base_period"] = str(period.start.year - 1)
    record["quote"] = raw_quote
    if draw(st.integers(0, 2)) == 0:
        record["note"] = draw(core_texts.filter(lambda t: not any(c in t for c in quote_exclude)))
    return Obs(record, source_id, "", value.exact, period.text, period.start, period.end, kept_quote)
