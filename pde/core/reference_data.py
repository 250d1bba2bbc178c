"""Public entities that load on migrate: the 124 municipalities of Chiapas and
the state bodies the secretariat works with (named in its 2021 Q2 report)."""

import csv
from pathlib import Path

MUNICIPALITIES_CSV = Path(__file__).parent / "data" / "municipalities.csv"

# (name, acronym, kind, branch)
STATE_ENTITIES: tuple[tuple[str, str, str, str], ...] = (
    (
        "Secretaría Ejecutiva del Sistema Anticorrupción del Estado de Chiapas",
        "SESAECH",
        "decentralized",
        "EJECUTIVO",
    ),
    ("Secretaría de la Honestidad y Función Pública", "SHyFP", "state_agency", "EJECUTIVO"),
    ("Oficialía Mayor del Estado de Chiapas", "OM", "state_agency", "EJECUTIVO"),
    ("Secretaría de Hacienda", "SH", "state_agency", "EJECUTIVO"),
    ("Secretaría de Obras Públicas", "SOP", "state_agency", "EJECUTIVO"),
    (
        "Centro Estatal de Control de Confianza Certificado del Estado de Chiapas",
        "C3",
        "decentralized",
        "EJECUTIVO",
    ),
    (
        "Instituto de la Infraestructura Física Educativa del Estado de Chiapas",
        "INIFECH",
        "decentralized",
        "EJECUTIVO",
    ),
    ("Comisión de Caminos e Infraestructura Hidráulica", "CCIH", "decentralized", "EJECUTIVO"),
    (
        "Instituto de Ciencia, Tecnología e Innovación del Estado de Chiapas",
        "ICTIECH",
        "decentralized",
        "EJECUTIVO",
    ),
    ("Universidad Intercultural de Chiapas", "UNICH", "decentralized", "EJECUTIVO"),
    (
        "Instituto de Transparencia, Acceso a la Información y Protección de Datos Personales "
        "del Estado de Chiapas",
        "ITAIPCH",
        "autonomous",
        "ORGANO_AUTONOMO",
    ),
    ("Universidad de Ciencias y Artes de Chiapas", "UNICACH", "autonomous", "ORGANO_AUTONOMO"),
    ("Instituto de Elecciones y Participación Ciudadana", "IEPC", "autonomous", "ORGANO_AUTONOMO"),
    ("Fiscalía General del Estado de Chiapas", "FGE", "autonomous", "ORGANO_AUTONOMO"),
    ("Congreso del Estado de Chiapas", "CONGRESO", "legislative", "LEGISLATIVO"),
    ("Auditoría Superior del Estado de Chiapas", "ASE", "legislative", "LEGISLATIVO"),
    ("Poder Judicial del Estado de Chiapas", "PJE", "judicial", "JUDICIAL"),
    (
        "Consejo de la Judicatura del Poder Judicial del Estado de Chiapas",
        "CJ",
        "judicial",
        "JUDICIAL",
    ),
)


def read_municipalities() -> list[tuple[str, str]]:
    """(INEGI code, name) of every municipality in the project's own data file."""
    with MUNICIPALITIES_CSV.open(encoding="utf-8", newline="") as handle:
        return [(row["clave_inegi"], row["nombre"]) for row in csv.DictReader(handle)]


def load_reference_entities(entity_model) -> int:
    """Create or refresh the reference entities; safe to run again. Returns rows touched.

    Takes the model as an argument so migrations can pass their historical model.
    """
    from .models import entity_search_text

    touched = 0
    for code, name in read_municipalities():
        entity_model.objects.update_or_create(
            inegi_code=code,
            defaults={
                "name": name,
                "kind": "municipality",
                "order_of_government": "MUNICIPAL_ALCALDIA",
                "branch": "EJECUTIVO",
                "search_text": entity_search_text(name, "", code),
            },
        )
        touched += 1
    for name, acronym, kind, branch in STATE_ENTITIES:
        entity_model.objects.update_or_create(
            name=name,
            parent=None,
            defaults={
                "acronym": acronym,
                "kind": kind,
                "order_of_government": "ESTATAL",
                "branch": branch,
                "search_text": entity_search_text(name, acronym),
            },
        )
        touched += 1
    return touched
