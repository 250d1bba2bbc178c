"""One OIC never sees another ente's padrón, declarations, uploads or compliance,
not even by guessing URLs; every refusal is audited."""

import datetime as dt
import io

import pytest
from django.urls import reverse

from pde.core.models import AuditEntry
from pde.declarations.models import ObligatedServant, OicImportBatch
from pde.declarations.services import oic as services

from .oic_helpers import make_curp, make_filing, make_servant, valid_document

pytest_plugins = ["pde.declarations.tests.oic_helpers"]
pytestmark = pytest.mark.django_db


@pytest.fixture
def palenque_data(other_oic, palenque):
    """Palenque's padrón entry, received declaration and import batch."""
    curp = make_curp(8001)
    servant = make_servant(palenque, curp=curp, nombre="Xiadani", start_date=dt.date(2025, 1, 10))
    make_filing(servant, "INICIAL", dt.date(2025, 2, 1))
    declaration = services.receive_imported_document(
        valid_document(curp=curp, nombre="Xiadani"),
        entity=palenque,
        servant=servant,
        actor=other_oic,
    )
    batch = services.import_roster(
        entity=palenque,
        file_name="p.csv",
        content=b"nombre,primer_apellido,curp,empleo_cargo_comision,fecha_alta\n",
        by=other_oic,
    )
    return {"servant": servant, "declaration": declaration, "batch": batch}


def test_lists_and_dashboard_show_only_own_entes(oic_client, tapachula, palenque_data):
    make_servant(tapachula, nombre="Propia")
    roster = oic_client.get(reverse("declarations:oic_roster")).content.decode()
    assert "Propia" in roster and "Xiadani" not in roster
    reception = oic_client.get(reverse("declarations:oic_reception"))
    assert reception.context["page"].paginator.count == 0
    dashboard = oic_client.get(reverse("declarations:oic_compliance"), {"year": 2025})
    assert all(row["entity"] == tapachula for row in dashboard.context["summary"])
    assert "Xiadani" not in dashboard.content.decode()
    export = oic_client.get(reverse("declarations:oic_compliance_export"), {"year": 2025})
    assert b"Xiadani" not in export.content


def test_choosing_another_ente_in_a_filter_or_upload_is_refused(
    oic_client, palenque, palenque_data
):
    response = oic_client.get(reverse("declarations:oic_roster"), {"entity": palenque.pk})
    assert "Xiadani" not in response.content.decode()
    dashboard = oic_client.get(
        reverse("declarations:oic_compliance"), {"entity": palenque.pk, "year": 2025}
    )
    assert dashboard.context["summary"] == [] or all(
        row["entity"] != palenque for row in dashboard.context["summary"]
    )
    handle = io.BytesIO(b"nombre\n")
    handle.name = "p.csv"
    response = oic_client.post(
        reverse("declarations:oic_roster_import"), {"entity": palenque.pk, "file": handle}
    )
    assert response.status_code == 400
    assert OicImportBatch.objects.filter(entity=palenque).count() == 1
    before = ObligatedServant.objects.filter(entity=palenque).count()
    data = {
        "entity": palenque.pk,
        "nombre": "Intrusa",
        "primer_apellido": "X",
        "curp": make_curp(8002),
        "position": "X",
        "start_date": "2025-01-01",
    }
    response = oic_client.post(reverse("declarations:oic_servant_create"), data)
    assert response.status_code == 400
    assert ObligatedServant.objects.filter(entity=palenque).count() == before


def test_guessed_urls_are_refused_and_audited(oic_client, oic_user, palenque_data):
    servant = palenque_data["servant"]
    declaration = palenque_data["declaration"]
    batch = palenque_data["batch"]
    gets = [
        reverse("declarations:oic_servant_detail", args=[servant.pk]),
        reverse("declarations:oic_servant_edit", args=[servant.pk]),
        reverse("declarations:oic_declaration_detail", args=[declaration.pk]),
        reverse("declarations:oic_acuse", args=[declaration.pk]),
        reverse("declarations:oic_batch_detail", args=[batch.pk]),
        reverse("declarations:oic_batch_report", args=[batch.pk]),
    ]
    for url in gets:
        response = oic_client.get(url)
        assert response.status_code in (403, 404), url
        assert b"Xiadani" not in response.content
    posts = [
        (reverse("declarations:oic_servant_edit", args=[servant.pk]), {"nombre": "Cambiada"}),
        (reverse("declarations:oic_start_on_behalf", args=[servant.pk]), {"tipo": "INICIAL"}),
    ]
    for url, data in posts:
        assert oic_client.post(url, data).status_code == 403, url
    servant.refresh_from_db()
    assert servant.nombre == "Xiadani"
    assert servant.declarations.count() == 2  # no on-behalf draft was started
    denied = AuditEntry.objects.filter(action="access.denied", actor=oic_user)
    assert denied.count() == len(gets) + len(posts)
    assert not AuditEntry.objects.filter(action="declaration.full_viewed", actor=oic_user)


def test_services_refuse_out_of_scope_work(oic_user, palenque, palenque_data):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.import_roster(entity=palenque, file_name="p.csv", content=b"", by=oic_user)
    with pytest.raises(PermissionDenied):
        services.import_declarations(
            entity=palenque, file_name="d.json", content=b"{}", by=oic_user
        )
    with pytest.raises(PermissionDenied):
        services.send_reminders(entities=[palenque], year=2025, tipo="", by=oic_user)
    with pytest.raises(PermissionDenied):
        services.start_on_behalf(palenque_data["servant"], tipo="INICIAL", by=oic_user)
