"""An image on a reply goes out without what the camera, phone or editor wrote about it.

A phone photo carries where it was taken (EXIF GPS: an agent's photo taken at home tells the customer where they
live), the camera's serial number, the owner's name and an embedded thumbnail of the uncropped picture; editors
add the author (XMP, IPTC) and text chunks. At Send the file is rewritten without those blocks, before it is
hashed, frozen and scanned, so the customer receives and the gate reads exactly the stripped bytes.

Lossless: blocks are dropped, the picture's own bytes are copied unchanged (no re-encoding). What is kept is what
the picture needs to be drawn: JPEG tables, frames and scans, the JFIF header without its thumbnail, the ICC
colour profile and Adobe's colour transform; PNG's critical chunks and those that say how to show the pixels
(transparency, gamma, colour space, pixel size, animation); WebP's image, alpha, animation and ICC chunks; GIF's
colour tables, frames, graphic controls (delay, transparency), plain text and the block that says how often an
animation loops (NETSCAPE2.0, ANIMEXTS1.0), not its comments nor other application blocks (XMP among them). Data
after a JPEG's end (phones append further images and motion-photo videos there, each with its own metadata) or
a GIF's trailer is dropped. The EXIF orientation is the one field kept: a sideways phone photo would otherwise show
turned, so an image whose orientation is not "upright" (1) keeps a new EXIF block holding that tag alone. HEIC
is not an accepted file type (`tickets.filetypes`). A file whose blocks cannot be parsed raises `ValueError`,
so it is refused rather than published with its metadata.
"""
import struct
import zlib

from redaction.imageblocks import EXIF_HEADER, PARSE_ERRORS, jpeg_blocks, png_blocks, tiff_entries, webp_blocks

_ORIENTATION = 0x0112
# JPEG markers of the picture itself: frames and tables (0xC0-0xCF), restarts (0xD0-0xD7) and the temporary
# marker (0x01), scans, quantization tables, number of lines and restart interval.
_JPEG_KEEP = {*range(0xC0, 0xD8), 0x01, 0xDA, 0xDB, 0xDC, 0xDD}
_JPEG_APP_KEEP = {0xE2: b"ICC_PROFILE\x00", 0xEE: b"Adobe"}
_PNG_KEEP = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT", b"bKGD",
             b"pHYs", b"hIST", b"acTL", b"fcTL", b"fdAT", b"cICP", b"mDCv", b"cLLI"}
_WEBP_KEEP = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"}
_WEBP_EXIF_FLAG, _WEBP_XMP_FLAG = 0x08, 0x04
_GIF_KEEP = {0xF9, 0x01}  # graphic control (frame delay, transparency) and plain text: both drawn
_GIF_LOOPS = {b"NETSCAPE2.0", b"ANIMEXTS1.0"}


def image_strip(kind: str, data: bytes) -> bytes:
    """The image without its metadata (see the module's docstring); other kinds are returned as they are."""
    strippers = {"jpeg": _jpeg, "png": _png, "webp": _webp, "gif": _gif}
    if kind not in strippers:
        return data
    try:
        return strippers[kind](data)
    except PARSE_ERRORS as exc:
        raise ValueError(type(exc).__name__) from None


def _orientation(tiff: bytes) -> int:
    """The orientation tag of a TIFF structure's first directory (an EXIF block); 1 (upright) when absent."""
    for entry in tiff_entries(tiff):
        if entry.tag == _ORIENTATION and entry.kind == 3:
            orientation = entry.short()
            return orientation if 1 <= orientation <= 8 else 1
    return 1


def _orientation_tiff(orientation: int) -> bytes:
    """A TIFF structure with one directory holding only the orientation."""
    return b"MM\x00\x2a" + struct.pack(">IHHHIHH", 8, 1, _ORIENTATION, 3, 1, orientation, 0) + struct.pack(">I", 0)


def _jpeg(data: bytes) -> bytes:
    out, orientation = [b"\xff\xd8"], 1
    for block in jpeg_blocks(data):
        marker, payload = block.kind, block.payload
        if marker == 0xE1 and payload.startswith(EXIF_HEADER) and orientation == 1:
            orientation = _orientation(payload[len(EXIF_HEADER):])
        elif marker == 0xE0 and payload.startswith(b"JFIF\x00") and len(payload) >= 14:
            out.append(b"\xff\xe0\x00\x10" + payload[:12] + b"\x00\x00")  # the header, without its thumbnail
        elif marker in _JPEG_KEEP or (marker in _JPEG_APP_KEEP and payload.startswith(_JPEG_APP_KEEP[marker])):
            out.append(block.raw)
    if orientation != 1:
        exif = EXIF_HEADER + _orientation_tiff(orientation)
        out.insert(1, b"\xff\xe1" + struct.pack(">H", len(exif) + 2) + exif)
    out.append(b"\xff\xd9")  # anything after the end (further images, videos) is left out
    return b"".join(out)


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def _png(data: bytes) -> bytes:
    out = [data[:8]]
    for block in png_blocks(data):
        if block.kind in _PNG_KEEP:
            out.append(block.raw)
        elif block.kind == b"eXIf" and (orientation := _orientation(block.payload)) != 1:
            out.append(_png_chunk(b"eXIf", _orientation_tiff(orientation)))
    return b"".join(out)


def _webp(data: bytes) -> bytes:
    chunks, orientation = [], 1
    for block in webp_blocks(data):
        if block.kind in _WEBP_KEEP:
            chunks.append(block.raw)
        elif block.kind == b"EXIF":
            orientation = _orientation(block.payload.removeprefix(EXIF_HEADER))
    if chunks and chunks[0][:4] == b"VP8X":
        flags = chunks[0][8] & ~(_WEBP_EXIF_FLAG | _WEBP_XMP_FLAG)
        if orientation != 1:
            tiff = _orientation_tiff(orientation)
            chunks.append(b"EXIF" + struct.pack("<I", len(tiff)) + tiff + b"\x00" * (len(tiff) & 1))
            flags |= _WEBP_EXIF_FLAG
        chunks[0] = chunks[0][:8] + bytes([flags]) + chunks[0][9:]
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _gif_blocks(data: bytes, at: int) -> int:
    """Where a run of data sub-blocks (each a length byte and that many bytes) ends, after its empty block."""
    while data[at]:
        at += 1 + data[at]
    return at + 1


def _gif_colours(packed: int) -> int:
    """The size of the colour table a descriptor's packed byte announces (none when its top bit is clear)."""
    return 3 << ((packed & 0x07) + 1) if packed & 0x80 else 0


def _gif(data: bytes) -> bytes:
    if data[:6] not in (b"GIF87a", b"GIF89a"):
        raise IndexError("not a GIF")
    at = 13 + _gif_colours(data[10])  # header, logical screen descriptor, global colour table
    out = [data[:at]]
    while True:
        start, introducer = at, data[at]
        if introducer == 0x3B:  # the trailer: anything after it is left out
            out.append(b";")
            return b"".join(out)
        if introducer == 0x2C:  # an image: descriptor, local colour table, LZW code size, data sub-blocks
            at = _gif_blocks(data, at + 10 + _gif_colours(data[at + 9]) + 1)
            keep = True
        elif introducer == 0x21:
            label = data[at + 1]
            at = _gif_blocks(data, at + 2)
            keep = label in _GIF_KEEP or (label == 0xFF and data[start + 2] == 11
                                          and data[start + 3:start + 14] in _GIF_LOOPS)
        else:
            raise IndexError("not a block")
        if keep:
            out.append(data[start:at])
