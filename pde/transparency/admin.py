"""Admin for the reference tables of the unit. Requests are handled in the unit's own
pages (never here: their requester data must not reach an audit summary)."""

from django.contrib import admin

from pde.core.services import delete_audited, save_audited

from .models import (
    Area,
    ImpactAssessment,
    ObligationFraction,
    PrivacyNotice,
    PrivacyNoticeVersion,
    RuleSet,
)


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        save_audited(obj, by=request.user)

    def delete_model(self, request, obj):
        delete_audited(obj, by=request.user)


@admin.register(Area)
class AreaAdmin(AuditedAdmin):
    list_display = ["name", "acronym", "liaison", "active"]


@admin.register(RuleSet)
class RuleSetAdmin(AuditedAdmin):
    list_display = ["name", "effective_from", "answer_days", "extension_days", "appeal_days"]

    def has_change_permission(self, request, obj=None):
        # Rules already applied to requests are frozen: add a new rule set instead.
        if obj is not None and obj.requests.exists():
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.requests.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(ObligationFraction)
class ObligationFractionAdmin(AuditedAdmin):
    list_display = ["fraction", "title", "applicable", "responsible_area", "update_period"]
    list_filter = ["applicable", "update_period"]


class PrivacyNoticeVersionInline(admin.TabularInline):
    model = PrivacyNoticeVersion
    extra = 0


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(AuditedAdmin):
    list_display = ["title", "system_or_activity", "area"]
    inlines = [PrivacyNoticeVersionInline]


@admin.register(ImpactAssessment)
class ImpactAssessmentAdmin(AuditedAdmin):
    list_display = ["title", "status", "submitted_on", "opinion_on"]
    list_filter = ["status"]
