"""The `pde` console command and its own sub-commands (demo-data, audit-verify)."""

import os
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from pde import cli
from pde.core import roles
from pde.core.demo import DEMO_PASSWORD, DEMO_USERS
from pde.core.models import AuditEntry, PublicEntity, User
from pde.core.services import record_event

pytestmark = pytest.mark.django_db

PROJECT_DIR = Path(__file__).resolve().parents[3]
PDE = PROJECT_DIR / ".venv" / "bin" / "pde"


def demo_data(settings, debug: bool = True) -> str:
    settings.DEBUG = debug
    out = StringIO()
    call_command("demo_data", stdout=out)
    return out.getvalue()


# --- pde demo-data ---------------------------------------------------------------------


def test_demo_data_refuses_without_debug(settings):
    users_before = User.objects.count()
    with pytest.raises(CommandError) as error:
        demo_data(settings, debug=False)
    message = str(error.value)
    assert "PDE_DEBUG" in message
    assert "producción" in message
    assert User.objects.count() == users_before
    assert not AuditEntry.objects.filter(action="demo.loaded").exists()


def test_demo_data_creates_one_user_per_role(settings):
    output = demo_data(settings)

    demo_usernames = [row[0] for row in DEMO_USERS]
    users = User.objects.filter(username__in=demo_usernames).prefetch_related("groups")
    assert users.count() == len(DEMO_USERS)
    roles_held = {group.name for user in users for group in user.groups.all()}
    assert roles_held == {role.code for role in roles.ROLES}
    for user in users:
        assert user.is_active
        assert user.check_password(DEMO_PASSWORD)
        assert user.username in output
    assert DEMO_PASSWORD in output
    # Only the administrator may enter the Django admin.
    assert {u.username for u in users if u.is_staff} == {"admin"}
    assert AuditEntry.objects.filter(action="demo.loaded").count() == 1


def test_demo_data_is_idempotent(settings):
    demo_data(settings)
    users = User.objects.count()
    memberships = User.groups.through.objects.count()
    scopes = User.scope_entities.through.objects.count()

    demo_data(settings)

    assert User.objects.count() == users
    assert User.groups.through.objects.count() == memberships
    assert User.scope_entities.through.objects.count() == scopes
    assert "Bitácora íntegra" in _verify()


def test_demo_scoped_users_have_their_scope(settings, municipality, state_entity):
    demo_data(settings)

    tapachula = User.objects.get(username="oic.tapachula")
    assert list(tapachula.scope_entities.all()) == [municipality("07089")]
    assert list(User.objects.get(username="oic.palenque").scope_entities.all()) == [
        municipality("07065")
    ]
    assert list(User.objects.get(username="generador.sop").scope_entities.all()) == [
        state_entity("SOP")
    ]
    for username, *_names, role_code, _entity, _scope in DEMO_USERS:
        user = User.objects.get(username=username)
        if roles.ROLES_BY_CODE[role_code].scoped:
            assert user.scope_entities.exists(), username
        else:
            assert not user.scope_entities.exists(), username


def test_demo_oic_officer_sees_only_its_municipality(settings, client, municipality):
    demo_data(settings)
    settings.DEBUG = False
    client.force_login(User.objects.get(username="oic.tapachula"))

    assert client.get(f"/entes/{municipality('07089').pk}/personal/").status_code == 200
    assert client.get(f"/entes/{municipality('07065').pk}/personal/").status_code == 403


# --- the `pde` entry point ---------------------------------------------------------------


def _verify() -> str:
    out = StringIO()
    call_command("audit_verify", "--no-progress", stdout=out)
    return out.getvalue()


def test_pde_entry_point_maps_hyphens_to_commands(capsys):
    record_event("test.event")
    record_event("test.event")

    cli.main(["pde", "audit-verify", "--no-progress"])

    assert "Bitácora íntegra: 2 entradas verificadas." in capsys.readouterr().out


def test_pde_entry_point_exits_non_zero_on_a_broken_chain(capsys):
    for _ in range(3):
        record_event("test.event")
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE sequence = %s", [2])  # noqa: S608

    with pytest.raises(SystemExit) as exit_info:
        cli.main(["pde", "audit-verify", "--no-progress"])

    assert exit_info.value.code == 1
    assert "Cadena rota en la entrada #2" in capsys.readouterr().err


def test_pde_help_accepts_hyphenated_sub_commands(capsys):
    cli.main(["pde", "help", "audit-verify"])
    out = capsys.readouterr().out
    assert "Verifica la cadena de hashes de la bitácora de auditoría." in out
    assert "--no-progress" in out


def test_reference_entities_are_loaded():
    municipalities = PublicEntity.objects.filter(kind=PublicEntity.Kind.MUNICIPALITY)
    assert municipalities.count() == 124
    codes = list(municipalities.values_list("inegi_code", flat=True))
    assert len(set(codes)) == 124
    assert all(len(code) == 5 and code.isdigit() and code.startswith("07") for code in codes)
    assert municipalities.get(inegi_code="07089").name == "Tapachula"
    assert municipalities.get(inegi_code="07101").name == "Tuxtla Gutiérrez"
    assert all(
        m.order_of_government == PublicEntity.OrderOfGovernment.MUNICIPAL for m in municipalities
    )
    assert PublicEntity.objects.filter(acronym="SESAECH", parent=None).exists()


def _clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PDE_", "DJANGO_"))}
    env.update(
        PDE_DATABASE_URL=f"sqlite:///{tmp_path / 'pde.sqlite3'}",
        PDE_VAR_DIR=str(tmp_path),
        PDE_SECRET_KEY="x" * 10 + "pruebas-de-la-plataforma-digital-estatal-0123456789",
    )
    env.update(extra)
    return env


def _pde(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(PDE), *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.skipif(not PDE.exists(), reason=".venv/bin/pde is not installed")
def test_pde_console_script_on_a_fresh_database(tmp_path):
    env = _clean_env(tmp_path)

    migrate = _pde(["migrate", "--verbosity", "0"], env)
    assert migrate.returncode == 0, migrate.stderr

    empty = _pde(["audit-verify"], env)
    assert empty.returncode == 0, empty.stderr
    assert "Bitácora íntegra: 0 entradas verificadas." in empty.stdout

    refused = _pde(["demo-data"], env)
    assert refused.returncode == 1
    assert "PDE_DEBUG" in refused.stderr

    loaded = _pde(["demo-data"], {**env, "PDE_DEBUG": "1"})
    assert loaded.returncode == 0, loaded.stderr
    assert "oic.tapachula" in loaded.stdout

    verified = _pde(["audit-verify"], env)
    assert verified.returncode == 0, verified.stderr
    assert "Bitácora íntegra:" in verified.stdout
    assert "0 entradas" not in verified.stdout

    unknown = _pde(["no-such-command"], env)
    assert unknown.returncode != 0
