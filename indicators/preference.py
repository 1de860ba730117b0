"""When sources disagree: which value is shown, and the rule that decided it.

Observations of the same indicator, measure and period (written any way: ``2022-Q1`` is
``2022-01/2022-03``) from several sources form a group; so do levels (stocks, ranks) from different
sources whose periods overlap without being the same span: "2020" and "2020-11-01" may well be the
same census figure (a stock "in 2020" is a level at an unstated date within it), and two such values
that differ are warned about as a possible conflict. One member of each group is shown (preferred),
by the first of these rules that tells them apart (docs/data-format.md):

1. ``marked_preferred``: an observation marked ``preferred: true`` (the curator's decision);
2. ``source_kind``: the source of the most authoritative kind (:class:`~indicators.schema.SourceKind`);
3. ``date_published``: the most recently published source. A date known only to the month or year
   is a span of days: a source is later only when its first possible day is after the other's last
   possible day, so a day the curator does not know never decides;
4. ``qualifier``: the more exact qualifier;
5. ``source_id``: the source id (then the period), so the choice never depends on file order.

Every member of a group records the rule that decided its place (``preferred_by``): the rule that set
it aside, or for the shown value the rule that left it alone.
"""

from __future__ import annotations

from collections import defaultdict
from enum import StrEnum

from indicators import locales
from indicators.checked import CheckedObservation, Located
from indicators.qualifiers import QUALIFIERS
from indicators.reporting import Reporter
from indicators.schema import Measure, Source, SourceKind


class PreferenceRule(StrEnum):
    """The rules that choose the value shown, in the order they are applied."""

    MARKED_PREFERRED = "marked_preferred"
    SOURCE_KIND = "source_kind"
    DATE_PUBLISHED = "date_published"
    QUALIFIER = "qualifier"
    SOURCE_ID = "source_id"


#: Each rule in words, for tables, hovers and exports: {lang: {rule: label}}.
RULE_LABELS: dict[str, dict[PreferenceRule, str]] = locales.translatable(
    "preference rules",
    {
        "zh": {
            PreferenceRule.MARKED_PREFERRED: "整理者标注优先",
            PreferenceRule.SOURCE_KIND: "来源类型更权威",
            PreferenceRule.DATE_PUBLISHED: "发布时间更晚",
            PreferenceRule.QUALIFIER: "数值更精确",
            PreferenceRule.SOURCE_ID: "按来源编号排序",
        },
        "en": {
            PreferenceRule.MARKED_PREFERRED: "marked preferred by the curator",
            PreferenceRule.SOURCE_KIND: "more authoritative kind of source",
            PreferenceRule.DATE_PUBLISHED: "published later",
            PreferenceRule.QUALIFIER: "more exact qualifier",
            PreferenceRule.SOURCE_ID: "source id (tie-break)",
        },
    },
    by="language",
)

#: Preference among sources of different kinds when they disagree (lower wins).
SOURCE_KIND_RANK = {kind: rank for rank, kind in enumerate(SourceKind)}
#: Preference among qualifiers of the same figure (lower wins), from the qualifier table.
QUALIFIER_RANK = {qualifier: kind.rank for qualifier, kind in QUALIFIERS.items()}
#: Measures whose value is a level at a (possibly unstated) date within the period, so that a coarser
#: period may hold the very figure a finer one gives. Totals and averages over different spans are
#: different quantities (a year's cases are not a month's) and are never grouped.
LEVEL_MEASURES = frozenset({Measure.STOCK, Measure.RANK})


def rule_label(rule: str | None, lang: str) -> str:
    """The rule in words (empty for a value that had no other to be compared with)."""
    return locales.text_in(RULE_LABELS, lang)[PreferenceRule(rule)] if rule else ""


def resolve_conflicts(
    report: Reporter, observations: list[CheckedObservation], sources: dict[str, Located[Source]]
) -> None:
    """Mark the value to show in each group of observations of the same thing, and why."""
    groups = _groups(observations)
    for members, overlapping in groups:
        flagged = [m for m in members if m.model.preferred]
        for m in flagged[1:]:
            report.warn(
                m,
                m.local_id,
                f"several sources are marked preferred for {m.model.indicator} {m.period.text}; "
                "the next rules decide between them",
                "mark only one of them preferred: true",
            )
        decided = _decide(members, sources)
        distinct = {(m.value, m.model.qualifier) for m in members}
        for m in members:
            m.preferred = m is decided[0][0]
            m.conflict = len(distinct) > 1
            m.alternatives = len(members) - 1
        for m, rule in decided:
            m.preferred_by = rule.value
        if overlapping and len(distinct) > 1:
            _warn_overlap(report, decided)


def _groups(observations: list[CheckedObservation]) -> list[tuple[list[CheckedObservation], bool]]:
    """Groups of two or more (with whether periods of different spans were joined), in first-member order.

    Almost every observation is alone in its group: only groups of two or more get a list.
    """
    first: dict[tuple, CheckedObservation] = {}
    shared: dict[tuple, list[CheckedObservation]] = {}
    for item in observations:
        key = (item.model.indicator, item.period.key, item.measure, item.base.key if item.base else None)
        alone = first.setdefault(key, item)
        if alone is item:
            item.preferred = True
        else:
            shared.setdefault(key, [alone]).append(item)
    joined = _overlapping_levels(first, shared)
    result: list[tuple[list[CheckedObservation], bool]] = []
    done: set[tuple] = set()
    for key in first:
        if key in done:
            continue
        keys = joined.get(key, [key])
        done.update(keys)
        members = [m for k in keys for m in shared.get(k, [first[k]])]
        if len(members) > 1:
            result.append((members, len(keys) > 1))
    return result


def _overlapping_levels(first: dict[tuple, CheckedObservation], shared: dict[tuple, list]) -> dict[tuple, list]:
    """Keys of level groups to join: overlapping spans of the same level, given by different sources.

    Returns each joined key's list of keys (in first-member order); keys not joined are left out.
    """
    by_level: dict[tuple, list[tuple]] = defaultdict(list)
    for key, item in first.items():
        if item.measure in LEVEL_MEASURES:
            by_level[(key[0], key[2], key[3])].append(key)
    parent: dict[tuple, tuple] = {}

    def root(key: tuple) -> tuple:
        while parent.get(key, key) != key:
            key = parent[key]
        return key

    def sources(key: tuple) -> set[str]:
        return {m.source_id for m in shared.get(key, [first[key]])}

    for keys in by_level.values():
        if len(keys) < 2:
            continue
        # A sweep in order of start: each span is compared with the earlier ones still open.
        ordered = sorted(keys, key=lambda k: k[1])
        open_spans: list[tuple] = []
        for key in ordered:
            start = key[1][0]
            open_spans = [k for k in open_spans if k[1][1] >= start]
            for other in open_spans:
                if len(sources(key) | sources(other)) > 1:
                    a, b = root(key), root(other)
                    if a != b:
                        parent[a] = b
            open_spans.append(key)
    involved = set(parent) | set(parent.values())
    members: dict[tuple, list[tuple]] = defaultdict(list)
    for key in first:
        if key in involved:
            members[root(key)].append(key)
    return {key: members[root(key)] for keys in members.values() for key in keys}


def _decide(
    members: list[CheckedObservation], sources: dict[str, Located[Source]]
) -> list[tuple[CheckedObservation, PreferenceRule]]:
    """Members with the rule that decided each one's place; the value to show comes first."""

    def source(m: CheckedObservation) -> Source:
        return sources[m.source_id].record

    def best(values: dict[int, object]) -> set[int]:
        low = min(values.values())  # type: ignore[type-var]
        return {i for i, v in values.items() if v == low}

    def later(remaining: list[CheckedObservation]) -> set[int]:
        # Not published before another one for certain (their spans of possible days do not overlap).
        dates = {id(m): source(m).date_published for m in remaining}
        return {i for i, d in dates.items() if not any(o.start > d.end for o in dates.values())}

    def marked(remaining: list[CheckedObservation]) -> set[int]:
        # Nothing marked: the rule leaves every value in.
        return {id(m) for m in remaining if m.model.preferred} or {id(m) for m in remaining}

    steps = (
        (PreferenceRule.MARKED_PREFERRED, marked),
        (PreferenceRule.SOURCE_KIND, lambda rest: best({id(m): SOURCE_KIND_RANK[source(m).kind] for m in rest})),
        (PreferenceRule.DATE_PUBLISHED, later),
        (PreferenceRule.QUALIFIER, lambda rest: best({id(m): QUALIFIER_RANK[m.model.qualifier] for m in rest})),
        (
            PreferenceRule.SOURCE_ID,
            lambda rest: best({id(m): (m.source_id, m.period.start, m.period.end, m.local_id) for m in rest}),
        ),
    )
    remaining = list(members)
    set_aside: list[tuple[CheckedObservation, PreferenceRule]] = []
    for rule, keep in steps:
        kept = keep(remaining)
        set_aside.extend((m, rule) for m in remaining if id(m) not in kept)
        remaining = [m for m in remaining if id(m) in kept]
        if len(remaining) == 1:
            return [(remaining[0], rule), *set_aside]
    raise AssertionError("the source id and period tell any two observations apart")  # pragma: no cover


def _warn_overlap(report: Reporter, decided: list[tuple[CheckedObservation, PreferenceRule]]) -> None:
    shown, rule = decided[0]
    for m, _ in decided[1:]:
        if m.period.key == shown.period.key:
            continue
        report.warn(
            m,
            m.local_id,
            f"possible conflict: {m.model.indicator} is {m.value:g} for {m.period.text} in {m.source_id} "
            f"but {shown.value:g} for {shown.period.text} in {shown.source_id} (overlapping periods of "
            f"different precision); showing {shown.obs_id}, chosen by the rule {rule.value}",
            "if both are the same figure, write the same period in both; if they are different figures, "
            "give each its exact date; or mark the right one preferred: true (say why in its note)",
        )
