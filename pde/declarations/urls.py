from django.urls import path

from .views import declarant, public

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
    # Public version
    path("consulta/", public.search, name="public_search"),
    path("consulta/<uuid:pk>/", public.detail, name="public_detail"),
]
