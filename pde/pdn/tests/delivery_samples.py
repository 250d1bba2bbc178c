"""Valid sample records of S2, S3 and S6 and a factory that stores them the way
ingestion does (through ``columns_from_document``)."""

import copy

from django.utils import timezone

from pde.pdn.models.records import RECORD_MODELS


def s2(record_id: str = "S2-1", **overrides) -> dict:
    document = {
        "id": record_id,
        "fechaCaptura": "2024-03-01T10:00:00Z",
        "ejercicioFiscal": "2024",
        "ramo": {"clave": 1, "valor": "RAMO"},
        "rfc": "PEJJ800101AB1",
        "curp": "PEJJ800101HCSRRN09",
        "nombres": "José Juan",
        "primerApellido": "Pérez",
        "segundoApellido": "Núñez",
        "genero": {"clave": "M", "valor": "MASCULINO"},
        "institucionDependencia": {
            "nombre": "Secretaría de Obras Públicas",
            "siglas": "SOP",
            "clave": "SOP",
        },
        "puesto": {"nombre": "Jefe de departamento", "nivel": "JD1"},
        "tipoArea": [{"clave": "RC", "valor": "RESPONSABLE DE LA CONTRATACIÓN"}],
        "nivelResponsabilidad": [{"clave": "A", "valor": "ATENCIÓN"}],
        "tipoProcedimiento": [{"clave": 1, "valor": "CONTRATACIONES PÚBLICAS"}],
        "superiorInmediato": {"nombres": "Ana", "primerApellido": "López"},
        "observaciones": "",
    }
    document.update(overrides)
    return document


def s3s(record_id: str = "S3S-1", **overrides) -> dict:
    document = {
        "id": record_id,
        "fechaCaptura": "2024-03-01T10:00:00Z",
        "expediente": "EXP-001/2024",
        "institucionDependencia": {"nombre": "Secretaría de Salud", "siglas": "SS"},
        "servidorPublicoSancionado": {
            "rfc": "GOMA800101XX1",
            "curp": "GOMA800101MCSMRR01",
            "nombres": "María",
            "primerApellido": "Gómez",
            "segundoApellido": "Ñuño",
            "genero": {"clave": "F", "valor": "FEMENINO"},
            "puesto": "Directora",
            "nivel": "D1",
        },
        "autoridadSancionadora": "Órgano Interno de Control",
        "tipoFalta": {"clave": "NAD", "valor": "NEGLIGENCIA ADMINISTRATIVA"},
        "tipoSancion": [{"clave": "I", "valor": "INHABILITADO"}],
        "causaMotivoHechos": "Hechos",
        "resolucion": {"url": "https://example.org/r.pdf", "fechaResolucion": "2024-02-01"},
        "multa": {"monto": 1000.5, "moneda": {"clave": "MXN", "valor": "Peso mexicano"}},
        "inhabilitacion": {
            "plazo": "1 año",
            "fechaInicial": "2024-02-01",
            "fechaFinal": "2025-02-01",
        },
        "documentos": [
            {
                "id": "D1",
                "tipo": "RESOLUCION",
                "titulo": "Resolución",
                "descripcion": "Resolución",
                "url": "https://example.org/r.pdf",
                "fecha": "2024-02-01",
            }
        ],
    }
    document.update(overrides)
    return document


def s3p(record_id: str = "S3P-1", **overrides) -> dict:
    document = {
        "id": record_id,
        "fechaCaptura": "2024-03-01T10:00:00Z",
        "expediente": "EXP-P-01",
        "institucionDependencia": {"nombre": "Secretaría de Hacienda", "siglas": "SH"},
        "particularSancionado": {
            "nombreRazonSocial": "Constructora Ñandú, S.A. de C.V.",
            "rfc": "CÑA010101AB1",
            "tipoPersona": "M",
        },
        "autoridadSancionadora": "Secretaría de la Honestidad",
        "tipoFalta": "Falta grave",
        "tipoSancion": [{"clave": "M", "valor": "MULTADO"}],
        "causaMotivoHechos": "Hechos",
        "responsableSancion": {"nombres": "Luis", "primerApellido": "Ruiz"},
        "multa": {"monto": 5000, "moneda": {"clave": "MXN", "valor": "Peso mexicano"}},
    }
    document.update(overrides)
    return document


def s6(record_id: str = "rel-1", ocid: str = "ocds-abc123-0001", **overrides) -> dict:
    document = {
        "ocid": ocid,
        "id": record_id,
        "date": "2024-03-01T10:00:00Z",
        "tag": ["award"],
        "initiationType": "tender",
        "buyer": {"id": "SOP", "name": "Secretaría de Obras Públicas"},
        "tender": {
            "id": "T1",
            "title": "Construcción de puente",
            "procurementMethod": "open",
            "tenderPeriod": {
                "startDate": "2024-01-10T00:00:00Z",
                "endDate": "2024-02-10T00:00:00Z",
            },
            "numberOfTenderers": 3,
            "value": {"amount": 1500000, "currency": "MXN"},
        },
        "awards": [
            {
                "id": "A1",
                "title": "Adjudicación del puente",
                "status": "active",
                "suppliers": [{"id": "P1", "name": "Constructora Ñandú"}],
                "items": [{"id": "I1", "description": "Acero estructural"}],
            }
        ],
    }
    document.update(overrides)
    return document


SAMPLES = {"s2": s2, "s3s": s3s, "s3p": s3p, "s6": s6}


def sample(system: str, record_id: str | None = None, **overrides) -> dict:
    builder = SAMPLES[system]
    document = builder(record_id, **overrides) if record_id else builder(**overrides)
    return copy.deepcopy(document)


def make_record(system: str, entity, document: dict | None = None, **overrides):
    """Store one record of ``system`` for ``entity`` as ingestion would."""
    document = document or sample(system, **overrides)
    model = RECORD_MODELS[system]
    now = timezone.now()
    record = model(entity=entity, delivered_at=now, updated_at=now)
    record.apply_document(document)
    record.save()
    return record
