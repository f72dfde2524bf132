import secrets

from django.conf import settings
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.db import models
from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _


class AttachmentsStorage(LazyObject):
    """The "attachments" storage of settings.STORAGES: private files, never served by URL
    (the file system under var/ by default, S3-compatible object storage in production),
    looked up when first used and again whenever STORAGES changes."""

    def _setup(self):
        self._wrapped = storages["attachments"]


attachments = AttachmentsStorage()


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        attachments._wrapped = empty


def attachments_storage():
    return attachments


def stored_path(stored_file, filename: str) -> str:
    # Never the uploaded name: paths are not guessable and tell nothing about the content.
    return f"{stored_file.created_at:%Y/%m}/{secrets.token_urlsafe(24)}"


class StoredFile(models.Model):
    """A file someone uploaded, checked by content, kept privately.

    Who may download it is decided by the app it is attached to (a job's brief, a bid, a
    message...), through a link model in that app and that app's selectors.
    """

    file = models.FileField(storage=attachments_storage, upload_to=stored_path, max_length=200)
    name = models.CharField(_("name"), max_length=100)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    # A small JPEG of an image, shown only when someone asks for it.
    preview = models.FileField(
        storage=attachments_storage, upload_to=stored_path, max_length=200, blank=True
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("stored file")
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="stored_file_not_empty"),
        ]

    def __str__(self):
        return self.name

    @property
    def has_preview(self) -> bool:
        return bool(self.preview)
