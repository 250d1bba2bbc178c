"""Roles: what each one sees in the menu, what its group may do, and ente scope."""

import itertools
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.test import Client
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from pde.core import roles
from pde.core.models import AuditEntry, PublicEntity, User
from pde.core.services import assign_role, sync_roles

TAPACHULA, PALENQUE = "07089", "07065"

# The core's own areas that depend on the role. "Inicio" and "Entes públicos" are for all.
CORE_AREAS = {"Días inhábiles", "Bitácora de auditoría", "Administración"}
EXPECTED_CORE_AREAS = {
    roles.ADMIN: {"Días inhábiles", "Bitácora de auditoría"},
    roles.OIC_OFFICER: set(),
    roles.DECLARANT: set(),
    roles.DATA_PROVIDER: set(),
    roles.TRANSPARENCY_OFFICER: {"Días inhábiles"},
    roles.ARCHIVE_OFFICER: set(),
    roles.LIAISON_OFFICER: set(),
    roles.LEGAL_OFFICER: set(),
    roles.PLANNING_OFFICER: set(),
    roles.AUDITOR: {"Días inhábiles", "Bitácora de auditoría"},
}


def nav_labels(html: str) -> set[str]:
    """Labels of the main navigation menu of a page."""
    nav = re.search(r'<nav class="main-nav".*?</nav>', html, re.S)
    assert nav is not None, "page without main navigation"
    return {label.strip() for label in re.findall(r"<a [^>]*>([^<]+)</a>", nav.group(0))}


def area_cards(html: str) -> set[str]:
    """Labels of the "Sus áreas" cards on the home page."""
    return set(re.findall(r'<a class="area-card"[^>]*><span[^>]*>[^<]*</span>([^<]+)</a>', html))


def scope_for(role_code: str, municipality) -> list[PublicEntity]:
    role = roles.ROLES_BY_CODE[role_code]
    return [municipality(TAPACHULA)] if role.scoped else []


def test_every_role_has_an_expectation():
    assert set(EXPECTED_CORE_AREAS) == {role.code for role in roles.ROLES}


# --- Menu per role ---------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", roles.ROLES, ids=lambda role: role.code)
def test_each_role_sees_exactly_its_areas(client, make_user, municipality, role):
    user = make_user(role.code, scope=scope_for(role.code, municipality))
    client.force_login(user)
    html = client.get("/").content.decode()

    labels = nav_labels(html)
    assert {"Inicio", "Entes públicos"} <= labels
    assert labels & CORE_AREAS == EXPECTED_CORE_AREAS[role.code]
    # The "Sus áreas" cards on the home page offer the same areas.
    assert area_cards(html) & CORE_AREAS == EXPECTED_CORE_AREAS[role.code]
    # And the role's Spanish name is shown.
    assert str(role.name) in html


@pytest.mark.django_db
@pytest.mark.parametrize("role", roles.ROLES, ids=lambda role: role.code)
def test_each_role_can_open_the_areas_it_sees_and_no_others(client, make_user, municipality, role):
    client.force_login(make_user(role.code, scope=scope_for(role.code, municipality)))
    for label, url in (("Días inhábiles", "/calendario/"), ("Bitácora de auditoría", "/bitacora/")):
        response = client.get(url)
        if label in EXPECTED_CORE_AREAS[role.code]:
            assert response.status_code == 200, url
        else:
            assert response.status_code == 403, url
            assert "Acceso denegado" in response.content.decode()


@pytest.mark.django_db
def test_visitors_see_only_public_areas(client):
    html = client.get("/").content.decode()
    assert nav_labels(html) & CORE_AREAS == set()
    assert "Entes públicos" in nav_labels(html)


@pytest.mark.django_db
def test_administration_link_only_for_staff_accounts(client, make_user):
    client.force_login(make_user(roles.ADMIN, is_staff=True))
    assert "Administración" in nav_labels(client.get("/").content.decode())
    client.force_login(make_user(roles.ADMIN))
    assert "Administración" not in nav_labels(client.get("/").content.decode())


@pytest.mark.django_db
def test_user_without_role_is_told_to_ask_for_one(client, make_user):
    client.force_login(make_user())
    html = client.get("/").content.decode()
    assert "Su cuenta aún no tiene un rol asignado" in html
    assert nav_labels(html) & CORE_AREAS == set()


@pytest.mark.django_db
def test_scoped_user_sees_the_entes_of_its_scope_on_home(client, make_user, municipality):
    tapachula = municipality(TAPACHULA)
    client.force_login(make_user(roles.OIC_OFFICER, scope=[tapachula], entity=tapachula))
    html = client.get("/").content.decode()
    assert "Entes en su ámbito" in html
    assert f'href="/entes/{tapachula.pk}/"' in html
    assert "Palenque" not in html


# --- Groups and permissions ----------------------------------------------------------------


def _group_permissions() -> dict[str, set[str]]:
    return {
        group.name: {
            f"{perm.content_type.app_label}.{perm.codename}"
            for perm in group.permissions.select_related("content_type")
        }
        for group in Group.objects.prefetch_related("permissions")
    }


@pytest.mark.django_db
def test_sync_roles_creates_one_group_per_role_and_is_idempotent():
    sync_roles()
    first = _group_permissions()
    group_count = Group.objects.count()
    sync_roles()
    assert _group_permissions() == first
    assert Group.objects.count() == group_count
    assert {role.code for role in roles.ROLES} <= set(first)


@pytest.mark.django_db
def test_sync_roles_restores_permissions_removed_by_hand():
    auditor = Group.objects.get(name=roles.AUDITOR)
    auditor.permissions.clear()
    sync_roles()
    assert auditor.permissions.filter(codename="view_auditentry").exists()


@pytest.mark.django_db
def test_admin_role_gets_every_permission():
    sync_roles()
    admin = Group.objects.get(name=roles.ADMIN)
    assert admin.permissions.count() == Permission.objects.count()


@pytest.mark.django_db
def test_auditor_role_only_reads_and_verifies():
    sync_roles()
    granted = _group_permissions()[roles.AUDITOR]
    assert "core.verify_auditentry" in granted
    assert "core.view_auditentry" in granted
    assert "core.view_user" in granted
    for perm in granted:
        codename = perm.split(".", 1)[1]
        assert codename.startswith("view_") or perm == "core.verify_auditentry", perm
        assert not codename.startswith(("add_", "change_", "delete_")), perm
    every_view = {
        f"{perm.content_type.app_label}.{perm.codename}"
        for perm in Permission.objects.select_related("content_type")
        if perm.codename.startswith("view_")
    }
    assert granted == every_view | {"core.verify_auditentry"}


@pytest.mark.django_db
def test_each_group_holds_exactly_the_permissions_its_patterns_match():
    sync_roles()
    groups = _group_permissions()
    all_perms = [
        (perm.content_type.app_label, perm.codename)
        for perm in Permission.objects.select_related("content_type")
    ]
    for role in roles.ROLES:
        expected = {
            f"{app}.{codename}"
            for app, codename in all_perms
            if roles.permission_matches(role, app, codename)
        }
        assert groups[role.code] == expected, role.code


@pytest.mark.django_db
def test_transparency_officer_manages_the_calendar_but_not_the_audit_log(make_user):
    user = make_user(roles.TRANSPARENCY_OFFICER)
    for perm in ("view", "add", "change", "delete"):
        assert user.has_perm(f"core.{perm}_nonbusinessperiod")
    assert not user.has_perm("core.view_auditentry")
    assert not user.has_perm("core.view_user")


# --- assign_role ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role_code", [roles.OIC_OFFICER, roles.DATA_PROVIDER])
def test_scoped_role_without_entes_is_refused(make_user, role_code):
    user = make_user()
    with pytest.raises(ValidationError) as error:
        assign_role(user, role_code, [])
    assert "scope_entities" in error.value.message_dict
    assert not user.groups.exists()


@pytest.mark.django_db
def test_data_provider_with_two_entes_is_refused(make_user, state_entity):
    user = make_user()
    with pytest.raises(ValidationError) as error:
        assign_role(user, roles.DATA_PROVIDER, [state_entity("SOP"), state_entity("SH")])
    assert "scope_entities" in error.value.message_dict
    assert "un solo ente" in error.value.message_dict["scope_entities"][0]
    assert not user.groups.exists()
    assert not user.scope_entities.exists()


@pytest.mark.django_db
def test_unknown_role_is_refused(make_user):
    user = make_user()
    with pytest.raises(ValidationError) as error:
        assign_role(user, "superhero")
    assert "role" in error.value.message_dict


@pytest.mark.django_db
def test_assign_role_is_audited(make_user, municipality):
    user = make_user()
    tapachula = municipality(TAPACHULA)
    assign_role(user, roles.OIC_OFFICER, [tapachula])
    entry = AuditEntry.objects.filter(action="user.role_assigned", object_id=str(user.pk)).get()
    assert entry.changes["after"]["roles"] == [roles.OIC_OFFICER]
    assert entry.changes["after"]["scope"] == [tapachula.pk]


# --- Ente scope ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_oic_officer_sees_staff_of_its_ente_only(client, make_user, municipality):
    tapachula, palenque = municipality(TAPACHULA), municipality(PALENQUE)
    officer = make_user(roles.OIC_OFFICER, scope=[tapachula], entity=tapachula)
    make_user(roles.DECLARANT, entity=tapachula, username="servidor.tapachula")
    make_user(roles.DECLARANT, entity=palenque, username="servidor.palenque")
    client.force_login(officer)

    response = client.get(f"/entes/{tapachula.pk}/personal/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "servidor.tapachula" in html
    assert "Persona declarante" in html
    assert "servidor.palenque" not in html

    response = client.get(f"/entes/{palenque.pk}/personal/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Acceso denegado" in html
    assert "No tiene permiso" in html
    assert "servidor.palenque" not in html

    denied = AuditEntry.objects.get(action="access.denied")
    assert denied.actor == officer
    assert denied.object_type == "core.publicentity"
    assert denied.object_id == str(palenque.pk)
    assert "Palenque" in denied.object_repr
    assert denied.changes["reason"] == "entity_scope"


@pytest.mark.django_db
def test_ente_detail_offers_the_staff_link_only_to_who_may_use_it(client, make_user, municipality):
    tapachula = municipality(TAPACHULA)
    staff_link = f'href="/entes/{tapachula.pk}/personal/"'
    assert staff_link not in client.get(f"/entes/{tapachula.pk}/").content.decode()
    client.force_login(make_user(roles.OIC_OFFICER, scope=[tapachula]))
    assert staff_link in client.get(f"/entes/{tapachula.pk}/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role_code", [roles.ADMIN, roles.AUDITOR])
def test_unscoped_readers_see_staff_of_every_ente(client, make_user, municipality, role_code):
    client.force_login(make_user(role_code))
    for code in (TAPACHULA, PALENQUE):
        assert client.get(f"/entes/{municipality(code).pk}/personal/").status_code == 200


@pytest.mark.django_db
def test_declarant_gets_403_on_staff_pages_even_of_its_own_ente(client, make_user, municipality):
    tapachula = municipality(TAPACHULA)
    declarant = make_user(roles.DECLARANT, entity=tapachula)
    client.force_login(declarant)
    response = client.get(f"/entes/{tapachula.pk}/personal/")
    assert response.status_code == 403
    assert "Acceso denegado" in response.content.decode()
    denied = AuditEntry.objects.get(action="access.denied")
    assert denied.actor == declarant
    assert denied.changes["reason"] == "permission"


@pytest.mark.django_db
def test_staff_page_of_an_unknown_ente_is_404(client, make_user):
    client.force_login(make_user(roles.ADMIN))
    assert client.get("/entes/999999/personal/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/entes/1/personal/",
        "/bitacora/",
        "/calendario/",
        "/calendario/nuevo/",
        "/cuenta/contrasena/",
    ],
)
def test_anonymous_users_are_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"/cuenta/entrar/?next={url}"


# --- Property: scope decides, for any scope -------------------------------------------------

SCOPE_CODES = ("07089", "07065", "07101", "07019", "07078", "07027")
_usernames = itertools.count()


@pytest.mark.django_db
@hypothesis_settings(max_examples=25, deadline=None)
@given(scope_flags=st.lists(st.booleans(), min_size=len(SCOPE_CODES), max_size=len(SCOPE_CODES)))
def test_oic_officer_opens_exactly_the_staff_pages_of_its_scope(scope_flags):
    if not any(scope_flags):
        # A scoped role needs at least one ente.
        scope_flags = [True] + scope_flags[1:]
    entities = [PublicEntity.objects.get(inegi_code=code) for code in SCOPE_CODES]
    scope = [entity for entity, flag in zip(entities, scope_flags, strict=True) if flag]
    user = User.objects.create_user(username=f"oic-prop-{next(_usernames)}")
    assign_role(user, roles.OIC_OFFICER, scope)
    client = Client()
    client.force_login(user)
    for entity in entities:
        response = client.get(f"/entes/{entity.pk}/personal/")
        expected = 200 if entity in scope else 403
        assert response.status_code == expected, (entity.inegi_code, [e.pk for e in scope])
