"""Which files Tact stores, decided by their bytes, not by their names or the sender's content type.

A file is accepted only if its content is one of the kinds below *and* its extension is one of that kind's:
an .exe renamed .pdf, an HTML page renamed .txt or a PDF renamed .png are all refused. Active content
(executables, scripts, HTML, SVG, JavaScript), macro-enabled Office files and archives are refused whatever
their name; so is anything not listed. Every place a person uploads a file (portal, staff pages, reply
files) and inbound email use this one check. The stored content type is the sniffed one.
"""
import io
import zipfile
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# kind: (content type, extensions). Extensions are compared lower-cased, without the dot.
KINDS: dict[str, tuple[str, frozenset[str]]] = {
    "png": ("image/png", frozenset({"png"})),
    "jpeg": ("image/jpeg", frozenset({"jpg", "jpeg"})),
    "gif": ("image/gif", frozenset({"gif"})),
    "webp": ("image/webp", frozenset({"webp"})),
    "pdf": ("application/pdf", frozenset({"pdf"})),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", frozenset({"docx"})),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", frozenset({"xlsx"})),
    "txt": ("text/plain", frozenset({"txt"})),
    "csv": ("text/csv", frozenset({"csv"})),
}

POLICY_TEXT = _(
    "Accepted: images (PNG, JPEG, GIF, WebP), PDF, Word (.docx), Excel (.xlsx), text (.txt) and CSV. "
    "Files are checked by their content: programs, scripts, web pages, SVG, macro-enabled Office files and "
    "archives are refused, and so is a file whose content does not match its name."
)

_EXECUTABLE_MAGIC = (
    (b"MZ", _("a Windows program")),
    (b"\x7fELF", _("a Linux program")),
    (b"\xfe\xed\xfa\xce", _("a macOS program")),
    (b"\xfe\xed\xfa\xcf", _("a macOS program")),
    (b"\xce\xfa\xed\xfe", _("a macOS program")),
    (b"\xcf\xfa\xed\xfe", _("a macOS program")),
    (b"\xca\xfe\xba\xbe", _("a macOS or Java program")),
    (b"#!", _("a script")),
)
_ARCHIVE_MAGIC = (
    (b"Rar!\x1a\x07", _("a RAR archive")),
    (b"7z\xbc\xaf\x27\x1c", _("a 7-Zip archive")),
    (b"\x1f\x8b", _("a gzip archive")),
    (b"BZh", _("a bzip2 archive")),
    (b"\xfd7zXZ\x00", _("an xz archive")),
    (b"MSCF", _("a cabinet archive")),
    # Legacy .doc/.xls/.ppt: may carry macros and cannot be checked for them here.
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", _("an older Office file (save it as .docx or .xlsx)")),
)
# Markers of active content in what would otherwise be text (looked for near the start, lower-cased).
_ACTIVE_TEXT = (b"<!doctype", b"<html", b"<svg", b"<script", b"<?xml", b"<body", b"<iframe", b"<head")


class FileRefused(ValueError):
    """The file is not one Tact stores; the message says why, for the person who sent it."""


@dataclass(frozen=True)
class Sniffed:
    kind: str
    content_type: str


def extension(name: str) -> str:
    _, dot, ext = (name or "").rpartition(".")
    return ext.lower() if dot else ""


def text_decode(data: bytes) -> str | None:
    """The text of a file meant as text: UTF-8 (a BOM allowed), else Windows-1252; None if it is neither or
    holds a NUL byte (then it is binary, whatever its name)."""
    if b"\x00" in data:
        return None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _zip_kind(data: bytes) -> str:
    """docx or xlsx for an Office Open XML file without macros; FileRefused for any other zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = {info.filename.lower() for info in archive.infolist()}
            content_types = archive.read("[Content_Types].xml").lower() if "[content_types].xml" in names else b""
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError, EOFError):
        raise FileRefused(gettext("it looks like a damaged or encrypted zip file")) from None
    if any(name.endswith("vbaproject.bin") for name in names) or b"macroenabled" in content_types:
        raise FileRefused(gettext("it is an Office file with macros; save it without macros (.docx or .xlsx)"))
    if content_types and "word/document.xml" in names:
        return "docx"
    if content_types and "xl/workbook.xml" in names:
        return "xlsx"
    raise FileRefused(gettext("archives (zip files) are not accepted"))


def _kind(data: bytes) -> str:
    for magic, what in _EXECUTABLE_MAGIC:
        if data.startswith(magic):
            raise FileRefused(gettext("it is %(what)s") % {"what": what})
    for magic, what in _ARCHIVE_MAGIC:
        if data.startswith(magic):
            raise FileRefused(gettext("it is %(what)s") % {"what": what})
    if len(data) > 262 and data[257:262] == b"ustar":
        raise FileRefused(gettext("it is a tar archive"))
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    text = text_decode(data)
    if text is None:
        raise FileRefused(gettext("its content is not a kind of file Tact accepts"))
    head = text[:1024].lstrip().lower().encode("utf-8", "replace")
    if head.startswith(b"<") and any(marker in head for marker in _ACTIVE_TEXT):
        raise FileRefused(gettext("it is a web page, SVG or XML document (active content)"))
    return "text"


def file_sniff(name: str, data: bytes) -> Sniffed:
    """What the file is, from its bytes; FileRefused unless it is an accepted kind named with its extension."""
    ext = extension(name)
    if ext in {"docm", "xlsm", "dotm", "xltm", "pptm"}:
        raise FileRefused(gettext("macro-enabled Office files are not accepted"))
    if not data:
        raise FileRefused(gettext("it is empty"))
    kind = _kind(data)
    if kind == "text":
        kind = "csv" if ext == "csv" else "txt"
    content_type, extensions = KINDS[kind]
    if ext not in extensions:
        shown = f".{ext}" if ext else gettext("no extension")
        raise FileRefused(
            gettext("its content is %(kind)s but its name has %(shown)s") % {"kind": kind.upper(), "shown": shown}
        )
    return Sniffed(kind, content_type)


@dataclass(frozen=True)
class CheckedFile:
    """A file read once and accepted. Everything after the check (storage, the reply gate's text extraction)
    takes these bytes and this kind, never the upload again: what was checked is what is stored and scanned."""

    name: str
    data: bytes
    sniffed: Sniffed

    @property
    def size(self) -> int:
        return len(self.data)

    def content(self) -> ContentFile:
        """The bytes as a file a FileField can save."""
        return ContentFile(self.data, name=self.name)


def upload_check(upload) -> CheckedFile:
    """`file_sniff` for an uploaded file, read whole in one read (uploads are within ATTACHMENT_MAX_BYTES)."""
    upload.seek(0)
    data = upload.read()
    name = upload.name or "attachment"
    return CheckedFile(name, data, file_sniff(name, data))
