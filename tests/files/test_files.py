import io
import zipfile

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from moto import mock_aws
from storages.backends.s3 import S3Storage

from core.exceptions import ApplicationError
from files import content
from files.models import StoredFile
from files.responses import download_response, preview_response
from files.services import files_store
from tests.factories import PDF_BYTES, BuyerFactory, pdf_upload, png_upload, text_upload

pytestmark = pytest.mark.django_db


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def office(kind: str) -> bytes:
    """A minimal OOXML document of kind "word", "xl" or "ppt"."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{kind}/document.xml", "<document/>")
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("transcripts/interview-01.txt", "Hello")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "content_type", "kept_as"),
    [
        ("brief.pdf", PDF_BYTES, "application/pdf", "brief.pdf"),
        ("notes.txt", b"Plain notes\n", "text/plain", "notes.txt"),
        ("hours.csv", b"name,hours\nGrace,12\n", "text/csv", "hours.csv"),
        (
            "report.docx",
            office("word"),
            content.ALLOWED[
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            ].content_type,
            "report.docx",
        ),
        (
            "sheet.xlsx",
            office("xl"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "sheet.xlsx",
        ),
        ("batch.zip", plain_zip(), "application/zip", "batch.zip"),
        # The content decides, whatever the name says.
        ("scan.doc", PDF_BYTES, "application/pdf", "scan.pdf"),
        ("invoice", PDF_BYTES, "application/pdf", "invoice.pdf"),
    ],
)
def test_allowed_types_are_kept_under_the_extension_of_their_content(
    name, data, content_type, kept_as
):
    [stored] = files_store(uploads=[upload(name, data)], by=BuyerFactory())

    assert stored.content_type == content_type
    assert stored.name == kept_as
    assert stored.size == len(data)
    assert stored.file.read() == data


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 100),
        ("page.html", b"\x00<html><script>alert(1)</script></html>"),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'.replace(
                b"<svg", b"\x01<svg"
            ),
        ),
        ("song.mp3", b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\x00" * 100),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),  # a PNG header on nothing
    ],
)
def test_types_outside_the_allow_list_are_refused_with_the_reason(name, data):
    with pytest.raises(ApplicationError) as refusal:
        files_store(uploads=[upload(name, data)], by=BuyerFactory())

    assert name in refusal.value.message
    assert StoredFile.objects.count() == 0


def test_a_file_over_the_limit_is_refused_before_it_is_read(settings):
    settings.FILES_MAX_BYTES = 1000
    big = upload("big.pdf", PDF_BYTES + b"0" * 1000)
    big.file = None  # reading it would fail: the declared size is enough to refuse

    with pytest.raises(ApplicationError, match="each file may be at most"):
        files_store(uploads=[big], by=BuyerFactory())


def test_files_over_the_limit_together_are_refused(settings):
    settings.FILES_MAX_BYTES_TOGETHER = 300
    files = [upload(f"part{n}.pdf", PDF_BYTES + b" " * 100) for n in range(2)]

    with pytest.raises(ApplicationError, match="together"):
        files_store(uploads=files, by=BuyerFactory())


def test_too_many_files_at_once_are_refused(settings):
    settings.FILES_MAX_COUNT = 2

    with pytest.raises(ApplicationError, match="at most 2 files"):
        files_store(uploads=[text_upload(f"n{n}.txt") for n in range(3)], by=BuyerFactory())


def test_an_empty_file_is_refused():
    with pytest.raises(ApplicationError, match="empty"):
        files_store(uploads=[upload("empty.txt", b"")], by=BuyerFactory())


def test_an_image_with_too_many_pixels_is_refused(settings):
    settings.FILES_MAX_IMAGE_PIXELS = 100

    with pytest.raises(ApplicationError, match="too many pixels"):
        files_store(uploads=[png_upload(size=(20, 20))], by=BuyerFactory())


@pytest.mark.parametrize(
    ("uploaded", "kept"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\grace\\Desktop\\brief.pdf", "brief.pdf"),
        ('"><img src=x onerror=alert(1)>.pdf', "img src_x onerror_alert(1).pdf"),
        ("report\u202egpj.pdf", "reportgpj.pdf"),
        ("line\nbreak.pdf", "linebreak.pdf"),
        ("Überweisung März.pdf", "Überweisung März.pdf"),
        (".pdf", "file.pdf"),
        ("x" * 300 + ".pdf", "x" * 96 + ".pdf"),
    ],
)
def test_names_are_cleaned(uploaded, kept):
    assert content.clean_name(uploaded, content.ALLOWED["application/pdf"]) == kept


def test_images_get_a_small_preview_and_other_files_none():
    image, pdf = files_store(
        uploads=[png_upload(size=(1200, 900)), pdf_upload()], by=BuyerFactory()
    )

    from PIL import Image

    with Image.open(image.preview) as preview:
        assert preview.format == "JPEG"
        assert max(preview.size) <= 320
    assert not pdf.has_preview


def test_a_download_is_an_attachment_with_the_contents_type_and_nosniff():
    [stored] = files_store(uploads=[upload("scan.html", PDF_BYTES)], by=BuyerFactory())

    response = download_response(stored)

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="scan.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_a_preview_is_a_jpeg_and_a_file_without_one_has_none():
    from django.http import Http404

    image, pdf = files_store(uploads=[png_upload(), pdf_upload()], by=BuyerFactory())

    response = preview_response(image)
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    with pytest.raises(Http404):
        preview_response(pdf)


def test_stored_paths_are_not_the_uploaded_names(settings):
    [stored] = files_store(uploads=[pdf_upload("secret-plans.pdf")], by=BuyerFactory())

    assert "secret" not in stored.file.name
    assert stored.file.path.startswith(str(settings.STORAGES["attachments"]["OPTIONS"]["location"]))


def test_the_attachments_storage_swaps_for_s3_through_storages(settings):
    """Production may keep attachments in S3-compatible object storage: only STORAGES changes
    (django-storages' S3Storage, here against moto's in-process S3)."""
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="fairbid-attachments")
        original = settings.STORAGES
        settings.STORAGES = {
            **settings.STORAGES,
            "attachments": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": "fairbid-attachments",
                    "region_name": "us-east-1",
                    "access_key": "test",
                    "secret_key": "test",
                    "default_acl": "private",
                    "querystring_auth": True,
                    "file_overwrite": False,
                },
            },
        }
        try:
            [stored] = files_store(uploads=[pdf_upload()], by=BuyerFactory())
            stored = StoredFile.objects.get(pk=stored.pk)
            response = download_response(stored)

            assert isinstance(stored.file.storage, S3Storage)
            keys = boto3.client("s3", region_name="us-east-1").list_objects_v2(
                Bucket="fairbid-attachments"
            )["Contents"]
            assert [key["Key"] for key in keys] == [stored.file.name]
            assert b"".join(response.streaming_content) == PDF_BYTES
        finally:
            settings.STORAGES = original
