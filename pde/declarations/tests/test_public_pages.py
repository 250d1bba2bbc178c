"""Public search and detail pages: they read only the stored public version, and no
private value of any valid declaration ever reaches them (hypothesis)."""

import html

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pde.declarations import format as s1
from pde.declarations.models import Declaration
from pde.declarations.services import declarant as services

from .declarant_helpers import (
    CURP,
    HOME_PHONE,
    HOME_STREET,
    PERSONAL_EMAIL,
    RFC,
    fill,
    make_servant,
)

pytestmark = pytest.mark.django_db


def test_search_finds_by_name_ente_position_and_type(client, submitted, declarant, tapachula):
    search = reverse("declarations:public_search")
    page = client.get(search).content.decode()
    assert "María José Pérez Gómez" in page

    for params, found in (
        ({"name": "maria perez"}, True),
        ({"name": "PÉREZ"}, True),
        ({"name": "Zoila"}, False),
        ({"entity": "tapachula"}, True),
        ({"entity": "palenque"}, False),
        ({"position": "analista"}, True),
        ({"position": "director"}, False),
        ({"tipo": "INICIAL"}, True),
        ({"tipo": "CONCLUSIÓN"}, False),
    ):
        text = client.get(search, params).content.decode()
        assert ("María José Pérez Gómez" in text) is found, params
    empty = client.get(search, {"name": "Zoila"}).content.decode()
    assert "Ninguna declaración coincide" in empty

    partial = client.get(search, {"name": "perez"}, headers={"HX-Request": "true"})
    assert "<h1>" not in partial.content.decode()
    assert "María José Pérez Gómez" in partial.content.decode()


def test_drafts_are_never_public(client, declarant, servant):
    draft = services.start_declaration(servant=servant, tipo="CONCLUSIÓN", actor=declarant)
    fill(draft, declarant)
    assert "Pérez" not in client.get(reverse("declarations:public_search")).content.decode()
    response = client.get(reverse("declarations:public_detail", args=[draft.pk]))
    assert response.status_code == 404


def test_detail_shows_the_public_version_only(client, submitted):
    response = client.get(reverse("declarations:public_detail", args=[submitted.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "María José Pérez Gómez" in text
    assert submitted.folio in text
    assert "Ingeniería civil" in text  # escolaridad is public
    for private in (CURP, RFC[:10], HOME_STREET, PERSONAL_EMAIL, HOME_PHONE, "30700"):
        assert private not in text, private


def test_public_pages_never_read_the_full_document(client, submitted):
    """Even if the stored full document were different, the pages show the public one."""
    document = submitted.document
    document["declaracion"]["situacionPatrimonial"]["datosGenerales"]["nombre"] = "NoPublico"
    Declaration.objects.filter(pk=submitted.pk).update(document=document)
    detail = client.get(reverse("declarations:public_detail", args=[submitted.pk])).content
    search = client.get(reverse("declarations:public_search")).content
    assert b"NoPublico" not in detail and b"NoPublico" not in search
    assert "María José".encode() in detail


def test_a_corrected_declaration_points_to_its_correction(client, declarant, submitted):
    correction = services.correct_declaration(submitted, actor=declarant)
    filed = services.submit_declaration(correction, actor=declarant)
    results = client.get(reverse("declarations:public_search")).content.decode()
    assert str(filed.pk) in results and str(submitted.pk) not in results
    old = client.get(reverse("declarations:public_detail", args=[submitted.pk])).content.decode()
    assert "fue corregida" in old and filed.folio in old


# --- property: no private value ever reaches a public page ----------------------------


def _strings(value) -> set[str]:
    if isinstance(value, dict):
        return set().union(*(_strings(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_strings(v) for v in value)) if value else set()
    if isinstance(value, str):
        return {value}
    return set()


def _private_values(document: dict, public: dict) -> set[str]:
    """Distinctive strings of the full document that the public version does not hold."""
    public_strings = _strings(public)
    candidates = set()
    for value in _strings(document) - public_strings:
        value = value.strip()
        if len(value) < 8 or not any(ch.isalpha() for ch in value):
            continue
        if any(value in shown for shown in public_strings):
            continue
        candidates.add(value)
    general = (
        (document.get("declaracion") or {})
        .get("situacionPatrimonial", {})
        .get("datosGenerales", {})
    )
    for key in ("curp",):
        if isinstance(general.get(key), str) and len(general[key]) >= 8:
            candidates.add(general[key])
    return candidates


def _documents():
    from .strategies import documents

    return documents()


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_public_pages_never_show_a_private_value(client, declarant, tapachula, data):
    document = data.draw(_documents())
    person = make_servant(
        tapachula,
        declarant,
        curp=f"HYPO{Declaration.objects.count():06d}HCSRRR",
        complete_format=bool(document["metadata"]["declaracionCompleta"]),
    )
    draft = services.create_from_document(
        servant=person, document=document, actor=declarant, source=Declaration.Source.WIZARD
    )
    filed = services.submit_declaration(draft, actor=declarant)
    private = _private_values(filed.document, filed.public_document)

    control = client.get(reverse("declarations:public_search"), {"name": "zzzzzzzz"})
    control_text = html.unescape(control.content.decode())
    pages = [
        client.get(reverse("declarations:public_detail", args=[filed.pk])),
        client.get(reverse("declarations:public_search")),
        client.get(reverse("declarations:public_search"), {"entity": tapachula.name}),
    ]
    for page in pages:
        assert page.status_code == 200
        text = html.unescape(page.content.decode())
        for value in private:
            if value in control_text:
                continue
            assert value not in text, (value, page.request["PATH_INFO"])
    assert s1.public_version(filed.document) == filed.public_document
