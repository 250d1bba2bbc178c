"""The S1 v2 declaration format, as our own code.

    from pde.declarations import format as s1

A declaration IS its S1 v2 JSON document ``{"id", "metadata", "declaracion"}``
(one ``results`` item of the official S1 API). This package holds our declarative
spec of that document (sections -> fields -> types, catalogues, required), the
JSON Schema built from it, Spanish validation messages, section/item forms, the
public version (norma decimonovena) and the columns search needs. It never reads
the official files; the tests prove it equivalent to them.
"""

from .catalogues import CATALOGUES
from .document import (
    canonical_json,
    get_section,
    items,
    new_document,
    put_items,
    put_section,
    sha256,
)
from .public import public_properties, public_version, search_columns
from .spec import TIPOS, Section, section, sections
from .validation import Issue, json_schema, section_status, section_statuses, validate


def catalogue(name: str) -> list[tuple[str, str]]:
    """The (clave, valor) pairs of an S1 catalogue (or of our entidadFederativa list)."""
    try:
        return list(CATALOGUES[name])
    except KeyError:
        raise KeyError(f"unknown catalogue {name!r}") from None


def __getattr__(name):
    # The forms import Django's form machinery; load them on first use.
    if name in ("SectionForm", "ItemForm"):
        from . import forms

        return getattr(forms, name)
    raise AttributeError(name)


__all__ = [
    "TIPOS",
    "Section",
    "Issue",
    "sections",
    "section",
    "new_document",
    "get_section",
    "put_section",
    "items",
    "put_items",
    "validate",
    "section_status",
    "section_statuses",
    "public_version",
    "search_columns",
    "public_properties",
    "canonical_json",
    "sha256",
    "catalogue",
    "json_schema",
    "SectionForm",
    "ItemForm",
]
