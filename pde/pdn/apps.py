from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PdnConfig(AppConfig):
    name = "pde.pdn"
    label = "pdn"
    verbose_name = _("Sistema Electrónico Estatal: interoperabilidad con la PDN")

    def ready(self) -> None:
        from pde.core.navigation import NavEntry, register

        section = _("Sistema Electrónico Estatal")
        register(
            NavEntry(
                _("Clientes de la API PDN"),
                "pdn:client_list",
                permission="pdn.manage_apiclient",
                section=section,
            )
        )
        register(
            NavEntry(_("Documentación de las APIs"), "pdn:api_docs", section=section, public=True)
        )
        from pde.pdn.views.delivery import register_menu  # delivery by the entes generadores

        register_menu()

        # The PDN specs impose the password grant (settings.py silences its deploy
        # check for that reason); django-oauth-toolkit would otherwise warn on every
        # token request.
        import logging
        import warnings

        warnings.filterwarnings("ignore", message=".*resource owner password credentials grant.*")
        logging.getLogger("oauth2_provider").addFilter(_PasswordGrantNotice())


class _PasswordGrantNotice:
    def filter(self, record) -> bool:
        return "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT" not in record.getMessage()
