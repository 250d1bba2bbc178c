"""Builders and fixtures shared by the OIC tests (imported by test modules)."""

import datetime as dt
import itertools
import uuid

import pytest
from django.utils import timezone

from pde.core.text import normalize_text
from pde.declarations.models import Declaration, ObligatedServant
from pde.declarations.services.oic import curp_check_digit, rfc_check_digit

TAPACHULA, PALENQUE = "07089", "07065"
PASSWORD = "contrasena-de-prueba-1"

_counter = itertools.count(1)


def make_curp(n: int | None = None, *, birth: str = "800101", sex: str = "M") -> str:
    """A valid CURP, different for every ``n``: the three inner consonants encode it."""
    n = next(_counter) if n is None else n
    consonants = "BCDFGHJKLMNPQRSTVWXZ"
    inner = "".join(consonants[(n // 20**i) % 20] for i in (2, 1, 0))
    body = f"PEGM{birth}{sex}CS{inner}0"
    return body + curp_check_digit(body)


def make_rfc(curp: str) -> str:
    body = curp[:10] + "A1"
    return body + rfc_check_digit(body)


def make_servant(entity, **fields) -> ObligatedServant:
    """A padrón entry written straight to the database (the test's own setup)."""
    curp = fields.pop("curp", None) or make_curp()
    values = {
        "nombre": "María",
        "primer_apellido": "Pérez",
        "segundo_apellido": "Gómez",
        "curp": curp,
        "rfc": make_rfc(curp),
        "email": f"{curp.lower()}@ente.gob.mx",
        "position": "Analista",
        "level": "Operativo",
        "complete_format": False,
        "start_date": dt.date(2024, 1, 15),
    }
    values.update(fields)
    values["name_normalized"] = normalize_text(
        f"{values['nombre']} {values['primer_apellido']} {values['segundo_apellido']}"
    )
    return ObligatedServant.objects.create(entity=entity, **values)


_folios = itertools.count(1)


def make_filing(servant, tipo: str, filed_on: dt.date, *, period_year=None, **fields):
    """A submitted declaration row filed on ``filed_on`` (local noon), without going
    through the wizard: deadline tests only need its type, servant and date."""
    moment = timezone.make_aware(dt.datetime.combine(filed_on, dt.time(12, 0)))
    if period_year is None and tipo == "MODIFICACIÓN":
        period_year = filed_on.year - 1
    return Declaration.objects.create(
        id=uuid.uuid4(),
        tipo=tipo,
        status=Declaration.Status.SUBMITTED,
        source=Declaration.Source.WIZARD,
        entity=servant.entity,
        servant=servant,
        folio=f"T-{next(_folios):08d}",
        submitted_at=moment,
        public_document={},
        document={},
        period_year=period_year,
        **fields,
    )


@pytest.fixture
def tapachula(municipality):
    return municipality(TAPACHULA)


@pytest.fixture
def palenque(municipality):
    return municipality(PALENQUE)


@pytest.fixture
def oic_user(make_user, tapachula):
    return make_user("oic_officer", scope=[tapachula], entity=tapachula, email="oic@tap.gob.mx")


@pytest.fixture
def other_oic(make_user, palenque):
    return make_user("oic_officer", scope=[palenque], entity=palenque)


@pytest.fixture
def oic_client(client, oic_user):
    client.force_login(oic_user)
    return client


def valid_document(tipo: str = "INICIAL", *, curp: str, nombre: str = "María José") -> dict:
    """A complete, valid simplified S1 document, as another system would export it."""
    from pde.declarations import format as s1

    from .declarant_helpers import simplified_sections

    document = s1.new_document(tipo, False, declarant={}, institution="Otro sistema")
    for key, value in simplified_sections(tipo).items():
        if key == "datosGenerales":
            value = {**value, "curp": curp, "nombre": nombre}
            value["rfc"] = {"rfc": curp[:10], "homoClave": "A12"}
        document = s1.put_section(document, key, value)
    return document
