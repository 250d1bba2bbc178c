"""Our OpenAPI 3 document: every PDN endpoint we serve, written from our own query
specs so it cannot drift from the code. Tests compare it with the official files."""

from __future__ import annotations

from django.conf import settings

from pde.pdn.models import SCOPE_BY_SYSTEM, System

ORDER = {"type": "string", "enum": ["asc", "desc"]}
TEXT = {"type": "string"}
RANGE = {
    "type": "object",
    "properties": {"min": {"type": "integer"}, "max": {"type": "integer"}},
}
ERROR = {
    "type": "object",
    "required": ["code", "message"],
    "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
}
PAGINATION = {
    "type": "object",
    "required": ["pageSize", "page", "totalRows", "hasNextPage"],
    "properties": {
        "pageSize": {"type": "integer", "minimum": 1, "maximum": 200},
        "page": {"type": "integer", "minimum": 1},
        "totalRows": {"type": "integer", "minimum": 0},
        "hasNextPage": {"type": "boolean"},
    },
}
DEPENDENCIAS = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["nombre"],
        "properties": {"nombre": TEXT, "siglas": TEXT, "clave": TEXT},
    },
}


def _obj(properties: dict, required: list | None = None) -> dict:
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema


def _request(sort: dict, query: dict, top_level: dict | None = None) -> dict:
    return _obj(
        {
            "page": {"type": "integer", "minimum": 1, "default": 1},
            "pageSize": {"type": "integer", "minimum": 1, "maximum": 200, "default": 10},
            "sort": _obj(sort),
            "query": _obj(query),
            **(top_level or {}),
        }
    )


def _orders(*names: str) -> dict:
    return {name: ORDER for name in names}


S1_REQUEST = _request(
    sort={
        **_orders("nombres", "primerApellido", "segundoApellido", "escolaridadNivel"),
        "datosEmpleoCargoComision": _obj(
            _orders(
                "nombreEntePublico",
                "entidadFederativa",
                "municipioAlcaldia",
                "empleoCargoComision",
                "nivelEmpleoCargoComision",
                "nivelOrdenGobierno",
            )
        ),
        "totalIngresosNetos": ORDER,
        "bienesInmuebles": _obj(
            _orders(
                "superficieConstruccion",
                "superficieTerreno",
                "formaAdquisicion",
                "valorAdquisicion",
            )
        ),
    },
    query={
        "id": TEXT,
        "nombres": TEXT,
        "primerApellido": TEXT,
        "segundoApellido": TEXT,
        "escolaridadNivel": TEXT,
        "datosEmpleoCargoComision": _obj(
            {
                "nombreEntePublico": TEXT,
                "entidadFederativa": TEXT,
                "municipioAlcaldia": TEXT,
                "empleoCargoComision": TEXT,
                "nivelOrdenGobierno": {
                    "type": "string",
                    "enum": ["FEDERAL", "ESTATAL", "MUNICIPAL_ALCALDIA"],
                },
                "nivelEmpleoCargoComision": TEXT,
            }
        ),
        "bienesInmuebles": _obj(
            {
                "superficieConstruccion": RANGE,
                "superficieTerreno": RANGE,
                "formaAdquisicion": TEXT,
                "valorAdquisicion": RANGE,
            }
        ),
        "totalIngresosNetos": RANGE,
        "rfcSolicitante": TEXT,
    },
)
S1_RESULT = _obj(
    {
        "id": TEXT,
        "metadata": _obj(
            {
                "actualizacion": {"type": "string", "format": "date-time"},
                "institucion": TEXT,
                "tipo": {"type": "string", "enum": ["INICIAL", "MODIFICACIÓN", "CONCLUSIÓN"]},
                "declaracionCompleta": {"type": "boolean"},
                "actualizacionConflictoInteres": {"type": "boolean"},
            },
            [
                "actualizacion",
                "institucion",
                "tipo",
                "declaracionCompleta",
                "actualizacionConflictoInteres",
            ],
        ),
        "declaracion": _obj(
            {"situacionPatrimonial": {"type": "object"}, "interes": {"type": "object"}},
            ["situacionPatrimonial"],
        ),
    },
    ["id", "metadata", "declaracion"],
)

S2_REQUEST = _request(
    sort=_orders(
        "nombres", "primerApellido", "segundoApellido", "institucionDependencia", "puesto"
    ),
    query={
        "id": TEXT,
        "nombres": TEXT,
        "primerApellido": TEXT,
        "segundoApellido": TEXT,
        "curp": TEXT,
        "rfc": TEXT,
        "institucionDependencia": TEXT,
        "tipoProcedimiento": {
            "type": "array",
            "uniqueItems": True,
            "items": {"type": "integer", "minimum": 1, "maximum": 5},
        },
        "rfcSolicitante": TEXT,
    },
)
INSTITUCION = _obj({"nombre": TEXT, "siglas": TEXT, "clave": TEXT}, ["nombre"])
S2_RESULT = _obj(
    {
        "id": TEXT,
        "fechaCaptura": TEXT,
        "nombres": TEXT,
        "primerApellido": TEXT,
        "segundoApellido": TEXT,
        "institucionDependencia": INSTITUCION,
        "puesto": {"type": "object"},
        "tipoProcedimiento": {"type": "array"},
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

S3S_REQUEST = _request(
    sort=_orders(
        "rfc", "curp", "nombres", "primerApellido", "segundoApellido", "institucionDependencia"
    ),
    query={
        "id": TEXT,
        "nombres": TEXT,
        "primerApellido": TEXT,
        "segundoApellido": TEXT,
        "rfc": TEXT,
        "curp": TEXT,
        "institucionDependencia": TEXT,
        "tipoSancion": {
            "type": "array",
            "uniqueItems": True,
            "items": {"type": "string", "enum": ["I", "M", "S", "D", "IRSC", "SE", "O"]},
        },
        "rfcSolicitante": TEXT,
    },
)
S3S_RESULT = _obj(
    {
        "id": TEXT,
        "fechaCaptura": TEXT,
        "institucionDependencia": INSTITUCION,
        "servidorPublicoSancionado": {"type": "object"},
        "tipoSancion": {"type": "array"},
        "causaMotivoHechos": TEXT,
        "tipoFalta": {"type": "object"},
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

S3P_REQUEST = _request(
    sort=_orders("nombreRazonSocial", "rfc", "institucionDependencia"),
    query={
        "id": TEXT,
        "nombreRazonSocial": TEXT,
        "rfc": TEXT,
        "institucionDependencia": TEXT,
        "expediente": TEXT,
        "tipoSancion": {
            "type": "array",
            "uniqueItems": True,
            "items": {"type": "string", "enum": ["I", "M", "S", "D", "A", "IND", "SE", "O"]},
        },
        "tipoPersona": {"type": "string", "enum": ["F", "M"]},
    },
    top_level={"rfcSolicitante": TEXT},
)
S3P_RESULT = _obj(
    {
        "id": TEXT,
        "fechaCaptura": TEXT,
        "institucionDependencia": INSTITUCION,
        "particularSancionado": {"type": "object"},
        "autoridadSancionadora": TEXT,
        "tipoSancion": {"type": "array"},
        "causaMotivoHechos": TEXT,
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

S6_REQUEST = _request(
    sort=_orders("title", "buyerName"),
    query={
        "ocid": TEXT,
        "title": TEXT,
        "buyerName": TEXT,
        "procurementMethod": {
            "type": "array",
            "uniqueItems": True,
            "items": {"type": "string", "enum": ["open", "selective", "limited", "direct"]},
        },
        "awardStatus": {
            "type": "array",
            "uniqueItems": True,
            "items": {
                "type": "string",
                "enum": ["active", "pending", "cancelled", "unsuccessful"],
            },
        },
        "supplierName": TEXT,
        "tenderStartDate": {"type": "string", "format": "date-time"},
        "tenderEndDate": {"type": "string", "format": "date-time"},
        "itemDescription": TEXT,
        "numberOfTenderers": {"type": "integer"},
    },
)
S6_RESULT = _obj({"ocid": TEXT, "id": TEXT, "date": TEXT}, ["ocid", "id", "date"])


def _page_response(result_schema: dict, flat: bool = False) -> dict:
    schema = _obj(
        {"pagination": PAGINATION, "results": {"type": "array", "items": result_schema}},
        ["pagination", "results"],
    )
    if flat:
        schema["properties"].update(PAGINATION["properties"])
        schema["required"] = [*schema["required"], *PAGINATION["required"]]
    return schema


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(denied_status: str = "401") -> dict:
    return {
        "400": _json(ERROR, "Petición inválida (página, tamaño de página, tipos o JSON)"),
        denied_status: _json(
            ERROR, "No tienes permisos (token ausente, inválido, expirado o sin alcance)"
        ),
        "default": _json(ERROR, "Error inesperado"),
    }


def _search(system, tag, summary, request, response):
    scheme = f"{system}_auth"
    return {
        "post": {
            "tags": [tag],
            "summary": summary,
            "operationId": f"post_{system}",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": request}},
            },
            "responses": {"200": _json(response, "Operación exitosa"), **_errors()},
            "security": [{scheme: [SCOPE_BY_SYSTEM[system]]}],
        }
    }


def _dependencias(system, tag, denied_status="401"):
    return {
        "get": {
            "tags": [tag],
            "summary": "Instituciones o dependencias de los registros",
            "operationId": f"get_{system}_dependencias",
            "responses": {
                "200": _json(DEPENDENCIAS, "Operación exitosa"),
                **_errors(denied_status),
            },
            "security": [{f"{system}_auth": [SCOPE_BY_SYSTEM[system]]}],
        }
    }


TOKEN_REQUEST = _obj(
    {
        "grant_type": {"type": "string", "enum": ["password", "refresh_token"]},
        "username": TEXT,
        "password": TEXT,
        "client_id": TEXT,
        "client_secret": TEXT,
        "refresh_token": TEXT,
        "scope": TEXT,
    },
    ["grant_type"],
)
TOKEN_RESPONSE = _obj(
    {
        "access_token": TEXT,
        "token_type": {"type": "string", "enum": ["Bearer"]},
        "expires_in": {"type": "integer"},
        "refresh_token": TEXT,
        "refresh_token_expires_in": {"type": "integer"},
        "scope": TEXT,
    },
    [
        "access_token",
        "token_type",
        "expires_in",
        "refresh_token",
        "refresh_token_expires_in",
        "scope",
    ],
)


def _token_path(operation_id: str) -> dict:
    return {
        "post": {
            "tags": ["oauth"],
            "summary": "Token de acceso OAuth 2.0 (password y refresh_token)",
            "operationId": operation_id,
            "requestBody": {
                "required": True,
                "content": {
                    "application/x-www-form-urlencoded": {"schema": TOKEN_REQUEST},
                    "application/json": {"schema": TOKEN_REQUEST},
                },
            },
            "responses": {
                "200": _json(TOKEN_RESPONSE, "Token emitido"),
                "401": _json(ERROR, "Credenciales, refresh_token o alcance no válidos"),
                "422": _json(ERROR, "Solicitud incompleta o grant_type no soportado"),
                "405": _json(ERROR, "Método no permitido"),
            },
            "security": [],
        }
    }


def openapi_document() -> dict:
    scopes = {scope: str(system.label) for system, scope in SCOPE_BY_SYSTEM.items()}
    schemes = {
        f"{system}_auth": {
            "type": "oauth2",
            "flows": {"password": {"tokenUrl": "/oauth", "scopes": scopes}},
        }
        for system in System
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": f"{settings.PDE_INSTITUTION_ACRONYM} · APIs del Sistema Electrónico Estatal",
            "version": "1.0.0",
            "description": (
                "APIs compatibles con la Plataforma Digital Nacional: S1 declaraciones, "
                "S2 servidores públicos en contrataciones, S3 sancionados y S6 "
                "contrataciones abiertas. Autenticación OAuth 2.0 (password grant) en /oauth."
            ),
        },
        "paths": {
            "/oauth": _token_path("oauth_token"),
            "/oauth/token": _token_path("oauth_token_alias"),
            "/v2/declaraciones": _search(
                System.S1,
                "declaraciones",
                "Declaraciones (versión pública)",
                S1_REQUEST,
                _page_response(S1_RESULT),
            ),
            "/v1/spic": _search(
                System.S2,
                "spic",
                "Servidores públicos que intervienen en contrataciones",
                S2_REQUEST,
                _page_response(S2_RESULT),
            ),
            "/v1/spic/dependencias": _dependencias(System.S2, "spic"),
            "/v1/ssancionados": _search(
                System.S3_SERVIDORES,
                "ssancionados",
                "Servidores públicos sancionados",
                S3S_REQUEST,
                _page_response(S3S_RESULT),
            ),
            # The official spec answers "No tienes permisos" here with 403.
            "/v1/ssancionados/dependencias": _dependencias(
                System.S3_SERVIDORES, "ssancionados", "403"
            ),
            "/v1/psancionados": _search(
                System.S3_PARTICULARES,
                "psancionados",
                "Particulares sancionados",
                S3P_REQUEST,
                _page_response(S3P_RESULT),
            ),
            "/v1/psancionados/dependencias": _dependencias(System.S3_PARTICULARES, "psancionados"),
            "/contrataciones-abiertas": _search(
                System.S6,
                "contrataciones-abiertas",
                "Contrataciones abiertas (OCDS)",
                S6_REQUEST,
                _page_response(S6_RESULT, flat=True),
            ),
        },
        "components": {"securitySchemes": schemes, "schemas": {"resError": ERROR}},
    }
