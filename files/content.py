"""What an uploaded file really is, judged from its content against an allow-list, and the
name it is kept under. Pure: bytes and strings in, plain values out."""

import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

import filetype
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    content_type: str
    extension: str
    is_image: bool = False


# Every type Fairbid keeps, by the content type the content shows. Nothing that a browser
# would run (HTML, SVG, scripts) is here: a stored file is only ever downloaded.
ALLOWED = {
    kind.content_type: kind
    for kind in [
        Kind("application/pdf", "pdf"),
        Kind("image/png", "png", is_image=True),
        Kind("image/jpeg", "jpg", is_image=True),
        Kind("image/gif", "gif", is_image=True),
        Kind("image/webp", "webp", is_image=True),
        Kind("text/plain", "txt"),
        Kind("text/csv", "csv"),
        Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
        Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
        Kind("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
        Kind("application/vnd.oasis.opendocument.text", "odt"),
        Kind("application/vnd.oasis.opendocument.spreadsheet", "ods"),
        Kind("application/vnd.oasis.opendocument.presentation", "odp"),
        Kind("application/msword", "doc"),
        Kind("application/vnd.ms-excel", "xls"),
        Kind("application/vnd.ms-powerpoint", "ppt"),
        Kind("application/zip", "zip"),
    ]
}
ACCEPTED = _("PDF, images (PNG, JPEG, GIF, WebP), plain text, CSV, office documents or ZIP")

# How much of a file is read to tell its type: filetype needs the first 8 KB (office
# documents are ZIP archives whose first entries name what they are).
HEAD_BYTES = 8192
_TEXT_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _looks_like_text(head: bytes) -> bool:
    """UTF-8 text without control characters (a multi-byte character cut at the end of the
    sample is fine)."""
    if not head or _TEXT_CONTROL.search(head):
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start >= len(head) - 3 and error.reason == "unexpected end of data"
    return True


def detect(head: bytes, *, name: str = "") -> Kind | None:
    """The allowed kind the content's first bytes show, or None. The name only tells CSV from
    plain text, which look alike."""
    guess = filetype.guess(head)
    if guess is not None:
        return ALLOWED.get(guess.mime)
    if _looks_like_text(head):
        return ALLOWED["text/csv" if name.lower().endswith(".csv") else "text/plain"]
    return None


_UNSAFE = re.compile(r"[^\w.\- ()]+")


def clean_name(uploaded: str, kind: Kind, *, max_length: int = 100) -> str:
    """A name safe to show and to offer in a download: no folders, no control or special
    characters, and the extension of what the content is, whatever the upload said."""
    base = PureWindowsPath(PurePosixPath(uploaded or "").name).name
    base = unicodedata.normalize("NFKC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = _UNSAFE.sub("_", stem).strip(" ._-") or "file"
    suffix = f".{kind.extension}"
    return stem[: max_length - len(suffix)].rstrip(" ._-") + suffix
