"""Reference data shipped with the app (loaded by data migrations): the secretariat's
areas, the baseline legal rules for Chiapas, the fractions of art. 85 of the Chiapas
transparency law, and the privacy notices and impact assessment the unit started with.

Plain constants, so a migration can use them without importing models.
"""

import datetime as dt

# (name, acronym) — the organisational structure of the SESAECH.
AREAS = (
    ("Secretaría Técnica", "ST"),
    ("Comisaría", "COM"),
    ("Unidad de Apoyo Administrativo", "UAA"),
    ("Unidad de Transparencia", "UT"),
    ("Coordinación de Archivo", "CA"),
    ("Dirección de Vinculación y Políticas Públicas", "DVPP"),
    ("Dirección de Sistemas Electrónicos y Plataforma Digital", "DSEPD"),
    ("Dirección Jurídica", "DJ"),
)

# The rules in force for Chiapas at the time of the seed report (2021).
BASELINE_RULE_SET = {
    "name": "Línea base Chiapas: LTAIPECH y LPDPPSOECH",
    "effective_from": dt.date(2017, 1, 1),
    "legal_basis": (
        "Ley de Transparencia y Acceso a la Información Pública del Estado de Chiapas "
        "(procedimiento de acceso: respuesta en 20 días hábiles, una ampliación de 10 "
        "aprobada por el Comité de Transparencia y notificada antes del vencimiento; "
        "prevención dentro de 5 días, desahogo en 10; incompetencia en 3 días; recurso de "
        "revisión en 15 días hábiles) y Ley de Protección de Datos Personales en Posesión "
        "de Sujetos Obligados del Estado de Chiapas (derechos ARCO: 20 + 10 días y 15 "
        "para hacerlos efectivos)."
    ),
    "notes": (
        "Parámetros por defecto. Cuando una reforma cambie los plazos, registre un nuevo "
        "conjunto de reglas con su fecha de entrada en vigor; las solicitudes se juzgan "
        "con las reglas vigentes el día en que se recibieron."
    ),
    "day_kind": "business",
    "answer_days": 20,
    "extension_days": 10,
    "max_extensions": 1,
    "extension_approver": "committee",
    "extension_notice_before_deadline": True,
    "clarification_request_days": 5,
    "clarification_response_days": 10,
    "clarification_effect": "pause",
    "incompetence_notice_days": 3,
    "arco_answer_days": 20,
    "arco_extension_days": 10,
    "arco_effective_days": 15,
    "appeal_days": 15,
    "obligations_update_days": 30,
}

# Art. 85 of the Chiapas law: the common obligations (same catalogue as art. 70 of the
# general law). (fraction, title, update period, responsible area acronym)
Q, S, A, C = "quarterly", "semiannual", "annual", "on_change"
ARTICLE_85 = (
    ("I", "Marco normativo aplicable", Q, "DJ"),
    ("II", "Estructura orgánica", Q, "UAA"),
    ("III", "Facultades de cada área", Q, "DJ"),
    ("IV", "Metas y objetivos de las áreas", A, "ST"),
    ("V", "Indicadores de interés público", Q, "ST"),
    ("VI", "Indicadores de resultados", Q, "ST"),
    ("VII", "Directorio de servidores públicos", Q, "UAA"),
    ("VIII", "Remuneración bruta y neta", Q, "UAA"),
    ("IX", "Gastos de representación y viáticos", Q, "UAA"),
    ("X", "Plazas vacantes y ocupadas", Q, "UAA"),
    ("XI", "Contrataciones de servicios profesionales por honorarios", Q, "UAA"),
    ("XII", "Declaraciones patrimoniales de servidores públicos", Q, "UAA"),
    ("XIII", "Domicilio de la Unidad de Transparencia", Q, "UT"),
    ("XIV", "Convocatorias a concursos para ocupar cargos públicos", Q, "UAA"),
    ("XV", "Programas de subsidios, estímulos y apoyos", Q, "UAA"),
    ("XVI", "Condiciones generales de trabajo y sindicatos", Q, "UAA"),
    ("XVII", "Información curricular de servidores públicos", Q, "UAA"),
    ("XVIII", "Servidores públicos con sanciones administrativas definitivas", Q, "COM"),
    ("XIX", "Servicios que ofrece", Q, "UT"),
    ("XX", "Trámites, requisitos y formatos", Q, "UT"),
    ("XXI", "Presupuesto asignado y ejercicio", Q, "UAA"),
    ("XXII", "Deuda pública", Q, "UAA"),
    ("XXIII", "Gastos de comunicación social y publicidad", Q, "UAA"),
    ("XXIV", "Resultados de auditorías", Q, "UAA"),
    ("XXV", "Dictaminación de estados financieros", A, "UAA"),
    ("XXVI", "Recursos públicos entregados a personas físicas o morales", Q, "UAA"),
    ("XXVII", "Concesiones, contratos, convenios, permisos, licencias y autorizaciones", Q, "DJ"),
    ("XXVIII", "Procedimientos de adjudicación directa, invitación y licitación", Q, "UAA"),
    ("XXIX", "Informes que por disposición legal genere", Q, "ST"),
    ("XXX", "Estadísticas que genere", Q, "ST"),
    ("XXXI", "Informe de avances programáticos o presupuestales", Q, "UAA"),
    ("XXXII", "Padrón de proveedores y contratistas", Q, "UAA"),
    ("XXXIII", "Convenios de coordinación y concertación", Q, "DJ"),
    ("XXXIV", "Inventario de bienes muebles e inmuebles", S, "UAA"),
    ("XXXV", "Recomendaciones de órganos de derechos humanos", Q, "DJ"),
    ("XXXVI", "Resoluciones y laudos en procesos en forma de juicio", Q, "DJ"),
    ("XXXVII", "Mecanismos de participación ciudadana", Q, "DVPP"),
    ("XXXVIII", "Programas que ofrece", Q, "DVPP"),
    ("XXXIX", "Actas y resoluciones del Comité de Transparencia", S, "UT"),
    ("XL", "Evaluaciones y encuestas a programas financiados con recursos públicos", A, "DVPP"),
    ("XLI", "Estudios financiados con recursos públicos", Q, "DVPP"),
    ("XLII", "Jubilados y pensionados", Q, "UAA"),
    ("XLIII", "Ingresos recibidos", Q, "UAA"),
    ("XLIV", "Donaciones en dinero o en especie", S, "UAA"),
    ("XLV", "Catálogo de disposición y guía de archivo documental", A, "CA"),
    ("XLVI", "Actas de sesiones de consejos consultivos", Q, "DJ"),
    ("XLVII", "Solicitudes de intervención de comunicaciones", S, "DJ"),
    ("XLVIII", "Información de interés público y preguntas frecuentes", Q, "UT"),
)

# The registry of personal data the seed report names (2021 Q2).
PRIVACY_NOTICES = (
    {
        "title": "Aviso de privacidad de la aplicación DeclaraFácil PI Portable",
        "system_or_activity": "Aplicación DeclaraFácil PI Portable (declaraciones municipales)",
        "area": "DSEPD",
    },
    {
        "title": (
            "Aviso de privacidad para el registro de los participantes en la videoconferencia "
            "Mecanismo para la Recepción de las Declaraciones Patrimoniales y de Intereses "
            "Municipales"
        ),
        "system_or_activity": "Registro de participantes en videoconferencia",
        "area": "DSEPD",
    },
)
IMPACT_ASSESSMENTS = (
    {
        "title": (
            "Evaluación de impacto en la protección de datos personales del Sistema de "
            "evolución patrimonial, de declaración de intereses y constancia de presentación "
            "de declaración fiscal (S1) del Sistema Electrónico Estatal de Chiapas"
        ),
        "system": "S1 del Sistema Electrónico Estatal de Chiapas",
        "area": "DSEPD",
        "status": "submitted",
    },
)
