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


def response_rates(form: Form) -> list[dict]:
    """Per respondent type: how many were invited, started, submitted; the rate."""
    rows = []
    labels = dict(Respondent.Kind.choices)
    counts = form.respondents.values("kind", "status").annotate(n=Count("id")).order_by("kind")
    table: dict[str, dict[str, int]] = {}
    for item in counts:
        table.setdefault(item["kind"], {})[item["status"]] = item["n"]
    for kind, by_status in table.items():
        total = sum(by_status.values())
        submitted = by_status.get(Respondent.Status.SUBMITTED, 0)
        rows.append(
            {
                "kind": kind,
                "label": str(labels.get(kind, kind)),
                "total": total,
                "pending": by_status.get(Respondent.Status.PENDING, 0),
                "invited": by_status.get(Respondent.Status.INVITED, 0),
                "started": by_status.get(Respondent.Status.STARTED, 0),
                "submitted": submitted,
                "rate": round(100 * submitted / total, 1) if total else 0.0,
            }
        )
    return rows


def filter_respondents(form: Form, *, kind: str = "", status: str = "", q: str = ""):
    items = respondents(form)
    if kind:
        items = items.filter(kind=kind)
    if status:
        items = items.filter(status=status)
    if q:
        items = items.filter(Q(name__icontains=q) | Q(entity__inegi_code=q))
    return items
