"""S2, S3 and S6 endpoints over the records the entes generadores deliver."""

from pde.pdn.api.base import Result, pdn_endpoint
from pde.pdn.api.s1 import requester_rfc
from pde.pdn.models import ProcurementServant, SanctionedParticular, SanctionedServant, System
from pde.pdn.selectors import s2, s3, s6
from pde.pdn.selectors.query import parse_query
from pde.pdn.selectors.records import dependencias


def _non_public(client, data) -> bool:
    return client.non_public_access and bool(requester_rfc(data))


def _page_result(page, documents, non_public=False, extra=None) -> Result:
    payload = {"pagination": page.pagination(), "results": documents}
    if extra:
        payload.update(extra)
    return Result(payload, rows=len(documents), total=page.total_rows, non_public=non_public)


@pdn_endpoint(System.S2, "search", "POST")
def spic(request, client, data):
    non_public = _non_public(client, data)
    page, documents = s2.search(parse_query(data, s2.S2_SPEC), non_public=non_public)
    return _page_result(page, documents, non_public)


@pdn_endpoint(System.S2, "dependencias", "GET")
def spic_dependencias(request, client, data):
    items = dependencias(ProcurementServant)
    return Result(items, rows=len(items))


@pdn_endpoint(System.S3_SERVIDORES, "search", "POST")
def ssancionados(request, client, data):
    non_public = _non_public(client, data)
    parsed = parse_query(data, s3.SERVANTS_SPEC)
    page, documents = s3.search_servants(parsed, non_public=non_public)
    return _page_result(page, documents, non_public)


@pdn_endpoint(System.S3_SERVIDORES, "dependencias", "GET")
def ssancionados_dependencias(request, client, data):
    items = dependencias(SanctionedServant)
    return Result(items, rows=len(items))


@pdn_endpoint(System.S3_PARTICULARES, "search", "POST")
def psancionados(request, client, data):
    non_public = _non_public(client, data)
    parsed = parse_query(data, s3.PARTICULARS_SPEC)
    page, documents = s3.search_particulars(parsed, non_public=non_public)
    return _page_result(page, documents, non_public)


@pdn_endpoint(System.S3_PARTICULARES, "dependencias", "GET")
def psancionados_dependencias(request, client, data):
    items = dependencias(SanctionedParticular)
    return Result(items, rows=len(items))


@pdn_endpoint(System.S6, "search", "POST")
def contrataciones_abiertas(request, client, data):
    page, documents = s6.search(parse_query(data, s6.S6_SPEC))
    # The S6 spec's response is allOf(paginatedResult, {pagination, results}): the
    # pagination fields appear both at the top level and under "pagination".
    return _page_result(page, documents, extra=page.pagination())
