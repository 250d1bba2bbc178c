"""Demo data reproducing the seed report's 2021 Q2 quarter of the Unidad de Transparencia.

Twelve requests received in April–June 2021 while ITAIPCH's suspension of terms ran
until 31 May (Acta 19-E/2021): ten answered in 7 business days on average, two
pending at the end of June (one with an approved extension), no appeal, and four
sessions of the Comité de Transparencia (incompetence and the applicability table,
confidential classification and non-existence, reserved classification, extension).
Everything goes through the services, so the audit log and the steps are real.
Idempotent: a second call changes nothing.
"""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from pde.core.business_days import TRANSPARENCY, BusinessCalendar
from pde.core.models import NonBusinessPeriod, User

from . import services
from .models import (
    AccessRequest,
    Area,
    CommitteeResolution,
    CommitteeSession,
    ImpactAssessment,
    ObligationFraction,
    PrivacyNotice,
    PrivacyNoticeVersion,
)

D = dt.date
SUSPENSION = (D(2021, 1, 11), D(2021, 5, 31))

# (folio, received, kind, channel, information type, area, answer: business days or
#  None when pending, response type, text)
REQUESTS = (
    (
        "071120021000101",
        D(2021, 4, 6),
        "information",
        "pnt",
        "budget",
        "UAA",
        5,
        "delivered",
        "Presupuesto autorizado y ejercido por capítulo de gasto en 2020.",
    ),
    (
        "071120021000102",
        D(2021, 4, 13),
        "information",
        "pnt",
        "staff",
        "UAA",
        6,
        "delivered",
        "Plantilla de personal y tabulador de sueldos vigente.",
    ),
    (
        "071120021000103",
        D(2021, 4, 20),
        "information",
        "pnt",
        "declarations",
        "DSEPD",
        7,
        "partially_confidential",
        "Versiones públicas de las declaraciones patrimoniales de los titulares de área.",
    ),
    (
        "071120021000104",
        D(2021, 4, 27),
        "information",
        "email",
        "procurement",
        "UAA",
        8,
        "nonexistent",
        "Contratos de arrendamiento de vehículos celebrados en 2019.",
    ),
    (
        "071120021000105",
        D(2021, 5, 4),
        "information",
        "pnt",
        "platform",
        "DSEPD",
        9,
        "delivered",
        "Avance de la interconexión del Sistema Electrónico Estatal con la PDN.",
    ),
    (
        "071120021000106",
        D(2021, 5, 11),
        "information",
        "pnt",
        "regulation",
        None,
        3,
        "incompetent",
        "Denuncias presentadas contra servidores públicos de un municipio.",
    ),
    (
        "071120021000107",
        D(2021, 5, 18),
        "arco",
        "written",
        "personal_data",
        "DSEPD",
        8,
        "arco_granted",
        "Acceso a los datos personales propios registrados en DeclaraFácil.",
    ),
    (
        "071120021000108",
        D(2021, 5, 25),
        "information",
        "pnt",
        "anticorruption",
        "DVPP",
        8,
        "public_source",
        "Acuerdos del Comité Coordinador del Sistema Anticorrupción en 2021.",
    ),
    (
        "071120021000109",
        D(2021, 6, 1),
        "information",
        "pnt",
        "budget",
        "UAA",
        8,
        "delivered",
        "Gastos de viáticos del primer trimestre de 2021.",
    ),
    (
        "071120021000110",
        D(2021, 6, 8),
        "information",
        "pnt",
        "platform",
        "DSEPD",
        8,
        "partially_reserved",
        "Arquitectura de seguridad y bitácoras del sistema S1.",
    ),
    (
        "071120021000111",
        D(2021, 4, 22),
        "information",
        "pnt",
        "anticorruption",
        "DVPP",
        None,
        "",
        "Resultados desagregados de la encuesta anticorrupción por municipio.",
    ),
    (
        "071120021000112",
        D(2021, 6, 21),
        "information",
        "pnt",
        "staff",
        "DJ",
        None,
        "",
        "Convenios firmados con instituciones académicas desde 2019.",
    ),
)

SESSIONS = (
    ("1", D(2021, 6, 2), "Incompetencia y actualización de la tabla de aplicabilidad."),
    ("2", D(2021, 6, 8), "Clasificación de información confidencial e inexistencia."),
    ("3", D(2021, 6, 17), "Clasificación de información reservada."),
    ("4", D(2021, 6, 24), "Ampliación del plazo de respuesta."),
)

NOT_APPLICABLE = {
    "XV": "La Secretaría Ejecutiva no opera programas de subsidios, estímulos o apoyos.",
    "XXII": "La Secretaría Ejecutiva no está facultada para contratar deuda pública.",
    "XLVII": "La Secretaría Ejecutiva no solicita la intervención de comunicaciones privadas.",
}


def _officer() -> User | None:
    return User.objects.filter(username="transparencia").first()


def _area(acronym: str) -> Area:
    return Area.objects.get(acronym=acronym)


@transaction.atomic
def load_demo() -> bool:
    """Load the quarter; False when it was already there."""
    if AccessRequest.objects.filter(folio=REQUESTS[0][0]).exists():
        return False
    NonBusinessPeriod.objects.get_or_create(
        start_date=SUSPENSION[0],
        end_date=SUSPENSION[1],
        declared_by=NonBusinessPeriod.DeclaredBy.TRANSPARENCY_INSTITUTE,
        defaults={
            "description": "Suspensión de plazos por la contingencia sanitaria "
            "(datos de demostración)",
            "legal_basis": "Suspensión levantada por el Acta 19-E/2021 del 31 de mayo de 2021",
        },
    )
    by = _officer()
    calendar = BusinessCalendar(TRANSPARENCY)
    sessions = {
        number: services.save_session(
            CommitteeSession(
                number=f"{number}a. Extraordinaria 2021",
                kind=CommitteeSession.Kind.EXTRAORDINARY,
                held_on=held_on,
                agenda=agenda,
                minutes_reference=f"Acta CT/SESAECH/{number}E/2021 (demostración)",
            ),
            by=by,
        )
        for number, held_on, agenda in SESSIONS
    }
    requests = {}
    for folio, received, kind, channel, info_type, area, _days, _rtype, text in REQUESTS:
        requests[folio] = services.register_request(
            by=by,
            folio=folio,
            kind=kind,
            arco_right="access" if kind == "arco" else "",
            received_on=received,
            channel=channel,
            information_type=info_type,
            anonymous=kind != "arco",
            requester_name="Titular de los datos (demostración)" if kind == "arco" else "",
            requester_contact="",
            text=text,
        )
        if area:
            services.assign_area(requests[folio], _area(area), assigned_on=received, by=by)

    def resolve(session, number, matter, folios, **fields):
        resolution = CommitteeResolution(
            session=sessions[session],
            number=f"CT/SESAECH/{number}/2021",
            matter=matter,
            decision=CommitteeResolution.Decision.CONFIRM,
            **fields,
        )
        return services.save_resolution(resolution, requests=[requests[f] for f in folios], by=by)

    Matter = CommitteeResolution.Matter
    resolve(
        "1",
        "001",
        Matter.INCOMPETENCE,
        ["071120021000106"],
        area=_area("UT"),
        summary="Se confirma la incompetencia; se orienta a la Contraloría municipal.",
    )
    resolve(
        "1",
        "002",
        Matter.APPLICABILITY,
        [],
        area=_area("UT"),
        summary="Se actualiza la tabla de aplicabilidad de las obligaciones del art. 85.",
    )
    resolve(
        "2",
        "003",
        Matter.CLASSIFICATION,
        ["071120021000103"],
        area=_area("DSEPD"),
        classification="confidential",
        legal_basis="Artículo 128 de la Ley de Transparencia y Acceso a la Información Pública "
        "del Estado de Chiapas (datos personales en las versiones públicas).",
        summary="Se confirma la clasificación de los datos personales como confidenciales.",
    )
    resolve(
        "2",
        "004",
        Matter.NONEXISTENCE,
        ["071120021000104"],
        area=_area("UAA"),
        summary="Se confirma la inexistencia tras la búsqueda exhaustiva en los archivos.",
    )
    reserved = resolve(
        "3",
        "005",
        Matter.CLASSIFICATION,
        ["071120021000110"],
        area=_area("DSEPD"),
        classification="reserved",
        reserve_years=3,
        legal_basis="Artículo 113, fracción VII de la Ley de Transparencia y Acceso a la "
        "Información Pública del Estado de Chiapas (seguridad de sistemas).",
        harm_test="Divulgar la arquitectura de seguridad facilitaría ataques al sistema S1, "
        "un riesgo real, demostrable e identificable que supera el interés público; la "
        "reserva parcial es el medio menos restrictivo.",
        summary="Se confirma la reserva parcial por tres años.",
    )
    extension = resolve(
        "4",
        "006",
        Matter.EXTENSION,
        ["071120021000111"],
        area=_area("DVPP"),
        summary="Se confirma la ampliación: la información se procesa por municipio.",
    )

    for folio, _received, _kind, _ch, _it, _area_code, days, rtype, _text in REQUESTS:
        request = requests[folio]
        if days is None:
            continue
        answered_on = calendar.add_business_days(request.received_on, days)
        if rtype == "incompetent":
            services.declare_incompetence(
                request,
                notified_on=answered_on,
                redirected_to="Órgano Interno de Control del municipio",
                by=by,
            )
            continue
        assignment = request.assignments.get()
        services.record_area_answer(
            assignment,
            answered_on=calendar.add_business_days(answered_on, -1),
            answer="Oficio de respuesta del área (demostración).",
            by=by,
        )
        services.answer_request(
            request,
            answered_on=answered_on,
            response_type=rtype,
            summary="Respuesta notificada por la PNT (demostración).",
            by=by,
        )
        services.add_response_document(
            request,
            title=f"Respuesta {folio}",
            uploaded_file=SimpleUploadedFile(
                f"respuesta-{folio}.txt", f"Respuesta a la solicitud {folio}.".encode()
            ),
            public_version=rtype.startswith("partially"),
            by=by,
        )
    services.grant_extension(
        requests["071120021000111"], notified_on=D(2021, 6, 25), resolution=extension, by=by
    )
    services.add_reserved_file(
        resolution=reserved,
        area=_area("DSEPD"),
        file_name="DSEPD/S1/SEG/2021-01",
        topic="Arquitectura de seguridad del sistema S1",
        parts="Diagramas de red, direcciones y configuración de bitácoras",
        by=by,
    )
    services.publish_index_edition(year=2021, semester=1, published_on=D(2021, 7, 8), by=by)
    _load_obligations(by)
    _load_personal_data()
    return True


def _load_obligations(by) -> None:
    for fraction in ObligationFraction.objects.filter(article="85"):
        if fraction.fraction in NOT_APPLICABLE:
            services.set_applicability(
                fraction,
                applicable=False,
                reason=NOT_APPLICABLE[fraction.fraction],
                responsible_area=fraction.responsible_area,
                by=by,
            )
    # Q1 2021 verified and rectified in Q2; Q2 2021 uploaded in July (seed report).
    for fraction in ObligationFraction.objects.filter(applicable=True):
        for quarter, updated, verified, published in (
            (1, D(2021, 4, 28), D(2021, 6, 15), D(2021, 4, 30)),
            (2, D(2021, 7, 20), D(2021, 7, 28), D(2021, 7, 23)),
        ):
            if fraction.update_period == "quarterly" or (
                fraction.update_period == "semiannual" and quarter == 2
            ):
                services.record_obligation_status(
                    fraction,
                    year=2021,
                    quarter=quarter,
                    updated_on=updated,
                    verified_on=verified,
                    published_on=published,
                    evidence=f"Acuse de carga SIPOT {fraction.fraction}-2021-T{quarter} "
                    "(demostración)",
                    by=by,
                )


def _load_personal_data() -> None:
    dates = {
        "Aviso de privacidad de la aplicación DeclaraFácil PI Portable": D(2021, 4, 27),
    }
    for notice in PrivacyNotice.objects.all():
        published = dates.get(notice.title, D(2021, 5, 20))
        for kind in (PrivacyNoticeVersion.Kind.INTEGRAL, PrivacyNoticeVersion.Kind.SIMPLIFIED):
            PrivacyNoticeVersion.objects.get_or_create(
                notice=notice, kind=kind, version=1, defaults={"published_on": published}
            )
    ImpactAssessment.objects.filter(status=ImpactAssessment.Status.SUBMITTED).update(
        drafted_on=D(2021, 6, 11), submitted_on=D(2021, 6, 25)
    )
