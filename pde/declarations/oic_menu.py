"""Menu entries of the internal-control body (imported from the app's ready())."""

from django.utils.translation import gettext_lazy as _

from pde.core.navigation import NavEntry, register

SECTION = _("Órgano Interno de Control")

register(
    NavEntry(
        _("Padrón de obligados"),
        "declarations:oic_roster",
        "declarations.view_obligatedservant",
        section=SECTION,
    )
)
register(
    NavEntry(
        _("Cumplimiento"),
        "declarations:oic_compliance",
        "declarations.view_obligatedservant",
        section=SECTION,
    )
)
register(
    NavEntry(
        _("Declaraciones recibidas"),
        "declarations:oic_reception",
        "declarations.receive_declaration",
        section=SECTION,
    )
)
