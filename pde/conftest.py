"""Shared fixtures: users with roles, reference entities, paths to the official files."""

from pathlib import Path

import pytest
from django.test import override_settings

from pde.core.models import PublicEntity, User
from pde.core.services import assign_role

# The official files live beside the project; tests read them, the platform never does.
SHARED_DIR = Path(__file__).resolve().parent.parent.parent / "shared"


@pytest.fixture(scope="session", autouse=True)
def _plain_http():
    """Tests talk plain HTTP to the test client and the live server. Session-wide,
    because the live server builds its middleware (which reads SECURE_SSL_REDIRECT)
    once, when it starts."""
    with override_settings(
        SECURE_SSL_REDIRECT=False, SESSION_COOKIE_SECURE=False, CSRF_COOKIE_SECURE=False
    ):
        yield


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED_DIR.is_dir():
        pytest.fail(
            f"../shared not found at {SHARED_DIR}: tests compare against the official files"
        )
    return SHARED_DIR


@pytest.fixture
def municipality(db):
    """A municipality by INEGI code: municipality("07089") is Tapachula."""

    def get(code: str) -> PublicEntity:
        return PublicEntity.objects.get(inegi_code=code)

    return get


@pytest.fixture
def state_entity(db):
    """A state body by acronym: state_entity("SOP")."""

    def get(acronym: str) -> PublicEntity:
        return PublicEntity.objects.get(acronym=acronym, parent=None)

    return get


@pytest.fixture
def make_user(db):
    """make_user("oic_officer", scope=[entity], entity=entity) -> a user with that role."""
    counter = {"n": 0}

    def make(role: str | None = None, *, scope=(), entity=None, username=None, **fields) -> User:
        counter["n"] += 1
        user = User.objects.create_user(
            username=username or f"{role or 'user'}-{counter['n']}",
            password="contrasena-de-prueba-1",
            entity=entity,
            **fields,
        )
        if role:
            assign_role(user, role, list(scope))
        return user

    return make


def pytest_collection_modifyitems(items):
    """Every transactional test restores what migrations load (entities, role groups).

    A transactional test flushes the database when it ends; without serialized
    rollback the next one would start without the reference data, or clash with
    groups re-created by post_migrate.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and not marker.kwargs.get("serialized_rollback")
        ):
            item.add_marker(
                pytest.mark.django_db(**{**marker.kwargs, "serialized_rollback": True}),
                append=False,
            )
