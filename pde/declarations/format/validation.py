"""JSON Schema per tipo built from our spec, validated with ``jsonschema``; errors in
Spanish naming the section and the field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

import fastjsonschema
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from jsonschema import Draft7Validator, FormatChecker

from .labels import CHILD_LABELS, label
from .spec import SECTIONS_BY_KEY, TIPOS, document_node, sections


@dataclass(frozen=True)
class Issue:
    section_key: str  # "" for the document envelope (id, metadata)
    path: str  # "declaracion.situacionPatrimonial.datosGenerales.curp"
    label: str  # the field's Spanish label
    message: str  # Spanish, names the section and the field

    def __str__(self) -> str:
        return self.message


@cache
def json_schema(tipo: str) -> dict:
    """Our JSON Schema (draft 7) of one S1 v2 document of ``tipo``."""
    if tipo not in TIPOS:
        raise ValueError(f"unknown tipo {tipo!r}")
    schema = document_node(tipo).schema()
    return {"$schema": "http://json-schema.org/draft-07/schema#", **schema}


_format_checker = FormatChecker(formats=())


@_format_checker.checks("date", raises=ValueError)
def _is_date(value) -> bool:
    if not isinstance(value, str):
        return True
    date.fromisoformat(value)
    return len(value) == 10


@_format_checker.checks("date-time", raises=ValueError)
def _is_datetime(value) -> bool:
    if not isinstance(value, str):
        return True
    if "T" not in value and " " not in value:
        raise ValueError(value)
    datetime.fromisoformat(value.replace("Z", "+00:00"))
    return True


@cache
def validator(tipo: str) -> Draft7Validator:
    """Built once per tipo and cached (validation runs over millions of documents)."""
    return Draft7Validator(json_schema(tipo), format_checker=_format_checker)


def _format_ok(check):
    def ok(value) -> bool:
        try:
            return bool(check(value))
        except ValueError:
            return False

    return ok


@cache
def fast_check(tipo: str):
    """The same schema compiled to Python by fastjsonschema: a quick "valid?" answer
    (about 15 times faster). Only a document it rejects goes through ``jsonschema``
    for the full list of errors, so jsonschema stays the authority on messages."""
    return fastjsonschema.compile(
        json_schema(tipo),
        formats={"date": _format_ok(_is_date), "date-time": _format_ok(_is_datetime)},
    )


def schema_errors(document: dict, tipo: str) -> list:
    try:
        fast_check(tipo)(document)
    except Exception:  # JsonSchemaException, or anything odd: let jsonschema tell
        return list(validator(tipo).iter_errors(document))
    return []


_TYPE_NAMES = {
    "string": gettext_lazy("texto"),
    "number": gettext_lazy("un número"),
    "integer": gettext_lazy("un número entero"),
    "boolean": gettext_lazy("sí o no (verdadero o falso)"),
    "object": gettext_lazy("un grupo de datos"),
    "array": gettext_lazy("una lista"),
}
_REQUIRED = re.compile(r"'(.+)' is a required property")


def _field_label(path: list) -> str:
    names = [p for p in path if isinstance(p, str)]
    if not names:
        return _("Documento")
    last = names[-1]
    if len(names) > 1 and (names[-2], last) in CHILD_LABELS:
        return f"{label(names[-2])} – {CHILD_LABELS[(names[-2], last)]}"
    if last in ("clave", "valor", "moneda", "unidad") and len(names) > 1:
        return f"{label(names[-2])} – {label(last)}"
    return label(last)


def _section_of(path: list) -> tuple[str, str]:
    """(section key, "1. Datos generales") for a path inside a section, else ("", "")."""
    if len(path) >= 3 and path[0] == "declaracion" and path[2] in SECTIONS_BY_KEY:
        sec = SECTIONS_BY_KEY[path[2]]
        return sec.key, f"{sec.number}. {sec.title}"
    return "", ""


def _issue(path: list, text: str) -> Issue:
    section_key, section_title = _section_of(path)
    if section_key and len(path) == 3:
        if text == _("es obligatorio y no se capturó."):
            text = _("falta capturar esta sección del formato.")
        return Issue(section_key, ".".join(path), section_title, f"{section_title}: {text}")
    field = _field_label(path)
    where = f"{section_title} › " if section_title else ""
    positions = [str(p + 1) for p in path if isinstance(p, int)]
    if positions:
        where += _("elemento %(n)s › ") % {"n": ".".join(positions)}
    return Issue(
        section_key=section_key,
        path=".".join(str(p) for p in path),
        label=field,
        message=f"{where}{field}: {text}",
    )


def _describe(error) -> tuple[list, str]:
    path = list(error.absolute_path)
    kind = error.validator
    if kind == "required":
        match = _REQUIRED.search(error.message)
        missing = match.group(1) if match else ""
        return path + [missing], _("es obligatorio y no se capturó.")
    if kind == "type":
        expected = error.validator_value
        if isinstance(expected, list):
            expected = expected[0]
        return path, _("debe ser %(tipo)s.") % {"tipo": str(_TYPE_NAMES.get(expected, expected))}
    if kind == "enum":
        return path, _("«%(valor)s» no es una opción válida del catálogo.") % {
            "valor": error.instance
        }
    if kind == "pattern":
        return path, _("«%(valor)s» no tiene el formato esperado.") % {"valor": error.instance}
    if kind == "maxLength":
        return path, _("admite como máximo %(n)s caracteres.") % {"n": error.validator_value}
    if kind == "minLength":
        return path, _("requiere al menos %(n)s caracteres.") % {"n": error.validator_value}
    if kind == "minimum":
        return path, _("no puede ser menor que %(n)s.") % {"n": error.validator_value}
    if kind == "maximum":
        return path, _("no puede ser mayor que %(n)s.") % {"n": error.validator_value}
    if kind == "format":
        if error.validator_value == "date":
            return path, _("debe ser una fecha válida (AAAA-MM-DD).")
        return path, _("debe ser una fecha y hora válidas.")
    if kind == "anyOf":
        return path, _("no corresponde a ninguna de las formas admitidas.")
    return path, _("el valor no es válido.")


def validate(document) -> list[Issue]:
    """Every problem of ``document`` for its metadata.tipo and metadata.declaracionCompleta:
    schema errors, sections the format requires, and "ninguno" left inconsistent."""
    if not isinstance(document, dict):
        return [_issue([], _("el documento debe ser un objeto JSON."))]
    metadata = document.get("metadata")
    tipo = metadata.get("tipo") if isinstance(metadata, dict) else None
    if tipo not in TIPOS:
        tipo_issue = _issue(
            ["metadata", "tipo"],
            _("debe ser INICIAL, MODIFICACIÓN o CONCLUSIÓN."),
        )
        return [tipo_issue]
    issues = []
    for error in schema_errors(document, tipo):
        if error.validator == "anyOf":
            # Report the alternatives' own errors (both share most fields).
            inner = sorted(error.context, key=lambda e: len(list(e.absolute_path)))
            if inner:
                error = inner[0]
        path, text = _describe(error)
        issues.append(_issue(path, text))

    complete = metadata.get("declaracionCompleta") if isinstance(metadata, dict) else None
    declaracion = document.get("declaracion")
    if isinstance(complete, bool) and isinstance(declaracion, dict):
        for sec in sections(tipo, complete):
            part = declaracion.get(sec.part)
            value = part.get(sec.key) if isinstance(part, dict) else None
            path = ["declaracion", sec.part, sec.key]
            if value is None:
                if not sec.required_by_schema or not isinstance(part, dict):
                    issues.append(_issue(path, _("falta capturar esta sección del formato.")))
                continue
            if not isinstance(value, dict):
                continue
            if sec.repeatable and sec.allows_ninguno:
                listed = value.get(sec.item_key)
                listed = listed if isinstance(listed, list) else []
                if value.get("ninguno") is True and listed:
                    issues.append(
                        _issue(
                            path + ["ninguno"],
                            _("marcó «Ninguno» pero capturó elementos; elimínelos o desmarque."),
                        )
                    )
                elif value.get("ninguno") is not True and not listed:
                    issues.append(
                        _issue(
                            path + [sec.item_key],
                            _("agregue al menos un elemento o marque «Ninguno»."),
                        )
                    )
    # Deduplicate (anyOf alternatives report the same field twice).
    seen = set()
    unique = []
    for issue in issues:
        if (issue.path, issue.message) not in seen:
            seen.add((issue.path, issue.message))
            unique.append(issue)
    return unique


def section_statuses(document: dict) -> dict[str, str]:
    """section_status of every section of the document's format, validating once."""
    metadata = document.get("metadata") or {}
    tipo = metadata.get("tipo")
    if tipo not in TIPOS:
        return {}
    with_issues = {i.section_key for i in validate(document)}
    out = {}
    for sec in sections(tipo, bool(metadata.get("declaracionCompleta"))):
        part = (document.get("declaracion") or {}).get(sec.part) or {}
        if part.get(sec.key) is None:
            out[sec.key] = "empty"
        else:
            out[sec.key] = "incomplete" if sec.key in with_issues else "complete"
    return out


def section_status(document: dict, key: str) -> str:
    """The wizard's progress mark: "empty" (never saved), "complete" (valid and, for
    lists, with items or "ninguno") or "incomplete"."""
    sec = SECTIONS_BY_KEY[key]
    part = (document.get("declaracion") or {}).get(sec.part) or {}
    if part.get(key) is None:
        return "empty"
    if any(i.section_key == key for i in validate(document)):
        return "incomplete"
    return "complete"


__all__ = [
    "Issue",
    "json_schema",
    "validate",
    "validator",
    "section_status",
    "section_statuses",
]
