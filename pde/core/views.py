"""HTML views of the core. Thin: parse, call a selector or service, render."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import business_days, selectors, services
from .forms import AuditFilterForm, EntitySearchForm, NonBusinessPeriodForm
from .models import PublicEntity


def paginate(request: HttpRequest, queryset, per_page: int | None = None):
    """The requested page of ``queryset``; a bad or too-high page number gives the last page."""
    paginator = Paginator(queryset, per_page or settings.PDE_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


class LoginView(auth_views.LoginView):
    """Django's login; a failed attempt answers 401 Unauthorized, not 200."""

    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 401
        return response


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: 200 when the database answers, 503 otherwise."""
    database_ok = selectors.database_is_up()
    return JsonResponse(
        {"status": "ok" if database_ok else "error", "database": "ok" if database_ok else "error"},
        status=200 if database_ok else 503,
    )


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    context = {}
    if request.user.is_authenticated:
        context["scope_entities"] = (
            None
            if selectors.has_unscoped_access(request.user)
            else selectors.entities_in_scope(request.user)
        )
    return render(request, "core/home.html", context)


@require_GET
def entity_list(request: HttpRequest) -> HttpResponse:
    form = EntitySearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entities = selectors.search_entities(
        filters.get("q", ""), kind=filters.get("kind", ""), order=filters.get("order", "")
    )
    page = paginate(request, entities)
    template = "core/_entity_rows.html" if request.htmx else "core/entity_list.html"
    return render(
        request,
        template,
        {"form": form, "page": page, "querystring": querystring_without_page(request)},
    )


@require_GET
def entity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Public facts of an ente; its staff only to users whose scope covers it."""
    entity = get_object_or_404(PublicEntity.objects.select_related("parent"), pk=pk)
    context = {"entity": entity, "children": entity.children.filter(active=True)}
    return render(request, "core/entity_detail.html", context)


@login_required
@require_GET
def entity_staff(request: HttpRequest, pk: int) -> HttpResponse:
    entity = get_object_or_404(PublicEntity, pk=pk)
    if not request.user.has_perm("core.view_user"):
        services.deny_access(entity, reason="permission", detail="core.view_user")
    services.require_entity_access(request.user, entity, entity)
    page = paginate(request, selectors.entity_staff(entity))
    return render(request, "core/entity_staff.html", {"entity": entity, "page": page})


@login_required
@permission_required("core.view_auditentry", raise_exception=True)
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None, actions=selectors.audit_actions())
    filters = form.cleaned_data if form.is_valid() else {}
    page = paginate(request, selectors.filter_audit_log(**filters), per_page=50)
    return render(
        request,
        "core/audit_log.html",
        {"form": form, "page": page, "querystring": querystring_without_page(request)},
    )


@login_required
@permission_required("core.view_nonbusinessperiod", raise_exception=True)
@require_GET
def calendar(request: HttpRequest) -> HttpResponse:
    year = business_days.parse_year(request.GET.get("year"))
    return render(request, "core/calendar.html", business_days.year_overview(year))


@login_required
@permission_required("core.add_nonbusinessperiod", raise_exception=True)
def calendar_add(request: HttpRequest) -> HttpResponse:
    form = NonBusinessPeriodForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        period = services.save_audited(form.save(commit=False), by=request.user)
        messages.success(request, _("Se registró el periodo inhábil «%s».") % period)
        return redirect(f"{reverse('core:calendar')}?year={period.start_date.year}")
    return render(request, "core/calendar_form.html", {"form": form})


def locked_out(request: HttpRequest, credentials=None, *args, **kwargs) -> HttpResponse:
    """Shown by django-axes instead of the login after too many failed attempts."""
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)


# --- Error pages (Spanish, never a stack trace) -----------------------------------


def _error(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    return render(
        request, "error.html", {"title": title, "message": message, "status": status}, status=status
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(
        request,
        403,
        _("El formulario expiró"),
        _(
            "Por seguridad, el formulario dejó de ser válido (la sesión expiró o la página "
            "estuvo abierta mucho tiempo). Recargue la página e intente de nuevo; "
            "no se guardó nada."
        ),
    )


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return _error(request, 400, _("Solicitud incorrecta"), _("La solicitud no es válida."))


def permission_denied(request: HttpRequest, exception: PermissionDenied | None = None):
    if not getattr(exception, "audited", False):
        services.record_event(
            "access.denied",
            object_type="url",
            object_repr=request.path[:255],
            changes={"reason": "permission"},
        )
    message = str(exception) if exception and str(exception) else ""
    return _error(
        request,
        403,
        _("Acceso denegado"),
        message or _("No tiene permiso para consultar esta página."),
    )


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _error(
        request,
        404,
        _("Página no encontrada"),
        _("La dirección no existe o el registro fue retirado. Verifique el enlace."),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request context: the error may come from it.
    body = render_to_string(
        "500.html",
        {"title": _("Error del servidor")},
    )
    return HttpResponse(body, status=500)
