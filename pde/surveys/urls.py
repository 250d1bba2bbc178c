from django.urls import path

from . import api, offline, openrosa, views

app_name = "surveys"

urlpatterns = [
    # Staff
    path("", views.form_list, name="form_list"),
    path("importar/", views.form_import, name="form_import"),
    path("importar/plantilla.xlsx", views.xlsform_template, name="xlsform_template"),
    path("<int:pk>/", views.form_detail, name="form_detail"),
    path("<int:pk>/estado/", views.form_status, name="form_status"),
    path(
        "<int:pk>/versiones/<int:number>/publicar/",
        views.version_publish,
        name="version_publish",
    ),
    path("<int:pk>/versiones/<int:number>/xlsform/", views.version_xlsform, name="version_xlsform"),
    path("<int:pk>/personas/", views.respondents, name="respondents"),
    path(
        "<int:pk>/personas/municipios/",
        views.respondents_add_municipal,
        name="respondents_add_municipal",
    ),
    path("<int:pk>/personas/nueva/", views.respondent_add, name="respondent_add"),
    path("<int:pk>/personas/invitar/", views.respondents_invite, name="respondents_invite"),
    path("<int:pk>/personas/exportar/", views.respondents_export, name="respondents_export"),
    path(
        "<int:pk>/personas/<int:respondent_id>/correo/",
        views.respondent_email,
        name="respondent_email",
    ),
    path("<int:pk>/audios/", views.media_upload, name="media_upload"),
    path("medios/<slug:form_id>/<str:filename>", views.media_file, name="media_file"),
    path("<int:pk>/resultados/", views.results, name="results"),
    path("<int:pk>/resultados/exportar/", views.results_export, name="results_export"),
    path("api/cifras/", api.live_figures, name="api_live_figures"),
    # Public web survey (no login)
    path("publicas/", views.public_index, name="public_index"),
    path("r/<slug:form_id>/", views.runtime_start, name="public_start"),
    path("r/<slug:form_id>/p/<int:index>/", views.runtime_page, name="public_page"),
    path("r/<slug:form_id>/fin/", views.runtime_end, name="public_end"),
    # OpenRosa (ODK Collect)
    path("openrosa/formList", openrosa.form_list, name="openrosa_form_list"),
    path("openrosa/forms/<slug:form_id>/form.xml", openrosa.form_download, name="openrosa_form"),
    path("openrosa/submission", openrosa.submission, name="openrosa_submission"),
    # Offline app (installable, service worker + IndexedDB)
    path("campo/sw.js", offline.service_worker, name="offline_sw"),
    path("campo/<slug:form_id>/", offline.app, name="offline_app"),
    path("campo/<slug:form_id>/formulario.json", offline.definition, name="offline_definition"),
    path("campo/<slug:form_id>/manifest.webmanifest", offline.manifest, name="offline_manifest"),
    path("campo/<slug:form_id>/sincronizar/", offline.sync, name="offline_sync"),
    # Known respondents (personal link)
    path("i/<str:code>/", views.runtime_start, name="invitation"),
    path("i/<str:code>/p/<int:index>/", views.runtime_page, name="invitation_page"),
    path("i/<str:code>/fin/", views.runtime_end, name="invitation_end"),
]
