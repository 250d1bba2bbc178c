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

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_public_survey_in_tseltal_on_a_phone(live_server, open_page, published_form):  # noqa: F811
    page = open_page(MOBILE)
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
