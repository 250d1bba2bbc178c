"""The public survey in a real browser, in tseltal, on a phone; the offline app."""

import re

import pytest
from playwright.sync_api import expect

from pde.core.tests.test_browser import (  # noqa: F401 (fixtures)
    MOBILE,
    _async_unsafe_allowed,
    browser,
    expect_no_sideways_scroll,
    open_page,
    screenshot,
)
from pde.surveys.models import Response

# The machine running the suite is shared: give a loaded CI box some slack.
SLOW_MS = 15_000


def _patient(page):
    page.set_default_timeout(SLOW_MS)
    page.set_default_navigation_timeout(SLOW_MS * 2)
    expect.set_options(timeout=SLOW_MS)
    return page


pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_public_survey_in_tseltal_on_a_phone(live_server, open_page, published_form):  # noqa: F811
    page = _patient(open_page(MOBILE))
    page.goto(f"{live_server.url}/encuestas/r/{published_form.form_id}/")
    # Switch to tseltal before starting: the privacy notice and the buttons follow.
    page.get_by_role("link", name=re.compile("tseltal")).click()
    expect(page.locator(".consent")).to_contain_text("Smelol mukul k'op")
    expect_no_sideways_scroll(page)
    page.get_by_role("button", name="Ch'ojbenik").click()
    # Consent is required: the error is shown at the checkbox.
    expect(page.get_by_role("alert")).to_contain_text("aviso de privacidad")
    page.get_by_label("Ya jk'an ya jtak'").check()
    page.get_by_role("button", name="Ch'ojbenik").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sbijil ateb")
    expect(page.get_by_text("Jak'ojel 1 ta")).to_be_visible()
    page.get_by_label("¿Jayeb ja'wilal ay awu'un?").fill("9")
    page.get_by_role("button", name="Ta patil").click()
    # The constraint message, in tseltal, at the question.
    expect(page.get_by_role("alert")).to_have_text("Te ja'wilal ya sk'an ay ta 15 sok 110.")
    expect(page.get_by_label("¿Jayeb ja'wilal ay awu'un?")).to_have_attribute(
        "aria-invalid", "true"
    )
    screenshot(page, "survey-tseltal-constraint-mobile")
    page.get_by_label("¿Jayeb ja'wilal ay awu'un?").fill("29")
    page.get_by_role("button", name="Ta patil").click()
    page.get_by_label("Jobel").check()
    page.get_by_role("button", name="Ta patil").click()
    page.get_by_label("Ma'uk").check()
    page.get_by_role("button", name="Ta patil").click()
    # Skip logic: "no" jumps straight to the comment.
    expect(page.get_by_label("Yan k'op")).to_be_visible()
    page.get_by_role("button", name="Ta patil").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ilbil sok tak'a")
    expect(page.locator(".answers")).to_contain_text("Jobel")
    page.get_by_role("button", name="Tak'a").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wokolawal.")
    expect_no_sideways_scroll(page)
    screenshot(page, "survey-tseltal-thanks-mobile")

    response = Response.objects.get()
    assert response.status == Response.Status.SUBMITTED
    assert response.language == "tzh"
    assert response.data == {"edad": 29, "municipio": "07078", "soborno": "no"}


def test_offline_app_two_interviews_without_connection_one_sent_twice(
    live_server,
    open_page,  # noqa: F811
    published_form,
):
    page = _patient(open_page(MOBILE))
    page.goto(f"{live_server.url}/encuestas/campo/{published_form.form_id}/")
    expect(page.locator("#app-status")).to_have_text("Formulario listo; funciona sin conexión.")
    page.evaluate("navigator.serviceWorker.ready")  # the app is cached for offline use

    page.context.set_offline(True)
    page.select_option("#app-language", "tzh")
    for edad, answer in (("33", "Ma'uk"), ("51", "Jich")):
        page.get_by_label("Ya jk'an ya jtak'").check()
        page.get_by_label("¿Jayeb ja'wilal ay awu'un?").fill(edad)
        page.get_by_label("Ocosingo").check()
        page.get_by_label(answer, exact=True).check()
        if answer == "Jich":
            # Skip logic on the device: the follow-up questions appear.
            expect(page.get_by_text("¿Banti abtelil?")).to_be_visible()
            page.get_by_label("Poxil").check()
        else:
            expect(page.get_by_text("¿Banti abtelil?")).to_be_hidden()
        page.get_by_role("button", name="Tak'a").click()
        expect(page.locator("#app-status")).to_have_text("Entrevista guardada en este dispositivo.")
    expect(page.locator("#sync-list li.pending")).to_have_count(2)
    assert Response.objects.count() == 0
    screenshot(page, "offline-two-pending-mobile")

    # A constraint broken offline is shown at the question, in tseltal.
    page.get_by_label("Ya jk'an ya jtak'").check()
    page.get_by_label("¿Jayeb ja'wilal ay awu'un?").fill("4")
    page.get_by_role("button", name="Tak'a").click()
    expect(page.locator("#q-edad .field-error")).to_have_text(
        "Te ja'wilal ya sk'an ay ta 15 sok 110."
    )

    page.context.set_offline(False)
    page.get_by_role("button", name="Sincronizar ahora").click()
    expect(page.locator("#sync-list li.sent")).to_have_count(2)
    expect(page.locator("#sync-summary")).to_contain_text("Enviadas: 2")
    # Sending everything again (a device that lost the answer) stores nothing new.
    page.evaluate("window.pdeOffline.syncAll(true)")
    expect(page.locator("#sync-list li.sent")).to_have_count(2)
    screenshot(page, "offline-synced-mobile")

    responses = Response.objects.order_by("data__edad")
    assert responses.count() == 2
    assert [r.channel for r in responses] == [Response.Channel.OFFLINE] * 2
    assert {r.language for r in responses} == {"tzh"}
    yes = Response.objects.get(data__soborno="si")
    assert yes.data["tramites"] == ["salud"]
    assert Response.objects.get(data__soborno="no").data == {
        "edad": 33,
        "municipio": "07059",
        "soborno": "no",
    }
