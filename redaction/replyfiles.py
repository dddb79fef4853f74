"""Files on a public reply: read at Send, frozen with the version, scanned with its text.

What the gate scans of a file is its name and, for text, CSV, PDF and Word files, its text, with what a reader
shows besides it: a document's properties (its author), tracked deletions, comments and notes and who wrote them,
links' addresses, form values and alt text (images: the words in their metadata). A PDF or Word file with files
inside it is refused. A file whose text cannot be read (an encrypted or damaged PDF, a broken .docx) or that
holds more text than FILE_TEXT_MAX_CHARS is refused at Send: never published partly scanned or unscanned. The
version's `files_sha256` is a digest of every file's name, bytes and extracted text; the worker records the
digest of what it read and publication recomputes it from the stored bytes, so a file changed after its scan is
held.
"""
import hashlib
import io
import zipfile
from collections.abc import Iterable
from dataclasses import replace

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from redaction.imagestrip import image_strip
from redaction.imagetext import image_text
from redaction.models import ReplyFile, ReplyVersion
from redaction.policy import gate_setting
from tickets.filetypes import Sniffed, text_decode
from tickets.services import attachments_validate

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCX_TEXT = {f"{_W}t", f"{_W}delText"}
# What a Word file shows besides its paragraphs: who wrote comments and changes (their attributes and
# word/people.xml), images' alt text, links' addresses (word/_rels) and the property parts (author, last editor,
# company, manager, custom properties). The properties' dates and counts are the file's own.
_DOCX_ATTRIBUTES = {"author", "initials", "userId", "descr", "title"}
_DOCX_PROPERTIES = {"docProps/core.xml", "docProps/app.xml", "docProps/custom.xml"}
_DOCX_PROPERTY_FIGURES = {"created", "modified", "lastPrinted", "revision", "TotalTime", "Pages", "Words",
                          "Characters", "CharactersWithSpaces", "Lines", "Paragraphs", "DocSecurity", "AppVersion"}
_PDF_DATES = {"/CreationDate", "/ModDate"}


class Unreadable(Exception):
    """The file's text cannot be read, so it cannot be scanned."""


# A file inside the file (a PDF's attachments, a Word file's embedded workbook) would go out unread.
HOLDS_FILES = _("it holds files of its own; attach them separately")


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader  # imported here: only Sends with a PDF pay for it
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise Unreadable(gettext("it is encrypted; attach a copy without a password"))
        if reader.attachments:
            raise Unreadable(HOLDS_FILES)
        extras = _pdf_extras(reader)
        texts = [page.extract_text() or "" for page in reader.pages]
        return "\n".join([*texts, *extras])
    except Unreadable:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as exc:
        raise Unreadable(gettext("its text cannot be read (%(error)s)") % {"error": type(exc).__name__}) from None


def _pdf_extras(reader) -> list[str]:
    """What a PDF reader shows besides the pages' text: the document properties (PDF writers put the account's
    real name in Author), and on its pages the notes with their authors, form fields' values and links'
    addresses. Walks the notes once: one that holds a file (a file attachment note) refuses the PDF."""
    extras = [str(value) for key, value in (reader.metadata or {}).items() if key not in _PDF_DATES]
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/FileAttachment":
                raise Unreadable(HOLDS_FILES)
            extras += [str(annotation[key]) for key in ("/T", "/TU", "/Contents", "/V") if key in annotation]
            action = annotation.get("/A")
            if action is not None and "/URI" in action.get_object():
                extras.append(str(action.get_object()["/URI"]))
    return extras


def _docx_text(data: bytes) -> str:
    """The paragraphs of the document body, headers, footers, footnotes and comments, tracked deletions
    included, then who wrote the comments and changes, images' alt text, links' addresses and the document's
    properties (Word puts the account's real name in the author): everything Word shows of the file. A file
    with files embedded in it is refused (defusedxml: no entity expansion or external references)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if any(n.startswith("word/embeddings/") for n in archive.namelist()):
                raise Unreadable(HOLDS_FILES)
            names = [n for n in archive.namelist() if n.startswith("word/") and n.endswith(".xml")
                     and n.split("/")[-1].startswith(("document", "header", "footer", "footnotes", "endnotes",
                                                      "comments", "people"))]
            paragraphs, extras = [], []
            for name in sorted(names, key=lambda n: (n != "word/document.xml", n)):
                root = ElementTree.fromstring(archive.read(name))
                for paragraph in root.iter(f"{_W}p"):
                    paragraphs.append("".join(node.text or "" for node in paragraph.iter() if node.tag in _DOCX_TEXT))
                extras += [value for node in root.iter() for key, value in node.attrib.items()
                           if key.rpartition("}")[2] in _DOCX_ATTRIBUTES]
            for name in sorted(n for n in archive.namelist() if n.startswith("word/_rels/")):
                root = ElementTree.fromstring(archive.read(name))
                extras += [node.get("Target", "") for node in root.iter() if node.get("TargetMode") == "External"]
            for name in sorted(_DOCX_PROPERTIES & set(archive.namelist())):
                root = ElementTree.fromstring(archive.read(name))
                extras += [node.text.strip() for node in root.iter() if node.text and node.text.strip()
                           and str(node.tag).rpartition("}")[2] not in _DOCX_PROPERTY_FIGURES]
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, EOFError, DefusedXmlException,
            ElementTree.ParseError) as exc:
        raise Unreadable(gettext("its text cannot be read (%(error)s)") % {"error": type(exc).__name__}) from None
    return "\n".join([*paragraphs, *dict.fromkeys(extras)])


def file_text(sniffed: Sniffed, data: bytes) -> str:
    """The text a customer could read in the file: for images, the words in their metadata
    (`redaction.imagetext`); empty for xlsx (refused on replies for now: see `reply_files_read`)."""
    if sniffed.kind in ("txt", "csv"):
        text = text_decode(data)
        if text is None:
            raise Unreadable(gettext("its text cannot be decoded"))
        return text
    if sniffed.kind == "pdf":
        return _pdf_text(data)
    if sniffed.kind == "docx":
        return _docx_text(data)
    try:
        return "\n".join(image_text(sniffed.kind, data))
    except ValueError as exc:
        raise Unreadable(gettext("its text cannot be read (%(error)s)") % {"error": exc}) from None


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def reply_files_read(uploads: Iterable[UploadedFile]) -> list[ReplyFile]:
    """Unsaved ReplyFile rows for the uploads: within the attachment limits and the file-type policy, each with
    its text extracted. ValidationError (field `attachments`) names the file and why it cannot go out.

    Each upload is read once, by `attachments_validate`; an image then loses its metadata (its location, camera
    and author: `redaction.imagestrip`), and its text, hash and stored copy come from those bytes: what is
    scanned is what the customer receives."""
    uploads = [u for u in uploads if u]
    if not uploads:
        return []
    cap = gate_setting("FILE_TEXT_MAX_CHARS")
    rows = []
    for checked in attachments_validate(uploads):
        name = checked.name[:200]
        try:
            if checked.sniffed.kind == "xlsx":
                raise Unreadable(gettext("spreadsheets cannot be checked yet; attach it as CSV or PDF"))
            try:
                checked = replace(checked, data=image_strip(checked.sniffed.kind, checked.data))
            except ValueError as exc:
                raise Unreadable(gettext("its details (such as where a photo was taken) cannot be removed "
                                         "(%(error)s)") % {"error": exc}) from None
            text = file_text(checked.sniffed, checked.data).replace("\x00", "")
        except Unreadable as refused:
            raise ValidationError({"attachments": _("%(name)s cannot go out: %(refused)s.")
                % {"name": name, "refused": refused}}) from None
        if len(text) > cap:
            message = gettext(
                "%(name)s holds %(chars)s characters of text; files on a reply are limited to %(cap)s so that all "
                "of it is checked. Attach a shorter file."
            )
            raise ValidationError({"attachments": message % {
                "name": name, "chars": number_format(len(text), force_grouping=True),
                "cap": number_format(cap, force_grouping=True),
            }})
        rows.append(ReplyFile(filename=name, size=checked.size, content_type=checked.sniffed.content_type,
                              sha256=_hash(checked.data), text=text, file=checked.content()))
    return rows


def files_digest(files: Iterable[ReplyFile], *, hashes: Iterable[str] | None = None) -> str:
    """One digest for a version's files (in id order): each one's name, bytes' hash and extracted text.
    `hashes`: the bytes' hashes as just read from storage, in place of the recorded ones. Empty for none."""
    files = list(files)
    if not files:
        return ""
    hashes = list(hashes) if hashes is not None else [f.sha256 for f in files]
    digest = hashlib.sha256()
    for f, sha in zip(files, hashes, strict=True):
        for field in (f.filename, sha, _hash(f.text.encode("utf-8"))):
            digest.update(f"{len(field)}:{field},".encode())
    return digest.hexdigest()


def stored_hashes(files: Iterable[ReplyFile]) -> list[str]:
    """The SHA-256 of each file's bytes as they are in storage now (a missing file hashes to "missing")."""
    hashes = []
    for f in files:
        try:
            with f.file.open("rb") as handle:
                hashes.append(_hash(handle.read()))
        except (FileNotFoundError, ValueError, OSError):
            hashes.append("missing")
    return hashes


def version_files(version: ReplyVersion) -> list[ReplyFile]:
    """The version's files in id order; no query for a version frozen without files."""
    if not version.files_sha256 and version.status != "draft":
        return []
    return list(version.files.order_by("pk"))


def file_parts(files: Iterable[ReplyFile]) -> list[tuple[str, str]]:
    """The scanner's parts for files: each name, and each text that has any."""
    parts = []
    for f in files:
        parts.append((f"file name: {f.filename}", f.filename))
        if f.text:
            parts.append((f"file: {f.filename}", f.text))
    return parts
