from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _files_declarations(user) -> bool:
    """Declarants and anyone linked to a padrón entry; an OIC officer (who also holds
    this permission) reaches the declarations they capture from the OIC pages."""
    from pde.core.roles import DECLARANT

    return user.groups.filter(name=DECLARANT).exists() or user.servant_records.exists()


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
                visible=_files_declarations,
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
