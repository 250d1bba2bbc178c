"""JSON of the unit: the quarterly figures for the work plan and other consumers."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .selectors import quarter_figures


@login_required
@permission_required("transparency.view_accessrequest", raise_exception=True)
@require_GET
def figures(request: HttpRequest, year: int, quarter: int) -> JsonResponse:
    if quarter not in (1, 2, 3, 4) or not 2000 <= year <= 2100:
        return JsonResponse(
            {
                "code": "invalid_period",
                "message": _("El trimestre va de 1 a 4 y el año de 2000 a 2100."),
            },
            status=400,
        )
    data = quarter_figures(year, quarter)
    data["sessions"] = [
        {"number": s.number, "kind": s.kind, "held_on": s.held_on.isoformat()}
        for s in data["sessions"]
    ]
    data["first_day"], data["last_day"] = (
        data["first_day"].isoformat(),
        data["last_day"].isoformat(),
    )
    return JsonResponse(data)
