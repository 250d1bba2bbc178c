"""What the S2, S3 and S6 selectors share: the id lookup, claves filters, the
/dependencias list and the public projection of a delivered record."""

from __future__ import annotations

import copy

from django.db.models import QuerySet

from pde.pdn.models import claves_q
from pde.pdn.selectors.query import EXACT, Filter


def by_record_id(qs: QuerySet, value: str) -> QuerySet:
    return qs.filter(record_id=value.strip())


def clave_filter(column: str) -> Filter:
    """An exact clave (RFC, CURP, F/M...), compared upper-case as the columns store it."""
    return Filter(EXACT, apply=lambda qs, value: qs.filter(**{column: value.upper()}))


def any_of(column: str, choices=None, item_type=str) -> Filter:
    from pde.pdn.selectors.query import ANY_OF

    return Filter(
        ANY_OF,
        apply=lambda qs, values: qs.filter(claves_q(column, values)),
        choices=tuple(choices) if choices else None,
        item_type=item_type,
    )


IGNORED = Filter(EXACT, apply=lambda qs, value: qs)


def dependencias(model) -> list[dict]:
    """The distinct institutions of a system's records, in Spanish order."""
    rows = (
        model.objects.exclude(institucion_nombre="")
        .values_list(
            "institucion_sort", "institucion_nombre", "institucion_siglas", "institucion_clave"
        )
        .distinct()
        .order_by(
            "institucion_sort", "institucion_nombre", "institucion_siglas", "institucion_clave"
        )
    )
    result = []
    for _sort, nombre, siglas, clave in rows:
        item = {"nombre": nombre}
        if siglas:
            item["siglas"] = siglas
        if clave:
            item["clave"] = clave
        result.append(item)
    return result


def without(document: dict, *paths: tuple[str, ...]) -> dict:
    """A copy of ``document`` without the given key paths."""
    document = copy.deepcopy(document)
    for path in paths:
        node = document
        for key in path[:-1]:
            node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, dict):
            node.pop(path[-1], None)
    return document
