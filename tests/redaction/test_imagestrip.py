"""Images on a reply go out without their metadata: where a photo was taken, who took it, with what camera; the
picture's own bytes unchanged, its orientation kept."""
import struct

import pytest

from redaction.imagestrip import image_strip
from redaction.imagetext import image_text
from tests import samples

HOME = (51, 30, 26)  # where the agent lives, in degrees, minutes and seconds of latitude
XMP = b"http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta xmlns:x='adobe:ns:meta/'>Alicia Realname</x:xmpmeta>"


# A 1x1 GIF's header, screen descriptor and two-colour global table; a frame (graphic control, a descriptor with
# a two-colour local table, LZW data); the looping block; a comment; XMP as Adobe writes it (raw text, then a
# 258-byte trailer so that readers walking sub-blocks land on the terminator).
GIF_HEAD = b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + b"\x00\x00\x00\xff\xff\xff"
GIF_FRAME = (b"\x21\xf9\x04\x04\x0a\x00\x00\x00" + b"\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x80"
             + b"\xff\x00\x00\x00\x00\xff" + b"\x02\x02\x44\x01\x00")
GIF_LOOP = b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"
GIF_COMMENT = b"\x21\xfe\x0fTaken by Alicia\x00"
GIF_XMP = b"\x21\xff\x0bXMP DataXMP" + XMP[29:] + b"\x01" + bytes(range(255, -1, -1)) + b"\x00"


def _latitude(data: bytes) -> bool:
    return struct.pack("<IIIIII", HOME[0], 1, HOME[1], 1, HOME[2], 1) in data


def _segments(data: bytes) -> list[int]:
    """The markers of a JPEG up to its first scan."""
    markers, at = [], 2
    while data[at + 1] != 0xDA:
        markers.append(data[at + 1])
        at += 2 + struct.unpack(">H", data[at + 2:at + 4])[0]
    return markers


def test_a_photo_loses_its_location_author_comments_and_trailer_but_not_its_picture():
    exif = b"Exif\x00\x00" + samples.exif_tiff(artist="Alicia Realname", latitude=HOME)
    jfif = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x01\x01" + b"\x80\x80\x80"  # with a 1x1 thumbnail
    icc = b"ICC_PROFILE\x00\x01\x01" + b"profile"
    photo = samples.jpeg((0xE0, jfif), (0xE1, exif), (0xE1, XMP), (0xE2, icc), (0xED, b"Photoshop 3.0\x00"),
                         (0xFE, b"Taken by Alicia"), trailer=b"\xff\xd8" + exif + b"\xff\xd9")
    assert _latitude(photo) and "Alicia Realname" in image_text("jpeg", photo)

    stripped = image_strip("jpeg", photo)
    assert not _latitude(stripped) and b"Alicia" not in stripped and b"Photoshop" not in stripped
    assert image_text("jpeg", stripped) == []
    assert _segments(stripped) == [0xE0, 0xE2, 0xDB, 0xC0, 0xC4, 0xC4]  # JFIF, colour profile, the picture
    picture = photo[photo.index(b"\xff\xdb"):photo.index(b"\xff\xd9") + 2]
    assert stripped.endswith(picture) and stripped.count(b"\xff\xd9") == 1  # byte for byte; no trailer
    assert stripped[2:20] == b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"  # no thumbnail
    assert image_strip("jpeg", stripped) == stripped


def test_a_turned_photo_keeps_its_orientation_alone():
    photo = samples.jpeg((0xE1, b"Exif\x00\x00" + samples.exif_tiff(orientation=6, artist="Alicia", latitude=HOME)))
    stripped = image_strip("jpeg", photo)
    assert not _latitude(stripped) and b"Alicia" not in stripped
    exif = stripped[stripped.index(b"Exif\x00\x00") + 6:]
    assert exif.startswith(b"MM\x00\x2a") and struct.unpack(">HHHIH", exif[8:20]) == (1, 0x0112, 3, 1, 6)
    upright = samples.jpeg((0xE1, b"Exif\x00\x00" + samples.exif_tiff(orientation=1, latitude=HOME)))
    assert b"Exif" not in image_strip("jpeg", upright)


def test_a_png_loses_its_text_and_exif_chunks_and_keeps_its_pixels():
    exif = samples.png_chunk(b"eXIf", samples.exif_tiff(orientation=8, latitude=HOME))
    text = samples.png_chunk(b"tEXt", b"Author\x00Alicia Realname")
    itxt = samples.png_chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00Alicia")
    time = samples.png_chunk(b"tIME", b"\x07\xea\x0c\x05\x06\x1e\x00")
    image = samples.PNG[:33] + exif + text + itxt + time + samples.PNG[33:]
    stripped = image_strip("png", image)
    assert _latitude(image) and not _latitude(stripped) and b"Alicia" not in stripped and b"tIME" not in stripped
    assert stripped.startswith(samples.PNG[:33]) and stripped.endswith(samples.PNG[33:])
    kept = stripped[33:-len(samples.PNG[33:])]
    assert kept == samples.png_chunk(b"eXIf", kept[8:-4]) and b"\x01\x12\x00\x03" in kept  # orientation alone
    assert image_strip("png", samples.PNG) == samples.PNG


def test_a_webp_loses_its_exif_and_xmp_chunks_and_their_flags():
    exif = b"Exif\x00\x00" + samples.exif_tiff(artist="Alicia Realname", latitude=HOME)
    image = samples.webp_extended((b"EXIF", exif), (b"XMP ", XMP[29:]), flags=0x0C)
    stripped = image_strip("webp", image)
    assert _latitude(image) and not _latitude(stripped) and b"Alicia" not in stripped
    assert stripped[20] == 0  # VP8X flags: no EXIF, no XMP
    assert stripped[30:] == image[30:image.index(b"EXIF")]  # the picture's chunk, byte for byte
    assert struct.unpack("<I", stripped[4:8])[0] == len(stripped) - 8
    assert image_text("webp", stripped) == []


@pytest.mark.parametrize("frames", [1, 2])
def test_a_gif_loses_its_comment_and_xmp_and_keeps_its_frames_and_loop(frames):
    loop = GIF_LOOP if frames > 1 else b""
    image = GIF_HEAD + GIF_XMP + loop + GIF_COMMENT + GIF_FRAME + GIF_COMMENT + GIF_FRAME * (frames - 1) + b";"
    stripped = image_strip("gif", image)
    assert b"Alicia" not in stripped and b"XMP" not in stripped
    assert stripped == GIF_HEAD + loop + GIF_FRAME * frames + b";"  # byte for byte, in order
    assert image_strip("gif", stripped) == stripped


@pytest.mark.parametrize(("kind", "data"), [
    ("jpeg", samples.jpeg((0xE1, b"Exif\x00\x00" + samples.exif_tiff(latitude=HOME)))[:60]),
    ("png", samples.PNG[:40]),
    ("jpeg", b"\xff\xd8\xff\xe1\x00\x40Exif"),
    ("gif", (GIF_HEAD + GIF_COMMENT + GIF_FRAME + b";")[:-4]),
    ("gif", GIF_HEAD + GIF_XMP[:40]),
])
def test_an_image_that_cannot_be_parsed_is_an_error_not_published_as_it_is(kind, data):
    with pytest.raises(ValueError):
        image_strip(kind, data)


def test_other_kinds_are_left_as_they_are():
    assert image_strip("pdf", b"%PDF-1.7 ...") == b"%PDF-1.7 ..."
