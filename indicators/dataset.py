"""The loaded dataset, and :func:`load_dataset` with its cache."""

from __future__ import annotations

import gc
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd

from indicators import locales
from indicators.derive import derive_all
from indicators.documents import DocumentCache, discover
from indicators.frames import derived_frame, events_frame, indicators_frame, observations_frame, sources_frame
from indicators.problems import DataError, Problem, Severity
from indicators.schema import Category, Indicator, Source, Unit
from indicators.validation import Validator
from indicators.yaml_io import FileStamp

#: The curated data shipped with the project (used when neither an argument nor REFORM_DATA_DIR says).
DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
#: Row selections kept per dataset (:meth:`Dataset.kept`).
_ROWS_KEPT = 64
#: A file that could not be read (permissions, I/O) is tried again after this many seconds, even if
#: it did not change: fixing a permission changes neither its mtime nor its size.
RETRY_UNREADABLE_S = 10.0
_ROWS_LOCK = threading.Lock()
_Kept = TypeVar("_Kept")


def code_signature() -> tuple[tuple[str, object], ...]:
    """What of the app itself, besides the files, shapes a dataset (part of :attr:`Dataset.signature`).

    The frames hold a text column per registered language: a newly registered one rebuilds them (and
    a snapshot built before it is built again).
    """
    return (("languages", locales.codes()),)


def default_data_dir() -> Path:
    """``$REFORM_DATA_DIR`` when set, else the project's ``data/``."""
    return Path(os.environ.get("REFORM_DATA_DIR") or DEFAULT_DATA_DIR)


@dataclass(frozen=True, eq=False)
class Dataset:
    """Everything loaded from one data directory. Frames are shared: treat them as read-only.

    Attributes:
        observations: Curated observations, one row per observation of every source.
        derived: Values computed from the formulas of derived indicators (same columns).
        indicators: Indicator definitions, indexed by id.
        sources: Sources, indexed by id.
        events: Reform milestones in date order.
        units, categories: The vocabularies, by id.
        problems: Every error (record rejected) and warning (record kept) found.
        files: Data files read, relative to ``data_dir``.
        version: The snapshot's version when the dataset was read from one (None: read from the YAML).
        unreadable: Data files that could not be read (permissions, I/O): read again after a while
            even if they did not change, so that a fixed file is picked up.
    """

    data_dir: Path
    observations: pd.DataFrame
    derived: pd.DataFrame
    indicators: pd.DataFrame
    sources: pd.DataFrame
    events: pd.DataFrame
    units: dict[str, Unit]
    categories: dict[str, Category]
    indicator_models: dict[str, Indicator]
    source_models: dict[str, Source]
    problems: list[Problem]
    files: list[str]
    signature: tuple = field(repr=False)
    loaded_at: float = field(default_factory=time.time)
    version: str | None = None
    unreadable: tuple[str, ...] = ()

    @cached_property
    def all_observations(self) -> pd.DataFrame:
        """Curated and derived values together (the ``derived`` column tells them apart)."""
        return pd.concat([self.observations, self.derived], ignore_index=True)

    @cached_property
    def _positions(self) -> dict[str, np.ndarray]:
        """Row positions in :attr:`all_observations` of each indicator (built on first use)."""
        frame = self.all_observations
        if frame.empty:
            return {}
        return frame.groupby("indicator_id", observed=True, sort=False).indices

    def rows_of(self, indicator_ids: Iterable[str]) -> pd.DataFrame:
        """The rows of :attr:`all_observations` of some indicators, in the frame's order.

        Found through an index rather than a scan of the frame, so a chart costs the same whatever
        else the data holds (scanning 250k rows four times was most of a chart's cost at that size).
        """
        key = tuple(dict.fromkeys(indicator_ids))

        def select() -> pd.DataFrame:
            positions = self._positions
            found = [positions[i] for i in key if i in positions]
            frame = self.all_observations
            return frame.iloc[:0] if not found else frame.take(np.sort(np.concatenate(found)))

        return self.kept(("rows_of", key), select)

    def kept(self, key: tuple, build: Callable[[], _Kept]) -> _Kept:
        """``build()``, computed once per ``key`` for this dataset among the selections used most recently.

        A chart asks for the same rows several times (the figure, the kind of chart, the list under
        it), and a room of officials asks for the same few views. The least recently used selection
        makes room for a new one. Selections are shared: treat them as read-only.
        """
        memo = self._rows_memo
        with _ROWS_LOCK:
            rows = memo.get(key)
            if rows is not None:
                memo.move_to_end(key)
        if rows is None:
            rows = build()
            with _ROWS_LOCK:
                memo[key] = rows
                memo.move_to_end(key)
                while len(memo) > _ROWS_KEPT:
                    memo.popitem(last=False)
        return rows

    @cached_property
    def _rows_memo(self) -> OrderedDict[tuple, object]:
        return OrderedDict()

    def retry_due(self, now: float | None = None) -> bool:
        """True when some file could not be read and it is time to try it again."""
        return (
            bool(self.unreadable) and (now if now is not None else time.time()) - self.loaded_at >= RETRY_UNREADABLE_S
        )

    @property
    def errors(self) -> list[Problem]:
        """Problems that rejected a record."""
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        """Problems that left the record loaded."""
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        """True when nothing was rejected."""
        return not self.errors

    def status(self) -> dict[str, object]:
        """A JSON-ready summary (counts, state and problems) for health checks and the CLI."""
        return {
            "status": "ok" if self.ok else "degraded",
            "data_dir": self.data_dir.name,
            "files": len(self.files),
            "sources": len(self.sources),
            "indicators": len(self.indicators),
            "observations": len(self.observations),
            "derived_values": len(self.derived),
            "events": len(self.events),
            "rejected_records": len(self.errors),
            "warnings": len(self.warnings),
            "loaded_at": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(self.loaded_at)),
            "problems": [p.to_dict() for p in self.problems[:200]],
        }

    def unit_of(self, indicator_id: str) -> Unit:
        """The unit of an indicator."""
        return self.units[self.indicator_models[indicator_id].unit]


@dataclass
class _CacheEntry:
    signature: tuple
    dataset: Dataset


class _Loader:
    """Loads data directories, caching parsed files and whole datasets.

    A dataset is rebuilt only when a file was added, removed or changed (its mtime or size), so a
    warm load costs one ``stat`` per file, and unchanged files are not parsed again on a rebuild.
    """

    def __init__(self, documents: DocumentCache | None = None) -> None:
        self._documents = documents if documents is not None else DocumentCache()
        self._datasets: dict[Path, _CacheEntry] = {}
        self._lock = threading.Lock()

    @property
    def documents(self) -> DocumentCache:
        """The parsed files (see :func:`build_dataset`, which saves them between processes)."""
        return self._documents

    def load(self, data_dir: Path, settle_seconds: float) -> Dataset:
        data_dir = data_dir.resolve()
        if not data_dir.is_dir():
            problem = Problem(
                str(data_dir.name or data_dir),
                None,
                None,
                f"data directory {data_dir} does not exist",
                "pass an existing folder, or set REFORM_DATA_DIR",
            )
            raise DataError([problem])
        files = discover(data_dir)
        signature = (*((str(path), s) for path, s in files), *code_signature())
        entry = self._datasets.get(data_dir)
        if entry is not None and entry.signature == signature and not entry.dataset.retry_due():
            return entry.dataset
        if entry is not None and settle_seconds > 0 and _recently_changed(files, settle_seconds):
            # A file changed a moment ago may still be being written; serve the current dataset
            # and pick the change up on a later call.
            return entry.dataset
        with self._lock:
            entry = self._datasets.get(data_dir)
            if entry is not None and entry.signature == signature and not entry.dataset.retry_due():
                return entry.dataset
            with _gc_paused():
                dataset = self._build(data_dir, files, signature)
            self._datasets[data_dir] = _CacheEntry(signature, dataset)
            return dataset

    def _build(self, data_dir: Path, files: list[tuple[Path, FileStamp]], signature: tuple) -> Dataset:
        records, file_problems, names = [], [], []
        for path, file_stamp in files:
            relative = path.relative_to(data_dir).as_posix()
            names.append(relative)
            contents = self._documents.read(path, file_stamp, relative)
            records.extend(contents.records)
            file_problems.extend(contents.problems)
        self._documents.forget({path for path, _ in files})
        checked = Validator(records, file_problems).run()
        del records  # not needed to derive and build frames (with the validator, 34 MB at the large scale)
        self._documents.pack()
        derived, derive_problems = derive_all(checked)
        units = {i: loc.record.unit for i, loc in checked.indicators.items()}
        notes = {i: loc.record.note for i, loc in checked.indicators.items()}
        return Dataset(
            data_dir=data_dir,
            observations=observations_frame(checked.observations, units),
            derived=derived_frame(derived, units, notes),
            indicators=indicators_frame(checked),
            sources=sources_frame(checked),
            events=events_frame(checked),
            units={k: v.record for k, v in checked.units.items()},
            categories={k: v.record for k, v in checked.categories.items()},
            indicator_models={k: v.record for k, v in checked.indicators.items()},
            source_models={k: v.record for k, v in checked.sources.items()},
            problems=[*checked.problems, *derive_problems],
            files=names,
            signature=signature,
            unreadable=tuple(path.relative_to(data_dir).as_posix() for path in self._documents.unreadable()),
        )

    def clear(self) -> None:
        with self._lock:
            self._datasets.clear()
            self._documents = DocumentCache()


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Hold off Python's cycle collector while a dataset is built.

    A build allocates millions of objects (YAML nodes, records, models) that refer to each other only
    as trees, so the collector finds almost nothing to free; yet it runs every 700 allocations and its
    full collections walk everything alive, so the cost grew faster than the data: at the large
    benchmark scale (245,000 observations) it was 44 of 70 s of CPU, and per observation the load cost
    1.7 times what it did at the medium scale. Reference counting still frees everything as usual; the
    few cycles a build leaves (parsed formulas) are collected once collection resumes.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _recently_changed(files: list[tuple[Path, FileStamp]], seconds: float) -> bool:
    threshold = time.time_ns() - int(seconds * 1e9)
    return any(s.mtime_ns > threshold for _, s in files)


_LOADER = _Loader()


def load_dataset(data_dir: str | Path | None = None, *, strict: bool = False, settle_seconds: float = 0.0) -> Dataset:
    """Load (or return the cached) dataset of a data directory.

    Args:
        data_dir: Folder of curated YAML; default :func:`default_data_dir`.
        strict: Raise :class:`DataError` listing every error instead of returning a dataset
            with records rejected.
        settle_seconds: Keep serving the cached dataset while a file changed less than this many
            seconds ago (it may be mid-write). The app sets this; tools leave it at 0.

    Returns:
        The dataset; ``dataset.problems`` lists what was rejected and why.

    Raises:
        DataError: If the directory does not exist, or with ``strict`` when any record was rejected.
    """
    dataset = _LOADER.load(Path(data_dir) if data_dir is not None else default_data_dir(), settle_seconds)
    if strict and dataset.errors:
        raise DataError(dataset.errors)
    return dataset


def build_dataset(data_dir: str | Path, documents_cache: Path | None = None) -> Dataset:
    """Load a data directory afresh, in a loader of its own (the builder of a snapshot).

    Args:
        data_dir: Folder of curated YAML.
        documents_cache: File keeping the parsed files between runs (see :meth:`DocumentCache.save`):
            unchanged files are not parsed again, and a file that stops parsing keeps its last good
            version, as within one process. None: everything is parsed, and a file that does not
            parse loses its records.

    Raises:
        DataError: If the directory does not exist.
    """
    documents = DocumentCache.load(documents_cache) if documents_cache is not None else DocumentCache()
    loader = _Loader(documents)
    dataset = loader.load(Path(data_dir), 0.0)
    if documents_cache is not None:
        loader.documents.save(documents_cache)
    return dataset


#: Called by :func:`clear_cache` too: caches kept elsewhere of what this module loads.
_CLEAR_HOOKS: list[Callable[[], None]] = []


def on_clear_cache(hook: Callable[[], None]) -> None:
    """Have :func:`clear_cache` call ``hook`` (a cache of datasets kept by another module)."""
    _CLEAR_HOOKS.append(hook)


def clear_cache() -> None:
    """Forget every cached file and dataset (tests, and the app's reload endpoint)."""
    _LOADER.clear()
    for hook in _CLEAR_HOOKS:
        hook()
