from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "pde.governance"
    label = "governance"
    verbose_name = _("Órganos colegiados y convenios")

    def ready(self):
        from pde.core.navigation import NavEntry, register

        from .selectors import sees_bodies

        section = _("Dirección Jurídica")
        register(
            NavEntry(
                _("Órganos colegiados"),
                "governance:body_list",
                section=section,
                visible=sees_bodies,
            )
        )
        register(
            NavEntry(
                _("Acuerdos"),
                "governance:agreement_list",
                section=section,
                visible=sees_bodies,
            )
        )
        register(
            NavEntry(
                _("Convenios"), "governance:convenio_list", "governance.view_convenio", section
            )
        )
        register(
            NavEntry(
                _("Acuerdos públicos"), "governance:public_bodies", section=section, public=True
            )
        )
