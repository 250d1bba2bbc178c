"""The S1 PDN API query (POST /v2/declaraciones) over submitted declarations.

Reads only the search columns and the stored public version (or, for a client the
administrator explicitly authorized, the full document). Used by ``pde.pdn``.
"""

from __future__ import annotations

import uuid

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from pde.declarations.models import Declaration, DeclaredProperty
from pde.pdn.selectors.query import (
    EXACT,
    RANGE,
    TEXT,
    Filter,
    Page,
    ParsedQuery,
    QuerySpec,
    Sort,
    parse_query,
    run_query,
)

_PROPERTY_COLUMNS = {
    "superficieConstruccion": "superficie_construccion",
    "superficieTerreno": "superficie_terreno",
    "formaAdquisicion": "forma_adquisicion",
    "valorAdquisicion": "valor_adquisicion",
}


def _by_id(qs: QuerySet, value: str) -> QuerySet:
    try:
        return qs.filter(pk=uuid.UUID(value))
    except ValueError:
        return qs.none()


def _properties_filter(qs: QuerySet, conditions: dict) -> QuerySet:
    """Declarations with at least one property meeting every given condition."""
    q = Q(declaration=OuterRef("pk"))
    for name, value in conditions.items():
        column = _PROPERTY_COLUMNS[name]
        if isinstance(value, dict) and value.get("none"):
            return qs.none()
        if isinstance(value, dict):
            if "min" in value:
                q &= Q(**{f"{column}__gte": value["min"]})
            if "max" in value:
                q &= Q(**{f"{column}__lte": value["max"]})
        else:
            q &= Q(**{column: value})
    return qs.filter(Exists(DeclaredProperty.objects.filter(q)))


def _property_sort(name: str):
    """Ascending: by the declaration's smallest value; descending: by its largest.
    Declarations without such a value go last."""
    column = _PROPERTY_COLUMNS[name]

    def annotate(qs: QuerySet, direction: str):
        values = DeclaredProperty.objects.filter(
            declaration=OuterRef("pk"), **{f"{column}__isnull": False}
        ).exclude(**{column: ""} if column == "forma_adquisicion" else {})
        values = values.order_by(column if direction == "asc" else f"-{column}")
        alias = f"_sort_{column}_{direction}"
        return qs.annotate(**{alias: Subquery(values.values(column)[:1])}), alias

    return Sort(annotate=annotate)


S1_SPEC = QuerySpec(
    filters={
        "nombres": Filter(TEXT, "nombres_norm"),
        "primerApellido": Filter(TEXT, "primer_apellido_norm"),
        "segundoApellido": Filter(TEXT, "segundo_apellido_norm"),
        "escolaridadNivel": Filter(EXACT, "escolaridad_nivel"),
        "datosEmpleoCargoComision.nombreEntePublico": Filter(TEXT, "ente_nombre_norm"),
        "datosEmpleoCargoComision.entidadFederativa": Filter(EXACT, "entidad_federativa"),
        "datosEmpleoCargoComision.municipioAlcaldia": Filter(EXACT, "municipio_alcaldia"),
        "datosEmpleoCargoComision.empleoCargoComision": Filter(TEXT, "empleo_cargo_comision_norm"),
        "datosEmpleoCargoComision.nivelOrdenGobierno": Filter(
            EXACT, "nivel_orden_gobierno", choices=("FEDERAL", "ESTATAL", "MUNICIPAL_ALCALDIA")
        ),
        "datosEmpleoCargoComision.nivelEmpleoCargoComision": Filter(
            EXACT, "nivel_empleo_cargo_comision"
        ),
        "bienesInmuebles.superficieConstruccion": Filter(RANGE),
        "bienesInmuebles.superficieTerreno": Filter(RANGE),
        "bienesInmuebles.formaAdquisicion": Filter(EXACT),
        "bienesInmuebles.valorAdquisicion": Filter(RANGE),
        "totalIngresosNetos": Filter(RANGE, "total_ingresos_netos"),
        # Not a filter: the requester's RFC, validated as text and logged.
        "rfcSolicitante": Filter(EXACT, apply=lambda qs, value: qs),
    },
    sorts={
        "nombres": Sort("nombres_sort"),
        "primerApellido": Sort("primer_apellido_sort"),
        "segundoApellido": Sort("segundo_apellido_sort"),
        "escolaridadNivel": Sort("escolaridad_nivel"),
        "datosEmpleoCargoComision.nombreEntePublico": Sort("ente_nombre_sort"),
        "datosEmpleoCargoComision.entidadFederativa": Sort("entidad_federativa"),
        "datosEmpleoCargoComision.municipioAlcaldia": Sort("municipio_alcaldia"),
        "datosEmpleoCargoComision.empleoCargoComision": Sort("empleo_cargo_comision_sort"),
        "datosEmpleoCargoComision.nivelEmpleoCargoComision": Sort("nivel_empleo_cargo_comision"),
        "datosEmpleoCargoComision.nivelOrdenGobierno": Sort("nivel_orden_gobierno"),
        "totalIngresosNetos": Sort("total_ingresos_netos"),
        **{f"bienesInmuebles.{name}": _property_sort(name) for name in _PROPERTY_COLUMNS},
    },
    id_lookup=_by_id,
    groups={"bienesInmuebles": _properties_filter},
)


def parse_declarations_query(data: dict) -> ParsedQuery:
    return parse_query(data, S1_SPEC)


def search_declarations(parsed: ParsedQuery, *, non_public: bool = False) -> tuple[Page, list]:
    """The page of submitted declarations and the documents to serve: the stored
    public version, or the full document only for an explicitly authorized client."""
    column = "document" if non_public else "public_document"
    qs = Declaration.objects.filter(status=Declaration.Status.SUBMITTED)
    page = run_query(qs, parsed, S1_SPEC, only=(column,))
    return page, [getattr(row, column) for row in page.rows]
