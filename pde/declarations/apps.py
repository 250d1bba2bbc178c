from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeclarationsConfig(AppConfig):
    name = "pde.declarations"
    label = "declarations"
    verbose_name = _("Declaraciones patrimoniales y de intereses (S1)")

    def ready(self) -> None:
        import pde.declarations.oic_menu  # noqa: F401  (the OIC's menu entries)
        from pde.core.navigation import NavEntry, register

        from . import signals  # noqa: F401  (immutability guard)

        register(
            NavEntry(
                _("Mis declaraciones"),
                "declarations:my_declarations",
                "declarations.view_own_declaration",
                section=_("Declaraciones"),
            )
        )
        register(
            NavEntry(
                _("Verificar un acuse"),
                "declarations:verify_acuse",
                section=_("Declaraciones"),
                public=True,
            )
        )
        register(
            NavEntry(
                _("Consulta de declaraciones"),
                "declarations:public_search",
                section=_("Declaraciones"),
                public=True,
            )
        )
