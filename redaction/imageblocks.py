"""The blocks of an image file, read by one parser for both jobs done on a reply's image at Send: dropping its
metadata (`redaction.imagestrip`) and reading the words left in what goes out (`redaction.imagetext`). One walk
of the container and one reading of an EXIF block, so the blocks one drops are the blocks the other reads.

JPEG: each segment after the start of image up to its end (a scan with its coded data as one block; whatever
follows the end, such as a phone's appended images and videos, is not read); PNG: each chunk up to IEND; WebP:
each chunk of the RIFF body; EXIF: the entries of a TIFF structure's directories. Every block keeps its bytes as
in the file (`raw`), so what is kept is copied unchanged. A file that does not parse raises one of
`PARSE_ERRORS`, which the callers turn into a refusal.
"""
import struct
from collections.abc import Iterator
from dataclasses import dataclass

PARSE_ERRORS = (struct.error, IndexError, KeyError, ValueError)
EXIF_HEADER = b"Exif\x00\x00"
# Bytes per value of each TIFF field type: byte, ASCII, short, long, rational, undefined, slong, srational.
TIFF_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 7: 1, 9: 4, 10: 8}


@dataclass(frozen=True)
class Block:
    kind: int | bytes  # JPEG: the marker; PNG and WebP: the chunk's type
    payload: bytes  # JPEG: the segment after its length; PNG and WebP: the chunk's data
    raw: bytes  # the block as it is in the file


def jpeg_blocks(data: bytes) -> Iterator[Block]:
    if not data.startswith(b"\xff\xd8"):
        raise IndexError("not a JPEG")
    at = 2
    while True:
        if data[at] != 0xFF:
            raise IndexError("not a marker")
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            yield Block(marker, b"", data[at:at + 2])
            at += 2
            continue
        if marker == 0xD9:  # the end of the image
            return
        (length,) = struct.unpack(">H", data[at + 2:at + 4])
        end = at + 2 + length
        if length < 2 or end > len(data):
            raise IndexError("a segment runs past the end")
        start = at
        at = end
        if marker == 0xDA:  # a scan: its coded data runs to the next marker but stuffing (FF00) and restarts
            at = data.index(b"\xff", end)
            while data[at + 1] == 0x00 or 0xD0 <= data[at + 1] <= 0xD7:
                at = data.index(b"\xff", at + 2)
        yield Block(marker, data[start + 4:end], data[start:at])


def png_blocks(data: bytes) -> Iterator[Block]:
    """The chunks after the signature, IEND the last."""
    at = 8
    while True:
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        end = at + 12 + length
        if end > len(data):
            raise IndexError("a chunk runs past the end")
        yield Block(kind, data[at + 8:end - 4], data[at:end])
        if kind == b"IEND":
            return
        at = end


def webp_blocks(data: bytes) -> Iterator[Block]:
    """The chunks of the RIFF body after "WEBP" (`raw` with its padding byte)."""
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise IndexError("not a WebP file")
    at = 12
    while at + 8 <= len(data):
        kind, length = struct.unpack("<4sI", data[at:at + 8])
        if at + 8 + length > len(data):
            raise IndexError("a chunk runs past the end")
        end = at + 8 + length + (length & 1)
        yield Block(kind, data[at + 8:at + 8 + length], data[at:end])
        at = end


@dataclass(frozen=True)
class TiffEntry:
    order: str  # the structure's byte order, for struct
    tag: int
    kind: int  # the field type (TIFF_TYPE_SIZES)
    count: int
    field: bytes  # the entry's last four bytes: the value when it fits, else where it is

    def value(self, tiff: bytes) -> bytes:
        """The value's bytes (an unknown field type raises KeyError)."""
        size = TIFF_TYPE_SIZES[self.kind] * self.count
        if size <= 4:
            value = self.field[:size]
        else:
            (start,) = struct.unpack(self.order + "I", self.field)
            value = tiff[start:start + size]
        if len(value) != size:
            raise IndexError("a tag points past the end")
        return value

    def short(self) -> int:
        """The first value of a short (type 3) held in the entry."""
        return struct.unpack(self.order + "H", self.field[:2])[0]


def tiff_entries(tiff: bytes, *, into: frozenset[int] = frozenset()) -> Iterator[TiffEntry]:
    """The entries of a TIFF structure's (an EXIF block's) first directory, then of the directories that
    entries tagged `into` point at, each directory read once."""
    order = {b"II": "<", b"MM": ">"}[tiff[:2]]
    directories, seen = [struct.unpack(order + "I", tiff[4:8])[0]], set()
    while directories:
        offset = directories.pop()
        if offset in seen:
            continue
        seen.add(offset)
        (count,) = struct.unpack(order + "H", tiff[offset:offset + 2])
        for index in range(count):
            entry = tiff[offset + 2 + 12 * index:offset + 14 + 12 * index]
            tag, kind, length, field = struct.unpack(order + "HHI4s", entry)
            if tag in into:
                directories.append(struct.unpack(order + "I", field)[0])
            yield TiffEntry(order, tag, kind, length, field)
