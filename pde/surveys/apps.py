from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "pde.surveys"
    label = "surveys"
    verbose_name = _("Encuestas y cuestionarios diagnósticos")

    def ready(self) -> None:
        from pde.core.navigation import NavEntry, register

        register(
            NavEntry(
                _("Encuestas"), "surveys:form_list", "surveys.view_form", section=_("Vinculación")
            )
        )
