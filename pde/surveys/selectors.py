"""Reads of the surveys: forms, versions, responses, respondents, results."""

from django.db.models import Count, Q, QuerySet

from .models import Form, FormVersion, Respondent, Response


def forms_with_counts() -> QuerySet[Form]:
    return Form.objects.annotate(
        submitted=Count("responses", filter=Q(responses__status=Response.Status.SUBMITTED)),
        version_count=Count("versions", distinct=True),
    ).order_by("-created_at")


def media_names(form: Form) -> frozenset[str]:
    return frozenset(form.media.values_list("filename", flat=True))


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


def filter_responses(
    form: Form,
    *,
    language: str = "",
    channel: str = "",
    municipality: str = "",
    date_from=None,
    date_to=None,
    version: int | None = None,
) -> QuerySet[Response]:
    items = submitted_responses(form)
    if language:
        items = items.filter(language=language)
    if channel:
        items = items.filter(channel=channel)
    if municipality:
        items = items.filter(municipality__inegi_code=municipality)
    if date_from:
        items = items.filter(submitted_at__date__gte=date_from)
    if date_to:
        items = items.filter(submitted_at__date__lte=date_to)
    if version:
        items = items.filter(version__number=version)
    return items.order_by("submitted_at", "pk")


def live_figures(form: Form | None = None) -> dict:
    """Figures for the work plan and the quarterly report: responses by language and by
    channel, and the response rate of the diagnostic questionnaires."""
    responses = Response.objects.filter(status=Response.Status.SUBMITTED)
    forms = Form.objects.all()
    if form is not None:
        responses = responses.filter(form=form)
        forms = forms.filter(pk=form.pk)
    by_language = dict(
        responses.values_list("language").annotate(n=Count("id")).order_by("language")
    )
    by_channel = dict(responses.values_list("channel").annotate(n=Count("id")).order_by("channel"))
    rates = []
    for diagnostic in forms.filter(kind=Form.Kind.DIAGNOSTIC).order_by("title"):
        for row in response_rates(diagnostic):
            rates.append({"form": diagnostic.title, "form_id": diagnostic.form_id, **row})
    return {
        "total": responses.count(),
        "by_language": {code: by_language.get(code, 0) for code in ("es", "tzh", "tzo")},
        "by_channel": {code: by_channel.get(code, 0) for code, _label in Response.Channel.choices},
        "response_rates": rates,
    }
