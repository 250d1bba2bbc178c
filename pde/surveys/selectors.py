"""Reads of the surveys: forms, versions, responses, respondents, results."""

from django.db.models import Count, Q, QuerySet

from .models import Form, FormVersion, Respondent, Response


def forms_with_counts() -> QuerySet[Form]:
    return Form.objects.annotate(
        submitted=Count("responses", filter=Q(responses__status=Response.Status.SUBMITTED)),
        version_count=Count("versions", distinct=True),
    ).order_by("-created_at")


def open_public_forms() -> QuerySet[Form]:
    return (
        Form.objects.filter(
            kind=Form.Kind.PUBLIC, status=Form.Status.OPEN, versions__published_at__isnull=False
        )
        .distinct()
        .order_by("title")
    )


def versions_with_counts(form: Form) -> QuerySet[FormVersion]:
    return form.versions.annotate(
        submitted=Count("responses", filter=Q(responses__status=Response.Status.SUBMITTED))
    ).order_by("-number")


def submitted_responses(form: Form) -> QuerySet[Response]:
    return form.responses.filter(status=Response.Status.SUBMITTED).select_related(
        "version", "municipality", "respondent"
    )


def respondents(form: Form) -> QuerySet[Respondent]:
    return form.respondents.select_related("entity").order_by("entity__inegi_code", "kind")
