"""Our own copy of the PDN catalogues (claves and valores) used by S2 and S3.

Written from the official catalogues in ``pdn/catalogos`` (the tests prove each one
equal to its official file); the platform never reads those files at run time.
"""

# --- S2: servidores públicos que intervienen en contrataciones ----------------------

GENERO = (
    ("F", "FEMENINO"),
    ("M", "MASCULINO"),
    ("O", "OTRO"),
)

S2_NIVEL_RESPONSABILIDAD = (
    ("A", "ATENCIÓN"),
    ("T", "TRAMITACIÓN"),
    ("R", "RESOLUCIÓN"),
    ("O", "OTRO"),
)

S2_TIPO_AREA = (
    ("T", "TÉCNICA"),
    ("RE", "RESPONSABLE DE LA EJECUCIÓN DE LOS TRABAJOS"),
    ("RC", "RESPONSABLE DE LA CONTRATACIÓN"),
    ("O", "OTRA"),
    ("C", "CONTRATANTE"),
    ("R", "REQUIRENTE"),
)

S2_TIPO_PROCEDIMIENTO = (
    (1, "CONTRATACIONES PÚBLICAS"),
    (2, "CONCESIONES, LICENCIAS, PERMISOS, AUTORIZACIONES Y PRÓRROGAS"),
    (3, "ENAJENACIÓN DE BIENES MUEBLES"),
    (4, "ASIGNACIÓN Y EMISIÓN DE DICTÁMENES DE AVALÚOS NACIONALES"),
    (5, "OTRO"),
)

# --- S3: servidores públicos sancionados ---------------------------------------------

S3S_TIPO_FALTA = (
    ("NAD", "NEGLIGENCIA ADMINISTRATIVA"),
    ("VPC", "VIOLACION PROCEDIMIENTOS DE CONTRATACION"),
    ("VLNP", "VIOLACION LEYES Y NORMATIVIDAD PRESUPUESTAL"),
    ("AUT", "ABUSO DE AUTORIDAD"),
    ("CEX", "COHECHO O EXTORSION"),
    ("IDSP", "INCUMPLIMIENTO EN DECLARACION DE SITUACION PATRIMONIAL"),
    ("DCSP", "DELITO COMETIDO POR SERVIDORES PUBLICOS"),
    ("EIFM", "EJERCICIO INDEBIDO DE SUS FUNCIONES EN MATERIA MIGRATORIA"),
    ("VDH", "VIOLACIÓN A LOS DERECHOS HUMANOS"),
    ("AG", "ADMINISTRATIVA GRAVE"),
    ("ANG", "ADMINISTRATIVA NO GRAVE"),
    ("AC", "ACTO DE CORRUPCIÓN"),
    ("OTRO", "OTRO"),
    ("HSEX", "COMETER O TOLERAR CONDUCTAS DE HOSTIGAMIENTO SEXUAL"),
    ("ASEX", "COMETER O TOLERAR CONDUCTAS DE ACOSO SEXUAL"),
    ("PEC", "PECULADO"),
    ("DRP", "DESVÍO DE RECURSOS PÚBLICOS"),
    ("UII", "UTILIZACIÓN INDEBIDA DE INFORMACIÓN"),
    ("AFN", "ABUSO DE FUNCIONES"),
    ("ABCI", "ACTUACIÓN BAJO CONFLICTO DE INTERÉS"),
    ("CIND", "CONTRATACIÓN INDEBIDA"),
    ("EOCI", "ENRIQUECIMIENTO OCULTO U OCULTAMIENTO DE CONFLICTO DE INTERÉS"),
    ("TINF", "TRÁFICO DE INFLUENCIAS"),
    ("ENCB", "ENCUBRIMIENTO"),
    ("DSCT", "DESACATO"),
    ("OJUST", "OBSTRUCCIÓN DE LA JUSTICIA"),
)

S3S_TIPO_SANCION = (
    ("I", "INHABILITADO"),
    ("M", "MULTADO"),
    ("S", "SUSPENSIÓN DEL EMPLEO, CARGO O COMISIÓN"),
    ("D", "DESTITUCIÓN DEL EMPLEO, CARGO O COMISIÓN"),
    ("IRSC", "INDEMNIZACIÓN RESARCITORIA"),
    ("SE", "SANCIÓN ECONÓMICA"),
    ("O", "OTRO"),
)

# --- S3: particulares sancionados -----------------------------------------------------

S3P_TIPO_SANCION = (
    ("I", "INHABILITADO"),
    ("M", "MULTADO"),
    ("S", "SUSPENSIÓN DE ACTIVIDADES"),
    ("D", "DISOLUCIÓN DE LA SOCIEDAD"),
    ("A", "AMONESTACIÓN"),
    ("O", "OTRO"),
    (
        "IND",
        "INDEMNIZACIÓN POR LOS DAÑOS Y PERJUICIOS OCASIONADOS A LA HACIENDA PÚBLICA FEDERAL, "
        "LOCAL O MUNICIPAL, O AL PATRIMONIO DE LOS ENTES PÚBLICOS.",
    ),
    ("SE", "SANCIÓN ECONÓMICA"),
)

S3P_TIPO_PERSONA = ("F", "M")

# Document types of S3 (servants and particulars alike).
S3_TIPO_DOCUMENTO = (
    "RESOLUCION",
    "CONSTANCIA_SANCION",
    "CONSTANCIA_INHABILITACION",
    "CONSTANCIA_ABSTENCION",
)

# --- S6: OCDS codelists the PDN query filters on ---------------------------------------

OCDS_PROCUREMENT_METHOD = ("open", "selective", "limited", "direct")
OCDS_AWARD_STATUS = ("pending", "active", "cancelled", "unsuccessful")
OCDS_INITIATION_TYPE = ("tender",)
OCDS_RELEASE_TAG = (
    "planning",
    "planningUpdate",
    "tender",
    "tenderAmendment",
    "tenderUpdate",
    "tenderCancellation",
    "award",
    "awardUpdate",
    "awardCancellation",
    "contract",
    "contractUpdate",
    "contractAmendment",
    "implementation",
    "implementationUpdate",
    "contractTermination",
    "compiled",
)
OCDS_TENDER_STATUS = (
    "planning",
    "planned",
    "active",
    "cancelled",
    "unsuccessful",
    "complete",
    "withdrawn",
)
OCDS_CONTRACT_STATUS = ("pending", "active", "cancelled", "terminated")


def claves(catalog) -> list:
    return [entry[0] if isinstance(entry, tuple) else entry for entry in catalog]


def valores(catalog) -> dict:
    return {entry[0]: entry[1] for entry in catalog}
