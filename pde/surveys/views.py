"""HTML views: staff pages (forms, versions, respondents, results) and the public runtime."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pde.core.services import record_event
from pde.core.views import paginate

from . import exports, selectors, services
from . import results as result_tools
from .forms import RespondentEmailForm, RespondentForm, XLSFormUploadForm
from .models import Form, FormMedia, FormVersion, Respondent, Response
from .schema import FormSchema, pick

LANGUAGE_NAMES = {"es": "Español", "tzh": "Bats'il k'op (tseltal)", "tzo": "Bats'i k'op (tsotsil)"}
UI_DEFAULTS = {
    "start": "Comenzar",
    "accept": "Acepto y quiero participar",
    "next": "Siguiente",
    "back": "Anterior",
    "add": "Agregar otra",
    "review": "Revise y envíe sus respuestas",
    "submit": "Enviar respuestas",
    "thanks": "Gracias por su respuesta.",
    "question": "Pregunta",
    "of": "de",
    "language": "Idioma",
    "listen": "Escuchar la pregunta",
    "closed": "Este formulario está cerrado.",
    "consent_required": "Para participar debe aceptar el aviso de privacidad.",
}

# --- Staff: forms and versions ------------------------------------------------------


@login_required
@permission_required("surveys.view_form", raise_exception=True)
def form_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.forms_with_counts())
    return render(request, "surveys/form_list.html", {"page": page})


@login_required
@permission_required("surveys.add_form", raise_exception=True)
def form_import(request: HttpRequest) -> HttpResponse:
    form = XLSFormUploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            version = services.import_xlsform(
                form.cleaned_data["xlsform"].read(),
                actor=request.user,
                kind=form.cleaned_data["kind"],
            )
        except services.XLSFormError as error:
            problems = error.problems
        else:
            messages.success(
                request,
                _("Se importó la versión %(n)s de «%(title)s».")
                % {"n": version.number, "title": version.form.title},
            )
            return redirect("surveys:form_detail", pk=version.form_id)
    return render(request, "surveys/form_import.html", {"form": form, "problems": problems})


@login_required
@permission_required("surveys.view_form", raise_exception=True)
def form_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Form, pk=pk)
    upload = XLSFormUploadForm(initial={"kind": survey.kind})
    problems = []
    if request.method == "POST":
        if not request.user.has_perm("surveys.change_form"):
            raise Http404
        upload = XLSFormUploadForm(request.POST, request.FILES)
        if upload.is_valid():
            try:
                version = services.import_xlsform(
                    upload.cleaned_data["xlsform"].read(), actor=request.user, form=survey
                )
            except services.XLSFormError as error:
                problems = error.problems
            else:
                messages.success(
                    request, _("Se creó la versión %(n)s (borrador).") % {"n": version.number}
                )
                return redirect("surveys:form_detail", pk=survey.pk)
    versions = survey.versions.order_by("-number")
    published = survey.published_version()
    schema = FormSchema(published.definition) if published else None
    return render(
        request,
        "surveys/form_detail.html",
        {
            "survey": survey,
            "versions": selectors.versions_with_counts(survey),
            "published": published,
            "draft": survey.draft_version(),
            "schema": schema,
            "upload": upload,
            "problems": problems,
            "public_url": request.build_absolute_uri(
                reverse("surveys:public_start", args=[survey.form_id])
            ),
            "has_versions": versions.exists(),
            "media": survey.media.order_by("filename"),
            "missing_media": sorted(
                services.referenced_media(survey)
                - set(survey.media.values_list("filename", flat=True))
            ),
        },
    )


@login_required
@permission_required("surveys.change_form", raise_exception=True)
@require_POST
def version_publish(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = get_object_or_404(FormVersion, form_id=pk, number=number)
    try:
        services.publish_version(version, actor=request.user)
    except services.SurveyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Versión %(n)s publicada.") % {"n": number})
    return redirect("surveys:form_detail", pk=pk)


@login_required
@permission_required("surveys.change_form", raise_exception=True)
@require_POST
def form_status(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Form, pk=pk)
    status = request.POST.get("status", "")
    if status not in (Form.Status.OPEN, Form.Status.CLOSED):
        messages.error(request, _("Estado no válido."))
    else:
        try:
            services.set_form_status(survey, status, actor=request.user)
        except services.SurveyError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Estado actualizado."))
    return redirect("surveys:form_detail", pk=pk)


@login_required
@permission_required("surveys.view_form", raise_exception=True)
def version_xlsform(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = get_object_or_404(FormVersion, form_id=pk, number=number)
    response = HttpResponse(
        bytes(version.xlsform),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"{version.form.form_id}-v{version.number}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Public runtime -----------------------------------------------------------------


@dataclass
class Runtime:
    """Where a respondent is: an anonymous public survey or a personal invitation."""

    form: Form
    mode: str  # "public" | "invitation"
    key: str  # form_id or access code
    respondent: Respondent | None = None

    def url(self, name: str, *args) -> str:
        if not name:
            start = "surveys:public_start" if self.mode == "public" else "surveys:invitation"
            return reverse(start, args=[self.key])
        prefix = "public" if self.mode == "public" else "invitation"
        return reverse(f"surveys:{prefix}_{name}", args=[self.key, *args])

    @property
    def cookie(self) -> str:
        return f"pde_encuesta_{self.form.pk}"


def _runtime(form_id: str | None = None, code: str | None = None) -> Runtime:
    if code is not None:
        respondent = get_object_or_404(Respondent.objects.select_related("form"), access_code=code)
        return Runtime(respondent.form, "invitation", code, respondent)
    form = get_object_or_404(Form, form_id=form_id, kind=Form.Kind.PUBLIC)
    return Runtime(form, "public", form_id)


def _current_response(request: HttpRequest, runtime: Runtime) -> Response | None:
    if runtime.respondent is not None:
        return Response.objects.filter(respondent=runtime.respondent).first()
    token = request.COOKIES.get(runtime.cookie, "")
    if not token:
        return None
    return Response.objects.filter(form=runtime.form, resume_token=token).first()


def _client_ip(request: HttpRequest) -> str:
    return getattr(request, "client_ip", None) or request.META.get("REMOTE_ADDR", "")


def rate_limited(request: HttpRequest, bucket: str, limit: int, seconds: int) -> bool:
    """A fixed-window counter in the cache, shared by every app server."""
    key = f"surveys:rate:{bucket}:{_client_ip(request)}"
    cache.add(key, 0, seconds)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, seconds)
        count = 1
    return count > limit


def _too_many(request: HttpRequest) -> HttpResponse:
    response = render(
        request,
        "surveys/runtime_message.html",
        {
            "title": _("Demasiadas solicitudes"),
            "message": _("Espere unos minutos y vuelva a intentarlo."),
        },
        status=429,
    )
    response["Retry-After"] = "60"
    return response


def _ui(schema: FormSchema, language: str) -> dict[str, str]:
    words = {}
    for key, default in UI_DEFAULTS.items():
        own = schema.ui.get(key)
        words[key] = pick(own, language) if own else _(default)
    return words


def _language(request: HttpRequest, response: Response | None, available) -> str:
    requested = request.GET.get("lang") or request.POST.get("lang")
    if requested in available:
        if response is not None:
            services.set_language(response, requested)
        return requested
    if response is not None:
        return response.language
    return "es"


def _languages(version: FormVersion) -> list[dict]:
    return [{"code": code, "name": LANGUAGE_NAMES.get(code, code)} for code in version.languages]


def _render_runtime(request, runtime, template, context, status=200, language="es"):
    with translation.override(language):
        response = render(
            request, template, {"runtime": runtime, "language": language, **context}, status=status
        )
    return response


def _throttle(request: HttpRequest) -> bool:
    return request.method == "POST" and rate_limited(
        request,
        "post",
        settings.PDE_SURVEYS_POSTS_PER_MINUTE,
        60,
    )


def public_index(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/public_index.html", {"forms": selectors.open_public_forms()})


def runtime_start(request: HttpRequest, form_id=None, code=None) -> HttpResponse:
    runtime = _runtime(form_id, code)
    if _throttle(request):
        return _too_many(request)
    version = runtime.form.published_version()
    if version is None or not runtime.form.is_open:
        return _render_runtime(
            request,
            runtime,
            "surveys/runtime_message.html",
            {"title": runtime.form.title, "message": _(UI_DEFAULTS["closed"])},
            status=410 if version else 404,
        )
    response = _current_response(request, runtime)
    if response is not None and response.version_id != version.pk and not response.consent_at:
        response = None
    schema = FormSchema((response.version if response else version).definition)
    language = _language(request, response, version.languages)
    ui = _ui(schema, language)
    error = ""
    if request.method == "POST":
        if request.POST.get("consent") != "yes":
            error = ui["consent_required"]
        else:
            if response is None:
                if runtime.mode == "public" and rate_limited(
                    request,
                    f"start:{runtime.form.pk}",
                    settings.PDE_SURVEYS_STARTS_PER_HOUR,
                    3600,
                ):
                    return _too_many(request)
                if runtime.respondent is not None:
                    response = services.response_for_respondent(runtime.respondent)
                    services.set_language(response, language)
                else:
                    response = services.start_web_response(runtime.form, language=language)
            services.record_consent(response)
            first = services.next_page(response, -1)
            target = runtime.url("page", first) if first is not None else runtime.url("end")
            redirect_response = redirect(f"{target}?lang={language}")
            if runtime.mode == "public":
                redirect_response.set_cookie(
                    runtime.cookie,
                    response.resume_token,
                    max_age=60 * 60 * 24 * 60,
                    httponly=True,
                    samesite="Lax",
                    secure=request.is_secure(),
                )
            return redirect_response
    resume = None
    if response is not None and response.consent_at:
        if response.status == Response.Status.SUBMITTED and not services.editable(response):
            resume = runtime.url("end")
        else:
            resume = runtime.url("page", response.position)
    return _render_runtime(
        request,
        runtime,
        "surveys/runtime_start.html",
        {
            "schema": schema,
            "ui": ui,
            "consent_text": pick(schema.consent, language)
            or _(
                "Sus respuestas se usan sólo con fines estadísticos y se protegen conforme a "
                "la ley de protección de datos personales."
            ),
            "error": error,
            "languages": _languages(version),
            "resume": resume,
            "response": response,
        },
        status=400 if error else 200,
        language=language,
    )


def _question_view(
    schema, question, language, value, error, prefix="", form_id="", media=frozenset()
):
    field = f"{prefix}{question.name}"
    audio = question.audio.get(language, "")
    if audio not in media:
        audio = ""
    return {
        "audio_url": reverse("surveys:media_file", args=[form_id, audio])
        if audio and form_id
        else "",
        "q": question,
        "field": field,
        "label": pick(question.label, language),
        "hint": pick(question.hint, language),
        "value": value,
        "values": value if isinstance(value, list) else [],
        "error": error,
        "choices": [
            {"code": c["name"], "label": pick(c["label"], language) or c["name"]}
            for c in question.choices
        ],
    }


def runtime_page(request: HttpRequest, index: int, form_id=None, code=None) -> HttpResponse:
    runtime = _runtime(form_id, code)
    if _throttle(request):
        return _too_many(request)
    response = _current_response(request, runtime)
    if response is None or response.consent_at is None:
        return redirect(runtime.url(""))
    schema = FormSchema(response.version.definition)
    if not 0 <= index < len(schema.pages):
        raise Http404
    language = _language(request, response, response.version.languages)
    if not services.editable(response):
        return redirect(runtime.url("end"))
    page = schema.pages[index]
    values = schema.compute(response.data)
    if not schema.page_relevant(page, values):
        following = services.next_page(response, index)
        return redirect(
            runtime.url("page", following) if following is not None else runtime.url("end")
        )
    errors: dict[str, str] = {}
    raw_values: dict = {}
    instances_count = None
    if request.method == "POST":
        action = request.POST.get("action", "next")
        if page.kind == "question":
            question = page.questions[0]
            raw = (
                request.POST.getlist(question.name)
                if question.type == "select_multiple"
                else request.POST.get(question.name, "")
            )
            raw_values = {question.name: raw}
        else:
            count = int(request.POST.get("instances", "1") or 1)
            instances = []
            for i in range(min(count, 100)):
                instances.append(
                    {
                        q.name: (
                            request.POST.getlist(f"{page.name}-{i}-{q.name}")
                            if q.type == "select_multiple"
                            else request.POST.get(f"{page.name}-{i}-{q.name}", "")
                        )
                        for q in page.questions
                    }
                )
            raw_values = {page.name: instances}
        if action == "back":
            previous = services.previous_page(response, index)
            return redirect(
                (runtime.url("page", previous) if previous is not None else runtime.url(""))
                + f"?lang={language}"
            )
        errors = services.save_page(response, index, raw_values)
        if not errors:
            if action == "add" and page.kind == "repeat":
                instances_count = len(response.data.get(page.name, [])) + 1
            else:
                following = services.next_page(response, index)
                target = (
                    runtime.url("page", following) if following is not None else runtime.url("end")
                )
                return redirect(f"{target}?lang={language}")
    ui = _ui(schema, language)
    media = selectors.media_names(runtime.form)
    relevant_pages = [i for i, p in enumerate(schema.pages) if schema.page_relevant(p, values)]
    number = relevant_pages.index(index) + 1 if index in relevant_pages else 1
    context = {
        "schema": schema,
        "ui": ui,
        "page": page,
        "index": index,
        "number": number,
        "total": len(relevant_pages),
        "languages": _languages(response.version),
        "has_errors": bool(errors),
        "can_go_back": services.previous_page(response, index) is not None,
    }
    if page.kind == "question":
        question = page.questions[0]
        value = raw_values.get(question.name, response.data.get(question.name, ""))
        context["question"] = _question_view(
            schema,
            question,
            language,
            value,
            errors.get(question.name, ""),
            form_id=runtime.form.form_id,
            media=media,
        )
    else:
        stored = raw_values.get(page.name) if errors else response.data.get(page.name, [])
        stored = list(stored or [])
        wanted = instances_count or max(len(stored), 1)
        while len(stored) < wanted:
            stored.append({})
        context["repeat_label"] = pick(page.label, language)
        context["instances"] = [
            {
                "number": i + 1,
                "questions": [
                    _question_view(
                        schema,
                        q,
                        language,
                        instance.get(q.name, ""),
                        errors.get(f"{page.name}-{i}-{q.name}", ""),
                        prefix=f"{page.name}-{i}-",
                        form_id=runtime.form.form_id,
                        media=media,
                    )
                    for q in page.questions
                    if q.answerable
                ],
            }
            for i, instance in enumerate(stored)
        ]
        context["instances_count"] = len(stored)
    if page.kind == "question" and page.questions[0].group:
        context["group_label"] = pick(page.questions[0].group_label, language)
    return _render_runtime(
        request,
        runtime,
        "surveys/runtime_page.html",
        context,
        status=400 if errors else 200,
        language=language,
    )


def runtime_end(request: HttpRequest, form_id=None, code=None) -> HttpResponse:
    runtime = _runtime(form_id, code)
    if _throttle(request):
        return _too_many(request)
    response = _current_response(request, runtime)
    if response is None or response.consent_at is None:
        return redirect(runtime.url(""))
    schema = FormSchema(response.version.definition)
    language = _language(request, response, response.version.languages)
    ui = _ui(schema, language)
    errors: dict[str, str] = {}
    if request.method == "POST" and services.editable(response):
        errors = services.submit_response(response)
        if not errors:
            return redirect(runtime.url("end") + f"?lang={language}")
    summary = []
    values = schema.compute(response.data)
    for page in schema.pages:
        if not schema.page_relevant(page, values):
            continue
        for question in page.questions:
            if not question.answerable or question.type == "note":
                continue
            value = response.data.get(question.name)
            if question.repeat:
                continue
            summary.append(
                {
                    "label": pick(question.label, language),
                    "value": _display(question, value, language),
                    "error": errors.get(question.name, ""),
                    "url": runtime.url("page", schema.pages.index(page)),
                }
            )
    return _render_runtime(
        request,
        runtime,
        "surveys/runtime_end.html",
        {
            "schema": schema,
            "ui": ui,
            "response": response,
            "summary": summary,
            "submitted": response.status == Response.Status.SUBMITTED,
            "editable": services.editable(response),
            "languages": _languages(response.version),
            "errors": errors,
        },
        status=400 if errors else 200,
        language=language,
    )


def _display(question, value, language) -> str:
    if value in (None, "", []):
        return "—"
    if question.type == "select_one":
        return question.choice_label(str(value), language)
    if question.type == "select_multiple":
        return ", ".join(question.choice_label(code, language) for code in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- Staff: known respondents -----------------------------------------------------


@login_required
@permission_required("surveys.view_respondent", raise_exception=True)
def respondents(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Form, pk=pk)
    kind = request.GET.get("tipo", "")
    status = request.GET.get("estado", "")
    items = selectors.filter_respondents(
        survey, kind=kind, status=status, q=request.GET.get("q", "").strip()
    )
    return render(
        request,
        "surveys/respondents.html",
        {
            "survey": survey,
            "page": paginate(request, items),
            "rates": selectors.response_rates(survey),
            "kinds": Respondent.Kind.choices,
            "add_form": RespondentForm(),
            "statuses": Respondent.Status.choices,
            "kind": kind,
            "status": status,
            "q": request.GET.get("q", ""),
        },
    )


@login_required
@permission_required("surveys.add_respondent", raise_exception=True)
@require_POST
def respondents_add_municipal(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Form, pk=pk)
    created = services.add_municipal_respondents(survey, actor=request.user)
    messages.success(request, _("Se agregaron %(n)s personas o áreas.") % {"n": created})
    return redirect("surveys:respondents", pk=pk)


@login_required
@permission_required("surveys.add_respondent", raise_exception=True)
@require_POST
def respondent_add(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Form, pk=pk)
    form = RespondentForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}")
    else:
        try:
            services.add_respondent(survey, actor=request.user, **form.cleaned_data)
        except services.SurveyError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Persona o área agregada."))
    return redirect("surveys:respondents", pk=pk)


@login_required
@permission_required("surveys.change_respondent", raise_exception=True)
@require_POST
def respondent_email(request: HttpRequest, pk: int, respondent_id: int) -> HttpResponse:
    respondent = get_object_or_404(Respondent, pk=respondent_id, form_id=pk)
    form = RespondentEmailForm(request.POST)
    if form.is_valid():
        services.set_respondent_email(respondent, form.cleaned_data["email"], actor=request.user)
        messages.success(request, _("Correo actualizado."))
    else:
        messages.error(request, _("Correo electrónico: escriba una dirección válida."))
    return redirect(request.POST.get("next") or reverse("surveys:respondents", args=[pk]))


@login_required
@permission_required("surveys.change_respondent", raise_exception=True)
@require_POST
def respondents_invite(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Form, pk=pk)
    reminder = request.POST.get("reminder") == "1"
    if not survey.is_open:
        messages.error(request, _("Abra el cuestionario antes de enviar invitaciones."))
        return redirect("surveys:respondents", pk=pk)
    sent = services.send_invitations(
        survey,
        base_url=request.build_absolute_uri("/").rstrip("/"),
        reminder=reminder,
        actor=request.user,
    )
    messages.success(request, _("Se enviaron %(n)s correos.") % {"n": sent})
    return redirect("surveys:respondents", pk=pk)


@login_required
@permission_required("surveys.view_respondent", raise_exception=True)
def respondents_export(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Form, pk=pk)
    file_format = request.GET.get("formato", "xlsx")
    content, content_type, extension = exports.respondents_table(survey, file_format)
    record_event("surveys.respondents.exported", survey, changes={"format": extension})
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{survey.form_id}-tasa-de-respuesta.{extension}"'
    )
    return response


# --- Staff: results -----------------------------------------------------------------


def _result_filters(request: HttpRequest) -> dict:
    from django.utils.dateparse import parse_date

    return {
        "language": request.GET.get("idioma", "")
        if request.GET.get("idioma") in LANGUAGE_NAMES
        else "",
        "channel": request.GET.get("canal", "")
        if request.GET.get("canal") in Response.Channel.values
        else "",
        "municipality": request.GET.get("municipio", "").strip()[:5],
        "date_from": parse_date(request.GET.get("desde", "") or "")
        if request.GET.get("desde")
        else None,
        "date_to": parse_date(request.GET.get("hasta", "") or "")
        if request.GET.get("hasta")
        else None,
    }


@login_required
@permission_required("surveys.view_response", raise_exception=True)
def results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Form, pk=pk)
    filters = _result_filters(request)
    label_language = request.GET.get("etiquetas_idioma", "es")
    if label_language not in LANGUAGE_NAMES:
        label_language = "es"
    responses = selectors.filter_responses(survey, **filters)
    questions = [q for q in result_tools.questions_of(survey) if q.type == "select_one"]
    cross = None
    if request.GET.get("filas") and request.GET.get("columnas"):
        cross = result_tools.crosstab(
            survey, responses, request.GET["filas"], request.GET["columnas"], label_language
        )
    return render(
        request,
        "surveys/results.html",
        {
            "survey": survey,
            "filters": filters,
            "query": request.GET.urlencode(),
            "count": responses.count(),
            "summaries": result_tools.summarize(survey, responses, label_language),
            "select_questions": [
                {"name": q.name, "label": pick(q.label, "es") or q.name} for q in questions
            ],
            "cross": cross,
            "rows_q": request.GET.get("filas", ""),
            "columns_q": request.GET.get("columnas", ""),
            "languages": LANGUAGE_NAMES,
            "channels": Response.Channel.choices,
            "label_language": label_language,
            "figures": selectors.live_figures(survey),
        },
    )


@login_required
@permission_required("surveys.view_response", raise_exception=True)
def results_export(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Form, pk=pk)
    file_format = request.GET.get("formato", "xlsx")
    if file_format not in ("csv", "xlsx", "sav"):
        file_format = "xlsx"
    labels = request.GET.get("valores") == "etiquetas"
    language = request.GET.get("etiquetas_idioma", "es")
    if language not in LANGUAGE_NAMES:
        language = "es"
    filters = _result_filters(request)
    responses = selectors.filter_responses(survey, **filters)
    content, content_type, extension = exports.responses_export(
        survey, responses, file_format, labels=labels, language=language
    )
    record_event(
        "surveys.responses.exported",
        survey,
        changes={
            "format": extension,
            "labels": labels,
            "language": language,
            "rows": responses.count(),
            "filters": {k: str(v) for k, v in filters.items() if v},
        },
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{survey.form_id}.{extension}"'
    return response


# --- Audio files ----------------------------------------------------------------------


@login_required
@permission_required("surveys.change_form", raise_exception=True)
@require_POST
def media_upload(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Form, pk=pk)
    files = request.FILES.getlist("media")
    if not files:
        messages.error(request, _("Elija al menos un archivo de audio."))
    for upload in files:
        try:
            services.upload_media(survey, upload.name, upload.read(), actor=request.user)
        except services.SurveyError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Audio «%(name)s» guardado.") % {"name": upload.name})
    return redirect("surveys:form_detail", pk=pk)


def media_file(request: HttpRequest, form_id: str, filename: str) -> HttpResponse:
    from django.http import FileResponse

    media = get_object_or_404(FormMedia, form__form_id=form_id, filename=filename)
    response = FileResponse(media.file.open("rb"), content_type=media.content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response


@login_required
@permission_required("surveys.add_form", raise_exception=True)
def xlsform_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(exports.xlsform_template(), content_type=exports.XLSX)
    response["Content-Disposition"] = 'attachment; filename="plantilla-xlsform.xlsx"'
    return response
