"""OpenRosa round trip: formList, XForm download, multipart submission, refusals."""

import uuid

import defusedxml.ElementTree as ET
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pde.surveys.models import Form, Response

pytestmark = pytest.mark.django_db
NS = {"x": "http://openrosa.org/xforms/xformsList"}


def instance(form_id="encuesta_anticorrupcion", version="2026110101", key=None, **answers):
    key = key or str(uuid.uuid4())
    values = {"edad": "45", "municipio": "07089", "soborno": "si", **answers}
    tramites = values.get("tramites", "salud policia")
    return (
        f'<?xml version="1.0"?><data xmlns:jr="http://openrosa.org/javarosa" '
        f'xmlns:orx="http://openrosa.org/xforms" id="{form_id}" version="{version}">'
        f"<aviso_privacidad/><datos><edad>{values['edad']}</edad>"
        f"<municipio>{values['municipio']}</municipio></datos>"
        f"<soborno>{values['soborno']}</soborno><tramites>{tramites}</tramites>"
        "<monto>300</monto><monto_miles>0.3</monto_miles><fecha_hecho>2026-02-10</fecha_hecho>"
        "<denuncias><institucion>Fiscalía</institucion></denuncias>"
        "<denuncias><institucion>Contraloría</institucion></denuncias>"
        "<comentario>Ninguno</comentario>"
        f"<meta><instanceID>uuid:{key}</instanceID></meta></data>"
    ).encode()


def submit(client, xml: bytes, name="xml_submission_file"):
    upload = SimpleUploadedFile("submission.xml", xml, content_type="text/xml")
    return client.post(
        reverse("surveys:openrosa_submission"),
        {name: upload},
        HTTP_X_OPENROSA_VERSION="1.0",
    )


def test_form_list_and_download(client, published_form):
    listing = client.get(reverse("surveys:openrosa_form_list"), HTTP_X_OPENROSA_VERSION="1.0")
    assert listing.status_code == 200
    assert listing["X-OpenRosa-Version"] == "1.0"
    assert listing["Content-Type"].startswith("text/xml")
    root = ET.fromstring(listing.content)
    (xform,) = root.findall("x:xform", NS)
    assert xform.find("x:formID", NS).text == "encuesta_anticorrupcion"
    assert xform.find("x:version", NS).text == "2026110101"
    assert xform.find("x:hash", NS).text.startswith("md5:")
    download = client.get(xform.find("x:downloadUrl", NS).text)
    assert download.status_code == 200 and download["X-OpenRosa-Version"] == "1.0"
    assert b'<data id="encuesta_anticorrupcion" version="2026110101">' in download.content
    assert b'lang="Tsotsil (tzo)"' in download.content


def test_head_before_submission(client):
    response = client.head(reverse("surveys:openrosa_submission"))
    assert response.status_code == 204
    assert int(response["X-OpenRosa-Accept-Content-Length"]) > 0


def test_multipart_submission_is_stored_once(client, published_form):
    key = str(uuid.uuid4())
    first = submit(client, instance(key=key))
    assert first.status_code == 201, first.content
    assert first["X-OpenRosa-Version"] == "1.0"
    assert b"submit_success" in first.content
    response = Response.objects.get()
    assert str(response.uuid) == key
    assert response.channel == Response.Channel.OPENROSA
    assert response.status == Response.Status.SUBMITTED
    assert response.data["tramites"] == ["salud", "policia"]
    assert response.data["denuncias"] == [
        {"institucion": "Fiscalía"},
        {"institucion": "Contraloría"},
    ]
    assert response.data["monto_miles"] == "0.3"
    assert response.municipality.inegi_code == "07089"
    assert response.version == published_form.published_version()
    again = submit(client, instance(key=key))
    assert again.status_code == 202
    assert Response.objects.count() == 1


@pytest.mark.parametrize(
    ("xml", "status", "text"),
    [
        (b"<data id='encuesta_anticorrupcion'><edad>4", 400, "mal formado"),
        (instance(form_id="no_existe"), 404, "no existe"),
        (instance(edad="200"), 400, "entre 15 y 110"),
        (instance(tramites="salud inventado"), 400, "Elija una de las opciones"),
        (
            instance()
            .replace(b"<meta><instanceID>", b"<meta><x>")
            .replace(b"</instanceID>", b"</x>"),
            400,
            "instanceID",
        ),
    ],
)
def test_bad_submissions_are_refused_and_stored_nowhere(client, published_form, xml, status, text):
    response = submit(client, xml)
    assert response.status_code == status
    assert response["X-OpenRosa-Version"] == "1.0"
    assert text in response.content.decode()
    assert Response.objects.count() == 0


def test_missing_file_and_closed_form(client, published_form):
    assert submit(client, instance(), name="otro_archivo").status_code == 400
    Form.objects.filter(pk=published_form.pk).update(status=Form.Status.CLOSED)
    closed = submit(client, instance())
    assert closed.status_code == 403
    assert "cerrado" in closed.content.decode()
    assert Response.objects.count() == 0


def test_submissions_are_rate_limited(client, published_form, settings):
    from django.core.cache import cache

    cache.clear()
    settings.PDE_SURVEYS_POSTS_PER_MINUTE = 1
    assert submit(client, instance()).status_code == 201
    blocked = submit(client, instance())
    assert blocked.status_code == 429 and blocked["Retry-After"] == "60"
    assert Response.objects.count() == 1
    cache.clear()
