"""Builders shared by the declarant-side tests (their fixtures are in conftest.py)."""

import datetime as dt

from pde.core.text import normalize_text
from pde.declarations import format as s1
from pde.declarations.models import Declaration, ObligatedServant
from pde.declarations.services import declarant as services

PASSWORD = "contrasena-de-prueba-1"
CURP = "PEGM800101MCSRRR09"
RFC = "PEGM800101AB1"
# Values that must never reach a public page.
HOME_STREET = "Calle Privada de los Secretos 123"
PERSONAL_EMAIL = "maria.secreta@correo-personal.mx"
HOME_PHONE = "9611234567"


def money(value) -> dict:
    return {"valor": value, "moneda": "MXN"}


def simplified_sections(tipo: str = "INICIAL") -> dict[str, dict]:
    """A filled, valid value for every section of the simplified format of ``tipo``."""
    cargo, _otros, declarante, _pareja, total = s1.spec.INGRESOS_NAMES[tipo]
    values = {
        "datosGenerales": {
            "nombre": "María José",
            "primerApellido": "Pérez",
            "segundoApellido": "Gómez",
            "curp": CURP,
            "rfc": {"rfc": RFC[:10], "homoClave": RFC[10:]},
            "correoElectronico": {
                "institucional": "maria.perez@tapachula.gob.mx",
                "personal": PERSONAL_EMAIL,
            },
            "telefono": {"casa": HOME_PHONE, "celularPersonal": "9619876543"},
            "situacionPersonalEstadoCivil": {"clave": "SOL", "valor": "SOLTERO (A)"},
            "paisNacimiento": "MX",
            "nacionalidad": "MX",
        },
        "domicilioDeclarante": {
            "domicilioMexico": {
                "calle": HOME_STREET,
                "numeroExterior": "123",
                "coloniaLocalidad": "Centro",
                "municipioAlcaldia": {"clave": "089", "valor": "Tapachula"},
                "entidadFederativa": {"clave": "07", "valor": "Chiapas"},
                "codigoPostal": "30700",
            }
        },
        "datosCurricularesDeclarante": {
            "escolaridad": [
                {
                    "tipoOperacion": "AGREGAR",
                    "nivel": {"clave": "LIC", "valor": "LICENCIATURA"},
                    "institucionEducativa": {
                        "nombre": "Universidad Autónoma de Chiapas",
                        "ubicacion": "MX",
                    },
                    "carreraAreaConocimiento": "Ingeniería civil",
                    "estatus": "FINALIZADO",
                    "documentoObtenido": "TITULO",
                    "fechaObtencion": "2004-07-01",
                }
            ]
        },
        "datosEmpleoCargoComision": {
            "tipoOperacion": "AGREGAR",
            "nivelOrdenGobierno": "MUNICIPAL_ALCALDIA",
            "ambitoPublico": "EJECUTIVO",
            "nombreEntePublico": "Tapachula",
            "areaAdscripcion": "Dirección de Obras Públicas",
            "empleoCargoComision": "Analista de proyectos",
            "contratadoPorHonorarios": False,
            "nivelEmpleoCargoComision": "Operativo",
            "funcionPrincipal": "Revisión de proyectos",
            "fechaTomaPosesion": "2026-01-15",
        },
        "experienciaLaboral": {"ninguno": True, "experiencia": []},
        "ingresos": {
            cargo: money(18000),
            declarante: money(18000),
            total: money(18000),
        },
        "actividadAnualAnterior": {"servidorPublicoAnioAnterior": False},
    }
    keys = {section.key for section in s1.sections(tipo, False)}
    return {key: value for key, value in values.items() if key in keys}


def complete_sections(tipo: str = "INICIAL") -> dict[str, dict]:
    """Simplified sections plus "ninguno" in every other section of the complete format."""
    values = simplified_sections(tipo)
    for section in s1.sections(tipo, True):
        if section.key in values:
            continue
        if section.repeatable:
            values[section.key] = (
                {"ninguno": True, section.item_key: []}
                if section.allows_ninguno
                else {section.item_key: []}
            )
        else:
            values[section.key] = {"ninguno": True}
    return values


def fill(declaration: Declaration, actor, sections: dict[str, dict] | None = None) -> Declaration:
    """Save every section through the service, as the wizard does."""
    if sections is None:
        sections = (
            complete_sections(declaration.tipo)
            if declaration.complete_format
            else simplified_sections(declaration.tipo)
        )
    for key, value in sections.items():
        services.save_section(declaration, key, value, actor=actor)
    declaration.refresh_from_db()
    return declaration


def make_servant(entity, user=None, **fields) -> ObligatedServant:
    values = {
        "nombre": "María José",
        "primer_apellido": "Pérez",
        "segundo_apellido": "Gómez",
        "curp": CURP,
        "rfc": RFC,
        "email": "maria.perez@tapachula.gob.mx",
        "position": "Analista de proyectos",
        "level": "Operativo",
        "complete_format": False,
        "start_date": dt.date(2026, 1, 15),
    }
    values.update(fields)
    values["name_normalized"] = normalize_text(
        " ".join([values["nombre"], values["primer_apellido"], values["segundo_apellido"]])
    )
    return ObligatedServant.objects.create(entity=entity, user=user, **values)
