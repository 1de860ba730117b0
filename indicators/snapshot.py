"""A dataset written to one file (a *snapshot*): the frames as Arrow tables, everything else as JSON.

The server maps a snapshot instead of parsing the YAML: opening one costs milliseconds at any scale,
the frames' text columns stay in the mapped file (zero-copy Arrow strings), and the processes that
map the same file share its pages.

Layout of the file (little-endian)::

    MAGIC
    section 0 … section n      Arrow IPC files, uncompressed, each starting on a 64-byte boundary
    manifest                   UTF-8 JSON: the version, the data's signature, the other fields of the
                               dataset, and where each section is, with its CRC-32
    trailer                    manifest offset, manifest length, file size, manifest CRC-32, MAGIC

A file is only read when its trailer says it is complete (its size and the manifest's CRC match), so
a snapshot cut short or copied over half-way is refused, never served in part. Writers write a
temporary file, flush it to disk and rename it over the old one.

The frames are written generically, whatever their columns: a column Arrow cannot store as it is
(lists, mixed types) is stored as JSON text, and every frame is read back and compared with the one
written before the file is accepted, so a snapshot always gives the same frames as the YAML.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import struct
import tempfile
import time
import typing
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
from pydantic import TypeAdapter

from indicators.arrow_frames import FrameNotKept, from_ipc, read_buffer, write_frame
from indicators.dataset import Dataset, code_signature
from indicators.version import DataVersion, data_version, remember_data_version
from indicators.yaml_io import FileStamp

MAGIC = b"RFXSNAP1"
#: Bumped when the layout or the meaning of a field changes; older files are rebuilt, not read.
FORMAT = 1
SUFFIX = ".snapshot"
_TRAILER = struct.Struct("<QQQI4x8s")  # manifest offset, manifest length, file size, manifest CRC-32, MAGIC
_ALIGN = 64
#: Fields of :class:`Dataset` the snapshot stores in its own way (or not at all).
_SPECIAL_FIELDS = ("data_dir", "signature", "loaded_at", "version")
#: Observations and derived values share columns: stored once, as :attr:`Dataset.all_observations`.
_COMBINED, _PARTS = "all_observations", ("observations", "derived")


class SnapshotError(Exception):
    """A snapshot that cannot be read: missing, cut short, damaged, or of another format."""


@dataclass(frozen=True, slots=True)
class SnapshotInfo:
    """What a snapshot's manifest says about it.

    Attributes:
        path: The file.
        version: Digest of the content (not of the time or place it was built): two builds of the same
            data give the same version, so replicas can be compared by it.
        built_at: When it was written (seconds since the epoch).
        data_dir: Name of the data folder it was built from.
        signature: ``(relative path, mtime_ns, size)`` of every data file it was built from.
        observations: Curated observations in it.
        rejected: Records rejected by validation when it was built.
        unreadable: Data files the build could not read (permissions, I/O).
        size: Bytes of the file.
    """

    path: Path
    version: str
    built_at: float
    data_dir: str
    signature: tuple[tuple[str, int, int], ...]
    observations: int
    rejected: int
    unreadable: tuple[str, ...]
    size: int


def default_snapshot_path(data_dir: Path) -> Path:
    """Where a data folder's snapshot goes unless configured: beside the folder, ``<name>.snapshot``."""
    data_dir = Path(data_dir).resolve()
    return data_dir.parent / f"{data_dir.name}{SUFFIX}"


def data_signature(data_dir: Path, files: list[tuple[Path, FileStamp]]) -> tuple[tuple[str, int, int], ...]:
    """The files of a data folder as a snapshot records them: relative path, mtime and size."""
    return tuple((path.relative_to(data_dir).as_posix(), s.mtime_ns, s.size) for path, s in files)


# --- writing ----------------------------------------------------------------------------------------


def write_snapshot(dataset: Dataset, path: Path) -> SnapshotInfo:
    """Write ``dataset`` to ``path`` atomically (a temporary file, fsync, rename).

    Raises:
        SnapshotError: When a frame does not come back from the file exactly as it was written.
        OSError: When the file cannot be written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    frames, fields = _split(dataset)
    digest = hashlib.sha256()
    sections: dict[str, dict] = {}
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp's file is private; a snapshot is read by the server's user
        with os.fdopen(fd, "wb") as out:
            out.write(MAGIC)
            for name, (frame, combined) in frames.items():
                out.write(b"\0" * (-out.tell() % _ALIGN))
                offset = out.tell()
                try:
                    length, json_columns, crc = write_frame(out, Path(temporary), frame, name, digest)
                except FrameNotKept as exc:
                    raise SnapshotError(str(exc)) from None
                sections[name] = {
                    "offset": offset,
                    "length": length,
                    "crc32": crc,
                    "json_columns": json_columns,
                    "parts": combined,
                }
            # The data version of the files (footer, exports, ETags), hashed now: servers never read them.
            files_version = data_version(dataset).to_dict()
            # The version names the content and what reads it: another format or app gives another name.
            content = json.dumps(
                {
                    "fields": fields,
                    "sections": sorted(sections),
                    "format": FORMAT,
                    "code": _code_signature(),
                    "data_version": files_version,
                },
                sort_keys=True,
                ensure_ascii=False,
            )
            digest.update(content.encode())
            manifest = {
                "format": FORMAT,
                "version": digest.hexdigest()[:24],
                "built_at": time.time(),
                "data_dir": dataset.data_dir.name,
                "signature": [[Path(p).relative_to(dataset.data_dir).as_posix(), s.mtime_ns, s.size]
                              for p, s in dataset.signature if isinstance(s, FileStamp)],
                "code": _code_signature(),
                "data_version": files_version,
                "observations": len(dataset.observations),
                "rejected": len(dataset.errors),
                "fields": fields,
                "sections": sections,
                "written_with": {"pandas": pd.__version__, "pyarrow": pa.__version__},
            }  # fmt: skip
            body = json.dumps(manifest, ensure_ascii=False).encode()
            offset = out.tell()
            out.write(body)
            size = out.tell() + _TRAILER.size
            out.write(_TRAILER.pack(offset, len(body), size, zlib.crc32(body), MAGIC))
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        with _quietly():
            os.unlink(temporary)
        raise
    _sync_directory(path.parent)
    return _info(path, manifest, size)


def _split(dataset: Dataset) -> tuple[dict[str, tuple[pd.DataFrame, list | None]], dict[str, object]]:
    """The dataset's frames, and every other field as JSON-ready values.

    Observations and derived values are one frame when they share their columns.
    """
    frames: dict[str, tuple[pd.DataFrame, list | None]] = {}
    fields: dict[str, object] = {}
    hints = typing.get_type_hints(Dataset)
    for item in dataclasses.fields(Dataset):
        if item.name in _SPECIAL_FIELDS:
            continue
        value = getattr(dataset, item.name)
        if isinstance(value, pd.DataFrame):
            frames[item.name] = (value, None)
        else:
            fields[item.name] = _field_json(item.name, value, TypeAdapter(hints[item.name]))
    parts = [frames[name][0] for name in _PARTS]
    if all(isinstance(p.index, pd.RangeIndex) for p in parts) and _same_columns(*parts):
        for name in _PARTS:
            del frames[name]
        frames[_COMBINED] = (
            dataset.all_observations,
            [[name, len(frame)] for name, frame in zip(_PARTS, parts, strict=True)],
        )
    return frames, fields


def _field_json(name: str, value: object, adapter: TypeAdapter) -> object:
    """A field as JSON-ready values, refused unless it reads back equal.

    A type added to the models whose JSON form its validator does not take back would otherwise make
    every snapshot unreadable; this way the build says which field, and the tests catch it.

    Raises:
        SnapshotError: When the value does not come back equal.
    """
    try:
        dumped = adapter.dump_python(value, mode="json", warnings="error")
        same = adapter.validate_python(json.loads(json.dumps(dumped))) == value
    except ValueError as exc:
        raise SnapshotError(f"the dataset's {name} do not survive a snapshot: {exc}") from None
    if not same:
        raise SnapshotError(f"the dataset's {name} do not read back equal from a snapshot")
    return dumped


def _same_columns(first: pd.DataFrame, second: pd.DataFrame) -> bool:
    return list(first.columns) == list(second.columns) and all(first[c].dtype == second[c].dtype for c in first.columns)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _sync_directory(directory: Path) -> None:
    # The rename is only durable once the directory is flushed too (not possible everywhere).
    with _quietly():
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextmanager
def _quietly() -> Iterator[None]:
    try:
        yield
    except OSError:
        pass


# --- reading ----------------------------------------------------------------------------------------


def read_info(path: Path, *, mapped: bool = True) -> SnapshotInfo:
    """The manifest of a snapshot, without reading its frames.

    Args:
        path: The snapshot.
        mapped: False reads it with plain reads instead of mapping it: for a file others may
            overwrite in place, whose mapped pages could vanish under the reader.

    Raises:
        SnapshotError: When the file is missing, incomplete, damaged or of another format.
    """
    if mapped:
        with _mapped(path) as (source, size):
            manifest = _manifest(lambda offset, length: read_buffer(source, offset, length), size, path)
            return _info(Path(path), manifest, size)
    try:
        with open(path, "rb") as source:
            size = os.fstat(source.fileno()).st_size
            return _info(
                Path(path),
                _manifest(lambda offset, length: os.pread(source.fileno(), length, offset), size, path),
                size,
            )
    except FileNotFoundError:
        raise SnapshotError(f"{path}: no snapshot there") from None
    except OSError as exc:
        raise SnapshotError(f"{path}: cannot read the snapshot: {exc}") from None


def read_snapshot(path: Path, data_dir: Path | None = None, *, verify: bool = False) -> Dataset:
    """The dataset in a snapshot, its frames mapped from the file.

    Args:
        path: The snapshot.
        data_dir: The data folder to name in the dataset (default: the one it was built from, as a
            name beside the snapshot); the YAML need not exist there.
        verify: Check every section's CRC-32 too (reads the whole file).

    Raises:
        SnapshotError: When the file is missing, incomplete, damaged or of another format.
    """
    path = Path(path)
    with _mapped(path) as (source, size):
        manifest = _manifest(lambda offset, length: read_buffer(source, offset, length), size, path)
        frames: dict[str, pd.DataFrame] = {}
        combined = None
        for name, section in manifest["sections"].items():
            payload = _section(source, section, size, path, verify=verify)
            try:
                frame = from_ipc(payload, section["json_columns"])
            except (pa.ArrowException, ValueError, KeyError) as exc:
                raise SnapshotError(f"{path}: section {name} cannot be read: {exc}") from None
            if section["parts"]:
                combined = frame
                start = 0
                for part, count in section["parts"]:
                    frames[part] = frame.iloc[start : start + count].reset_index(drop=True)
                    start += count
            else:
                frames[name] = frame
    data_dir = Path(data_dir) if data_dir is not None else path.parent / manifest["data_dir"]
    hints = typing.get_type_hints(Dataset)
    try:
        values = {
            name: TypeAdapter(hints[name]).validate_python(value)
            for name, value in manifest["fields"].items()
            if name in hints
        }
    except ValueError as exc:
        raise SnapshotError(f"{path}: its fields do not match this version of the app: {exc}") from None
    files = tuple((str(data_dir / rel), FileStamp(mtime, size)) for rel, mtime, size in manifest["signature"])
    signature = (*files, *code_signature())
    try:
        dataset = Dataset(data_dir=data_dir, signature=signature, version=manifest["version"], **frames, **values)
    except TypeError as exc:
        raise SnapshotError(f"{path}: it does not hold what this version of the app needs: {exc}") from None
    if combined is not None:
        dataset.__dict__[_COMBINED] = combined  # the cached property, already built
    remember_data_version(dataset, DataVersion.from_dict(manifest["data_version"]))
    return dataset


@contextmanager
def _mapped(path: Path) -> Iterator[tuple[pa.MemoryMappedFile, int]]:
    try:
        source = pa.memory_map(str(path), "r")
    except FileNotFoundError:
        raise SnapshotError(f"{path}: no snapshot there") from None
    except OSError as exc:
        raise SnapshotError(f"{path}: cannot open the snapshot: {exc}") from None
    try:
        yield source, source.size()
    finally:
        source.close()  # buffers read from it keep the mapping alive


def _manifest(read: Callable[[int, int], bytes | pa.Buffer], size: int, path: Path) -> dict:
    """The manifest, once the trailer says the file is whole; ``read(offset, length)`` reads the file."""
    if size < len(MAGIC) + _TRAILER.size:
        raise SnapshotError(f"{path}: not a snapshot, or cut short ({size} bytes)")
    offset, length, declared, crc, magic = _TRAILER.unpack(bytes(read(size - _TRAILER.size, _TRAILER.size)))
    if magic != MAGIC or bytes(read(0, len(MAGIC))) != MAGIC:
        raise SnapshotError(f"{path}: not a snapshot, or incomplete (no end marker)")
    if declared != size or offset + length + _TRAILER.size != size:
        raise SnapshotError(f"{path}: incomplete or damaged ({size} bytes, {declared} expected)")
    body = bytes(read(offset, length))
    if zlib.crc32(body) != crc:
        raise SnapshotError(f"{path}: damaged (the manifest's checksum does not match)")
    try:
        manifest = json.loads(body)
    except ValueError as exc:
        raise SnapshotError(f"{path}: damaged (the manifest is not JSON: {exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise SnapshotError(f"{path}: written in format {found}, this app reads {FORMAT}: rebuild it")
    if manifest.get("code") != _code_signature():
        raise SnapshotError(
            f"{path}: built by another version of the app ({manifest.get('code')}, this one has "
            f"{_code_signature()}): rebuild it"
        )
    return manifest


def _code_signature() -> list:
    """:func:`indicators.dataset.code_signature` as JSON gives it back."""
    return json.loads(json.dumps(code_signature()))


def _section(source: pa.MemoryMappedFile, section: dict, size: int, path: Path, *, verify: bool) -> pa.Buffer:
    offset, length = section["offset"], section["length"]
    if offset < len(MAGIC) or offset + length > size:
        raise SnapshotError(f"{path}: damaged (a section lies outside the file)")
    payload = read_buffer(source, offset, length)
    if verify and zlib.crc32(payload) != section["crc32"]:
        raise SnapshotError(f"{path}: damaged (a section's checksum does not match)")
    return payload


def _info(path: Path, manifest: dict, size: int) -> SnapshotInfo:
    return SnapshotInfo(
        path=path,
        version=manifest["version"],
        built_at=manifest["built_at"],
        data_dir=manifest["data_dir"],
        signature=tuple((rel, mtime, length) for rel, mtime, length in manifest["signature"]),
        observations=manifest["observations"],
        rejected=manifest["rejected"],
        unreadable=tuple(manifest["fields"].get("unreadable", ())),
        size=size,
    )


def verify_snapshot(path: Path) -> SnapshotInfo:
    """Check a snapshot whole: its trailer, manifest and every section's CRC-32.

    Raises:
        SnapshotError: When anything does not match.
    """
    with _mapped(path) as (source, size):
        manifest = _manifest(lambda offset, length: read_buffer(source, offset, length), size, path)
        for section in manifest["sections"].values():
            _section(source, section, size, path, verify=True)
        return _info(Path(path), manifest, size)
