from django.contrib import admin

from .models import Agreement, Body, Convenio, Member, Session


class MemberInline(admin.TabularInline):
    model = Member
    extra = 0


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ("name", "acronym", "number_suffix", "quorum_rule", "active")
    search_fields = ("name", "acronym")
    inlines = [MemberInline]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "date", "status")
    list_filter = ("body", "kind", "status", "year")
    readonly_fields = ("year", "number", "signed_minutes_sha256")


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ("number", "body", "status", "due_date", "published")
    list_filter = ("body", "status", "published", "year")
    search_fields = ("number", "text")
    readonly_fields = ("number", "year", "sequence")


@admin.register(Convenio)
class ConvenioAdmin(admin.ModelAdmin):
    list_display = ("title", "counterpart", "systems", "status", "signed_date")
    list_filter = ("status",)
    search_fields = ("title", "counterpart__name")
    readonly_fields = ("document_sha256",)
