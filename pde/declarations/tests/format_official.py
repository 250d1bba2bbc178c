"""Reading the official S1 files in tests (the platform itself never reads them)."""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from pathlib import Path

from jsonschema import Draft7Validator

OAS_FILES = {
    "INICIAL": "OAS_API_Declaraciones_Inicial.json",
    "MODIFICACIÓN": "OAS_API_Declaraciones_Modificacion.json",
    "CONCLUSIÓN": "OAS_API_Declaraciones_Conclusion.json",
}
_ANNOTATIONS = {"description", "example", "title"}


@cache
def oas(shared_dir: Path, tipo: str) -> dict:
    return json.loads((shared_dir / "pdn" / "S1" / "oas" / OAS_FILES[tipo]).read_text("utf-8"))


@cache
def official_validator(shared_dir: Path, tipo: str) -> Draft7Validator:
    """The official schema of one results item; "#/components/schemas/..." refs resolve
    against the OAS document itself."""
    document = oas(shared_dir, tipo)
    schema = dict(document["components"]["schemas"]["resDeclaraciones"])
    schema = {
        **schema["properties"]["results"]["items"],
        "components": document["components"],
    }
    return Draft7Validator(schema)


def official_errors(shared_dir: Path, document: dict) -> list[str]:
    tipo = document["metadata"]["tipo"]
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in official_validator(shared_dir, tipo).iter_errors(document)
    ]


def resolved_item_schema(shared_dir: Path, tipo: str) -> dict:
    """The results item schema with every $ref inlined and annotations dropped."""
    schemas = oas(shared_dir, tipo)["components"]["schemas"]

    def resolve(node):
        if isinstance(node, dict):
            if "$ref" in node:
                return resolve(schemas[node["$ref"].rsplit("/", 1)[-1]])
            return {k: resolve(v) for k, v in node.items() if k not in _ANNOTATIONS}
        if isinstance(node, list):
            return [resolve(v) for v in node]
        return node

    return resolve(schemas["resDeclaraciones"]["properties"]["results"]["items"])


def comparable(node):
    """Order-free enums and required lists (their order means nothing to validation)."""
    if isinstance(node, dict):
        return {
            k: sorted(v) if k in ("enum", "required") else comparable(v)
            for k, v in node.items()
            if k != "$schema"
        }
    if isinstance(node, list):
        return [comparable(v) for v in node]
    return node


def catalogue_files(shared_dir: Path) -> dict[str, list]:
    folder = shared_dir / "pdn" / "catalogos" / "S1 - Declaraciones"
    return {
        path.stem: json.loads(path.read_text("utf-8")) for path in sorted(folder.glob("*.json"))
    }


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)
