"""S3 POST /v1/ssancionados and /v1/psancionados: sanctioned servants and particulars."""

from __future__ import annotations

from pde.pdn.models import SanctionedParticular, SanctionedServant
from pde.pdn.selectors.query import TEXT, Filter, Page, ParsedQuery, QuerySpec, Sort, run_query
from pde.pdn.selectors.records import IGNORED, any_of, by_record_id, clave_filter, without

SERVANTS_SPEC = QuerySpec(
    filters={
        "nombres": Filter(TEXT, "nombres_norm"),
        "primerApellido": Filter(TEXT, "primer_apellido_norm"),
        "segundoApellido": Filter(TEXT, "segundo_apellido_norm"),
        "rfc": clave_filter("rfc"),
        "curp": clave_filter("curp"),
        "institucionDependencia": Filter(TEXT, "institucion_norm"),
        "tipoSancion": any_of("tipo_sancion_claves", ("I", "M", "S", "D", "IRSC", "SE", "O")),
        "rfcSolicitante": IGNORED,
    },
    sorts={
        "rfc": Sort("rfc_sort"),
        "curp": Sort("curp_sort"),
        "nombres": Sort("nombres_sort"),
        "primerApellido": Sort("primer_apellido_sort"),
        "segundoApellido": Sort("segundo_apellido_sort"),
        "institucionDependencia": Sort("institucion_sort"),
    },
    id_lookup=by_record_id,
)

PARTICULARS_SPEC = QuerySpec(
    filters={
        "nombreRazonSocial": Filter(TEXT, "nombre_razon_social_norm"),
        "rfc": clave_filter("rfc"),
        "institucionDependencia": Filter(TEXT, "institucion_norm"),
        "expediente": Filter("exact", "expediente"),
        "tipoSancion": any_of("tipo_sancion_claves", ("I", "M", "S", "D", "A", "IND", "SE", "O")),
        "tipoPersona": clave_filter("tipo_persona"),
        "rfcSolicitante": IGNORED,
    },
    sorts={
        "nombreRazonSocial": Sort("nombre_razon_social_sort"),
        "rfc": Sort("rfc_sort"),
        "institucionDependencia": Sort("institucion_sort"),
    },
    id_lookup=by_record_id,
)


def public_servant(document: dict) -> dict:
    return without(
        document, ("servidorPublicoSancionado", "curp"), ("servidorPublicoSancionado", "rfc")
    )


def public_particular(document: dict) -> dict:
    """A company's RFC is public; a person's RFC, CURPs and addresses are not."""
    paths = [
        ("particularSancionado", "domicilioMexico"),
        ("particularSancionado", "domicilioExtranjero"),
        ("particularSancionado", "directorGeneral", "curp"),
        ("particularSancionado", "apoderadoLegal", "curp"),
    ]
    particular = document.get("particularSancionado")
    if isinstance(particular, dict) and str(particular.get("tipoPersona", "")).upper() != "M":
        paths.append(("particularSancionado", "rfc"))
    return without(document, *paths)


def search_servants(parsed: ParsedQuery, *, non_public: bool = False) -> tuple[Page, list]:
    page = run_query(SanctionedServant.objects.all(), parsed, SERVANTS_SPEC, only=("document",))
    project = (lambda d: d) if non_public else public_servant
    return page, [project(row.document) for row in page.rows]


def search_particulars(parsed: ParsedQuery, *, non_public: bool = False) -> tuple[Page, list]:
    page = run_query(
        SanctionedParticular.objects.all(), parsed, PARTICULARS_SPEC, only=("document",)
    )
    project = (lambda d: d) if non_public else public_particular
    return page, [project(row.document) for row in page.rows]
