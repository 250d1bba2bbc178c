"""Demo users for every role and a few declared non-business days, for trying the platform."""

import datetime as dt

from django.db import transaction

from . import roles
from .models import NonBusinessPeriod, PublicEntity, User
from .services import assign_role, record_event

# Demo accounts only exist with PDE_DEBUG on (see the demo-data command).
DEMO_PASSWORD = "demo-pde-2026"  # noqa: S105
SECRETARIAT = "SESAECH"

# (username, first name, last name, role, entity of assignment, scope)
# Entities are named by acronym or INEGI code.
DEMO_USERS = (
    ("admin", "Ana", "Gómez Ruiz", roles.ADMIN, SECRETARIAT, ()),
    ("oic.tapachula", "Jorge", "Pérez Nandayapa", roles.OIC_OFFICER, "07089", ("07089",)),
    ("oic.palenque", "Rosa", "Cruz Méndez", roles.OIC_OFFICER, "07065", ("07065",)),
    ("declarante", "Luis", "Hernández de la Cruz", roles.DECLARANT, "07089", ()),
    ("generador.sop", "María", "López Santiago", roles.DATA_PROVIDER, "SOP", ("SOP",)),
    ("transparencia", "Sofía", "Ramírez Aguilar", roles.TRANSPARENCY_OFFICER, SECRETARIAT, ()),
    ("archivo", "Pedro", "Vázquez Gordillo", roles.ARCHIVE_OFFICER, SECRETARIAT, ()),
    ("vinculacion", "Elena", "Santiz Gómez", roles.LIAISON_OFFICER, SECRETARIAT, ()),
    ("juridico", "Carlos", "Moreno Solís", roles.LEGAL_OFFICER, SECRETARIAT, ()),
    ("planeacion", "Laura", "Castillo Ozuna", roles.PLANNING_OFFICER, SECRETARIAT, ()),
    ("auditor", "Miguel", "Ortiz Velasco", roles.AUDITOR, SECRETARIAT, ()),
)

DEMO_PERIODS = (
    (
        dt.date(2021, 1, 11),
        dt.date(2021, 5, 31),
        NonBusinessPeriod.DeclaredBy.TRANSPARENCY_INSTITUTE,
        "Suspensión de plazos por la contingencia sanitaria (datos de demostración)",
        "Suspensión levantada por el Acta 19-E/2021 del 31 de mayo de 2021",
    ),
    (
        dt.date(2026, 4, 2),
        dt.date(2026, 4, 3),
        NonBusinessPeriod.DeclaredBy.SECRETARIAT,
        "Jueves y Viernes Santo (datos de demostración)",
        "Acuerdo de días inhábiles 2026 de la Secretaría Ejecutiva (demostración)",
    ),
    (
        dt.date(2026, 11, 2),
        dt.date(2026, 11, 2),
        NonBusinessPeriod.DeclaredBy.SECRETARIAT,
        "Día de Muertos (datos de demostración)",
        "Acuerdo de días inhábiles 2026 de la Secretaría Ejecutiva (demostración)",
    ),
)


def _entity(key: str) -> PublicEntity:
    if key.isdigit():
        return PublicEntity.objects.get(inegi_code=key)
    return PublicEntity.objects.get(acronym=key, parent=None)


@transaction.atomic
def create_demo_data() -> list[tuple[str, str, str]]:
    """Create or reset the demo users; returns (username, password, role name) rows."""
    rows = []
    for username, first, last, role_code, entity_key, scope_keys in DEMO_USERS:
        user, _created = User.objects.get_or_create(username=username)
        user.first_name, user.last_name = first, last
        user.email = f"{username}@demo.pde.invalid"
        user.entity = _entity(entity_key)
        user.is_staff = role_code == roles.ADMIN
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.clear()
        user.scope_entities.clear()
        assign_role(user, role_code, [_entity(key) for key in scope_keys])
        rows.append((username, DEMO_PASSWORD, str(roles.ROLES_BY_CODE[role_code].name)))
    for start, end, declared_by, description, basis in DEMO_PERIODS:
        NonBusinessPeriod.objects.get_or_create(
            start_date=start,
            end_date=end,
            declared_by=declared_by,
            defaults={"description": description, "legal_basis": basis},
        )
    from pde.transparency.demo import load_demo as load_transparency_demo  # idempotent

    load_transparency_demo()
    from pde.governance.demo import load_demo as load_governance_demo  # idempotent

    load_governance_demo()
    record_event("demo.loaded", changes={"users": [row[0] for row in rows]})
    return rows
