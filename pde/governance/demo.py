"""Demo data: the secretariat's collegiate bodies with the 2021 sessions and agreements its
2021 Q2 report names (Comité Coordinador 001-003/CC/SAECH/2021, Órgano de Gobierno
005-006/OG/SESAECH/2021, ...), and its convenios. Member names are invented.

Idempotent: a body that already has sessions is left as it is."""

import datetime as dt

from django.db import transaction

from pde.core.models import PublicEntity

from . import services
from .models import Body, Convenio, Member, Session

D = dt.date

# (acronym, name, suffix, legal basis, ordinary sessions per year)
BODIES = (
    (
        "CC",
        "Comité Coordinador del Sistema Anticorrupción del Estado de Chiapas",
        "SAECH",
        "Artículos 8 a 13 de la Ley del Sistema Anticorrupción del Estado de Chiapas.",
        4,
    ),
    (
        "OG",
        "Órgano de Gobierno de la Secretaría Ejecutiva del Sistema Anticorrupción del Estado de "
        "Chiapas",
        "SESAECH",
        "Artículos 27 a 29 de la Ley del Sistema Anticorrupción del Estado de Chiapas.",
        4,
    ),
    (
        "CE",
        "Comisión Ejecutiva de la Secretaría Ejecutiva del Sistema Anticorrupción del Estado de "
        "Chiapas",
        "SESAECH",
        "Artículos 30 a 32 de la Ley del Sistema Anticorrupción del Estado de Chiapas.",
        4,
    ),
    (
        "CT",
        "Comité de Transparencia de la Secretaría Ejecutiva",
        "SESAECH",
        "Artículos 43 y 44 de la Ley General de Transparencia y Acceso a la Información Pública "
        "y 66 de la Ley de Transparencia y Acceso a la Información Pública del Estado de Chiapas.",
        4,
    ),
    (
        "GIA",
        "Grupo Interdisciplinario del Sistema Institucional de Archivos de la Secretaría Ejecutiva",
        "SESAECH",
        "Artículo 50 de la Ley General de Archivos.",
        2,
    ),
)

# acronym -> (full name, position, role, ente acronym or "")
MEMBERS = {
    "CC": (
        (
            "Mariana Díaz Coello",
            "Presidenta del Comité de Participación Ciudadana",
            "president",
            "",
        ),
        ("Roberto Lara Espinosa", "Auditor Superior del Estado", "member", "ASE"),
        ("Silvia Torres Nájera", "Fiscal Anticorrupción", "member", "FGE"),
        ("Jaime Cruz Ocaña", "Secretario de la Honestidad y Función Pública", "member", "SHyFP"),
        ("Patricia Gallegos Ruiz", "Consejera de la Judicatura", "member", "CJ"),
        ("Andrés Zenteno Bravo", "Comisionado Presidente del ITAIPCH", "member", "ITAIPCH"),
        (
            "Lucía Morales Pineda",
            "Magistrada del Tribunal de Justicia Administrativa",
            "member",
            "",
        ),
        ("Héctor Ruiz Grajales", "Secretario Técnico", "technical_secretary", "SESAECH"),
    ),
    "OG": (
        ("Mariana Díaz Coello", "Presidenta del Comité Coordinador", "president", ""),
        ("Roberto Lara Espinosa", "Auditor Superior del Estado", "member", "ASE"),
        ("Silvia Torres Nájera", "Fiscal Anticorrupción", "member", "FGE"),
        ("Jaime Cruz Ocaña", "Secretario de la Honestidad y Función Pública", "member", "SHyFP"),
        ("Patricia Gallegos Ruiz", "Consejera de la Judicatura", "member", "CJ"),
        ("Héctor Ruiz Grajales", "Secretario Técnico", "technical_secretary", "SESAECH"),
        ("Tomás Aguilar Vera", "Comisario Público", "guest", ""),
    ),
    "CE": (
        ("Héctor Ruiz Grajales", "Secretario Técnico", "president", "SESAECH"),
        (
            "Claudia Velasco Serrano",
            "Integrante del Comité de Participación Ciudadana",
            "member",
            "",
        ),
        (
            "Fernando Solís Albores",
            "Integrante del Comité de Participación Ciudadana",
            "member",
            "",
        ),
        ("Gabriela Pérez Toledo", "Integrante del Comité de Participación Ciudadana", "member", ""),
        ("Ramiro Castro Utrilla", "Integrante del Comité de Participación Ciudadana", "member", ""),
        ("Irene Mendoza Farrera", "Directora Jurídica", "technical_secretary", "SESAECH"),
    ),
    "CT": (
        ("Julia Hernández Moguel", "Titular de la Unidad de Apoyo Administrativo", "president", ""),
        (
            "Sofía Ramírez Aguilar",
            "Titular de la Unidad de Transparencia",
            "technical_secretary",
            "",
        ),
        ("Óscar Nucamendi Ríos", "Titular del Órgano Interno de Control", "member", ""),
        ("Pedro Vázquez Gordillo", "Coordinador de Archivo", "member", ""),
    ),
    "GIA": (
        ("Pedro Vázquez Gordillo", "Coordinador de Archivo", "president", ""),
        ("Irene Mendoza Farrera", "Directora Jurídica", "member", ""),
        ("Sofía Ramírez Aguilar", "Titular de la Unidad de Transparencia", "member", ""),
        ("Julia Hernández Moguel", "Titular de la Unidad de Apoyo Administrativo", "member", ""),
        ("Elena Santiz Gómez", "Directora de Vinculación y Políticas Públicas", "member", ""),
    ),
}

# acronym -> sessions in the order they happened:
# (kind, date, held, [(agenda item, agreement text or None)])
SESSIONS = {
    "CC": (
        (
            "extraordinary",
            D(2021, 4, 9),
            True,
            [
                ("Lista de asistencia y declaración de quórum", None),
                (
                    "Instalación del Comité Coordinador para el periodo 2021-2022",
                    "Se declara instalado el Comité Coordinador para el periodo 2021-2022.",
                ),
                (
                    "Proyecto de convenios de colaboración con los entes generadores de "
                    "información del artículo 47 de la Ley",
                    "Se autoriza a la Presidenta suscribir los convenios de colaboración con los "
                    "entes que resguardan información de los Sistemas Electrónicos.",
                ),
            ],
        ),
        (
            "ordinary",
            D(2021, 4, 30),
            True,
            [
                ("Lista de asistencia y declaración de quórum", None),
                (
                    "Calendario de sesiones ordinarias 2021",
                    "Se aprueba el calendario de sesiones ordinarias 2021 del Comité Coordinador.",
                ),
            ],
        ),
        ("ordinary", D(2021, 7, 30), False, []),
        ("ordinary", D(2021, 10, 29), False, []),
        ("ordinary", D(2021, 12, 10), False, []),
    ),
    "OG": (
        (
            "ordinary",
            D(2021, 2, 4),
            True,
            [
                ("Lista de asistencia y declaración de quórum", None),
                (
                    "Programa Anual de Trabajo 2021 de la Secretaría Ejecutiva",
                    "Se aprueba el Programa Anual de Trabajo 2021 de la Secretaría Ejecutiva.",
                ),
                (
                    "Presupuesto de egresos 2021",
                    "Se aprueba el presupuesto de egresos 2021 de la Secretaría Ejecutiva.",
                ),
                (
                    "Calendario de sesiones ordinarias 2021",
                    "Se aprueba el calendario de sesiones ordinarias 2021 del Órgano de Gobierno.",
                ),
                (
                    "Informe del cuarto trimestre de 2020",
                    "Se tiene por presentado el informe de desempeño del cuarto trimestre de 2020.",
                ),
            ],
        ),
        (
            "ordinary",
            D(2021, 4, 30),
            True,
            [
                ("Lista de asistencia y declaración de quórum", None),
                (
                    "Primer Informe Trimestral del Desempeño 2021",
                    "Se tiene por presentado el Primer Informe Trimestral del Desempeño de las "
                    "Actividades de la Secretaría Ejecutiva, ejercicio 2021.",
                ),
                (
                    "Estados financieros al primer trimestre de 2021",
                    "Se aprueban los estados financieros al 31 de marzo de 2021.",
                ),
            ],
        ),
        ("ordinary", D(2021, 7, 29), False, []),
        ("ordinary", D(2021, 10, 28), False, []),
    ),
    "CE": (
        (
            "ordinary",
            D(2021, 2, 18),
            True,
            [
                (
                    "Programa de trabajo de la Comisión Ejecutiva 2021",
                    "Se aprueba el programa de trabajo 2021 de la Comisión Ejecutiva.",
                )
            ],
        ),
        (
            "extraordinary",
            D(2021, 3, 25),
            True,
            [
                (
                    "Metodología del diagnóstico de la Política Estatal Anticorrupción",
                    "Se aprueba la metodología para el diagnóstico de la Política Estatal "
                    "Anticorrupción.",
                )
            ],
        ),
        (
            "ordinary",
            D(2021, 5, 19),
            True,
            [
                (
                    "Encuesta anticorrupción en español, tseltal y tsotsil",
                    "Se aprueba aplicar la encuesta anticorrupción de manera presencial en "
                    "comunidades indígenas, en coordinación con la UNICH.",
                )
            ],
        ),
        (
            "extraordinary",
            D(2021, 5, 26),
            True,
            [
                (
                    "Conversatorios regionales",
                    "Se aprueba realizar siete conversatorios regionales.",
                )
            ],
        ),
        (
            "extraordinary",
            D(2021, 6, 15),
            True,
            [("Avance del diagnóstico de la Política Estatal Anticorrupción", None)],
        ),
        ("ordinary", D(2021, 8, 18), False, []),
        ("ordinary", D(2021, 11, 17), False, []),
    ),
    "CT": (
        (
            "ordinary",
            D(2021, 4, 15),
            True,
            [
                (
                    "Actualización de la tabla de aplicabilidad de las obligaciones de "
                    "transparencia",
                    "Se aprueba la actualización de la tabla de aplicabilidad de las "
                    "obligaciones de transparencia de la SESAECH.",
                )
            ],
        ),
        (
            "extraordinary",
            D(2021, 5, 20),
            True,
            [
                (
                    "Ampliación del plazo de respuesta de una solicitud de información",
                    "Se confirma la ampliación del plazo de respuesta propuesta por el área.",
                )
            ],
        ),
    ),
    "GIA": (
        ("ordinary", D(2021, 2, 25), True, [("Instalación del Grupo Interdisciplinario", None)]),
        (
            "ordinary",
            D(2021, 6, 24),
            True,
            [
                (
                    "Actualización del Catálogo de Disposición Documental",
                    "Se valida la actualización del Catálogo de Disposición Documental.",
                )
            ],
        ),
    ),
}

# (counterpart acronym, title, systems, status, signed date, start, end)
CONVENIOS = (
    (
        "C3",
        "Convenio de colaboración con el Centro Estatal de Control de Confianza Certificado",
        "S1,S3",
        "in_force",
        D(2021, 5, 12),
        D(2021, 5, 12),
        None,
    ),
    (
        "OM",
        "Convenio de colaboración con la Oficialía Mayor del Estado",
        "S2,S6",
        "in_force",
        D(2021, 6, 3),
        D(2021, 6, 3),
        None,
    ),
    (
        "SHyFP",
        "Convenio de colaboración para el uso del Sistema DeclaraChiapas",
        "S1",
        "expired",
        D(2021, 4, 20),
        D(2021, 4, 20),
        D(2024, 12, 31),
    ),
    (
        "SH",
        "Convenio de colaboración con la Secretaría de Hacienda",
        "S2,S6",
        "in_review",
        None,
        None,
        None,
    ),
    (
        "UNICACH",
        "Convenio de colaboración con la Universidad de Ciencias y Artes de Chiapas",
        "S2,S6",
        "in_review",
        None,
        None,
        None,
    ),
    (
        "IEPC",
        "Convenio de colaboración con el Instituto de Elecciones y Participación Ciudadana",
        "S2,S6",
        "in_review",
        None,
        None,
        None,
    ),
    (
        "SOP",
        "Convenio de colaboración con la Secretaría de Obras Públicas",
        "S2,S6",
        "draft",
        None,
        None,
        None,
    ),
    ("INIFECH", "Convenio de colaboración con el INIFECH", "S2,S6", "draft", None, None, None),
    (
        "CCIH",
        "Convenio de colaboración con la Comisión de Caminos e Infraestructura Hidráulica",
        "S2,S6",
        "draft",
        None,
        None,
        None,
    ),
)


def _entity(acronym: str) -> PublicEntity | None:
    if not acronym:
        return None
    return PublicEntity.objects.filter(acronym=acronym, parent=None).first()


def _hold(body: Body, kind: str, date: dt.date, held: bool, agenda) -> None:
    session = services.plan_session(
        body, kind=kind, date=date, place="Sala de juntas de la SESAECH"
    )
    if not held:
        return
    for title, agreement_text in agenda:
        services.add_agenda_item(session, title=title, requires_vote=agreement_text is not None)
    services.convene_session(session, convened_on=date - dt.timedelta(days=14))
    members = [m for m in body.members.all() if m.active_on(date)]
    services.record_attendance(session, [m.pk for m in members])
    for item in session.agenda_items.all():
        if not item.requires_vote:
            continue
        services.record_votes(item, {m.pk: "for" for m in members if m.has_vote})
        agenda_text = dict(agenda)[item.title]
        agreement = services.adopt_agreement(
            session,
            text=agenda_text,
            agenda_item=item,
            responsible="Secretaría Técnica",
            due_date=date + dt.timedelta(days=60),
        )
        services.set_published(agreement, True)
    services.close_session(session)


@transaction.atomic
def load_demo() -> list[str]:
    """Create the demo bodies, sessions, agreements and convenios; returns body acronyms."""
    created = []
    for acronym, name, suffix, basis, per_year in BODIES:
        body, _new = Body.objects.get_or_create(
            acronym=acronym,
            defaults={
                "name": name,
                "number_suffix": suffix,
                "legal_basis": basis,
                "ordinary_sessions_per_year": per_year,
                "entity": _entity("SESAECH"),
            },
        )
        if body.sessions.exists():
            continue
        if not body.members.exists():
            for full_name, position, role, entity in MEMBERS[acronym]:
                services.save_member(
                    Member(
                        body=body,
                        full_name=full_name,
                        position=position,
                        role=role,
                        entity=_entity(entity),
                        start_date=D(2021, 1, 1),
                    )
                )
        for kind, date, held, agenda in SESSIONS[acronym]:
            _hold(body, kind, date, held, agenda)
        created.append(acronym)
    # One agreement still open and overdue, so the overdue list has something to show.
    og_first = Session.objects.filter(body__acronym="OG", year=2021, number=1, kind="ordinary")
    agreement = og_first.first().agreements.order_by("sequence").last() if og_first else None
    if agreement and agreement.status == "pending" and not agreement.follow_up_notes:
        agreement.status = "in_progress"
        agreement.follow_up_notes = "En espera de la publicación en el Periódico Oficial."
        services.update_follow_up(agreement)
    for acronym, title, systems, status, signed, start, end in CONVENIOS:
        entity = _entity(acronym)
        if entity is None or Convenio.objects.filter(counterpart=entity, title=title).exists():
            continue
        services.save_convenio(
            Convenio(
                counterpart=entity,
                title=title,
                purpose="Intercambio de la información que el ente resguarda para los Sistemas "
                "Electrónicos del artículo 47 de la Ley del Sistema Anticorrupción del Estado de "
                "Chiapas.",
                systems=systems,
                status=status,
                signed_date=signed,
                start_date=start,
                end_date=end,
            )
        )
    return created
