"""Fixtures of the surveys tests: the committed three-language XLSForm, imported and published."""

import io
from pathlib import Path

import pytest
from django.core.cache import cache
from openpyxl import Workbook

from pde.surveys import services

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache: every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def xlsform_bytes() -> bytes:
    return (FIXTURES / "encuesta_anticorrupcion.xlsx").read_bytes()


@pytest.fixture
def published_form(db, xlsform_bytes, make_user):
    officer = make_user("liaison_officer")
    version = services.import_xlsform(xlsform_bytes, actor=officer)
    services.publish_version(version, actor=officer)
    version.form.refresh_from_db()
    return version.form


def make_xlsform(survey: list[list], choices: list[list] | None = None, settings=None) -> bytes:
    """A small XLSForm in memory: rows of the survey sheet (first row = header)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in survey:
        sheet.append(row)
    if choices:
        choice_sheet = book.create_sheet("choices")
        for row in choices:
            choice_sheet.append(row)
    settings_sheet = book.create_sheet("settings")
    settings = settings or {"form_title": "Prueba", "form_id": "prueba", "version": "1"}
    settings_sheet.append(list(settings))
    settings_sheet.append(list(settings.values()))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
