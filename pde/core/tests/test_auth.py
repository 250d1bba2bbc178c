"""Signing in and out, lock-out after failed attempts, passwords and sessions."""

import datetime as dt
import os
import re

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.core import mail
from django.utils import timezone

from pde.core.models import AuditEntry, User

LOGIN_URL = "/cuenta/entrar/"
PASSWORD = "contrasena-de-prueba-1"  # what make_user gives every user


def login(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN_URL, {"username": username, "password": password}, **extra)


def is_signed_in(client) -> bool:
    return SESSION_KEY in client.session


# --- The login page -------------------------------------------------------------------


@pytest.mark.django_db
def test_login_page_is_in_spanish(client):
    response = client.get(LOGIN_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="es"' in html
    for text in ("Iniciar sesión", "Usuario", "Contraseña", "Entrar", "¿Olvidó su contraseña?"):
        assert text in html


@pytest.mark.django_db
def test_login_page_stays_in_spanish_for_an_english_browser(client):
    html = client.get(LOGIN_URL, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Iniciar sesión" in html
    assert "Log in" not in html


@pytest.mark.django_db
def test_successful_login_goes_home_and_shows_the_role_names(client, make_user):
    user = make_user("transparency_officer", first_name="Sofía", last_name="Ramírez")
    response = login(client, user.username)
    assert response.status_code == 302
    assert response.url == "/"
    assert is_signed_in(client)
    html = client.get(response.url).content.decode()
    assert "Bienvenida(o), Sofía Ramírez" in html
    assert "Unidad de Transparencia" in html
    assert "Cerrar sesión" in html


@pytest.mark.django_db
def test_login_follows_a_safe_next_but_not_an_outside_one(client, make_user):
    user = make_user("auditor")
    response = client.post(
        LOGIN_URL, {"username": user.username, "password": PASSWORD, "next": "/bitacora/"}
    )
    assert response.url == "/bitacora/"
    client.post("/cuenta/salir/")
    response = client.post(
        LOGIN_URL,
        {"username": user.username, "password": PASSWORD, "next": "https://phishing.example/"},
    )
    assert response.url == "/"


@pytest.mark.django_db
def test_signed_in_user_visiting_login_is_sent_home(client, make_user):
    client.force_login(make_user("declarant"))
    response = client.get(LOGIN_URL)
    assert response.status_code == 302
    assert response.url == "/"


@pytest.mark.django_db
def test_wrong_password_shows_spanish_error_and_does_not_sign_in(client, make_user):
    user = make_user("declarant")
    response = login(client, user.username, "contrasena-equivocada")
    assert response.status_code == 401
    html = response.content.decode()
    assert "Usuario o contraseña incorrectos" in html
    # The user name typed stays in the form; the password does not.
    assert f'value="{user.username}"' in html
    assert "contrasena-equivocada" not in html
    assert not is_signed_in(client)


@pytest.mark.django_db
def test_unknown_user_gets_the_same_error_as_a_wrong_password(client, make_user):
    response = login(client, "nadie-con-este-nombre")
    assert "Usuario o contraseña incorrectos" in response.content.decode()
    assert not is_signed_in(client)


@pytest.mark.django_db
def test_inactive_user_cannot_sign_in(client, make_user):
    user = make_user("declarant", is_active=False)
    response = login(client, user.username)
    assert "Usuario o contraseña incorrectos" in response.content.decode()
    assert not is_signed_in(client)


@pytest.mark.django_db
def test_sign_in_and_failed_sign_in_land_in_the_audit_log(client, make_user):
    user = make_user("declarant")
    login(client, user.username, "contrasena-equivocada")
    login(client, user.username)
    failed = AuditEntry.objects.get(action="auth.login_failed")
    assert failed.object_repr == user.username
    # The password typed never reaches the log.
    assert "contrasena-equivocada" not in str(failed.changes)
    succeeded = AuditEntry.objects.get(action="auth.login")
    assert succeeded.actor == user


# --- Lock-out (django-axes) ---------------------------------------------------------


@pytest.mark.skipif(
    bool(os.environ.get("PDE_LOGIN_FAILURE_LIMIT")), reason="limit set by the environment"
)
def test_accounts_lock_after_five_failures_by_default():
    assert django_settings.AXES_FAILURE_LIMIT == 5


@pytest.mark.django_db
def test_account_locks_after_too_many_failed_attempts(client, make_user):
    user = make_user("declarant")
    limit = django_settings.AXES_FAILURE_LIMIT
    for _attempt in range(limit - 1):
        response = login(client, user.username, "contrasena-equivocada")
        assert "Usuario o contraseña incorrectos" in response.content.decode()
    response = login(client, user.username, "contrasena-equivocada")
    assert response.status_code == 429

    # Even the right password is refused now, with a Spanish explanation.
    response = login(client, user.username)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Cuenta bloqueada temporalmente" in html
    assert "bloqueada" in html
    minutes = round(django_settings.AXES_COOLOFF_TIME * 60)
    assert f"intente de nuevo en {minutes} minutos" in html
    assert not is_signed_in(client)


@pytest.mark.django_db
def test_lock_out_of_one_user_name_leaves_others_from_the_same_address_alone(client, make_user):
    victim = make_user("declarant")
    colleague = make_user("declarant")
    for _attempt in range(django_settings.AXES_FAILURE_LIMIT):
        login(client, victim.username, "contrasena-equivocada")
    assert login(client, victim.username).status_code == 429

    response = login(client, colleague.username)
    assert response.status_code == 302
    assert is_signed_in(client)
    assert int(client.session[SESSION_KEY]) == colleague.pk


@pytest.mark.django_db
def test_same_user_name_from_another_address_is_not_locked(client, make_user):
    user = make_user("declarant")
    for _attempt in range(django_settings.AXES_FAILURE_LIMIT):
        login(client, user.username, "contrasena-equivocada", REMOTE_ADDR="10.0.0.1")
    assert login(client, user.username, REMOTE_ADDR="10.0.0.1").status_code == 429

    response = login(client, user.username, REMOTE_ADDR="10.0.0.2")
    assert response.status_code == 302
    assert is_signed_in(client)


@pytest.mark.django_db
def test_a_successful_login_resets_the_failure_count(client, make_user):
    user = make_user("declarant")
    limit = django_settings.AXES_FAILURE_LIMIT
    for _attempt in range(limit - 1):
        login(client, user.username, "contrasena-equivocada")
    assert login(client, user.username).status_code == 302
    client.post("/cuenta/salir/")
    # A fresh series of limit - 1 failures does not lock the account.
    for _attempt in range(limit - 1):
        login(client, user.username, "contrasena-equivocada")
    assert login(client, user.username).status_code == 302


# --- Logout --------------------------------------------------------------------------


@pytest.mark.django_db
def test_logout_by_post_signs_out(client, make_user):
    user = make_user("declarant")
    login(client, user.username)
    assert is_signed_in(client)
    response = client.post("/cuenta/salir/")
    assert response.status_code == 302
    assert response.url == "/"
    assert not is_signed_in(client)
    html = client.get("/").content.decode()
    assert "Iniciar sesión" in html
    assert AuditEntry.objects.filter(action="auth.logout", actor=user).exists()


@pytest.mark.django_db
def test_logout_by_get_is_refused_and_keeps_the_session(client, make_user):
    client.force_login(make_user("declarant"))
    response = client.get("/cuenta/salir/")
    assert response.status_code == 405
    assert is_signed_in(client)


@pytest.mark.django_db
def test_every_page_offers_logout_as_a_form_post(client, make_user):
    client.force_login(make_user("declarant"))
    html = client.get("/").content.decode()
    assert re.search(r'<form method="post" action="/cuenta/salir/"', html)


# --- Password change --------------------------------------------------------------------


@pytest.mark.django_db
def test_password_change_requires_login(client):
    response = client.get("/cuenta/contrasena/")
    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "new_password, message",
    [
        ("corta1", "demasiado corta"),
        ("password123", "demasiado común"),
        ("8362915740", "completamente numérica"),
    ],
)
def test_password_change_rejects_weak_passwords_in_spanish(
    client, make_user, new_password, message
):
    user = make_user("declarant")
    client.force_login(user)
    response = client.post(
        "/cuenta/contrasena/",
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "new_password2" in form.errors
    assert any(message in error for error in form.errors["new_password2"])
    html = response.content.decode()
    assert message in html
    # The error sits in the block of the field it is about, under its Spanish label.
    field_block = re.search(
        r'<div class="field has-error">\s*<label for="id_new_password2">(.*?)</div>', html, re.S
    )
    assert field_block is not None
    assert "Contraseña nueva (confirmación)" in field_block.group(1)
    assert message in field_block.group(1)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
def test_password_change_rejects_a_wrong_current_password(client, make_user):
    user = make_user("declarant")
    client.force_login(user)
    response = client.post(
        "/cuenta/contrasena/",
        {
            "old_password": "no-es-la-actual",
            "new_password1": "otra-clave-segura-2026",
            "new_password2": "otra-clave-segura-2026",
        },
    )
    assert "old_password" in response.context["form"].errors
    assert "contraseña antigua" in response.content.decode().lower()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
def test_password_change_with_a_good_password_works_and_keeps_the_session(client, make_user):
    user = make_user("declarant")
    client.force_login(user)
    response = client.post(
        "/cuenta/contrasena/",
        {
            "old_password": PASSWORD,
            "new_password1": "otra-clave-segura-2026",
            "new_password2": "otra-clave-segura-2026",
        },
        follow=True,
    )
    assert "Contraseña actualizada" in response.content.decode()
    assert is_signed_in(client)
    user.refresh_from_db()
    assert user.check_password("otra-clave-segura-2026")
    assert user.password.startswith("argon2")


# --- Password reset ----------------------------------------------------------------------


@pytest.mark.django_db
def test_password_reset_sends_a_spanish_email_with_a_working_link(client, make_user):
    user = make_user("declarant", email="persona@ejemplo.gob.mx")
    response = client.post("/cuenta/recuperar/", {"email": "persona@ejemplo.gob.mx"}, follow=True)
    assert "Revise su correo" in response.content.decode()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["persona@ejemplo.gob.mx"]
    assert message.subject == "Restablecer su contraseña de la Plataforma Digital Estatal"
    assert "Recibimos una solicitud para restablecer la contraseña" in message.body
    assert f"«{user.username}»" in message.body
    link = re.search(r"https?://[^/\s]+(/cuenta/recuperar/\S+/\S+/)", message.body)
    assert link is not None

    response = client.get(link.group(1), follow=True)
    html = response.content.decode()
    assert "Elija una nueva contraseña" in html
    set_password_url = response.redirect_chain[-1][0]
    response = client.post(
        set_password_url,
        {"new_password1": "clave-nueva-segura-2026", "new_password2": "clave-nueva-segura-2026"},
        follow=True,
    )
    assert "Contraseña restablecida" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("clave-nueva-segura-2026")

    # The link works once only.
    html = client.get(link.group(1), follow=True).content.decode()
    assert "Enlace no válido" in html
    # And the new password signs in.
    assert login(client, user.username, "clave-nueva-segura-2026").status_code == 302


@pytest.mark.django_db
def test_password_reset_for_an_unknown_email_says_the_same_and_sends_nothing(client, make_user):
    make_user("declarant", email="persona@ejemplo.gob.mx")
    response = client.post("/cuenta/recuperar/", {"email": "otra@ejemplo.gob.mx"}, follow=True)
    assert "Revise su correo" in response.content.decode()
    assert mail.outbox == []


@pytest.mark.django_db
def test_password_reset_link_with_a_bad_token_is_refused_in_spanish(client, make_user):
    make_user("declarant", email="persona@ejemplo.gob.mx")
    html = client.get("/cuenta/recuperar/MQ/token-falso/", follow=True).content.decode()
    assert "Enlace no válido" in html


# --- Sessions --------------------------------------------------------------------------


def test_session_settings_end_idle_sessions_and_at_browser_close():
    assert django_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert django_settings.SESSION_SAVE_EVERY_REQUEST is True
    assert django_settings.SESSION_COOKIE_HTTPONLY is True
    assert 0 < django_settings.SESSION_COOKIE_AGE <= 8 * 60 * 60


@pytest.mark.django_db
def test_session_cookie_dies_with_the_browser(client, make_user):
    user = make_user("declarant")
    response = login(client, user.username)
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == ""
    assert cookie["max-age"] == ""
    assert cookie["httponly"]


def _current_session(client) -> Session:
    return Session.objects.get(
        session_key=client.cookies[django_settings.SESSION_COOKIE_NAME].value
    )


@pytest.mark.django_db
def test_activity_renews_the_session(client, make_user):
    client.force_login(make_user("declarant"))
    session = _current_session(client)
    soon = timezone.now() + dt.timedelta(minutes=1)
    Session.objects.filter(pk=session.pk).update(expire_date=soon)

    assert client.get("/").status_code == 200
    renewed = _current_session(client).expire_date
    assert renewed > soon
    assert renewed >= timezone.now() + dt.timedelta(seconds=django_settings.SESSION_COOKIE_AGE - 60)


@pytest.mark.django_db
def test_an_idle_session_no_longer_authenticates(client, make_user):
    client.force_login(make_user("auditor"))
    assert client.get("/bitacora/").status_code == 200
    session = _current_session(client)
    Session.objects.filter(pk=session.pk).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )

    response = client.get("/bitacora/")
    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)
    assert "Iniciar sesión" in client.get("/").content.decode()


# --- Password storage ------------------------------------------------------------------


@pytest.mark.django_db
def test_passwords_are_stored_with_argon2(make_user):
    user = make_user("declarant")
    assert user.password.startswith("argon2")
    assert PASSWORD not in user.password


@pytest.mark.django_db
def test_an_older_hash_is_upgraded_to_argon2_on_login(client, make_user):
    user = make_user("declarant")
    User.objects.filter(pk=user.pk).update(password=make_password(PASSWORD, hasher="pbkdf2_sha256"))
    assert login(client, user.username).status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2")
