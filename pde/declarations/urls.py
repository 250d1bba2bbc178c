from django.urls import path

from .views import declarant, oic, public

app_name = "declarations"

urlpatterns: list = [
    # Declarant
    path("mis-declaraciones/", declarant.my_declarations, name="my_declarations"),
    path("mis-declaraciones/nueva/", declarant.start, name="start"),
    path("mis-declaraciones/<uuid:pk>/", declarant.declaration_detail, name="declaration_detail"),
    path("mis-declaraciones/<uuid:pk>/apartado/<str:key>/", declarant.section, name="section"),
    path(
        "mis-declaraciones/<uuid:pk>/apartado/<str:key>/registro/nuevo/",
        declarant.item,
        name="item_add",
    ),
    path(
        "mis-declaraciones/<uuid:pk>/apartado/<str:key>/registro/<int:index>/",
        declarant.item,
        name="item_edit",
    ),
    path(
        "mis-declaraciones/<uuid:pk>/apartado/<str:key>/registro/<int:index>/eliminar/",
        declarant.item_remove,
        name="item_remove",
    ),
    path("mis-declaraciones/<uuid:pk>/revision/", declarant.review, name="review"),
    path("mis-declaraciones/<uuid:pk>/presentar/", declarant.submit, name="submit"),
    path("mis-declaraciones/<uuid:pk>/descartar/", declarant.discard, name="discard"),
    path("mis-declaraciones/<uuid:pk>/acuse.pdf", declarant.acuse, name="acuse"),
    path("mis-declaraciones/<uuid:pk>/corregir/", declarant.correct, name="correct"),
    path(
        "mis-declaraciones/<uuid:pk>/constancia-fiscal/",
        declarant.fiscal_proof,
        name="fiscal_proof",
    ),
    # Internal-control body (OIC)
    path("oic/padron/", oic.roster_list, name="oic_roster"),
    path("oic/padron/nuevo/", oic.servant_create, name="oic_servant_create"),
    path("oic/padron/importar/", oic.roster_import, name="oic_roster_import"),
    path("oic/padron/plantilla.<str:fmt>", oic.roster_template, name="oic_roster_template"),
    path("oic/padron/<int:pk>/", oic.servant_detail, name="oic_servant_detail"),
    path("oic/padron/<int:pk>/editar/", oic.servant_edit, name="oic_servant_edit"),
    path("oic/padron/<int:pk>/capturar/", oic.start_on_behalf, name="oic_start_on_behalf"),
    path("oic/cargas/<uuid:pk>/", oic.batch_detail, name="oic_batch_detail"),
    path("oic/cargas/<uuid:pk>/informe.csv", oic.batch_report, name="oic_batch_report"),
    path("oic/cumplimiento/", oic.compliance, name="oic_compliance"),
    path("oic/cumplimiento/exportar.xlsx", oic.compliance_export, name="oic_compliance_export"),
    path("oic/cumplimiento/recordatorios/", oic.compliance_remind, name="oic_compliance_remind"),
    path("oic/importar/", oic.declaration_import, name="oic_declaration_import"),
    path("oic/declaraciones/", oic.reception_list, name="oic_reception"),
    path("oic/declaraciones/<uuid:pk>/", oic.declaration_detail, name="oic_declaration_detail"),
    path("oic/declaraciones/<uuid:pk>/acuse.pdf", oic.declaration_acuse, name="oic_acuse"),
    # Public version
    path("consulta/", public.search, name="public_search"),
    path("consulta/<uuid:pk>/", public.detail, name="public_detail"),
    path("verificar-acuse/", public.verify_acuse, name="verify_acuse"),
]
