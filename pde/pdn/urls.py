from django.urls import path

from pde.pdn.api import docs, oauth, records, s1
from pde.pdn.api import ingest as ingest_api
from pde.pdn.views import clients, delivery

app_name = "pdn"

urlpatterns: list = [
    # OAuth 2.0 (tokenUrl of every PDN spec is /oauth).
    path("oauth", oauth.token, name="oauth"),
    path("oauth/token", oauth.token, name="oauth_token"),
    # PDN APIs, at the paths the national specs fix.
    path("v2/declaraciones", s1.declaraciones, name="s1_declaraciones"),
    path("v1/spic", records.spic, name="s2_spic"),
    path("v1/spic/dependencias", records.spic_dependencias, name="s2_dependencias"),
    path("v1/ssancionados", records.ssancionados, name="s3_ssancionados"),
    path(
        "v1/ssancionados/dependencias",
        records.ssancionados_dependencias,
        name="s3_ssancionados_dependencias",
    ),
    path("v1/psancionados", records.psancionados, name="s3_psancionados"),
    path(
        "v1/psancionados/dependencias",
        records.psancionados_dependencias,
        name="s3_psancionados_dependencias",
    ),
    path("contrataciones-abiertas", records.contrataciones_abiertas, name="s6_contrataciones"),
    # Our OpenAPI document and its page.
    path("api/openapi.json", docs.openapi_json, name="openapi"),
    path("api/docs/", docs.docs_page, name="api_docs"),
    # Administration of API clients (secretariat administrator).
    path("sistema-electronico/clientes/", clients.client_list, name="client_list"),
    path("sistema-electronico/clientes/nuevo/", clients.client_create, name="client_create"),
    path("sistema-electronico/clientes/<int:pk>/", clients.client_detail, name="client_detail"),
    path(
        "sistema-electronico/clientes/<int:pk>/renovar/",
        clients.client_rotate,
        name="client_rotate",
    ),
    path(
        "sistema-electronico/clientes/<int:pk>/revocar/",
        clients.client_revoke,
        name="client_revoke",
    ),
    path(
        "sistema-electronico/clientes/<int:pk>/datos-no-publicos/",
        clients.client_non_public,
        name="client_non_public",
    ),
    path("sistema-electronico/consultas/", clients.call_log, name="call_log"),
    # Delivery by the entes generadores: push API, uploads, reports, harvests.
    path("api/ingest/<str:system>", ingest_api.ingest, name="ingest"),
    path(
        "api/ingest/<str:system>/jobs/<int:batch_id>",
        ingest_api.ingest_status,
        name="ingest_status",
    ),
    path("sistema-electronico/entregas/", delivery.dashboard, name="delivery_dashboard"),
    path("sistema-electronico/entregas/historial/", delivery.batch_list, name="delivery_batches"),
    path("sistema-electronico/entregas/cargar/", delivery.upload, name="delivery_upload"),
    path(
        "sistema-electronico/entregas/plantilla/<str:system>.<str:fmt>",
        delivery.template_download,
        name="delivery_template",
    ),
    path("sistema-electronico/entregas/<int:pk>/", delivery.batch_detail, name="delivery_batch"),
    path(
        "sistema-electronico/entregas/<int:pk>/reporte.<str:fmt>",
        delivery.batch_report,
        name="delivery_report",
    ),
    path("sistema-electronico/entregas/claves/", delivery.tokens, name="delivery_tokens"),
    path(
        "sistema-electronico/entregas/claves/<int:pk>/revocar/",
        delivery.token_revoke,
        name="delivery_token_revoke",
    ),
    path("sistema-electronico/entregas/cosechas/", delivery.harvest_list, name="delivery_harvests"),
    path(
        "sistema-electronico/entregas/cosechas/nueva/",
        delivery.harvest_edit,
        name="delivery_harvest_add",
    ),
    path(
        "sistema-electronico/entregas/cosechas/<int:pk>/",
        delivery.harvest_detail,
        name="delivery_harvest",
    ),
    path(
        "sistema-electronico/entregas/cosechas/<int:pk>/editar/",
        delivery.harvest_edit,
        name="delivery_harvest_edit",
    ),
    path(
        "sistema-electronico/entregas/cosechas/<int:pk>/ejecutar/",
        delivery.harvest_run,
        name="delivery_harvest_run",
    ),
    path(
        "sistema-electronico/entregas/cosechas/<int:pk>/eliminar/",
        delivery.harvest_delete,
        name="delivery_harvest_delete",
    ),
]
