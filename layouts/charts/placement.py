"""Where value labels go: beside or above their marks, never on a line or another label, or not at all.

A chart asks for a label per value (:class:`Label`); :func:`place_labels` tries the places around its
mark in order (above, below, right, left; above or below the middle of a span ┝━┥, or right of its
end) in pixels of the plot the figure is planned for, and keeps the first that stays inside the plot
and touches no mark, no span or connecting line and no label placed before it. Labels are placed in
order of importance (each series' latest value first); one with no free place is left out: its
value is still in the hover, and in the table under the chart.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise

import pandas as pd

from layouts.charts.style import text_width

#: Pixels between a mark and its label.
GAP = 4
#: Radius of a point's marker, and half the thickness of a span's segment, in pixels.
MARK_RADIUS = 7
SPAN_HALF = 4
#: Height of one line of label text at 13 px (its box in the SVG, as a browser measures it).
LINE_PX = 19


def _number(value: object) -> float:
    """A position on an axis as a number: dates in milliseconds (as plotly counts them), else the value."""
    if isinstance(value, pd.Timestamp | str) or hasattr(value, "isoformat"):
        return pd.Timestamp(value).value / 1e6
    return float(value)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Plot:
    """One plot area in pixels, and the axis ranges it shows (a y range may run downward: ranks)."""

    width: float
    height: float
    x_range: tuple[object, object]
    y_range: tuple[float, float]
    xref: str = "x"
    yref: str = "y"
    #: How far (pixels) a label may reach out of the plot to the left and right (into the margins).
    reach: tuple[float, float] = (0.0, 0.0)

    def px(self, x: object) -> float:
        """Pixels from the plot's left edge."""
        low, high = (_number(v) for v in self.x_range)
        return (_number(x) - low) / ((high - low) or 1.0) * self.width

    def py(self, y: float) -> float:
        """Pixels from the plot's bottom edge."""
        low, high = self.y_range
        return (float(y) - low) / ((high - low) or 1.0) * self.height


@dataclass(frozen=True)
class Box:
    """A rectangle in plot pixels (y upward)."""

    left: float
    bottom: float
    right: float
    top: float

    def overlaps(self, other: Box) -> bool:
        """Whether two boxes share any area."""
        return (
            self.left < other.right and other.left < self.right and self.bottom < other.top and other.bottom < self.top
        )

    def crosses(self, a: tuple[float, float], b: tuple[float, float]) -> bool:
        """Whether the line from ``a`` to ``b`` passes through the box (Liang–Barsky clipping)."""
        (x0, y0), (x1, y1) = a, b
        dx, dy = x1 - x0, y1 - y0
        low, high = 0.0, 1.0
        for p, q in ((-dx, x0 - self.left), (dx, self.right - x0), (-dy, y0 - self.bottom), (dy, self.top - y0)):
            if p == 0:
                if q < 0:
                    return False
                continue
            r = q / p
            if p < 0:
                low = max(low, r)
            else:
                high = min(high, r)
            if low > high:
                return False
        return True


@dataclass
class Label:
    """A label a chart would like beside a value."""

    #: The text (already made safe for plotly; ``<br>`` breaks lines).
    text: str
    x: object
    y: float
    color: str
    #: Lower is placed first (and so kept when two compete for room).
    priority: int = 5
    #: For a value over a span of days: its first and last x (the label goes over the middle or after the end).
    span: tuple[object, object] | None = None
    size: int = 13
    #: Only these places, in this order (names of :data:`PLACES`); None: the usual ones for a point or span.
    places: tuple[str, ...] | None = None
    #: Other points (x, y) to try the places around when none is free at (x, y), in order.
    also_at: tuple[tuple[object, float], ...] = ()


@dataclass
class Obstacles:
    """What labels must keep clear of: marks and spans (boxes) and lines (segments), in plot pixels.

    ``soft`` segments (a thin dotted connector between values) are avoided where a label has another
    free place, and crossed where it has none: a label across a connector still reads, one across a
    span or a mark does not.
    """

    boxes: list[Box] = field(default_factory=list)
    segments: list[tuple[tuple[float, float], tuple[float, float]]] = field(default_factory=list)
    soft: list[tuple[tuple[float, float], tuple[float, float]]] = field(default_factory=list)

    def add_point(self, plot: Plot, x: object, y: float, radius: float = MARK_RADIUS) -> None:
        """A marker."""
        px, py = plot.px(x), plot.py(y)
        self.boxes.append(Box(px - radius, py - radius, px + radius, py + radius))

    def add_span(self, plot: Plot, x0: object, x1: object, y: float) -> None:
        """A span's thick segment ┝━┥ with its end ticks."""
        py = plot.py(y)
        self.boxes.append(Box(plot.px(x0) - 2, py - MARK_RADIUS, plot.px(x1) + 2, py + MARK_RADIUS))

    def add_line(self, plot: Plot, xs: Sequence[object], ys: Sequence[float | None], *, soft: bool = False) -> None:
        """A line through points (None breaks it); ``soft``: a connector that a label may cross if it must."""
        points = [
            (plot.px(x), plot.py(y)) if x is not None and y is not None else None for x, y in zip(xs, ys, strict=True)
        ]
        for a, b in pairwise(points):
            if a is not None and b is not None:
                (self.soft if soft else self.segments).append((a, b))

    def clear(self, box: Box, *, strict: bool = True) -> bool:
        """Whether a label box touches nothing here (with ``strict``, no connector either)."""
        segments = [*self.segments, *self.soft] if strict else self.segments
        return not any(box.overlaps(other) for other in self.boxes) and not any(box.crosses(a, b) for a, b in segments)


#: The places a label may take: (x offset of the box's anchor from the mark, y offset, xanchor, yanchor).
#: Offsets are in pixels; the span places use the span's middle (``above``, ``below``) or end (``after``).
PLACES = (
    "above",
    "below",
    "right",
    "left",
    "after",
    "before",
    "above-left",
    "above-right",
    "below-left",
    "below-right",
)
_POINT_PLACES = ("above", "right", "below", "left", "above-left", "above-right", "below-right", "below-left")
_SPAN_PLACES = ("above", "below", "after", "before")


def _box(place: str, label: Label, plot: Plot) -> tuple[Box, dict]:
    """The label's box at a place, and the annotation fields that put it there."""
    lines = label.text.count("<br>") + 1
    width = max(text_width(part, label.size) for part in _visible_lines(label.text)) + 4
    height = LINE_PX * label.size / 13 * lines
    py = plot.py(label.y)
    if label.span is not None:
        left_px, right_px = plot.px(label.span[0]), plot.px(label.span[1])
        middle, x_of = (left_px + right_px) / 2, {"after": right_px, "before": left_px}
        rise = SPAN_HALF + GAP
    else:
        middle = plot.px(label.x)
        x_of = {"after": middle, "before": middle}
        rise = MARK_RADIUS + GAP
    if place == "above":
        return Box(middle - width / 2, py + rise, middle + width / 2, py + rise + height), {
            "xanchor": "center", "yanchor": "bottom", "yshift": rise, "x_px": middle,
        }  # fmt: skip
    if place == "below":
        return Box(middle - width / 2, py - rise - height, middle + width / 2, py - rise), {
            "xanchor": "center", "yanchor": "top", "yshift": -rise, "x_px": middle,
        }  # fmt: skip
    if place in ("right", "after", "left", "before"):
        # Beside the mark, nudged up or down to stay inside the plot (a value of 0 on the bottom line).
        nudge = min(max(height / 2 - py, 0.0), plot.height - height / 2 - py) if height <= plot.height else 0.0
        bottom = py - height / 2 + nudge
        if place in ("right", "after"):
            start = x_of["after"] + MARK_RADIUS + GAP
            return Box(start, bottom, start + width, bottom + height), {
                "xanchor": "left", "yanchor": "middle", "xshift": MARK_RADIUS + GAP, "yshift": nudge,
                "x_px": x_of["after"],
            }  # fmt: skip
        end = x_of["before"] - MARK_RADIUS - GAP
        return Box(end - width, bottom, end, bottom + height), {
            "xanchor": "right", "yanchor": "middle", "xshift": -(MARK_RADIUS + GAP), "yshift": nudge,
            "x_px": x_of["before"],
        }  # fmt: skip
    # Diagonal places: a corner of the box at the mark, clear of a line that runs the other way.
    vertical, horizontal = place.split("-")
    dx, dy = (GAP if horizontal == "right" else -GAP), (GAP if vertical == "above" else -GAP)
    left = middle + dx if horizontal == "right" else middle + dx - width
    bottom = py + dy if vertical == "above" else py + dy - height
    return Box(left, bottom, left + width, bottom + height), {
        "xanchor": "left" if horizontal == "right" else "right",
        "yanchor": "bottom" if vertical == "above" else "top",
        "xshift": dx,
        "yshift": dy,
        "x_px": middle,
    }


def _visible_lines(text: str) -> list[str]:
    """The lines of a label as read (tags dropped, entities as one character)."""
    import re

    plain_text = re.sub(r"<(?!br>)[^>]+>", "", text).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return plain_text.split("<br>")


def _inside(box: Box, plot: Plot) -> bool:
    reach_left, reach_right = plot.reach
    return (
        box.left >= -reach_left and box.right <= plot.width + reach_right and box.bottom >= 0 and box.top <= plot.height
    )


def place_labels(
    labels: Iterable[Label], plot: Plot, obstacles: Obstacles, *, taken: list[Box] | None = None
) -> list[dict]:
    """Annotations for the labels that fit, each at its first free place; the others are left out.

    Args:
        labels: The labels wanted, in any order (they are placed by priority, then in the order given).
        plot: The plot they belong to, in the pixels the figure is planned for.
        obstacles: Marks, spans and lines to keep clear of.
        taken: Boxes of labels placed before (in the same plot); the new ones are added to it.
    """
    taken = [] if taken is None else taken
    placed = []
    for wanted in sorted(labels, key=lambda item: item.priority):
        places = wanted.places or (_SPAN_PLACES if wanted.span is not None else _POINT_PLACES)
        tries = [wanted] + [replace(wanted, x=x, y=y, also_at=()) for x, y in wanted.also_at]
        found = next(
            (
                (label, place, box, fields)
                for strict in (True, False)
                for label in tries
                for place in places
                for box, fields in [_box(place, label, plot)]
                if _inside(box, plot)
                and not any(box.overlaps(other) for other in taken)
                and obstacles.clear(box, strict=strict)
            ),
            None,
        )
        if found is None:
            continue
        label, place, box, fields = found
        taken.append(box)
        x = label.x
        if label.span is not None and place in ("above", "below"):
            x = label.x
        elif label.span is not None:
            x = label.span[1] if place == "after" else label.span[0]
        fields.pop("x_px")
        placed.append(
            {
                "x": x,
                "y": label.y,
                "xref": plot.xref,
                "yref": plot.yref,
                "text": label.text,
                "showarrow": False,
                "font": {"color": label.color, "size": label.size},
                **fields,
            }
        )
    return placed
