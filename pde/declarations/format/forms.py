"""Django forms generated from our spec: one per section (its non-repeatable part)
and one per item of a repeatable section.

Nested objects are flattened into fields named by their path
("domicilioMexico.entidadFederativa", "valorAdquisicion.valor"); short nested lists
(tercero, transmisor, ingresos' actividades...) get ``SLOTS`` numbered slots
("tercero.0.nombreRazonSocial"); lists of catalogue entries (titular) are checkboxes.
``to_value()`` turns the cleaned data back into the S1 JSON of the section or item.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from pde.core.forms import date_input

from .labels import CHILD_LABELS, label
from .nodes import AnyOf, Arr, Cat, Node, Obj, Scalar
from .spec import INICIAL, Section, section_nodes
from .spec import section as get_section_meta

SLOTS = 2


class YesNoSelect(forms.NullBooleanSelect):
    """Sí / No / not answered, showing JSON true/false as selected."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", "—"), ("true", _("Sí")), ("false", _("No"))]


# Data the norma decimonovena keeps out of the public version (highlighted in the form).
PRIVATE_SECTIONS = {"domicilioDeclarante", "datosPareja", "datosDependienteEconomico"}
PRIVATE_NAMES = {
    "curp",
    "rfc",
    "homoClave",
    "personal",
    "casa",
    "celularPersonal",
    "situacionPersonalEstadoCivil",
    "regimenMatrimonial",
    "paisNacimiento",
    "nacionalidad",
    "aclaracionesObservaciones",
    "numeroCuentaContrato",
    "datoIdentificacion",
    "numeroSerieRegistro",
    "lugarRegistro",
    "tercero",
    "transmisor",
    "duenoTitular",
    "ingresoMensualNetoParejaDependiente",
    "ingresoAnualNetoParejaDependiente",
    "ingresoConclusionNetoParejaDependiente",
    "ingresoNetoAnualParejaDependiente",
}
_DEFAULTED = {"moneda", "unidad"}
PRIVATE_HELP = _("Dato no público: no aparece en la versión pública.")


def _display(text: str) -> str:
    return text.replace("_", " ")


def _choices(pairs) -> list[tuple[str, str]]:
    return [("", "—")] + [(clave, _display(valor)) for clave, valor in pairs]


class _Leaf:
    """One form field and where its value goes in the JSON."""

    def __init__(self, name, path, node, required_chain, kind):
        self.name = name
        self.path = path  # tuple of str keys / int slots
        self.node = node
        self.required_chain = required_chain  # required in its object and all ancestors
        self.kind = kind  # "scalar" | "cat" | "multicat"


def _walk(node: Node, path: tuple, chain: bool, out: list[_Leaf]) -> None:
    if isinstance(node, AnyOf):
        node = node.merged
    if isinstance(node, Obj):
        for name, sub in node.fields.items():
            _walk(sub, path + (name,), chain and sub.req, out)
    elif isinstance(node, Cat):
        out.append(_Leaf(_name(path), path, node, chain, "cat"))
    elif isinstance(node, Arr):
        if isinstance(node.item, Cat):
            out.append(_Leaf(_name(path), path, node, chain, "multicat"))
        else:
            for slot in range(SLOTS):
                _walk(node.item, path + (slot,), False, out)
    elif isinstance(node, Scalar):
        out.append(_Leaf(_name(path), path, node, chain, "scalar"))


def _name(path: tuple) -> str:
    return ".".join(str(p) for p in path)


def _label(path: tuple) -> str:
    parts = []
    names = [p for p in path]
    for i, key in enumerate(names):
        if isinstance(key, int):
            parts[-1] = f"{parts[-1]} {key + 1}"
            continue
        parent = next((p for p in reversed(names[:i]) if isinstance(p, str)), None)
        if (parent, key) in CHILD_LABELS:
            parts.append(str(CHILD_LABELS[(parent, key)]))
        elif key == "valor" and parts:
            continue  # "Valor de adquisición" rather than "... – Valor"
        else:
            parts.append(label(key))
    return " – ".join(parts)


def _is_private(section_key: str, path: tuple) -> bool:
    return section_key in PRIVATE_SECTIONS or any(p in PRIVATE_NAMES for p in path)


def _form_field(leaf: _Leaf, private: bool) -> forms.Field:
    node = leaf.node
    kw = {
        "label": _label(leaf.path),
        "required": leaf.required_chain,
        "help_text": PRIVATE_HELP if private else "",
    }
    last = leaf.path[-1]
    if leaf.kind == "cat":
        return forms.ChoiceField(choices=_choices(node.choices), **kw)
    if leaf.kind == "multicat":
        kw["required"] = False
        return forms.MultipleChoiceField(
            choices=[(c, _display(v)) for c, v in node.item.choices],
            widget=forms.CheckboxSelectMultiple,
            **kw,
        )
    if node.type == "boolean":
        if last == "ninguno" or node.req:
            kw["required"] = False
            return forms.BooleanField(**kw)
        return forms.NullBooleanField(widget=YesNoSelect, **kw)
    if node.type == "number":
        return forms.DecimalField(
            min_value=node.minimum, max_value=node.maximum, decimal_places=2, **kw
        )
    if node.type == "integer":
        return forms.IntegerField(min_value=node.minimum, max_value=node.maximum, **kw)
    # strings
    if node.choices:
        return forms.ChoiceField(choices=_choices(node.choices), **kw)
    if node.fmt == "date" or (isinstance(last, str) and last.startswith("fecha")):
        return forms.DateField(widget=date_input(), **kw)
    if last == "moneda":
        kw["required"] = False
        kw["help_text"] = _("Código ISO 4217; si lo deja vacío, MXN.")
        return forms.CharField(max_length=3, min_length=3, initial="MXN", **kw)
    validators = [RegexValidator(node.pattern, _("Formato no válido."))] if node.pattern else []
    widget = forms.Textarea(attrs={"rows": 3}) if last == "aclaracionesObservaciones" else None
    field = forms.CharField(
        max_length=node.max_length,
        min_length=node.min_length,
        validators=validators,
        widget=widget,
        **kw,
    )
    if last == "institucional" or last == "personal":
        field = forms.EmailField(**{**kw})
    return field


def _flatten(value, path=()) -> dict:
    """Nested JSON -> {"a.b.0.c": leaf value} (catalogue objects by clave)."""
    out = {}
    if isinstance(value, dict):
        if set(value) <= {"clave", "valor"} and "clave" in value:
            out[_name(path)] = value["clave"]
        for k, v in value.items():
            out.update(_flatten(v, path + (k,)))
    elif isinstance(value, list):
        if value and all(isinstance(v, dict) and "clave" in v for v in value):
            out[_name(path)] = [v["clave"] for v in value]
        for i, v in enumerate(value):
            out.update(_flatten(v, path + (i,)))
    else:
        out[_name(path)] = value
    return out


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _json_number(value: Decimal):
    return int(value) if value == value.to_integral_value() else float(value)


class _SpecForm(forms.Form):
    """A form over one object node of the spec."""

    template_name = template_name_div = "declarations/format/fields.html"

    def __init__(self, node: Obj, section_key: str, data=None, initial=None, *, exclude=()):
        self.node = node
        self.section_key = section_key
        leaves: list[_Leaf] = []
        _walk(node, (), True, leaves)
        self.leaves = [leaf for leaf in leaves if leaf.path[0] not in exclude]
        flat = _flatten(initial or {}) if initial and not _is_flat(initial) else (initial or {})
        super().__init__(data=data, initial=flat)
        for leaf in self.leaves:
            field = _form_field(leaf, _is_private(section_key, leaf.path))
            self.fields[leaf.name] = field

    # -- structure for templates
    def fieldsets(self):
        """[(legend or "", [bound fields])]: top-level groups of nested fields."""
        groups: list[tuple[str, list]] = []
        for leaf in self.leaves:
            top = leaf.path[0]
            legend = label(top) if len(leaf.path) > 1 else ""
            if groups and groups[-1][0] == legend and (legend or not groups[-1][0]):
                groups[-1][1].append(self[leaf.name])
            else:
                groups.append((legend, [self[leaf.name]]))
        return groups

    # -- validation of "if you fill part of an object, fill its required fields"
    def clean(self):
        cleaned = super().clean()
        if self._ninguno_checked(cleaned):
            # "Ninguno": whatever else was typed is not kept, nothing more is required.
            for name in list(self.errors):
                if name != "ninguno":
                    del self.errors[name]
            return cleaned
        filled = [
            leaf.path
            for leaf in self.leaves
            if not _empty(cleaned.get(leaf.name)) and leaf.path[-1] not in _DEFAULTED
        ]
        for leaf in self.leaves:
            if leaf.required_chain or leaf.path[-1] in _DEFAULTED:
                continue
            if not _empty(cleaned.get(leaf.name)) or leaf.name in self.errors:
                continue
            node = self._node_at(leaf.path)
            if node is None or not node.req:
                continue
            parent = leaf.path[:-1]
            if any(p[: len(parent)] == parent for p in filled):
                self.add_error(leaf.name, _("Este campo es obligatorio si captura este dato."))
        return cleaned

    def _ninguno_checked(self, cleaned) -> bool:
        return "ninguno" in self.fields and bool(cleaned.get("ninguno"))

    def _node_at(self, path):
        node: Node = self.node
        for key in path:
            if isinstance(node, AnyOf):
                node = node.merged
            if isinstance(node, Arr):
                node = node.item
                continue
            if isinstance(node, Cat):
                return None
            node = node.fields[key]
        return node

    # -- output
    def to_value(self) -> dict:
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            raise ValueError("call is_valid() first")
        data = self.cleaned_data
        if self._ninguno_checked(data):
            out = {"ninguno": True}
            if not _empty(data.get("aclaracionesObservaciones")):
                out["aclaracionesObservaciones"] = data["aclaracionesObservaciones"]
            return out
        root: dict = {}
        for leaf in self.leaves:
            value = data.get(leaf.name)
            if leaf.kind == "scalar" and leaf.path[-1] == "ninguno":
                value = bool(value)
            elif _empty(value):
                continue
            if leaf.kind == "cat":
                value = {"clave": value, "valor": dict(leaf.node.choices).get(value, "")}
            elif leaf.kind == "multicat":
                choices = dict(leaf.node.item.choices)
                value = [{"clave": c, "valor": choices.get(c, "")} for c in value]
            elif isinstance(value, Decimal):
                value = _json_number(value)
            elif hasattr(value, "isoformat"):
                value = value.isoformat()
            elif leaf.node.type == "string" and isinstance(value, str):
                value = value.strip()
                if leaf.path[-1] in ("moneda", "pais", "paisNacimiento", "nacionalidad"):
                    value = value.upper()
                if not value:
                    continue
            _set(root, leaf.path, value)
        root = _compact(root)
        _defaults(root, self.node)
        return root


def _is_flat(initial: dict) -> bool:
    return any("." in k for k in initial) or not any(
        isinstance(v, dict | list) for v in initial.values()
    )


def _set(root: dict, path: tuple, value) -> None:
    node = root
    for key in path[:-1]:
        node = node.setdefault(key, {})  # list slots as {0: ..., 1: ...}, compacted later
    node[path[-1]] = value


def _compact(value):
    if isinstance(value, dict):
        if value and all(isinstance(k, int) for k in value):
            return [_compact(value[k]) for k in sorted(value) if not _empty(_compact(value[k]))]
        out = {k: _compact(v) for k, v in value.items()}
        out = {k: v for k, v in out.items() if not _empty(v) or k == "ninguno"}
        if out and set(out) <= _DEFAULTED:
            return {}  # a currency or unit alone is no amount
        return out
    return value


def _defaults(value, node: Node) -> None:
    """Fill moneda (MXN) and superficie unidad (m2) where the amount was given."""
    if isinstance(node, AnyOf):
        node = node.merged
    if isinstance(node, Obj) and isinstance(value, dict):
        if "moneda" in node.fields and "valor" in value and not value.get("moneda"):
            value["moneda"] = "MXN"
        if "unidad" in node.fields and "valor" in value and not value.get("unidad"):
            value["unidad"] = "m2"
        for name, sub in node.fields.items():
            if name in value:
                _defaults(value[name], sub)
    elif isinstance(node, Arr) and isinstance(value, list):
        for v in value:
            _defaults(v, node.item)


def _resolve(section: Section | str, tipo: str | None) -> tuple[Section, str]:
    sec = get_section_meta(section) if isinstance(section, str) else section
    return sec, tipo or sec.tipo or INICIAL


class SectionForm(_SpecForm):
    """The non-repeatable part of a section. For a repeatable section: the "ninguno"
    checkbox (if the format allows it) and the aclaraciones/observaciones."""

    def __init__(self, section, data=None, initial=None, *, tipo: str | None = None):
        self.section, self.tipo = _resolve(section, tipo)
        node = section_nodes(self.tipo)[self.section.key]
        exclude = (self.section.item_key,) if self.section.repeatable else ()
        if initial and self.section.repeatable:
            initial = {k: v for k, v in initial.items() if k != self.section.item_key}
        super().__init__(node, self.section.key, data=data, initial=initial, exclude=exclude)


class ItemForm(_SpecForm):
    """One item of a repeatable section (a bien inmueble, a dependiente...)."""

    def __init__(self, section, data=None, initial=None, *, tipo: str | None = None):
        self.section, self.tipo = _resolve(section, tipo)
        if not self.section.repeatable:
            raise ValueError(f"{self.section.key} has no items")
        item = section_nodes(self.tipo)[self.section.key].fields[self.section.item_key].item
        if isinstance(item, AnyOf):
            item = item.merged
        super().__init__(item, self.section.key, data=data, initial=initial)


__all__ = ["SectionForm", "ItemForm", "SLOTS"]
