"""Hypothesis strategies for valid, complete S1 v2 documents.

``documents(tipo=None, complete=None)`` draws a document with every section of its
format: names with accents, "ninguno" or one to three items per list, items owned by
the declarant or shared, interests of the declarant or of relatives, personas
físicas and morales.

Every value the norma decimonovena keeps out of the public version is distinctive,
so tests can look for it in a public document:
- private text always contains ``PRIVATE_MARK`` ("¤"), public text never does;
- private amounts are in ``PRIVATE_AMOUNTS`` (public amounts are far below it).
The privacy rules here are written independently of ``format.public``: they are the
test's reading of the norma.
"""

from __future__ import annotations

import string
import uuid
from datetime import date, datetime

from hypothesis import strategies as st

from pde.declarations.format.catalogues import CATALOGUES
from pde.declarations.format.nodes import AnyOf, Arr, Cat, Node, Obj, Scalar
from pde.declarations.format.spec import INGRESOS_NAMES, SALDO_NAMES, TIPOS, sections

PRIVATE_MARK = "¤"
PRIVATE_AMOUNTS = (9_100_000_000, 9_199_999_999)
_LETTERS = "abcdefghijklmnñopqrstuvwxyzáéíóúüABCDEFGHIJKLMNÑOPQRSTUVWXYZÁÉÍÓÚÜ"
_TEXT = _LETTERS + " .-" + string.digits
NAMES = st.sampled_from(
    ["José", "María", "Ñuño", "Inés", "Jesús", "Úrsula", "Ángel", "Zoé", "Raúl", "Begoña"]
)
SURNAMES = st.sampled_from(
    ["Pérez", "Núñez", "Gutiérrez", "López", "Díaz", "Muñoz", "Hernández", "Álvarez", "Cañas"]
)
_NAME_FIELDS = {"nombre", "primerApellido", "segundoApellido"}
_PAISES = ["MX", "US", "GT", "ES", "CA"]


def public_text(min_size=1, max_size=40):
    max_size = max(max_size, min_size)
    return st.text(alphabet=_TEXT, min_size=min_size, max_size=max_size).filter(lambda s: s.strip())


def private_text(min_size=1, max_size=40):
    max_size = max(max_size, min_size, 1)
    rest_min = max(min_size - 1, 0)
    rest_max = max(max_size - 1, rest_min)
    return st.text(alphabet=_TEXT, min_size=rest_min, max_size=min(rest_max, 30)).map(
        lambda s: PRIVATE_MARK + s
    )


def private_amount():
    low, high = PRIVATE_AMOUNTS
    return st.integers(low, high)


def _catalogue_entry(name: str):
    return st.sampled_from(CATALOGUES[name]).map(lambda cv: {"clave": cv[0], "valor": cv[1]})


class Rules:
    """Which relative paths of a value are private, and values forced by the test."""

    def __init__(self, private=(), forced=None, everything=False):
        self.private = {tuple(p) for p in private}
        self.forced = forced or {}
        self.everything = everything

    def is_private(self, path: tuple) -> bool:
        names = tuple(p for p in path if isinstance(p, str))
        if self.everything or (names and names[-1] == "aclaracionesObservaciones"):
            return True
        return any(names[: len(p)] == p for p in self.private)


def value_of(node: Node, rules: Rules, path: tuple = ()):
    """A strategy for a valid value of ``node`` at ``path`` under ``rules``."""
    names = tuple(p for p in path if isinstance(p, str))
    if names in rules.forced:
        return st.just(rules.forced[names])
    private = rules.is_private(path)
    if isinstance(node, AnyOf):
        return st.one_of(*[value_of(alt, rules, path) for alt in node.alternatives])
    if isinstance(node, Cat):
        return _catalogue_entry(node.name)
    if isinstance(node, Arr):
        return st.lists(value_of(node.item, rules, path + (0,)), min_size=0, max_size=2)
    if isinstance(node, Obj):

        def must(k, v):  # required, or forced by the rules (a discriminator)
            return v.req or names + (k,) in rules.forced

        required = {
            k: value_of(v, rules, path + (k,)) for k, v in node.fields.items() if must(k, v)
        }
        optional = {
            k: value_of(v, rules, path + (k,)) for k, v in node.fields.items() if not must(k, v)
        }
        return st.fixed_dictionaries(required, optional=optional)
    assert isinstance(node, Scalar)
    last = names[-1] if names else ""
    if node.type == "boolean":
        return st.booleans()
    if node.type == "integer":
        low = 1950 if last == "anio" else int(node.minimum if node.minimum is not None else 0)
        high = 2026 if last == "anio" else int(node.maximum if node.maximum is not None else 10**6)
        return st.integers(low, high)
    if node.type == "number":
        if private and node.maximum is None:
            return private_amount()
        low = int(node.minimum if node.minimum is not None else 0)
        high = int(node.maximum if node.maximum is not None else 10**8)
        return st.one_of(
            st.integers(low, high),
            st.integers(low * 100, high * 100).map(lambda c: c / 100),
        )
    if node.choices:
        return st.sampled_from([c for c, _v in node.choices])
    if node.fmt == "date" or last.startswith("fecha"):
        return st.dates(date(1940, 1, 1), date(2026, 12, 31)).map(date.isoformat)
    if node.pattern == r"^\d{3}$":
        return st.integers(1, 999).map(lambda n: f"{n:03d}")
    if node.pattern == r"^\d{2}$":
        return st.sampled_from([c for c, _v in CATALOGUES["entidadFederativa"]])
    if last == "moneda":
        return st.sampled_from(["MXN", "USD", "EUR"])
    if node.max_length == 2:  # ISO 3166 country
        return private_text(2, 2) if private else st.sampled_from(_PAISES)
    min_size, max_size = node.min_length or 1, node.max_length or 40
    if private:
        return private_text(min_size, max_size)
    if last in _NAME_FIELDS:
        return (SURNAMES if "Apellido" in last else NAMES).filter(
            lambda s: min_size <= len(s) <= max_size
        )
    return public_text(min_size, max_size)


# ------------------------------------------------------------------ privacy rules
_DEC = {"clave": "DEC", "valor": "DECLARANTE"}
_PERSONA = {"FISICA": True, "MORAL": False}


def _others():
    return st.lists(
        st.sampled_from([e for e in CATALOGUES["titularBien"] if e[0] != "DEC"]).map(
            lambda cv: {"clave": cv[0], "valor": cv[1]}
        ),
        min_size=1,
        max_size=2,
    ).flatmap(lambda others: st.sampled_from([others, [_DEC, *others]]))


@st.composite
def _asset_rules(draw, key: str, tipo: str):
    """bienesInmuebles, vehiculos, bienesMuebles, inversiones, adeudos."""
    own = draw(st.booleans())
    if not own:
        return Rules(forced={("titular",): draw(_others())}, everything=True)
    fisica = draw(st.booleans())
    forced = {("titular",): [_DEC], ("transmisor", "tipoPersona"): "FISICA" if fisica else "MORAL"}
    private = [("tercero",), ("transmisor", "relacion")]
    if fisica:
        private += [("transmisor", "nombreRazonSocial"), ("transmisor", "rfc")]
    if key == "bienesInmuebles":
        private += [("datoIdentificacion",), ("domicilioMexico",), ("domicilioExtranjero",)]
    if key == "vehiculos":
        private += [("numeroSerieRegistro",), ("lugarRegistro",)]
    if key in ("inversiones", "adeudos"):
        private.append(("numeroCuentaContrato",))
        if tipo != "INICIAL":
            private.append((SALDO_NAMES[tipo][0 if key == "inversiones" else 1],))
    if key == "adeudos":
        otorgante_fisica = draw(st.booleans())
        forced[("otorganteCredito", "tipoPersona")] = "FISICA" if otorgante_fisica else "MORAL"
        if otorgante_fisica:
            private += [("otorganteCredito", "nombreInstitucion"), ("otorganteCredito", "rfc")]
    return Rules(private, forced)


def _persona(draw, forced, private, where: tuple, key="tipoPersona", names=None):
    fisica = draw(st.booleans())
    forced[where + (key,)] = "FISICA" if fisica else "MORAL"
    if fisica:
        for name in names or ("nombreRazonSocial", "rfc"):
            private.append(where + (name,))


@st.composite
def _interest_rules(draw, key: str):
    forced: dict = {}
    private: list = []
    if key in (
        "participacion",
        "participacionTomaDecisiones",
        "representacion",
        "clientesPrincipales",
        "fideicomisos",
    ):
        mine = draw(st.booleans())
        if not mine:
            relacion = draw(st.sampled_from(["PAREJA", "DEPENDIENTE_ECONOMICO"]))
            return Rules(forced={("tipoRelacion",): relacion}, everything=True)
        forced[("tipoRelacion",)] = "DECLARANTE"
    if key == "participacionTomaDecisiones":
        private += [("nombreInstitucion",), ("rfc",)]
    elif key == "representacion":
        _persona(draw, forced, private, ())
    elif key == "clientesPrincipales":
        _persona(draw, forced, private, ("clientePrincipal",))
    elif key == "beneficiosPrivados":
        _persona(draw, forced, private, ("otorgante",))
    elif key == "prestamoOComodato":
        _persona(
            draw,
            forced,
            private,
            ("duenoTitular",),
            key="tipoDuenoTitular",
            names=("nombreTitular", "rfc", "relacionConTitular"),
        )
        private += [
            ("tipoBien", "inmueble", "domicilioMexico"),
            ("tipoBien", "inmueble", "domicilioExtranjero"),
            ("tipoBien", "vehiculo", "numeroSerieRegistro"),
            ("tipoBien", "vehiculo", "lugarRegistro"),
        ]
    elif key == "fideicomisos":
        role = draw(st.sampled_from([c for c, _v in CATALOGUES["tipoParticipacionFideicomiso"]]))
        forced[("tipoParticipacion",)] = role
        if role != "FIDEICOMITENTE":
            _persona(draw, forced, private, ("fideicomitente",))
        if role != "FIDEICOMISARIO":
            _persona(draw, forced, private, ("fideicomisario",))
    return Rules(private, forced)


_ASSETS = {"bienesInmuebles", "vehiculos", "bienesMuebles", "inversiones", "adeudos"}


@st.composite
def item_value(draw, section, tipo: str):
    node = section.node(tipo).fields[section.item_key].item
    if section.key in _ASSETS:
        rules = draw(_asset_rules(section.key, tipo))
    elif section.key == "datosDependienteEconomico":
        rules = Rules(everything=True)
    else:
        rules = draw(_interest_rules(section.key))
    return draw(value_of(node, rules))


_GENERALES_PRIVATE = [
    ("curp",),
    ("rfc",),
    ("correoElectronico", "personal"),
    ("telefono",),
    ("paisNacimiento",),
    ("nacionalidad",),
]


@st.composite
def section_value(draw, section, tipo: str):
    node = section.node(tipo)
    if section.key in ("domicilioDeclarante", "datosPareja"):
        if section.allows_ninguno and draw(st.booleans()):
            return {"ninguno": True}
        value = draw(value_of(node, Rules(everything=True)))
        if section.allows_ninguno:
            value["ninguno"] = False
        return value
    if section.key == "datosGenerales":
        return draw(value_of(node, Rules(_GENERALES_PRIVATE)))
    if section.key in ("ingresos", "actividadAnualAnterior"):
        names = INGRESOS_NAMES[tipo] if section.key == "ingresos" else None
        pareja = names[3] if names else "ingresoNetoAnualParejaDependiente"
        return draw(value_of(node, Rules([(pareja,)])))
    if not section.repeatable:
        return draw(value_of(node, Rules()))
    rules = Rules(everything=section.key == "datosDependienteEconomico")
    base = draw(value_of(node.without(section.item_key, "ninguno"), rules))
    if section.allows_ninguno and draw(st.booleans()):
        return {**base, "ninguno": True, section.item_key: []}
    found = draw(st.lists(item_value(section, tipo), min_size=1, max_size=3))
    value = {**base, section.item_key: found}
    if section.allows_ninguno:
        value["ninguno"] = False
    return value


@st.composite
def documents(draw, tipo: str | None = None, complete: bool | None = None):
    """A valid, complete S1 v2 document (every section of its format filled)."""
    tipo = tipo or draw(st.sampled_from(TIPOS))
    complete = draw(st.booleans()) if complete is None else complete
    declaracion: dict = {"situacionPatrimonial": {}}
    if complete:
        declaracion["interes"] = {}
    for sec in sections(tipo, complete):
        declaracion[sec.part][sec.key] = draw(section_value(sec, tipo))
    instant = draw(st.datetimes(min_value=datetime(2021, 5, 1), max_value=datetime(2030, 1, 1)))
    return {
        "id": str(uuid.UUID(int=draw(st.integers(0, 2**128 - 1)))),
        "metadata": {
            "actualizacion": instant.replace(microsecond=0).isoformat() + "Z",
            "institucion": draw(public_text(3, 60)),
            "tipo": tipo,
            "declaracionCompleta": complete,
            "actualizacionConflictoInteres": draw(st.booleans()),
        },
        "declaracion": declaracion,
    }
