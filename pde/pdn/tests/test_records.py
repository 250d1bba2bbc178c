"""The record models: extracted columns, keys, array filters and Spanish sort order."""

from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pde.core.text import normalize_text
from pde.pdn.models import (
    RECORD_MODELS,
    ContractingProcess,
    ProcurementServant,
    SanctionedParticular,
    SanctionedServant,
    claves_q,
    columns_from_document,
    document_hash,
)
from pde.pdn.tests.delivery_samples import make_record, sample


def test_s2_columns():
    columns = columns_from_document("s2", sample("s2"))
    assert columns["record_id"] == "S2-1"
    assert columns["nombres_norm"] == "jose juan"
    assert columns["primer_apellido_norm"] == "perez"
    assert columns["segundo_apellido_norm"] == "nunez"
    assert columns["institucion_norm"] == "secretaria de obras publicas"
    assert columns["institucion_nombre"] == "Secretaría de Obras Públicas"
    assert columns["institucion_siglas"] == "SOP"
    assert columns["puesto_norm"] == "jefe de departamento"
    assert columns["curp"] == "PEJJ800101HCSRRN09"
    assert columns["tipo_procedimiento_claves"] == "|1|"
    assert columns["fecha_captura"] == datetime(2024, 3, 1, 10, tzinfo=UTC)


def test_s3_columns():
    servant = columns_from_document("s3s", sample("s3s"))
    assert servant["nombres_norm"] == "maria"
    assert servant["segundo_apellido_norm"] == "nuno"
    assert servant["rfc"] == "GOMA800101XX1"
    assert servant["tipo_sancion_claves"] == "|I|"
    assert servant["tipo_falta"] == "NAD"
    particular = columns_from_document("s3p", sample("s3p"))
    assert particular["nombre_razon_social_norm"] == "constructora nandu, s.a. de c.v."
    assert particular["tipo_persona"] == "M"
    assert particular["expediente"] == "EXP-P-01"
    assert particular["tipo_sancion_claves"] == "|M|"


def test_s6_columns():
    document = sample("s6")
    document["awards"].append(
        {"id": "A2", "status": "pending", "suppliers": [{"name": "Aceros del Sur"}]}
    )
    columns = columns_from_document("s6", document)
    assert columns["ocid"] == "ocds-abc123-0001"
    assert columns["title"] == "Construcción de puente"
    assert "adjudicacion del puente" in columns["title_norm"]
    assert columns["buyer_name_norm"] == "secretaria de obras publicas"
    assert columns["procurement_method"] == "open"
    assert columns["award_status_claves"] == "|active|pending|"
    assert "aceros del sur" in columns["supplier_names_norm"]
    assert "acero estructural" in columns["item_descriptions_norm"]
    assert columns["number_of_tenderers"] == 3
    assert columns["tender_start_date"] == datetime(2024, 1, 10, tzinfo=UTC)


def test_missing_optional_parts_give_empty_columns():
    columns = columns_from_document("s6", {"ocid": "o", "id": "1"})
    assert columns["title"] == "" and columns["number_of_tenderers"] is None
    assert columns_from_document("s2", {"id": "x"})["tipo_procedimiento_claves"] == ""


@pytest.mark.django_db
def test_ids_are_unique_per_system(state_entity):
    entity = state_entity("SOP")
    make_record("s2", entity, sample("s2", "X"))
    make_record("s3s", entity, sample("s3s", "X"))  # same id, another system: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        make_record("s2", entity, sample("s2", "X"))


@pytest.mark.django_db
def test_s6_key_is_ocid_and_release_id(state_entity):
    entity = state_entity("SOP")
    make_record("s6", entity, sample("s6", "r1", ocid="ocds-1"))
    make_record("s6", entity, sample("s6", "r1", ocid="ocds-2"))
    make_record("s6", entity, sample("s6", "r2", ocid="ocds-1"))
    assert ContractingProcess.objects.count() == 3
    with pytest.raises(IntegrityError), transaction.atomic():
        make_record("s6", entity, sample("s6", "r1", ocid="ocds-1"))


@pytest.mark.django_db
def test_claves_filter_matches_any_of_the_values(state_entity):
    entity = state_entity("SOP")
    make_record("s3s", entity, sample("s3s", "a", tipoSancion=[{"clave": "I", "valor": "I"}]))
    make_record(
        "s3s",
        entity,
        sample(
            "s3s", "b", tipoSancion=[{"clave": "M", "valor": "M"}, {"clave": "S", "valor": "S"}]
        ),
    )
    make_record("s3s", entity, sample("s3s", "c", tipoSancion=[{"clave": "SE", "valor": "SE"}]))

    def ids(values):
        found = SanctionedServant.objects.filter(claves_q("tipo_sancion_claves", values))
        return sorted(found.values_list("record_id", flat=True))

    assert ids(["S"]) == ["b"]  # "S" does not match "SE"
    assert ids(["I", "SE"]) == ["a", "c"]
    assert ids([]) == []


@pytest.mark.django_db
def test_substring_filter_on_normalized_columns(state_entity):
    entity = state_entity("SOP")
    make_record("s2", entity, sample("s2", "1", nombres="José"))
    make_record("s2", entity, sample("s2", "2", nombres="Josefina"))
    make_record("s2", entity, sample("s2", "3", nombres="Ana"))
    found = ProcurementServant.objects.filter(nombres_norm__contains=normalize_text("JOSE"))
    assert sorted(found.values_list("record_id", flat=True)) == ["1", "2"]


names = st.text(alphabet="aábcdeénñoóuüzAÁNÑZ ", min_size=1, max_size=8)


@pytest.mark.django_db
@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(values=st.lists(names, min_size=2, max_size=6))
def test_sort_columns_give_spanish_order_on_the_database(state_entity, values):
    entity = state_entity("SOP")
    SanctionedParticular.objects.all().delete()
    for position, value in enumerate(values):
        make_record(
            "s3p",
            entity,
            sample(
                "s3p",
                f"p{position}",
                particularSancionado={"nombreRazonSocial": value, "tipoPersona": "F"},
            ),
        )
    ordered = [
        record.document["particularSancionado"]["nombreRazonSocial"]
        for record in SanctionedParticular.objects.order_by("nombre_razon_social_sort", "id")
    ]

    def key(text):
        base = normalize_text(text.replace("ñ", "\0").replace("Ñ", "\0")).replace("\0", "ñ")
        return ["abcdefghijklmnñopqrstuvwxyz".find(ch) if ch != " " else -1 for ch in base]

    assert [key(v) for v in ordered] == sorted(key(v) for v in values)


def test_document_hash_ignores_key_order():
    assert document_hash({"a": 1, "b": [1, 2]}) == document_hash({"b": [1, 2], "a": 1})
    assert document_hash({"a": 1}) != document_hash({"a": 2})


def test_every_system_has_a_model():
    assert set(RECORD_MODELS) == {"s2", "s3s", "s3p", "s6"}
    assert RECORD_MODELS["s3p"] is SanctionedParticular


@pytest.mark.django_db
def test_postgresql_has_trigram_indexes_for_substring_filters():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("trigram indexes exist only on PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'pdn_sanctionedservant' "
            "AND indexdef LIKE '%%gin_trgm_ops%%'"
        )
        names = {row[0] for row in cursor.fetchall()}
    assert "sanctionedservant_nombres_norm_trgm" in names
