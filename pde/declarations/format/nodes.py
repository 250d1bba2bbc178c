"""The small declarative language our S1 v2 spec is written in.

A node is a scalar (``Str``, ``Num``, ``Int``, ``Bool``, ``Date``, ``DateTime``), an
object (``Obj``), a list (``Arr``), a clave/valor catalogue object (``Cat``) or a
choice between objects (``AnyOf``). Each node knows whether its parent requires it
and turns itself into the JSON Schema fragment the official OAS describes.
"""

from __future__ import annotations

import copy
from functools import cached_property

from .catalogues import CATALOGUES


class Node:
    req: bool = False
    label: str | None = None

    def required(self) -> Node:
        clone = copy.copy(self)
        clone.req = True
        return clone

    def schema(self) -> dict:  # pragma: no cover - abstract
        raise NotImplementedError


class Scalar(Node):
    def __init__(
        self,
        type_: str,
        *,
        req: bool = False,
        label: str | None = None,
        fmt: str | None = None,
        cat: str | None = None,
        enum: tuple | None = None,
        pattern: str | None = None,
        minimum: float | None = None,
        maximum: float | None = None,
        min_length: int | None = None,
        max_length: int | None = None,
        default=None,
    ):
        self.type = type_
        self.req = req
        self.label = label
        self.fmt = fmt
        self.cat = cat
        self.enum = enum
        self.pattern = pattern
        self.minimum = minimum
        self.maximum = maximum
        self.min_length = min_length
        self.max_length = max_length
        self.default = default

    @property
    def choices(self) -> tuple[tuple[str, str], ...] | None:
        if self.cat:
            return CATALOGUES[self.cat]
        if self.enum:
            return tuple((v, v) for v in self.enum)
        return None

    def schema(self) -> dict:
        out: dict = {"type": self.type}
        if self.fmt:
            out["format"] = self.fmt
        choices = self.choices
        if choices:
            out["enum"] = [clave for clave, _valor in choices]
        for key, value in (
            ("pattern", self.pattern),
            ("minimum", self.minimum),
            ("maximum", self.maximum),
            ("minLength", self.min_length),
            ("maxLength", self.max_length),
            ("default", self.default),
        ):
            if value is not None:
                out[key] = value
        return out


def Str(**kw) -> Scalar:  # noqa: N802 - constructors read like types
    return Scalar("string", **kw)


def Num(**kw) -> Scalar:  # noqa: N802
    return Scalar("number", **kw)


def Int(**kw) -> Scalar:  # noqa: N802
    return Scalar("integer", **kw)


def Bool(**kw) -> Scalar:  # noqa: N802
    return Scalar("boolean", **kw)


def Date(**kw) -> Scalar:  # noqa: N802
    return Scalar("string", fmt="date", **kw)


def DateTime(**kw) -> Scalar:  # noqa: N802
    return Scalar("string", fmt="date-time", **kw)


class Obj(Node):
    def __init__(self, *, req: bool = False, label: str | None = None, untyped=False, **fields):
        self.req = req
        self.label = label
        self.untyped = untyped  # the OAS leaves a few item objects without "type"
        self.fields: dict[str, Node] = fields

    def extend(self, **fields) -> Obj:
        """A copy with more fields (or some replaced), in order."""
        return Obj(
            req=self.req, label=self.label, untyped=self.untyped, **{**self.fields, **fields}
        )

    def without(self, *names: str) -> Obj:
        kept = {k: v for k, v in self.fields.items() if k not in names}
        return Obj(req=self.req, label=self.label, untyped=self.untyped, **kept)

    @cached_property
    def required_names(self) -> list[str]:
        return [name for name, node in self.fields.items() if node.req]

    def schema(self) -> dict:
        out: dict = {} if self.untyped else {"type": "object"}
        if self.required_names:
            out["required"] = list(self.required_names)
        out["properties"] = {name: node.schema() for name, node in self.fields.items()}
        return out


class Cat(Node):
    """An object ``{"clave", "valor"}`` whose clave comes from a catalogue."""

    def __init__(
        self,
        name: str,
        *,
        valor_enum: bool = False,
        enum: bool = True,
        pattern: str | None = None,
        req: bool = False,
        label: str | None = None,
    ):
        self.name = name
        self.valor_enum = valor_enum
        self.enum = enum
        self.pattern = pattern
        self.req = req
        self.label = label

    @property
    def choices(self) -> tuple[tuple[str, str], ...]:
        return CATALOGUES[self.name]

    def schema(self) -> dict:
        clave: dict = {"type": "string"}
        if self.enum:
            clave["enum"] = [c for c, _v in self.choices]
        if self.pattern:
            clave["pattern"] = self.pattern
        valor: dict = {"type": "string"}
        if self.valor_enum:
            valor["enum"] = [v for _c, v in self.choices]
        return {"type": "object", "properties": {"clave": clave, "valor": valor}}


class Arr(Node):
    def __init__(self, item: Node, *, req: bool = False, label: str | None = None):
        self.item = item
        self.req = req
        self.label = label

    def schema(self) -> dict:
        return {"type": "array", "items": self.item.schema()}


class AnyOf(Node):
    def __init__(self, *alternatives: Obj, req: bool = False, label: str | None = None):
        self.alternatives = alternatives
        self.req = req
        self.label = label

    @cached_property
    def merged(self) -> Obj:
        """All the alternatives' fields in one object (for forms and labels)."""
        fields: dict[str, Node] = {}
        for alt in self.alternatives:
            for name, node in alt.fields.items():
                fields.setdefault(name, node)
        return Obj(**fields)

    def schema(self) -> dict:
        return {"anyOf": [alt.schema() for alt in self.alternatives]}


def child(node: Node, key: str | int) -> Node | None:
    """The node under ``node`` for a JSON key or list index, or None."""
    if isinstance(node, Arr):
        return node.item if isinstance(key, int) else None
    if isinstance(node, AnyOf):
        node = node.merged
    if isinstance(node, Obj):
        return node.fields.get(key) if isinstance(key, str) else None
    if isinstance(node, Cat) and key in ("clave", "valor"):
        return Str()
    return None
