"""Validate delivered records against our schemas; errors in Spanish, with their JSON path."""

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError as SchemaError

from .schemas import record_schema

# Errors reported for one record at most (the rest are summarized in one line).
MAX_ERRORS_PER_RECORD = 20

_format_checker = FormatChecker(formats=())


@_format_checker.checks("date", raises=ValueError)
def _is_date(value: Any) -> bool:
    if not isinstance(value, str):
        return True
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(value)
    date.fromisoformat(value)
    return True


@_format_checker.checks("date-time", raises=ValueError)
def _is_date_time(value: Any) -> bool:
    """ISO 8601 / RFC 3339 date-time; a zone is recommended but not demanded (entes
    often omit it; it is then read in the platform's time zone)."""
    if not isinstance(value, str):
        return True
    if not re.fullmatch(
        r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?", value
    ):
        raise ValueError(value)
    datetime.fromisoformat(value.replace(" ", "T"))
    return True


@dataclass(frozen=True)
class RecordError:
    index: int  # position of the record in the delivery (0-based)
    path: str  # JSON path inside the record, "$" for the record itself
    message: str
    id: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


@cache
def validator_for(system: str) -> Draft202012Validator:
    """The compiled validator of ``system`` (built once per process)."""
    schema = record_schema(system)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=_format_checker)


def json_path(parts: Iterable[Any]) -> str:
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


_TYPE_NAMES = {
    "string": "texto",
    "integer": "número entero",
    "number": "número",
    "object": "objeto",
    "array": "lista",
    "boolean": "verdadero o falso",
    "null": "nulo",
}


def _type_name(schema_type: Any) -> str:
    if isinstance(schema_type, list):
        return " o ".join(_TYPE_NAMES.get(t, t) for t in schema_type)
    return _TYPE_NAMES.get(schema_type, str(schema_type))


def _shown(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _message(error: SchemaError) -> tuple[list, str]:
    """(path parts, Spanish message) of one jsonschema error."""
    parts = list(error.absolute_path)
    kind = error.validator
    if kind == "required":
        match = re.match(r"'(.+)' is a required property", error.message)
        field = match.group(1) if match else str(error.validator_value)
        return parts + [field], _("Falta el campo obligatorio «%(field)s».") % {"field": field}
    if kind == "type":
        return parts, _("Debe ser de tipo %(type)s; se recibió «%(value)s».") % {
            "type": _type_name(error.validator_value),
            "value": _shown(error.instance),
        }
    if kind == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        return parts, _(
            "El valor «%(value)s» no está en el catálogo; valores permitidos: %(allowed)s."
        ) % {"value": _shown(error.instance), "allowed": allowed}
    if kind == "format":
        if error.validator_value == "date":
            return parts, _("Debe ser una fecha AAAA-MM-DD; se recibió «%(value)s».") % {
                "value": _shown(error.instance)
            }
        return parts, _(
            "Debe ser una fecha y hora ISO 8601 (p. ej. 2024-01-31T10:00:00Z); "
            "se recibió «%(value)s»."
        ) % {"value": _shown(error.instance)}
    if kind == "maxLength":
        return parts, _("Debe tener como máximo %(n)s caracteres.") % {"n": error.validator_value}
    if kind in ("minLength", "pattern"):
        return parts, _("No puede estar vacío.")
    if kind == "minimum":
        return parts, _("Debe ser mayor o igual a %(n)s.") % {"n": error.validator_value}
    if kind == "uniqueItems":
        return parts, _("La lista tiene elementos repetidos.")
    if kind == "minItems":
        return parts, _("La lista debe tener al menos %(n)s elemento(s).") % {
            "n": error.validator_value
        }
    return parts, _("Valor no válido (%(rule)s).") % {"rule": kind}


def validate_record(system: str, index: int, record: Any) -> list[RecordError]:
    """Every error of one record (empty when valid)."""
    record_id = ""
    if isinstance(record, dict) and isinstance(record.get("id"), str):
        record_id = record["id"][:255]
    if not isinstance(record, dict):
        return [RecordError(index, "$", _("Cada registro debe ser un objeto JSON."), record_id)]
    errors = sorted(
        validator_for(system).iter_errors(record),
        key=lambda e: (json_path(e.absolute_path), e.validator),
    )
    # A value of the wrong type needs no second message (enum, format...) at that path.
    wrong_type = {tuple(e.absolute_path) for e in errors if e.validator == "type"}
    errors = [
        e for e in errors if e.validator == "type" or tuple(e.absolute_path) not in wrong_type
    ]
    found: list[RecordError] = []
    for error in errors[:MAX_ERRORS_PER_RECORD]:
        parts, message = _message(error)
        found_error = RecordError(index, json_path(parts), message, record_id)
        if found_error not in found:
            found.append(found_error)
    if len(errors) > MAX_ERRORS_PER_RECORD:
        found.append(
            RecordError(
                index,
                "$",
                _("… y %(n)s errores más en este registro.")
                % {"n": len(errors) - MAX_ERRORS_PER_RECORD},
                record_id,
            )
        )
    return found
