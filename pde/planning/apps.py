from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "pde.planning"
    label = "planning"
    verbose_name = _("Programa Anual de Trabajo e informes")
