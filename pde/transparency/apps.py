from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransparencyConfig(AppConfig):
    name = "pde.transparency"
    label = "transparency"
    verbose_name = _("Unidad de Transparencia")

    def ready(self) -> None:
        from pde.core.navigation import NavEntry, register

        section = _("Transparencia")
        register(
            NavEntry(
                _("Unidad de Transparencia"),
                "transparency:dashboard",
                "transparency.view_accessrequest",
                section,
            )
        )
        register(
            NavEntry(
                _("Solicitudes de información"),
                "transparency:request_list",
                "transparency.view_accessrequest",
                section,
            )
        )
        register(
            NavEntry(
                _("Comité de Transparencia"),
                "transparency:session_list",
                "transparency.view_committeesession",
                section,
            )
        )
        register(
            NavEntry(
                _("Obligaciones de transparencia"),
                "transparency:obligations",
                "transparency.view_obligationfraction",
                section,
            )
        )
        register(
            NavEntry(
                _("Consulta de solicitudes"),
                "transparency:public_lookup",
                section=section,
                public=True,
            )
        )
