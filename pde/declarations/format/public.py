"""The public version of a declaration (norma decimonovena) and what search needs.

``public_version`` is a pure function: it never changes its input and gives the
same output for the same document. Classified data is removed, not masked:
sections that are wholly classified are left out, items that do not belong
solely to the declarant are left out, and within the remaining items the fields
the norma lists are dropped. The result still validates against the official
schema of its tipo.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from pde.core.text import normalize_text, spanish_sort_key

from .catalogues import CATALOGUES
from .spec import ACTIVIDAD_ANUAL_NAMES, INGRESOS_NAMES, SALDO_NAMES

# Sections whose every datum is classified (domicilio, pareja, dependientes).
_WHOLLY_PRIVATE = ("domicilioDeclarante", "datosPareja", "datosDependienteEconomico")

# datosGenerales: CURP, RFC y homoclave, correo personal, teléfonos de casa y
# celular, estado civil, régimen matrimonial, país de nacimiento, nacionalidad.
_GENERALES_PRIVATE = (
    "curp",
    "rfc",
    "telefono",
    "situacionPersonalEstadoCivil",
    "regimenMatrimonial",
    "paisNacimiento",
    "nacionalidad",
    "aclaracionesObservaciones",
)


def _moral(persona: dict | None, key: str = "tipoPersona") -> bool:
    """True only when the person is declared a persona moral (unknown counts as física)."""
    return isinstance(persona, dict) and persona.get(key) == "MORAL"


def _solely_declarant(item: dict) -> bool:
    titular = item.get("titular")
    if not isinstance(titular, list) or not titular:
        return False
    return all(isinstance(t, dict) and t.get("clave") == "DEC" for t in titular)


def _declarant_only(item: dict) -> bool:
    return item.get("tipoRelacion") == "DECLARANTE"


def _drop(d: dict, *names: str) -> dict:
    for name in names:
        d.pop(name, None)
    return d


def _persona_publica(
    persona: dict, *, tipo_key: str = "tipoPersona", names=("nombreRazonSocial", "rfc")
):
    if isinstance(persona, dict) and not _moral(persona, tipo_key):
        _drop(persona, *names)


def _list_section(value: dict, item_key: str, keep, clean) -> dict:
    kept = [
        clean(item) for item in value.get(item_key) or [] if isinstance(item, dict) and keep(item)
    ]
    out = {k: v for k, v in value.items() if k not in (item_key, "aclaracionesObservaciones")}
    out[item_key] = kept
    if "ninguno" in value or not kept:
        # Nothing public left reads as "ninguno": the existence of classified items
        # (a partner's house) is itself not public.
        out["ninguno"] = not kept
    return out


def _transmisores(item: dict) -> None:
    for t in item.get("transmisor") or []:
        if isinstance(t, dict):
            t.pop("relacion", None)
            _persona_publica(t)


def _inmueble(item: dict) -> dict:
    _drop(item, "tercero", "datoIdentificacion", "domicilioMexico", "domicilioExtranjero")
    _transmisores(item)
    return item


def _vehiculo(item: dict) -> dict:
    _drop(item, "tercero", "numeroSerieRegistro", "lugarRegistro")
    _transmisores(item)
    return item


def _mueble(item: dict) -> dict:
    _drop(item, "tercero")
    _transmisores(item)
    return item


def _inversion(tipo: str):
    def clean(item: dict) -> dict:
        _drop(item, "tercero", "numeroCuentaContrato")
        if tipo != "INICIAL":
            _drop(item, SALDO_NAMES[tipo][0])
        return item

    return clean


def _adeudo(tipo: str):
    def clean(item: dict) -> dict:
        _drop(item, "tercero", "numeroCuentaContrato")
        if tipo != "INICIAL":
            _drop(item, SALDO_NAMES[tipo][1])
        _persona_publica(item.get("otorganteCredito"), names=("nombreInstitucion", "rfc"))
        return item

    return clean


def _prestamo(item: dict) -> dict:
    bien = item.get("tipoBien")
    if isinstance(bien, dict):
        if isinstance(bien.get("inmueble"), dict):
            _drop(bien["inmueble"], "domicilioMexico", "domicilioExtranjero")
        if isinstance(bien.get("vehiculo"), dict):
            _drop(bien["vehiculo"], "numeroSerieRegistro", "lugarRegistro")
    dueno = item.get("duenoTitular")
    if isinstance(dueno, dict) and not _moral(dueno, "tipoDuenoTitular"):
        _drop(dueno, "nombreTitular", "rfc", "relacionConTitular")
    return item


def _toma_decisiones(item: dict) -> dict:
    return _drop(item, "nombreInstitucion", "rfc")


def _apoyo(item: dict) -> dict:
    if not _moral(item):
        item.pop("beneficiarioPrograma", None)
    return item


def _representacion(item: dict) -> dict:
    _persona_publica(item)
    return item


def _cliente(item: dict) -> dict:
    _persona_publica(item.get("clientePrincipal"))
    return item


def _beneficio(item: dict) -> dict:
    if not _moral(item):
        item.pop("beneficiario", None)
    _persona_publica(item.get("otorgante"))
    return item


def _fideicomiso(item: dict) -> dict:
    role = item.get("tipoParticipacion")
    if role != "FIDEICOMITENTE":
        _persona_publica(item.get("fideicomitente"))
    if role != "FIDEICOMISARIO":
        _persona_publica(item.get("fideicomisario"))
    return item


def _ingresos(value: dict, names: tuple[str, ...]) -> dict:
    _cargo, _otros, declarante, pareja, total = names
    value.pop(pareja, None)
    value.pop("aclaracionesObservaciones", None)
    # The total includes the partner's and dependants' income, which is classified:
    # the public total is the declarant's own net income.
    if declarante in value:
        value[total] = _copy(value[declarante])
    else:
        value.pop(total, None)
    return value


def _keep_all(item: dict) -> bool:
    return True


def _copy(value):
    """A deep copy of JSON data (several times faster than copy.deepcopy)."""
    kind = type(value)
    if kind is dict:
        return {k: _copy(v) for k, v in value.items()}
    if kind is list:
        return [_copy(v) for v in value]
    return value


def public_version(document: dict) -> dict:
    """The public version of a full S1 document (norma decimonovena)."""
    doc = _copy(document)
    tipo = (doc.get("metadata") or {}).get("tipo")
    declaracion = doc.get("declaracion")
    if not isinstance(declaracion, dict):
        return doc
    sp = declaracion.get("situacionPatrimonial")
    if isinstance(sp, dict):
        for key in _WHOLLY_PRIVATE:
            sp.pop(key, None)
        generales = sp.get("datosGenerales")
        if isinstance(generales, dict):
            _drop(generales, *_GENERALES_PRIVATE)
            correo = generales.get("correoElectronico")
            if isinstance(correo, dict):
                correo.pop("personal", None)
        for key in ("datosCurricularesDeclarante", "experienciaLaboral"):
            if isinstance(sp.get(key), dict):
                sp[key].pop("aclaracionesObservaciones", None)
        empleo = sp.get("datosEmpleoCargoComision")
        if isinstance(empleo, dict):
            empleo.pop("aclaracionesObservaciones", None)
            for otro in empleo.get("otroEmpleoCargoComision") or []:
                if isinstance(otro, dict):
                    otro.pop("aclaracionesObservaciones", None)
        if isinstance(sp.get("ingresos"), dict) and tipo in INGRESOS_NAMES:
            sp["ingresos"] = _ingresos(sp["ingresos"], INGRESOS_NAMES[tipo])
        if isinstance(sp.get("actividadAnualAnterior"), dict):
            sp["actividadAnualAnterior"] = _ingresos(
                sp["actividadAnualAnterior"], ACTIVIDAD_ANUAL_NAMES
            )
        lists = {
            "bienesInmuebles": ("bienInmueble", _solely_declarant, _inmueble),
            "vehiculos": ("vehiculo", _solely_declarant, _vehiculo),
            "bienesMuebles": ("bienMueble", _solely_declarant, _mueble),
            "inversiones": ("inversion", _solely_declarant, _inversion(tipo)),
            "adeudos": ("adeudo", _solely_declarant, _adeudo(tipo)),
            "prestamoOComodato": ("prestamo", _keep_all, _prestamo),
        }
        for key, (item_key, keep, clean) in lists.items():
            if isinstance(sp.get(key), dict):
                sp[key] = _list_section(sp[key], item_key, keep, clean)
    interes = declaracion.get("interes")
    if isinstance(interes, dict):
        lists = {
            "participacion": ("participacion", _declarant_only, lambda i: i),
            "participacionTomaDecisiones": (
                "participacion",
                _declarant_only,
                _toma_decisiones,
            ),
            "apoyos": ("apoyo", _keep_all, _apoyo),
            "representacion": ("representacion", _declarant_only, _representacion),
            "clientesPrincipales": ("cliente", _declarant_only, _cliente),
            "beneficiosPrivados": ("beneficio", _keep_all, _beneficio),
            "fideicomisos": ("fideicomiso", _declarant_only, _fideicomiso),
        }
        for key, (item_key, keep, clean) in lists.items():
            if isinstance(interes.get(key), dict):
                interes[key] = _list_section(interes[key], item_key, keep, clean)
    return doc


# ------------------------------------------------------------------ search columns
_NIVEL_ORDER = [clave for clave, _v in CATALOGUES["nivel"]]


def _decimal(value) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _get(d, *path):
    for key in path:
        if not isinstance(d, dict):
            return None
        d = d.get(key)
    return d


def search_columns(public_document: dict) -> dict:
    """The Declaration search/sort columns, from the public version."""
    sp = _get(public_document, "declaracion", "situacionPatrimonial") or {}
    tipo = _get(public_document, "metadata", "tipo")
    generales = sp.get("datosGenerales") or {}
    empleo = sp.get("datosEmpleoCargoComision") or {}
    nombres = generales.get("nombre") or ""
    primer = generales.get("primerApellido") or ""
    segundo = generales.get("segundoApellido") or ""
    ente = empleo.get("nombreEntePublico") or ""
    cargo = empleo.get("empleoCargoComision") or ""
    niveles = [
        _get(e, "nivel", "clave")
        for e in _get(sp, "datosCurricularesDeclarante", "escolaridad") or []
        if _get(e, "nivel", "clave") in _NIVEL_ORDER
    ]
    escolaridad = max(niveles, key=_NIVEL_ORDER.index) if niveles else ""
    total = None
    if tipo in INGRESOS_NAMES:
        total = _decimal(_get(sp, "ingresos", INGRESOS_NAMES[tipo][2], "valor"))
    return {
        "nombres_norm": normalize_text(nombres),
        "primer_apellido_norm": normalize_text(primer),
        "segundo_apellido_norm": normalize_text(segundo),
        "nombres_sort": spanish_sort_key(nombres),
        "primer_apellido_sort": spanish_sort_key(primer),
        "segundo_apellido_sort": spanish_sort_key(segundo),
        "escolaridad_nivel": escolaridad,
        "ente_nombre_norm": normalize_text(ente),
        "ente_nombre_sort": spanish_sort_key(ente),
        "entidad_federativa": _get(empleo, "domicilioMexico", "entidadFederativa", "clave") or "",
        "municipio_alcaldia": _get(empleo, "domicilioMexico", "municipioAlcaldia", "clave") or "",
        "empleo_cargo_comision_norm": normalize_text(cargo),
        "empleo_cargo_comision_sort": spanish_sort_key(cargo),
        "nivel_empleo_cargo_comision": empleo.get("nivelEmpleoCargoComision") or "",
        "nivel_orden_gobierno": empleo.get("nivelOrdenGobierno") or "",
        "total_ingresos_netos": total,
    }


def public_properties(public_document: dict) -> list[dict]:
    """One DeclaredProperty row per bienInmueble of the public version."""
    out = []
    for item in (
        _get(
            public_document,
            "declaracion",
            "situacionPatrimonial",
            "bienesInmuebles",
            "bienInmueble",
        )
        or []
    ):
        if not isinstance(item, dict):
            continue
        out.append(
            {
                "superficie_construccion": _decimal(_get(item, "superficieConstruccion", "valor")),
                "superficie_terreno": _decimal(_get(item, "superficieTerreno", "valor")),
                "forma_adquisicion": _get(item, "formaAdquisicion", "clave") or "",
                "valor_adquisicion": _decimal(_get(item, "valorAdquisicion", "valor")),
            }
        )
    return out
