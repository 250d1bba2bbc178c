"""Pages of the delivery by the entes generadores: dashboard, upload and validation
report, API keys of the providers, and scheduled harvests (secretariat admin)."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pde.core.files import sha256_hex
from pde.core.selectors import entities_in_scope, has_unscoped_access
from pde.core.services import deny_access
from pde.core.views import paginate, querystring_without_page
from pde.pdn.forms.delivery import ScheduledHarvestForm, TokenForm, UploadForm
from pde.pdn.models.records import (
    SYSTEM_LABELS,
    SYSTEMS,
    DeliveryBatch,
    ProviderToken,
    ScheduledHarvest,
)
from pde.pdn.selectors import delivery as selectors
from pde.pdn.services import harvest as harvest_services
from pde.pdn.services import ingest as ingest_services
from pde.pdn.validation import tabular

VIEW_PERMISSION = "pdn.view_deliverybatch"
DELIVER_PERMISSION = "pdn.deliver_records"
HARVEST_PERMISSION = "pdn.change_scheduledharvest"


def _require(user, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied(_("No tiene permiso para esta sección."))


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def dashboard(request):
    _require(request.user, VIEW_PERMISSION)
    system = request.GET.get("sistema", "")
    entity_id = _int(request.GET.get("ente"))
    rows = selectors.dashboard(request.user, system=system, entity_id=entity_id)
    return render(
        request,
        "pdn/delivery/dashboard.html",
        {
            "rows": rows,
            "systems": list(SYSTEM_LABELS.items()),
            "system": system,
            "entities": entities_in_scope(request.user).order_by("name")
            if has_unscoped_access(request.user)
            else None,
            "entity_id": entity_id,
            "provider_entity": ingest_services.provider_entity(request.user),
            "stale_days": selectors.stale_after().days,
        },
    )


@login_required
def batch_list(request):
    _require(request.user, VIEW_PERMISSION)
    system = request.GET.get("sistema", "")
    entity_id = _int(request.GET.get("ente"))
    batches = selectors.filter_batches(request.user, system=system, entity_id=entity_id)
    return render(
        request,
        "pdn/delivery/batch_list.html",
        {
            "page": paginate(request, batches),
            "querystring": querystring_without_page(request),
            "systems": list(SYSTEM_LABELS.items()),
            "system": system,
        },
    )


def _visible_batch(request, pk: int) -> DeliveryBatch:
    _require(request.user, VIEW_PERMISSION)
    batch = get_object_or_404(DeliveryBatch.objects.select_related("entity", "submitted_by"), pk=pk)
    if not selectors.can_see_batch(request.user, batch):
        deny_access(batch, reason="entity_scope")
    return batch


@login_required
def batch_detail(request, pk: int):
    batch = _visible_batch(request, pk)
    template = "pdn/delivery/batch_detail.html"
    if request.htmx and request.GET.get("parcial") == "progreso":
        template = "pdn/delivery/_batch_progress.html"
    return render(
        request,
        template,
        {
            "batch": batch,
            "page": paginate(request, batch.errors, per_page=50),
            "querystring": querystring_without_page(request),
            "has_rows": any("row" in error for error in batch.errors),
            "in_progress": batch.status
            in (DeliveryBatch.Status.PENDING, DeliveryBatch.Status.RUNNING),
        },
    )


_REPORT_HEADER = ["registro", "fila", "id", "ruta", "mensaje"]


@login_required
def batch_report(request, pk: int, fmt: str):
    """The validation report (the rejected records' errors) as CSV or XLSX."""
    batch = _visible_batch(request, pk)
    rows = [
        [e["index"], e.get("row", ""), e.get("id", ""), e["path"], e["message"]]
        for e in batch.errors
    ]
    name = f"validacion-{batch.system}-{batch.pk}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(_REPORT_HEADER)
        writer.writerows(rows)
        response = HttpResponse(
            ("\ufeff" + buffer.getvalue()).encode(), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Errores")[:31]
        sheet.append(_REPORT_HEADER)
        for row in rows:
            sheet.append(row)
        data = io.BytesIO()
        workbook.save(data)
        response = HttpResponse(
            data.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def template_download(request, system: str, fmt: str):
    if system not in SYSTEMS:
        raise Http404
    if fmt == "csv":
        response = HttpResponse(
            tabular.template_csv(system), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        response = HttpResponse(
            tabular.template_xlsx(system),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="plantilla-{system}.{fmt}"'
    return response


def _records_from_upload(system: str, name: str, raw: bytes) -> list:
    lower = name.lower()
    if lower.endswith(".csv"):
        return tabular.read_csv(system, raw)
    if lower.endswith(".xlsx"):
        return tabular.read_xlsx(system, raw)
    return ingest_services.parse_payload(raw)


@login_required
def upload(request):
    _require(request.user, DELIVER_PERMISSION)
    provider_entity = ingest_services.provider_entity(request.user)
    choose_entity = provider_entity is None
    if choose_entity and not has_unscoped_access(request.user):
        raise PermissionDenied(_("Su cuenta no es ente generador de un ente público."))
    form = UploadForm(request.POST or None, request.FILES or None, choose_entity=choose_entity)
    if request.method == "POST" and form.is_valid():
        system = form.cleaned_data["system"]
        entity = provider_entity or form.cleaned_data["entity"]
        upload_file = form.cleaned_data["file"]
        raw = upload_file.read()
        try:
            records = _records_from_upload(system, upload_file.name, raw)
            batch = ingest_services.submit_delivery(
                system,
                entity,
                list(records),
                user=request.user,
                channel=DeliveryBatch.Channel.UPLOAD,
                file_name=upload_file.name,
                file_sha256=sha256_hex(raw),
                source_rows=getattr(records, "rows", None),
            )
        except (ingest_services.PayloadError, tabular.TabularError) as error:
            form.add_error("file", str(error))
        else:
            return redirect("pdn:delivery_batch", pk=batch.pk)
    return render(
        request,
        "pdn/delivery/upload.html",
        {"form": form, "systems": list(SYSTEM_LABELS.items()), "entity": provider_entity},
    )


@login_required
def tokens(request):
    if ingest_services.provider_entity(request.user) is None:
        raise PermissionDenied(_("Sólo un ente generador tiene claves de API de entrega."))
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = ingest_services.create_token(request.user, form.cleaned_data["name"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = TokenForm()
    return render(
        request,
        "pdn/delivery/tokens.html",
        {"form": form, "tokens": selectors.tokens_of(request.user), "new_key": new_key},
    )


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ProviderToken, pk=pk)
    if token.user_id != request.user.pk:
        deny_access(token, reason="not_owner")
    ingest_services.revoke_token(token, by=request.user)
    messages.success(request, _("La clave «%(name)s» fue revocada.") % {"name": token.name})
    return redirect("pdn:delivery_tokens")


@login_required
def harvest_list(request):
    _require(request.user, HARVEST_PERMISSION)
    return render(
        request,
        "pdn/delivery/harvest_list.html",
        {"harvests": selectors.scheduled_harvests()},
    )


@login_required
def harvest_edit(request, pk: int | None = None):
    _require(request.user, HARVEST_PERMISSION)
    instance = get_object_or_404(ScheduledHarvest, pk=pk) if pk else None
    form = ScheduledHarvestForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        scheduled = harvest_services.save_scheduled_harvest(form, by=request.user)
        messages.success(request, _("Cosecha «%(name)s» guardada.") % {"name": scheduled.name})
        return redirect("pdn:delivery_harvest", pk=scheduled.pk)
    return render(request, "pdn/delivery/harvest_form.html", {"form": form, "harvest": instance})


@login_required
def harvest_detail(request, pk: int):
    _require(request.user, HARVEST_PERMISSION)
    scheduled = get_object_or_404(ScheduledHarvest.objects.select_related("entity"), pk=pk)
    return render(
        request,
        "pdn/delivery/harvest_detail.html",
        {"harvest": scheduled, "page": paginate(request, selectors.harvest_runs(scheduled))},
    )


@login_required
@require_POST
def harvest_run(request, pk: int):
    _require(request.user, HARVEST_PERMISSION)
    scheduled = get_object_or_404(ScheduledHarvest, pk=pk)
    from pde.pdn.tasks import run_scheduled_harvest

    run_scheduled_harvest.delay(scheduled.pk)
    messages.success(request, _("Cosecha «%(name)s» en ejecución.") % {"name": scheduled.name})
    return redirect("pdn:delivery_harvest", pk=scheduled.pk)


@login_required
@require_POST
def harvest_delete(request, pk: int):
    _require(request.user, HARVEST_PERMISSION)
    scheduled = get_object_or_404(ScheduledHarvest, pk=pk)
    harvest_services.delete_scheduled_harvest(scheduled, by=request.user)
    messages.success(request, _("Cosecha eliminada."))
    return redirect("pdn:delivery_harvests")


def register_menu() -> None:
    """Menu entries of the delivery pages (called from the app's ready())."""
    from django.utils.translation import gettext_lazy

    from pde.core.navigation import NavEntry, register

    section = gettext_lazy("Sistema Electrónico Estatal")
    register(
        NavEntry(
            gettext_lazy("Entregas de datos (S2, S3, S6)"),
            "pdn:delivery_dashboard",
            VIEW_PERMISSION,
            section=section,
        )
    )
    register(
        NavEntry(
            gettext_lazy("Cargar registros"), "pdn:delivery_upload", DELIVER_PERMISSION, section
        )
    )
    register(
        NavEntry(
            gettext_lazy("Claves de API de entrega"),
            "pdn:delivery_tokens",
            section=section,
            visible=_is_provider,
        )
    )
    register(
        NavEntry(
            gettext_lazy("Cosechas programadas"),
            "pdn:delivery_harvests",
            HARVEST_PERMISSION,
            section,
        )
    )


def _is_provider(user) -> bool:
    return ingest_services.provider_entity(user) is not None
