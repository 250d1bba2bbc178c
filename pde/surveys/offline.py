"""The installable offline app: manifest, service worker, form definition, sync endpoint.

A field worker opens /encuestas/campo/<form_id>/ once with a connection; the service
worker keeps the page, its script and the form; interviews are kept in IndexedDB,
each with a UUID made on the device, and sent when there is a connection. The server
stores each UUID once, so sending twice is harmless.
"""

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from . import selectors, services
from .models import Form, Response
from .schema import DEFAULT_MESSAGES, FormSchema, pick
from .views import LANGUAGE_NAMES, UI_DEFAULTS, _ui, rate_limited

MAX_BODY = 1024 * 1024


def _open_form(form_id: str) -> Form:
    return get_object_or_404(Form, form_id=form_id, kind=Form.Kind.PUBLIC)


def definition_json(form: Form) -> dict:
    version = form.published_version()
    schema = FormSchema(version.definition)
    media = selectors.media_names(form)

    def question(q):
        return {
            "name": q.name,
            "type": q.type,
            "label": q.label,
            "hint": q.hint,
            "required": q.required,
            "required_message": q.required_message,
            "constraint": q.constraint,
            "constraint_message": q.constraint_message,
            "relevant": q.relevant,
            "choices": q.choices,
            "group_label": q.group_label,
            "audio": {
                code: reverse("surveys:media_file", args=[form.form_id, name])
                for code, name in q.audio.items()
                if name in media
            },
        }

    return {
        "form_id": form.form_id,
        "title": schema.title,
        "version": version.version_string,
        "languages": {code: LANGUAGE_NAMES.get(code, code) for code in version.languages},
        "consent": schema.consent,
        "ui": {code: _ui(schema, code) for code in version.languages},
        "messages": {
            code: {
                kind: pick(schema.ui.get(kind) or DEFAULT_MESSAGES[kind], code)
                for kind in DEFAULT_MESSAGES
            }
            for code in version.languages
        },
        "pages": [
            {
                "kind": page.kind,
                "name": page.name,
                "label": page.label,
                "relevant": page.relevant,
                "questions": [question(q) for q in page.questions],
            }
            for page in schema.pages
        ],
        "calculates": [
            {"name": q.name, "calculation": q.calculation}
            for q in schema.questions
            if q.type == "calculate" and not q.repeat
        ],
    }


def app(request: HttpRequest, form_id: str) -> HttpResponse:
    form = _open_form(form_id)
    version = form.published_version()
    if version is None:
        return render(
            request,
            "surveys/runtime_message.html",
            {"title": form.title, "message": _(UI_DEFAULTS["closed"])},
            status=404,
        )
    return render(
        request,
        "surveys/offline_app.html",
        {
            "survey": form,
            "definition_url": reverse("surveys:offline_definition", args=[form.form_id]),
            "sync_url": reverse("surveys:offline_sync", args=[form.form_id]),
            "manifest_url": reverse("surveys:offline_manifest", args=[form.form_id]),
            "sw_url": reverse("surveys:offline_sw"),
            "texts": {
                "ready": _("Formulario listo; funciona sin conexión."),
                "saved": _("Entrevista guardada en este dispositivo."),
                "pending": _("Pendiente"),
                "sent": _("Enviada"),
                "failed": _("Falló"),
                "offline": _("Sin conexión: se enviará después."),
                "summary": _("Enviadas: {sent} · Pendientes: {pending} · Fallidas: {failed}"),
                "fix": _("Revise las respuestas marcadas."),
                "unavailable": _("No se pudo cargar el formulario. Ábralo una vez con conexión."),
            },
        },
    )


@require_GET
def definition(request: HttpRequest, form_id: str) -> JsonResponse:
    form = _open_form(form_id)
    if form.published_version() is None:
        return JsonResponse(
            {"error": _("Este formulario no tiene una versión publicada.")}, status=404
        )
    return JsonResponse(definition_json(form))


@require_GET
def manifest(request: HttpRequest, form_id: str) -> HttpResponse:
    form = _open_form(form_id)
    body = {
        "name": f"{form.title} · {settings.PDE_INSTITUTION_ACRONYM}",
        "short_name": form.title[:30],
        "start_url": reverse("surveys:offline_app", args=[form.form_id]),
        "scope": reverse("surveys:offline_sw").rsplit("/", 1)[0] + "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1a3d6d",
        "lang": "es",
        "icons": [{"src": static("surveys/icon.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), content_type="application/manifest+json"
    )


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    response = render(
        request,
        "surveys/sw.js",
        {
            "assets": [
                static("surveys/offline.js"),
                static("surveys/runtime.css"),
                static("pde/pde.css"),
                static("surveys/icon.svg"),
            ]
        },
        content_type="application/javascript",
    )
    response["Cache-Control"] = "no-cache"
    return response


@csrf_exempt
@require_POST
def sync(request: HttpRequest, form_id: str) -> JsonResponse:
    """One interview: {"uuid", "language", "version", "consent", "data"}.
    201 stored, 200 already stored (duplicate), 400 invalid, 403 closed, 404 unknown."""
    if rate_limited(request, "offline-sync", settings.PDE_SURVEYS_POSTS_PER_MINUTE, 60):
        return JsonResponse({"error": _("Demasiadas solicitudes.")}, status=429)
    form = Form.objects.filter(form_id=form_id, kind=Form.Kind.PUBLIC).first()
    if form is None:
        return JsonResponse({"error": _("El formulario no existe.")}, status=404)
    if len(request.body) > MAX_BODY:
        return JsonResponse({"error": _("La entrevista excede el tamaño permitido.")}, status=413)
    try:
        payload = json.loads(request.body)
        data = payload["data"]
        if not isinstance(data, dict):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        return JsonResponse(
            {"error": _("La entrevista llegó incompleta o mal formada.")}, status=400
        )
    if payload.get("consent") is not True:
        return JsonResponse(
            {"error": _("La entrevista no registra el consentimiento informado.")}, status=400
        )
    try:
        receipt = services.receive_complete_submission(
            form,
            data=data,
            client_uuid=str(payload.get("uuid", "")),
            channel=Response.Channel.OFFLINE,
            language=str(payload.get("language", "es")),
            version_string=str(payload.get("version") or "") or None,
        )
    except services.SurveyError as error:
        status = 403 if not form.is_open else 400
        return JsonResponse({"error": str(error)}, status=status)
    if receipt.errors:
        return JsonResponse(
            {"error": _("Hay respuestas por corregir."), "errors": receipt.errors}, status=400
        )
    return JsonResponse(
        {"uuid": str(receipt.response.uuid), "duplicate": not receipt.created},
        status=201 if receipt.created else 200,
    )
