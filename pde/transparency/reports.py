"""The quarterly report to the ITAIPCH (art. 71 of the Chiapas transparency law) as PDF
(WeasyPrint) and XLSX (openpyxl). Every number comes from ``selectors.quarter_figures``."""

from io import BytesIO

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .selectors import quarter_figures


def summary_rows(figures: dict) -> list[tuple[str, object]]:
    """The headline figures as (label, value) rows, shared by the page, PDF and XLSX."""

    def days(value):
        return "—" if value is None else value

    return [
        (_("Solicitudes recibidas"), figures["received"]),
        (_("De acceso a la información"), figures["information_requests"]),
        (_("De derechos ARCO"), figures["arco_requests"]),
        (_("Solicitudes respondidas"), figures["answered"]),
        (_("Respondidas en plazo"), figures["answered_on_time"]),
        (_("Solicitudes ARCO respondidas"), figures["arco_answered"]),
        (_("Concluidas sin trámite (no presentadas)"), figures["not_presented"]),
        (_("Solicitudes pendientes al cierre del trimestre"), figures["pending"]),
        (_("Promedio de días hábiles para responder"), days(figures["average_business_days"])),
        (_("Máximo de días hábiles para responder"), days(figures["max_business_days"])),
        (_("Recursos de revisión interpuestos"), figures["appeals"]),
        (_("Recursos de revisión resueltos"), figures["appeals_resolved"]),
        (_("Sesiones del Comité de Transparencia"), figures["committee_sessions"]),
        (_("Resoluciones del Comité de Transparencia"), figures["committee_resolutions"]),
    ]


def breakdowns(figures: dict) -> list[tuple[str, list[dict]]]:
    return [
        (_("Por tipo de respuesta"), figures["by_response_type"]),
        (_("Por medio de recepción"), figures["by_channel"]),
        (_("Por tipo de información"), figures["by_information_type"]),
        (_("Resoluciones por materia"), figures["resolutions_by_matter"]),
    ]


def _title(figures: dict) -> str:
    return _("Informe trimestral de solicitudes de información — %(year)s, trimestre %(q)s") % {
        "year": figures["year"],
        "q": figures["quarter"],
    }


def quarterly_pdf(year: int, quarter: int) -> bytes:
    from weasyprint import HTML

    figures = quarter_figures(year, quarter)
    html = render_to_string(
        "transparency/quarterly_report_pdf.html",
        {
            "figures": figures,
            "rows": summary_rows(figures),
            "breakdowns": breakdowns(figures),
            "title": _title(figures),
            "institution": settings.PDE_INSTITUTION_NAME,
            "generated_at": timezone.localtime(),
        },
    )
    return HTML(string=html).write_pdf()


def quarterly_xlsx(year: int, quarter: int) -> bytes:
    figures = quarter_figures(year, quarter)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Resumen")
    bold = Font(bold=True)
    sheet.append([_title(figures)])
    sheet["A1"].font = bold
    sheet.append([settings.PDE_INSTITUTION_NAME])
    sheet.append(
        [
            _("Periodo"),
            f"{figures['first_day']:%d/%m/%Y} – {figures['last_day']:%d/%m/%Y}",
        ]
    )
    sheet.append([])
    sheet.append([_("Concepto"), _("Cantidad")])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for label, value in summary_rows(figures):
        sheet.append([label, value])
    sheet.column_dimensions["A"].width = 55
    sheet.column_dimensions["B"].width = 18

    for title, items in breakdowns(figures):
        detail = book.create_sheet(title[:31])
        detail.append([title, _("Cantidad")])
        for cell in detail[1]:
            cell.font = bold
        for row in items:
            detail.append([row["label"], row["count"]])
        detail.column_dimensions["A"].width = 55

    sessions = book.create_sheet(_("Sesiones del Comité"))
    sessions.append([_("Sesión"), _("Tipo"), _("Fecha")])
    for cell in sessions[1]:
        cell.font = bold
    for session in figures["sessions"]:
        sessions.append([session.number, session.get_kind_display(), session.held_on])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
