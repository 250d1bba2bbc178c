"""OpenRosa endpoints for ODK Collect: formList, form download, submission.

https://docs.getodk.org/openrosa/ — every answer carries the X-OpenRosa-Version
header; submissions are multipart with the instance in ``xml_submission_file``.
Public forms take anonymous submissions (like a public web survey).
"""

import hashlib
from xml.sax.saxutils import escape

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from . import selectors, services
from .models import Form, Response
from .views import rate_limited

MAX_SUBMISSION_BYTES = 10 * 1024 * 1024


def _openrosa(body: str, status: int = 200, content_type="text/xml; charset=utf-8"):
    response = HttpResponse(body, status=status, content_type=content_type)
    response["X-OpenRosa-Version"] = "1.0"
    response["X-OpenRosa-Accept-Content-Length"] = str(MAX_SUBMISSION_BYTES)
    response["Date"] = http_date()
    return response


def _message(text: str, status: int, nature: str = "") -> HttpResponse:
    nature_attr = f' nature="{nature}"' if nature else ""
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<OpenRosaResponse xmlns="http://openrosa.org/http/response">'
        f"<message{nature_attr}>{escape(text)}</message></OpenRosaResponse>"
    )
    return _openrosa(body, status)


@require_GET
def form_list(request: HttpRequest) -> HttpResponse:
    items = []
    for form in selectors.open_public_forms():
        version = form.published_version()
        digest = hashlib.md5(version.xform.encode(), usedforsecurity=False).hexdigest()
        url = request.build_absolute_uri(reverse("surveys:openrosa_form", args=[form.form_id]))
        items.append(
            "<xform>"
            f"<formID>{escape(form.form_id)}</formID>"
            f"<name>{escape(form.title)}</name>"
            f"<version>{escape(version.version_string)}</version>"
            f"<hash>md5:{digest}</hash>"
            f"<downloadUrl>{escape(url)}</downloadUrl>"
            "</xform>"
        )
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<xforms xmlns="http://openrosa.org/xforms/xformsList">' + "".join(items) + "</xforms>"
    )
    return _openrosa(body)


@require_GET
def form_download(request: HttpRequest, form_id: str) -> HttpResponse:
    form = get_object_or_404(Form, form_id=form_id, kind=Form.Kind.PUBLIC)
    version = form.published_version()
    if version is None:
        return _message(_("Este formulario no tiene una versión publicada."), 404)
    return _openrosa(version.xform)


@csrf_exempt
@require_http_methods(["HEAD", "GET", "POST"])
def submission(request: HttpRequest) -> HttpResponse:
    if request.method in ("HEAD", "GET"):
        return _openrosa("", 204)
    if rate_limited(request, "openrosa", settings.PDE_SURVEYS_POSTS_PER_MINUTE, 60):
        response = _message(_("Demasiadas solicitudes; intente más tarde."), 429, "error")
        response["Retry-After"] = "60"
        return response
    upload = request.FILES.get("xml_submission_file")
    if upload is None:
        return _message(_("Falta el archivo xml_submission_file en la solicitud."), 400, "error")
    if upload.size > MAX_SUBMISSION_BYTES:
        return _message(_("La respuesta excede el tamaño permitido."), 413, "error")
    content = upload.read()
    try:
        parsed = services.parse_instance_xml(content)
    except services.SurveyError as error:
        return _message(str(error), 400, "error")
    form = Form.objects.filter(form_id=parsed["form_id"], kind=Form.Kind.PUBLIC).first()
    if form is None:
        return _message(_("El formulario de esta respuesta no existe."), 404, "error")
    if not form.is_open:
        return _message(_("Este formulario está cerrado y no recibe respuestas."), 403, "error")
    if not parsed["instance_id"]:
        return _message(_("Falta meta/instanceID en la respuesta."), 400, "error")
    try:
        receipt = services.receive_complete_submission(
            form,
            data=parsed["data"],
            client_uuid=parsed["instance_id"],
            channel=Response.Channel.OPENROSA,
            language=str(parsed["data"].get("idioma", "es")),
            version_string=parsed["version"] or None,
        )
    except services.SurveyError as error:
        return _message(str(error), 400, "error")
    if receipt.errors:
        details = "; ".join(f"{name}: {message}" for name, message in receipt.errors.items())
        return _message(_("La respuesta no es válida: %(d)s") % {"d": details}, 400, "error")
    if not receipt.created:
        return _message(_("Esta respuesta ya se había recibido."), 202, "submit_success")
    return _message(_("Respuesta recibida. ¡Gracias!"), 201, "submit_success")
