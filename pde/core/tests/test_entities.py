"""Entes públicos: the reference data loaded on migrate and the public catalogue pages."""

import csv
import math
import re

import pytest
from django.core.exceptions import ValidationError

from pde.core.models import PublicEntity
from pde.core.reference_data import MUNICIPALITIES_CSV, STATE_ENTITIES

Kind = PublicEntity.Kind
Order = PublicEntity.OrderOfGovernment

SEED_STATE_BODIES = (
    "SESAECH",
    "SHyFP",
    "OM",
    "SH",
    "SOP",
    "C3",
    "ITAIPCH",
    "UNICACH",
    "IEPC",
    "INIFECH",
    "CCIH",
)


def read_csv(path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row["clave_inegi"], row["nombre"]) for row in csv.DictReader(handle)]


def result_names(html: str) -> list[str]:
    """Names of the entes listed in a results table, in order."""
    return re.findall(r'<td[^>]*>\s*<a href="/entes/\d+/">([^<]+)</a>', html)


@pytest.fixture
def page_size(settings):
    settings.PDE_PAGE_SIZE = 25
    return 25


# --- Reference data -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_124_municipalities_match_the_official_file(shared_dir):
    official = read_csv(shared_dir / "data" / "chiapas-municipios.csv")
    assert len(official) == 124
    loaded = list(
        PublicEntity.objects.filter(kind=Kind.MUNICIPALITY)
        .order_by("inegi_code")
        .values_list("inegi_code", "name")
    )
    assert loaded == sorted(official)


def test_the_projects_copy_of_the_municipalities_matches_the_official_file(shared_dir):
    official = read_csv(shared_dir / "data" / "chiapas-municipios.csv")
    assert read_csv(MUNICIPALITIES_CSV) == official


@pytest.mark.django_db
def test_every_municipality_is_municipal_order_and_kind():
    municipalities = PublicEntity.objects.filter(inegi_code__isnull=False)
    assert municipalities.count() == 124
    assert set(municipalities.values_list("kind", flat=True)) == {Kind.MUNICIPALITY}
    assert set(municipalities.values_list("order_of_government", flat=True)) == {Order.MUNICIPAL}
    assert PublicEntity.objects.filter(kind=Kind.MUNICIPALITY, inegi_code__isnull=True).count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("acronym", SEED_STATE_BODIES)
def test_state_bodies_named_in_the_seed_exist(state_entity, acronym):
    entity = state_entity(acronym)
    assert entity.order_of_government == Order.STATE
    assert entity.active
    assert entity.inegi_code is None


@pytest.mark.django_db
def test_loading_the_reference_data_again_changes_nothing():
    from pde.core.reference_data import load_reference_entities

    before = set(PublicEntity.objects.values_list("pk", "name", "acronym", "inegi_code"))
    load_reference_entities(PublicEntity)
    assert set(PublicEntity.objects.values_list("pk", "name", "acronym", "inegi_code")) == before
    assert PublicEntity.objects.count() == 124 + len(STATE_ENTITIES)


# --- Public list: search ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ["tuxtla gutierrez", "TUXTLA GUTIÉRREZ", "  Tuxtla   Gutierrez ", "gutiérrez tuxtla"],
)
def test_search_ignores_accents_case_and_spacing(client, query):
    response = client.get("/entes/", {"q": query})
    assert response.status_code == 200
    assert result_names(response.content.decode()) == ["Tuxtla Gutiérrez"]


@pytest.mark.django_db
def test_search_by_accented_query_finds_unaccented_spelling(client):
    # "Frontera Comalapa" typed with an accent that the official name lacks.
    names = result_names(client.get("/entes/", {"q": "cómalapa"}).content.decode())
    assert names == ["Frontera Comalapa"]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["ITAIPCH", "itaipch"])
def test_search_by_acronym(client, query):
    html = client.get("/entes/", {"q": query}).content.decode()
    assert result_names(html) == [
        "Instituto de Transparencia, Acceso a la Información y Protección de Datos Personales "
        "del Estado de Chiapas"
    ]


@pytest.mark.django_db
def test_search_by_inegi_code(client):
    html = client.get("/entes/", {"q": "07089"}).content.decode()
    assert result_names(html) == ["Tapachula"]
    assert "1 registro" in html


@pytest.mark.django_db
def test_search_without_matches_shows_a_spanish_empty_state(client):
    response = client.get("/entes/", {"q": "zzzz ningun ente"})
    assert response.status_code == 200
    html = response.content.decode()
    assert result_names(html) == []
    assert "Ningún ente coincide con la búsqueda" in html
    assert "0 registros" in html


@pytest.mark.django_db
def test_inactive_entes_are_not_listed(client, municipality):
    PublicEntity.objects.filter(pk=municipality("07089").pk).update(active=False)
    assert result_names(client.get("/entes/", {"q": "tapachula"}).content.decode()) == []


# --- Public list: filters and pages ----------------------------------------------------------


@pytest.mark.django_db
def test_filter_by_kind(client, page_size):
    html = client.get("/entes/", {"kind": Kind.MUNICIPALITY}).content.decode()
    assert "124 registros" in html
    assert "Página 1 de 5" in html


@pytest.mark.django_db
def test_filter_by_order_of_government(client):
    html = client.get("/entes/", {"order": Order.STATE}).content.decode()
    expected = PublicEntity.objects.filter(order_of_government=Order.STATE, active=True).count()
    assert f"{expected} registros" in html
    names = result_names(html)
    assert "Secretaría de Obras Públicas" in names
    assert "Tapachula" not in names


@pytest.mark.django_db
def test_filters_and_search_combine(client):
    html = client.get(
        "/entes/", {"kind": Kind.AUTONOMOUS, "order": Order.STATE, "q": "chiapas"}
    ).content.decode()
    names = result_names(html)
    assert "Universidad de Ciencias y Artes de Chiapas" in names
    assert "Secretaría de Hacienda" not in names
    assert all(PublicEntity.objects.get(name=name).kind == Kind.AUTONOMOUS for name in names), names


@pytest.mark.django_db
def test_an_unknown_filter_value_gets_a_spanish_error_not_a_crash(client):
    response = client.get("/entes/", {"kind": "planeta"})
    assert response.status_code == 200
    assert "Escoja una opción válida" in response.content.decode()


@pytest.mark.django_db
def test_list_is_paginated_by_25_in_name_order(client, page_size):
    total = PublicEntity.objects.filter(active=True).count()
    pages = math.ceil(total / page_size)
    html = client.get("/entes/").content.decode()
    names = result_names(html)
    assert len(names) == page_size
    assert names == list(
        PublicEntity.objects.filter(active=True)
        .order_by("name")
        .values_list("name", flat=True)[:page_size]
    )
    assert f"Página 1 de {pages}" in html
    assert f"{total} registros" in html
    assert 'href="?page=2"' in html

    last = client.get("/entes/", {"page": pages}).content.decode()
    assert len(result_names(last)) == total - (pages - 1) * page_size


@pytest.mark.django_db
def test_page_links_keep_the_search(client, page_size):
    html = client.get("/entes/", {"kind": Kind.MUNICIPALITY, "page": 2}).content.decode()
    assert 'href="?kind=municipality&amp;page=1"' in html
    assert 'href="?kind=municipality&amp;page=3"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("page, expected", [("999", "last"), ("abc", "first"), ("-1", "last")])
def test_bad_page_numbers_give_a_page_not_an_error(client, page_size, page, expected):
    total = PublicEntity.objects.filter(active=True).count()
    pages = math.ceil(total / page_size)
    response = client.get("/entes/", {"page": page})
    assert response.status_code == 200
    html = response.content.decode()
    number = pages if expected == "last" else 1
    assert f"Página {number} de {pages}" in html
    assert result_names(html)


@pytest.mark.django_db
def test_htmx_request_gets_only_the_results_fragment(client):
    response = client.get("/entes/", {"q": "tapachula"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "<form" not in html
    assert result_names(html) == ["Tapachula"]

    full = client.get("/entes/", {"q": "tapachula"}).content.decode()
    assert "<html" in full
    assert 'id="entity-results"' in full


@pytest.mark.django_db
def test_htmx_empty_result_shows_the_empty_state(client):
    html = client.get("/entes/", {"q": "zzzz"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Ningún ente coincide con la búsqueda" in html


# --- Detail page --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_municipality_detail_page(client, municipality):
    tapachula = municipality("07089")
    response = client.get(f"/entes/{tapachula.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Tapachula</h1>" in html
    assert "<dd>07089</dd>" in html
    assert "Ayuntamiento (municipio)" in html
    assert "Municipal" in html
    assert "Activo" in html


@pytest.mark.django_db
def test_state_body_detail_page_lists_its_dependent_entes(client, state_entity):
    sop = state_entity("SOP")
    child = PublicEntity.objects.create(
        name="Residencia de Obra Región Costa",
        kind=Kind.STATE_AGENCY,
        order_of_government=Order.STATE,
        branch=PublicEntity.Branch.EXECUTIVE,
        parent=sop,
    )
    html = client.get(f"/entes/{sop.pk}/").content.decode()
    assert "<h1>Secretaría de Obras Públicas</h1>" in html
    assert "<dd>SOP</dd>" in html
    assert "Entes que dependen de éste" in html
    assert f'href="/entes/{child.pk}/"' in html

    child_html = client.get(f"/entes/{child.pk}/").content.decode()
    assert "Ente superior" in child_html
    assert f'href="/entes/{sop.pk}/"' in child_html


# --- Validation --------------------------------------------------------------------------------


def _municipality(**fields) -> PublicEntity:
    values = {
        "name": "Municipio de prueba",
        "kind": Kind.MUNICIPALITY,
        "order_of_government": Order.MUNICIPAL,
        "branch": PublicEntity.Branch.EXECUTIVE,
    }
    values.update(fields)
    return PublicEntity(**values)


@pytest.mark.django_db
@pytest.mark.parametrize("code", [None, ""])
def test_municipality_without_inegi_code_is_invalid(code):
    with pytest.raises(ValidationError) as error:
        _municipality(inegi_code=code).full_clean()
    assert "inegi_code" in error.value.message_dict
    assert "clave INEGI" in error.value.message_dict["inegi_code"][0]


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["7089", "0708A", "07 89", "０７０８９"])
def test_malformed_inegi_code_is_invalid(code):
    with pytest.raises(ValidationError) as error:
        _municipality(inegi_code=code).full_clean()
    assert "inegi_code" in error.value.message_dict


@pytest.mark.django_db
def test_duplicate_inegi_code_is_invalid():
    with pytest.raises(ValidationError) as error:
        _municipality(inegi_code="07089").full_clean()
    assert "inegi_code" in error.value.message_dict


@pytest.mark.django_db
def test_well_formed_municipality_is_valid():
    _municipality(inegi_code="07999").full_clean()
