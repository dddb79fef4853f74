"""Real files of each kind, built in memory for the file-type policy and the reply-file tests."""
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf.generic import NameObject, TextStringObject

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\xdac\xfc\xcf\xc0P\x0f\x00\x04\x85\x01\x80\x84\xa9\x8c!\x00\x00\x00\x00IEND\xaeB`\x82"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run"


def png_with_text(keyword: str, text: str) -> bytes:
    """PNG with a tEXt chunk after its header (as editors write Author or Comment)."""
    import struct
    import zlib

    data = keyword.encode("latin-1") + b"\x00" + text.encode("latin-1")
    chunk = struct.pack(">I", len(data)) + b"tEXt" + data + struct.pack(">I", zlib.crc32(b"tEXt" + data))
    return PNG[:33] + chunk + PNG[33:]


def jpeg_with_artist(artist: str) -> bytes:
    """A JPEG's head with an EXIF block naming the photographer (tag Artist), as cameras and phones write it."""
    import struct

    value = artist.encode() + b"\x00"
    tiff = b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", 1)
    tiff += struct.pack("<HHII", 0x013B, 2, len(value), 8 + 2 + 12 + 4) + struct.pack("<I", 0) + value
    app1 = b"Exif\x00\x00" + tiff
    return b"\xff\xd8" + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + b"\xff\xda\x00\x02\xff\xd9"


def pdf(*lines: str) -> bytes:
    """A one-page PDF whose text (one line each) a PDF reader extracts."""
    ops = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(
        "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*" for line in lines
    ) + " ET"
    stream = ops.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def pdf_annotated(text: str, *, author: str, comment: str = "", link: str = "", embedded: bytes = b"") -> bytes:
    """A PDF whose document properties name `author`, who also left a sticky-note `comment` on its page, a
    `link` (its address) and an `embedded` file of its own."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Link, Text

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf(text))))
    writer.add_metadata({"/Author": author, "/Title": "Steps"})
    if comment:
        note = Text(rect=(50, 550, 200, 650), text=comment)
        note[NameObject("/T")] = TextStringObject(author)
        writer.add_annotation(page_number=0, annotation=note)
    if link:
        writer.add_annotation(page_number=0, annotation=Link(rect=(50, 500, 200, 520), url=link))
    if embedded:
        writer.add_attachment("notes.txt", embedded)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_pdf(text: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf(text))))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    '{main}"/></Types>'
)


def docx(*paragraphs: str, macros: bool = False, creator: str = "", deleted: str = "", link: str = "",
         embedded: bool = False) -> bytes:
    """A Word document with these paragraphs; `macros`: a .docm's content type and vbaProject.bin; `creator`:
    its author property (docProps/core.xml), who also made `deleted`, a tracked deletion left in the text;
    `link`: a hyperlink's address; `embedded`: a workbook inside it (as a chart's data is)."""
    main = ("vnd.ms-word.document.macroEnabled.main+xml" if macros
            else "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    if deleted:
        body += f'<w:p><w:del w:id="1" w:author="{creator}"><w:r><w:delText>{deleted}</w:delText></w:r></w:del></w:p>'
    document = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES.format(main=main))
        archive.writestr("word/document.xml", document)
        if creator:
            archive.writestr("docProps/core.xml", (
                '<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/'
                'package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
                f"<dc:creator>{creator}</dc:creator><cp:lastModifiedBy>{creator}</cp:lastModifiedBy>"
                "</cp:coreProperties>"
            ))
        if link:
            archive.writestr("word/_rels/document.xml.rels", (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                f'hyperlink" Target="{link}" TargetMode="External"/></Relationships>'
            ))
        if embedded:
            archive.writestr("word/embeddings/Microsoft_Excel_Worksheet.xlsx", xlsx())
        if macros:
            archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")
    return out.getvalue()


def zip_archive() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return out.getvalue()


def xlsx() -> bytes:
    """A minimal Excel workbook (the parts the file-type policy looks for)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES.format(
            main="vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"))
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return out.getvalue()


class CountedUpload(SimpleUploadedFile):
    """An upload that counts its reads: a file is read once per upload, whatever checks and stores it."""

    reads = 0

    def read(self, *args, **kwargs):
        self.reads += 1
        return super().read(*args, **kwargs)


def sniffs_counted(monkeypatch) -> list[str]:
    """The names `tickets.filetypes.file_sniff` is called with from now on, in call order."""
    from tickets import filetypes

    names: list[str] = []
    sniff = filetypes.file_sniff

    def counted(name, data):
        names.append(name)
        return sniff(name, data)

    monkeypatch.setattr(filetypes, "file_sniff", counted)
    return names


def exif_tiff(*, orientation: int = 1, artist: str = "", latitude: tuple[int, int, int] | None = None) -> bytes:
    """An EXIF block's TIFF structure as phones write it: orientation, the owner as Artist and a GPS directory
    with the latitude (degrees, minutes, seconds) where the photo was taken."""
    import struct

    entries, extra = [], b""
    ifd0_size = 2 + 12 * 3 + 4
    at = 8 + ifd0_size  # where values too long for an entry go
    entries.append(struct.pack("<HHIHH", 0x0112, 3, 1, orientation, 0))
    value = artist.encode() + b"\x00"
    entries.append(struct.pack("<HHII", 0x013B, 2, len(value), at))
    extra += value
    gps_at = at + len(extra)
    entries.append(struct.pack("<HHII", 0x8825, 4, 1, gps_at if latitude else 0))
    ifd0 = struct.pack("<H", len(entries)) + b"".join(entries) + struct.pack("<I", 0)
    if latitude:
        rationals_at = gps_at + 2 + 12 * 2 + 4
        gps = struct.pack("<H", 2) + struct.pack("<HHI2sxx", 1, 2, 2, b"N\x00")
        gps += struct.pack("<HHII", 2, 5, 3, rationals_at) + struct.pack("<I", 0)
        gps += b"".join(struct.pack("<II", part, 1) for part in latitude)
        extra += gps
    return b"II*\x00" + struct.pack("<I", 8) + ifd0 + extra


def jpeg(*segments: tuple[int, bytes], trailer: bytes = b"") -> bytes:
    """A real 8x8 grey baseline JPEG (one DC-only block, single-code Huffman tables) with `segments` (marker,
    payload) after its start, and `trailer` after its end (as phones append a second image or a video)."""
    import struct

    def segment(marker: int, payload: bytes) -> bytes:
        return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload

    picture = [
        segment(0xDB, b"\x00" + b"\x01" * 64),  # quantization table 0, all ones
        segment(0xC0, b"\x08\x00\x08\x00\x08\x01\x01\x11\x00"),  # 8x8, one component
        segment(0xC4, b"\x00" + b"\x01" + b"\x00" * 15 + b"\x00"),  # DC table 0: one code, category 0
        segment(0xC4, b"\x10" + b"\x01" + b"\x00" * 15 + b"\x00"),  # AC table 0: one code, end of block
        segment(0xDA, b"\x01\x01\x00\x00\x3f\x00") + b"\x3f",  # DC 0 and end of block: bits 00, padded with ones
    ]
    return (b"\xff\xd8" + b"".join(segment(m, p) for m, p in segments) + b"".join(picture) + b"\xff\xd9"
            + trailer)


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    import struct
    import zlib

    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def webp_extended(*chunks: tuple[bytes, bytes], flags: int) -> bytes:
    """A 1x1 lossless WebP in the extended format (VP8X with `flags`) followed by `chunks` (kind, payload)."""
    import struct

    vp8l = b"\x2f\x00\x00\x00\x00\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
    parts = [b"VP8X" + struct.pack("<I", 10) + bytes([flags, 0, 0, 0]) + b"\x00\x00\x00\x00\x00\x00",
             b"VP8L" + struct.pack("<I", len(vp8l)) + vp8l]
    parts += [kind + struct.pack("<I", len(data)) + data + b"\x00" * (len(data) & 1) for kind, data in chunks]
    body = b"WEBP" + b"".join(parts)
    return b"RIFF" + struct.pack("<I", len(body)) + body
