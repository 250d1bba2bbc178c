"""Every write and business rule of the governance app: bodies, members, sessions,
convocatorias, attendance, votes, numbered agreements, follow-up and convenios."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from pde.core import business_days
from pde.core.files import uploaded_file_sha256
from pde.core.services import record_event, save_audited

from . import selectors, tasks
from .models import (
    AgendaItem,
    Agreement,
    AgreementEvidence,
    Attendance,
    Body,
    Convenio,
    Member,
    Session,
    SupportingDocument,
    Vote,
)

# How many times a write retries when a concurrent writer took the same number.
NUMBER_RETRIES = 5


def _date(day: dt.date) -> str:
    return formats.date_format(day, "d/m/Y")


# --- Bodies and members ---------------------------------------------------------------


def save_body(body: Body, *, by=None) -> Body:
    return save_audited(body, by=by)


def save_member(member: Member, *, by=None) -> Member:
    if member.user_id and member.body_id:
        overlapping = Member.objects.filter(body_id=member.body_id, user_id=member.user_id).exclude(
            pk=member.pk
        )
        for other in overlapping:
            other_end = other.end_date or dt.date.max
            this_end = member.end_date or dt.date.max
            if other.start_date <= this_end and member.start_date <= other_end:
                raise ValidationError(
                    {"user": _("Ese usuario ya ocupa un lugar en este órgano en ese periodo.")}
                )
    return save_audited(member, by=by)


def end_membership(member: Member, end_date: dt.date, *, by=None) -> Member:
    """Close a member's period; the row stays as history."""
    member.end_date = end_date
    return save_member(member, by=by)


# --- Sessions -------------------------------------------------------------------------


def _refuse_if_closed(session: Session, what: str) -> None:
    if session.status == Session.Status.HELD or session.closed_at:
        raise ValidationError(
            _("La sesión ya está cerrada; no se puede %(what)s.") % {"what": what}
        )
    if session.status == Session.Status.CANCELLED:
        raise ValidationError(_("La sesión fue cancelada; no se puede %(what)s.") % {"what": what})


def plan_session(
    body: Body,
    *,
    kind: str,
    date: dt.date,
    time: dt.time | None = None,
    place: str = "",
    video_link: str = "",
    notes: str = "",
    by=None,
) -> Session:
    """Put a session in the body's calendar with the next number of its kind in the year."""
    for attempt in range(NUMBER_RETRIES):
        try:
            with transaction.atomic():
                Body.objects.select_for_update().filter(pk=body.pk).first()
                last = Session.objects.filter(body=body, year=date.year, kind=kind).aggregate(
                    last=Max("number")
                )["last"]
                session = Session(
                    body=body,
                    kind=kind,
                    year=date.year,
                    number=(last or 0) + 1,
                    date=date,
                    time=time,
                    place=place,
                    video_link=video_link,
                    notes=notes,
                )
                return save_audited(session, by=by)
        except IntegrityError:
            if attempt == NUMBER_RETRIES - 1:
                raise
    raise AssertionError("unreachable")


def update_session(session: Session, *, by=None) -> Session:
    """Save edits of date, place, link or notes; the number and year stay."""
    _refuse_if_closed(session, _("modificarla"))
    if session.date.year != session.year:
        raise ValidationError(
            {
                "date": _("La sesión es del año %(year)s; la nueva fecha debe ser del mismo año.")
                % {"year": session.year}
            }
        )
    return save_audited(session, by=by)


def cancel_session(session: Session, *, reason: str = "", by=None) -> Session:
    _refuse_if_closed(session, _("cancelarla"))
    session.status = Session.Status.CANCELLED
    if reason:
        session.notes = (session.notes + "\n" + reason).strip()
    return save_audited(session, by=by)


def add_agenda_item(
    session: Session, *, title: str, description: str = "", requires_vote: bool = True, by=None
) -> AgendaItem:
    _refuse_if_closed(session, _("modificar el orden del día"))
    with transaction.atomic():
        Session.objects.select_for_update().filter(pk=session.pk).first()
        last = session.agenda_items.aggregate(last=Max("order"))["last"] or 0
        item = AgendaItem(
            session=session,
            order=last + 1,
            title=title,
            description=description,
            requires_vote=requires_vote,
        )
        return save_audited(item, by=by)


def attach_supporting_document(item: AgendaItem, *, title: str, file, by=None):
    _refuse_if_closed(item.session, _("agregar insumos"))
    document = SupportingDocument(agenda_item=item, title=title, file=file)
    document.sha256 = uploaded_file_sha256(file)
    return save_audited(document, by=by)


def notice_deadline(session: Session) -> dt.date:
    """The last day on which the convocatoria may be issued for this session."""
    body = session.body
    days = (
        body.notice_days_ordinary
        if session.kind == Session.Kind.ORDINARY
        else body.notice_days_extraordinary
    )
    if body.notice_in_business_days:
        return business_days.add_business_days(session.date, -days)
    return session.date - dt.timedelta(days=days)


def check_notice(session: Session, convened_on: dt.date) -> None:
    """Refuse a convocatoria issued later than the body's legal notice period allows."""
    deadline = notice_deadline(session)
    if convened_on <= deadline:
        return
    body = session.body
    days = (
        body.notice_days_ordinary
        if session.kind == Session.Kind.ORDINARY
        else body.notice_days_extraordinary
    )
    unit = _("días hábiles") if body.notice_in_business_days else _("días naturales")
    raise ValidationError(
        {
            "convened_on": _(
                "La convocatoria a la %(session)s debe emitirse con al menos %(days)s %(unit)s "
                "de anticipación: a más tardar el %(deadline)s (se intentó el %(on)s)."
            )
            % {
                "session": session.title,
                "days": days,
                "unit": unit,
                "deadline": _date(deadline),
                "on": _date(convened_on),
            }
        }
    )


def convocation_recipients(session: Session) -> list[str]:
    return sorted({m.contact_email for m in selectors.session_members(session) if m.contact_email})


def convocation_email(session: Session, pdf_url: str = "") -> tuple[str, str]:
    detail = selectors.session_detail(session)
    lines = [
        _("Se le convoca a la %(session)s del %(body)s.")
        % {"session": session.title, "body": session.body.name},
        "",
        _("Fecha: %(date)s") % {"date": _date(session.date)},
    ]
    if session.time:
        lines.append(_("Hora: %(time)s") % {"time": session.time.strftime("%H:%M")})
    if session.place:
        lines.append(_("Lugar: %(place)s") % {"place": session.place})
    if session.video_link:
        lines.append(_("Enlace: %(link)s") % {"link": session.video_link})
    lines += ["", _("Orden del día:")]
    lines += [f"{item.order}. {item.title}" for item in detail["items"]]
    if pdf_url:
        lines += ["", _("Convocatoria e insumos: %(url)s") % {"url": pdf_url}]
    subject = _("Convocatoria: %(session)s · %(acronym)s") % {
        "session": session.title,
        "acronym": session.body.acronym,
    }
    return subject, "\n".join(lines)


def convene_session(
    session: Session, *, convened_on: dt.date | None = None, pdf_url: str = "", by=None
) -> Session:
    """Issue the convocatoria: check the notice period, mark the session convened and
    e-mail the members the convocatoria PDF (after commit, through Celery).

    On a session already convened it only sends the convocatoria again (a member
    who lost it); the date of issue stays the original one."""
    convened_on = convened_on or timezone.localdate()
    if session.status not in (Session.Status.PLANNED, Session.Status.CONVENED):
        raise ValidationError(
            _("Sólo se convoca una sesión programada; esta está «%(status)s».")
            % {"status": session.get_status_display()}
        )
    if not session.agenda_items.exists():
        raise ValidationError(_("Agregue al menos un punto al orden del día antes de convocar."))
    resend = session.status == Session.Status.CONVENED
    if not resend:
        check_notice(session, convened_on)
    recipients = convocation_recipients(session)
    with transaction.atomic():
        if not resend:
            session.status = Session.Status.CONVENED
            session.convened_at = convened_on
            save_audited(session, by=by)
        record_event(
            "session.convocation_resent" if resend else "session.convened",
            session,
            actor=by,
            changes={"convened_on": session.convened_at, "recipients": len(recipients)},
        )
        if recipients:
            subject, body = convocation_email(session, pdf_url)
            transaction.on_commit(
                lambda: tasks.send_convocation.delay(session.pk, subject, body, recipients)
            )
    return session


def record_attendance(session: Session, present_member_ids, *, by=None) -> None:
    """Set who is present; every member of the session's date gets a row."""
    _refuse_if_closed(session, _("registrar asistencia"))
    if session.status != Session.Status.CONVENED:
        raise ValidationError(_("Convoque la sesión antes de registrar la asistencia."))
    members = selectors.session_members(session)
    member_ids = {m.pk for m in members}
    present = {int(pk) for pk in present_member_ids}
    strangers = present - member_ids
    if strangers:
        raise ValidationError(
            {"present": _("Sólo se registra la asistencia de integrantes del órgano.")}
        )
    with transaction.atomic():
        for member in members:
            Attendance.objects.update_or_create(
                session=session, member=member, defaults={"present": member.pk in present}
            )
        result = selectors.quorum(session)
        record_event(
            "session.attendance_recorded",
            session,
            actor=by,
            changes={
                "present": sorted(present),
                "quorum": {"present": result.present, "required": result.required},
            },
        )


def cast_vote(item: AgendaItem, member: Member, choice: str, *, by=None) -> Vote:
    """Record one member's vote on an agenda item, with the rules of the session."""
    session = item.session
    if session.status == Session.Status.HELD or session.closed_at:
        raise ValidationError(
            _("La sesión ya está cerrada; no se reciben más votos (voto de %(member)s).")
            % {"member": member.full_name}
        )
    if session.status != Session.Status.CONVENED:
        raise ValidationError(
            _("La sesión no está en curso (estado: %(status)s); no se reciben votos.")
            % {"status": session.get_status_display()}
        )
    if member.body_id != session.body_id or not member.active_on(session.date):
        raise ValidationError(
            _(
                "%(member)s no es integrante de %(body)s en la fecha de la sesión; "
                "su voto no se registra."
            )
            % {"member": member.full_name, "body": session.body.acronym}
        )
    if not member.has_vote:
        raise ValidationError(
            _("%(member)s participa como invitado con voz y sin voto; su voto no se registra.")
            % {"member": member.full_name}
        )
    if not item.requires_vote:
        raise ValidationError(
            _("El punto %(order)s no se somete a votación.") % {"order": item.order}
        )
    if choice not in Vote.Choice.values:
        raise ValidationError({"choice": _("Sentido del voto no válido.")})
    if not Attendance.objects.filter(session=session, member=member, present=True).exists():
        raise ValidationError(
            _("%(member)s no está registrado como presente; registre primero la asistencia.")
            % {"member": member.full_name}
        )
    with transaction.atomic():
        vote, created = Vote.objects.update_or_create(
            agenda_item=item, member=member, defaults={"choice": choice}
        )
        record_event(
            "vote.cast" if created else "vote.changed",
            vote,
            actor=by,
            changes={"item": item.pk, "member": member.pk, "choice": choice},
        )
    return vote


def record_votes(item: AgendaItem, choices: dict[int, str], *, by=None) -> list[Vote]:
    """Several votes at once: all or nothing."""
    members = {m.pk: m for m in Member.objects.filter(pk__in=choices.keys())}
    with transaction.atomic():
        votes = []
        for member_id, choice in choices.items():
            member = members.get(int(member_id))
            if member is None:
                raise ValidationError(_("El integrante %(id)s no existe.") % {"id": member_id})
            votes.append(cast_vote(item, member, choice, by=by))
    return votes


def _next_sequence(body: Body, year: int) -> int:
    last = Agreement.objects.filter(body=body, year=year).aggregate(last=Max("sequence"))["last"]
    return (last or 0) + 1


def adopt_agreement(
    session: Session,
    *,
    text: str,
    agenda_item: AgendaItem | None = None,
    responsible: str = "",
    due_date: dt.date | None = None,
    by=None,
) -> Agreement:
    """Adopt an agreement in an open session with quorum, numbered per body and year.

    The body row is locked while the next number is taken, and the database
    refuses a duplicate number outright (unique constraints), so two officers
    adopting at once never get the same number."""
    _refuse_if_closed(session, _("adoptar acuerdos"))
    if session.status != Session.Status.CONVENED:
        raise ValidationError(_("Sólo una sesión convocada y en curso puede adoptar acuerdos."))
    result = selectors.quorum(session)
    if not result.reached:
        raise ValidationError(
            _(
                "La sesión no tiene quórum (presentes con voto: %(present)s de %(total)s; "
                "se requieren %(required)s); no puede adoptar acuerdos."
            )
            % {
                "present": result.present,
                "total": result.voting_members,
                "required": result.required,
            }
        )
    if not text.strip():
        raise ValidationError({"text": _("Escriba el texto del acuerdo.")})
    if agenda_item is not None:
        if agenda_item.session_id != session.pk:
            raise ValidationError({"agenda_item": _("El punto no pertenece a esta sesión.")})
        if agenda_item.requires_vote:
            tally = selectors.vote_tally(agenda_item)
            if tally["for"] <= tally["against"]:
                raise ValidationError(
                    {
                        "agenda_item": _(
                            "El punto %(order)s no fue aprobado (a favor: %(for)s, en contra: "
                            "%(against)s); registre la votación antes de adoptar el acuerdo."
                        )
                        % {
                            "order": agenda_item.order,
                            "for": tally["for"],
                            "against": tally["against"],
                        }
                    }
                )
    for attempt in range(NUMBER_RETRIES):
        try:
            with transaction.atomic():
                # Locked and read afresh: the pattern in force is the one that numbers.
                body = Body.objects.select_for_update().get(pk=session.body_id)
                sequence = _next_sequence(body, session.year)
                agreement = Agreement(
                    body=body,
                    session=session,
                    agenda_item=agenda_item,
                    year=session.year,
                    sequence=sequence,
                    number=body.format_number(sequence, session.year),
                    text=text.strip(),
                    responsible=responsible,
                    due_date=due_date,
                )
                agreement.full_clean(exclude=["number"])
                agreement.save()
                record_event(
                    "agreement.adopted",
                    agreement,
                    actor=by,
                    changes={"number": agreement.number, "session": session.pk},
                )
                return agreement
        except IntegrityError:
            if attempt == NUMBER_RETRIES - 1:
                raise
    raise AssertionError("unreachable")


def close_session(session: Session, *, by=None) -> Session:
    """The session is over: it counts as held; no more attendance, votes or agreements."""
    _refuse_if_closed(session, _("cerrarla de nuevo"))
    if session.status != Session.Status.CONVENED:
        raise ValidationError(_("Sólo se cierra una sesión convocada."))
    if not Attendance.objects.filter(session=session).exists():
        raise ValidationError(_("Registre la asistencia antes de cerrar la sesión."))
    session.status = Session.Status.HELD
    session.closed_at = timezone.now()
    return save_audited(session, by=by)


def attach_signed_minutes(session: Session, file, *, by=None) -> Session:
    if session.status != Session.Status.HELD:
        raise ValidationError(
            {"file": _("Sólo se adjunta el acta firmada de una sesión celebrada.")}
        )
    session.signed_minutes = file
    session.signed_minutes_sha256 = uploaded_file_sha256(file)
    with transaction.atomic():
        session.save(update_fields=["signed_minutes", "signed_minutes_sha256", "updated_at"])
        record_event(
            "session.signed_minutes_attached",
            session,
            actor=by,
            changes={"sha256": session.signed_minutes_sha256, "name": file.name},
        )
    return session


# --- Agreement follow-up --------------------------------------------------------------


def update_follow_up(agreement: Agreement, *, by=None) -> Agreement:
    """Save status, responsible, due date and notes (the form sets them)."""
    return save_audited(agreement, by=by)


def add_evidence(agreement: Agreement, *, description: str, file, by=None) -> AgreementEvidence:
    evidence = AgreementEvidence(
        agreement=agreement, description=description, file=file, uploaded_by=by
    )
    evidence.sha256 = uploaded_file_sha256(file)
    return save_audited(evidence, by=by)


def set_published(agreement: Agreement, published: bool, *, by=None) -> Agreement:
    agreement.published = published
    return save_audited(agreement, by=by)


# --- Convenios ------------------------------------------------------------------------


def save_convenio(convenio: Convenio, *, document=None, by=None) -> Convenio:
    if document is not None:
        convenio.document = document
        convenio.document_sha256 = uploaded_file_sha256(document)
    return save_audited(convenio, by=by)
