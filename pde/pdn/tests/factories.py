"""Builders for the PDN API tests: API clients with tokens, submitted declarations (S1)
and delivered S2/S3/S6 records, written directly (the capture and ingestion flows are
tested in their own apps)."""

from __future__ import annotations

import copy
import uuid
from decimal import Decimal

from django.test import Client
from django.utils import timezone

from pde.core.text import normalize_text, spanish_sort_key
from pde.declarations.models import Declaration, DeclaredProperty
from pde.pdn.models import RECORD_MODELS
from pde.pdn.services.clients import create_client

INGRESO_NETO = {
    "INICIAL": (
        "remuneracionMensualCargoPublico",
        "ingresoMensualNetoDeclarante",
        "totalIngresosMensualesNetos",
        "otrosIngresosMensualesTotal",
    ),
    "MODIFICACIÓN": (
        "remuneracionAnualCargoPublico",
        "ingresoAnualNetoDeclarante",
        "totalIngresosAnualesNetos",
        "otrosIngresosAnualesTotal",
    ),
    "CONCLUSIÓN": (
        "remuneracionConclusionCargoPublico",
        "ingresoConclusionNetoDeclarante",
        "totalIngresosConclusionNetos",
        "otrosIngresosConclusionTotal",
    ),
}
NIVELES = {
    "PRI": "PRIMARIA",
    "SEC": "SECUNDARIA",
    "BCH": "BACHILLERATO",
    "CTC": "CARRERA TÉCNICA O COMERCIAL",
    "LIC": "LICENCIATURA",
    "ESP": "ESPECIALIDAD",
    "MAE": "MAESTRÍA",
    "DOC": "DOCTORADO",
}
PRIVATE_CURP = "PEGM800101MCSRRR09"
PRIVATE_STREET = "Calle Privada de los Secretos 123"


def token_for(client: Client, credentials, scope: str | None = None) -> dict:
    data = {
        "grant_type": "password",
        "username": credentials.username,
        "password": credentials.password,
        "client_id": credentials.client_id,
        "client_secret": credentials.client_secret,
    }
    if scope:
        data["scope"] = scope
    response = client.post("/oauth", data)
    assert response.status_code == 200, response.content
    return response.json()


def api_client(client: Client, name="PDN", scopes=None, non_public: bool = False):
    """An API client and the Authorization header of a fresh token."""
    from pde.pdn.services.clients import set_non_public_access

    api, credentials = create_client(name, scopes)
    if non_public:
        set_non_public_access(api, True, basis="Oficio FGE/123/2026")
    token = token_for(client, credentials)
    return api, credentials, {"HTTP_AUTHORIZATION": f"Bearer {token['access_token']}"}


def money(value) -> dict:
    return {"valor": value, "moneda": "MXN"}


def s1_document(
    tipo: str = "INICIAL",
    *,
    nombre="María José",
    primer="Pérez",
    segundo="Gómez",
    ente="Ayuntamiento de Tapachula",
    cargo="Analista de proyectos",
    nivel_cargo="Operativo",
    orden="MUNICIPAL_ALCALDIA",
    escolaridad="LIC",
    ingreso=18000,
    inmuebles=(),
    complete=True,
) -> dict:
    """A full S1 v2 document valid against the official schema of ``tipo``."""
    cargo_key, neto_key, total_key, otros_key = INGRESO_NETO[tipo]
    generales = {
        "nombre": nombre,
        "primerApellido": primer,
        "segundoApellido": segundo,
        "curp": PRIVATE_CURP,
        "rfc": {"rfc": "PEGM800101", "homoClave": "AB1"},
        "correoElectronico": {
            "institucional": "mj.perez@tapachula.gob.mx",
            "personal": "secreta@correo.mx",
        },
        "telefono": {"casa": "9611234567", "celularPersonal": "9619876543"},
        "situacionPersonalEstadoCivil": {"clave": "SOL", "valor": "SOLTERO (A)"},
        "regimenMatrimonial": {"clave": "SBI", "valor": "SOCIEDAD DE BIENES"},
        "paisNacimiento": "MX",
        "nacionalidad": "MX",
        "aclaracionesObservaciones": "",
    }
    sp = {
        "datosGenerales": generales,
        "domicilioDeclarante": {
            "domicilioMexico": {
                "calle": PRIVATE_STREET,
                "numeroExterior": "123",
                "numeroInterior": "",
                "coloniaLocalidad": "Centro",
                "municipioAlcaldia": {"clave": "089", "valor": "TAPACHULA"},
                "entidadFederativa": {"clave": "07", "valor": "CHIAPAS"},
                "codigoPostal": "30700",
            },
            "aclaracionesObservaciones": "",
        },
        "datosCurricularesDeclarante": {
            "escolaridad": [
                {
                    "tipoOperacion": "AGREGAR",
                    "nivel": {"clave": escolaridad, "valor": NIVELES[escolaridad]},
                    "institucionEducativa": {"nombre": "UNACH", "ubicacion": "MX"},
                    "carreraAreaConocimiento": "Ingeniería",
                    "estatus": "FINALIZADO",
                    "documentoObtenido": "TITULO",
                    "fechaObtencion": "2004-07-01",
                }
            ],
            "aclaracionesObservaciones": "",
        },
        "datosEmpleoCargoComision": {
            "tipoOperacion": "AGREGAR",
            "nivelOrdenGobierno": orden,
            "ambitoPublico": "EJECUTIVO",
            "nombreEntePublico": ente,
            "areaAdscripcion": "Obras Públicas",
            "empleoCargoComision": cargo,
            "contratadoPorHonorarios": False,
            "nivelEmpleoCargoComision": nivel_cargo,
            "funcionPrincipal": "Revisión",
            "fechaTomaPosesion": "2026-01-15",
            "telefonoOficina": {"telefono": "9616000000", "extension": ""},
            "domicilioMexico": {
                "calle": "Palacio Municipal",
                "numeroExterior": "1",
                "numeroInterior": "",
                "coloniaLocalidad": "Centro",
                "municipioAlcaldia": {"clave": "089", "valor": "TAPACHULA"},
                "entidadFederativa": {"clave": "07", "valor": "CHIAPAS"},
                "codigoPostal": "30700",
            },
            "aclaracionesObservaciones": "",
        },
        "experienciaLaboral": {"ninguno": True, "experiencia": []},
        "ingresos": {
            cargo_key: money(ingreso),
            otros_key: money(0),
            neto_key: money(ingreso),
            total_key: money(ingreso),
        },
        "actividadAnualAnterior": {"servidorPublicoAnioAnterior": False},
    }
    if tipo == "MODIFICACIÓN":
        del sp["actividadAnualAnterior"]
    if inmuebles:
        sp["bienesInmuebles"] = {
            "ninguno": False,
            "bienInmueble": [
                {
                    "tipoOperacion": "AGREGAR",
                    "tipoInmueble": {"clave": "CASA", "valor": "CASA"},
                    "titular": [{"clave": "DEC", "valor": "DECLARANTE"}],
                    "porcentajePropiedad": 100,
                    "superficieTerreno": {"valor": p.get("terreno", 100), "unidad": "m2"},
                    "superficieConstruccion": {"valor": p.get("construccion", 80), "unidad": "m2"},
                    "tercero": [{"tipoPersona": "FISICA"}],
                    "transmisor": [
                        {
                            "tipoPersona": "FISICA",
                            "nombreRazonSocial": "Vendedor",
                            "rfc": "VEND800101AB1",
                            "relacion": {"clave": "NIN", "valor": "NINGUNO"},
                        }
                    ],
                    "formaAdquisicion": {
                        "clave": p.get("forma", "CPV"),
                        "valor": p.get("forma", "CPV"),
                    },
                    "formaPago": "CONTADO",
                    "valorAdquisicion": money(p.get("valor", 1000000)),
                    "fechaAdquisicion": "2010-01-01",
                    "datoIdentificacion": "FOLIO-1",
                    "valorConformeA": "ESCRITURA PÚBLICA",
                    "domicilioMexico": {
                        "calle": PRIVATE_STREET,
                        "numeroExterior": "5",
                        "numeroInterior": "",
                        "coloniaLocalidad": "Centro",
                        "municipioAlcaldia": {"clave": "089", "valor": "TAPACHULA"},
                        "entidadFederativa": {"clave": "07", "valor": "CHIAPAS"},
                        "codigoPostal": "30700",
                    },
                }
                for p in inmuebles
            ],
            "aclaracionesObservaciones": "",
        }
    return {
        "id": str(uuid.uuid4()),
        "metadata": {
            "actualizacion": "2026-05-01T12:00:00Z",
            "institucion": "Secretaría Ejecutiva del Sistema Anticorrupción del Estado de Chiapas",
            "tipo": tipo,
            "declaracionCompleta": complete,
            "actualizacionConflictoInteres": False,
        },
        "declaracion": {"situacionPatrimonial": sp},
    }


def public_of(document: dict) -> dict:
    """Our test's own public version: the private sections and fields removed."""
    public = copy.deepcopy(document)
    sp = public["declaracion"]["situacionPatrimonial"]
    g = sp["datosGenerales"]
    for key in ("curp", "rfc", "telefono", "situacionPersonalEstadoCivil", "regimenMatrimonial"):
        g.pop(key, None)
    g["correoElectronico"].pop("personal", None)
    sp.pop("domicilioDeclarante", None)
    for item in (sp.get("bienesInmuebles") or {}).get("bienInmueble", []):
        item.pop("domicilioMexico", None)
        item.pop("transmisor", None)
        item.pop("datoIdentificacion", None)
    return public


def submit_declaration(entity, document: dict, *, status=Declaration.Status.SUBMITTED):
    """A submitted Declaration with its public version, search columns and properties."""
    public = public_of(document)
    sp = public["declaracion"]["situacionPatrimonial"]
    g, empleo = sp["datosGenerales"], sp["datosEmpleoCargoComision"]
    tipo = document["metadata"]["tipo"]
    neto = sp["ingresos"][INGRESO_NETO[tipo][1]]["valor"]
    declaration = Declaration(
        tipo=tipo,
        complete_format=document["metadata"]["declaracionCompleta"],
        status=status,
        source=Declaration.Source.IMPORT,
        entity=entity,
    )
    document = copy.deepcopy(document)
    document["id"] = public["id"] = str(declaration.pk)
    declaration.document = document
    if status == Declaration.Status.SUBMITTED:
        declaration.public_document = public
        declaration.folio = f"T-{declaration.pk}"
        declaration.submitted_at = timezone.now()
    columns = {
        "nombres_norm": normalize_text(g["nombre"]),
        "primer_apellido_norm": normalize_text(g["primerApellido"]),
        "segundo_apellido_norm": normalize_text(g.get("segundoApellido", "")),
        "nombres_sort": spanish_sort_key(g["nombre"]),
        "primer_apellido_sort": spanish_sort_key(g["primerApellido"]),
        "segundo_apellido_sort": spanish_sort_key(g.get("segundoApellido", "")),
        "escolaridad_nivel": sp["datosCurricularesDeclarante"]["escolaridad"][0]["nivel"]["clave"],
        "ente_nombre_norm": normalize_text(empleo["nombreEntePublico"]),
        "ente_nombre_sort": spanish_sort_key(empleo["nombreEntePublico"]),
        "entidad_federativa": empleo["domicilioMexico"]["entidadFederativa"]["clave"],
        "municipio_alcaldia": empleo["domicilioMexico"]["municipioAlcaldia"]["clave"],
        "empleo_cargo_comision_norm": normalize_text(empleo["empleoCargoComision"]),
        "empleo_cargo_comision_sort": spanish_sort_key(empleo["empleoCargoComision"]),
        "nivel_empleo_cargo_comision": empleo["nivelEmpleoCargoComision"],
        "nivel_orden_gobierno": empleo["nivelOrdenGobierno"],
        "total_ingresos_netos": Decimal(str(neto)),
    }
    for name, value in columns.items():
        setattr(declaration, name, value)
    declaration.save()
    for item in (sp.get("bienesInmuebles") or {}).get("bienInmueble", []):
        DeclaredProperty.objects.create(
            declaration=declaration,
            superficie_construccion=Decimal(str(item["superficieConstruccion"]["valor"])),
            superficie_terreno=Decimal(str(item["superficieTerreno"]["valor"])),
            forma_adquisicion=item["formaAdquisicion"]["clave"],
            valor_adquisicion=Decimal(str(item["valorAdquisicion"]["valor"])),
        )
    return declaration


# --- S2, S3, S6 records ------------------------------------------------------------------


def institution(nombre="Secretaría de Obras Públicas", siglas="SOP", clave="SOP-07"):
    return {"nombre": nombre, "siglas": siglas, "clave": clave}


def s2_document(
    record_id,
    *,
    nombres="Juan",
    primer="López",
    segundo="Ruiz",
    inst=None,
    puesto="Director de área",
    procedimientos=(1,),
    curp="LORJ800101HCSPZN01",
    rfc="LORJ800101AB1",
):
    return {
        "id": record_id,
        "fechaCaptura": "2026-03-01T10:00:00Z",
        "ejercicioFiscal": "2026",
        "rfc": rfc,
        "curp": curp,
        "nombres": nombres,
        "primerApellido": primer,
        "segundoApellido": segundo,
        "genero": {"clave": "M", "valor": "MASCULINO"},
        "institucionDependencia": inst or institution(),
        "puesto": {"nombre": puesto, "nivel": "DA1"},
        "tipoArea": [{"clave": "RC", "valor": "RESPONSABLE DE LA CONTRATACIÓN"}],
        "nivelResponsabilidad": [{"clave": "A", "valor": "ATENCIÓN"}],
        "tipoProcedimiento": [
            {
                "clave": p,
                "valor": [
                    "",
                    "CONTRATACIONES PÚBLICAS",
                    "CONCESIONES",
                    "ENAJENACIÓN",
                    "AVALÚOS",
                    "OTRO",
                ][p],
            }
            for p in procedimientos
        ],
        "superiorInmediato": {
            "nombres": "Ana",
            "primerApellido": "Díaz",
            "puesto": {"nombre": "Sec"},
        },
    }


def s3s_document(
    record_id,
    *,
    nombres="Pedro",
    primer="Núñez",
    segundo="Ñandú",
    inst=None,
    sanciones=("I",),
    curp="NUNP800101HCSXXD01",
    rfc="NUNP800101AB1",
):
    return {
        "id": record_id,
        "fechaCaptura": "2026-02-01T10:00:00Z",
        "expediente": f"EXP-{record_id}",
        "institucionDependencia": inst or institution(),
        "servidorPublicoSancionado": {
            "rfc": rfc,
            "curp": curp,
            "nombres": nombres,
            "primerApellido": primer,
            "segundoApellido": segundo,
            "genero": {"clave": "M", "valor": "MASCULINO"},
            "puesto": "Jefe de departamento",
            "nivel": "JD",
        },
        "autoridadSancionadora": "Secretaría de la Honestidad",
        "tipoFalta": {"clave": "NAD", "valor": "NEGLIGENCIA ADMINISTRATIVA"},
        "tipoSancion": [{"clave": s, "valor": s} for s in sanciones],
        "causaMotivoHechos": "Omisión en la entrega de información",
        "resolucion": {"url": "https://example.gob.mx/r.pdf", "fechaResolucion": "2026-01-10"},
    }


def s3p_document(
    record_id,
    *,
    nombre="Constructora Ñandú SA de CV",
    rfc="CNA800101AB1",
    tipo_persona="M",
    inst=None,
    sanciones=("M",),
    expediente=None,
):
    return {
        "id": record_id,
        "fechaCaptura": "2026-02-01T10:00:00Z",
        "expediente": expediente or f"EXP-{record_id}",
        "institucionDependencia": inst or institution(),
        "particularSancionado": {
            "nombreRazonSocial": nombre,
            "rfc": rfc,
            "tipoPersona": tipo_persona,
            "domicilioMexico": {"calle": PRIVATE_STREET, "codigoPostal": "29000"},
        },
        "autoridadSancionadora": "Secretaría de la Honestidad",
        "tipoSancion": [{"clave": s, "valor": s} for s in sanciones],
        "causaMotivoHechos": "Colusión",
    }


def s6_document(
    ocid,
    *,
    title="Compra de zapatos",
    buyer="Secretaría de Salud",
    method="open",
    award_status=("active",),
    supplier="Zapatos del Sur",
    item="Zapatos escolares",
    tenderers=2,
    start="2026-01-10T00:00:00Z",
    end="2026-02-10T00:00:00Z",
):
    return {
        "ocid": ocid,
        "id": f"{ocid}-01",
        "date": "2026-03-01T00:00:00Z",
        "tag": ["award"],
        "initiationType": "tender",
        "buyer": {"id": "SSA", "name": buyer},
        "parties": [{"id": "SSA", "name": buyer, "roles": ["buyer"]}],
        "tender": {
            "id": "T1",
            "title": title,
            "procurementMethod": method,
            "numberOfTenderers": tenderers,
            "tenderPeriod": {"startDate": start, "endDate": end},
            "items": [{"id": "1", "description": item}],
        },
        "awards": [
            {
                "id": f"A{i}",
                "status": s,
                "suppliers": [{"id": "P1", "name": supplier}],
                "items": [{"id": "1", "description": item}],
            }
            for i, s in enumerate(award_status)
        ],
    }


def save_record(system: str, entity, document: dict):
    model = RECORD_MODELS[system]
    record = model(entity=entity)
    record.apply_document(document)
    record.save()
    return record
