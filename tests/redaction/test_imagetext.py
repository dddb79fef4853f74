"""The words an image carries besides its pixels, read for the reply gate: the people named, not the editors'
ids; a block that cannot be parsed refuses the file."""
import struct

import pytest

from redaction.imagestrip import image_strip
from redaction.imagetext import image_text
from tests import samples

XMP = (
    b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
    b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
    b'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" '
    b'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="Editor 2" '
    b'xmpMM:InstanceID="xmp.iid:01801174072068118083"><dc:creator><rdf:Seq><rdf:li>Alicia Realname</rdf:li>'
    b'</rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>\n   <?xpacket end="w"?>'
)


def _jpeg(*segments: tuple[int, bytes]) -> bytes:
    body = b"".join(bytes([0xFF, marker]) + struct.pack(">H", len(data) + 2) + data for marker, data in segments)
    return b"\xff\xd8" + body + b"\xff\xda\x00\x02\xff\xd9"


def test_a_jpeg_names_its_photographer_in_exif_xmp_and_comments():
    data = _jpeg((0xE0, b"JFIF\x00\x01\x01"), (0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + XMP),
                 (0xFE, b"Taken by Robert Realname"))
    assert image_text("jpeg", data) == ["Editor 2", "Alicia Realname", "Taken by Robert Realname"]
    assert image_text("jpeg", samples.jpeg_with_artist("Alicia Realname")) == ["Alicia Realname"]


def test_a_png_without_text_chunks_has_no_words():
    assert image_text("png", samples.PNG) == []
    assert image_text("png", samples.png_with_text("Author", "Alicia Realname")) == ["Author", "Alicia Realname"]


def test_metadata_that_cannot_be_parsed_is_an_error_not_an_empty_list():
    with pytest.raises(ValueError):
        image_text("jpeg", _jpeg((0xE1, b"http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta")))


def test_a_comment_after_the_first_scan_is_read_as_the_stripper_walks_to_the_end():
    """A progressive JPEG has several scans; a comment written between them is still in the file the customer
    would get, were it not stripped: the reader walks every segment the stripper walks."""
    photo = samples.jpeg()
    at = photo.rindex(b"\xff\xd9")
    comment = b"Edited by Robert Realname"
    late = photo[:at] + b"\xff\xfe" + struct.pack(">H", 2 + len(comment)) + comment + b"\xff\xd9"
    assert image_text("jpeg", late) == ["Edited by Robert Realname"]
    assert image_text("jpeg", image_strip("jpeg", late)) == []


@pytest.mark.parametrize(("kind", "data"), [
    ("jpeg", samples.jpeg_with_artist("Alicia Realname")[:-2]),  # no end of image
    ("png", samples.png_with_text("Author", "Alicia Realname")[:-12]),  # no IEND
], ids=["jpeg", "png"])
def test_a_file_the_stripper_refuses_is_refused_by_the_reader_too(kind, data):
    with pytest.raises(ValueError):
        image_strip(kind, data)
    with pytest.raises(ValueError):
        image_text(kind, data)
