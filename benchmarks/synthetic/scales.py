"""The benchmark's data scales: how much synthetic data each adds to the curated data of ``data/``."""

from __future__ import annotations

from dataclasses import dataclass

SEED = 20190925


@dataclass(frozen=True, slots=True)
class Scale:
    """How much synthetic data to add to the curated data of ``data/``."""

    name: str
    indicators: int  # measured (curated) indicators; derived ones come on top
    years: int  # of monthly observations, ending with LAST_YEAR
    groups: int  # sources per year: each covers one group of indicators
    indicator_files: int  # files the indicator definitions are spread over
    derived_share: float = 0.05


LAST_YEAR = 2025
SCALES: dict[str, Scale | None] = {
    "article": None,
    "medium": Scale("medium", indicators=200, years=10, groups=4, indicator_files=6),
    "large": Scale("large", indicators=1000, years=20, groups=9, indicator_files=20),
}
