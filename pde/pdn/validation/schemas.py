"""Our JSON Schema of one record of each system, built from our own representation.

``official_schema(system)`` is the record schema exactly as the official OAS states
it (the tests prove it equal, keyword by keyword, to the item schema of each OAS
response); ``record_schema(system)`` adds the few rules storage needs on top of it
(``STRENGTHENED``): an ``id`` that is not empty and fits its column.

S6 records are OCDS 1.1 releases (the OAS points to the OCDS release schema): we
validate the part of the release that the PDN API serves and filters on, with the
OCDS required fields and codelists.
"""

import copy
from typing import Any

from pde.pdn.models.records import S2, S3_PARTICULARS, S3_SERVANTS, S6

from . import catalogs as cat

STRING = {"type": "string"}
DATE = {"type": "string", "format": "date"}
DATE_TIME = {"type": "string", "format": "date-time"}


def _string(**rules) -> dict:
    return {"type": "string", **rules}


def _object(properties: dict, required: list[str] | None = None) -> dict:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema


def _array(items: dict, *, unique: bool = False) -> dict:
    schema: dict[str, Any] = {"type": "array", "items": items}
    if unique:
        schema["uniqueItems"] = True
    return schema


def _strings(*names: str) -> dict:
    return {name: dict(STRING) for name in names}


def _clave_valor(claves: list, *, clave_type: str = "string", required=None, **valor) -> dict:
    clave: dict[str, Any] = {"type": clave_type, "enum": list(claves)}
    return _object({"clave": clave, "valor": _string(**valor)}, required)


def _institucion() -> dict:
    return _object(_strings("nombre", "siglas", "clave"), ["nombre"])


def _documentos() -> dict:
    return _array(
        _object(
            {
                "id": dict(STRING),
                "tipo": _string(enum=list(cat.S3_TIPO_DOCUMENTO)),
                "titulo": dict(STRING),
                "descripcion": dict(STRING),
                "url": dict(STRING),
                "fecha": dict(DATE),
            },
            ["id", "titulo", "descripcion", "url", "fecha"],
        )
    )


def _inhabilitacion() -> dict:
    return _object({"plazo": dict(STRING), "fechaInicial": dict(DATE), "fechaFinal": dict(DATE)})


def _s2() -> dict:
    tipo_procedimiento = {
        "type": "integer",
        "minimum": 1,
        "enum": cat.claves(cat.S2_TIPO_PROCEDIMIENTO),
    }
    return _object(
        {
            "id": dict(STRING),
            "fechaCaptura": dict(DATE_TIME),
            "ejercicioFiscal": dict(STRING),
            "ramo": _object({"clave": {"type": "integer", "minimum": 1}, "valor": dict(STRING)}),
            **_strings("rfc", "curp", "nombres", "primerApellido", "segundoApellido"),
            "genero": _clave_valor(cat.claves(cat.GENERO)),
            "institucionDependencia": _institucion(),
            "puesto": _object({"nombre": dict(STRING), "nivel": _string(maxLength=12)}),
            "tipoArea": _array(_clave_valor(cat.claves(cat.S2_TIPO_AREA)), unique=True),
            "nivelResponsabilidad": _array(
                _clave_valor(
                    cat.claves(cat.S2_NIVEL_RESPONSABILIDAD),
                    enum=list(cat.valores(cat.S2_NIVEL_RESPONSABILIDAD).values()),
                ),
                unique=True,
            ),
            "tipoProcedimiento": _array(
                _object({"clave": tipo_procedimiento, "valor": dict(STRING)}), unique=True
            ),
            "superiorInmediato": _object(
                {
                    **_strings("nombres", "primerApellido", "segundoApellido", "curp", "rfc"),
                    "puesto": _object(_strings("nombre", "nivel")),
                }
            ),
            "observaciones": dict(STRING),
        },
        [
            "id",
            "nombres",
            "fechaCaptura",
            "primerApellido",
            "tipoProcedimiento",
            "institucionDependencia",
            "puesto",
        ],
    )


def _s3_servants() -> dict:
    return _object(
        {
            "id": dict(STRING),
            "fechaCaptura": dict(DATE_TIME),
            "expediente": dict(STRING),
            "institucionDependencia": _institucion(),
            "servidorPublicoSancionado": _object(
                {
                    **_strings("rfc", "curp", "nombres", "primerApellido", "segundoApellido"),
                    "genero": _clave_valor(cat.claves(cat.GENERO)),
                    **_strings("puesto", "nivel"),
                },
                ["nombres", "primerApellido", "puesto"],
            ),
            "autoridadSancionadora": dict(STRING),
            "tipoFalta": _object(
                {
                    "clave": _string(enum=cat.claves(cat.S3S_TIPO_FALTA)),
                    "valor": dict(STRING),
                    "descripcion": dict(STRING),
                },
                ["clave", "valor"],
            ),
            "tipoSancion": _array(
                _object(
                    {
                        "clave": _string(enum=cat.claves(cat.S3S_TIPO_SANCION)),
                        "valor": dict(STRING),
                        "descripcion": dict(STRING),
                    },
                    ["clave", "valor"],
                )
            ),
            "causaMotivoHechos": dict(STRING),
            "resolucion": _object(
                {"url": dict(STRING), "fechaResolucion": dict(DATE)}, ["fechaResolucion"]
            ),
            "multa": _object(
                {
                    "monto": {"type": "number", "format": "float"},
                    "moneda": _object(_strings("clave", "valor")),
                },
                ["monto", "moneda"],
            ),
            "inhabilitacion": _inhabilitacion(),
            "observaciones": dict(STRING),
            "documentos": _documentos(),
        },
        [
            "id",
            "fechaCaptura",
            "institucionDependencia",
            "servidorPublicoSancionado",
            "tipoSancion",
            "causaMotivoHechos",
            "tipoFalta",
        ],
    )


def _s3_particulars() -> dict:
    clave_valor = _object(_strings("valor", "clave"))
    person = _object(
        {
            **_strings("nombres", "primerApellido", "segundoApellido"),
            "curp": _string(maxLength=18),
        }
    )
    return _object(
        {
            "id": dict(STRING),
            "fechaCaptura": dict(DATE_TIME),
            "expediente": dict(STRING),
            "institucionDependencia": _institucion(),
            "particularSancionado": _object(
                {
                    **_strings("nombreRazonSocial", "objetoSocial", "rfc"),
                    "tipoPersona": _string(enum=list(cat.S3P_TIPO_PERSONA)),
                    "telefono": _string(maxLength=12),
                    "domicilioMexico": _object(
                        {
                            "pais": copy.deepcopy(clave_valor),
                            "entidadFederativa": copy.deepcopy(clave_valor),
                            "municipio": copy.deepcopy(clave_valor),
                            "codigoPostal": _string(maxLength=5),
                            "localidad": copy.deepcopy(clave_valor),
                            "vialidad": copy.deepcopy(clave_valor),
                            **_strings("numeroExterior", "numeroInterior"),
                        }
                    ),
                    "domicilioExtranjero": _object(
                        {
                            **_strings(
                                "calle",
                                "numeroExterior",
                                "numeroInterior",
                                "ciudadLocalidad",
                                "estadoProvincia",
                            ),
                            "pais": _object({"clave": _string(maxLength=2), "valor": dict(STRING)}),
                            "codigoPostal": dict(STRING),
                        }
                    ),
                    "directorGeneral": copy.deepcopy(person),
                    "apoderadoLegal": copy.deepcopy(person),
                },
                ["nombreRazonSocial", "tipoPersona"],
            ),
            **_strings("objetoContrato", "autoridadSancionadora", "tipoFalta"),
            "tipoSancion": _array(
                _object(
                    {
                        "clave": _string(enum=cat.claves(cat.S3P_TIPO_SANCION)),
                        "valor": dict(STRING),
                        "descripcion": dict(STRING),
                    },
                    ["clave", "valor"],
                ),
                unique=True,
            ),
            **_strings("causaMotivoHechos", "acto"),
            "responsableSancion": _object(
                _strings("nombres", "primerApellido", "segundoApellido"),
                ["nombres", "primerApellido"],
            ),
            "resolucion": _object(
                {"sentido": dict(STRING), "url": dict(STRING), "fechaNotificacion": dict(DATE)}
            ),
            "multa": _object(
                {
                    "monto": {"type": "number", "format": "float", "minimum": 0},
                    "moneda": _object(_strings("clave", "valor")),
                }
            ),
            "inhabilitacion": _inhabilitacion(),
            "observaciones": dict(STRING),
            "documentos": _documentos(),
        },
        [
            "id",
            "fechaCaptura",
            "institucionDependencia",
            "particularSancionado",
            "autoridadSancionadora",
            "tipoSancion",
            "causaMotivoHechos",
        ],
    )


def _s6() -> dict:
    organization = _object({"id": dict(STRING), "name": dict(STRING)})
    value = _object({"amount": {"type": "number"}, "currency": dict(STRING)})
    period = _object({"startDate": dict(DATE_TIME), "endDate": dict(DATE_TIME)})
    item = _object(
        {"id": dict(STRING), "description": dict(STRING), "quantity": {"type": "number"}},
        ["id"],
    )
    return _object(
        {
            "ocid": _string(minLength=1),
            "id": dict(STRING),
            "date": dict(DATE_TIME),
            "tag": {
                "type": "array",
                "minItems": 1,
                "items": _string(enum=list(cat.OCDS_RELEASE_TAG)),
            },
            "initiationType": _string(enum=list(cat.OCDS_INITIATION_TYPE)),
            "language": dict(STRING),
            "parties": _array(_object({"id": dict(STRING), "name": dict(STRING)})),
            "buyer": organization,
            "planning": {"type": "object"},
            "tender": _object(
                {
                    "id": dict(STRING),
                    "title": dict(STRING),
                    "description": dict(STRING),
                    "status": _string(enum=list(cat.OCDS_TENDER_STATUS)),
                    "procurementMethod": _string(enum=list(cat.OCDS_PROCUREMENT_METHOD)),
                    "procurementMethodDetails": dict(STRING),
                    "value": copy.deepcopy(value),
                    "tenderPeriod": copy.deepcopy(period),
                    "numberOfTenderers": {"type": "integer", "minimum": 0},
                    "tenderers": _array(copy.deepcopy(organization)),
                    "items": _array(copy.deepcopy(item)),
                },
                ["id"],
            ),
            "awards": _array(
                _object(
                    {
                        "id": dict(STRING),
                        "title": dict(STRING),
                        "description": dict(STRING),
                        "status": _string(enum=list(cat.OCDS_AWARD_STATUS)),
                        "date": dict(DATE_TIME),
                        "value": copy.deepcopy(value),
                        "suppliers": _array(copy.deepcopy(organization)),
                        "items": _array(copy.deepcopy(item)),
                    },
                    ["id"],
                )
            ),
            "contracts": _array(
                _object(
                    {
                        "id": dict(STRING),
                        "awardID": dict(STRING),
                        "title": dict(STRING),
                        "status": _string(enum=list(cat.OCDS_CONTRACT_STATUS)),
                        "value": copy.deepcopy(value),
                        "period": copy.deepcopy(period),
                    },
                    ["id", "awardID"],
                )
            ),
        },
        ["ocid", "id", "date", "tag", "initiationType"],
    )


_BUILDERS = {S2: _s2, S3_SERVANTS: _s3_servants, S3_PARTICULARS: _s3_particulars, S6: _s6}

# Rules beyond the official schema that storage needs: JSON pointer -> extra keywords.
STRENGTHENED: dict[str, dict[str, dict]] = {
    system: {"/properties/id": {"minLength": 1, "maxLength": 255, "pattern": r"\S"}}
    for system in _BUILDERS
}


def official_schema(system: str) -> dict:
    """The record schema of ``system`` exactly as its official spec states it."""
    return _BUILDERS[system]()


def record_schema(system: str) -> dict:
    """The schema every delivered record is validated against."""
    schema = official_schema(system)
    for pointer, extra in STRENGTHENED[system].items():
        node = schema
        for part in pointer.strip("/").split("/"):
            node = node[part]
        node.update(extra)
    return schema
