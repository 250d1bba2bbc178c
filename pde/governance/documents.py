"""The documents of a session: convocatoria (PDF) and minutes (PDF and editable DOCX),
generated from the session's data."""

import io

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats
from django.utils.translation import gettext as _

from . import selectors
from .models import Session


def _context(session: Session) -> dict:
    context = selectors.session_detail(session)
    context["institution_name"] = settings.PDE_INSTITUTION_NAME
    return context


def _pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html).write_pdf()


def convocation_pdf(session: Session) -> bytes:
    return _pdf("governance/pdf/convocatoria.html", _context(session))


def minutes_pdf(session: Session) -> bytes:
    return _pdf("governance/pdf/acta.html", _context(session))


def minutes_docx(session: Session) -> bytes:
    """The same minutes as an editable Word file, for the Dirección Jurídica to polish."""
    from docx import Document

    data = _context(session)
    body = session.body
    quorum = data["quorum"]
    doc = Document()
    doc.add_paragraph(data["institution_name"])
    doc.add_heading(_("Acta de la %(session)s") % {"session": session.title}, level=1)
    doc.add_paragraph(body.name)
    when = formats.date_format(session.date, "j \\d\\e F \\d\\e Y")
    place = session.place or session.video_link or "—"
    doc.add_paragraph(_("Fecha: %(date)s. Lugar: %(place)s.") % {"date": when, "place": place})

    doc.add_heading(_("Lista de asistencia"), level=2)
    table = doc.add_table(rows=1, cols=4)
    header = table.rows[0].cells
    for cell, text in zip(
        header, (_("Integrante"), _("Cargo"), _("Calidad"), _("Asistencia")), strict=True
    ):
        cell.text = text
    for member in data["members"]:
        row = table.add_row().cells
        row[0].text = member.full_name
        row[1].text = member.position
        row[2].text = member.get_role_display()
        row[3].text = _("Presente") if data["attendance"].get(member.pk) else _("Ausente")

    doc.add_heading(_("Declaración de quórum"), level=2)
    doc.add_paragraph(quorum_sentence(quorum))

    doc.add_heading(_("Orden del día y votaciones"), level=2)
    for item in data["items"]:
        doc.add_paragraph(f"{item.order}. {item.title}", style="List Number")
        if item.description:
            doc.add_paragraph(item.description)
        if item.requires_vote:
            doc.add_paragraph(tally_sentence(item.tally))

    doc.add_heading(_("Acuerdos"), level=2)
    if not data["agreements"]:
        doc.add_paragraph(_("No se adoptaron acuerdos."))
    for agreement in data["agreements"]:
        paragraph = doc.add_paragraph()
        paragraph.add_run(_("Acuerdo %(number)s.") % {"number": agreement.number}).bold = True
        paragraph.add_run(" " + agreement.text)

    doc.add_heading(_("Firmas"), level=2)
    for member in data["present_members"]:
        doc.add_paragraph("\n\n______________________________")
        doc.add_paragraph(f"{member.full_name}\n{member.position or member.get_role_display()}")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def quorum_sentence(quorum) -> str:
    if quorum.reached:
        return _(
            "Con %(present)s de %(total)s integrantes con voto presentes (se requieren "
            "%(required)s), se declara la existencia de quórum legal."
        ) % {"present": quorum.present, "total": quorum.voting_members, "required": quorum.required}
    return _(
        "Con %(present)s de %(total)s integrantes con voto presentes (se requieren %(required)s), "
        "no hay quórum legal."
    ) % {"present": quorum.present, "total": quorum.voting_members, "required": quorum.required}


def tally_sentence(tally: dict) -> str:
    return _("Votación: %(for)s a favor, %(against)s en contra, %(abstention)s abstenciones.") % {
        "for": tally["for"],
        "against": tally["against"],
        "abstention": tally["abstention"],
    }
