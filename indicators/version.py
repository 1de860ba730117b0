"""When the data last changed: the data version shown in the footer, /healthz, exports and HTTP headers.

A version is the newest change of the data files (their modification time) and a short hash of their
content. The hash names the data: two copies of the same files have the same hash wherever and
whenever they were copied, so a figure quoted in a meeting can be traced to the data it came from;
the time says how fresh the data is ("数据截至").

This is the one place the version is computed; everything that shows it calls :func:`data_version`.
"""

from __future__ import annotations

import hashlib
import threading
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime

from indicators.dataset import Dataset

#: Hex digits of the content hash that are shown: enough to tell versions apart, short enough to read out.
DIGEST_LENGTH = 12
_CHUNK = 1 << 20

_versions: weakref.WeakKeyDictionary[Dataset, DataVersion] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


@dataclass(frozen=True)
class DataVersion:
    """The version of a dataset's data files."""

    #: Newest modification time of the data files (local time zone, whole seconds).
    updated: datetime
    #: First :data:`DIGEST_LENGTH` hex digits of the SHA-256 of the files' names and contents.
    digest: str

    @property
    def label(self) -> str:
        """``2026-11-28+3f9a2c1d4e5f``: the day of the newest change and the hash, for people and ETags."""
        return f"{self.updated.date().isoformat()}+{self.digest}"

    @property
    def updated_utc(self) -> datetime:
        """The newest change in UTC (HTTP ``Last-Modified``)."""
        return self.updated.astimezone(UTC)

    def to_dict(self) -> dict[str, str]:
        """JSON-ready: ``{"label", "updated", "digest"}``, ``updated`` in ISO 8601 with its offset."""
        return {"label": self.label, "updated": self.updated.isoformat(), "digest": self.digest}

    @classmethod
    def from_dict(cls, found: dict[str, str]) -> DataVersion:
        """The version :meth:`to_dict` wrote (the day of ``label`` stays the one it was computed in)."""
        return cls(datetime.fromisoformat(found["updated"]), found["digest"])


def remember_data_version(dataset: Dataset, version: DataVersion) -> None:
    """Record the version of a dataset whose files were hashed elsewhere: one read from a snapshot.

    A server in published mode does not read the YAML (it may be mid-edit, or absent on a replica):
    the builder computed the version from the files it validated, and the snapshot carries it.
    """
    with _lock:
        _versions[dataset] = version


def data_version(dataset: Dataset) -> DataVersion:
    """The version of the files a dataset was loaded from, computed once per dataset.

    The hash covers each file's path (relative to the data folder) and bytes, in path order, so a
    renamed, added or removed file changes it as much as an edited one. A file gone since the load
    counts by its name alone (the dataset is about to be reloaded anyway).
    """
    with _lock:
        known = _versions.get(dataset)
    if known is not None:
        return known
    version = _compute(dataset)
    with _lock:
        _versions[dataset] = version
    return version


def _compute(dataset: Dataset) -> DataVersion:
    digest = hashlib.sha256()
    newest = 0.0
    for name in sorted(dataset.files):
        path = dataset.data_dir / name
        digest.update(name.encode("utf-8") + b"\0")
        try:
            with path.open("rb") as handle:
                newest = max(newest, path.stat().st_mtime)
                size = 0
                while chunk := handle.read(_CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
        except OSError:
            digest.update(b"\0missing\0")
            continue
        digest.update(b"\0" + str(size).encode("ascii") + b"\0")
    when = datetime.fromtimestamp(int(newest or dataset.loaded_at)).astimezone()
    return DataVersion(when, digest.hexdigest()[:DIGEST_LENGTH])
