"""Data frames to Arrow IPC files and back, whatever their columns, checked to come back unchanged.

The snapshot (:mod:`indicators.snapshot`) stores each frame of a dataset so. Text, numbers, dates,
categories and nullable columns go as Arrow types; a column of Python objects Arrow cannot hold, or
does not give back as they were (lists come back as arrays), goes as JSON text. Every frame is read
back from what was written and compared before it is accepted.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pandas as pd
import pyarrow as pa


class FrameNotKept(ValueError):
    """A frame that would not come back from Arrow as it is."""


def write_frame(out, temporary: Path, frame: pd.DataFrame, name: str, digest) -> tuple[int, list[str], int]:
    """Write the frame as an Arrow IPC file at the end of ``out``: its length, JSON columns and CRC-32.

    Columns of Python objects Arrow cannot hold, or does not give back as they were (lists come back
    as arrays), are stored as JSON. The section is read back from the file and compared with the
    frame before it is accepted. Written straight to the file: an IPC file built in memory first took
    3.5 s and 270 MB more for the observations of the large benchmark scale.

    Raises:
        FrameNotKept: When the frame still does not come back unchanged.
    """
    offset = out.tell()
    json_columns = [c for c in frame.columns if frame[c].dtype == object and not _arrow_holds(frame[c])]
    for _ in range(2):
        out.seek(offset)
        out.truncate()
        table = to_table(frame, json_columns, name)
        with pa.ipc.new_file(pa.PythonFile(out, mode="w"), table.schema) as writer:
            writer.write_table(table)
        del table
        out.flush()
        length = out.tell() - offset
        source = pa.memory_map(str(temporary), "r")
        payload = back = None
        try:
            payload = read_buffer(source, offset, length)
            back = from_ipc(payload, json_columns)
            if same_frame(back, frame):
                digest.update(name.encode() + b"\0")
                digest.update(memoryview(payload))
                return length, json_columns, zlib.crc32(memoryview(payload))
            differ = [c for c in frame.columns if c not in back.columns or not _same_column(back[c], frame[c])]
        finally:
            del payload, back
            source.close()
        retry = [c for c in differ if frame[c].dtype == object and c not in json_columns]
        if not retry:
            break
        json_columns += retry
    back = from_ipc(ipc_bytes(to_table(frame, json_columns, name)), json_columns)
    try:
        pd.testing.assert_frame_equal(back, frame, check_exact=True, check_flags=False)
        detail = "its index or column order"
    except AssertionError as exc:
        detail = str(exc)
    raise FrameNotKept(f"the {name} frame does not survive a snapshot unchanged: {detail}")


def same_frame(found: pd.DataFrame, expected: pd.DataFrame) -> bool:
    """Equal values, dtypes, columns and index (vectorized: Arrow columns compare in Arrow).

    ``assert_frame_equal`` gives the same verdict but turned Arrow text into Python strings to
    compare them: 29 s and 360 MB for the observations of the large benchmark scale.
    """
    if list(found.columns) != list(expected.columns) or not found.index.equals(expected.index):
        return False
    if type(found.index) is not type(expected.index) or found.index.dtype != expected.index.dtype:
        return False
    return all(_same_column(found[c], expected[c]) for c in expected.columns)


def _same_column(found: pd.Series, expected: pd.Series) -> bool:
    return found.dtype == expected.dtype and found.equals(expected)


def _arrow_holds(values: pd.Series) -> bool:
    try:
        pa.array(values, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, OverflowError):
        return False
    return True


def to_table(frame: pd.DataFrame, json_columns: list[str], name: str) -> pa.Table:
    """The frame as an Arrow table, ``json_columns`` as JSON text."""
    if json_columns:
        frame = frame.assign(**{c: _json_column(frame[c], name) for c in json_columns})
    # One record batch: a column of several chunks is concatenated (copied whole) by every `take`.
    return pa.Table.from_pandas(frame, preserve_index=None).combine_chunks()


def _json_column(values: pd.Series, name: str) -> pd.Series:
    try:
        return pd.Series([json.dumps(v, ensure_ascii=False) for v in values], index=values.index, dtype=object)
    except (TypeError, ValueError) as exc:
        raise FrameNotKept(f"column {values.name!r} of {name} holds values a snapshot cannot store: {exc}") from None


def ipc_bytes(table: pa.Table) -> pa.Buffer:
    """The table as an Arrow IPC file in memory (only to word the error of a refused frame)."""
    sink = pa.BufferOutputStream()
    with pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue()


def read_buffer(source: pa.MemoryMappedFile, offset: int, length: int) -> pa.Buffer:
    """Bytes of the file as a buffer over the mapping (no copy)."""
    source.seek(offset)
    return source.read_buffer(length)


def from_ipc(payload: pa.Buffer, json_columns: list[str]) -> pd.DataFrame:
    """The frame of an Arrow IPC file, its JSON columns decoded; text columns stay in ``payload``."""
    table = pa.ipc.open_file(payload).read_all()
    # split_blocks: one block per column, so numeric columns without gaps stay views of the file.
    frame = table.to_pandas(split_blocks=True)
    for column in json_columns:
        frame[column] = pd.Series([json.loads(v) for v in frame[column]], index=frame.index, dtype=object)
    return frame
