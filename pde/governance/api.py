"""JSON endpoints: the public agreements of a body, and convenio coverage (signed-in)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from pde.core.services import deny_access

from . import selectors
from .models import Body

MAX_PAGE_SIZE = 200


@require_GET
def public_agreements(request: HttpRequest, acronym: str) -> JsonResponse:
    """Published agreements only: number, session, date, text, status."""
    body = get_object_or_404(Body, acronym=acronym, active=True)
    try:
        page = max(1, int(request.GET.get("page", 1)))
        size = min(MAX_PAGE_SIZE, max(1, int(request.GET.get("pageSize", 50))))
    except ValueError:
        return JsonResponse(
            {"code": "invalid_page", "message": "page y pageSize deben ser enteros positivos."},
            status=400,
        )
    agreements = selectors.public_agreements(body)
    total = agreements.count()
    rows = agreements[(page - 1) * size : page * size]
    return JsonResponse(
        {
            "organo": {"nombre": body.name, "siglas": body.acronym},
            "pagination": {"page": page, "pageSize": size, "totalRows": total},
            "results": [
                {
                    "numero": a.number,
                    "sesion": a.session.title,
                    "fecha": a.session.date.isoformat(),
                    "texto": a.text,
                    "estado": a.status,
                }
                for a in rows
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@login_required
@require_GET
def convenio_coverage(request: HttpRequest) -> JsonResponse:
    if not request.user.has_perm("governance.view_convenio"):
        deny_access(None, reason="permission", detail="governance.view_convenio")
    return JsonResponse(
        {
            "results": [
                {
                    "ente": row["entity"].name,
                    "siglas": row["entity"].acronym,
                    "sistemas": sorted(row["systems"]),
                }
                for row in selectors.convenio_coverage()
            ]
        },
        json_dumps_params={"ensure_ascii": False},
    )
