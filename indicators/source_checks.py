"""The checks of a dataset against its sources' texts: texts found, quotes held, numbers covered."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from indicators.audit import SourceAudit, audit_sources
from indicators.dataset import Dataset
from indicators.problems import Problem
from indicators.quotes import QuotedItem, check_quotes, quoted_items
from indicators.texts import SourceText, find_texts, text_problems


@dataclass(frozen=True, slots=True)
class TextChecks:
    """What the texts folder holds for a dataset, and what checking the quotes against it found."""

    folder: Path | None
    texts: dict[str, SourceText]
    items: list[QuotedItem]
    problems: list[Problem]  # notices (texts missing), warnings (texts changed), errors (quotes not found)

    def audit(self) -> list[SourceAudit]:
        """The coverage audit of every text at hand."""
        return audit_sources(self.items, self.texts)


def source_locations(dataset: Dataset) -> dict[str, tuple[str, int | None]]:
    """(file, line) where each source is defined."""
    frame = dataset.sources
    return {
        source_id: (str(file), None if pd.isna(line) else int(line))
        for source_id, file, line in zip(frame.index, frame["file"], frame["line"], strict=True)
    }


def check_source_texts(dataset: Dataset, folder: Path | None) -> TextChecks:
    """Find every referenced text in ``folder`` and check every quote and not_curated text against it."""
    texts = find_texts(dataset.source_models, folder)
    files = source_locations(dataset)
    items = quoted_items(dataset.observations, dataset.events, dataset.source_models, files)
    problems = text_problems(texts, files) + check_quotes(items, texts)
    return TextChecks(folder, texts, items, problems)
