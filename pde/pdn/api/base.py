"""What every PDN endpoint shares: bearer-token check by system, JSON errors as
``{code, message}``, the call log, and never a stack trace."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import wraps

from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from pde.pdn.models import System
from pde.pdn.selectors.query import QueryError, parse_body
from pde.pdn.services.clients import log_api_call
from pde.pdn.services.oauth import authenticate_api_request

log = logging.getLogger(__name__)

# The S3 servidores sancionados spec answers "No tienes permisos" with 403 on its
# /dependencias endpoint; every other endpoint of every spec uses 401.
FORBIDDEN_STATUS = {("s3s", "dependencias"): 403}


def error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"code": code, "message": str(message)}, status=status)


class Result:
    """What a handler returns: the JSON payload and the counts for the call log."""

    def __init__(self, payload, rows: int = 0, total: int | None = None, non_public=False):
        self.payload, self.rows, self.total, self.non_public = payload, rows, total, non_public


def pdn_endpoint(system: System, kind: str, method: str):
    """Decorate ``handler(request, client, data) -> Result``; ``kind`` is "search" (POST
    with a JSON body) or "dependencias" (GET)."""

    def decorator(handler: Callable) -> Callable:
        @csrf_exempt
        @wraps(handler)
        def view(request: HttpRequest, *args, **kwargs):
            started = time.monotonic()
            data: dict = {}
            client = None

            def done(response: JsonResponse, result: Result | None = None) -> JsonResponse:
                try:
                    # A savepoint: a failed log line never breaks the request's transaction.
                    with transaction.atomic():
                        log_api_call(
                            client=client,
                            system=system,
                            endpoint=request.path,
                            query=data,
                            status_code=response.status_code,
                            rows_returned=result.rows if result else 0,
                            total_rows=result.total if result else None,
                            duration_ms=int((time.monotonic() - started) * 1000),
                            non_public=bool(result and result.non_public),
                        )
                except Exception:  # the log must never break the answer
                    log.exception("could not log the API call")
                return response

            if request.method != method:
                response = error(405, "method_not_allowed", _("Método no permitido."))
                response["Allow"] = method
                return done(response)
            auth = authenticate_api_request(request, system)
            if auth.client is None:
                status = FORBIDDEN_STATUS.get((str(system), kind), 401)
                response = error(status, *auth.error)
                response["WWW-Authenticate"] = 'Bearer realm="pde"'
                return done(response)
            client = auth.client
            try:
                if kind == "search":
                    data = parse_body(request.body)
                with transaction.atomic():
                    result = handler(request, client, data, *args, **kwargs)
            except QueryError as exc:
                return done(error(exc.status, exc.code, exc.message))
            except Exception:
                log.exception("PDN API %s failed", request.path)
                return done(error(500, "internal_error", _("Error interno; inténtelo más tarde.")))
            return done(
                JsonResponse(result.payload, safe=False, json_dumps_params={"ensure_ascii": False}),
                result,
            )

        return view

    return decorator
