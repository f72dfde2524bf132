from django.contrib import admin


class ReadOnlyAdminMixin:
    """Staff may look but never write here: these rows change only through their services,
    which check the rules, write history and tell the people concerned. What staff may do
    to them is an admin action that calls a service."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
