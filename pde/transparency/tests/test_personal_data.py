"""The registry of privacy notices and impact assessments."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from pde.transparency import services
from pde.transparency.models import ImpactAssessment, PrivacyNotice, PrivacyNoticeVersion

D = dt.date


def test_the_registry_starts_with_the_seed_records(db):
    titles = set(PrivacyNotice.objects.values_list("title", flat=True))
    assert "Aviso de privacidad de la aplicación DeclaraFácil PI Portable" in titles
    assert any("videoconferencia" in title for title in titles)
    assessment = ImpactAssessment.objects.get()
    assert "(S1) del Sistema Electrónico Estatal de Chiapas" in assessment.title
    assert assessment.status == ImpactAssessment.Status.SUBMITTED


def test_notice_versions_are_numbered_per_kind_and_need_changes(officer):
    notice = PrivacyNotice.objects.first()
    first = services.add_notice_version(
        notice, kind="integral", published_on=D(2021, 4, 27), by=officer
    )
    simplified = services.add_notice_version(notice, kind="simplified", by=officer)
    assert (first.version, simplified.version) == (1, 1)
    with pytest.raises(ValidationError) as error:
        services.add_notice_version(notice, kind="integral", published_on=D(2022, 1, 10))
    assert "changes" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.add_notice_version(
            notice, kind="integral", published_on=D(2021, 1, 10), changes="Nuevas finalidades"
        )
    assert "published_on" in error.value.message_dict
    second = services.add_notice_version(
        notice, kind="integral", published_on=D(2022, 1, 10), changes="Nuevas finalidades"
    )
    assert second.version == 2
    assert PrivacyNoticeVersion.objects.filter(notice=notice).count() == 3


def test_impact_assessment_dates_follow_the_procedure(officer):
    assessment = ImpactAssessment(
        title="Evaluación de prueba", system="S5", status="approved", submitted_on=D(2021, 6, 1)
    )
    with pytest.raises(ValidationError) as error:
        services.save_impact_assessment(assessment, by=officer)
    assert error.value.message_dict["opinion_on"] == ["Registre la fecha del dictamen."]
    assessment.opinion_on = D(2021, 5, 1)
    with pytest.raises(ValidationError) as error:
        services.save_impact_assessment(assessment, by=officer)
    assert "opinion_on" in error.value.message_dict
    assessment.opinion_on = D(2021, 8, 1)
    services.save_impact_assessment(assessment, by=officer)
    assert ImpactAssessment.objects.filter(status="approved").count() == 1


def test_the_page_registers_a_version(client, officer):
    client.force_login(officer)
    notice = PrivacyNotice.objects.first()
    response = client.post(
        "/transparencia/datos-personales/",
        {
            "form": "version",
            "version-notice": notice.pk,
            "version-kind": "integral",
            "version-published_on": "2021-04-27",
        },
    )
    assert response.status_code == 302
    html = client.get("/transparencia/datos-personales/").content.decode()
    assert "Integral v1 (27/04/2021)" in html


def test_the_auditor_cannot_write_the_registry(client, make_user):
    client.force_login(make_user("auditor"))
    assert client.get("/transparencia/datos-personales/").status_code == 200
    response = client.post(
        "/transparencia/datos-personales/",
        {"form": "notice", "notice-title": "X", "notice-system_or_activity": "Y"},
    )
    assert response.status_code == 403
    assert not PrivacyNotice.objects.filter(title="X").exists()
