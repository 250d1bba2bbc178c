"""The platform's roles, kept as Django groups.

Each role lists the permissions it grants as ``app_label.codename`` patterns
(``*`` wildcards). ``sync_roles`` (run after every migrate) creates the groups
and grants whatever permissions exist now, so a new app only adds patterns
here and its permissions reach the right people on the next migrate.
"""

from dataclasses import dataclass
from fnmatch import fnmatchcase

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Role:
    code: str
    name: str
    description: str
    permissions: tuple[str, ...]
    # Scoped roles see only the entes in the user's scope_entities.
    scoped: bool = False
    # A data provider delivers for exactly one ente.
    single_entity: bool = False


ADMIN = "secretariat_admin"
OIC_OFFICER = "oic_officer"
DECLARANT = "declarant"
DATA_PROVIDER = "data_provider"
TRANSPARENCY_OFFICER = "transparency_officer"
ARCHIVE_OFFICER = "archive_officer"
LIAISON_OFFICER = "liaison_officer"
LEGAL_OFFICER = "legal_officer"
PLANNING_OFFICER = "planning_officer"
AUDITOR = "auditor"

ROLES: tuple[Role, ...] = (
    Role(
        ADMIN,
        _("Administración de la Secretaría Ejecutiva"),
        _("Administra entes, usuarios, roles, calendario y la configuración de la plataforma."),
        ("*",),
    ),
    Role(
        OIC_OFFICER,
        _("Órgano Interno de Control"),
        _("Lleva el padrón, recibe declaraciones y da seguimiento a omisos de sus entes."),
        ("core.view_publicentity", "core.view_user", "declarations.*"),
        scoped=True,
    ),
    Role(
        DECLARANT,
        _("Persona declarante"),
        _("Presenta sus declaraciones patrimoniales, de intereses y fiscal."),
        ("declarations.add_declaration", "declarations.view_own_declaration"),
    ),
    Role(
        DATA_PROVIDER,
        _("Ente generador"),
        _("Entrega los datos de su ente a los sistemas S2, S3 y S6."),
        ("core.view_publicentity", "pdn.add_*", "pdn.view_*", "pdn.deliver_*"),
        scoped=True,
        single_entity=True,
    ),
    Role(
        TRANSPARENCY_OFFICER,
        _("Unidad de Transparencia"),
        _("Atiende solicitudes de información y ARCO, obligaciones e informes."),
        ("core.view_publicentity", "core.*_nonbusinessperiod", "transparency.*"),
    ),
    Role(
        ARCHIVE_OFFICER,
        _("Coordinación de Archivo"),
        _("Cuadro de clasificación, catálogo de disposición, expedientes y transferencias."),
        ("core.view_publicentity", "archive.*"),
    ),
    Role(
        LIAISON_OFFICER,
        _("Dirección de Vinculación"),
        _("Encuestas y cuestionarios diagnósticos municipales."),
        ("core.view_publicentity", "surveys.*"),
    ),
    Role(
        LEGAL_OFFICER,
        _("Dirección Jurídica"),
        _("Órganos colegiados, sesiones, acuerdos y convenios."),
        ("core.view_publicentity", "governance.*"),
    ),
    Role(
        PLANNING_OFFICER,
        _("Planeación"),
        _("Programa Anual de Trabajo e informe trimestral."),
        ("core.view_publicentity", "planning.*"),
    ),
    Role(
        AUDITOR,
        _("Auditoría (sólo lectura)"),
        _("Consulta la información de todas las áreas y la bitácora, sin modificar nada."),
        ("*.view_*", "core.verify_auditentry"),
    ),
)

ROLES_BY_CODE = {role.code: role for role in ROLES}


def permission_matches(role: Role, app_label: str, codename: str) -> bool:
    name = f"{app_label}.{codename}"
    return any(fnmatchcase(name, pattern) for pattern in role.permissions)
