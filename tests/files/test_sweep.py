"""Files nothing links to, and bytes no file names, are swept once older than the grace."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from files.models import StoredFile, attachments
from files.services import files_store, files_sweep_orphans
from files.tasks import sweep_orphan_files
from marketplace.services.files import job_files_add
from tests.factories import BuyerFactory, JobFactory, pdf_upload, png_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_storage(settings, tmp_path):
    """A storage of this test's own: what other tests left behind is not swept here."""
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        },
    }


def later(settings):
    return timezone.now() + settings.FILES_ORPHAN_GRACE + timedelta(minutes=1)


def test_files_nothing_links_to_are_removed_with_their_bytes_once_past_the_grace(settings):
    buyer = BuyerFactory()
    [orphan] = files_store(uploads=[png_upload("lost.png")], by=buyer)
    [linked] = job_files_add(job=JobFactory(buyer=buyer), by=buyer, uploads=[pdf_upload()])
    names = [orphan.file.name, orphan.preview.name]

    assert files_sweep_orphans().rows == 0  # too recent: an upload may still be under way
    sweep = files_sweep_orphans(now=later(settings))

    assert sweep.rows == 1
    assert not StoredFile.objects.filter(pk=orphan.pk).exists()
    assert not any(attachments.exists(name) for name in names)
    assert StoredFile.objects.filter(pk=linked.file_id).exists()
    assert attachments.exists(linked.file.file.name)


def test_bytes_no_file_names_are_removed_once_past_the_grace(settings):
    buyer = BuyerFactory()
    [kept] = job_files_add(job=JobFactory(buyer=buyer), by=buyer, uploads=[png_upload("kept.png")])
    stray = attachments.save("2026/11/left-by-a-rolled-back-upload", ContentFile(b"%PDF-1.4"))

    assert files_sweep_orphans().blobs == 0
    sweep = files_sweep_orphans(now=later(settings))

    assert sweep.blobs == 1
    assert not attachments.exists(stray)
    assert attachments.exists(kept.file.file.name)
    assert attachments.exists(kept.file.preview.name)


def test_the_daily_task_reports_what_it_swept():
    assert sweep_orphan_files() == {"rows": 0, "blobs": 0}
