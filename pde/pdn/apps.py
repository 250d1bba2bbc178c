from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PdnConfig(AppConfig):
    name = "pde.pdn"
    label = "pdn"
    verbose_name = _("Sistema Electrónico Estatal: interoperabilidad con la PDN")
