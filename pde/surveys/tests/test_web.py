"""The public web survey: consent, skip logic, constraints in the respondent's language,
resume on the same device, rate limiting, submission."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from pde.surveys.models import Form, Response

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def start(client, form, lang="es"):
    url = reverse("surveys:public_start", args=[form.form_id])
    return client.post(url, {"consent": "yes", "lang": lang})


def page_url(form, index):
    return reverse("surveys:public_page", args=[form.form_id, index])


def test_consent_is_required_before_the_first_question(client, published_form):
    url = reverse("surveys:public_start", args=[published_form.form_id])
    page = client.get(url + "?lang=tzh")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Smelol mukul k&#x27;op" in html  # the form's own privacy notice, in tseltal
    assert "Ya jk&#x27;an ya jtak&#x27;" in html  # "accept" from the form's pde_ui list
    refused = client.post(url, {"lang": "es"})
    assert refused.status_code == 400
    assert "debe aceptar el aviso de privacidad" in refused.content.decode()
    assert Response.objects.count() == 0

    accepted = start(client, published_form, "tzh")
    assert accepted.status_code == 302
    response = Response.objects.get()
    assert response.consent_at is not None
    assert response.language == "tzh" and response.channel == Response.Channel.WEB
    assert accepted["Location"].startswith(page_url(published_form, 0))


def test_full_flow_with_skip_logic_and_constraints(client, published_form):
    start(client, published_form, "tzh")
    # The constraint message comes in tseltal, at the question.
    bad = client.post(page_url(published_form, 0), {"edad": "7", "action": "next"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "Te ja&#x27;wilal ya sk&#x27;an ay ta 15 sok 110." in html
    assert 'aria-invalid="true"' in html
    not_a_number = client.post(page_url(published_form, 0), {"edad": "doce"})
    assert not_a_number.status_code == 400

    # Switching language at any time keeps the answers as codes.
    client.post(page_url(published_form, 0) + "?lang=es", {"edad": "34"})
    client.post(page_url(published_form, 1), {"municipio": "07078"})
    required = client.post(page_url(published_form, 2), {})
    assert "Esta pregunta es obligatoria." in required.content.decode()
    # "No" skips tramites, monto, fecha and the repeat: straight to the comment.
    answer = client.post(page_url(published_form, 2), {"soborno": "no"})
    assert answer["Location"].startswith(page_url(published_form, 7))
    response = Response.objects.get()
    assert response.language == "es"
    assert response.data == {"edad": 34, "municipio": "07078", "soborno": "no"}
    done = client.post(page_url(published_form, 7), {"comentario": ""})
    end_url = reverse("surveys:public_end", args=[published_form.form_id])
    assert done["Location"].startswith(end_url)
    review = client.get(end_url)
    assert "San Cristóbal de las Casas" in review.content.decode()  # labels, not codes
    client.post(end_url)
    response.refresh_from_db()
    assert response.status == Response.Status.SUBMITTED
    assert response.municipality.inegi_code == "07078"
    thanks = client.get(end_url + "?lang=tzo")
    assert "Kolavalik." in thanks.content.decode()


def test_yes_branch_repeat_and_multiple_choice(client, published_form):
    start(client, published_form)
    client.post(page_url(published_form, 0), {"edad": "40"})
    client.post(page_url(published_form, 1), {"municipio": "07089"})
    client.post(page_url(published_form, 2), {"soborno": "si"})
    too_many = client.post(
        page_url(published_form, 3), {"tramites": ["licencia", "salud", "escuela", "policia"]}
    )
    assert "Elija como máximo tres trámites." in too_many.content.decode()
    client.post(page_url(published_form, 3), {"tramites": ["salud", "policia"]})
    client.post(page_url(published_form, 4), {"monto": "-5"})
    client.post(page_url(published_form, 4), {"monto": "1500.50"})
    client.post(page_url(published_form, 5), {"fecha_hecho": "2026-03-01"})
    added = client.post(
        page_url(published_form, 6),
        {"instances": "1", "denuncias-0-institucion": "Fiscalía", "action": "add"},
    )
    assert added.status_code == 200
    assert "denuncias-1-institucion" in added.content.decode()
    client.post(
        page_url(published_form, 6),
        {
            "instances": "2",
            "denuncias-0-institucion": "Fiscalía",
            "denuncias-1-institucion": "Contraloría",
        },
    )
    response = Response.objects.get()
    assert response.data["tramites"] == ["salud", "policia"]
    assert response.data["monto"] == 1500.5
    assert response.data["monto_miles"] == "1.5005"
    assert response.data["denuncias"] == [
        {"institucion": "Fiscalía"},
        {"institucion": "Contraloría"},
    ]
    # Changing the answer to "no" drops the now irrelevant answers on submission.
    client.post(page_url(published_form, 2), {"soborno": "no"})
    client.post(reverse("surveys:public_end", args=[published_form.form_id]))
    response.refresh_from_db()
    assert response.status == Response.Status.SUBMITTED
    assert "tramites" not in response.data and "denuncias" not in response.data


def test_resume_on_the_same_device_only(client, published_form, django_user_model):
    start(client, published_form)
    client.post(page_url(published_form, 0), {"edad": "50"})
    again = client.get(reverse("surveys:public_start", args=[published_form.form_id]))
    assert "Continuar donde se quedó" in again.content.decode()
    from django.test import Client

    other_device = Client()
    fresh = other_device.get(reverse("surveys:public_start", args=[published_form.form_id]))
    assert "Continuar donde se quedó" not in fresh.content.decode()
    assert other_device.get(page_url(published_form, 1)).status_code == 302


def test_closed_form_accepts_nothing(client, published_form):
    start(client, published_form)
    Form.objects.filter(pk=published_form.pk).update(status=Form.Status.CLOSED)
    closed = client.get(reverse("surveys:public_start", args=[published_form.form_id]))
    assert closed.status_code == 410
    client.post(page_url(published_form, 0), {"edad": "50"})
    assert Response.objects.get().data == {}


@override_settings(PDE_SURVEYS_STARTS_PER_HOUR=2)
def test_new_responses_are_rate_limited_per_address(client, published_form):
    from django.test import Client

    for _ in range(2):
        assert start(Client(), published_form).status_code == 302
    blocked = start(Client(), published_form)
    assert blocked.status_code == 429
    assert "Demasiadas solicitudes" in blocked.content.decode()
    assert Response.objects.count() == 2


def test_audio_per_language_for_people_who_do_not_read(
    client, published_form, make_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    from pde.core.models import AuditEntry
    from pde.surveys import services

    officer = make_user("liaison_officer")
    assert services.referenced_media(published_form) == {
        "edad_tzh.mp3",
        "edad_tzo.mp3",
        "soborno_tzh.mp3",
        "soborno_tzo.mp3",
    }
    with pytest.raises(services.SurveyError, match="no aparece en ninguna columna"):
        services.upload_media(published_form, "otro.mp3", b"ID3", actor=officer)
    client.force_login(officer)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = client.post(
        reverse("surveys:media_upload", args=[published_form.pk]),
        {"media": [SimpleUploadedFile("edad_tzh.mp3", b"ID3-audio", content_type="audio/mpeg")]},
        follow=True,
    )
    assert "Audio «edad_tzh.mp3» guardado." in upload.content.decode()
    assert AuditEntry.objects.filter(action="surveys.media.uploaded").count() == 1
    client.logout()

    start(client, published_form, "tzh")
    page = client.get(page_url(published_form, 0) + "?lang=tzh").content.decode()
    audio_url = reverse("surveys:media_file", args=[published_form.form_id, "edad_tzh.mp3"])
    assert f'<audio class="question-audio" controls preload="none" src="{audio_url}"' in page
    served = client.get(audio_url)
    assert served["Content-Type"] == "audio/mpeg"
    assert b"".join(served.streaming_content) == b"ID3-audio"
    # In Spanish there is no audio for this question.
    assert "<audio" not in client.get(page_url(published_form, 0) + "?lang=es").content.decode()
