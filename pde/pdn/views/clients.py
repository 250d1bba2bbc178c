"""Administration of PDN API clients by the secretariat administrator."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pde.core.views import paginate, querystring_without_page
from pde.pdn.forms.clients import ApiClientForm, NonPublicAccessForm
from pde.pdn.models import ApiCall, ApiClient
from pde.pdn.services import clients as services

PERMISSION = "pdn.manage_apiclient"


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_GET
def client_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, ApiClient.objects.select_related("application"))
    return render(request, "pdn/clients/list.html", {"page": page})


@login_required
@permission_required(PERMISSION, raise_exception=True)
def client_create(request: HttpRequest) -> HttpResponse:
    form = ApiClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            client, credentials = services.create_client(
                form.cleaned_data["name"], form.cleaned_data["scopes"], by=request.user
            )
        except ValidationError as exc:
            form.add_error("name", exc)
        else:
            return render(
                request,
                "pdn/clients/credentials.html",
                {"client": client, "credentials": credentials, "created": True},
            )
    return render(request, "pdn/clients/form.html", {"form": form})


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_GET
def client_detail(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_object_or_404(ApiClient.objects.select_related("application"), pk=pk)
    calls = client.calls.all()[:20]
    form = NonPublicAccessForm(
        initial={"allowed": client.non_public_access, "basis": client.non_public_basis}
    )
    return render(
        request, "pdn/clients/detail.html", {"client": client, "calls": calls, "form": form}
    )


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_POST
def client_rotate(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_object_or_404(ApiClient, pk=pk)
    try:
        credentials = services.rotate_credentials(client, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("pdn:client_detail", pk=pk)
    return render(
        request,
        "pdn/clients/credentials.html",
        {"client": client, "credentials": credentials, "created": False},
    )


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_POST
def client_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_object_or_404(ApiClient, pk=pk)
    services.revoke_client(client, by=request.user)
    messages.success(request, _("Se revocó el cliente «%s»; sus tokens ya no funcionan.") % client)
    return redirect("pdn:client_detail", pk=pk)


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_POST
def client_non_public(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_object_or_404(ApiClient, pk=pk)
    form = NonPublicAccessForm(request.POST)
    if form.is_valid():
        services.set_non_public_access(
            client, form.cleaned_data["allowed"], basis=form.cleaned_data["basis"], by=request.user
        )
        messages.success(request, _("Se actualizó la autorización para datos no públicos."))
        return redirect("pdn:client_detail", pk=pk)
    calls = client.calls.all()[:20]
    return render(
        request,
        "pdn/clients/detail.html",
        {"client": client, "calls": calls, "form": form},
        status=400,
    )


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_GET
def call_log(request: HttpRequest) -> HttpResponse:
    calls = ApiCall.objects.all()
    client_id = request.GET.get("cliente")
    if client_id and client_id.isdigit():
        calls = calls.filter(client_id=int(client_id))
    page = paginate(request, calls, per_page=50)
    return render(
        request,
        "pdn/clients/call_log.html",
        {"page": page, "querystring": querystring_without_page(request)},
    )
