"""JSON of the surveys: live figures for the work plan and the quarterly report."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from . import selectors
from .models import Form


@require_GET
@login_required
@permission_required("surveys.view_response", raise_exception=True)
def live_figures(request: HttpRequest) -> JsonResponse:
    """``?form=<form_id>`` for one form; all forms otherwise."""
    form = None
    if request.GET.get("form"):
        form = get_object_or_404(Form, form_id=request.GET["form"])
    return JsonResponse(selectors.live_figures(form))
