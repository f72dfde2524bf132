"""Answers that hand a stored file to the person who asked. The app the file is attached to
checks who may have it first; these only shape the response."""

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from files.models import StoredFile


def _private(response: FileResponse) -> FileResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=0, no-store"
    return response


def download_response(stored_file: StoredFile) -> FileResponse:
    """The file as a download (never shown inline), with the type its content showed."""
    return _private(
        FileResponse(
            stored_file.file.open("rb"),
            as_attachment=True,
            filename=stored_file.name,
            content_type=stored_file.content_type,
        )
    )


def preview_response(stored_file: StoredFile) -> FileResponse:
    """The small JPEG made from an image when it was uploaded, to show inline."""
    if not stored_file.has_preview:
        raise Http404(_("This file has no preview."))
    return _private(FileResponse(stored_file.preview.open("rb"), content_type="image/jpeg"))
