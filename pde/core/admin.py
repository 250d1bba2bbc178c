"""Admin of the core. Every save and delete goes through the audited services."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import AuditEntry, NonBusinessPeriod, PublicEntity, User


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        services.save_audited(obj, by=request.user)

    def delete_model(self, request, obj):
        services.delete_audited(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.delete_audited(obj, by=request.user)


@admin.register(PublicEntity)
class PublicEntityAdmin(AuditedAdmin):
    list_display = ("name", "acronym", "kind", "order_of_government", "inegi_code", "active")
    list_filter = ("kind", "order_of_government", "branch", "active")
    search_fields = ("name", "acronym", "inegi_code", "search_text")
    autocomplete_fields = ("parent",)
    list_per_page = 50


@admin.register(NonBusinessPeriod)
class NonBusinessPeriodAdmin(AuditedAdmin):
    list_display = ("start_date", "end_date", "declared_by", "description", "legal_basis")
    list_filter = ("declared_by",)
    search_fields = ("description", "legal_basis")
    date_hierarchy = "start_date"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("Adscripción y ámbito"), {"fields": ("entity", "scope_entities")}),
    )
    list_display = ("username", "first_name", "last_name", "entity", "is_active", "is_staff")
    list_filter = ("groups", "is_active", "is_staff")
    autocomplete_fields = ("entity", "scope_entities")

    def save_model(self, request, obj, form, change):
        services.save_audited(obj, by=request.user)

    def save_related(self, request, form, formsets, change):
        user = form.instance
        before = {
            "roles": sorted(user.groups.values_list("name", flat=True)) if change else [],
            "scope": sorted(user.scope_entities.values_list("pk", flat=True)) if change else [],
        }
        super().save_related(request, form, formsets, change)
        after = {
            "roles": sorted(user.groups.values_list("name", flat=True)),
            "scope": sorted(user.scope_entities.values_list("pk", flat=True)),
        }
        if before != after:
            services.record_event(
                "user.roles_changed",
                user,
                actor=request.user,
                changes={"before": before, "after": after},
            )

    def delete_model(self, request, obj):
        services.delete_audited(obj, by=request.user)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only."""

    list_display = (
        "sequence",
        "created_at",
        "actor_username",
        "action",
        "object_repr",
        "ip_address",
    )
    list_filter = ("action",)
    search_fields = ("actor_username", "object_repr", "object_id")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
