"""Convenios: which entes may deliver which system's data, as the interoperability module asks."""

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pde.core.models import AuditEntry
from pde.governance import selectors, services
from pde.governance.models import Convenio


@pytest.fixture
def convenios(state_entity):
    om = Convenio.objects.create(
        counterpart=state_entity("OM"),
        title="Convenio OM",
        purpose="Datos",
        systems="S2,S6",
        status="in_force",
        signed_date=dt.date(2021, 6, 3),
        start_date=dt.date(2021, 6, 3),
    )
    c3 = Convenio.objects.create(
        counterpart=state_entity("C3"),
        title="Convenio C3",
        purpose="Datos",
        systems="S3",
        status="signed",
        signed_date=dt.date(2021, 5, 1),
        start_date=dt.date(2021, 5, 1),
        end_date=dt.date(2022, 12, 31),
    )
    sop = Convenio.objects.create(
        counterpart=state_entity("SOP"),
        title="Convenio SOP",
        purpose="Datos",
        systems="S2,S6",
        status="draft",
    )
    return om, c3, sop


def test_has_convenio_follows_status_system_and_dates(convenios, state_entity):
    om, sop = state_entity("OM"), state_entity("SOP")
    c3 = state_entity("C3")
    day = dt.date(2022, 1, 1)
    assert selectors.has_convenio(om, "S6", day)
    assert not selectors.has_convenio(om, "S3", day)
    assert not selectors.has_convenio(om, "S6", dt.date(2021, 6, 2))  # before it took effect
    assert not selectors.has_convenio(sop, "S6", day)  # a draft is not a convenio yet
    assert selectors.has_convenio(c3, "S3", day)
    assert not selectors.has_convenio(c3, "S3", dt.date(2023, 1, 1))  # expired
    assert list(selectors.entities_with_convenio("S2", day)) == [om]
    with pytest.raises(ValueError):
        selectors.has_convenio(om, "S9", day)


def test_coverage_page_and_json(client, legal, convenios):
    client.force_login(legal)
    page = client.get(reverse("governance:convenio_coverage")).content.decode()
    assert "Oficialía Mayor del Estado de Chiapas" in page
    assert "Secretaría de Obras Públicas" not in page
    data = client.get(reverse("governance:api_convenio_coverage")).json()
    assert {
        "ente": "Oficialía Mayor del Estado de Chiapas",
        "siglas": "OM",
        "sistemas": ["S2", "S6"],
    } in data["results"]


def test_create_convenio_with_document(client, legal, state_entity):
    client.force_login(legal)
    content = b"%PDF-1.4 convenio"
    response = client.post(
        reverse("governance:convenio_create"),
        {
            "counterpart": state_entity("SH").pk,
            "title": "Convenio SH",
            "purpose": "Datos S2",
            "system_codes": ["S2", "S6"],
            "status": "signed",
            "signed_date": "2021-07-01",
            "start_date": "2021-07-01",
            "upload": SimpleUploadedFile("c.pdf", content),
        },
    )
    assert response.status_code == 302
    convenio = Convenio.objects.get(title="Convenio SH")
    assert convenio.system_list == ["S2", "S6"]
    assert convenio.document_sha256 == hashlib.sha256(content).hexdigest()
    assert AuditEntry.objects.filter(action="convenio.created", object_id=str(convenio.pk)).exists()
    page = client.get(reverse("governance:convenio_list"), {"system": "S6"}).content.decode()
    assert "Convenio SH" in page


def test_bad_convenio_names_the_fields(client, legal, state_entity):
    client.force_login(legal)
    response = client.post(
        reverse("governance:convenio_create"),
        {
            "counterpart": state_entity("SH").pk,
            "title": "Sin fecha",
            "purpose": "x",
            "status": "in_force",
            "start_date": "2021-07-01",
            "end_date": "2021-01-01",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "necesita su fecha de firma" in page
    assert "no puede ser anterior al inicio" in page
    assert not Convenio.objects.filter(title="Sin fecha").exists()


def test_unknown_system_is_refused(state_entity):
    convenio = Convenio(counterpart=state_entity("SH"), title="x", purpose="x", systems="S1,S9")
    with pytest.raises(ValidationError) as error:
        services.save_convenio(convenio)
    assert "systems" in error.value.message_dict
