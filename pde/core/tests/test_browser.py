"""Real-browser tests: Debian's Chromium driven by Playwright against the live server.

They walk the platform as a person would (sign in, use the menu, search with htmx,
sign out) and save full-page screenshots to test-artifacts/ for a visual review.
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import Page, expect, sync_playwright

ARTIFACTS_DIR = Path(__file__).resolve().parents[3] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 5_000
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 390, "height": 844}
PASSWORD = "contrasena-de-prueba-1"  # set by make_user in conftest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def _async_unsafe_allowed():
    """Playwright's sync API runs an event loop in this thread; the ORM must still work."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser(_async_unsafe_allowed):
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(
            "chromium is not on PATH: install it with scripts/install-system-packages.sh "
            "(the tests never download a browser)"
        )
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
            # Inside sync_playwright() Django's connection handler (an asgiref Local)
            # hands this thread fresh connections; close them here or they outlive the
            # test and PostgreSQL refuses to drop the test database.
            connections.close_all()


@pytest.fixture
def open_page(browser):
    """open_page(viewport, storage_state=None) -> a fresh page; JS errors fail the test."""
    contexts = []
    js_errors: list[str] = []

    def open_(viewport=DESKTOP, storage_state=None) -> Page:
        context = browser.new_context(
            viewport=viewport,
            locale="es-MX",
            storage_state=storage_state,
            is_mobile=viewport["width"] < 600,
            has_touch=viewport["width"] < 600,
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: js_errors.append(str(error)))
        return page

    yield open_
    for context in contexts:
        context.close()
    assert not js_errors, f"JavaScript errors in the page: {js_errors}"


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS_DIR / f"{name}.png"), full_page=True)


def expect_no_sideways_scroll(page: Page) -> None:
    """Nothing wider than the viewport: a phone never scrolls sideways."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the viewport"


def main_nav(page: Page):
    return page.get_by_role("navigation", name="Navegación principal")


def expect_clean_page(page: Page) -> None:
    """A page rendered by the platform: a visible <h1> and no error page."""
    expect(page.locator("h1").first).to_be_visible()
    expect(page.locator("section.error-page")).to_have_count(0)
    expect(page).not_to_have_title(re.compile(r"Error|Acceso denegado|no encontrada"))


def sign_in(page: Page, username: str, password: str) -> None:
    page.get_by_label("Usuario").fill(username)
    page.get_by_label("Contraseña").fill(password)
    page.get_by_role("button", name="Entrar").click()


def test_admin_walks_the_platform(live_server, open_page, make_user, state_entity):
    admin = make_user("secretariat_admin", entity=state_entity("SESAECH"), is_staff=True)
    page = open_page()

    # A visitor sees the public home and the way in.
    response = page.goto(live_server.url + "/")
    assert response is not None and response.ok
    expect(page.get_by_role("heading", level=1)).to_have_text("Plataforma Digital Estatal")
    screenshot(page, "home-visitor-desktop")
    page.locator(".account").get_by_role("link", name="Iniciar sesión").click()
    expect(page).to_have_url(re.compile(r"/cuenta/entrar/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Iniciar sesión")

    # A wrong password gives a Spanish error and keeps the form.
    sign_in(page, admin.username, "no-es-la-contrasena")
    expect(page.get_by_role("alert")).to_contain_text("Usuario o contraseña incorrectos")
    expect(page.get_by_label("Usuario")).to_have_value(admin.username)

    # The right one lands on the home page with the user's roles.
    sign_in(page, admin.username, PASSWORD)
    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_role("heading", name="Sus roles")).to_be_visible()
    expect(page.locator(".role-list")).to_contain_text("Administración de la Secretaría Ejecutiva")
    screenshot(page, "home-admin-desktop")

    # Every entry of the main menu opens a working page.
    links = main_nav(page).get_by_role("link")
    entries = [(link.inner_text().strip(), link.get_attribute("href")) for link in links.all()]
    labels = [label for label, _href in entries]
    assert labels[:2] == ["Inicio", "Entes públicos"], labels
    assert "Bitácora de auditoría" in labels, labels
    for label, href in entries:
        target = live_server.url + href
        if main_nav(page).count() == 0:  # the admin site has its own menu
            page.goto(live_server.url + "/")
        with page.expect_response(
            lambda r, target=target: r.url == target and r.request.is_navigation_request()
        ) as response_info:
            main_nav(page).get_by_role("link", name=label, exact=True).click()
        assert response_info.value.status == 200, f"{label} ({href}): {response_info.value.status}"
        expect(page).to_have_url(target)
        expect_clean_page(page)

    # The entity catalogue filters as the person types, without reloading the page.
    page.goto(live_server.url + "/")
    main_nav(page).get_by_role("link", name="Entes públicos", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Entes públicos")
    results = page.locator("#entity-results")
    first_name = results.locator("tbody tr a").first.inner_text()
    assert "Tuxtla" not in first_name
    screenshot(page, "entities-desktop")
    page.evaluate("window.__pdeSamePage = true")
    with page.expect_response(
        lambda r: "q=tuxtla" in r.url and r.request.headers.get("hx-request") == "true"
    ):
        page.get_by_role("textbox", name="Buscar").press_sequentially("tuxtla")
    expect(results.get_by_role("link", name="Tuxtla Gutiérrez")).to_be_visible()
    expect(results.get_by_role("link", name=first_name, exact=True)).to_have_count(0)
    names = results.locator("tbody tr a").all_inner_texts()
    assert names and all("Tuxtla" in name for name in names), names
    expect(page).to_have_url(re.compile(r"[?&]q=tuxtla"))
    assert page.evaluate("window.__pdeSamePage === true"), "the search reloaded the whole page"
    screenshot(page, "entities-search-desktop")

    # The same pages on a phone.
    phone = open_page(MOBILE, storage_state=page.context.storage_state())
    phone.goto(live_server.url + "/")
    expect(phone.get_by_role("heading", name="Sus roles")).to_be_visible()
    expect_no_sideways_scroll(phone)
    screenshot(phone, "home-admin-mobile")
    phone.goto(live_server.url + "/entes/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Entes públicos")
    expect_no_sideways_scroll(phone)
    screenshot(phone, "entities-mobile")

    # Signing out returns to the public home.
    page.get_by_role("button", name="Cerrar sesión").click()
    expect(page.locator(".account").get_by_role("link", name="Iniciar sesión")).to_be_visible()
    expect(page.get_by_role("heading", name="Sus roles")).to_have_count(0)
    expect(main_nav(page).get_by_role("link", name="Bitácora de auditoría")).to_have_count(0)


def test_oic_officer_sees_only_their_scope(live_server, open_page, make_user, municipality):
    tapachula, palenque = municipality("07089"), municipality("07065")
    officer = make_user("oic_officer", scope=[tapachula], entity=tapachula)
    page = open_page()

    page.goto(live_server.url + "/cuenta/entrar/")
    sign_in(page, officer.username, PASSWORD)
    expect(page.get_by_role("heading", name="Sus roles")).to_be_visible()
    nav = main_nav(page)
    expect(nav.get_by_role("link", name="Inicio")).to_be_visible()
    expect(nav.get_by_role("link", name="Padrón de obligados")).to_be_visible()
    expect(nav.get_by_role("link", name="Días inhábiles")).to_have_count(0)
    expect(page.get_by_role("link", name="Bitácora de auditoría")).to_have_count(0)

    # Their own ente's staff is open to them...
    response = page.goto(f"{live_server.url}/entes/{tapachula.pk}/personal/")
    assert response is not None and response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Personal registrado")
    expect(page.locator("main")).to_contain_text(officer.username)

    # ...another municipality's is not: the Spanish 403 page, no staff listed.
    response = page.goto(f"{live_server.url}/entes/{palenque.pk}/personal/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_contain_text("Acceso denegado")
    expect(page.locator("main")).to_contain_text("No tiene permiso")
    expect(page.get_by_role("link", name="Volver al inicio")).to_be_visible()
    screenshot(page, "forbidden-desktop")
