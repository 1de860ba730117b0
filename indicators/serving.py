"""What a serving process serves: a published snapshot, or the live YAML rebuilt in a separate process.

Two modes (the ``data_mode`` setting):

``published`` (production)
    Only the snapshot written by ``python -m indicators build`` is served. The YAML is never read by
    the server, so a file caught mid-write, cut short or hostile never reaches a user: data goes live
    whole (validated as a whole when it was built) or not at all. A new snapshot is picked up by the
    next request after it appears.
``live`` (curators)
    The YAML is read as it changes, as before: when a file changed (and has settled), a short-lived
    process (``python -m indicators build --cache …``) parses and validates everything into the
    snapshot, and the server maps the result. The server itself never parses YAML, so a big file
    costs the builder's memory, not the workers', and a worker's memory returns to its level when the
    file is removed. A file caught mid-write can still be served in this mode: ``/healthz`` says so.

Either way the server maps a private copy of the snapshot (one per version, in a folder beside it),
never the file others write: a snapshot copied over in place would otherwise change under the
mapping (and a process reading a page that is no longer in the file is killed). The copy is checked
whole (size, end marker, every section's checksum) before it is used.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from indicators import locales
from indicators.dataset import Dataset, default_data_dir, on_clear_cache
from indicators.documents import discover
from indicators.problems import DataError, Problem
from indicators.settings import Settings
from indicators.snapshot import (
    SUFFIX,
    SnapshotError,
    SnapshotInfo,
    data_signature,
    read_info,
    read_snapshot,
    verify_snapshot,
)

log = logging.getLogger("reform_indicators")

#: Longest a live rebuild may take before the builder is stopped (the large benchmark scale: ~40 s).
BUILD_TIMEOUT_S = 900.0
#: A snapshot or build that failed is tried again after this long even if nothing changed.
RETRY_S = 10.0
#: Versions no longer served are removed from the private folder once this old (another process may
#: be about to map the one it just copied).
STALE_COPY_S = 60.0
_PROJECT_ROOT = Path(__file__).resolve().parent.parent
_SERVED = "served"


class BuildError(RuntimeError):
    """The builder process failed; the message ends with what it printed."""


@dataclass
class _Attempt:
    """A refresh that failed: what it saw, when, and why."""

    stamp: object
    at: float
    problem: str


class _Source:
    """The dataset one process serves, refreshed when its origin changes; the old one is released."""

    mode = ""

    def __init__(self, snapshot: Path, data_dir: Path) -> None:
        self.snapshot, self.data_dir = Path(snapshot), Path(data_dir)
        self._dataset: Dataset | None = None
        self._stamp: object = None
        self._failed: _Attempt | None = None
        self._lock = threading.Lock()

    def status(self) -> dict[str, object]:
        """Mode, version and any problem with the data's origin, for ``/healthz``."""
        dataset = self._dataset
        status: dict[str, object] = {
            "mode": self.mode,
            "snapshot_version": dataset.version if dataset is not None else None,
            "snapshot": self.snapshot.name,
        }
        if self._failed is not None:
            status["data_problem"] = self._failed.problem
        return status

    def _swap(self, dataset: Dataset, stamp: object) -> Dataset:
        old, self._dataset, self._stamp, self._failed = self._dataset, dataset, stamp, None
        if old is not None and old is not dataset:
            del old
            gc.collect()  # frames refer to each other in cycles: free the old mapping now, not later
        return dataset

    def _fail(self, stamp: object, problem: str) -> Dataset:
        if self._failed is None or self._failed.problem != problem:
            log.warning("data not refreshed: %s", problem)
        self._failed = _Attempt(stamp, time.monotonic(), problem)
        if self._dataset is not None:
            return self._dataset
        raise DataError([Problem(self.data_dir.name or str(self.data_dir), None, None, problem, self._hint())])

    def _failed_recently(self, stamp: object) -> bool:
        failed = self._failed
        return failed is not None and failed.stamp == stamp and time.monotonic() - failed.at < RETRY_S

    def _hint(self) -> str:
        return ""


class PublishedData(_Source):
    """Serves the published snapshot only; the YAML is never read."""

    mode = "published"

    def dataset(self) -> Dataset:
        """The published dataset; a newer snapshot is mapped as soon as it is complete.

        Raises:
            DataError: When no snapshot could be read yet (nothing published, or unreadable).
        """
        stamp = _file_stamp(self.snapshot)
        if stamp == self._stamp and self._dataset is not None:
            return self._dataset
        if self._failed_recently(stamp):
            return self._fail(stamp, self._failed.problem)  # type: ignore[union-attr]
        with self._lock:
            if stamp == self._stamp and self._dataset is not None:
                return self._dataset
            try:
                info = _published_info(self.snapshot)
                if self._dataset is not None and info.version == self._dataset.version:
                    self._stamp, self._failed = stamp, None  # the same data (copied again, touched)
                    return self._dataset
                return self._swap(open_private_copy(self.snapshot, info, self.data_dir), stamp)
            except SnapshotError as exc:
                problem = f"published data not read: {exc}"
                if self._dataset is None:
                    # A process started while the published file is being replaced serves the last
                    # version this machine served, rather than nothing.
                    self._dataset = _last_private_copy(self.snapshot, self.data_dir)
                    if self._dataset is not None:
                        problem += f"; serving the last version read before, {self._dataset.version}"
                return self._fail(stamp, problem)

    def _hint(self) -> str:
        return f"publish the data: python -m indicators build {self.data_dir} --out {self.snapshot}"


class LiveData(_Source):
    """Serves the YAML as it changes, rebuilt into the snapshot by a separate process."""

    mode = "live"

    def __init__(self, snapshot: Path, data_dir: Path, settle_seconds: float) -> None:
        super().__init__(snapshot, data_dir)
        self.settle_seconds = settle_seconds

    def status(self) -> dict[str, object]:
        """As for every mode, and a word on what live mode means."""
        return {
            **super().status(),
            "mode_note": "live: data files are served as they change (for curators); a file caught "
            "mid-write may be served. Production serves a published snapshot (data_mode: published).",
        }

    def dataset(self) -> Dataset:
        """The dataset of the files as they are now, rebuilt when one changed and has settled.

        While one thread waits for a rebuild, the others keep serving the current dataset.

        Raises:
            DataError: When the folder does not exist, or no dataset could be built yet.
        """
        if not self.data_dir.is_dir():
            problem = Problem(
                self.data_dir.name or str(self.data_dir),
                None,
                None,
                f"data directory {self.data_dir} does not exist",
                "pass an existing folder, or set REFORM_DATA_DIR",
            )
            raise DataError([problem])
        files = discover(self.data_dir)
        signature = data_signature(self.data_dir, files)
        current = self._dataset
        if current is not None and signature == self._stamp and not current.retry_due():
            return current
        if current is not None and self.settle_seconds > 0 and _recently_changed(files, self.settle_seconds):
            return current  # a file changed a moment ago may still be being written
        if self._failed_recently(signature):
            return self._fail(signature, self._failed.problem)  # type: ignore[union-attr]
        if not self._lock.acquire(blocking=current is None):
            return current  # type: ignore[return-value]  # another thread is refreshing it
        try:
            current = self._dataset
            if current is not None and signature == self._stamp and not current.retry_due():
                return current
            try:
                info = build_if_stale(self.data_dir, self.snapshot, signature)
                dataset = open_private_copy(self.snapshot, info, self.data_dir)
            except (SnapshotError, BuildError, OSError) as exc:
                return self._fail(signature, f"data not rebuilt: {exc}")
            return self._swap(dataset, info.signature)
        finally:
            self._lock.release()

    def _hint(self) -> str:
        return f"check the data with: python -m indicators validate {self.data_dir}"


# --- building ---------------------------------------------------------------------------------------


def documents_cache_path(snapshot: Path) -> Path:
    """Where the live builder keeps parsed files between runs (beside the snapshot)."""
    return _private_dir(snapshot) / "parsed-files.cache"


def build_if_stale(data_dir: Path, snapshot: Path, signature: tuple) -> SnapshotInfo:
    """The snapshot of ``data_dir`` as it is now, rebuilt by a builder process unless it already is.

    One build at a time per snapshot (a lock file beside it): the other workers wait, then find the
    snapshot up to date.

    Raises:
        BuildError: When the builder failed or took too long.
        SnapshotError: When the snapshot it wrote cannot be read.
    """
    lock_path = _private_dir(snapshot) / "build.lock"
    with open(lock_path, "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        info = _info_or_none(snapshot)
        if info is not None and info.signature == signature and not _retry_unreadable(info):
            return info
        run_builder(data_dir, snapshot)
        return read_info(snapshot)


def run_builder(data_dir: Path, snapshot: Path) -> None:
    """Run ``python -m indicators build --live`` for ``data_dir`` into ``snapshot`` and wait for it.

    Raises:
        BuildError: When it failed or took longer than :data:`BUILD_TIMEOUT_S`.
    """
    # The frames hold a text column per registered language: the builder registers this process's.
    languages = _private_dir(snapshot) / f"languages-{os.getpid()}.json"
    languages.write_text(json.dumps(locales.registered_json(), ensure_ascii=False), encoding="utf-8")
    command = [
        sys.executable, "-m", "indicators", "build", str(data_dir), "--out", str(snapshot),
        "--allow-rejected", "--cache", str(documents_cache_path(snapshot)), "--languages", str(languages),
        "--quiet",
    ]  # fmt: skip
    path = os.environ.get("PYTHONPATH")
    env = {**os.environ, "PYTHONPATH": str(_PROJECT_ROOT) + (os.pathsep + path if path else "")}
    started = time.monotonic()
    try:
        done = subprocess.run(command, env=env, capture_output=True, timeout=BUILD_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise BuildError(f"the builder took longer than {BUILD_TIMEOUT_S:g} s and was stopped") from None
    finally:
        languages.unlink(missing_ok=True)
    if done.returncode != 0:
        said = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()[-5:]
        raise BuildError(f"the builder exited with code {done.returncode}: {' / '.join(said)}")
    log.info("data rebuilt in %.1f s by a builder process (%s)", time.monotonic() - started, data_dir)


def _retry_unreadable(info: SnapshotInfo) -> bool:
    # A snapshot that could not read some file is built again after a while (a fixed permission).
    return bool(info.unreadable) and time.time() - info.built_at >= RETRY_S


# --- private copies ---------------------------------------------------------------------------------


def open_private_copy(snapshot: Path, info: SnapshotInfo, data_dir: Path) -> Dataset:
    """The dataset of ``snapshot``, mapped from a checked private copy of it (see the module's notes).

    Raises:
        SnapshotError: When the snapshot (or its copy) is incomplete or damaged, or changed while
            it was copied.
    """
    folder = _private_dir(snapshot) / _SERVED
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{info.version}{SUFFIX}"
    if target.exists():
        try:
            dataset = read_snapshot(target, data_dir)
        except SnapshotError as exc:  # damaged since, or left by another version of the app: copy again
            log.warning("private copy of the data not used (%s); copying it again", exc)
            target.unlink(missing_ok=True)
        else:
            _remove_stale_copies(folder, keep=target)
            return dataset
    fd, temporary = tempfile.mkstemp(prefix=".copy.", suffix=".tmp", dir=folder)
    os.close(fd)
    try:
        try:
            shutil.copyfile(snapshot, temporary)
        except OSError as exc:
            raise SnapshotError(f"{snapshot}: cannot be copied: {exc}") from None
        copied = verify_snapshot(Path(temporary))
        if copied.version != info.version:
            raise SnapshotError(f"{snapshot}: changed while it was read; tried again on the next request")
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)
    dataset = read_snapshot(target, data_dir)
    _remove_stale_copies(folder, keep=target)
    return dataset


def _last_private_copy(snapshot: Path, data_dir: Path) -> Dataset | None:
    """The dataset of the newest complete private copy of ``snapshot``, if there is one."""
    folder = _private_dir(snapshot) / _SERVED
    with contextlib.suppress(OSError):
        copies = sorted(folder.glob(f"*{SUFFIX}"), key=lambda path: path.stat().st_mtime, reverse=True)
        for copy in copies:
            with contextlib.suppress(SnapshotError, OSError):
                return read_snapshot(copy, data_dir)
    return None


def _remove_stale_copies(folder: Path, keep: Path) -> None:
    # Removing a file another process has mapped is safe: the mapping keeps it until it is unmapped.
    threshold = time.time() - STALE_COPY_S
    for path in folder.iterdir():
        if path != keep:
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < threshold:
                    path.unlink()


def _private_dir(snapshot: Path) -> Path:
    """A folder of the app's own beside the snapshot: the served copies, the builder's cache and lock.

    In the temporary folder when the snapshot's folder is not writable.
    """
    snapshot = Path(snapshot).resolve()
    beside = snapshot.parent / f".{snapshot.name}.d"
    with contextlib.suppress(OSError):
        beside.mkdir(parents=True, exist_ok=True)
        if os.access(beside, os.W_OK):
            return beside
    digest = hashlib.sha256(str(snapshot).encode()).hexdigest()[:16]
    fallback = Path(tempfile.gettempdir()) / f"reform-indicators-{os.getuid()}" / digest
    fallback.mkdir(parents=True, exist_ok=True)
    return fallback


def _published_info(snapshot: Path) -> SnapshotInfo:
    # The published file is read with plain reads, never mapped: it may be overwritten in place.
    return read_info(snapshot, mapped=False)


def _info_or_none(snapshot: Path) -> SnapshotInfo | None:
    try:
        return read_info(snapshot, mapped=False)
    except SnapshotError:
        return None


def _file_stamp(path: Path) -> tuple[int, ...] | None:
    """What tells a new version of a file, or a fixed permission (ctime), without reading it."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _recently_changed(files: list, seconds: float) -> bool:
    threshold = time.time_ns() - int(seconds * 1e9)
    return any(s.mtime_ns > threshold for _, s in files)


# --- one source per served folder -------------------------------------------------------------------

_SOURCES: dict[tuple, _Source] = {}
_SOURCES_LOCK = threading.Lock()


def data_source(settings: Settings) -> _Source:
    """The source of the data these settings serve (kept per process, per mode, folder and snapshot)."""
    data_dir = Path(settings.data_dir or default_data_dir()).resolve()
    key = (settings.data_mode, data_dir, settings.snapshot_file.resolve(), settings.settle_seconds)
    source = _SOURCES.get(key)
    if source is None:
        with _SOURCES_LOCK:
            source = _SOURCES.get(key)
            if source is None:
                if settings.data_mode == "published":
                    source = PublishedData(key[2], data_dir)
                else:
                    source = LiveData(key[2], data_dir, settings.settle_seconds)
                _SOURCES[key] = source
    return source


def served_dataset(settings: Settings) -> Dataset:
    """The dataset these settings serve now (see the module's notes).

    Raises:
        DataError: When there is no data to serve (no folder, nothing published, nothing buildable).
    """
    return data_source(settings).dataset()


def _forget_sources() -> None:
    with _SOURCES_LOCK:
        _SOURCES.clear()


on_clear_cache(_forget_sources)
