from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Plataforma Digital Estatal — administración")
admin.site.site_title = _("PDE administración")
admin.site.index_title = _("Administración de la plataforma")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("cuenta/", include("pde.core.auth_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("declaraciones/", include("pde.declarations.urls")),
    path("organos-colegiados/", include("pde.governance.urls")),
    path("encuestas/", include("pde.surveys.urls")),
    path("transparencia/", include("pde.transparency.urls")),
    path("archivo/", include("pde.archive.urls")),
    path("planeacion/", include("pde.planning.urls")),
    # The PDN APIs live at the paths the national specs fix (/oauth, /v2/..., /v1/...).
    path("", include("pde.pdn.urls")),
    path("", include("pde.core.urls")),
]

handler400 = "pde.core.views.bad_request"
handler403 = "pde.core.views.permission_denied"
handler404 = "pde.core.views.page_not_found"
handler500 = "pde.core.views.server_error"
