"""GET /api/openapi.json and the page that documents it."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from pde.pdn.api.openapi import openapi_document


def openapi_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi_document(), json_dumps_params={"ensure_ascii": False})


def docs_page(request: HttpRequest) -> HttpResponse:
    document = openapi_document()
    operations = [
        {
            "path": path,
            "method": method.upper(),
            "summary": operation.get("summary", ""),
            "scopes": [s for req in operation.get("security", []) for v in req.values() for s in v],
            "statuses": sorted(operation["responses"]),
        }
        for path, item in document["paths"].items()
        for method, operation in item.items()
    ]
    return render(request, "pdn/api_docs.html", {"operations": operations, "document": document})
