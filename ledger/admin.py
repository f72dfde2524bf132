from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyInline
from ledger.models import Account, Entry, Transaction


class EntryInline(ReadOnlyInline):
    model = Entry
    fields = ("account", "amount", "currency")


@admin.register(Transaction)
class TransactionAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "kind", "description", "currency", "idempotency_key")
    list_filter = ("kind", "currency")
    search_fields = ("idempotency_key", "description")
    inlines = [EntryInline]


@admin.register(Account)
class AccountAdmin(ReadOnlyAdmin):
    list_display = ("key", "name", "kind", "currency", "may_go_negative")
    list_filter = ("kind", "currency")
    search_fields = ("key", "name")
