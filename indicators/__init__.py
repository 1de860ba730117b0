"""Curated indicators of Longgang's reform: YAML in, validated pandas frames out (no Dash here)."""

from indicators.dataset import Dataset, clear_cache, default_data_dir, load_dataset
from indicators.problems import DataError, Problem, Severity
from indicators.qualifiers import Qualifier
from indicators.schema import Measure

__all__ = [
    "DataError",
    "Dataset",
    "Measure",
    "Problem",
    "Qualifier",
    "Severity",
    "clear_cache",
    "default_data_dir",
    "load_dataset",
]
