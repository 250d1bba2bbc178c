"""Reception list, full-document view (audited) and capture on behalf of a servant."""

import io
import json

import pytest
from django.urls import reverse
from pypdf import PdfReader

from pde.core.models import AuditEntry
from pde.declarations.models import Declaration
from pde.declarations.services import declarant as declarant_services
from pde.declarations.services import oic as services

from .declarant_helpers import fill
from .oic_helpers import make_curp, make_servant, valid_document

pytest_plugins = ["pde.declarations.tests.oic_helpers"]
pytestmark = pytest.mark.django_db


def receive(oic_user, entity, curp, nombre="María José"):
    servant = make_servant(entity, curp=curp, nombre=nombre)
    document = valid_document(curp=curp, nombre=nombre)
    return services.receive_imported_document(
        document, entity=entity, servant=servant, actor=oic_user
    )


def test_reception_list_search_and_filters(oic_client, oic_user, tapachula):
    ana = receive(oic_user, tapachula, make_curp(6001), nombre="Ana Sofía")
    receive(oic_user, tapachula, make_curp(6002), nombre="Beatriz")
    url = reverse("declarations:oic_reception")
    page = oic_client.get(url)
    assert page.context["page"].paginator.count == 2
    found = oic_client.get(url, {"q": "sofia"}).context["page"].object_list
    assert [d.pk for d in found] == [ana.pk]
    assert oic_client.get(url, {"q": ana.folio}).context["page"].paginator.count == 1
    assert oic_client.get(url, {"tipo": "CONCLUSIÓN"}).context["page"].paginator.count == 0
    assert oic_client.get(url, {"source": "import"}).context["page"].paginator.count == 2
    html = oic_client.get(url, {"q": "nadie"}).content.decode()
    assert "Ninguna declaración coincide" in html
    bad = oic_client.get(url, {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert "no puede ser anterior" in bad.content.decode()


def test_full_document_view_is_audited_and_shows_private_data(oic_client, oic_user, tapachula):
    curp = make_curp(6003)
    declaration = receive(oic_user, tapachula, curp)
    response = oic_client.get(reverse("declarations:oic_declaration_detail", args=[declaration.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert curp in html  # the OIC sees the full document
    assert "Calle Privada de los Secretos" in html
    views = AuditEntry.objects.filter(action="declaration.full_viewed", object_id=declaration.pk)
    assert views.count() == 1
    oic_client.get(reverse("declarations:oic_declaration_detail", args=[declaration.pk]))
    assert views.count() == 2
    assert curp not in json.dumps(views.first().changes)
    # The public page of the same declaration shows none of it.
    public = oic_client.get(reverse("declarations:public_detail", args=[declaration.pk]))
    assert curp not in public.content.decode()


def test_capture_on_behalf_is_marked_on_the_acuse_and_the_list(oic_client, oic_user, tapachula):
    servant = make_servant(tapachula, curp=make_curp(6004))
    response = oic_client.post(
        reverse("declarations:oic_start_on_behalf", args=[servant.pk]), {"tipo": "INICIAL"}
    )
    declaration = Declaration.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("declarations:declaration_detail", args=[declaration.pk])
    assert declaration.source == Declaration.Source.ON_BEHALF
    assert declaration.captured_by == oic_user and declaration.servant == servant
    assert AuditEntry.objects.filter(action="declaration.on_behalf_started").exists()
    # The OIC captures with the declarant's wizard (it may edit: captured_by).
    assert declarant_services.can_edit(oic_user, declaration)
    assert oic_client.get(response.url).status_code == 200
    # The draft is in the reception list, marked as captured by the OIC.
    listing = oic_client.get(reverse("declarations:oic_reception")).content.decode()
    assert "Capturada por el OIC a nombre de la persona declarante" in listing
    fill(declaration, oic_user)
    declaration = declarant_services.submit_declaration(declaration, actor=oic_user)
    acuse = oic_client.get(reverse("declarations:oic_acuse", args=[declaration.pk]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(acuse.content)).pages)
    assert "Capturada por el OIC a nombre de la persona declarante" in " ".join(text.split())
    # And it counts for the servant's compliance.
    page = oic_client.get(reverse("declarations:oic_servant_detail", args=[servant.pk]))
    assert declaration.folio in page.content.decode()


def test_a_second_on_behalf_draft_of_the_same_type_is_refused(oic_client, tapachula):
    servant = make_servant(tapachula, curp=make_curp(6005))
    url = reverse("declarations:oic_start_on_behalf", args=[servant.pk])
    oic_client.post(url, {"tipo": "INICIAL"})
    response = oic_client.post(url, {"tipo": "INICIAL"}, follow=True)
    assert "borrador" in response.content.decode()
    assert Declaration.objects.count() == 1


def test_a_declarants_own_draft_is_not_shown_to_the_oic(oic_client, make_user, tapachula):
    person = make_user("declarant", entity=tapachula)
    servant = make_servant(tapachula, curp=make_curp(6006), user=person)
    draft = declarant_services.start_declaration(servant=servant, tipo="INICIAL", actor=person)
    assert (
        oic_client.get(reverse("declarations:oic_reception")).context["page"].paginator.count == 0
    )
    response = oic_client.get(reverse("declarations:oic_declaration_detail", args=[draft.pk]))
    assert response.status_code == 404


def test_declarants_cannot_use_the_oic_pages(client, make_user, tapachula):
    client.force_login(make_user("declarant", entity=tapachula))
    for name in ("oic_roster", "oic_compliance", "oic_reception", "oic_declaration_import"):
        assert client.get(reverse(f"declarations:{name}")).status_code == 403


def test_menu_entries_for_the_oic(oic_client):
    html = oic_client.get("/").content.decode()
    for label in ("Padrón de obligados", "Cumplimiento", "Declaraciones recibidas"):
        assert label in html


def test_every_oic_page_renders(oic_client, oic_user, tapachula):
    servant = make_servant(tapachula, curp=make_curp(6100))
    declaration = receive(oic_user, tapachula, make_curp(6101))
    batch = services.import_roster(
        entity=tapachula,
        file_name="p.csv",
        content=b"nombre,primer_apellido,curp,empleo_cargo_comision,fecha_alta\nA,B,X,C,2024-01-01\n",
        by=oic_user,
    )
    pages = [
        reverse("declarations:oic_roster"),
        reverse("declarations:oic_servant_create"),
        reverse("declarations:oic_roster_import"),
        reverse("declarations:oic_servant_detail", args=[servant.pk]),
        reverse("declarations:oic_servant_edit", args=[servant.pk]),
        reverse("declarations:oic_batch_detail", args=[batch.pk]),
        reverse("declarations:oic_compliance"),
        reverse("declarations:oic_declaration_import"),
        reverse("declarations:oic_reception"),
        reverse("declarations:oic_declaration_detail", args=[declaration.pk]),
    ]
    for url in pages:
        response = oic_client.get(url)
        assert response.status_code == 200, url
        assert "<h1>" in response.content.decode(), url
    partial = oic_client.get(reverse("declarations:oic_roster"), HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode() and servant.nombre in partial.content.decode()
    assert (
        oic_client.get(reverse("declarations:oic_roster_template", args=["pdf"])).status_code == 404
    )
