"""The blank chart that says why there is nothing to draw."""

from __future__ import annotations

import plotly.graph_objects as go

from layouts.charts.style import FONT_FAMILY, THEMES, make_figure, plain


def empty_figure(message: str, theme: str = "light", as_dict: bool = False) -> go.Figure:
    """A blank chart that says why there is nothing to draw."""
    colors = THEMES[theme]
    return make_figure(
        [],
        {
            "xaxis": {"visible": False},
            "yaxis": {"visible": False},
            "paper_bgcolor": colors.paper,
            "plot_bgcolor": colors.plot,
            "font": {"family": FONT_FAMILY, "color": colors.muted, "size": 16},
            "annotations": [
                {"text": plain(message), "showarrow": False, "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5}
            ],
            "margin": {"l": 20, "r": 20, "t": 20, "b": 20},
        },
        as_dict,
    )
