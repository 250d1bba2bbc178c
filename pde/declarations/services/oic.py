"""Writes and rules of the internal-control body (OIC): the padrón of obligated
servants (by hand and by CSV/XLSX import), reminders, capture on behalf of a
servant, the import of declarations captured elsewhere, and the audited view of
a full declaration.

Every write is audited with ``pde.core.services.record_event`` (directly or
through ``save_audited``); every multi-record write reports per record and never
leaves a record half-written.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import logging
import re
import stat
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pde.core.files import sha256_hex
from pde.core.models import PublicEntity, User
from pde.core.selectors import user_can_access_entity
from pde.core.services import deny_access, record_event, save_audited
from pde.core.text import normalize_text

from ..models import (
    Declaration,
    DeclarationType,
    ImportedDeclaration,
    ObligatedServant,
    OicImportBatch,
)
from ..selectors import oic as oic_selectors

logger = logging.getLogger(__name__)


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def roster_max_bytes() -> int:
    return _setting("PDE_DECLARATIONS_ROSTER_MAX_BYTES", 5 * 1024 * 1024)


def roster_max_rows() -> int:
    return _setting("PDE_DECLARATIONS_ROSTER_MAX_ROWS", 10_000)


def import_max_bytes() -> int:
    return _setting("PDE_DECLARATIONS_IMPORT_MAX_BYTES", 20 * 1024 * 1024)


def import_max_files() -> int:
    return _setting("PDE_DECLARATIONS_IMPORT_MAX_FILES", 500)


def import_max_file_bytes() -> int:
    return _setting("PDE_DECLARATIONS_IMPORT_MAX_FILE_BYTES", 5 * 1024 * 1024)


def import_max_total_bytes() -> int:
    return _setting("PDE_DECLARATIONS_IMPORT_MAX_TOTAL_BYTES", 200 * 1024 * 1024)


# A JSON document compresses well, but not by more than this: beyond it, a bomb.
MAX_COMPRESSION_RATIO = 200


# --- CURP and RFC -------------------------------------------------------------------------

_CURP_ALPHABET = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"
_RFC_ALPHABET = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ"
# RENAPO state codes, plus NE (born abroad).
_CURP_STATES = frozenset(
    {
        "AS",
        "BC",
        "BS",
        "CC",
        "CL",
        "CM",
        "CS",
        "CH",
        "DF",
        "DG",
        "GT",
        "GR",
        "HG",
        "JC",
        "MC",
        "MN",
        "MS",
        "NT",
        "NL",
        "OC",
        "PL",
        "QT",
        "QR",
        "SP",
        "SL",
        "SR",
        "TC",
        "TS",
        "TL",
        "VZ",
        "YN",
        "ZS",
        "NE",
    }
)
_CURP_SHAPE = re.compile(
    r"^[A-Z][AEIOUX][A-Z]{2}\d{6}[HMX](?P<state>[A-Z]{2})[B-DF-HJ-NP-TV-Z]{3}[0-9A-Z]\d$"
)
_RFC_SHAPE = re.compile(r"^[A-ZÑ&]{4}\d{6}[A-Z0-9]{2}[0-9A]$")


def curp_check_digit(first17: str) -> str:
    """RENAPO's verification digit of a CURP, from its first 17 characters."""
    total = sum(_CURP_ALPHABET.index(ch) * (18 - i) for i, ch in enumerate(first17))
    return str((10 - total % 10) % 10)


def rfc_check_digit(first12: str) -> str:
    """SAT's verification digit of an RFC, from its first 12 (física: 12 of 13) characters."""
    padded = first12.rjust(12)
    total = sum(_RFC_ALPHABET.index(ch) * (13 - i) for i, ch in enumerate(padded))
    digit = 11 - total % 11
    return "0" if digit == 11 else "A" if digit == 10 else str(digit)


def _birth_date(yymmdd: str, century_hint: str | None = None) -> dt.date | None:
    year, month, day = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6])
    if century_hint is None:
        this_year = timezone.localdate().year % 100
        century = 2000 if year <= this_year else 1900
    else:
        century = 1900 if century_hint.isdigit() else 2000
    try:
        return dt.date(century + year, month, day)
    except ValueError:
        return None


def curp_error(value: str) -> str | None:
    """None when ``value`` is a well-formed CURP with a correct check digit."""
    if len(value) != 18:
        return _("La CURP tiene 18 caracteres; ésta tiene %(n)s.") % {"n": len(value)}
    match = _CURP_SHAPE.match(value)
    if not match:
        return _(
            "La CURP no tiene la forma oficial (4 letras, 6 dígitos de la fecha de "
            "nacimiento, sexo H, M o X, entidad, 3 consonantes, homoclave y dígito)."
        )
    if match.group("state") not in _CURP_STATES:
        return _("La CURP tiene una clave de entidad federativa que no existe.")
    if _birth_date(value[4:10], value[16]) is None:
        return _("La CURP tiene una fecha de nacimiento que no existe.")
    if curp_check_digit(value[:17]) != value[17]:
        return _("El dígito verificador de la CURP no es correcto; revise la captura.")
    return None


def rfc_error(value: str) -> str | None:
    """None when ``value`` is a well-formed RFC of a persona física, with homoclave."""
    if len(value) != 13:
        return _("El RFC con homoclave de una persona física tiene 13 caracteres.")
    if not _RFC_SHAPE.match(value):
        return _("El RFC no tiene la forma oficial (4 letras, 6 dígitos y 3 de homoclave).")
    if value.startswith(("XAXX", "XEXX")):
        return _("El RFC genérico no identifica a una persona; capture el RFC personal.")
    if _birth_date(value[4:10]) is None:
        return _("El RFC tiene una fecha que no existe.")
    if rfc_check_digit(value[:12]) != value[12]:
        return _("El dígito verificador del RFC no es correcto; revise la homoclave.")
    return None


# --- Padrón -----------------------------------------------------------------------------

SERVANT_FIELDS = (
    "nombre",
    "primer_apellido",
    "segundo_apellido",
    "curp",
    "rfc",
    "email",
    "position",
    "level",
    "complete_format",
    "start_date",
    "end_date",
)


def _normalize_servant(servant: ObligatedServant) -> None:
    for name in ("nombre", "primer_apellido", "segundo_apellido", "position", "level"):
        setattr(servant, name, " ".join((getattr(servant, name) or "").split()))
    servant.curp = (servant.curp or "").strip().upper()
    servant.rfc = (servant.rfc or "").strip().upper()
    servant.email = (servant.email or "").strip().lower()
    servant.name_normalized = normalize_text(
        f"{servant.nombre} {servant.primer_apellido} {servant.segundo_apellido}"
    )


def servant_rule_errors(servant: ObligatedServant) -> dict[str, list[str]]:
    """The padrón's own rules (CURP, RFC, dates, overlapping periods), by field."""
    _normalize_servant(servant)
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if servant.curp and (problem := curp_error(servant.curp)):
        add("curp", problem)
    if servant.rfc:
        if problem := rfc_error(servant.rfc):
            add("rfc", problem)
        elif servant.curp and "curp" not in errors and servant.rfc[4:10] != servant.curp[4:10]:
            add("rfc", _("La fecha de nacimiento del RFC no coincide con la de la CURP."))
    today = timezone.localdate()
    if servant.start_date and servant.start_date > today:
        add("start_date", _("La fecha de alta no puede ser posterior a hoy."))
    if servant.end_date and servant.end_date > today:
        add("end_date", _("La fecha de baja no puede ser posterior a hoy."))
    if servant.start_date and servant.end_date and servant.end_date < servant.start_date:
        add("end_date", _("La fecha de baja no puede ser anterior a la fecha de alta."))
    if servant.entity_id and servant.curp and servant.start_date and "end_date" not in errors:
        end = servant.end_date or dt.date.max
        others = ObligatedServant.objects.filter(
            entity_id=servant.entity_id, curp=servant.curp
        ).exclude(pk=servant.pk)
        for other in others:
            other_end = other.end_date or dt.date.max
            if other.start_date <= end and servant.start_date <= other_end:
                add(
                    "start_date",
                    _(
                        "La persona ya está en el padrón de este ente por un periodo que se "
                        "traslapa (alta %(start)s)."
                    )
                    % {"start": other.start_date.strftime("%d/%m/%Y")},
                )
                break
    return errors


def validate_servant(servant: ObligatedServant) -> None:
    """Normalize and check one padrón entry; raise ValidationError keyed by field."""
    errors = servant_rule_errors(servant)

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    try:
        # Fields that already failed are left out, with the constraints that use them.
        servant.full_clean(exclude=list(errors))
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            for message in messages:
                if message not in errors.get(name, []):
                    add(name, message)
    if errors:
        raise ValidationError(errors)


def require_scope(user: User, entity: PublicEntity, obj=None) -> None:
    """403 (audited) unless ``entity`` is in the user's scope."""
    if not user_can_access_entity(user, entity):
        deny_access(obj or entity, reason="entity_scope")


def save_servant(servant: ObligatedServant, *, by: User) -> ObligatedServant:
    """Create or update one padrón entry by hand (validated, audited, atomic)."""
    require_scope(by, servant.entity, servant)
    validate_servant(servant)
    return save_audited(servant, by=by)


# --- Padrón import (CSV / XLSX) -------------------------------------------------------------


@dataclass(frozen=True)
class RosterColumn:
    key: str
    field: str
    required: bool
    label: str
    example: str


ROSTER_COLUMNS: tuple[RosterColumn, ...] = (
    RosterColumn("nombre", "nombre", True, "Nombre(s)", "María José"),
    RosterColumn("primer_apellido", "primer_apellido", True, "Primer apellido", "Hernández"),
    RosterColumn("segundo_apellido", "segundo_apellido", False, "Segundo apellido", "García"),
    RosterColumn("curp", "curp", True, "CURP", "HEGG560427MVZRRL04"),
    RosterColumn("rfc", "rfc", False, "RFC con homoclave", "HEGG560427XX0"),
    RosterColumn("correo_electronico", "email", False, "Correo electrónico", "maria@ente.gob.mx"),
    RosterColumn(
        "empleo_cargo_comision", "position", True, "Empleo, cargo o comisión", "Jefa de área"
    ),
    RosterColumn("nivel", "level", False, "Nivel", "JD01"),
    RosterColumn("formato_completo", "complete_format", False, "Formato completo (SI/NO)", "SI"),
    RosterColumn("fecha_alta", "start_date", True, "Fecha de alta (AAAA-MM-DD)", "2024-01-16"),
    RosterColumn("fecha_baja", "end_date", False, "Fecha de baja (AAAA-MM-DD)", ""),
)
_COLUMN_BY_FIELD = {column.field: column.key for column in ROSTER_COLUMNS}
_HEADER_ALIASES = {
    "nombres": "nombre",
    "nombre(s)": "nombre",
    "apellido_paterno": "primer_apellido",
    "apellido_materno": "segundo_apellido",
    "rfc_con_homoclave": "rfc",
    "correo": "correo_electronico",
    "email": "correo_electronico",
    "cargo": "empleo_cargo_comision",
    "puesto": "empleo_cargo_comision",
    "empleo,_cargo_o_comision": "empleo_cargo_comision",
    "nivel_del_empleo,_cargo_o_comision": "nivel",
    "formato_completo_(si/no)": "formato_completo",
    "fecha_de_alta": "fecha_alta",
    "fecha_de_baja": "fecha_baja",
    "fecha_de_alta_(aaaa-mm-dd)": "fecha_alta",
    "fecha_de_baja_(aaaa-mm-dd)": "fecha_baja",
}
_TRUE = {"si", "s", "1", "true", "verdadero", "x", "completo"}
_FALSE = {"no", "n", "0", "false", "falso", "", "simplificado"}
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")


class ImportRefused(ValidationError):
    """The whole upload is refused (bad type, too big, unsafe); nothing was stored."""


def _header_key(value) -> str:
    key = normalize_text(str(value or "")).replace(" ", "_")
    return _HEADER_ALIASES.get(key, key)


def _read_roster_rows(name: str, content: bytes) -> list[list]:
    """Rows (header first) of a CSV or XLSX file."""
    lowered = name.lower()
    if lowered.endswith(".xlsx"):
        import openpyxl

        try:
            workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a broken file
            raise ImportRefused(
                _("El archivo XLSX no se pudo leer; guárdelo de nuevo desde su hoja de cálculo.")
            ) from error
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > roster_max_rows() + 1:
                break
        workbook.close()
        return rows
    if lowered.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("latin-1")
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        return list(csv.reader(io.StringIO(text), dialect))
    raise ImportRefused(_("Suba un archivo CSV o XLSX (la plantilla descargable sirve de guía)."))


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _parse_date(value: str) -> dt.date | None:
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError


def _servant_from_row(
    values: dict[str, str], entity: PublicEntity
) -> tuple[dict, list[tuple[str, str]]]:
    """Parse one row into field values; errors as (column, message)."""
    data: dict = {}
    errors: list[tuple[str, str]] = []
    for column in ROSTER_COLUMNS:
        raw = values.get(column.key, "")
        if column.required and not raw:
            errors.append((column.key, _("Este dato es obligatorio.")))
            continue
        if column.field in ("start_date", "end_date"):
            if not raw:
                data[column.field] = None
                continue
            try:
                data[column.field] = _parse_date(raw)
            except ValueError:
                errors.append(
                    (column.key, _("La fecha no es válida; use AAAA-MM-DD o DD/MM/AAAA."))
                )
        elif column.field == "complete_format":
            flag = normalize_text(raw)
            if flag in _TRUE:
                data[column.field] = True
            elif flag in _FALSE:
                data[column.field] = False
            else:
                errors.append((column.key, _("Escriba SI o NO.")))
        else:
            data[column.field] = raw
    return data, errors


def roster_template_xlsx() -> bytes:
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Padron"
    sheet.append([column.key for column in ROSTER_COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    help_sheet = workbook.create_sheet("Instrucciones")
    help_sheet.append(["columna", "descripción", "obligatoria", "ejemplo"])
    for column in ROSTER_COLUMNS:
        help_sheet.append(
            [column.key, column.label, "sí" if column.required else "no", column.example]
        )
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def roster_template_csv() -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([column.key for column in ROSTER_COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")


def import_roster(
    *, entity: PublicEntity, file_name: str, content: bytes, by: User
) -> OicImportBatch:
    """Import a padrón file for ``entity``. Rows with any error are left out (and
    reported by row and column); the others go in. An entry already in the padrón
    (same CURP and alta) is updated, never duplicated, so re-importing a file is
    harmless."""
    require_scope(by, entity)
    if len(content) > roster_max_bytes():
        raise ImportRefused(
            _("El archivo excede el tamaño máximo de %(mb)s MB.")
            % {"mb": roster_max_bytes() // (1024 * 1024)}
        )
    rows = _read_roster_rows(file_name, content)
    while rows and not any(_cell_text(v) for v in rows[0]):
        rows.pop(0)
    if not rows:
        raise ImportRefused(_("El archivo está vacío."))
    header = [_header_key(v) for v in rows[0]]
    missing = [c.key for c in ROSTER_COLUMNS if c.required and c.key not in header]
    if missing:
        raise ImportRefused(
            _("Faltan columnas obligatorias en la primera fila: %(cols)s.")
            % {"cols": ", ".join(missing)}
        )
    if len(rows) - 1 > roster_max_rows():
        raise ImportRefused(
            _("El archivo tiene más de %(n)s filas; divídalo en varios.") % {"n": roster_max_rows()}
        )

    errors: list[dict] = []
    created = updated = unchanged = rejected = 0
    seen: dict[tuple[str, dt.date], int] = {}
    for number, row in enumerate(rows[1:], start=2):
        values = {
            key: _cell_text(row[i]) if i < len(row) else "" for i, key in enumerate(header) if key
        }
        if not any(values.values()):
            continue
        data, row_errors = _servant_from_row(values, entity)
        # An optional column the file does not have leaves the stored value alone.
        data = {name: value for name, value in data.items() if _COLUMN_BY_FIELD[name] in header}
        if not row_errors:
            key = (data["curp"].upper(), data["start_date"])
            if key in seen:
                row_errors.append(
                    (
                        "curp",
                        _("La misma CURP y fecha de alta ya vienen en la fila %(n)s.")
                        % {"n": seen[key]},
                    )
                )
            else:
                seen[key] = number
        servant = None
        if not row_errors:
            servant = ObligatedServant.objects.filter(
                entity=entity, curp=data["curp"].upper(), start_date=data["start_date"]
            ).first()
            existing = servant is not None
            servant = servant or ObligatedServant(entity=entity)
            before = {name: getattr(servant, name) for name in SERVANT_FIELDS}
            for name, value in data.items():
                setattr(servant, name, value if value is not None else None)
            for name in ("segundo_apellido", "rfc", "email", "level"):
                if getattr(servant, name) is None:
                    setattr(servant, name, "")
            try:
                validate_servant(servant)
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    column = _COLUMN_BY_FIELD.get(name, name)
                    row_errors.extend((column, message) for message in messages)
        if row_errors:
            rejected += 1
            errors.extend({"row": number, "column": c, "message": m} for c, m in row_errors)
            continue
        after = {name: getattr(servant, name) for name in SERVANT_FIELDS}
        if existing and after == before:
            unchanged += 1
            continue
        with transaction.atomic():
            save_audited(servant, by=by)
        if existing:
            updated += 1
        else:
            created += 1

    with transaction.atomic():
        batch = OicImportBatch.objects.create(
            kind=OicImportBatch.Kind.ROSTER,
            entity=entity,
            uploaded_by=by,
            file_name=file_name[:255],
            file_sha256=sha256_hex(content),
            accepted_count=created + updated + unchanged,
            rejected_count=rejected,
            report={
                "created": created,
                "updated": updated,
                "unchanged": unchanged,
                "rejected": rejected,
                "errors": errors,
            },
        )
        record_event(
            "obligatedservant.imported",
            batch,
            actor=by,
            changes={
                "entity": entity.pk,
                "file_sha256": batch.file_sha256,
                "created": created,
                "updated": updated,
                "unchanged": unchanged,
                "rejected": rejected,
            },
        )
    return batch


# --- Reminders ----------------------------------------------------------------------------


def send_reminders(
    *,
    entities: list[PublicEntity],
    year: int,
    tipo: str,
    by: User,
    include_omisos: bool = False,
    today: dt.date | None = None,
) -> int:
    """Queue a reminder e-mail (Celery) to every servant with a pending obligation
    (and, if asked, to omisos) of the filtered padrón. Returns how many were queued."""
    from .. import tasks

    for entity in entities:
        require_scope(by, entity)
    wanted = {oic_selectors.ComplianceStatus.PENDING}
    if include_omisos:
        wanted.add(oic_selectors.ComplianceStatus.OMISO)
    obligations = [
        o
        for o in oic_selectors.compliance(entities, year=year, tipo=tipo, today=today)
        if o.status in wanted and o.servant.email
    ]
    items = [
        {"servant": o.servant.pk, "tipo": o.tipo, "deadline": o.deadline.isoformat()}
        for o in obligations
    ]
    per_entity: dict[int, int] = {}
    for obligation in obligations:
        per_entity[obligation.servant.entity_id] = (
            per_entity.get(obligation.servant.entity_id, 0) + 1
        )
    with transaction.atomic():
        for entity in entities:
            record_event(
                "declarations.reminders_sent",
                entity,
                actor=by,
                changes={
                    "year": year,
                    "tipo": tipo,
                    "statuses": sorted(wanted),
                    "count": per_entity.get(entity.pk, 0),
                },
            )
    if items:
        # The task reads only padrón rows that already exist: no need to wait for commit.
        tasks.send_deadline_reminders.delay(items)
    return len(items)


def reminder_message(servant: ObligatedServant, tipo: str, deadline: dt.date) -> tuple[str, str]:
    label = str(dict(DeclarationType.choices)[tipo])
    subject = _("Recordatorio: declaración %(tipo)s") % {"tipo": label.lower()}
    body = _(
        "Estimada persona servidora pública %(name)s:\n\n"
        "Le recordamos que debe presentar su declaración de situación patrimonial y de "
        "intereses %(tipo)s ante el Órgano Interno de Control de %(entity)s. "
        "El plazo vence el %(deadline)s.\n\n"
        "Puede presentarla en la Plataforma Digital Estatal o acudir al Órgano Interno de "
        "Control para que la capturen a su nombre.\n"
    ) % {
        "name": servant,
        "tipo": label.lower(),
        "entity": servant.entity.name,
        "deadline": deadline.strftime("%d/%m/%Y"),
    }
    return subject, body


# --- Capture on behalf -----------------------------------------------------------------------


def start_on_behalf(servant: ObligatedServant, *, tipo: str, by: User) -> Declaration:
    """The OIC starts a declaration for a servant of its padrón who has no internet
    access; it is captured with the declarant's wizard and marked as on behalf."""
    from .declarant import start_declaration

    require_scope(by, servant.entity, servant)
    if tipo not in DeclarationType.values:
        raise ValidationError({"tipo": _("Elija un tipo de declaración válido.")})
    with transaction.atomic():
        declaration = start_declaration(
            servant=servant, tipo=tipo, actor=by, source=Declaration.Source.ON_BEHALF
        )
        if (
            declaration.captured_by_id != by.pk
            or declaration.source != Declaration.Source.ON_BEHALF
        ):
            declaration.captured_by = by
            declaration.source = Declaration.Source.ON_BEHALF
            declaration.save(update_fields=["captured_by", "source", "updated_at"])
        record_event(
            "declaration.on_behalf_started",
            declaration,
            actor=by,
            changes={"servant": servant.pk, "tipo": tipo, "entity": servant.entity_id},
        )
    return declaration


# --- Import of declarations captured elsewhere -------------------------------------------------


@dataclass
class FileResult:
    file: str
    status: str  # "received" | "rejected"
    messages: list[str] = field(default_factory=list)
    folio: str = ""
    declaration: str = ""
    servant_linked: bool = False

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "status": self.status,
            "messages": self.messages,
            "folio": self.folio,
            "declaration": self.declaration,
            "servant_linked": self.servant_linked,
        }


def _issue_text(issue) -> str:
    """An s1.Issue's Spanish message (it already names the section and field)."""
    return str(getattr(issue, "message", issue))


def document_curp(document: dict) -> str:
    try:
        general = document["declaracion"]["situacionPatrimonial"]["datosGenerales"]
        return str(general.get("curp") or "").strip().upper()
    except (KeyError, TypeError, AttributeError):
        return ""


def receive_imported_document(
    document: dict,
    *,
    entity: PublicEntity,
    servant: ObligatedServant | None,
    actor: User,
    file_name: str = "",
) -> Declaration:
    """Receive a complete document captured elsewhere as a submitted declaration,
    with its own folio and acuse, through the one submission path (the declarant's
    ``submit_declaration``). All of it or nothing; raises the declarant service's
    DeclarationInvalid (with ``.issues``) or DeclarationError."""
    from pde.declarations import format as s1

    from .declarant import create_from_document, submit_declaration

    original_sha256 = s1.sha256(document)
    original_id = str(document.get("id") or "")[:100]
    metadata = document.get("metadata") or {}
    with transaction.atomic():
        if servant is not None:
            if servant.entity_id != entity.pk:
                raise ValidationError({"entity": _("La persona no pertenece a este ente.")})
            declaration = create_from_document(
                servant=servant, document=document, actor=actor, source=Declaration.Source.IMPORT
            )
        else:
            tipo = metadata.get("tipo")
            if tipo not in DeclarationType.values:
                raise ValidationError(
                    {"tipo": _("El documento no indica un tipo de declaración válido.")}
                )
            today = timezone.localdate()
            declaration = Declaration.objects.create(
                tipo=tipo,
                complete_format=bool(metadata.get("declaracionCompleta")),
                source=Declaration.Source.IMPORT,
                entity=entity,
                captured_by=actor,
                period_year=today.year - 1 if tipo == DeclarationType.MODIFICACION else today.year,
                document=copy.deepcopy(document),
            )
        declaration = submit_declaration(declaration, actor=actor)
        ImportedDeclaration.objects.create(
            declaration=declaration,
            file_name=file_name[:255],
            original_sha256=original_sha256,
            original_id=original_id,
            entity=entity,
        )
        record_event(
            "declaration.imported",
            declaration,
            actor=actor,
            changes={
                "entity": entity.pk,
                "servant": servant.pk if servant else None,
                "original_sha256": original_sha256,
            },
        )
    return declaration


def _unsafe_member(info: zipfile.ZipInfo) -> str | None:
    name = info.filename
    if info.flag_bits & 0x1:
        return _("El archivo está cifrado.")
    mode = info.external_attr >> 16
    if mode and stat.S_ISLNK(mode):
        return _("Los enlaces simbólicos no se aceptan.")
    parts = re.split(r"[\\/]", name)
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or ".." in parts:
        return _("El nombre del archivo sale de la carpeta del ZIP; no se acepta.")
    return None


def _receive_one(name: str, raw: bytes, *, entity: PublicEntity, by: User) -> FileResult:
    from pde.declarations import format as s1

    from .declarant import DeclarationInvalid

    if not name.lower().endswith(".json"):
        return FileResult(name, "rejected", [_("Sólo se aceptan documentos JSON (.json).")])
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return FileResult(
            name, "rejected", [_("El archivo no es JSON válido: %(e)s") % {"e": str(error)[:200]}]
        )
    if not isinstance(document, dict):
        return FileResult(name, "rejected", [_("El documento debe ser un objeto JSON.")])
    issues = list(s1.validate(document))
    if issues:
        return FileResult(name, "rejected", [_issue_text(i) for i in issues[:50]])
    previous = (
        ImportedDeclaration.objects.filter(entity=entity, original_sha256=s1.sha256(document))
        .select_related("declaration")
        .first()
    )
    if previous is not None:
        return FileResult(
            name,
            "rejected",
            [
                _("Esta declaración ya fue recibida con el folio %(f)s.")
                % {"f": previous.declaration.folio}
            ],
            folio=previous.declaration.folio or "",
            declaration=str(previous.declaration_id),
        )
    servant = oic_selectors.servant_for_curp(entity, document_curp(document))
    try:
        declaration = receive_imported_document(
            document, entity=entity, servant=servant, actor=by, file_name=name
        )
    except DeclarationInvalid as error:
        issues = getattr(error, "issues", None) or [str(error)]
        return FileResult(name, "rejected", [_issue_text(i) for i in list(issues)[:50]])
    except ValidationError as error:  # DeclarationError too
        return FileResult(name, "rejected", list(error.messages)[:50])
    except Exception:  # one broken file never stops the batch; its transaction rolled back
        logger.exception("Import of %s failed", name)
        return FileResult(
            name, "rejected", [_("Error interno al recibir este archivo; no se guardó nada.")]
        )
    messages = []
    if servant is None:
        messages.append(
            _("Recibida; la CURP no está en el padrón de este ente, quedó sin vincular.")
        )
    return FileResult(
        name,
        "received",
        messages,
        folio=declaration.folio or "",
        declaration=str(declaration.pk),
        servant_linked=servant is not None,
    )


def _zip_members(content: bytes) -> list[tuple[str, bytes | None, str | None]]:
    """(name, bytes or None, refusal reason) for each file of a ZIP, refusing bombs."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile as error:
        raise ImportRefused(_("El archivo ZIP está dañado o no es un ZIP.")) from error
    with archive:
        infos = [info for info in archive.infolist() if not info.is_dir()]
        if len(infos) > import_max_files():
            raise ImportRefused(
                _("El ZIP contiene %(n)s archivos; el máximo es %(max)s.")
                % {"n": len(infos), "max": import_max_files()}
            )
        declared_total = sum(info.file_size for info in infos)
        if declared_total > import_max_total_bytes():
            raise ImportRefused(
                _("El contenido descomprimido del ZIP excede %(mb)s MB; no se procesó.")
                % {"mb": import_max_total_bytes() // (1024 * 1024)}
            )
        members = []
        total = 0
        for info in infos:
            name = info.filename
            if name.startswith("__MACOSX/") or name.rsplit("/", 1)[-1].startswith("."):
                continue
            reason = _unsafe_member(info)
            if reason:
                members.append((name, None, reason))
                continue
            if info.file_size > import_max_file_bytes():
                members.append(
                    (
                        name,
                        None,
                        _("El archivo excede %(mb)s MB.")
                        % {"mb": import_max_file_bytes() // (1024 * 1024)},
                    )
                )
                continue
            if info.compress_size and info.file_size / info.compress_size > MAX_COMPRESSION_RATIO:
                members.append((name, None, _("Compresión anómala (posible bomba ZIP).")))
                continue
            try:
                with archive.open(info) as handle:
                    # Never trust the declared size: read at most the limit plus one byte.
                    raw = handle.read(import_max_file_bytes() + 1)
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError) as error:
                members.append((name, None, _("No se pudo leer: %(e)s") % {"e": str(error)[:120]}))
                continue
            if len(raw) > import_max_file_bytes():
                members.append((name, None, _("El archivo excede el tamaño declarado.")))
                continue
            total += len(raw)
            if total > import_max_total_bytes():
                raise ImportRefused(
                    _("El contenido descomprimido del ZIP excede el máximo; no se procesó.")
                )
            members.append((name, raw, None))
        return members


def import_declarations(
    *, entity: PublicEntity, file_name: str, content: bytes, by: User
) -> OicImportBatch:
    """Import one S1 JSON document or a ZIP of many. Each file is validated and,
    when valid, received on its own (all of it or nothing); the batch keeps the
    per-file report."""
    require_scope(by, entity)
    if len(content) > import_max_bytes():
        raise ImportRefused(
            _("El archivo excede el tamaño máximo de %(mb)s MB.")
            % {"mb": import_max_bytes() // (1024 * 1024)}
        )
    lowered = file_name.lower()
    if lowered.endswith(".zip") or content[:4] == b"PK\x03\x04":
        members = _zip_members(content)
        if not members:
            raise ImportRefused(_("El ZIP no contiene archivos."))
    elif lowered.endswith(".json"):
        members = [(file_name, content, None)]
    else:
        raise ImportRefused(_("Suba un documento JSON (.json) o un ZIP con varios."))

    results = []
    for name, raw, refusal in members:
        if refusal:
            results.append(FileResult(name, "rejected", [refusal]))
            continue
        results.append(_receive_one(name, raw, entity=entity, by=by))
    accepted = sum(1 for r in results if r.status == "received")
    with transaction.atomic():
        batch = OicImportBatch.objects.create(
            kind=OicImportBatch.Kind.DECLARATIONS,
            entity=entity,
            uploaded_by=by,
            file_name=file_name[:255],
            file_sha256=sha256_hex(content),
            accepted_count=accepted,
            rejected_count=len(results) - accepted,
            report={"files": [r.as_dict() for r in results]},
        )
        received = [r.declaration for r in results if r.status == "received"]
        ImportedDeclaration.objects.filter(declaration_id__in=received).update(batch=batch)
        record_event(
            "declaration.import_batch",
            batch,
            actor=by,
            changes={
                "entity": entity.pk,
                "file_sha256": batch.file_sha256,
                "received": accepted,
                "rejected": len(results) - accepted,
            },
        )
    return batch


def refuse_upload(*, entity: PublicEntity, file_name: str, reason: str, by: User) -> None:
    """Audit an upload refused as a whole (too big, unsafe, unreadable)."""
    record_event(
        "declarations.upload_refused",
        entity,
        actor=by,
        changes={"file": file_name[:255], "reason": reason[:500]},
    )


# --- Full document view ------------------------------------------------------------------------


def record_full_view(declaration: Declaration, *, by: User) -> None:
    """Every view of a full document (private data included) lands in the audit log."""
    require_scope(by, declaration.entity, declaration)
    record_event("declaration.full_viewed", declaration, actor=by)
