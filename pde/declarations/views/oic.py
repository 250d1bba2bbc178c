"""HTML views of the internal-control body (OIC). Thin: parse, call a service or
selector, render. Every object outside the officer's entes answers 403 (audited)."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pde.core.views import paginate, querystring_without_page

from ..forms import oic as forms
from ..models import Declaration, ImportedDeclaration, ObligatedServant, OicImportBatch
from ..selectors import oic as selectors
from ..services import oic as services

VIEW_ROSTER = "declarations.view_obligatedservant"
ADD_ROSTER = "declarations.add_obligatedservant"
CHANGE_ROSTER = "declarations.change_obligatedservant"
RECEIVE = "declarations.receive_declaration"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    """Text that a spreadsheet would run as a formula is kept as text (CSV/XLSX injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _row(values) -> list:
    return [_cell(value) for value in values]


def _filters(form) -> dict:
    return form.cleaned_data if form.is_valid() else {}


# --- Padrón ---------------------------------------------------------------------------------


@login_required
@permission_required(VIEW_ROSTER, raise_exception=True)
@require_GET
def roster_list(request: HttpRequest) -> HttpResponse:
    entities = selectors.scoped_entities(request.user)
    form = forms.RosterSearchForm(request.GET or None, entities=entities)
    filters = _filters(form)
    servants = selectors.search_roster(
        request.user,
        q=filters.get("q", ""),
        entity=filters.get("entity"),
        active=filters.get("active", ""),
    )
    context = {
        "form": form,
        "page": paginate(request, servants),
        "querystring": querystring_without_page(request),
    }
    template = "declarations/oic/_roster_rows.html" if request.htmx else None
    return render(request, template or "declarations/oic/roster_list.html", context)


def _servant_in_scope(request: HttpRequest, pk: int) -> ObligatedServant:
    servant = get_object_or_404(ObligatedServant.objects.select_related("entity"), pk=pk)
    services.require_scope(request.user, servant.entity, servant)
    return servant


@login_required
@permission_required(VIEW_ROSTER, raise_exception=True)
@require_GET
def servant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    servant = _servant_in_scope(request, pk)
    today = timezone.localdate()
    filings = selectors.filings_by_servant([servant.pk])
    obligations = selectors.obligations_of(servant, filings, today=today)
    declarations = servant.declarations.order_by("-submitted_at", "-created_at")
    return render(
        request,
        "declarations/oic/servant_detail.html",
        {
            "servant": servant,
            "obligations": obligations,
            "declarations": declarations,
            "on_behalf_form": forms.StartOnBehalfForm(),
            "can_receive": request.user.has_perm(RECEIVE),
        },
    )


def _servant_form(request: HttpRequest, servant: ObligatedServant | None) -> HttpResponse:
    entities = selectors.scoped_entities(request.user)
    form = forms.ObligatedServantForm(
        request.POST if request.method == "POST" else None,
        instance=servant,
        entities=entities,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_servant(form.instance, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Se guardó el registro de «%s» en el padrón.") % saved)
            return redirect("declarations:oic_servant_detail", pk=saved.pk)
    return render(
        request,
        "declarations/oic/servant_form.html",
        {"form": form, "servant": servant},
        status=400 if form.errors else 200,
    )


@login_required
@permission_required(ADD_ROSTER, raise_exception=True)
@require_http_methods(["GET", "POST"])
def servant_create(request: HttpRequest) -> HttpResponse:
    return _servant_form(request, None)


@login_required
@permission_required(CHANGE_ROSTER, raise_exception=True)
@require_http_methods(["GET", "POST"])
def servant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _servant_form(request, _servant_in_scope(request, pk))


@login_required
@permission_required(ADD_ROSTER, raise_exception=True)
@require_http_methods(["GET", "POST"])
def roster_import(request: HttpRequest) -> HttpResponse:
    entities = selectors.scoped_entities(request.user)
    form = forms.RosterImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        entities=entities,
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        entity = form.cleaned_data["entity"]
        try:
            batch = services.import_roster(
                entity=entity, file_name=upload.name, content=upload.read(), by=request.user
            )
        except services.ImportRefused as error:
            services.refuse_upload(
                entity=entity, file_name=upload.name, reason=error.messages[0], by=request.user
            )
            form.add_error("file", error)
        else:
            return redirect("declarations:oic_batch_detail", pk=batch.pk)
    return render(
        request,
        "declarations/oic/roster_import.html",
        {
            "form": form,
            "columns": services.ROSTER_COLUMNS,
            "batches": selectors.import_batches(request.user, OicImportBatch.Kind.ROSTER)[:10],
        },
        status=400 if form.errors else 200,
    )


@login_required
@permission_required(VIEW_ROSTER, raise_exception=True)
@require_GET
def roster_template(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        response = HttpResponse(
            services.roster_template_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    elif fmt == "csv":
        response = HttpResponse(services.roster_template_csv(), content_type="text/csv")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="plantilla_padron.{fmt}"'
    return response


# --- Import batches (padrón and declarations) -------------------------------------------------


def _batch_in_scope(request: HttpRequest, pk) -> OicImportBatch:
    batch = get_object_or_404(OicImportBatch.objects.select_related("entity"), pk=pk)
    services.require_scope(request.user, batch.entity, batch)
    needed = VIEW_ROSTER if batch.kind == OicImportBatch.Kind.ROSTER else RECEIVE
    if not request.user.has_perm(needed):
        services.deny_access(batch, reason="permission", detail=needed)
    return batch


@login_required
@require_GET
def batch_detail(request: HttpRequest, pk) -> HttpResponse:
    batch = _batch_in_scope(request, pk)
    return render(request, "declarations/oic/batch_detail.html", {"batch": batch})


@login_required
@require_GET
def batch_report(request: HttpRequest, pk) -> HttpResponse:
    """The batch's report as CSV (opens in any spreadsheet)."""
    batch = _batch_in_scope(request, pk)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if batch.kind == OicImportBatch.Kind.ROSTER:
        writer.writerow([_("fila"), _("columna"), _("mensaje")])
        for error in batch.report.get("errors", []):
            writer.writerow(_row([error["row"], error["column"], error["message"]]))
    else:
        writer.writerow([_("archivo"), _("resultado"), _("folio"), _("mensajes")])
        for row in batch.report.get("files", []):
            status = _("Recibida") if row["status"] == "received" else _("Rechazada")
            messages_text = " | ".join(row["messages"])
            writer.writerow(_row([row["file"], status, row["folio"], messages_text]))
    response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="informe_carga_{batch.pk}.csv"'
    return response


# --- Compliance ---------------------------------------------------------------------------------


def _compliance_filters(request: HttpRequest, form_class=forms.ComplianceFilterForm, data=None):
    entities = selectors.scoped_entities(request.user)
    form = form_class(data if data is not None else (request.GET or None), entities=entities)
    filters = _filters(form)
    chosen = filters.get("entity")
    year = filters.get("year") or timezone.localdate().year
    return form, filters, ([chosen] if chosen else list(entities)), year


@login_required
@permission_required(VIEW_ROSTER, raise_exception=True)
@require_GET
def compliance(request: HttpRequest) -> HttpResponse:
    form, filters, entities, year = _compliance_filters(request)
    every_status = selectors.compliance(entities, year=year, tipo=filters.get("tipo", ""))
    status = filters.get("status", "")
    listed = [o for o in every_status if not status or o.status == status]
    return render(
        request,
        "declarations/oic/compliance.html",
        {
            "form": form,
            "year": year,
            "summary": selectors.compliance_summary(every_status),
            "statuses": selectors.ComplianceStatus.choices,
            "page": paginate(request, listed),
            "querystring": querystring_without_page(request),
            "reminder_form": forms.ReminderForm(
                initial={**filters, "year": year},
                entities=selectors.scoped_entities(request.user),
                auto_id="remind_%s",
            ),
            "can_remind": request.user.has_perm(CHANGE_ROSTER),
        },
    )


@login_required
@permission_required(VIEW_ROSTER, raise_exception=True)
@require_GET
def compliance_export(request: HttpRequest) -> HttpResponse:
    import openpyxl
    from openpyxl.styles import Font

    _form, filters, entities, year = _compliance_filters(request)
    obligations = selectors.compliance(
        entities, year=year, tipo=filters.get("tipo", ""), status=filters.get("status", "")
    )
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _("Cumplimiento")
    sheet.append(
        [
            _("Ente público"),
            _("Nombre"),
            _("Empleo, cargo o comisión"),
            _("Tipo"),
            _("Año"),
            _("Fecha límite"),
            _("Fecha de presentación"),
            _("Estado"),
            _("Folio"),
        ]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for o in obligations:
        sheet.append(
            _row(
                [
                    o.servant.entity.name,
                    str(o.servant),
                    o.servant.position,
                    str(o.tipo_label),
                    o.year,
                    o.deadline,
                    o.filed_on,
                    str(o.status_label),
                    o.filing.folio if o.filing else "",
                ]
            )
        )
    for row in sheet.iter_rows(min_row=2, min_col=6, max_col=7):
        for cell in row:
            cell.number_format = "DD/MM/YYYY"
    summary = workbook.create_sheet(_("Resumen"))
    summary.append(
        [
            _("Ente público"),
            _("Tipo"),
            *[str(label) for _v, label in selectors.ComplianceStatus.choices],
            _("Total"),
        ]
    )
    for row in selectors.compliance_summary(obligations):
        summary.append(
            [
                _cell(row["entity"].name),
                str(row["tipo_label"]),
                *[row[v] for v in selectors.ComplianceStatus.values],
                row["total"],
            ]
        )
    output = io.BytesIO()
    workbook.save(output)
    response = HttpResponse(
        output.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="cumplimiento_{year}.xlsx"'
    return response


@login_required
@permission_required(CHANGE_ROSTER, raise_exception=True)
@require_POST
def compliance_remind(request: HttpRequest) -> HttpResponse:
    form, filters, entities, year = _compliance_filters(
        request, forms.ReminderForm, data=request.POST
    )
    if not form.is_valid():
        messages.error(request, _("Revise los filtros del recordatorio."))
        return redirect("declarations:oic_compliance")
    count = services.send_reminders(
        entities=entities,
        year=year,
        tipo=filters.get("tipo", ""),
        include_omisos=filters.get("include_omisos", False),
        by=request.user,
    )
    if count:
        messages.success(
            request, _("Se enviarán %(n)s recordatorios por correo electrónico.") % {"n": count}
        )
    else:
        messages.info(request, _("Nadie con correo electrónico tiene declaraciones pendientes."))
    params = {k: v for k, v in request.POST.items() if k in ("entity", "tipo", "year") and v}
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return redirect(f"{reverse('declarations:oic_compliance')}?{query}")


# --- Capture on behalf ----------------------------------------------------------------------------


def wizard_url(declaration: Declaration) -> str:
    """Where the declarant's wizard edits ``declaration`` (the declarant side's URL)."""
    try:
        return reverse("declarations:declaration_detail", kwargs={"pk": declaration.pk})
    except NoReverseMatch:
        return reverse("declarations:oic_declaration_detail", kwargs={"pk": declaration.pk})


@login_required
@permission_required(RECEIVE, raise_exception=True)
@require_POST
def start_on_behalf(request: HttpRequest, pk: int) -> HttpResponse:
    servant = _servant_in_scope(request, pk)
    form = forms.StartOnBehalfForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Elija el tipo de declaración."))
        return redirect("declarations:oic_servant_detail", pk=servant.pk)
    try:
        declaration = services.start_on_behalf(
            servant, tipo=form.cleaned_data["tipo"], by=request.user
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("declarations:oic_servant_detail", pk=servant.pk)
    messages.success(
        request,
        _("Captura a nombre de %(name)s iniciada; se marcará como capturada por el OIC.")
        % {"name": servant},
    )
    return redirect(wizard_url(declaration))


# --- Import of declarations ---------------------------------------------------------------


@login_required
@permission_required(RECEIVE, raise_exception=True)
@require_http_methods(["GET", "POST"])
def declaration_import(request: HttpRequest) -> HttpResponse:
    entities = selectors.scoped_entities(request.user)
    form = forms.DeclarationImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        entities=entities,
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        entity = form.cleaned_data["entity"]
        try:
            batch = services.import_declarations(
                entity=entity, file_name=upload.name, content=upload.read(), by=request.user
            )
        except services.ImportRefused as error:
            services.refuse_upload(
                entity=entity, file_name=upload.name, reason=error.messages[0], by=request.user
            )
            form.add_error("file", error)
        else:
            return redirect("declarations:oic_batch_detail", pk=batch.pk)
    return render(
        request,
        "declarations/oic/declaration_import.html",
        {
            "form": form,
            "max_files": services.import_max_files(),
            "max_mb": services.import_max_bytes() // (1024 * 1024),
            "batches": selectors.import_batches(request.user, OicImportBatch.Kind.DECLARATIONS)[
                :10
            ],
        },
        status=400 if form.errors else 200,
    )


# --- Reception ----------------------------------------------------------------------------------


@login_required
@permission_required(RECEIVE, raise_exception=True)
@require_GET
def reception_list(request: HttpRequest) -> HttpResponse:
    entities = selectors.scoped_entities(request.user)
    form = forms.ReceptionFilterForm(request.GET or None, entities=entities)
    filters = _filters(form)
    declarations = selectors.reception_list(request.user, **filters)
    context = {
        "form": form,
        "page": paginate(request, declarations),
        "querystring": querystring_without_page(request),
    }
    template = "declarations/oic/_reception_rows.html" if request.htmx else None
    return render(request, template or "declarations/oic/reception_list.html", context)


def _declaration_in_scope(request: HttpRequest, pk) -> Declaration:
    declaration = get_object_or_404(
        Declaration.objects.select_related("entity", "servant", "captured_by"), pk=pk
    )
    services.require_scope(request.user, declaration.entity, declaration)
    if declaration.status == Declaration.Status.DRAFT and (
        declaration.source != Declaration.Source.ON_BEHALF
    ):
        # A declarant's own draft is theirs until they submit it.
        raise Http404
    return declaration


@login_required
@permission_required(RECEIVE, raise_exception=True)
@require_GET
def declaration_detail(request: HttpRequest, pk) -> HttpResponse:
    declaration = _declaration_in_scope(request, pk)
    services.record_full_view(declaration, by=request.user)
    return render(
        request,
        "declarations/oic/declaration_detail.html",
        {
            "declaration": declaration,
            "rows": selectors.document_rows(declaration.document),
            "import_record": ImportedDeclaration.objects.filter(declaration=declaration)
            .select_related("batch")
            .first(),
            "edit_url": wizard_url(declaration)
            if declaration.status == Declaration.Status.DRAFT
            else "",
        },
    )


@login_required
@permission_required(RECEIVE, raise_exception=True)
@require_GET
def declaration_acuse(request: HttpRequest, pk) -> HttpResponse:
    from ..services.declarant import acuse_pdf

    declaration = _declaration_in_scope(request, pk)
    if declaration.status != Declaration.Status.SUBMITTED:
        raise Http404
    response = HttpResponse(acuse_pdf(declaration), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="acuse_{declaration.folio}.pdf"'
    return response
