from django.contrib import admin

from core.admin import ReadOnlyAdmin
from files.models import StoredFile


@admin.register(StoredFile)
class StoredFileAdmin(ReadOnlyAdmin):
    list_display = ["name", "content_type", "size", "uploaded_by", "created_at"]
    list_filter = ["content_type"]
    search_fields = ["name", "uploaded_by__email"]
    list_select_related = ["uploaded_by"]
    exclude = ["file", "preview"]
