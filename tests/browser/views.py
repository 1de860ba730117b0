"""The views the browser tests open: the issue's awkward charts, and a view per chart kind of the registry."""

from __future__ import annotations

from indicators import load_dataset
from indicators.selections import in_curated_order
from layouts.chart_view import drawn_kind
from layouts.charts import CHART_KINDS
from layouts.view_state import parse_search
from tests.conftest import DATA_DIR

#: Charts the issue found hard to read, by name: the query of each (``tab=chart`` is added).
CHART_VIEWS = {
    "one": "ind=national_high_tech_enterprises",
    "sizes-differ": "ind=general_procedure_cases,simple_procedure_cases,eco_environment_cases,health_cases,culture_cases",
    "rank": "ind=enforcement_domain_expansion_rank",
    "single-dates": "ind=tax_cadre_behaviour_records",
    "before-after": "ind=national_high_tech_enterprises,little_giant_enterprises&view=before-after",
    "index": "ind=above_scale_enterprises",
    "derived": "ind=procurement_funds_per_project",
    "per-month": "ind=square_dance_noise_complaints,square_dance_noise_complaints_change",
    # The sizes that differ, each on its own axis (the data calls for cards: one value each).
    "small-multiples": "ind=general_procedure_cases,simple_procedure_cases,eco_environment_cases,health_cases,"
    "culture_cases&view=small-multiples",
}


def _drawn_kind(dataset, query: str) -> str | None:
    state = parse_search(f"tab=chart&{query}", frozenset(dataset.indicators.index), "zh").state
    return drawn_kind(dataset, state)


def kind_views() -> dict[str, str]:
    """A view per chart kind of the registry: one of :data:`CHART_VIEWS` that draws it, else one found in the data.

    A kind no single indicator calls for (several series, say) needs a view in CHART_VIEWS:
    ``test_every_chart_kind_has_a_view`` (test_readable.py) says which.
    """
    dataset = load_dataset(DATA_DIR)
    found: dict[str, str] = {}
    for query in CHART_VIEWS.values():
        found.setdefault(_drawn_kind(dataset, query) or "", query)
    for name, kind in CHART_KINDS.items():
        if name in found:
            continue
        for indicator_id in in_curated_order(dataset):
            query = f"ind={indicator_id}" + (f"&view={name}" if kind.selectable else "")
            if _drawn_kind(dataset, query) == name:
                found[name] = query
                break
    return {name: query for name, query in found.items() if name in CHART_KINDS}


KIND_VIEWS = kind_views()
