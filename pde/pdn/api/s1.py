"""S1 POST /v2/declaraciones."""

from pde.declarations.selectors.api import parse_declarations_query, search_declarations
from pde.pdn.api.base import Result, pdn_endpoint
from pde.pdn.models import System


def requester_rfc(data: dict) -> str:
    """rfcSolicitante: inside ``query`` in S1/S2/S3s, at the top level in S3p; both accepted."""
    query = data.get("query") if isinstance(data.get("query"), dict) else {}
    for value in (query.get("rfcSolicitante"), data.get("rfcSolicitante")):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


@pdn_endpoint(System.S1, "search", "POST")
def declaraciones(request, client, data):
    parsed = parse_declarations_query(data)
    # Only an explicitly authorized client that says who is asking gets the full
    # document; everyone else, the stored public version.
    non_public = client.non_public_access and bool(requester_rfc(data))
    page, documents = search_declarations(parsed, non_public=non_public)
    return Result(
        {"pagination": page.pagination(), "results": documents},
        rows=len(documents),
        total=page.total_rows,
        non_public=non_public,
    )
