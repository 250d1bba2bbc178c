"""A legal officer runs a session in a real browser (Debian's Chromium via Playwright)."""

import re

import pytest
from playwright.sync_api import expect

from pde.core.tests.test_browser import (  # noqa: F401  (fixtures)
    MOBILE,
    PASSWORD,
    _async_unsafe_allowed,
    browser,
    expect_clean_page,
    expect_no_sideways_scroll,
    main_nav,
    open_page,
    screenshot,
    sign_in,
)

# A generous wait: the live server shares two cores with other test runs. Nothing here
# measures speed; the waits only stop a stuck page from hanging the run.
PATIENCE_MS = 30_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_legal_officer_runs_a_session(live_server, open_page, make_user, convened):  # noqa: F811
    legal = make_user("legal_officer")
    expect.set_options(timeout=PATIENCE_MS)
    page = open_page()
    page.context.set_default_timeout(PATIENCE_MS)
    page.context.set_default_navigation_timeout(PATIENCE_MS)
    page.goto(live_server.url + "/cuenta/entrar/")
    sign_in(page, legal.username, PASSWORD)

    main_nav(page).get_by_role("link", name="Órganos colegiados", exact=True).click()
    page.get_by_role("link", name=re.compile("^Comité Coordinador")).click()
    page.get_by_role("link", name="Primera Sesión Ordinaria 2021").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Primera Sesión Ordinaria 2021")

    # Attendance: everybody but one member; quorum is declared.
    for checkbox in page.locator("input[name=present]").all():
        checkbox.check()
    page.get_by_label("Jaime Cruz · Integrante").uncheck()
    page.get_by_role("button", name="Guardar asistencia").click()
    expect(page.get_by_role("status")).to_contain_text("hay quórum")
    expect(page.locator(".facts")).to_contain_text("Con 4 de 5 integrantes con voto presentes")

    # Votes on the second item, then the agreement.
    item = convened.agenda_items.get(order=2)
    for select in page.locator(f"select[name^='item{item.pk}-member_']").all():
        select.select_option("for")
    page.get_by_role("button", name="Registrar votación").click()
    expect(page.locator(".agenda")).to_contain_text("4 a favor, 0 en contra, 0 abstenciones")
    page.get_by_label("Punto del orden del día").select_option(str(item.pk))
    page.get_by_label("Texto del acuerdo").fill("Se aprueba el calendario de sesiones 2021.")
    page.get_by_role("button", name="Adoptar y numerar").click()
    expect(page.get_by_role("status")).to_contain_text("Se adoptó el acuerdo 001/CC/SAECH/2021")
    screenshot(page, "governance-session-desktop")

    page.get_by_role("button", name="Cerrar la sesión (celebrada)").click()
    expect(page.locator(".facts")).to_contain_text("Celebrada")
    expect(page.get_by_role("button", name="Registrar votación")).to_have_count(0)

    phone = open_page(MOBILE, storage_state=page.context.storage_state())
    phone.context.set_default_navigation_timeout(PATIENCE_MS)
    phone.goto(page.url)
    expect_clean_page(phone)
    expect_no_sideways_scroll(phone)
    screenshot(phone, "governance-session-mobile")
