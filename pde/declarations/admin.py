"""Admin: read-only views of declarations and the receipt log (writes go through the
services, which enforce immutability and audit every change); the padrón is editable."""

from django.contrib import admin

from .models import Declaration, FiscalProof, ObligatedServant, ReceiptEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ObligatedServant)
class ObligatedServantAdmin(admin.ModelAdmin):
    list_display = ("__str__", "entity", "position", "complete_format", "start_date", "end_date")
    list_filter = ("complete_format", "entity__order_of_government")
    search_fields = ("name_normalized", "position")
    raw_id_fields = ("entity", "user")


@admin.register(Declaration)
class DeclarationAdmin(ReadOnlyAdmin):
    list_display = ("folio", "tipo", "status", "entity", "source", "submitted_at")
    list_filter = ("status", "tipo", "source", "complete_format")
    search_fields = ("folio",)
    exclude = ("document",)


@admin.register(ReceiptEntry)
class ReceiptEntryAdmin(ReadOnlyAdmin):
    list_display = ("sequence", "folio", "tipo", "created_at", "entry_hash")
    search_fields = ("folio",)


@admin.register(FiscalProof)
class FiscalProofAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "declaration", "sha256", "uploaded_at")
