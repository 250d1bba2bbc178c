"""Building and editing S1 v2 documents (pure functions over plain JSON dicts)."""

from __future__ import annotations

import copy
import hashlib
import json
import uuid
from datetime import UTC, datetime

from .catalogues import CATALOGUES
from .nodes import AnyOf, Arr, Cat, Node, Obj
from .spec import INTERES, PATRIMONIAL, TIPOS, section, section_nodes, sections


def canonical_json(document: dict) -> bytes:
    """Sorted keys, UTF-8, no insignificant whitespace: the bytes the SHA-256 covers."""
    return json.dumps(
        document, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def sha256(document: dict) -> str:
    return hashlib.sha256(canonical_json(document)).hexdigest()


def _part(document: dict, part: str) -> dict:
    return (document.get("declaracion") or {}).get(part) or {}


def get_section(document: dict, key: str) -> dict:
    """The section's value (a copy), or {} when the document does not have it yet."""
    value = _part(document, section(key).part).get(key)
    return copy.deepcopy(value) if isinstance(value, dict) else {}


def put_section(document: dict, key: str, value: dict) -> dict:
    """A new document with the section replaced by ``value`` (the input is not changed).

    For a repeatable section, a value without its item list keeps the document's
    current items (the section form edits only "ninguno" and aclaraciones), and
    "ninguno" = true empties the list.
    """
    sec = section(key)
    new = copy.deepcopy(document)
    value = copy.deepcopy(value)
    part = new.setdefault("declaracion", {}).setdefault(sec.part, {})
    if sec.repeatable:
        current = part.get(key) if isinstance(part.get(key), dict) else {}
        if sec.item_key not in value:
            value[sec.item_key] = copy.deepcopy(current.get(sec.item_key, []))
        if sec.allows_ninguno and value.get("ninguno"):
            value[sec.item_key] = []
        elif sec.allows_ninguno and "ninguno" not in value:
            value["ninguno"] = not value[sec.item_key]
    part[key] = value
    return new


def items(document: dict, key: str) -> list[dict]:
    sec = section(key)
    if not sec.repeatable:
        raise ValueError(f"{key} is not a repeatable section")
    return list(get_section(document, key).get(sec.item_key) or [])


def put_items(document: dict, key: str, new_items: list[dict]) -> dict:
    """A new document with the section's item list replaced; "ninguno" follows the list
    (an empty list keeps the section's current "ninguno" choice)."""
    sec = section(key)
    if not sec.repeatable:
        raise ValueError(f"{key} is not a repeatable section")
    value = get_section(document, key)
    value[sec.item_key] = copy.deepcopy(list(new_items))
    if sec.allows_ninguno:
        value["ninguno"] = bool(value.get("ninguno")) and not new_items
        if new_items:
            value["ninguno"] = False
    new = copy.deepcopy(document)
    new.setdefault("declaracion", {}).setdefault(sec.part, {})[key] = value
    return new


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _catalogue_value(name: str, clave: str) -> str:
    return dict(CATALOGUES[name]).get(clave, "")


def _clave_valor(value, catalogue: str | None = None) -> dict | None:
    """Accept {"clave", "valor"} or a bare clave."""
    if not value:
        return None
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if k in ("clave", "valor") and v not in (None, "")}
    out = {"clave": str(value)}
    if catalogue:
        valor = _catalogue_value(catalogue, str(value))
        if valor:
            out["valor"] = valor
    return out


def prune(value, node: Node):
    """Keep only what ``node`` describes (drops fields another tipo has)."""
    if isinstance(node, AnyOf):
        node = node.merged
    if isinstance(node, Obj) and isinstance(value, dict):
        return {k: prune(v, node.fields[k]) for k, v in value.items() if k in node.fields}
    if isinstance(node, Arr) and isinstance(value, list):
        return [prune(v, node.item) for v in value]
    if isinstance(node, Cat) and isinstance(value, dict):
        return {k: v for k, v in value.items() if k in ("clave", "valor")}
    return copy.deepcopy(value)


# Fields whose values belong to one period and are not carried to the next declaration.
_NOT_CARRIED = {"ingresos", "actividadAnualAnterior"}
_BALANCES = {
    "saldoSituacionActual",
    "saldoDiciembreAnterior",
    "saldoFechaConclusion",
    "saldoInsolutoSituacionActual",
    "saldoInsolutoDiciembreAnterior",
    "saldoInsolutoFechaConclusion",
    "porcentajeIncrementoDecremento",
}


def _carry_items(value: dict, item_key: str) -> dict:
    carried = []
    for item in value.get(item_key) or []:
        if item.get("tipoOperacion") == "BAJA":
            continue  # already reported as gone
        item = {k: v for k, v in item.items() if k not in _BALANCES and k != "motivoBaja"}
        item["tipoOperacion"] = "SIN_CAMBIOS"
        carried.append(item)
    value[item_key] = carried
    return value


def new_document(
    tipo: str,
    complete: bool,
    *,
    declarant: dict,
    institution: str,
    previous: dict | None = None,
) -> dict:
    """A new draft S1 document for ``tipo`` (simplified or complete format), pre-filled
    with the declarant's padrón data and, for Modificación/Conclusión, with the
    sections of the declarant's previous full document."""
    if tipo not in TIPOS:
        raise ValueError(f"unknown tipo {tipo!r}")
    nodes = section_nodes(tipo)
    wanted = {s.key for s in sections(tipo, complete)}
    doc: dict = {
        "id": str(uuid.uuid4()),
        "metadata": {
            "actualizacion": now_iso(),
            "institucion": institution,
            "tipo": tipo,
            "declaracionCompleta": bool(complete),
            "actualizacionConflictoInteres": False,
        },
        "declaracion": {PATRIMONIAL: {}},
    }
    if complete:
        doc["declaracion"][INTERES] = {}

    if previous:
        for part in (PATRIMONIAL, INTERES):
            for key, value in _part(previous, part).items():
                if key not in wanted or key in _NOT_CARRIED or not isinstance(value, dict):
                    continue
                sec = section(key)
                value = prune(value, nodes[key])
                if sec.repeatable:
                    value = _carry_items(value, sec.item_key)
                    if sec.allows_ninguno:
                        value["ninguno"] = not value[sec.item_key]
                elif "tipoOperacion" in nodes[key].fields and value and not value.get("ninguno"):
                    value["tipoOperacion"] = "SIN_CAMBIOS"
                doc["declaracion"][sec.part][key] = value

    d = {k: v for k, v in (declarant or {}).items() if v not in (None, "")}
    sp = doc["declaracion"][PATRIMONIAL]
    generales = sp.setdefault("datosGenerales", {})
    for name in ("nombre", "primerApellido", "segundoApellido", "curp"):
        if name in d:
            generales[name] = d[name]
    if "rfc" in d or "homoClave" in d:
        rfc = dict(generales.get("rfc") or {})
        rfc_value = d.get("rfc", rfc.get("rfc", ""))
        homo = d.get("homoClave")
        if homo is None and len(rfc_value) == 13:
            rfc_value, homo = rfc_value[:10], rfc_value[10:]
        rfc["rfc"] = rfc_value[:10]
        if homo:
            rfc["homoClave"] = homo[:3]
        generales["rfc"] = rfc
    if "correoInstitucional" in d:
        generales.setdefault("correoElectronico", {})["institucional"] = d["correoInstitucional"]

    empleo = sp.setdefault("datosEmpleoCargoComision", {})
    for name in (
        "nombreEntePublico",
        "empleoCargoComision",
        "nivelEmpleoCargoComision",
        "nivelOrdenGobierno",
        "ambitoPublico",
    ):
        if name in d:
            empleo[name] = d[name]
    if "entidadFederativa" in d or "municipioAlcaldia" in d:
        domicilio = empleo.setdefault("domicilioMexico", {})
        entidad = _clave_valor(d.get("entidadFederativa"), "entidadFederativa")
        if entidad:
            domicilio["entidadFederativa"] = entidad
        municipio = _clave_valor(d.get("municipioAlcaldia"))
        if municipio:
            domicilio["municipioAlcaldia"] = municipio
        empleo.pop("domicilioExtranjero", None)
    if previous and empleo.get("tipoOperacion") is None and tipo != "INICIAL":
        empleo["tipoOperacion"] = "SIN_CAMBIOS"
    if not generales:
        sp.pop("datosGenerales")
    if not empleo:
        sp.pop("datosEmpleoCargoComision")
    return doc
