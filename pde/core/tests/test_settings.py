"""Production settings, the secret key, background tasks (Celery) and the e-mail they send."""

import os
import re
import secrets
import socket
import stat
import subprocess
import uuid
from pathlib import Path
from unittest import mock

import pytest
from django.core import mail

from pde import celery_app
from pde.core import tasks

PROJECT_DIR = Path(__file__).resolve().parents[3]
BIN = PROJECT_DIR / ".venv" / "bin"
REDIS_URL = "redis://127.0.0.1:6379/15"

needs_venv = pytest.mark.skipif(not (BIN / "pde").exists(), reason=".venv/bin/pde not installed")


def clean_env(tmp_path: Path, **values: str) -> dict[str, str]:
    """The caller's environment without any PDE_* setting, plus ``values``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PDE_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="pde.settings",
        PDE_DATABASE_URL=f"sqlite:///{tmp_path / 'pde.sqlite3'}",
        PDE_VAR_DIR=str(tmp_path / "var"),
    )
    env.update(values)
    return env


def production_env(tmp_path: Path, **values: str) -> dict[str, str]:
    production = {
        "PDE_DEBUG": "0",
        "PDE_SECRET_KEY": secrets.token_urlsafe(64),
        "PDE_ALLOWED_HOSTS": "pde.example.gob.mx",
    }
    return clean_env(tmp_path, **{**production, **values})


def run(args: list[str], env: dict[str, str], timeout: int = 180) -> subprocess.CompletedProcess:
    return subprocess.run(
        args,
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def python(code: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return run([str(BIN / "python"), "-c", code, *args], env)


SHOW_SECRET_KEY = """
import django
django.setup()
from django.conf import settings
print(settings.SECRET_KEY)
"""


# --- pde check --deploy -------------------------------------------------------------------


@needs_venv
def test_production_settings_pass_the_deploy_check(tmp_path):
    env = production_env(tmp_path)
    assert len(env["PDE_SECRET_KEY"]) >= 60

    result = run([str(BIN / "pde"), "check", "--deploy", "--fail-level", "WARNING"], env)

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "security.W" not in output
    assert "no issues" in output


@needs_venv
def test_debug_settings_fail_the_deploy_check(tmp_path):
    env = production_env(tmp_path, PDE_DEBUG="1")

    result = run([str(BIN / "pde"), "check", "--deploy", "--fail-level", "WARNING"], env)

    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "security.W018" in output  # DEBUG on
    assert "security.W004" in output  # no HSTS in development


@needs_venv
def test_deploy_check_passes_with_hsts_preload_turned_on(tmp_path):
    env = production_env(tmp_path, PDE_HSTS_PRELOAD="1")
    result = run([str(BIN / "pde"), "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr


@needs_venv
def test_weak_secret_key_fails_the_deploy_check(tmp_path):
    env = production_env(tmp_path, PDE_SECRET_KEY="corta")
    result = run([str(BIN / "pde"), "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


# --- the secret key -------------------------------------------------------------------------


@needs_venv
def test_missing_secret_key_is_generated_once_and_kept_private(tmp_path):
    env = clean_env(tmp_path)
    key_file = tmp_path / "var" / "secret_key"
    assert not key_file.exists()

    first = python(SHOW_SECRET_KEY, env)
    assert first.returncode == 0, first.stderr
    key = first.stdout.strip()

    assert key_file.read_text().strip() == key
    assert len(key) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600

    second = python(SHOW_SECRET_KEY, env)
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == key

    elsewhere = python(SHOW_SECRET_KEY, clean_env(tmp_path / "otro"))
    assert elsewhere.stdout.strip() != key


@needs_venv
def test_secret_key_from_the_environment_wins_and_writes_no_file(tmp_path):
    env = clean_env(tmp_path, PDE_SECRET_KEY="clave-del-entorno-" + "x" * 50)
    result = python(SHOW_SECRET_KEY, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "clave-del-entorno-" + "x" * 50
    assert not (tmp_path / "var" / "secret_key").exists()


# --- Celery ---------------------------------------------------------------------------------


@needs_venv
def test_without_a_broker_tasks_run_inline(tmp_path):
    code = """
import django
django.setup()
from django.conf import settings
from pde.core.tasks import ping
print(settings.CELERY_TASK_ALWAYS_EAGER, ping.delay().get())
"""
    result = python(code, clean_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "pong"]


@needs_venv
def test_with_a_broker_tasks_are_not_run_inline(tmp_path):
    code = """
import django
django.setup()
from django.conf import settings
print(settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_RESULT_BACKEND)
"""
    result = python(code, clean_env(tmp_path, PDE_BROKER_URL=REDIS_URL))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", REDIS_URL]


def redis_is_listening() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=2):
            return True
    except OSError:
        return False


SEND_PING = """
import sys
import django
django.setup()
from django.conf import settings
from pde.core.tasks import ping
assert not settings.CELERY_TASK_ALWAYS_EAGER
result = ping.apply_async(queue=sys.argv[1])
print(result.get(timeout=60))
result.forget()
"""


@needs_venv
def test_a_worker_answers_ping_through_redis(tmp_path):
    if not redis_is_listening():
        pytest.skip("nothing listens on 127.0.0.1:6379 (Redis is needed for this test)")
    queue = f"pde-test-{uuid.uuid4().hex}"
    env = clean_env(
        tmp_path,
        PDE_BROKER_URL=REDIS_URL,
        PDE_RESULT_BACKEND=REDIS_URL,
        PDE_SECRET_KEY=secrets.token_urlsafe(64),
    )
    log_path = tmp_path / "worker.log"
    with open(log_path, "w") as log:
        worker = subprocess.Popen(
            [
                str(BIN / "celery"),
                "-A",
                "pde",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "-Q",
                queue,
                "-n",
                f"{queue}@%h",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
            ],
            cwd=PROJECT_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        result = python(SEND_PING, env, queue)
        assert result.returncode == 0, result.stderr + "\n--- worker ---\n" + log_path.read_text()
        assert result.stdout.strip() == "pong"
        assert worker.poll() is None, log_path.read_text()
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=30)
    assert "pde.core.tasks.ping" in log_path.read_text()


# --- e-mail through the task ----------------------------------------------------------------


@pytest.fixture
def eager_tasks():
    """Run tasks inline whatever the caller's environment says."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = previous


def test_password_reset_mail_goes_through_the_task_in_spanish(client, make_user, eager_tasks):
    user = make_user("auditor", email="miguel.ortiz@example.gob.mx", first_name="Miguel")

    with mock.patch.object(tasks.send_email, "delay", wraps=tasks.send_email.delay) as queued:
        response = client.post("/cuenta/recuperar/", {"email": "Miguel.Ortiz@example.gob.mx"})

    assert response.status_code == 302
    assert response["Location"] == "/cuenta/recuperar/enviado/"
    assert queued.call_count == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["miguel.ortiz@example.gob.mx"]
    assert message.subject == "Restablecer su contraseña de la Plataforma Digital Estatal"
    assert "Recibimos una solicitud para restablecer la contraseña" in message.body
    assert "Si usted no lo solicitó, ignore este mensaje" in message.body

    # The link in the mail lets the person choose a new password and sign in with it.
    link = re.search(r"https?://[^/\s]+(/cuenta/recuperar/[^\s]+/)", message.body)
    assert link, message.body
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    new_password = "una-clave-nueva-y-larga-2026"
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302
    assert done["Location"] == "/cuenta/recuperar/listo/"
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_password_reset_for_an_unknown_address_sends_nothing(client, db, eager_tasks):
    response = client.post("/cuenta/recuperar/", {"email": "nadie@example.gob.mx"})
    # Same answer as for a known address: the page does not reveal who has an account.
    assert response.status_code == 302
    assert response["Location"] == "/cuenta/recuperar/enviado/"
    assert mail.outbox == []
