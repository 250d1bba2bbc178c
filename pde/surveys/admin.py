"""Read-only admin of the surveys: every write goes through the services (versions are
immutable once published; answers come only through the survey channels)."""

from django.contrib import admin

from .models import Form, FormVersion, Respondent, Response


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Form)
class FormAdmin(ReadOnlyAdmin):
    list_display = ("title", "form_id", "kind", "status", "created_at")
    list_filter = ("kind", "status")
    search_fields = ("title", "form_id")


@admin.register(FormVersion)
class FormVersionAdmin(ReadOnlyAdmin):
    list_display = ("form", "number", "version_string", "published_at")
    exclude = ("xlsform",)


@admin.register(Respondent)
class RespondentAdmin(ReadOnlyAdmin):
    list_display = ("name", "form", "kind", "status", "invited_at")
    list_filter = ("kind", "status", "form")
    search_fields = ("name", "entity__inegi_code")
    exclude = ("access_code",)


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    list_display = ("uuid", "form", "version", "channel", "language", "status", "submitted_at")
    list_filter = ("channel", "language", "status", "form")
