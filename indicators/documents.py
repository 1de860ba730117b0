"""Finding the curated files and reading each into its records, with a per-file parse cache.

A data directory holds ``*.yaml`` files (in any sub-folders). Each file is a mapping whose top-level
keys say what it holds; any file may hold any of them:

``units``, ``categories``, ``indicators``, ``events``: lists of records;
``source``: one source (a source file), and ``observations``: a list of observations, which default
their ``source`` to the file's source.
"""

from __future__ import annotations

import io
import os
import pickle
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from indicators.problems import Problem, Severity
from indicators.yaml_io import FileStamp, LineDict, YamlFileError, read_yaml, stamp

#: Bumped when what a saved cache holds changes; a cache of another format is ignored.
_CACHE_FORMAT = 1

#: Top-level keys a data file may have, and whether each holds a list of records.
LIST_KEYS = ("units", "categories", "indicators", "events", "observations")
SINGLE_KEYS = ("source",)
KNOWN_KEYS = (*LIST_KEYS, *SINGLE_KEYS)
SUFFIXES = (".yaml", ".yml")


@dataclass(slots=True)
class RawRecord:
    """A record as read from a file, before validation."""

    kind: str
    data: object
    file: str
    line: int | None
    default_source: str | None = None


@dataclass(slots=True)
class FileContents:
    """What one file contributed: its records, and problems with the file as a whole."""

    records: list[RawRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def discover(data_dir: Path) -> list[tuple[Path, FileStamp]]:
    """Every data file below ``data_dir`` (sorted, hidden files skipped) with its stamp."""
    found = []
    for path in sorted(data_dir.rglob("*")):
        relative = path.relative_to(data_dir)
        if path.suffix in SUFFIXES and not any(part.startswith((".", "_")) for part in relative.parts):
            try:
                found.append((path, stamp(path)))
            except FileNotFoundError:  # removed between listing and stat
                continue
    return found


@dataclass(slots=True)
class _Parsed:
    stamp: FileStamp
    document: object  # the parsed document, or a _Packed copy of it once a build is done with it
    error: YamlFileError | None
    last_good: object | None
    last_good_at: float | None
    #: The file could not be read (permissions, I/O): read it again next time even if its stamp is
    #: the same, since fixing a permission changes neither its mtime nor its size.
    unreadable: bool = False


@dataclass(frozen=True, slots=True)
class _Packed:
    """A parsed document kept as a pickle of itself until a later build needs it again."""

    data: bytes


def _pack(document: object) -> object:
    if document is None or isinstance(document, _Packed):
        return document
    try:
        return _Packed(pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL))
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):  # pragma: no cover - kept as is
        return document


class _DocumentUnpickler(pickle.Unpickler):
    """Unpickles parsed documents only: plain values and :class:`LineDict`, never another class.

    A saved cache is a file on disk; whatever is in it must not be able to run code when read.
    """

    def find_class(self, module: str, name: str) -> type:
        if (module, name) == (LineDict.__module__, LineDict.__name__):
            return LineDict
        raise pickle.UnpicklingError(f"{module}.{name} has no place in a cache of parsed files")


def _unpack(document: object) -> object:
    if isinstance(document, _Packed):
        return _DocumentUnpickler(io.BytesIO(document.data)).load()
    return document


class DocumentCache:
    """Parsed documents by path, re-read only when a file's mtime or size changes.

    When a file that parsed before stops parsing (an editor mid-save, a half-copied file), the last
    good version keeps being served and a warning says so, rather than the file's records vanishing.
    """

    def __init__(self) -> None:
        self._parsed: dict[Path, _Parsed] = {}
        self._lock = threading.Lock()

    def read(self, path: Path, file_stamp: FileStamp, relative: str) -> FileContents:
        """The records of one file (re-parsed only when its stamp changed)."""
        with self._lock:
            cached = self._parsed.get(path)
        if cached is None or cached.stamp != file_stamp or cached.unreadable:
            cached = self._parse(path, file_stamp, cached)
            with self._lock:
                self._parsed[path] = cached
        return _contents(cached, relative)

    def _parse(self, path: Path, file_stamp: FileStamp, previous: _Parsed | None) -> _Parsed:
        last_good = previous.last_good if previous else None
        last_good_at = previous.last_good_at if previous else None
        try:
            document = read_yaml(path)
        except YamlFileError as exc:
            return _Parsed(file_stamp, None, exc, last_good, last_good_at)
        except OSError as exc:
            error = YamlFileError(f"cannot read file: {exc.strerror}", hint="check the file's permissions")
            return _Parsed(file_stamp, None, error, last_good, last_good_at, unreadable=True)
        if document is None and last_good is not None:
            # A file that had records and is now empty is far more often caught mid-write than
            # deliberately emptied (deleting the file removes its records).
            error = YamlFileError("file is empty", hint="delete the file to remove its records")
            return _Parsed(file_stamp, None, error, last_good, last_good_at)
        return _Parsed(file_stamp, document, None, document, time.time())

    def pack(self) -> None:
        """Keep every parsed document as a pickle until a build needs it again.

        Between builds the documents only wait for a file to change: as objects they held 185 MB at the
        large benchmark scale (250,000 small dicts, which every full collection of the cycle collector
        walked, 0.3 s each); pickled they hold 43 MB, untouched until unpickled (0.8 s for all of them,
        against 20 s to parse them again).
        """
        with self._lock:
            for parsed in self._parsed.values():
                packed = _pack(parsed.document)
                parsed.last_good = packed if parsed.last_good is parsed.document else _pack(parsed.last_good)
                parsed.document = packed

    def forget(self, keep: set[Path]) -> None:
        """Drop cached files that are no longer in the data directory."""
        with self._lock:
            for path in set(self._parsed) - keep:
                del self._parsed[path]

    def unreadable(self) -> list[Path]:
        """Files whose last read failed (permissions, I/O), to be read again even if unchanged."""
        with self._lock:
            return sorted(path for path, parsed in self._parsed.items() if parsed.unreadable)

    def save(self, path: Path) -> None:
        """Write the cache to ``path`` (atomically), for :meth:`load` in a later process.

        Documents are saved packed; a file that could not be read is saved with its last good version
        only, so that the next process reads it again.
        """
        self.pack()
        with self._lock:
            entries = []
            for file, parsed in self._parsed.items():
                document = _packed_bytes(parsed.document)
                # A document that could not be packed is parsed again: no stamp matches -1.
                mtime_ns = -1 if document is None and parsed.document is not None else parsed.stamp.mtime_ns
                error = None if parsed.error is None else (parsed.error.message, parsed.error.line, parsed.error.hint)
                last_good = _packed_bytes(parsed.last_good)
                entries.append(
                    (str(file), mtime_ns, parsed.stamp.size, document, error, last_good, parsed.last_good_at,
                     parsed.unreadable)
                )  # fmt: skip
        data = pickle.dumps({"format": _CACHE_FORMAT, "entries": entries}, protocol=pickle.HIGHEST_PROTOCOL)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: Path) -> DocumentCache:
        """A cache saved by :meth:`save`; an empty one when the file is missing, unreadable or foreign."""
        cache = cls()
        try:
            with open(path, "rb") as source:
                saved = _PlainUnpickler(source).load()
            if saved.get("format") != _CACHE_FORMAT:
                return cache
            for file, mtime_ns, size, document, error, last_good, last_good_at, unreadable in saved["entries"]:
                cache._parsed[Path(file)] = _Parsed(
                    FileStamp(mtime_ns, size),
                    None if document is None else _Packed(document),
                    None if error is None else YamlFileError(*error),
                    None if last_good is None else _Packed(last_good),
                    last_good_at,
                    unreadable,
                )
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError, KeyError):
            return cls()  # a cache is only a shortcut: anything wrong with it means parsing again
        return cache


class _PlainUnpickler(pickle.Unpickler):
    """Unpickles plain values only (the envelope of a saved cache)."""

    def find_class(self, module: str, name: str) -> type:
        raise pickle.UnpicklingError(f"{module}.{name} has no place in a cache of parsed files")


def _packed_bytes(document: object) -> bytes | None:
    packed = _pack(document)
    if packed is None:
        return None
    if isinstance(packed, _Packed):
        return packed.data
    return None  # could not be pickled: parsed again next time


def _contents(parsed: _Parsed, relative: str) -> FileContents:
    if parsed.error is None:
        return split_document(_unpack(parsed.document), relative)
    error = parsed.error
    if parsed.last_good is not None:
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(parsed.last_good_at))
        contents = split_document(_unpack(parsed.last_good), relative)
        contents.problems.insert(
            0,
            Problem(
                relative,
                error.line,
                None,
                f"{error.message}; still serving the last version that could be read ({when})",
                error.hint,
                Severity.WARNING,
            ),
        )
        return contents
    # Whole-file problems point at line 1 when the error has no better place.
    return FileContents(
        problems=[
            Problem(relative, error.line or 1, None, f"{error.message}; nothing in this file was loaded", error.hint)
        ]
    )


def split_document(document: object, relative: str) -> FileContents:
    """Split a parsed file into raw records by kind, reporting misplaced or unknown content."""
    contents = FileContents()
    if document is None:
        contents.problems.append(
            Problem(
                relative, 1, None, "file is empty", f"delete it, or give it one of the sections {', '.join(KNOWN_KEYS)}"
            )
        )
        return contents
    if not isinstance(document, dict):
        contents.problems.append(
            Problem(
                relative,
                1,
                None,
                f"file holds a {_kind(document)}, not a mapping of sections; nothing in it was loaded",
                f"start the file with one of the keys {', '.join(KNOWN_KEYS)}",
            )
        )
        return contents
    line = getattr(document, "line", 1)
    for key in document:
        if key not in KNOWN_KEYS:
            contents.problems.append(
                Problem(
                    relative,
                    line,
                    None,
                    f"unknown section {key!r}; its content was not loaded",
                    f"use one of {', '.join(KNOWN_KEYS)}",
                )
            )
    source = document.get("source")
    default_source = None
    if source is not None:
        contents.records.append(RawRecord("source", source, relative, _line(source, line)))
        if isinstance(source, dict) and isinstance(source.get("id"), str):
            default_source = source["id"]
    for key in LIST_KEYS:
        if key not in document:
            continue
        items = document[key]
        if items is None:
            continue
        if not isinstance(items, list):
            contents.problems.append(
                Problem(
                    relative,
                    _line(items, line),
                    None,
                    f"section {key!r} must be a list of records, got a {_kind(items)}; nothing in it was loaded",
                    "start each record with '- ' on its own line under the section",
                )
            )
            continue
        for item in items:
            contents.records.append(
                RawRecord(
                    key.removesuffix("s") if key != "categories" else "category",
                    item,
                    relative,
                    _line(item, line),
                    default_source,
                )
            )
    return contents


def _line(item: object, fallback: int | None) -> int | None:
    return item.line if isinstance(item, LineDict) else fallback


def _kind(value: object) -> str:
    for kind, name in ((dict, "mapping"), (list, "list"), (str, "text")):
        if isinstance(value, kind):
            return name
    return type(value).__name__
