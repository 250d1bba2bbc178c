"""Known respondents: the 124 municipalities' OIC and transparency units, personal links,
invitations and reminders by e-mail, one editable response each, response rates."""

import io

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from pde.core.models import AuditEntry
from pde.surveys import services
from pde.surveys.models import Form, Respondent, Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def diagnostic(db, xlsform_bytes, make_user):
    officer = make_user("liaison_officer")
    version = services.import_xlsform(xlsform_bytes, actor=officer, kind=Form.Kind.DIAGNOSTIC)
    services.publish_version(version, actor=officer)
    form = version.form
    form.refresh_from_db()
    return form, officer


def answer_all(client, code, edad="41"):
    client.post(reverse("surveys:invitation", args=[code]), {"consent": "yes"})
    client.post(reverse("surveys:invitation_page", args=[code, 0]), {"edad": edad})
    client.post(reverse("surveys:invitation_page", args=[code, 1]), {"municipio": "07089"})
    client.post(reverse("surveys:invitation_page", args=[code, 2]), {"soborno": "no"})
    return client.post(reverse("surveys:invitation_end", args=[code]))


def test_municipal_respondents_invitations_and_one_editable_response(client, diagnostic):
    form, officer = diagnostic
    assert services.add_municipal_respondents(form, actor=officer) == 248
    assert services.add_municipal_respondents(form, actor=officer) == 0  # idempotent
    tapachula_oic = form.respondents.get(entity__inegi_code="07089", kind="oic")
    tapachula_oic.email = "oic@tapachula.gob.mx"
    tapachula_oic.save()
    ut = form.respondents.get(entity__inegi_code="07089", kind="transparency")
    ut.email = "ut@tapachula.gob.mx"
    ut.save()

    assert services.send_invitations(form, base_url="https://pde.example", actor=officer) == 2
    assert len(mail.outbox) == 2
    message = next(m for m in mail.outbox if m.to == ["oic@tapachula.gob.mx"])
    assert f"https://pde.example/encuestas/i/{tapachula_oic.access_code}/" in message.body
    tapachula_oic.refresh_from_db()
    assert tapachula_oic.status == Respondent.Status.INVITED

    # The OIC answers through its personal link.
    done = answer_all(client, tapachula_oic.access_code)
    assert done.status_code == 302
    tapachula_oic.refresh_from_db()
    assert tapachula_oic.status == Respondent.Status.SUBMITTED
    response = Response.objects.get(respondent=tapachula_oic)
    assert response.channel == Response.Channel.INVITATION
    assert response.municipality.inegi_code == "07089"

    # ...and may edit it until the questionnaire closes: still one response.
    answer_all(client, tapachula_oic.access_code, edad="42")
    assert Response.objects.filter(respondent=tapachula_oic).count() == 1
    response.refresh_from_db()
    assert response.data["edad"] == 42

    # Reminders go only to who has been invited and has not submitted.
    mail.outbox.clear()
    assert services.send_invitations(form, base_url="", reminder=True, actor=officer) == 1
    assert mail.outbox[0].to == ["ut@tapachula.gob.mx"]
    assert mail.outbox[0].subject.startswith("Recordatorio")

    services.set_form_status(form, Form.Status.CLOSED, actor=officer)
    client.post(
        reverse("surveys:invitation_page", args=[tapachula_oic.access_code, 0]), {"edad": "60"}
    )
    response.refresh_from_db()
    assert response.data["edad"] == 42
    assert AuditEntry.objects.filter(action="surveys.form.closed").exists()


def test_unknown_access_code_is_404(client, diagnostic):
    assert client.get(reverse("surveys:invitation", args=["no-existe"])).status_code == 404


def test_response_rate_dashboard_and_export(client, diagnostic, make_user):
    form, officer = diagnostic
    services.add_municipal_respondents(form, actor=officer)
    first = form.respondents.filter(kind="oic").first()
    answer_all(client, first.access_code)
    client.force_login(officer)
    page = client.get(reverse("surveys:respondents", args=[form.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Órgano Interno de Control" in html
    assert "0,8" in html or "0.8" in html  # 1 of 124
    filtered = client.get(reverse("surveys:respondents", args=[form.pk]) + "?estado=submitted")
    assert first.name in filtered.content.decode()

    export = client.get(reverse("surveys:respondents_export", args=[form.pk]) + "?formato=xlsx")
    assert export.status_code == 200
    book = load_workbook(io.BytesIO(export.content))
    rates = list(book["Tasa de respuesta"].values)
    assert rates[0] == ("Tipo", "Total", "Enviadas", "Tasa de respuesta (%)")
    assert ("Órgano Interno de Control", 124, 1, 0.8) in rates
    assert len(list(book["Personas"].values)) == 249
    assert AuditEntry.objects.filter(action="surveys.respondents.exported").exists()

    # Another role has no access.
    client.force_login(make_user("archive_officer"))
    assert client.get(reverse("surveys:respondents", args=[form.pk])).status_code == 403


def test_invitations_need_an_open_questionnaire(client, diagnostic):
    form, officer = diagnostic
    services.set_form_status(form, Form.Status.CLOSED, actor=officer)
    client.force_login(officer)
    response = client.post(reverse("surveys:respondents_invite", args=[form.pk]), follow=True)
    assert "Abra el cuestionario" in response.content.decode()


def test_add_one_respondent_by_hand(client, diagnostic):
    form, officer = diagnostic
    client.force_login(officer)
    url = reverse("surveys:respondent_add", args=[form.pk])
    empty = client.post(url, {"kind": "other", "name": "  "}, follow=True)
    assert "Nombre o área" in empty.content.decode()
    assert form.respondents.count() == 0
    client.post(url, {"kind": "other", "name": "Contraloría del Congreso", "email": "c@x.mx"})
    respondent = form.respondents.get()
    assert respondent.kind == "other" and respondent.email == "c@x.mx"
    assert len(respondent.access_code) >= 16
    assert AuditEntry.objects.filter(action="surveys.respondent.added").exists()
