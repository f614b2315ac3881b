"""The only place the project uses pypdf's private API (names starting with ``_``).

pypdf 7.1.1 (pinned) has no public way to add an indirect object to a writer, to reach the
writer's catalog, to set its ``/ID``, or to copy or read a stream's raw (still encoded)
bytes. Keeping these uses here means a pypdf upgrade is checked in one file.
"""

from __future__ import annotations

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, PdfObject, StreamObject


def add_object(writer: PdfWriter, obj: PdfObject) -> IndirectObject:
    """Add ``obj`` to ``writer`` as an indirect object."""
    return writer._add_object(obj)


def root(writer: PdfWriter) -> DictionaryObject:
    """The writer's document catalog (``/Root``)."""
    return writer._root_object


def set_id(writer: PdfWriter, ident: ArrayObject) -> None:
    """A fixed trailer ``/ID``, so the same input always gives the same bytes."""
    writer._ID = ident


def copy_raw_stream(src: StreamObject, dst: StreamObject) -> None:
    """Copy a stream's encoded bytes (no decode/encode round trip)."""
    dst._data = src._data


def raw_stream_bytes(stream: StreamObject) -> bytes:
    """A stream's stored (encoded) bytes, as pypdf's ``write_to_stream`` writes them."""
    data: bytes = stream._data
    return data
