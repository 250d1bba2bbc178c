"""Public pages of declarations: search and detail. They read ONLY the stored public
version and the search columns (selectors.public defers the full document)."""

import re

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from pde.core.views import paginate, querystring_without_page

from .. import format as s1
from ..format.nodes import child
from ..forms.declarant import PublicSearchForm, VerifyAcuseForm
from ..selectors import public as selectors
from ..services import receipts

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def humanize_key(key: str) -> str:
    try:
        from ..format.labels import LABELS
    except ImportError:  # pragma: no cover - the format package always ships labels
        LABELS = {}
    if key in LABELS:
        return str(LABELS[key])
    words = _CAMEL.sub(" ", key).replace("_", " ").strip()
    return words[:1].upper() + words[1:].lower() if words else key


def _display(value) -> str:
    if value is True:
        return _("Sí")
    if value is False:
        return _("No")
    if value is None or value == "":
        return "—"
    return str(value)


def _ordered_keys(value: dict, node) -> list[str]:
    """The keys of ``value`` in the format's order (PostgreSQL's jsonb does not keep
    the order a document was written in); unknown keys last."""
    fields = list(getattr(getattr(node, "merged", node), "fields", {}) or {})
    rank = {key: index for index, key in enumerate(fields)}
    return sorted(value, key=lambda key: (rank.get(key, len(rank)), key))


def document_tree(value, label: str = "", node=None) -> dict:
    """A nested {label, value, children, entries} view of a public document, for the
    recursive template. It only re-shapes what it is given."""
    tree = {"label": label, "value": "", "children": [], "entries": []}
    if isinstance(value, dict):
        if set(value) <= {"clave", "valor"} and value:  # a catalogue entry
            tree["value"] = _display(value.get("valor") or value.get("clave"))
        else:
            tree["children"] = [
                document_tree(value[key], humanize_key(key), child(node, key) if node else None)
                for key in _ordered_keys(value, node)
            ]
    elif isinstance(value, list):
        if value:
            tree["entries"] = [
                document_tree(item, str(index), child(node, index - 1) if node else None)
                for index, item in enumerate(value, 1)
            ]
        else:
            tree["value"] = _("Ninguno")
    else:
        tree["value"] = _display(value)
    return tree


def _section_trees(public_document: dict, tipo: str, complete: bool) -> list[dict]:
    trees = []
    for section in s1.sections(tipo, complete):
        value = s1.get_section(public_document, section.key)
        if value in (None, {}, []):
            continue
        tree = document_tree(value, f"{section.number}. {section.title}", section.node(tipo))
        trees.append(tree)
    return trees


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = PublicSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    declarations = selectors.search_public(
        name=filters.get("name", ""),
        entity=filters.get("entity", ""),
        position=filters.get("position", ""),
        tipo=filters.get("tipo", ""),
    )
    page = paginate(request, declarations)
    rows = selectors.with_summaries(page.object_list)
    template = (
        "declarations/public/_results.html" if request.htmx else "declarations/public/search.html"
    )
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "rows": rows,
            "querystring": querystring_without_page(request),
        },
    )


@require_GET
def detail(request: HttpRequest, pk) -> HttpResponse:
    declaration = selectors.public_declaration(pk)
    if declaration is None:
        raise Http404(_("La declaración no existe o no es pública."))
    public = declaration.public_document or {}
    context = {
        "declaration": declaration,
        "summary": selectors.public_summary(declaration),
        "sections": _section_trees(public, declaration.tipo, declaration.complete_format),
        "corrections": selectors.public_corrections(declaration),
    }
    return render(request, "declarations/public/detail.html", context)


@require_GET
def verify_acuse(request: HttpRequest) -> HttpResponse:
    """Anyone holding an acuse checks it against the receipt log. The answer names the
    folio, type, ente and date only: nothing of the declaration's content."""
    form = VerifyAcuseForm(request.GET or None)
    result = None
    if form.is_valid():
        result = receipts.check_acuse(
            form.cleaned_data["folio"], form.cleaned_data.get("entry_hash") or ""
        )
    return render(
        request, "declarations/public/verify_acuse.html", {"form": form, "result": result}
    )
