"""Records as spreadsheet rows: the flattened PDN field names of each system.

A column is the record's JSON path in dotted form, arrays with an index:
``institucionDependencia.nombre``, ``tipoSancion[0].clave``, ``tipoSancion[1].clave``.
The template of a system lists every field of its schema once (index ``[0]``); add
columns with ``[1]``, ``[2]``... for more items. Empty cells are left out. Values are
converted to the type the schema asks for at that path (integers, numbers).
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from .schemas import official_schema

_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


class TabularError(ValueError):
    """The file cannot be read as a table of records (message in Spanish)."""


def template_columns(system: str) -> list[str]:
    columns: list[str] = []

    def walk(schema: dict, prefix: str) -> None:
        kind = schema.get("type")
        if kind == "object":
            properties = schema.get("properties") or {}
            for name, child in properties.items():
                walk(child, f"{prefix}.{name}" if prefix else name)
        elif kind == "array":
            walk(schema.get("items") or {}, f"{prefix}[0]")
        elif prefix:
            columns.append(prefix)

    walk(official_schema(system), "")
    return columns


def _parse_path(column: str) -> list[str | int]:
    column = column.strip()
    parts: list[str | int] = []
    position = 0
    for match in _TOKEN.finditer(column):
        if match.start() != position and column[position : match.start()] != ".":
            raise TabularError(_("Encabezado no válido: «%(c)s».") % {"c": column})
        parts.append(match.group(1) if match.group(1) is not None else int(match.group(2)))
        position = match.end()
    if not parts or position != len(column) or not isinstance(parts[0], str):
        raise TabularError(_("Encabezado no válido: «%(c)s».") % {"c": column})
    return parts


def _schema_at(schema: dict, parts: list[str | int]) -> dict:
    for part in parts:
        if isinstance(part, int):
            schema = schema.get("items") or {}
        else:
            schema = (schema.get("properties") or {}).get(part) or {}
    return schema


def _convert(value: Any, schema: dict) -> Any:
    kind = schema.get("type")
    if isinstance(value, datetime) and schema.get("format") == "date":
        value = value.date().isoformat()
    elif isinstance(value, (date, datetime)):
        value = value.isoformat()
    if kind in ("integer", "number"):
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float, Decimal)):
            number = value
        else:
            text = str(value).strip().replace(",", "")
            try:
                number = Decimal(text)
            except ArithmeticError:
                return str(value)  # the validator reports the wrong type, naming the field
        if kind == "integer" and number == int(number):
            return int(number)
        return float(number)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() if not isinstance(value, str) else value.strip()


def _assign(target: dict, parts: list[str | int], value: Any) -> None:
    node: Any = target
    for part, following in zip(parts, parts[1:], strict=False):
        container: Any = [] if isinstance(following, int) else {}
        if isinstance(part, int):
            while len(node) <= part:
                node.append(None)
            if node[part] is None:
                node[part] = container
            node = node[part]
        else:
            node = node.setdefault(part, container)
    last = parts[-1]
    if isinstance(last, int):
        while len(node) <= last:
            node.append(None)
        node[last] = value
    else:
        node[last] = value


def _compact(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _compact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_compact(v) for v in value if v is not None]
    return value


class Sheet(list):
    """The records read from a sheet; ``rows[i]`` is the sheet row (1 = header) of
    record ``i`` (empty rows are skipped, so positions and rows can differ)."""

    rows: list[int]


def rows_to_records(system: str, header: list, rows: list[list]) -> Sheet:
    schema = official_schema(system)
    paths = []
    for column in header:
        if column is None or not str(column).strip():
            paths.append(None)
            continue
        parts = _parse_path(str(column))
        paths.append((parts, _schema_at(schema, parts)))
    records = Sheet()
    records.rows = []
    for number, row in enumerate(rows, start=2):
        if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row):
            continue
        record: dict = {}
        for spec, cell in zip(paths, row, strict=False):
            if spec is None or cell is None or (isinstance(cell, str) and not cell.strip()):
                continue
            parts, field_schema = spec
            _assign(record, parts, _convert(cell, field_schema))
        records.append(_compact(record))
        records.rows.append(number)
    return records


def read_csv(system: str, raw: bytes) -> Sheet:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    if not rows:
        raise TabularError(_("El archivo CSV está vacío."))
    return rows_to_records(system, rows[0], rows[1:])


def read_xlsx(system: str, raw: bytes) -> Sheet:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise TabularError(_("El archivo no es un libro de Excel (XLSX) válido.")) from error
    sheet = workbook.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    if not rows:
        raise TabularError(_("La hoja de cálculo está vacía."))
    return rows_to_records(system, rows[0], rows[1:])


def template_csv(system: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(template_columns(system))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx(system: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = system.upper()
    sheet.append(template_columns(system))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
