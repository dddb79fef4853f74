"""The text an image carries besides its pixels, for the reply gate to scan with its name.

Cameras, phones and editors write the photographer into an image (EXIF Artist, Copyright and the XP tags
Windows shows as Authors, IPTC By-line, XMP dc:creator) and text chunks and comments anyone can read in the
file's properties: an agent's own photo or edited screenshot can carry their real name. Read here are JPEG
segments (COM, EXIF, XMP, IPTC), PNG text chunks (tEXt, zTXt, iTXt, eXIf) and WebP's EXIF and XMP chunks;
GIF comments are rare and not read. A block that cannot be parsed raises `ValueError`, so the file is refused
rather than published partly read. Files on replies are stripped of these blocks first
(`redaction.imagestrip`), so this reads what is left of what goes out; both walk the file with one parser
(`redaction.imageblocks`), to the image's end.
"""
import struct
import zlib

from defusedxml import ElementTree

from redaction.imageblocks import (
    EXIF_HEADER,
    PARSE_ERRORS,
    TIFF_TYPE_SIZES,
    jpeg_blocks,
    png_blocks,
    tiff_entries,
    webp_blocks,
)

# EXIF tags that hold words: ImageDescription, Artist, Copyright, XPTitle…XPSubject (UCS-2), and in the EXIF
# sub-directory UserComment and CameraOwnerName.
_EXIF_TEXT = {0x010E, 0x013B, 0x8298, 0x9C9B, 0x9C9C, 0x9C9D, 0x9C9E, 0x9C9F, 0x9286, 0xA430}
_EXIF_IFD = frozenset({0x8769})
_XMP = b"http://ns.adobe.com/xap/1.0/\x00"
_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XMP_IDS = ("{http://ns.adobe.com/xap/1.0/mm/", "{http://ns.adobe.com/xap/1.0/sType/")
# A compressed PNG chunk inflates to at most this: its text is scanned, never a bomb.
_INFLATE_MAX = 1_000_000


def image_text(kind: str, data: bytes) -> list[str]:
    """The words in an image's metadata, in file order; empty when it has none."""
    readers = {"jpeg": _jpeg, "png": _png, "webp": _webp}
    try:
        return [text.strip() for text in readers[kind](data) if text.strip()] if kind in readers else []
    except (*PARSE_ERRORS, zlib.error, ElementTree.ParseError) as exc:  # defusedxml's refusals are ValueErrors
        raise ValueError(type(exc).__name__) from None


def _decode(raw: bytes) -> str:
    raw = raw.rstrip(b"\x00")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _exif(tiff: bytes) -> list[str]:
    """Text tags of IFD0 and of the EXIF sub-directory of a TIFF structure (an APP1 or eXIf payload)."""
    texts: list[str] = []
    for entry in tiff_entries(tiff, into=_EXIF_IFD):
        if entry.tag not in _EXIF_TEXT or entry.kind not in TIFF_TYPE_SIZES:
            continue
        value = entry.value(tiff)
        if 0x9C9B <= entry.tag <= 0x9C9F:
            texts.append(value.decode("utf-16-le", "replace").rstrip("\x00"))
        elif entry.tag == 0x9286:
            texts.append(_decode(value[8:]))  # after the 8-byte character code
        else:
            texts.append(_decode(value))
    return texts


def _xmp(packet: bytes) -> list[str]:
    """Every text and attribute value of an XMP packet but RDF's own and the editors' document and instance ids
    (long runs of digits that say nothing about anyone)."""
    root = ElementTree.fromstring(packet.strip(b"\x00 \r\n"))
    texts = []
    for node in root.iter():
        texts += [value for key, value in node.attrib.items() if not key.startswith((_RDF, *_XMP_IDS))]
        if not str(node.tag).startswith(_XMP_IDS):
            texts.append(node.text or "")
    return texts


def _iptc(block: bytes) -> list[str]:
    """IPTC-IIM datasets of record 2 (by-line, caption, keywords…) found in a Photoshop APP13 block."""
    texts, at = [], block.find(b"\x1c\x02")
    while at != -1 and at + 5 <= len(block):
        (length,) = struct.unpack(">H", block[at + 3:at + 5])
        texts.append(_decode(block[at + 5:at + 5 + length]))
        at = block.find(b"\x1c\x02", at + 5 + length)
    return texts


def _jpeg(data: bytes) -> list[str]:
    texts = []
    for block in jpeg_blocks(data):
        marker, payload = block.kind, block.payload
        if marker == 0xFE:
            texts.append(_decode(payload))
        elif marker == 0xE1 and payload.startswith(EXIF_HEADER):
            texts += _exif(payload[len(EXIF_HEADER):])
        elif marker == 0xE1 and payload.startswith(_XMP):
            texts += _xmp(payload[len(_XMP):])
        elif marker == 0xED:
            texts += _iptc(payload)
    return texts


def _inflate(raw: bytes) -> bytes:
    return zlib.decompressobj().decompress(raw, _INFLATE_MAX)


def _png(data: bytes) -> list[str]:
    texts = []
    for block in png_blocks(data):
        keyword, _nul, rest = block.payload.partition(b"\x00")
        if block.kind == b"tEXt":
            texts += [_decode(keyword), rest.decode("latin-1")]
        elif block.kind == b"zTXt":
            texts += [_decode(keyword), _inflate(rest[1:]).decode("latin-1")]
        elif block.kind == b"iTXt":
            compressed, text = rest[0], rest[2:].split(b"\x00", 2)[2]
            texts += [_decode(keyword), (_inflate(text) if compressed else text).decode("utf-8")]
        elif block.kind == b"eXIf":
            texts += _exif(block.payload)
    return texts


def _webp(data: bytes) -> list[str]:
    texts = []
    for block in webp_blocks(data):
        if block.kind == b"EXIF":
            texts += _exif(block.payload.removeprefix(EXIF_HEADER))
        elif block.kind == b"XMP ":
            texts += _xmp(block.payload)
    return texts
