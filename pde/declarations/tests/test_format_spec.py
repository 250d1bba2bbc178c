"""Our spec, catalogues and JSON Schema describe exactly the official S1 v2 format."""

import pytest

from pde.declarations import format as s1
from pde.declarations.format.catalogues import CATALOGUES, OFFICIAL_CATALOGUES
from pde.declarations.format.spec import section_nodes

from .format_official import catalogue_files, comparable, nfc, resolved_item_schema


@pytest.mark.parametrize("tipo", s1.TIPOS)
def test_our_schema_is_the_official_results_item_schema(shared_dir, tipo):
    """Same property tree, types, formats, patterns, bounds, enums and required lists."""
    ours = comparable(s1.json_schema(tipo))
    official = comparable(resolved_item_schema(shared_dir, tipo))
    assert ours == official


def test_the_three_types_really_differ_where_the_spec_says():
    ingresos = {t: set(section_nodes(t)["ingresos"].fields) for t in s1.TIPOS}
    assert "ingresoMensualNetoDeclarante" in ingresos["INICIAL"]
    assert "ingresoAnualNetoDeclarante" in ingresos["MODIFICACIÓN"]
    assert "ingresoConclusionNetoDeclarante" in ingresos["CONCLUSIÓN"]
    assert "actividadAnualAnterior" not in section_nodes("MODIFICACIÓN")
    empleo = section_nodes("MODIFICACIÓN")["datosEmpleoCargoComision"].fields
    assert "otroEmpleoCargoComision" in empleo


def test_every_official_catalogue_is_ours_clave_by_clave(shared_dir):
    files = catalogue_files(shared_dir)
    assert set(files) == set(OFFICIAL_CATALOGUES)
    for name, entries in files.items():
        ours = s1.catalogue(name)
        if isinstance(entries[0], dict):
            assert ours == [(e["clave"], nfc(e["valor"])) for e in entries], name
        else:
            # Plain-string catalogues: the catalogue text is our valor; the clave is
            # what the schema accepts (the same text, except MEXICO vs MÉXICO).
            assert [v for _c, v in ours] == [nfc(e) for e in entries], name


def test_catalogue_claves_are_the_schema_enums(shared_dir):
    """Every catalogue the spec uses agrees with the enum the OAS puts on that field."""
    checked = set()

    def walk(node):
        if isinstance(node, dict):
            props = node.get("properties", {})
            if set(props) == {"clave", "valor"} and "enum" in props["clave"]:
                claves = props["clave"]["enum"]
                match = [
                    n for n in OFFICIAL_CATALOGUES if {c for c, _ in CATALOGUES[n]} == set(claves)
                ]
                assert match, claves
                checked.update(match)
                if "enum" in props["valor"]:
                    assert any(
                        {v for _, v in CATALOGUES[n]} == set(props["valor"]["enum"]) for n in match
                    )
            elif "enum" in node and node.get("type") == "string":
                match = [
                    n
                    for n in OFFICIAL_CATALOGUES
                    if {c for c, _ in CATALOGUES[n]} == set(node["enum"])
                ]
                if match:
                    checked.update(match)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for tipo in s1.TIPOS:
        walk(resolved_item_schema(shared_dir, tipo))
    assert len(checked) >= 35


def test_sections_follow_the_format_order_and_the_simplified_format_is_smaller():
    complete = [s.key for s in s1.sections("INICIAL", True)]
    assert complete[:3] == ["datosGenerales", "domicilioDeclarante", "datosCurricularesDeclarante"]
    assert complete[-1] == "fideicomisos"
    assert len(complete) == 22
    assert len(s1.sections("MODIFICACIÓN", True)) == 21  # no actividadAnualAnterior
    simplified = [s.key for s in s1.sections("INICIAL", False)]
    # Norma decimosegunda: the first rubros only, no intereses.
    assert simplified == [
        "datosGenerales",
        "domicilioDeclarante",
        "datosCurricularesDeclarante",
        "datosEmpleoCargoComision",
        "experienciaLaboral",
        "ingresos",
        "actividadAnualAnterior",
    ]
    assert "actividadAnualAnterior" not in [s.key for s in s1.sections("MODIFICACIÓN", False)]
    assert all(s.part == "situacionPatrimonial" for s in s1.sections("CONCLUSIÓN", False))


def test_section_metadata():
    inmuebles = s1.section("bienesInmuebles")
    assert (inmuebles.number, inmuebles.part, inmuebles.item_key) == (
        "10",
        "situacionPatrimonial",
        "bienInmueble",
    )
    assert inmuebles.repeatable and inmuebles.allows_ninguno
    assert str(inmuebles.title) == "Bienes inmuebles"
    participacion = s1.section("participacion")
    assert (participacion.number, participacion.part) == ("1", "interes")
    generales = s1.section("datosGenerales")
    assert not generales.repeatable and generales.item_key is None
    pareja = s1.section("datosPareja")
    assert pareja.allows_ninguno and not pareja.repeatable
    curriculares = s1.section("datosCurricularesDeclarante")
    assert curriculares.repeatable and not curriculares.allows_ninguno
    with pytest.raises(KeyError):
        s1.section("noExiste")
    with pytest.raises(KeyError):
        s1.catalogue("noExiste")


def test_json_schema_is_built_once():
    assert s1.json_schema("INICIAL") is s1.json_schema("INICIAL")
    with pytest.raises(ValueError):
        s1.json_schema("ANUAL")
