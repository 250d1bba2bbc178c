"""Exports of the surveys: answers (CSV, XLSX, SPSS .sav) and the response-rate table.

Every answer of every version goes into one table with the version named. Answers
are codes; ``labels=True`` writes the choice labels in the chosen language instead.
"""

import csv
import io
import os
import re
import tempfile
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from . import selectors
from .models import Form, Response
from .schema import FormSchema, Question, pick

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Column:
    key: str
    title: str
    question: Question | None = None
    choice: str = ""  # for a select_multiple dummy column
    repeat_index: int = 0  # 1-based, for repeat fields


def _questions_all_versions(form: Form) -> list[Question]:
    """Questions of every version, newest version's order first, older extras after."""
    seen: dict[str, Question] = {}
    for version in form.versions.order_by("-number"):
        for question in FormSchema(version.definition).questions:
            if question.type == "note":
                continue
            seen.setdefault(question.name, question)
    return list(seen.values())


def build_table(
    form: Form, responses, *, labels: bool = False, language: str = "es"
) -> tuple[list[Column], list[list]]:
    questions = _questions_all_versions(form)
    responses = list(responses)
    repeat_counts: dict[str, int] = {}
    for response in responses:
        for question in questions:
            if question.repeat:
                rows = response.data.get(question.repeat) or []
                repeat_counts[question.repeat] = max(
                    repeat_counts.get(question.repeat, 0), len(rows)
                )
    columns = [
        Column("uuid", _("Folio")),
        Column("version", _("Versión")),
        Column("canal", _("Canal")),
        Column("idioma", _("Idioma")),
        Column("enviada", _("Enviada")),
        Column("municipio_inegi", _("Municipio (clave INEGI)")),
        Column("persona_tipo", _("Tipo de persona encuestada")),
    ]
    for question in questions:
        label = pick(question.label, language) or question.name
        if question.repeat:
            for index in range(1, repeat_counts.get(question.repeat, 0) + 1):
                columns.append(
                    Column(
                        f"{question.repeat}_{index}_{question.name}",
                        f"{label} ({index})",
                        question,
                        repeat_index=index,
                    )
                )
            continue
        columns.append(Column(question.name, label, question))
        if question.type == "select_multiple":
            for choice in question.choices:
                columns.append(
                    Column(
                        f"{question.name}_{choice['name']}",
                        f"{label}: {pick(choice['label'], language)}",
                        question,
                        choice=choice["name"],
                    )
                )
    rows = []
    for response in responses:
        row = []
        for column in columns:
            row.append(_cell(response, column, labels, language))
        rows.append(row)
    return columns, rows


def _cell(response: Response, column: Column, labels: bool, language: str):
    if column.question is None:
        return {
            "uuid": str(response.uuid),
            "version": f"v{response.version.number} ({response.version.version_string})",
            "canal": str(response.get_channel_display()) if labels else response.channel,
            "idioma": response.language,
            "enviada": timezone.localtime(response.submitted_at).strftime("%Y-%m-%d %H:%M")
            if response.submitted_at
            else "",
            "municipio_inegi": response.municipality.inegi_code if response.municipality else "",
            "persona_tipo": response.respondent.kind if response.respondent_id else "",
        }[column.key]
    question = column.question
    if column.repeat_index:
        rows = response.data.get(question.repeat) or []
        if len(rows) < column.repeat_index:
            return ""
        value = rows[column.repeat_index - 1].get(question.name, "")
    else:
        value = response.data.get(question.name, "")
    if column.choice:
        if question.name not in response.data:
            return ""
        return 1 if column.choice in (value or []) else 0
    if question.type == "select_one" and value != "" and labels:
        return question.choice_label(str(value), language)
    if question.type == "select_multiple":
        codes = value or []
        if labels:
            return "; ".join(question.choice_label(code, language) for code in codes)
        return " ".join(codes)
    return "" if value is None else value


def to_csv(columns, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.key for column in columns])
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(columns, rows, title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([column.key for column in columns])
    sheet.append([column.title for column in columns])
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _spss_name(key: str, used: set[str]) -> str:
    name = re.sub(r"[^A-Za-z0-9_]", "_", key)
    if not name or not name[0].isalpha():
        name = "v_" + name
    name = name[:60]
    base, n = name, 1
    while name.lower() in used:
        n += 1
        name = f"{base[:56]}_{n}"
    used.add(name.lower())
    return name


def to_sav(columns, rows, language: str = "es") -> bytes:
    """SPSS .sav: select_one as numbers with value labels, select_multiple dummies 0/1."""
    import pandas as pd
    import pyreadstat

    used: set[str] = set()
    names = [_spss_name(column.key, used) for column in columns]
    data: dict[str, list] = {}
    value_labels: dict[str, dict] = {}
    column_labels: dict[str, str] = {}
    for position, (column, name) in enumerate(zip(columns, names, strict=True)):
        values = [row[position] for row in rows]
        question = column.question
        column_labels[name] = column.title[:250]
        if question is not None and question.type == "select_one":
            codes = question.choice_codes()
            data[name] = [float(codes.index(v) + 1) if v in codes else None for v in values]
            value_labels[name] = {
                float(i + 1): question.choice_label(code, language)[:120]
                for i, code in enumerate(codes)
            }
        elif column.choice:
            data[name] = [float(v) if v != "" else None for v in values]
            value_labels[name] = {0.0: _("No"), 1.0: _("Sí")}
        elif question is not None and question.type in ("integer", "decimal"):
            data[name] = [float(v) if v not in ("", None) else None for v in values]
        else:
            data[name] = ["" if v is None else str(v) for v in values]
    frame = pd.DataFrame(data, columns=names)
    handle, path = tempfile.mkstemp(suffix=".sav")
    os.close(handle)
    try:
        pyreadstat.write_sav(
            frame,
            path,
            column_labels=column_labels,
            variable_value_labels=value_labels,
        )
        with open(path, "rb") as stream:
            return stream.read()
    finally:
        os.unlink(path)


def responses_export(
    form: Form, responses, file_format: str, *, labels: bool = False, language: str = "es"
) -> tuple[bytes, str, str]:
    columns, rows = build_table(form, responses, labels=labels, language=language)
    if file_format == "csv":
        return to_csv(columns, rows), "text/csv; charset=utf-8", "csv"
    if file_format == "sav":
        # SPSS always gets codes as numbers with the labels attached.
        columns, rows = build_table(form, responses, labels=False, language=language)
        return to_sav(columns, rows, language), "application/x-spss-sav", "sav"
    return to_xlsx(columns, rows, _("Respuestas")), XLSX, "xlsx"


def respondents_table(form: Form, file_format: str = "xlsx") -> tuple[bytes, str, str]:
    header = [
        _("Clave INEGI"),
        _("Ente"),
        _("Tipo"),
        _("Nombre o área"),
        _("Estado"),
        _("Invitado"),
        _("Recordatorios"),
    ]
    rows = []
    for respondent in selectors.respondents(form):
        rows.append(
            [
                respondent.entity.inegi_code if respondent.entity else "",
                respondent.entity.name if respondent.entity else "",
                str(respondent.get_kind_display()),
                respondent.name,
                str(respondent.get_status_display()),
                timezone.localtime(respondent.invited_at).strftime("%Y-%m-%d")
                if respondent.invited_at
                else "",
                respondent.reminders,
            ]
        )
    rate_header = [_("Tipo"), _("Total"), _("Enviadas"), _("Tasa de respuesta (%)")]
    rate_rows = [
        [r["label"], r["total"], r["submitted"], r["rate"]] for r in selectors.response_rates(form)
    ]
    if file_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(rows)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8"), "text/csv; charset=utf-8", "csv"
    book = Workbook()
    sheet = book.active
    sheet.title = _("Personas")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    rates = book.create_sheet(_("Tasa de respuesta"))
    rates.append(rate_header)
    for row in rate_rows:
        rates.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), XLSX, "xlsx"


def xlsform_template() -> bytes:
    """A blank XLSForm with the three language columns, the privacy notice row and the
    runtime words (pde_ui) ready to translate."""
    languages = ["Español (es)", "Tseltal (tzh)", "Tsotsil (tzo)"]

    def tri(prefix):
        return [f"{prefix}::{language}" for language in languages]

    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(
        [
            "type",
            "name",
            *tri("label"),
            *tri("hint"),
            "required",
            *tri("required_message"),
            "relevant",
            "constraint",
            *tri("constraint_message"),
            "calculation",
            *tri("media::audio"),
        ]
    )
    survey.append(["note", "aviso_privacidad", _("Aviso de privacidad: …"), "", ""])
    survey.append(
        ["select_one sino", "ejemplo", _("¿Pregunta de ejemplo?"), "", "", "", "", "", "yes"]
    )
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", *tri("label")])
    choices.append(["sino", "si", _("Sí"), "", ""])
    choices.append(["sino", "no", _("No"), "", ""])
    from .views import UI_DEFAULTS

    for key, words in UI_DEFAULTS.items():
        choices.append(["pde_ui", key, _(words), "", ""])
    settings_sheet = book.create_sheet("settings")
    settings_sheet.append(["form_title", "form_id", "version", "default_language"])
    settings_sheet.append([_("Título del formulario"), "mi_formulario", "1", "Español (es)"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
