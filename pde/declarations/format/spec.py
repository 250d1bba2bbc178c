"""Our own specification of the S1 v2 declaration format (sections -> fields).

Written from the OAS ``resDeclaraciones.results.items`` of the three types and the
Normas (DOF); tests prove it describes exactly the same tree, types, catalogues and
required lists as the official files. The three types share everything except
the income section, actividadAnualAnterior (not in Modificación), the employment
section (Modificación adds otro empleo) and the balance fields of inversiones and
adeudos.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from django.utils.translation import gettext_lazy as _

from .nodes import AnyOf, Arr, Bool, Cat, Date, Int, Node, Num, Obj, Str

INICIAL, MODIFICACION, CONCLUSION = "INICIAL", "MODIFICACIÓN", "CONCLUSIÓN"
TIPOS = (INICIAL, MODIFICACION, CONCLUSION)

# ---------------------------------------------------------------- shared fragments
MONTO = Obj(valor=Num(minimum=0, req=True), moneda=Str(req=True))
ENTIDAD = Cat("entidadFederativa", enum=False, pattern=r"^\d{2}$")
MUNICIPIO = Obj(clave=Str(pattern=r"^\d{3}$"), valor=Str())
PAIS = Str(max_length=2)
DOMICILIO_MEXICO = Obj(
    calle=Str(),
    numeroExterior=Str(),
    numeroInterior=Str(),
    coloniaLocalidad=Str(),
    municipioAlcaldia=MUNICIPIO,
    entidadFederativa=ENTIDAD,
    codigoPostal=Str(),
)
DOMICILIO_EXTRANJERO = Obj(
    calle=Str(),
    numeroExterior=Str(),
    numeroInterior=Str(),
    ciudadLocalidad=Str(),
    estadoProvincia=Str(),
    pais=PAIS,
    codigoPostal=Str(),
)
DOMICILIOS = {"domicilioMexico": DOMICILIO_MEXICO, "domicilioExtranjero": DOMICILIO_EXTRANJERO}
SUPERFICIE = Obj(valor=Int(), unidad=Str(cat="unidadMedida", default="m2"))
PERSONA = {"tipoPersona": Str(cat="tipoPersona"), "nombreRazonSocial": Str(), "rfc": Str()}
TERCERO = Arr(Obj(**PERSONA))
TRANSMISOR = Arr(Obj(**PERSONA, relacion=Cat("parentescoRelacion")))
TITULAR = Arr(Cat("titularBien"))
UBICACION = Obj(pais=PAIS, entidadFederativa=ENTIDAD)
OPERACION = Str(cat="tipoOperacion")
ORDEN = Str(cat="nivelOrdenGobierno")
AMBITO = Str(cat="ambitoPublico")
ACLARACIONES = Str()
NINGUNO = Bool()
TELEFONO_OFICINA = Obj(telefono=Str(), extension=Str())


def _lista(item_key: str, item: Node, *, ninguno: Node | None = NINGUNO) -> Obj:
    fields = {"ninguno": ninguno} if ninguno is not None else {}
    return Obj(**fields, **{item_key: Arr(item)}, aclaracionesObservaciones=ACLARACIONES)


def _remuneraciones(enajenacion: bool) -> dict[str, Node]:
    def grupo(lista: str, **item) -> Obj:
        return Obj(remuneracionTotal=MONTO, **{lista: Arr(Obj(remuneracion=MONTO, **item))})

    out = {
        "actividadIndustrialComercialEmpresarial": grupo(
            "actividades", nombreRazonSocial=Str(), tipoNegocio=Str()
        ),
        "actividadFinanciera": grupo("actividades", tipoInstrumento=Cat("tipoInstrumento")),
        "serviciosProfesionales": grupo("servicios", tipoServicio=Str()),
    }
    if enajenacion:
        out["enajenacionBienes"] = grupo(
            "bienes", tipoBienEnajenado=Str(cat="tipoBienEnajenacionBienes")
        )
    out["otrosIngresos"] = grupo("ingresos", tipoIngreso=Str())
    return out


# ------------------------------------------------------------------------ sections
DATOS_GENERALES = Obj(
    nombre=Str(req=True),
    primerApellido=Str(req=True),
    segundoApellido=Str(),
    curp=Str(max_length=18),
    rfc=Obj(rfc=Str(max_length=10), homoClave=Str(max_length=3)),
    correoElectronico=Obj(institucional=Str(), personal=Str()),
    telefono=Obj(casa=Str(), celularPersonal=Str()),
    situacionPersonalEstadoCivil=Cat("situacionPersonalEstadoCivil", valor_enum=True),
    regimenMatrimonial=Cat("regimenMatrimonial"),
    paisNacimiento=PAIS,
    nacionalidad=PAIS,
    aclaracionesObservaciones=ACLARACIONES,
)

DOMICILIO_DECLARANTE = Obj(**DOMICILIOS, aclaracionesObservaciones=ACLARACIONES)

DATOS_CURRICULARES = Obj(
    escolaridad=Arr(
        Obj(
            tipoOperacion=OPERACION,
            nivel=Cat("nivel", valor_enum=True),
            institucionEducativa=Obj(nombre=Str(), ubicacion=Str(cat="extranjero")),
            carreraAreaConocimiento=Str(),
            estatus=Str(cat="estatus"),
            documentoObtenido=Str(cat="documentoObtenido"),
            fechaObtencion=Date(),
        ),
        req=True,
    ),
    aclaracionesObservaciones=ACLARACIONES,
)

_EMPLEO = dict(
    nivelOrdenGobierno=ORDEN,
    ambitoPublico=AMBITO,
    nombreEntePublico=Str(),
    areaAdscripcion=Str(),
    empleoCargoComision=Str(),
    contratadoPorHonorarios=Bool(),
    nivelEmpleoCargoComision=Str(),
    funcionPrincipal=Str(),
    fechaTomaPosesion=Str(),
    telefonoOficina=TELEFONO_OFICINA,
    **DOMICILIOS,
    aclaracionesObservaciones=ACLARACIONES,
)
DATOS_EMPLEO = Obj(
    tipoOperacion=OPERACION,
    **{
        **_EMPLEO,
        "nombreEntePublico": Str(req=True),
        "empleoCargoComision": Str(req=True),
    },
)
DATOS_EMPLEO_MODIFICACION = DATOS_EMPLEO.extend(
    cuentaConOtroCargoPublico=Bool(), otroEmpleoCargoComision=Arr(Obj(**_EMPLEO))
)

EXPERIENCIA_LABORAL = _lista(
    "experiencia",
    AnyOf(
        Obj(
            tipoOperacion=OPERACION,
            ambitoSector=Cat("ambitoSector"),
            nivelOrdenGobierno=ORDEN,
            ambitoPublico=AMBITO,
            nombreEntePublico=Str(),
            areaAdscripcion=Str(),
            empleoCargoComision=Str(),
            funcionPrincipal=Str(),
            fechaIngreso=Date(),
            fechaEgreso=Str(),
            ubicacion=Str(cat="extranjero"),
        ),
        Obj(
            tipoOperacion=OPERACION,
            ambitoSector=Cat("ambitoSector"),
            nombreEmpresaSociedadAsociacion=Str(),
            rfc=Str(),
            area=Str(),
            puesto=Str(),
            sector=Cat("sector"),
            fechaIngreso=Date(),
            fechaEgreso=Str(),
            ubicacion=Str(cat="extranjero"),
        ),
    ),
    ninguno=Bool(req=True),
)

_SECTOR_PUBLICO = Obj(
    nivelOrdenGobierno=ORDEN,
    ambitoPublico=AMBITO,
    nombreEntePublico=Str(),
    areaAdscripcion=Str(),
    empleoCargoComision=Str(),
    funcionPrincipal=Str(),
    salarioMensualNeto=MONTO,
    fechaIngreso=Date(),
)

DATOS_PAREJA = Obj(
    ninguno=NINGUNO,
    tipoOperacion=OPERACION,
    nombre=Str(),
    primerApellido=Str(),
    segundoApellido=Str(),
    fechaNacimiento=Str(),
    rfc=Str(),
    relacionConDeclarante=Str(cat="relacionConDeclarante"),
    ciudadanoExtranjero=Bool(),
    curp=Str(),
    esDependienteEconomico=Bool(),
    habitaDomicilioDeclarante=Bool(),
    lugarDondeReside=Str(cat="lugarDondeReside"),
    **DOMICILIOS,
    actividadLaboral=Cat("actividadLaboral"),
    actividadLaboralSectorPublico=_SECTOR_PUBLICO,
    actividadLaboralSectorPrivadoOtro=Obj(
        nombreEmpresaSociedadAsociacion=Str(),
        empleoCargoComision=Str(),
        rfc=Str(),
        fechaIngreso=Date(),
        sector=Cat("sector"),
        salarioMensualNeto=MONTO,
        proveedorContratistaGobierno=Bool(),
    ),
    aclaracionesObservaciones=ACLARACIONES,
)

DATOS_DEPENDIENTES = _lista(
    "dependienteEconomico",
    Obj(
        tipoOperacion=OPERACION,
        nombre=Str(),
        primerApellido=Str(),
        segundoApellido=Str(),
        fechaNacimiento=Date(),
        rfc=Str(),
        parentescoRelacion=Cat("parentescoRelacion"),
        extranjero=Bool(),
        curp=Str(),
        habitaDomicilioDeclarante=Bool(),
        lugarDondeReside=Str(cat="lugarDondeReside"),
        **DOMICILIOS,
        actividadLaboral=Cat("actividadLaboral"),
        actividadLaboralSectorPublico=_SECTOR_PUBLICO,
        actividadLaboralSectorPrivadoOtro=Obj(
            nombreEmpresaSociedadAsociacion=Str(),
            rfc=Str(),
            empleoCargo=Str(),
            fechaIngreso=Date(),
            salarioMensualNeto=MONTO,
            proveedorContratistaGobierno=Bool(),
            sector=Cat("sector"),
        ),
    ),
)

# Income field names per type: (cargo público, otros, declarante, pareja, total).
INGRESOS_NAMES = {
    INICIAL: (
        "remuneracionMensualCargoPublico",
        "otrosIngresosMensualesTotal",
        "ingresoMensualNetoDeclarante",
        "ingresoMensualNetoParejaDependiente",
        "totalIngresosMensualesNetos",
    ),
    MODIFICACION: (
        "remuneracionAnualCargoPublico",
        "otrosIngresosAnualesTotal",
        "ingresoAnualNetoDeclarante",
        "ingresoAnualNetoParejaDependiente",
        "totalIngresosAnualesNetos",
    ),
    CONCLUSION: (
        "remuneracionConclusionCargoPublico",
        "otrosIngresosConclusionTotal",
        "ingresoConclusionNetoDeclarante",
        "ingresoConclusionNetoParejaDependiente",
        "totalIngresosConclusionNetos",
    ),
}
ACTIVIDAD_ANUAL_NAMES = (
    "remuneracionNetaCargoPublico",
    "otrosIngresosTotal",
    "ingresoNetoAnualDeclarante",
    "ingresoNetoAnualParejaDependiente",
    "totalIngresosNetosAnuales",
)


def _ingresos(tipo: str) -> Obj:
    cargo, otros, declarante, pareja, total = INGRESOS_NAMES[tipo]
    return Obj(
        **{cargo: MONTO.required(), otros: MONTO},
        **_remuneraciones(enajenacion=tipo != INICIAL),
        **{declarante: MONTO.required(), pareja: MONTO, total: MONTO.required()},
        aclaracionesObservaciones=ACLARACIONES,
    )


_cargo, _otros, _declarante, _pareja, _total = ACTIVIDAD_ANUAL_NAMES
ACTIVIDAD_ANUAL_ANTERIOR = Obj(
    servidorPublicoAnioAnterior=Bool(req=True),
    fechaIngreso=Date(),
    fechaConclusion=Date(),
    **{_cargo: MONTO, _otros: MONTO},
    **_remuneraciones(enajenacion=True),
    **{_declarante: MONTO, _pareja: MONTO, _total: MONTO},
    aclaracionesObservaciones=ACLARACIONES,
)

_ADQUISICION = dict(
    formaAdquisicion=Cat("formaAdquisicion"),
    formaPago=Str(cat="formaPago"),
    valorAdquisicion=MONTO,
    fechaAdquisicion=Date(),
)

BIENES_INMUEBLES = _lista(
    "bienInmueble",
    Obj(
        tipoOperacion=OPERACION,
        tipoInmueble=Cat("tipoInmueble"),
        titular=TITULAR,
        porcentajePropiedad=Int(minimum=0, maximum=100),
        superficieTerreno=SUPERFICIE,
        superficieConstruccion=SUPERFICIE,
        tercero=TERCERO,
        transmisor=TRANSMISOR,
        **_ADQUISICION,
        datoIdentificacion=Str(),
        valorConformeA=Str(cat="valorConformeA"),
        **DOMICILIOS,
        motivoBaja=Cat("motivoBaja"),
    ),
)

LUGAR_REGISTRO = Obj(pais=PAIS, entidadFederativa=ENTIDAD)

VEHICULOS = _lista(
    "vehiculo",
    Obj(
        tipoOperacion=OPERACION,
        tipoVehiculo=Cat("tipoVehiculo"),
        titular=TITULAR,
        transmisor=TRANSMISOR,
        marca=Str(),
        modelo=Str(),
        anio=Int(),
        numeroSerieRegistro=Str(),
        tercero=TERCERO,
        lugarRegistro=LUGAR_REGISTRO,
        **_ADQUISICION,
        motivoBaja=Cat("motivoBaja"),
    ),
)

BIENES_MUEBLES = _lista(
    "bienMueble",
    Obj(
        tipoOperacion=OPERACION,
        titular=TITULAR,
        tipoBien=Cat("tipoBienBienesMuebles"),
        transmisor=TRANSMISOR,
        tercero=TERCERO,
        descripcionGeneralBien=Str(),
        **_ADQUISICION,
        motivoBaja=Cat("motivoBaja"),
    ),
)

# Balance field names per type (inversiones, adeudos).
SALDO_NAMES = {
    INICIAL: ("saldoSituacionActual", "saldoInsolutoSituacionActual"),
    MODIFICACION: ("saldoDiciembreAnterior", "saldoInsolutoDiciembreAnterior"),
    CONCLUSION: ("saldoFechaConclusion", "saldoInsolutoFechaConclusion"),
}
PORCENTAJE = Num(minimum=-100, maximum=100)


def _inversiones(tipo: str) -> Obj:
    saldo = {SALDO_NAMES[tipo][0]: MONTO}
    if tipo != INICIAL:
        saldo["porcentajeIncrementoDecremento"] = PORCENTAJE
    return _lista(
        "inversion",
        Obj(
            tipoOperacion=OPERACION,
            tipoInversion=Cat("tipoInversion", valor_enum=True),
            subTipoInversion=Cat("subTipoInversion", valor_enum=True),
            titular=TITULAR,
            tercero=TERCERO,
            numeroCuentaContrato=Str(),
            localizacionInversion=Obj(pais=PAIS, institucionRazonSocial=Str(), rfc=Str()),
            **saldo,
        ),
    )


def _adeudos(tipo: str) -> Obj:
    saldo = {SALDO_NAMES[tipo][1]: MONTO}
    if tipo != INICIAL:
        saldo["porcentajeIncrementoDecremento"] = PORCENTAJE
    return _lista(
        "adeudo",
        Obj(
            tipoOperacion=OPERACION,
            titular=TITULAR,
            tipoAdeudo=Cat("tipoAdeudo"),
            numeroCuentaContrato=Str(),
            fechaAdquisicion=Str(),
            montoOriginal=MONTO,
            **saldo,
            tercero=TERCERO,
            otorganteCredito=Obj(
                tipoPersona=Str(cat="tipoPersona"), nombreInstitucion=Str(), rfc=Str()
            ),
            localizacionAdeudo=Obj(pais=PAIS),
        ),
    )


PRESTAMO_COMODATO = _lista(
    "prestamo",
    Obj(
        tipoOperacion=OPERACION,
        tipoBien=Obj(
            inmueble=Obj(tipoInmueble=Cat("tipoInmueble"), **DOMICILIOS),
            vehiculo=Obj(
                tipo=Cat("tipoVehiculo"),
                marca=Str(),
                modelo=Str(),
                anio=Int(),
                numeroSerieRegistro=Str(),
                lugarRegistro=LUGAR_REGISTRO,
            ),
        ),
        duenoTitular=Obj(
            tipoDuenoTitular=Str(cat="tipoPersona"),
            nombreTitular=Str(),
            rfc=Str(),
            relacionConTitular=Str(),
        ),
    ),
)

RELACION = Str(cat="tipoRelacion")

PARTICIPACION = _lista(
    "participacion",
    Obj(
        tipoOperacion=OPERACION,
        tipoRelacion=RELACION,
        nombreEmpresaSociedadAsociacion=Str(),
        rfc=Str(),
        porcentajeParticipacion=Int(minimum=1, maximum=100),
        tipoParticipacion=Cat("tipoParticipacion"),
        recibeRemuneracion=Bool(),
        montoMensual=MONTO,
        ubicacion=UBICACION,
        sector=Cat("sector"),
    ),
)

PARTICIPACION_TOMA_DECISIONES = _lista(
    "participacion",
    Obj(
        tipoOperacion=OPERACION,
        tipoRelacion=RELACION,
        tipoInstitucion=Cat("tipoInstitucion"),
        nombreInstitucion=Str(),
        rfc=Str(min_length=12, max_length=13),
        puestoRol=Str(),
        fechaInicioParticipacion=Date(),
        recibeRemuneracion=Bool(),
        montoMensual=MONTO,
        ubicacion=UBICACION,
    ),
)

APOYOS = _lista(
    "apoyo",
    Obj(
        tipoOperacion=OPERACION,
        tipoPersona=Str(cat="tipoPersona"),
        beneficiarioPrograma=Cat("beneficiariosPrograma"),
        nombrePrograma=Str(),
        institucionOtorgante=Str(),
        nivelOrdenGobierno=ORDEN,
        tipoApoyo=Cat("tipoApoyo"),
        formaRecepcion=Str(cat="formaRecepcion"),
        montoApoyoMensual=MONTO,
        especifiqueApoyo=Str(),
    ),
)

REPRESENTACION = _lista(
    "representacion",
    Obj(
        tipoOperacion=OPERACION,
        tipoRelacion=RELACION,
        tipoRepresentacion=Str(cat="tipoRepresentacion"),
        fechaInicioRepresentacion=Date(),
        **PERSONA,
        recibeRemuneracion=Bool(),
        montoMensual=MONTO,
        ubicacion=UBICACION,
        sector=Cat("sector"),
    ),
)

CLIENTES_PRINCIPALES = _lista(
    "cliente",
    Obj(
        untyped=True,
        tipoOperacion=OPERACION,
        realizaActividadLucrativa=Bool(),
        tipoRelacion=RELACION,
        empresa=Obj(nombreEmpresaServicio=Str(), rfc=Str()),
        clientePrincipal=Obj(**PERSONA),
        sector=Cat("sector"),
        montoAproximadoGanancia=MONTO,
        ubicacion=UBICACION,
    ),
)

BENEFICIOS_PRIVADOS = _lista(
    "beneficio",
    Obj(
        tipoOperacion=OPERACION,
        tipoPersona=Str(cat="tipoPersona"),
        tipoBeneficio=Cat("tipoBeneficio"),
        beneficiario=Arr(Cat("beneficiariosPrograma")),
        otorgante=Obj(**PERSONA),
        formaRecepcion=Str(cat="formaRecepcion"),
        especifiqueBeneficio=Str(),
        montoMensualAproximado=MONTO,
        sector=Cat("sector"),
    ),
)

FIDEICOMISOS = _lista(
    "fideicomiso",
    Obj(
        tipoOperacion=OPERACION,
        tipoRelacion=RELACION,
        tipoFideicomiso=Str(cat="tipoFideicomiso"),
        tipoParticipacion=Str(cat="tipoParticipacionFideicomiso"),
        rfcFideicomiso=Str(),
        fideicomitente=Obj(**PERSONA),
        fiduciario=Obj(nombreRazonSocial=Str(), rfc=Str()),
        fideicomisario=Obj(**PERSONA),
        sector=Cat("sector"),
        extranjero=Str(cat="extranjero"),
    ),
)


# ----------------------------------------------------------------- section table
PATRIMONIAL, INTERES = "situacionPatrimonial", "interes"


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    number: str
    part: str  # PATRIMONIAL | INTERES
    repeatable: bool
    item_key: str | None
    allows_ninguno: bool
    simplified: bool  # also in the simplified format (norma decimosegunda)
    required_by_schema: bool
    tipo: str | None = None  # set on the sections ``sections(tipo, ...)`` returns

    @property
    def path(self) -> str:
        return f"declaracion.{self.part}.{self.key}"

    def node(self, tipo: str | None = None) -> Obj:
        return section_nodes(tipo or self.tipo or INICIAL)[self.key]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


def _s(key, title, number, part, item_key=None, ninguno=False, simplified=False, req=False):
    return Section(
        key=key,
        title=title,
        number=number,
        part=part,
        repeatable=item_key is not None,
        item_key=item_key,
        allows_ninguno=ninguno,
        simplified=simplified,
        required_by_schema=req,
    )


# In the order of norma decimoquinta.
ALL_SECTIONS: tuple[Section, ...] = (
    _s("datosGenerales", _("Datos generales"), "1", PATRIMONIAL, simplified=True, req=True),
    _s("domicilioDeclarante", _("Domicilio del declarante"), "2", PATRIMONIAL, simplified=True),
    _s(
        "datosCurricularesDeclarante",
        _("Datos curriculares del declarante"),
        "3",
        PATRIMONIAL,
        item_key="escolaridad",
        simplified=True,
        req=True,
    ),
    _s(
        "datosEmpleoCargoComision",
        _("Datos del empleo, cargo o comisión"),
        "4",
        PATRIMONIAL,
        simplified=True,
        req=True,
    ),
    _s(
        "experienciaLaboral",
        _("Experiencia laboral"),
        "5",
        PATRIMONIAL,
        item_key="experiencia",
        ninguno=True,
        simplified=True,
        req=True,
    ),
    _s("datosPareja", _("Datos de la pareja"), "6", PATRIMONIAL, ninguno=True),
    _s(
        "datosDependienteEconomico",
        _("Datos del dependiente económico"),
        "7",
        PATRIMONIAL,
        item_key="dependienteEconomico",
        ninguno=True,
    ),
    _s(
        "ingresos",
        _("Ingresos netos del declarante, pareja y/o dependientes económicos"),
        "8",
        PATRIMONIAL,
        simplified=True,
        req=True,
    ),
    _s(
        "actividadAnualAnterior",
        _("¿Te desempeñaste como servidor público el año inmediato anterior?"),
        "9",
        PATRIMONIAL,
        simplified=True,
        req=True,
    ),
    _s("bienesInmuebles", _("Bienes inmuebles"), "10", PATRIMONIAL, "bienInmueble", True),
    _s("vehiculos", _("Vehículos"), "11", PATRIMONIAL, "vehiculo", True),
    _s("bienesMuebles", _("Bienes muebles"), "12", PATRIMONIAL, "bienMueble", True),
    _s(
        "inversiones",
        _("Inversiones, cuentas bancarias y otro tipo de valores/activos"),
        "13",
        PATRIMONIAL,
        "inversion",
        True,
    ),
    _s("adeudos", _("Adeudos/pasivos"), "14", PATRIMONIAL, "adeudo", True),
    _s(
        "prestamoOComodato",
        _("Préstamo o comodato por terceros"),
        "15",
        PATRIMONIAL,
        "prestamo",
        True,
    ),
    _s(
        "participacion",
        _("Participación en empresas, sociedades o asociaciones"),
        "1",
        INTERES,
        "participacion",
        True,
    ),
    _s(
        "participacionTomaDecisiones",
        _("¿Participa en la toma de decisiones de alguna de estas instituciones?"),
        "2",
        INTERES,
        "participacion",
        True,
    ),
    _s("apoyos", _("Apoyos o beneficios públicos"), "3", INTERES, "apoyo", True),
    _s("representacion", _("Representación"), "4", INTERES, "representacion", True),
    _s("clientesPrincipales", _("Clientes principales"), "5", INTERES, "cliente", True),
    _s("beneficiosPrivados", _("Beneficios privados"), "6", INTERES, "beneficio", True),
    _s("fideicomisos", _("Fideicomisos"), "7", INTERES, "fideicomiso", True),
)
SECTIONS_BY_KEY = {s.key: s for s in ALL_SECTIONS}


@cache
def section_nodes(tipo: str) -> dict[str, Obj]:
    if tipo not in TIPOS:
        raise ValueError(f"unknown tipo {tipo!r}")
    nodes = {
        "datosGenerales": DATOS_GENERALES.required(),
        "domicilioDeclarante": DOMICILIO_DECLARANTE,
        "datosCurricularesDeclarante": DATOS_CURRICULARES.required(),
        "datosEmpleoCargoComision": (
            DATOS_EMPLEO_MODIFICACION if tipo == MODIFICACION else DATOS_EMPLEO
        ).required(),
        "experienciaLaboral": EXPERIENCIA_LABORAL.required(),
        "datosPareja": DATOS_PAREJA,
        "datosDependienteEconomico": DATOS_DEPENDIENTES,
        "ingresos": _ingresos(tipo).required(),
        "actividadAnualAnterior": ACTIVIDAD_ANUAL_ANTERIOR.required(),
        "bienesInmuebles": BIENES_INMUEBLES,
        "vehiculos": VEHICULOS,
        "bienesMuebles": BIENES_MUEBLES,
        "inversiones": _inversiones(tipo),
        "adeudos": _adeudos(tipo),
        "prestamoOComodato": PRESTAMO_COMODATO,
        "participacion": PARTICIPACION,
        "participacionTomaDecisiones": PARTICIPACION_TOMA_DECISIONES,
        "apoyos": APOYOS,
        "representacion": REPRESENTACION,
        "clientesPrincipales": CLIENTES_PRINCIPALES,
        "beneficiosPrivados": BENEFICIOS_PRIVADOS,
        "fideicomisos": FIDEICOMISOS,
    }
    if tipo == MODIFICACION:
        del nodes["actividadAnualAnterior"]
    return nodes


def sections(tipo: str, complete: bool) -> list[Section]:
    """The sections of a declaration of ``tipo``, in the format's order. The
    simplified format (norma decimosegunda) has only the first patrimonial rubros."""
    return list(_sections(tipo, bool(complete)))


@cache
def _sections(tipo: str, complete: bool) -> tuple[Section, ...]:
    available = section_nodes(tipo)
    return tuple(
        replace(s, tipo=tipo)
        for s in ALL_SECTIONS
        if s.key in available and (complete or s.simplified)
    )


def section(key: str, tipo: str | None = None) -> Section:
    try:
        found = SECTIONS_BY_KEY[key]
    except KeyError:
        raise KeyError(f"unknown S1 section {key!r}") from None
    return replace(found, tipo=tipo) if tipo else found


@cache
def document_node(tipo: str) -> Obj:
    """The whole S1 document ``{"id", "metadata", "declaracion"}`` of ``tipo``."""
    nodes = section_nodes(tipo)
    from .nodes import DateTime

    patrimonial = Obj(
        **{s.key: nodes[s.key] for s in ALL_SECTIONS if s.part == PATRIMONIAL and s.key in nodes}
    )
    interes = Obj(**{s.key: nodes[s.key] for s in ALL_SECTIONS if s.part == INTERES})
    return Obj(
        id=Str(req=True),
        metadata=Obj(
            req=True,
            actualizacion=DateTime(req=True),
            institucion=Str(req=True),
            tipo=Str(enum=TIPOS, req=True),
            declaracionCompleta=Bool(req=True),
            actualizacionConflictoInteres=Bool(req=True, default=False),
        ),
        declaracion=Obj(req=True, situacionPatrimonial=patrimonial.required(), interes=interes),
    )
