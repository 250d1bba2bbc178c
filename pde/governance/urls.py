from django.urls import path

from . import api, views

app_name = "governance"

urlpatterns = [
    path("", views.body_list, name="body_list"),
    path("nuevo/", views.body_form, name="body_create"),
    path("<int:pk>/", views.body_detail, name="body_detail"),
    path("<int:pk>/editar/", views.body_form, name="body_edit"),
    path("<int:pk>/calendario/", views.body_calendar, name="body_calendar"),
    path("<int:body_pk>/integrantes/nuevo/", views.member_form, name="member_create"),
    path("<int:body_pk>/integrantes/<int:pk>/", views.member_form, name="member_edit"),
    path("<int:body_pk>/sesiones/nueva/", views.session_create, name="session_create"),
    path("sesiones/<int:pk>/", views.session_detail, name="session_detail"),
    path("sesiones/<int:pk>/editar/", views.session_edit, name="session_edit"),
    path("sesiones/<int:pk>/orden-del-dia/", views.agenda_item_add, name="agenda_item_add"),
    path("sesiones/<int:pk>/convocar/", views.session_convene, name="session_convene"),
    path("sesiones/<int:pk>/convocatoria.pdf", views.convocation_pdf, name="convocation_pdf"),
    path("sesiones/<int:pk>/asistencia/", views.session_attendance, name="session_attendance"),
    path("sesiones/<int:pk>/acuerdos/", views.agreement_adopt, name="agreement_adopt"),
    path("sesiones/<int:pk>/cerrar/", views.session_close, name="session_close"),
    path("sesiones/<int:pk>/cancelar/", views.session_cancel, name="session_cancel"),
    path("sesiones/<int:pk>/acta.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("sesiones/<int:pk>/acta.docx", views.minutes_docx, name="minutes_docx"),
    path("sesiones/<int:pk>/acta-firmada/", views.signed_minutes_upload, name="signed_minutes"),
    path(
        "sesiones/<int:pk>/acta-firmada.pdf",
        views.signed_minutes_download,
        name="signed_minutes_download",
    ),
    path("puntos/<int:pk>/insumos/", views.supporting_document_add, name="document_add"),
    path("puntos/<int:pk>/votos/", views.item_votes, name="item_votes"),
    path("insumos/<int:pk>/", views.supporting_document_download, name="document_download"),
    path("acuerdos/", views.agreement_list, name="agreement_list"),
    path("acuerdos/vencidos/", views.overdue_list, name="overdue_list"),
    path("acuerdos/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("evidencias/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("publico/", views.public_bodies, name="public_bodies"),
    path("publico/<str:acronym>/acuerdos/", views.public_agreements, name="public_agreements"),
    path(
        "api/publico/<str:acronym>/acuerdos.json",
        api.public_agreements,
        name="api_public_agreements",
    ),
    path("api/convenios/cobertura.json", api.convenio_coverage, name="api_convenio_coverage"),
    path("convenios/", views.convenio_list, name="convenio_list"),
    path("convenios/cobertura/", views.convenio_coverage, name="convenio_coverage"),
    path("convenios/nuevo/", views.convenio_form, name="convenio_create"),
    path("convenios/<int:pk>/", views.convenio_detail, name="convenio_detail"),
    path("convenios/<int:pk>/editar/", views.convenio_form, name="convenio_edit"),
    path("convenios/<int:pk>/documento/", views.convenio_document, name="convenio_document"),
]
