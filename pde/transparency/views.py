"""HTML views of the Unidad de Transparencia. Thin: parse, call a service or selector,
render. Service errors come back as form errors naming the field."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pde.core.views import paginate, querystring_without_page

from . import forms, reports, selectors, services
from .models import (
    AccessRequest,
    Appeal,
    CommitteeSession,
    ImpactAssessment,
    ObligationFraction,
    PrivacyNotice,
    ReservedIndexEdition,
)

VIEW = "transparency.view_accessrequest"
CHANGE = "transparency.change_accessrequest"


def _apply(form, call):
    """Run a service; its ValidationError becomes the form's errors. None on failure."""
    try:
        return call()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None


def _current_quarter() -> tuple[int, int]:
    return selectors.quarter_of(timezone.localdate())


@login_required
@permission_required(VIEW, raise_exception=True)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    year, quarter = _current_quarter()
    context = {
        **selectors.alerts(),
        "late_answers": selectors.late_answers()[:10],
        "figures": selectors.quarter_figures(year, quarter),
    }
    return render(request, "transparency/dashboard.html", context)


@login_required
@permission_required(VIEW, raise_exception=True)
@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    form = forms.RequestFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = paginate(request, selectors.search_requests(**{k: v for k, v in filters.items() if v}))
    return render(
        request,
        "transparency/request_list.html",
        {"form": form, "page": page, "querystring": querystring_without_page(request)},
    )


@login_required
@permission_required("transparency.add_accessrequest", raise_exception=True)
def request_create(request: HttpRequest) -> HttpResponse:
    form = forms.RequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        created = _apply(form, lambda: services.register_request(by=request.user, **fields))
        if created:
            messages.success(request, _("Se registró la solicitud %s.") % created.folio)
            return redirect("transparency:request_detail", pk=created.pk)
    return render(
        request,
        "transparency/form.html",
        {"form": form, "title": _("Registrar solicitud"), "submit_label": _("Registrar")},
        status=400 if form.errors else 200,
    )


def _action_forms(obj: AccessRequest, bound=None) -> dict:
    action_forms = {
        "assign": forms.AssignForm(prefix="assign"),
        "area_answer": forms.AreaAnswerForm(prefix="area_answer", request_obj=obj),
        "clarification": forms.DateForm(prefix="clarification"),
        "clarified": forms.DateForm(prefix="clarified"),
        "extension": forms.ExtensionForm(prefix="extension", request_obj=obj),
        "answer": forms.AnswerForm(prefix="answer"),
        "incompetence": forms.RedirectForm(prefix="incompetence"),
        "redirect": forms.RedirectForm(prefix="redirect"),
        "not_a_request": forms.NotARequestForm(prefix="not_a_request"),
        "document": forms.DocumentForm(prefix="document"),
        "appeal": forms.AppealForm(prefix="appeal"),
    }
    if bound:
        action_forms[bound[0]] = bound[1]
    return action_forms


def _detail_context(obj: AccessRequest, bound=None) -> dict:
    return {
        "obj": obj,
        "deadlines": selectors.request_deadlines(obj),
        "assignments": obj.assignments.select_related("area"),
        "steps": obj.steps.select_related("actor"),
        "documents": obj.documents.all(),
        "resolutions": obj.resolutions.select_related("session"),
        "appeals": obj.appeals.all(),
        "action_forms": _action_forms(obj, bound),
        "open_action": bound[0] if bound else "",
    }


@login_required
@permission_required(VIEW, raise_exception=True)
@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        obj = selectors.request_detail(pk)
    except AccessRequest.DoesNotExist as missing:
        raise Http404 from missing
    return render(request, "transparency/request_detail.html", _detail_context(obj))


def _run_action(action: str, form, obj: AccessRequest, user, files=None):
    data = form.cleaned_data
    if action == "assign":
        return services.assign_area(
            obj, data["area"], assigned_on=data["assigned_on"], due_on=data["due_on"], by=user
        )
    if action == "area_answer":
        return services.record_area_answer(
            data["assignment"], answered_on=data["answered_on"], answer=data["answer"], by=user
        )
    if action == "clarification":
        return services.request_clarification(obj, requested_on=data["on"], by=user)
    if action == "clarified":
        return services.record_clarification_answer(obj, answered_on=data["on"], by=user)
    if action == "extension":
        return services.grant_extension(
            obj, notified_on=data["notified_on"], resolution=data["resolution"], by=user
        )
    if action == "answer":
        return services.answer_request(
            obj,
            answered_on=data["answered_on"],
            response_type=data["response_type"],
            summary=data["summary"],
            by=user,
        )
    if action == "incompetence":
        return services.declare_incompetence(
            obj, notified_on=data["on"], redirected_to=data["redirected_to"], by=user
        )
    if action == "redirect":
        return services.redirect_request(
            obj, redirected_on=data["on"], redirected_to=data["redirected_to"], by=user
        )
    if action == "not_a_request":
        return services.mark_not_a_request(
            obj, closed_on=data["on"], reason=data["reason"], by=user
        )
    if action == "document":
        return services.add_response_document(
            obj,
            title=data["title"],
            uploaded_file=data["file"],
            public_version=data["public_version"],
            by=user,
        )
    if action == "appeal":
        return services.file_appeal(obj, folio=data["folio"], filed_on=data["filed_on"], by=user)
    raise Http404


@login_required
@permission_required(CHANGE, raise_exception=True)
@require_POST
def request_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    obj = get_object_or_404(AccessRequest.objects.select_related("rule_set"), pk=pk)
    blank = _action_forms(obj)
    if action not in blank:
        raise Http404
    form_class = type(blank[action])
    kwargs = {"request_obj": obj} if action in ("extension", "area_answer") else {}
    form = form_class(request.POST, request.FILES, prefix=action, **kwargs)
    if form.is_valid() and _apply(form, lambda: _run_action(action, form, obj, request.user)):
        messages.success(request, _("Se registró el paso en la solicitud %s.") % obj.folio)
        return redirect("transparency:request_detail", pk=obj.pk)
    obj.refresh_from_db()
    return render(
        request,
        "transparency/request_detail.html",
        _detail_context(obj, (action, form)),
        status=400,
    )


@login_required
@permission_required("transparency.change_appeal", raise_exception=True)
def appeal_update(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = get_object_or_404(Appeal.objects.select_related("request"), pk=pk)
    form = forms.AppealUpdateForm(
        request.POST if request.method == "POST" else None, instance=Appeal.objects.get(pk=pk)
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        if _apply(form, lambda: services.update_appeal(appeal, by=request.user, **fields)):
            messages.success(request, _("Se actualizó el recurso %s.") % appeal.folio)
            return redirect("transparency:request_detail", pk=appeal.request_id)
    return render(
        request,
        "transparency/form.html",
        {"form": form, "title": _("Recurso de revisión %s") % appeal.folio},
        status=400 if form.errors else 200,
    )


# --- Comité de Transparencia -------------------------------------------------------------


@login_required
@permission_required("transparency.view_committeesession", raise_exception=True)
@require_GET
def session_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, CommitteeSession.objects.prefetch_related("resolutions"))
    return render(request, "transparency/session_list.html", {"page": page})


@login_required
@permission_required("transparency.add_committeesession", raise_exception=True)
def session_create(request: HttpRequest) -> HttpResponse:
    form = forms.SessionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        session = _apply(
            form, lambda: services.save_session(form.save(commit=False), by=request.user)
        )
        if session:
            messages.success(request, _("Se registró la sesión %s.") % session)
            return redirect("transparency:session_detail", pk=session.pk)
    return render(
        request,
        "transparency/form.html",
        {"form": form, "title": _("Registrar sesión del Comité")},
        status=400 if form.errors else 200,
    )


@login_required
@permission_required("transparency.view_committeesession", raise_exception=True)
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(CommitteeSession, pk=pk)
    form = forms.ResolutionForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if not request.user.has_perm("transparency.add_committeeresolution"):
            raise PermissionDenied
        if form.is_valid():
            resolution = form.save(commit=False)
            resolution.session = session
            saved = _apply(
                form,
                lambda: services.save_resolution(
                    resolution, requests=form.cleaned_data["request_folios"], by=request.user
                ),
            )
            if saved:
                messages.success(request, _("Se registró la resolución %s.") % saved.number)
                return redirect("transparency:session_detail", pk=session.pk)
        status = 400
    resolutions = session.resolutions.prefetch_related("requests").select_related("area")
    return render(
        request,
        "transparency/session_detail.html",
        {"session": session, "resolutions": resolutions, "form": form},
        status=status,
    )


@login_required
@permission_required("transparency.view_reservedfile", raise_exception=True)
def reserved_index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    file_form = forms.ReservedFileForm(
        request.POST if request.POST.get("form") == "file" else None, prefix="file"
    )
    edition_form = forms.IndexEditionForm(
        request.POST if request.POST.get("form") == "edition" else None, prefix="edition"
    )
    status = 200
    if request.method == "POST":
        if not request.user.has_perm("transparency.add_reservedfile"):
            raise PermissionDenied
        if (
            file_form.is_bound
            and file_form.is_valid()
            and _apply(
                file_form,
                lambda: services.add_reserved_file(by=request.user, **file_form.cleaned_data),
            )
        ):
            messages.success(request, _("Se agregó el expediente al índice."))
            return redirect("transparency:reserved_index")
        if (
            edition_form.is_bound
            and edition_form.is_valid()
            and _apply(
                edition_form,
                lambda: services.publish_index_edition(
                    by=request.user, **edition_form.cleaned_data
                ),
            )
        ):
            messages.success(request, _("Se registró la publicación del índice."))
            return redirect("transparency:reserved_index")
        status = 400
    return render(
        request,
        "transparency/reserved_index.html",
        {
            "files": selectors.reserved_files_in_force(today),
            "editions": ReservedIndexEdition.objects.all()[:10],
            "index_due": selectors.reserved_index_due(today),
            "file_form": file_form,
            "edition_form": edition_form,
        },
        status=status,
    )


# --- Reports ----------------------------------------------------------------------------


def _quarter_from(request: HttpRequest) -> tuple[forms.QuarterForm, int, int]:
    year, quarter = _current_quarter()
    form = forms.QuarterForm(request.GET or {"year": year, "quarter": quarter})
    if form.is_valid():
        year, quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
    return form, year, quarter


@login_required
@permission_required(VIEW, raise_exception=True)
@require_GET
def quarterly_report(request: HttpRequest) -> HttpResponse:
    form, year, quarter = _quarter_from(request)
    figures = selectors.quarter_figures(year, quarter)
    return render(
        request,
        "transparency/quarterly_report.html",
        {
            "form": form,
            "figures": figures,
            "rows": reports.summary_rows(figures),
            "breakdowns": reports.breakdowns(figures),
        },
    )


@login_required
@permission_required(VIEW, raise_exception=True)
@require_GET
def quarterly_report_pdf(request: HttpRequest) -> HttpResponse:
    _form, year, quarter = _quarter_from(request)
    response = HttpResponse(reports.quarterly_pdf(year, quarter), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="informe-itaipch-{year}-T{quarter}.pdf"'
    )
    return response


@login_required
@permission_required(VIEW, raise_exception=True)
@require_GET
def quarterly_report_xlsx(request: HttpRequest) -> HttpResponse:
    _form, year, quarter = _quarter_from(request)
    response = HttpResponse(
        reports.quarterly_xlsx(year, quarter),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="informe-itaipch-{year}-T{quarter}.xlsx"'
    )
    return response


# --- Obligations ------------------------------------------------------------------------


@login_required
@permission_required("transparency.view_obligationfraction", raise_exception=True)
@require_GET
def obligations(request: HttpRequest) -> HttpResponse:
    form, year, quarter = _quarter_from(request)
    return render(
        request,
        "transparency/obligations.html",
        {
            "form": form,
            "year": year,
            "quarter": quarter,
            "rows": selectors.obligations_table(year, quarter),
            "overdue": selectors.overdue_obligations(timezone.localdate()),
        },
    )


@login_required
@permission_required("transparency.change_obligationfraction", raise_exception=True)
def obligation_edit(request: HttpRequest, pk: int, year: int, quarter: int) -> HttpResponse:
    fraction = get_object_or_404(ObligationFraction, pk=pk)
    update = fraction.updates.filter(year=year, quarter=quarter).first()
    initial = (
        {
            "updated_on": update.updated_on,
            "verified_on": update.verified_on,
            "published_on": update.published_on,
            "evidence": update.evidence,
            "notes": update.notes,
        }
        if update
        else {}
    )
    posted = request.method == "POST"
    which = request.POST.get("form")
    status_form = forms.ObligationStatusForm(
        request.POST if posted and which == "status" else None, initial=initial, prefix="status"
    )
    applicability_form = forms.ApplicabilityForm(
        request.POST if posted and which == "applicability" else None,
        instance=ObligationFraction.objects.get(pk=pk),
        prefix="applicability",
    )
    if (
        posted
        and which == "status"
        and status_form.is_valid()
        and _apply(
            status_form,
            lambda: services.record_obligation_status(
                fraction, year=year, quarter=quarter, by=request.user, **status_form.cleaned_data
            ),
        )
    ):
        messages.success(request, _("Se registró el estado de la fracción %s.") % fraction)
        return redirect(f"{_url('transparency:obligations')}?year={year}&quarter={quarter}")
    if posted and which == "applicability" and applicability_form.is_valid():
        data = applicability_form.cleaned_data
        if _apply(
            applicability_form,
            lambda: services.set_applicability(
                fraction,
                applicable=data["applicable"],
                reason=data["non_applicability_reason"],
                responsible_area=data["responsible_area"],
                update_period=data["update_period"],
                by=request.user,
            ),
        ):
            messages.success(request, _("Se actualizó la aplicabilidad de %s.") % fraction)
            return redirect(f"{_url('transparency:obligations')}?year={year}&quarter={quarter}")
    return render(
        request,
        "transparency/obligation_edit.html",
        {
            "fraction": fraction,
            "year": year,
            "quarter": quarter,
            "status_form": status_form,
            "applicability_form": applicability_form,
        },
        status=400 if posted else 200,
    )


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


# --- Personal data, rules ----------------------------------------------------------------


@login_required
@permission_required("transparency.view_privacynotice", raise_exception=True)
def personal_data(request: HttpRequest) -> HttpResponse:
    which = request.POST.get("form") if request.method == "POST" else None
    notice_form = forms.PrivacyNoticeForm(
        request.POST if which == "notice" else None, prefix="notice"
    )
    version_form = forms.NoticeVersionForm(
        request.POST if which == "version" else None, prefix="version"
    )
    assessment_form = forms.ImpactAssessmentForm(
        request.POST if which == "assessment" else None, prefix="assessment"
    )
    if which:
        if not request.user.has_perm("transparency.change_privacynotice"):
            raise PermissionDenied
        user = request.user
        calls = {
            "notice": (
                notice_form,
                lambda: services.save_privacy_notice(notice_form.save(commit=False), by=user),
            ),
            "version": (
                version_form,
                lambda: services.add_notice_version(by=user, **version_form.cleaned_data),
            ),
            "assessment": (
                assessment_form,
                lambda: services.save_impact_assessment(
                    assessment_form.save(commit=False), by=user
                ),
            ),
        }
        if which not in calls:
            raise Http404
        form, call = calls[which]
        if form.is_valid() and _apply(form, call):
            messages.success(request, _("Se actualizó el registro de datos personales."))
            return redirect("transparency:personal_data")
    return render(
        request,
        "transparency/personal_data.html",
        {
            "notices": PrivacyNotice.objects.prefetch_related("versions").select_related("area"),
            "assessments": ImpactAssessment.objects.select_related("area"),
            "notice_form": notice_form,
            "version_form": version_form,
            "assessment_form": assessment_form,
        },
        status=400 if which else 200,
    )


@login_required
@permission_required("transparency.view_ruleset", raise_exception=True)
def rule_sets(request: HttpRequest) -> HttpResponse:
    can_add = request.user.has_perm("transparency.add_ruleset")
    form = forms.RuleSetForm(request.POST if request.method == "POST" and can_add else None)
    if request.method == "POST" and not can_add:
        raise PermissionDenied
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(form, lambda: services.save_rule_set(form.save(commit=False), by=request.user))
    ):
        messages.success(request, _("Se registró el nuevo conjunto de reglas."))
        return redirect("transparency:rule_sets")
    return render(
        request,
        "transparency/rule_sets.html",
        {"rows": selectors.rule_sets(), "form": form if can_add else None},
        status=400 if form.errors else 200,
    )


# --- Public --------------------------------------------------------------------------------


@require_GET
def public_lookup(request: HttpRequest) -> HttpResponse:
    """Anyone checks a request's status and deadlines by folio; no personal data."""
    form = forms.FolioLookupForm(request.GET or None)
    result, searched = None, False
    if form.is_valid():
        searched = True
        result = selectors.public_status(form.cleaned_data["folio"])
    return render(
        request,
        "transparency/public_lookup.html",
        {"form": form, "result": result, "searched": searched},
    )
