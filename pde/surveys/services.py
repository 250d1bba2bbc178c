"""Every write and rule of the surveys: XLSForm import, versions, publishing,
responses from the web, the offline app and ODK Collect, known respondents."""

import hashlib
import re
import secrets
import uuid as uuid_lib
from dataclasses import dataclass
from io import BytesIO
from typing import Any
from xml.etree import ElementTree as ET  # noqa: S405 (parsed with defusedxml below)

import defusedxml.ElementTree as SafeET
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from pyxform.errors import PyXFormError
from pyxform.xls2json_backends import get_xlsform
from pyxform.xls2xform import convert

from pde.core import selectors as core_selectors
from pde.core.models import PublicEntity
from pde.core.services import record_event
from pde.core.tasks import send_email

from . import expressions as expr
from .models import Form, FormMedia, FormVersion, Respondent, Response
from .schema import FormSchema, language_code

# --- XLSForm import ----------------------------------------------------------------

STRUCTURE_TYPES = {"begin group", "end group", "begin repeat", "end repeat"}
ANSWER_TYPES = {"text", "integer", "decimal", "date", "note", "calculate"}
SELECT_TYPES = {"select_one", "select_multiple", "select one", "select all that apply"}
# Metadata questions ODK fills by itself; accepted and kept out of the runtime.
META_TYPES = {"start", "end", "today", "deviceid", "username", "phonenumber", "audit"}
EXPRESSION_COLUMNS = ("relevant", "constraint", "calculation")


@dataclass(frozen=True)
class ImportProblem:
    sheet: str
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = []
        if self.sheet:
            where.append(_("hoja «%(sheet)s»") % {"sheet": self.sheet})
        if self.row:
            where.append(_("fila %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("columna «%(column)s»") % {"column": self.column})
        return f"{', '.join(where)}: {self.message}" if where else self.message


class XLSFormError(Exception):
    def __init__(self, problems: list[ImportProblem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def _normalize_type(raw: str) -> str:
    return re.sub(r"\s+", " ", raw.replace("_", " ")).strip().lower()


def _precheck(workbook) -> list[ImportProblem]:
    """Our own checks, in Spanish, on the rows pyxform read: types we run, expressions
    our evaluator understands, the settings we need."""
    problems: list[ImportProblem] = []
    if not workbook.survey:
        return [ImportProblem("survey", None, "", _("Falta la hoja «survey» o está vacía."))]
    names = {str(row.get("name", "")).strip() for row in workbook.survey if row.get("name")}
    for index, row in enumerate(workbook.survey, start=2):
        raw_type = str(row.get("type", "")).strip()
        if not raw_type:
            continue
        kind = _normalize_type(raw_type)
        first = kind.split(" ")[0]
        if kind in STRUCTURE_TYPES or kind in ANSWER_TYPES or kind in META_TYPES:
            pass
        elif first in ("select", "select_one", "select_multiple") or raw_type.split()[0] in (
            "select_one",
            "select_multiple",
        ):
            if len(raw_type.split()) < 2:
                problems.append(
                    ImportProblem(
                        "survey",
                        index,
                        "type",
                        _("Falta el nombre de la lista de opciones después de «%(type)s».")
                        % {"type": raw_type},
                    )
                )
        else:
            problems.append(
                ImportProblem(
                    "survey",
                    index,
                    "type",
                    _(
                        "El tipo de pregunta «%(type)s» no está soportado. Use text, integer, "
                        "decimal, date, select_one, select_multiple, note, calculate, "
                        "begin/end group o begin/end repeat."
                    )
                    % {"type": raw_type},
                )
            )
        for column in EXPRESSION_COLUMNS:
            text = str(row.get(column, "") or "").strip()
            if not text:
                continue
            try:
                expr.check(text, names)
            except expr.ExpressionError as error:
                problems.append(ImportProblem("survey", index, column, str(error)))
    for index, row in enumerate(workbook.survey, start=2):
        if str(row.get("required", "")).strip().lower() not in (
            "",
            "yes",
            "no",
            "true",
            "false",
            "true()",
            "false()",
        ):
            problems.append(
                ImportProblem("survey", index, "required", _("Escriba «yes» o «no» en «required»."))
            )
    for column in workbook.survey_header or []:
        for key in column if isinstance(column, dict) else [column]:
            if "::" in str(key):
                language = str(key).split("::", 1)[1]
                if language_code(language) not in ("es", "tzh", "tzo"):
                    problems.append(
                        ImportProblem(
                            "survey",
                            1,
                            str(key),
                            _(
                                "El idioma «%(language)s» no se reconoce: escriba la "
                                "columna como «label::Español (es)», «label::Tseltal (tzh)» "
                                "o «label::Tsotsil (tzo)»."
                            )
                            % {"language": language},
                        )
                    )
    settings_row = workbook.settings[0] if workbook.settings else {}
    if not str(settings_row.get("form_id", "")).strip():
        problems.append(
            ImportProblem(
                "settings",
                2,
                "form_id",
                _("Falta el identificador del formulario (form_id) en la hoja «settings»."),
            )
        )
    return problems


_PYXFORM_ROW = re.compile(r"\[row\s*:\s*(\d+)\]")
_PYXFORM_COLUMN = re.compile(r"the '([\w:]+)' value")
_PYXFORM_SHEET = re.compile(r"On the '(\w+)' sheet")
_PYXFORM_PATTERNS = [  # (pattern in pyxform's English message, Spanish msgid)
    (r"must be unique", gettext_noop("Hay otra pregunta con el mismo nombre en el mismo grupo.")),
    (
        r"Names must begin with a letter",
        gettext_noop(
            "El nombre no es válido: debe empezar con una letra "
            "o guion bajo y contener sólo letras, dígitos, guiones, guiones bajos o puntos."
        ),
    ),
    (r"Unmatched 'begin_group'", gettext_noop("Falta el «end group» de este grupo.")),
    (r"Unmatched 'begin_repeat'", gettext_noop("Falta el «end repeat» de esta repetición.")),
    (r"Unmatched 'end_", gettext_noop("Hay un «end» sin su «begin» correspondiente.")),
    (
        r"choices sheet",
        gettext_noop("Falta la hoja «choices» con las columnas list_name, name y label."),
    ),
    (
        r"List name not in choices sheet",
        gettext_noop("La lista de opciones no existe en la hoja «choices»."),
    ),
    (r"Could not find the name", gettext_noop("Se refiere a una pregunta que no existe.")),
    (r"Unknown question type", gettext_noop("Tipo de pregunta desconocido.")),
    (r"[Dd]uplicate", gettext_noop("Hay un valor repetido.")),
]


def _translate_pyxform_error(error: Exception) -> ImportProblem:
    text = str(error)
    context = getattr(error, "context", None) or {}
    row_match = _PYXFORM_ROW.search(text)
    column_match = _PYXFORM_COLUMN.search(text)
    sheet_match = _PYXFORM_SHEET.search(text)
    message = _("El XLSForm no es válido.")
    for pattern, spanish in _PYXFORM_PATTERNS:
        if re.search(pattern, text):
            message = _(spanish)
            break
    detail = _PYXFORM_ROW.sub("", text).strip()
    return ImportProblem(
        context.get("sheet") or (sheet_match.group(1) if sheet_match else "survey"),
        int(context.get("row") or (row_match.group(1) if row_match else 0)) or None,
        context.get("column") or (column_match.group(1) if column_match else ""),
        f"{message} ({_('detalle')}: {detail})",
    )


def _read_workbook(content: bytes):
    try:
        return get_xlsform(xlsform=BytesIO(content))
    except Exception as error:  # pyxform raises several kinds for unreadable files
        raise XLSFormError(
            [
                ImportProblem(
                    "",
                    None,
                    "",
                    _("No se pudo leer el archivo: debe ser un XLSForm en formato .xlsx o .xls."),
                )
            ]
        ) from error


def parse_xlsform(content: bytes) -> tuple[dict, str, dict[str, str], list[str]]:
    """XLSForm bytes -> (pyxform JSON, XForm XML, {code: language name}, warnings).
    Raises XLSFormError with Spanish problems by sheet, row and column."""
    workbook = _read_workbook(content)
    problems = _precheck(workbook)
    if problems:
        raise XLSFormError(problems)
    warnings: list[str] = []
    try:
        result = convert(BytesIO(content), warnings=warnings, pretty_print=True)
    except PyXFormError as error:
        raise XLSFormError([_translate_pyxform_error(error)]) from error
    except Exception as error:
        raise XLSFormError([_translate_pyxform_error(error)]) from error
    definition = result._pyxform
    languages = {}
    for key in workbook.survey_header or []:
        for column in key if isinstance(key, dict) else [key]:
            if "::" in str(column):
                name = str(column).split("::", 1)[1]
                languages.setdefault(language_code(name), name)
    if not languages:
        languages = {"es": "default"}
    # Every flat name must be unique: answers are keyed by name.
    schema = FormSchema(definition)
    seen: set[str] = set()
    for question in schema.questions:
        if question.name in seen and not question.repeat:
            raise XLSFormError(
                [
                    ImportProblem(
                        "survey",
                        None,
                        "name",
                        _("El nombre «%(name)s» se repite en distintos grupos; use nombres únicos.")
                        % {"name": question.name},
                    )
                ]
            )
        seen.add(question.name)
    return definition, result.xform, languages, warnings


@transaction.atomic
def import_xlsform(
    content: bytes,
    *,
    actor=None,
    kind: str = Form.Kind.PUBLIC,
    form: Form | None = None,
) -> FormVersion:
    """Create a form (or a new draft version of ``form``) from an XLSForm.

    A published version is never touched: re-importing makes a new draft version;
    re-importing over an unpublished draft replaces that draft.
    """
    definition, xform, languages, _warnings = parse_xlsform(content)
    form_id = definition["id_string"]
    title = definition.get("title") or form_id
    if form is None:
        form = Form.objects.filter(form_id=form_id).first()
    elif form.form_id != form_id:
        raise XLSFormError(
            [
                ImportProblem(
                    "settings",
                    2,
                    "form_id",
                    _("El form_id «%(new)s» no coincide con el del formulario («%(old)s»).")
                    % {"new": form_id, "old": form.form_id},
                )
            ]
        )
    if form is None:
        form = Form.objects.create(form_id=form_id, title=title, kind=kind, created_by=actor)
    else:
        form.title = title
        form.save(update_fields=["title", "updated_at"])
    draft = form.draft_version()
    fields = {
        "version_string": str(definition.get("version") or ""),
        "xlsform": content,
        "xlsform_sha256": hashlib.sha256(content).hexdigest(),
        "definition": definition,
        "xform": xform,
        "languages": languages,
    }
    if draft is not None:
        for name, value in fields.items():
            setattr(draft, name, value)
        draft.save()
        version = draft
    else:
        last = form.versions.order_by("-number").first()
        version = FormVersion.objects.create(
            form=form, number=(last.number + 1) if last else 1, **fields
        )
    record_event(
        "surveys.form.imported",
        version,
        actor=actor,
        changes={"form_id": form_id, "version": version.number, "sha256": fields["xlsform_sha256"]},
    )
    return version


class SurveyError(Exception):
    """A rule of the surveys refused the action (message in Spanish)."""


@transaction.atomic
def publish_version(version: FormVersion, *, actor=None) -> FormVersion:
    version = FormVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_published:
        raise SurveyError(_("Esta versión ya está publicada y no puede cambiar."))
    version.published_at = timezone.now()
    version.save(update_fields=["published_at"])
    form = version.form
    if form.status == Form.Status.DRAFT:
        form.status = Form.Status.OPEN
        form.save(update_fields=["status", "updated_at"])
    record_event(
        "surveys.form.published",
        version,
        actor=actor,
        changes={"form_id": form.form_id, "version": version.number},
    )
    return version


def set_form_status(form: Form, status: str, *, actor=None) -> Form:
    if status == Form.Status.OPEN and form.published_version() is None:
        raise SurveyError(_("Publique una versión antes de abrir el formulario."))
    previous = form.status
    form.status = status
    form.save(update_fields=["status", "updated_at"])
    record_event(
        "surveys.form.closed" if status == Form.Status.CLOSED else "surveys.form.opened",
        form,
        actor=actor,
        changes={"status": [previous, status]},
    )
    return form


def schema_for(version: FormVersion) -> FormSchema:
    return FormSchema(version.definition)


MEDIA_TYPES = {
    ".mp3": "audio/mpeg",
    ".ogg": "audio/ogg",
    ".oga": "audio/ogg",
    ".wav": "audio/wav",
    ".m4a": "audio/mp4",
    ".webm": "audio/webm",
}
MAX_MEDIA_BYTES = 10 * 1024 * 1024


def referenced_media(form: Form) -> set[str]:
    names: set[str] = set()
    for version in form.versions.all():
        names |= FormSchema(version.definition).audio_files()
    return names


@transaction.atomic
def upload_media(form: Form, filename: str, content: bytes, *, actor=None) -> FormMedia:
    """Store an audio file the form names in a ``media::audio::…`` column."""
    name = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    if name not in referenced_media(form):
        raise SurveyError(
            _("El archivo «%(name)s» no aparece en ninguna columna media::audio del formulario.")
            % {"name": name}
        )
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in MEDIA_TYPES:
        raise SurveyError(
            _("Formato de audio no admitido: use mp3, ogg, wav, m4a o webm (%(name)s).")
            % {"name": name}
        )
    if len(content) > MAX_MEDIA_BYTES:
        raise SurveyError(_("El archivo «%(name)s» excede 10 MB.") % {"name": name})
    from django.core.files.base import ContentFile

    digest = hashlib.sha256(content).hexdigest()
    media = FormMedia.objects.filter(form=form, filename=name).first() or FormMedia(
        form=form, filename=name
    )
    media.sha256 = digest
    media.content_type = MEDIA_TYPES[extension]
    media.file.save(name, ContentFile(content), save=False)
    media.save()
    record_event(
        "surveys.media.uploaded", form, actor=actor, changes={"file": name, "sha256": digest}
    )
    return media


# --- Responses ----------------------------------------------------------------------


def _municipality_from(data: dict) -> PublicEntity | None:
    code = data.get("municipio")
    if isinstance(code, str) and code:
        return PublicEntity.objects.filter(
            kind=PublicEntity.Kind.MUNICIPALITY, inegi_code=code
        ).first()
    return None


def start_web_response(
    form: Form, *, language: str = "es", resume_token: str = "", respondent=None
) -> Response:
    version = form.published_version()
    if version is None or not form.is_open:
        raise SurveyError(_("Este formulario no está abierto."))
    return Response.objects.create(
        form=form,
        version=version,
        channel=Response.Channel.INVITATION if respondent else Response.Channel.WEB,
        language=language if language in ("es", "tzh", "tzo") else "es",
        resume_token=resume_token or secrets.token_urlsafe(24),
        respondent=respondent,
    )


def record_consent(response: Response) -> Response:
    if response.consent_at is None:
        response.consent_at = timezone.now()
        response.save(update_fields=["consent_at", "updated_at"])
        if response.respondent and response.respondent.status != Respondent.Status.SUBMITTED:
            Respondent.objects.filter(pk=response.respondent_id).update(
                status=Respondent.Status.STARTED
            )
    return response


def set_language(response: Response, language: str) -> None:
    if language in ("es", "tzh", "tzo") and response.language != language:
        response.language = language
        response.save(update_fields=["language", "updated_at"])


def editable(response: Response) -> bool:
    if not response.form.is_open:
        return False
    if response.status == Response.Status.SUBMITTED:
        # Known respondents may edit until the questionnaire closes.
        return response.respondent_id is not None
    return True


def save_page(response: Response, page_index: int, raw: dict) -> dict[str, str]:
    """Validate and store the answers of one page. -> {name: error in the respondent's
    language}; nothing is stored when there are errors."""
    if not editable(response):
        raise SurveyError(_("Este formulario ya no admite cambios."))
    schema = schema_for(response.version)
    page = schema.pages[page_index]
    values = schema.compute(response.data)
    errors: dict[str, str] = {}
    data = dict(response.data)
    if page.kind == "question":
        question = page.questions[0]
        if question.answerable:
            value, error = schema.validate_answer(
                question, raw.get(question.name), values, response.language
            )
            if error:
                errors[question.name] = error
            elif value is None or value == []:
                data.pop(question.name, None)
            else:
                data[question.name] = value
    else:
        instances = []
        for index, instance in enumerate(raw.get(page.name) or []):
            row = {}
            for question in page.questions:
                if not question.answerable:
                    continue
                context = {**values, **row}
                if not schema.is_relevant(question.relevant, context):
                    continue
                value, error = schema.validate_answer(
                    question, instance.get(question.name), context, response.language
                )
                if error:
                    errors[f"{page.name}-{index}-{question.name}"] = error
                elif value is not None and value != []:
                    row[question.name] = value
            if row:
                instances.append(row)
        if instances:
            data[page.name] = instances
        else:
            data.pop(page.name, None)
    if not errors:
        computed = schema.compute(_drop_calculated(schema, data))
        response.data = {k: v for k, v in computed.items() if v != ""}
        response.position = page_index
        response.save(update_fields=["data", "position", "updated_at"])
    return errors


def _drop_calculated(schema: FormSchema, data: dict) -> dict:
    calculated = {q.name for q in schema.questions if q.type == "calculate"}
    return {k: v for k, v in data.items() if k not in calculated}


def next_page(response: Response, after: int) -> int | None:
    schema = schema_for(response.version)
    values = schema.compute(response.data)
    for index in range(after + 1, len(schema.pages)):
        if schema.page_relevant(schema.pages[index], values):
            return index
    return None


def previous_page(response: Response, before: int) -> int | None:
    schema = schema_for(response.version)
    values = schema.compute(response.data)
    for index in range(before - 1, -1, -1):
        if schema.page_relevant(schema.pages[index], values):
            return index
    return None


@transaction.atomic
def submit_response(response: Response) -> dict[str, str]:
    """Finish a web response: every relevant answer is re-checked; irrelevant ones dropped."""
    if not editable(response):
        raise SurveyError(_("Este formulario ya no admite cambios."))
    schema = schema_for(response.version)
    clean, errors = schema.validate_all(response.data, response.language)
    if errors:
        return errors
    response.data = clean
    response.status = Response.Status.SUBMITTED
    response.submitted_at = response.submitted_at or timezone.now()
    response.municipality = response.municipality or _municipality_from(clean)
    if response.respondent_id and response.respondent.entity_id and not response.municipality:
        entity = response.respondent.entity
        if entity.kind == PublicEntity.Kind.MUNICIPALITY:
            response.municipality = entity
    response.save()
    if response.respondent_id:
        Respondent.objects.filter(pk=response.respondent_id).update(
            status=Respondent.Status.SUBMITTED
        )
    return {}


@dataclass
class Receipt:
    response: Response | None
    created: bool
    errors: dict[str, str]


def receive_complete_submission(
    form: Form,
    *,
    data: dict,
    client_uuid: str,
    channel: str,
    language: str = "es",
    version_string: str | None = None,
    consent: bool = True,
) -> Receipt:
    """A whole interview from the offline app or ODK Collect. The client's UUID makes
    it idempotent: the same interview sent twice is stored once."""
    try:
        key = uuid_lib.UUID(str(client_uuid).removeprefix("uuid:"))
    except ValueError as error:
        raise SurveyError(_("El identificador de la entrevista (UUID) no es válido.")) from error
    existing = Response.objects.filter(uuid=key).first()
    if existing is not None:
        if existing.form_id != form.pk:
            raise SurveyError(_("El identificador de la entrevista ya se usó en otro formulario."))
        return Receipt(existing, False, {})
    if not form.is_open:
        raise SurveyError(_("Este formulario está cerrado y no recibe respuestas."))
    versions = form.versions.filter(published_at__isnull=False)
    version = (
        versions.filter(version_string=version_string).order_by("-number").first()
        if version_string
        else None
    ) or form.published_version()
    if version is None:
        raise SurveyError(_("Este formulario no tiene una versión publicada."))
    language = language if language in ("es", "tzh", "tzo") else "es"
    clean, errors = schema_for(version).validate_all(data, language)
    if errors:
        return Receipt(None, False, errors)
    now = timezone.now()
    try:
        with transaction.atomic():
            response = Response.objects.create(
                uuid=key,
                form=form,
                version=version,
                channel=channel,
                language=language,
                status=Response.Status.SUBMITTED,
                data=clean,
                municipality=_municipality_from(clean),
                consent_at=now if consent else None,
                submitted_at=now,
            )
    except IntegrityError:
        # The same interview arrived twice at once: the first one won.
        return Receipt(Response.objects.get(uuid=key), False, {})
    return Receipt(response, True, {})


# --- OpenRosa XML instances ----------------------------------------------------------


def parse_instance_xml(content: bytes, form: Form | None = None) -> dict[str, Any]:
    """An XForm instance -> {form_id, version, instance_id, data}. Raises SurveyError."""
    try:
        root = SafeET.fromstring(content)
    except Exception as error:
        raise SurveyError(_("El XML de la respuesta está mal formado.")) from error
    form_id = root.get("id", "")
    version_string = root.get("version", "")

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    instance_id = ""
    for element in root.iter():
        if local(element.tag) == "instanceID" and element.text:
            instance_id = element.text.strip()
    data: dict[str, Any] = {}
    schema_form = form or Form.objects.filter(form_id=form_id).first()
    version = None
    if schema_form is not None:
        version = (
            schema_form.versions.filter(version_string=version_string).first()
            or schema_form.published_version()
        )
    repeats = set(FormSchema(version.definition).repeats) if version else set()
    multiples = (
        {q.name for q in FormSchema(version.definition).questions if q.type == "select_multiple"}
        if version
        else set()
    )

    def leaf_value(element: ET.Element, name: str):
        text = (element.text or "").strip()
        return text.split() if name in multiples else text

    def collect(element: ET.Element, target: dict) -> None:
        for child in element:
            name = local(child.tag)
            if name == "meta":
                continue
            if name in repeats:
                row: dict[str, Any] = {}
                collect(child, row)
                target.setdefault(name, []).append(row)
            elif len(child):
                collect(child, target)
            else:
                value = leaf_value(child, name)
                if value not in ("", []):
                    target[name] = value

    collect(root, data)
    return {
        "form_id": form_id,
        "version": version_string,
        "instance_id": instance_id,
        "data": data,
    }


# --- Known respondents ---------------------------------------------------------------


@transaction.atomic
def add_municipal_respondents(form: Form, kinds=("oic", "transparency"), *, actor=None) -> int:
    """One respondent per municipality and kind (OIC, Unidad de Transparencia)."""
    labels = dict(Respondent.Kind.choices)
    created = 0
    for municipality in core_selectors.municipalities():
        for kind in kinds:
            _respondent, was_created = Respondent.objects.get_or_create(
                form=form,
                entity=municipality,
                kind=kind,
                defaults={"name": f"{labels[kind]} · {municipality.name}"},
            )
            created += int(was_created)
    record_event("surveys.respondents.added", form, actor=actor, changes={"created": created})
    return created


def add_respondent(
    form: Form, *, kind: str, name: str, email: str = "", entity=None, actor=None
) -> Respondent:
    name = (name or "").strip()
    if not name:
        raise SurveyError(_("Nombre o área: escriba a quién se invita."))
    if kind not in Respondent.Kind.values:
        raise SurveyError(_("Tipo: elija una opción válida."))
    if entity is not None and form.respondents.filter(entity=entity, kind=kind).exists():
        raise SurveyError(_("Ese ente ya tiene una persona invitada de ese tipo."))
    respondent = Respondent.objects.create(
        form=form, kind=kind, name=name[:255], email=email, entity=entity
    )
    record_event("surveys.respondent.added", respondent, actor=actor)
    return respondent


def set_respondent_email(respondent: Respondent, email: str, *, actor=None) -> Respondent:
    respondent.email = email
    respondent.save(update_fields=["email"])
    record_event("surveys.respondent.email_changed", respondent, actor=actor)
    return respondent


def respondent_link(respondent: Respondent, base_url: str = "") -> str:
    return base_url + reverse("surveys:invitation", args=[respondent.access_code])


def _invitation_text(respondent: Respondent, base_url: str, reminder: bool) -> tuple[str, str]:
    form = respondent.form
    subject = (_("Recordatorio: %(title)s") if reminder else _("Invitación: %(title)s")) % {
        "title": form.title
    }
    body = _(
        "Estimada persona titular de %(name)s:\n\n"
        "La %(institution)s le invita a responder el cuestionario «%(title)s».\n"
        "Su enlace personal (no lo comparta): %(link)s\n"
        "Código de acceso: %(code)s\n\n"
        "Puede guardar y volver a entrar hasta el cierre del cuestionario."
    ) % {
        "name": respondent.name,
        "institution": settings.PDE_INSTITUTION_NAME,
        "title": form.title,
        "link": respondent_link(respondent, base_url),
        "code": respondent.access_code,
    }
    return subject, body


def send_invitations(form: Form, *, base_url: str, reminder: bool = False, actor=None) -> int:
    """E-mail every respondent with an address (reminders: only who has not submitted).
    The e-mails go through Celery."""
    respondents = form.respondents.exclude(email="")
    if reminder:
        respondents = respondents.exclude(status=Respondent.Status.SUBMITTED).exclude(
            status=Respondent.Status.PENDING
        )
    sent = 0
    now = timezone.now()
    for respondent in respondents:
        subject, body = _invitation_text(respondent, base_url, reminder)
        send_email.delay(subject, body, [respondent.email])
        if reminder:
            respondent.reminded_at = now
            respondent.reminders += 1
            respondent.save(update_fields=["reminded_at", "reminders"])
        else:
            respondent.invited_at = now
            if respondent.status == Respondent.Status.PENDING:
                respondent.status = Respondent.Status.INVITED
            respondent.save(update_fields=["invited_at", "status"])
        sent += 1
    record_event(
        "surveys.reminders.sent" if reminder else "surveys.invitations.sent",
        form,
        actor=actor,
        changes={"sent": sent},
    )
    return sent


def response_for_respondent(respondent: Respondent) -> Response:
    """The respondent's one response (created on first visit)."""
    try:
        return respondent.response
    except Response.DoesNotExist:
        return start_web_response(respondent.form, respondent=respondent)
