from django.urls import path

from . import api, views

app_name = "transparency"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("solicitudes/", views.request_list, name="request_list"),
    path("solicitudes/nueva/", views.request_create, name="request_create"),
    path("solicitudes/<int:pk>/", views.request_detail, name="request_detail"),
    path("solicitudes/<int:pk>/<slug:action>/", views.request_action, name="request_action"),
    path("recursos/<int:pk>/", views.appeal_update, name="appeal_update"),
    path("comite/", views.session_list, name="session_list"),
    path("comite/nueva/", views.session_create, name="session_create"),
    path("comite/<int:pk>/", views.session_detail, name="session_detail"),
    path("reservados/", views.reserved_index, name="reserved_index"),
    path("informes/", views.quarterly_report, name="quarterly_report"),
    path("informes/pdf/", views.quarterly_report_pdf, name="quarterly_report_pdf"),
    path("informes/xlsx/", views.quarterly_report_xlsx, name="quarterly_report_xlsx"),
    path("obligaciones/", views.obligations, name="obligations"),
    path(
        "obligaciones/<int:pk>/<int:year>/<int:quarter>/",
        views.obligation_edit,
        name="obligation_edit",
    ),
    path("datos-personales/", views.personal_data, name="personal_data"),
    path("reglas/", views.rule_sets, name="rule_sets"),
    path("consulta/", views.public_lookup, name="public_lookup"),
    path("api/cifras/<int:year>/<int:quarter>/", api.figures, name="api_figures"),
]
