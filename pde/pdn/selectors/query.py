"""The query engine every PDN API shares: parse and validate the request body, filter,
sort in Spanish order with a stable tie-breaker, and paginate with exact counts.

A system describes itself with a :class:`QuerySpec`: which ``query`` fields filter on
which column (and how) and which ``sort`` fields order on which column. The engine
knows nothing of declarations, sanctions or contracts.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from pde.core.text import normalize_text

DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 200
# Larger than any amount or area a column stores (and than a 32-bit integer column).
RANGE_LIMIT = 2_000_000_000


class QueryError(Exception):
    """A 400 with ``{code, message}``; the message names the offending field."""

    def __init__(self, message: str, code: str = "bad_request", status: int = 400):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status


# --- Filters ---------------------------------------------------------------------------

TEXT = "text"  # case- and accent-insensitive substring on a normalized column
EXACT = "exact"  # a clave: exact match
RANGE = "range"  # {"min": n, "max": n}, inclusive, either bound optional
ANY_OF = "any_of"  # array: records having at least one of the values
DATETIME = "datetime"  # an ISO 8601 date-time string (the filter decides how to compare)
INTEGER = "integer"


@dataclass(frozen=True)
class Filter:
    kind: str
    column: str = ""
    # For custom lookups: (queryset, cleaned value) -> queryset.
    apply: Callable[[QuerySet, Any], QuerySet] | None = None
    choices: tuple | None = None
    item_type: type = str


@dataclass(frozen=True)
class Sort:
    column: str = ""
    # For sorts that need an annotation: (queryset, direction) -> (queryset, column name).
    annotate: Callable[[QuerySet, str], tuple[QuerySet, str]] | None = None


@dataclass(frozen=True)
class QuerySpec:
    filters: dict[str, Filter]  # dotted path inside "query" -> filter
    sorts: dict[str, Sort]  # dotted path inside "sort" -> column
    # query.id: that one record, the rest of the query ignored (None: no such field).
    id_lookup: Callable[[QuerySet, str], QuerySet] | None
    # Filters grouped under one object applied together (S1 bienesInmuebles).
    groups: dict[str, Callable[[QuerySet, dict], QuerySet]] = field(default_factory=dict)
    tie_breaker: str = "pk"


@dataclass
class ParsedQuery:
    page: int
    page_size: int
    filters: dict[str, Any]
    group_filters: dict[str, dict[str, Any]]
    sort: list[tuple[str, str]]
    id: str | None
    raw: dict


@dataclass
class Page:
    rows: list
    page: int
    page_size: int
    total_rows: int

    @property
    def has_next_page(self) -> bool:
        return self.page * self.page_size < self.total_rows

    def pagination(self) -> dict:
        return {
            "pageSize": self.page_size,
            "page": self.page,
            "totalRows": self.total_rows,
            "hasNextPage": self.has_next_page,
        }


def parse_body(body: bytes) -> dict:
    if not body or not body.strip():
        return {}
    if b"\\u0000" in body or b"\x00" in body:
        raise QueryError(_("El cuerpo de la petición contiene caracteres nulos."))
    try:
        data = json.loads(body, parse_constant=_no_constants)
    except (ValueError, UnicodeDecodeError):
        raise QueryError(_("El cuerpo de la petición no es JSON válido.")) from None
    if not isinstance(data, dict):
        raise QueryError(_("El cuerpo de la petición debe ser un objeto JSON."))
    _check_strings(data, "")
    return data


def _no_constants(name: str):
    """NaN and Infinity are not JSON (Python would accept them)."""
    raise ValueError(name)


def _check_strings(value, path: str) -> None:
    """Every string (and key) must be valid Unicode text: no lone surrogates."""
    if isinstance(value, dict):
        for key, item in value.items():
            _check_strings(key, path or "$")
            _check_strings(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_strings(item, f"{path}[{index}]")
    elif isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise QueryError(
                _("El campo %(field)s contiene caracteres no válidos.") % {"field": path or "$"}
            ) from None


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _int_param(data: dict, name: str, default: int, low: int, high: int | None) -> int:
    value = data.get(name, default)
    if value is None:
        return default
    if not _is_int(value):
        raise QueryError(_("El campo %(field)s debe ser un número entero.") % {"field": name})
    if value < low or (high is not None and value > high):
        if high is None:
            message = _("El campo %(field)s debe ser mayor o igual a %(low)s.")
        else:
            message = _("El campo %(field)s debe estar entre %(low)s y %(high)s.")
        raise QueryError(message % {"field": name, "low": low, "high": high})
    return value


def _clean_filter(path: str, spec: Filter, value) -> Any:
    """The cleaned value, or None when the filter is to be skipped (empty)."""
    name = f"query.{path}"
    if value is None:
        return None
    if spec.kind in (TEXT, EXACT, DATETIME):
        if not isinstance(value, str):
            raise QueryError(
                _("El campo %(field)s debe ser una cadena de texto.") % {"field": name}
            )
        if spec.choices and value and value not in spec.choices:
            raise QueryError(
                _("El campo %(field)s debe ser uno de: %(choices)s.")
                % {"field": name, "choices": ", ".join(map(str, spec.choices))}
            )
        value = normalize_text(value) if spec.kind == TEXT else value.strip()
        return value or None
    if spec.kind == INTEGER:
        if not _is_int(value):
            raise QueryError(_("El campo %(field)s debe ser un número entero.") % {"field": name})
        return value if abs(value) <= RANGE_LIMIT else {"none": True}
    if spec.kind == RANGE:
        if not isinstance(value, dict):
            raise QueryError(
                _("El campo %(field)s debe ser un objeto con «min» y/o «max».") % {"field": name}
            )
        bounds = {}
        for bound in ("min", "max"):
            number = value.get(bound)
            if number is None:
                continue
            if not _is_number(number) or not math.isfinite(number):
                raise QueryError(
                    _("El campo %(field)s debe ser numérico.") % {"field": f"{name}.{bound}"}
                )
            # Beyond what any column can hold: the bound excludes everything or nothing.
            if abs(number) > RANGE_LIMIT:
                if (bound == "min") == (number > 0):
                    return {"none": True}
                continue
            bounds[bound] = Decimal(str(number))
        return bounds or None
    if spec.kind == ANY_OF:
        if not isinstance(value, list):
            raise QueryError(_("El campo %(field)s debe ser un arreglo.") % {"field": name})
        items = []
        for item in value:
            ok = _is_int(item) if spec.item_type is int else isinstance(item, spec.item_type)
            if not ok or (spec.choices and item not in spec.choices):
                allowed = ", ".join(map(str, spec.choices or ()))
                raise QueryError(
                    _(
                        "El campo %(field)s contiene un valor no válido (%(value)s). "
                        "Válidos: %(choices)s."
                    )
                    % {
                        "field": name,
                        "value": json.dumps(item, ensure_ascii=False),
                        "choices": allowed,
                    }
                )
            items.append(item)
        return list(dict.fromkeys(items)) or None
    raise AssertionError(spec.kind)


def _walk(data: dict, prefix: str, leaves: set[str], groups: set[str]) -> dict[str, Any]:
    """Flatten nested objects into dotted paths known to the spec."""
    out = {}
    for key, value in data.items():
        path = f"{prefix}{key}"
        if path in leaves or path in groups:
            out[path] = value
        elif isinstance(value, dict) and any(p.startswith(path + ".") for p in leaves):
            out.update(_walk(value, path + ".", leaves, groups))
        elif any(p.startswith(path + ".") for p in leaves) and value is not None:
            raise QueryError(_("El campo %(field)s debe ser un objeto.") % {"field": path})
    return out


def parse_query(data: dict, spec: QuerySpec) -> ParsedQuery:
    page = _int_param(data, "page", 1, 1, None)
    page_size = _int_param(data, "pageSize", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)

    query = data.get("query")
    query = {} if query is None else query
    if not isinstance(query, dict):
        raise QueryError(_("El campo query debe ser un objeto."))
    sort = data.get("sort")
    sort = {} if sort is None else sort
    if not isinstance(sort, dict):
        raise QueryError(_("El campo sort debe ser un objeto."))

    record_id = query.get("id") if spec.id_lookup is not None else None
    if record_id is not None and not isinstance(record_id, str):
        raise QueryError(_("El campo query.id debe ser una cadena de texto."))

    filters: dict[str, Any] = {}
    group_filters: dict[str, dict[str, Any]] = {}
    flat = _walk(query, "", set(spec.filters), set())
    for path, value in flat.items():
        cleaned = _clean_filter(path, spec.filters[path], value)
        if cleaned is None:
            continue
        group = next((g for g in spec.groups if path.startswith(g + ".")), None)
        if group:
            group_filters.setdefault(group, {})[path[len(group) + 1 :]] = cleaned
        else:
            filters[path] = cleaned

    order: list[tuple[str, str]] = []
    for path, direction in _walk(sort, "", set(spec.sorts), set()).items():
        if direction is None:
            continue
        if direction not in ("asc", "desc"):
            raise QueryError(
                _("El campo %(field)s debe ser «asc» o «desc».") % {"field": f"sort.{path}"}
            )
        order.append((path, direction))

    return ParsedQuery(
        page=page,
        page_size=page_size,
        filters=filters,
        group_filters=group_filters,
        sort=order,
        id=record_id or None,
        raw=data,
    )


def apply_filter(qs: QuerySet, spec: Filter, value) -> QuerySet:
    if isinstance(value, dict) and value.get("none"):
        return qs.none()
    if spec.apply is not None:
        return spec.apply(qs, value)
    col = spec.column
    if spec.kind == TEXT:
        return qs.filter(**{f"{col}__contains": value})
    if spec.kind in (EXACT, INTEGER, DATETIME):
        return qs.filter(**{col: value})
    if spec.kind == RANGE:
        q = Q()
        if "min" in value:
            q &= Q(**{f"{col}__gte": value["min"]})
        if "max" in value:
            q &= Q(**{f"{col}__lte": value["max"]})
        return qs.filter(q)
    raise AssertionError(f"filter {spec.kind} on {col} needs apply=")


def filtered(qs: QuerySet, parsed: ParsedQuery, spec: QuerySpec) -> QuerySet:
    if parsed.id is not None and spec.id_lookup is not None:
        return spec.id_lookup(qs, parsed.id)
    for path, value in parsed.filters.items():
        qs = apply_filter(qs, spec.filters[path], value)
    for group, values in parsed.group_filters.items():
        qs = spec.groups[group](qs, values)
    return qs


def ordered(qs: QuerySet, parsed: ParsedQuery, spec: QuerySpec) -> QuerySet:
    ordering = []
    for path, direction in parsed.sort:
        sort = spec.sorts[path]
        column = sort.column
        if sort.annotate is not None:
            qs, column = sort.annotate(qs, direction)
        expr = F(column)
        # Empty values last in either direction, the same on SQLite and PostgreSQL.
        ordering.append(
            expr.asc(nulls_last=True) if direction == "asc" else expr.desc(nulls_last=True)
        )
    ordering.append(F(spec.tie_breaker).asc())
    return qs.order_by(*ordering)


def run_query(qs: QuerySet, parsed: ParsedQuery, spec: QuerySpec, only: tuple[str, ...]) -> Page:
    """The requested page. The offset walks only the sort columns and primary keys;
    the (large) documents are fetched for the page's rows alone."""
    qs = ordered(filtered(qs, parsed, spec), parsed, spec)
    total = qs.count()
    offset = (parsed.page - 1) * parsed.page_size
    rows: list = []
    if offset < total:
        keys = list(qs.values_list("pk", flat=True)[offset : offset + parsed.page_size])
        by_pk = qs.model.objects.only("pk", *only).in_bulk(keys)
        rows = [by_pk[k] for k in keys if k in by_pk]
    return Page(rows=rows, page=parsed.page, page_size=parsed.page_size, total_rows=total)
