"""S2 POST /v1/spic: servidores públicos que intervienen en contrataciones."""

from __future__ import annotations

from pde.pdn.models import ProcurementServant
from pde.pdn.selectors.query import TEXT, Filter, Page, ParsedQuery, QuerySpec, Sort, run_query
from pde.pdn.selectors.records import IGNORED, any_of, by_record_id, clave_filter, without

S2_SPEC = QuerySpec(
    filters={
        "nombres": Filter(TEXT, "nombres_norm"),
        "primerApellido": Filter(TEXT, "primer_apellido_norm"),
        "segundoApellido": Filter(TEXT, "segundo_apellido_norm"),
        "curp": clave_filter("curp"),
        "rfc": clave_filter("rfc"),
        "institucionDependencia": Filter(TEXT, "institucion_norm"),
        "tipoProcedimiento": any_of("tipo_procedimiento_claves", (1, 2, 3, 4, 5), int),
        "rfcSolicitante": IGNORED,
    },
    sorts={
        "nombres": Sort("nombres_sort"),
        "primerApellido": Sort("primer_apellido_sort"),
        "segundoApellido": Sort("segundo_apellido_sort"),
        "institucionDependencia": Sort("institucion_sort"),
        "puesto": Sort("puesto_sort"),
    },
    id_lookup=by_record_id,
)


def public_document(document: dict) -> dict:
    """CURP and RFC of the servant only for an explicitly authorized client."""
    return without(document, ("curp",), ("rfc",))


def search(parsed: ParsedQuery, *, non_public: bool = False) -> tuple[Page, list]:
    page = run_query(ProcurementServant.objects.all(), parsed, S2_SPEC, only=("document",))
    project = (lambda d: d) if non_public else public_document
    return page, [project(row.document) for row in page.rows]
