"""Serving a stored file back: always a download, never a page the browser renders or sniffs.

Customers' attachments and the files on staff replies are uploaded by people, so an HTML or SVG file must not
run as a page of this site: the download disposition, `nosniff`, and a sandbox policy in case a browser
ignores the disposition. Nothing is cached outside the browser.
"""
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


def file_download(file: FieldFile, *, filename: str, content_type: str) -> FileResponse:
    """The stored `file` as a download named `filename`; 404 when storage no longer has it."""
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404("File missing") from None
    response = FileResponse(handle, as_attachment=True, filename=filename,
                            content_type=content_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
