"""Every write of stored files: checking an upload and keeping it privately."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image, UnidentifiedImageError

from accounts.models import User
from core.exceptions import ApplicationError
from files import content
from files.models import StoredFile, attachments

PREVIEW_SIZE = (320, 320)


def _refuse(message: str, field: str):
    return ApplicationError(message, fields={field: message})


def files_check_sizes(*, uploads: Sequence, field: str = "files") -> None:
    """Refuse, before anything is read, files over the limit per file or together over the
    limit per message (settings FILES_MAX_BYTES, FILES_MAX_BYTES_TOGETHER, FILES_MAX_COUNT)."""
    if len(uploads) > settings.FILES_MAX_COUNT:
        raise _refuse(
            ngettext(
                "Attach at most %(count)d file at a time.",
                "Attach at most %(count)d files at a time.",
                settings.FILES_MAX_COUNT,
            )
            % {"count": settings.FILES_MAX_COUNT},
            field,
        )
    for upload in uploads:
        if upload.size > settings.FILES_MAX_BYTES:
            raise _refuse(
                _("%(name)s is %(size)s; each file may be at most %(limit)s.")
                % {
                    "name": upload.name,
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.FILES_MAX_BYTES),
                },
                field,
            )
        if upload.size == 0:
            raise _refuse(_("%(name)s is empty.") % {"name": upload.name}, field)
    total = sum(upload.size for upload in uploads)
    if total > settings.FILES_MAX_BYTES_TOGETHER:
        raise _refuse(
            _("These files come to %(size)s together; the limit is %(limit)s.")
            % {
                "size": filesizeformat(total),
                "limit": filesizeformat(settings.FILES_MAX_BYTES_TOGETHER),
            },
            field,
        )


def _kind_of(upload, field: str) -> content.Kind:
    upload.seek(0)
    kind = content.detect(upload.read(content.HEAD_BYTES), name=upload.name or "")
    upload.seek(0)
    if kind is None:
        raise _refuse(
            _("%(name)s is not a file Fairbid accepts (%(accepted)s), whatever its name says.")
            % {"name": upload.name, "accepted": content.ACCEPTED},
            field,
        )
    return kind


def _preview_of(upload, field: str) -> bytes:
    """A small JPEG of an image; refuses what Pillow cannot read or what is too large to
    decode safely."""
    try:
        with Image.open(upload) as image:
            if image.width * image.height > settings.FILES_MAX_IMAGE_PIXELS:
                raise _refuse(
                    _("%(name)s has too many pixels to be shown.") % {"name": upload.name}, field
                )
            image.thumbnail(PREVIEW_SIZE)
            buffer = BytesIO()
            image.convert("RGB").save(buffer, "JPEG", quality=70, optimize=True)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise _refuse(
            _("%(name)s is not an image that can be read.") % {"name": upload.name}, field
        ) from error
    finally:
        upload.seek(0)
    return buffer.getvalue()


@transaction.atomic
def files_store(*, uploads: Sequence, by: User, field: str = "files") -> list[StoredFile]:
    """Check each upload (sizes, then type from the content) and keep them privately.

    Nothing is kept unless every file passes. The caller links the files to what they belong
    to, in the same transaction. (Django runs no hook on rollback: bytes written by a
    transaction that is then rolled back stay in the storage, unreferenced.)
    """
    files_check_sizes(uploads=uploads, field=field)
    checked = []
    for upload in uploads:
        kind = _kind_of(upload, field)
        preview = _preview_of(upload, field) if kind.is_image else None
        checked.append((upload, kind, preview))
    stored = []
    for upload, kind, preview in checked:
        stored_file = StoredFile(
            name=content.clean_name(upload.name, kind),
            content_type=kind.content_type,
            size=upload.size,
            uploaded_by=by,
        )
        stored_file.file.save("file", upload, save=False)
        if preview is not None:
            stored_file.preview.save("preview", ContentFile(preview), save=False)
        stored_file.save()
        stored.append(stored_file)
    return stored


def _delete_blobs(names: Sequence[str]) -> None:
    for name in names:
        if name:
            attachments.delete(name)


def files_delete(*, stored_files: Sequence[StoredFile]) -> None:
    """Forget these files (the caller has removed what linked them, in this transaction); their
    bytes leave the storage once the transaction commits, so a rollback keeps them whole."""
    names = [name for stored in stored_files for name in (stored.file.name, stored.preview.name)]
    StoredFile.objects.filter(pk__in=[stored.pk for stored in stored_files]).delete()
    transaction.on_commit(lambda: _delete_blobs(names))


def _unlinked(files):
    """Those of the files that nothing links to. The links are the models of other apps (a
    brief, a bid, a message...) pointing here, found through the relations Django knows, so
    this app never names a higher one."""
    for relation in StoredFile._meta.get_fields(include_hidden=True):
        if relation.auto_created and not relation.concrete:
            column = relation.field.attname
            files = files.exclude(
                pk__in=relation.related_model._base_manager.filter(
                    **{f"{column}__isnull": False}
                ).values(column)
            )
    return files


def _stored_names(directory: str = ""):
    folders, names = attachments.listdir(directory)
    for name in names:
        yield f"{directory}/{name}" if directory else name
    for folder in folders:
        yield from _stored_names(f"{directory}/{folder}" if directory else folder)


@dataclass(frozen=True)
class Sweep:
    rows: int
    blobs: int


def files_sweep_orphans(*, now: datetime | None = None) -> Sweep:
    """Remove what an interrupted upload or a removal left behind, once older than
    FILES_ORPHAN_GRACE (so that no upload still in its transaction is touched): StoredFile rows
    that nothing links to, and stored bytes that no row names (written by a transaction that
    was rolled back)."""
    cutoff = (now or timezone.now()) - settings.FILES_ORPHAN_GRACE
    with transaction.atomic():
        unlinked = list(_unlinked(StoredFile.objects.filter(created_at__lt=cutoff)))
        files_delete(stored_files=unlinked)
    known = set(StoredFile.objects.values_list("file", flat=True))
    known |= set(StoredFile.objects.exclude(preview="").values_list("preview", flat=True))
    stray = [
        name
        for name in _stored_names()
        if name not in known and attachments.get_modified_time(name) < cutoff
    ]
    _delete_blobs(stray)
    return Sweep(rows=len(unlinked), blobs=len(stray))
