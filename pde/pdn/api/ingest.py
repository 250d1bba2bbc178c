"""Push API of the entes generadores: ``POST /api/ingest/<system>``.

``system`` is ``s2`` (servidores en contrataciones), ``s3s`` (servidores
sancionados), ``s3p`` (particulares sancionados) or ``s6`` (contrataciones
abiertas). The body is a JSON array of records in the PDN format, or NDJSON (one
record per line). Authentication: ``Authorization: Token <clave>`` with a personal
API key of a data provider (created in /sistema-electrónico/entregas/claves/); the
records are stored under that provider's ente. Errors as ``{"code", "message"}``.
"""

from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from pde.core.files import sha256_hex
from pde.pdn.models.records import SYSTEMS, DeliveryBatch
from pde.pdn.selectors.delivery import batch_status
from pde.pdn.services.ingest import (
    PayloadError,
    ProviderAuthError,
    authenticate_provider,
    parse_payload,
    submit_delivery,
)


def _error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"code": code, "message": message}, status=status)


def _status_url(request, batch: DeliveryBatch) -> str:
    return request.build_absolute_uri(reverse("pdn:ingest_status", args=[batch.system, batch.pk]))


def _authenticate(request):
    try:
        return authenticate_provider(request.headers.get("Authorization", "")), None
    except ProviderAuthError as error:
        response = _error(error.status, error.code, error.message)
        if error.status == 401:
            response["WWW-Authenticate"] = 'Token realm="pde-ingest"'
        return None, response


def _unknown_system(system: str) -> JsonResponse:
    return _error(
        404,
        "not_found",
        _("Sistema «%(system)s» desconocido; use s2, s3s, s3p o s6.") % {"system": system},
    )


@csrf_exempt
@require_POST
def ingest(request, system: str):
    if system not in SYSTEMS:
        return _unknown_system(system)
    auth, failure = _authenticate(request)
    if failure:
        return failure
    user, entity, _token = auth
    limit = getattr(settings, "PDE_INGEST_MAX_BYTES", 200 * 1024 * 1024)
    length = request.headers.get("Content-Length")
    if length and length.isdigit() and int(length) > limit:
        return _error(
            413,
            "payload_too_large",
            _("La entrega excede el tamaño máximo (%(mb)s MB); divídala en varias.")
            % {"mb": limit // (1024 * 1024)},
        )
    raw = request.read(limit + 1)
    if len(raw) > limit:
        return _error(
            413,
            "payload_too_large",
            _("La entrega excede el tamaño máximo (%(mb)s MB); divídala en varias.")
            % {"mb": limit // (1024 * 1024)},
        )
    try:
        records = parse_payload(raw)
        batch = submit_delivery(
            system,
            entity,
            records,
            user=user,
            channel=DeliveryBatch.Channel.API,
            file_sha256=sha256_hex(raw),
        )
    except PayloadError as error:
        return _error(400, "bad_request", str(error))
    body = batch_status(batch)
    body["statusUrl"] = _status_url(request, batch)
    done = batch.status == DeliveryBatch.Status.DONE
    return JsonResponse(body, status=200 if done else 202)


@require_GET
def ingest_status(request, system: str, batch_id: int):
    if system not in SYSTEMS:
        return _unknown_system(system)
    auth, failure = _authenticate(request)
    if failure:
        return failure
    _user, entity, _token = auth
    batch = DeliveryBatch.objects.filter(pk=batch_id, system=system, entity=entity).first()
    if batch is None:
        # Another ente's batch is indistinguishable from a missing one.
        return _error(404, "not_found", _("No existe esa entrega para su ente."))
    body = batch_status(batch)
    body["statusUrl"] = _status_url(request, batch)
    return JsonResponse(body)
