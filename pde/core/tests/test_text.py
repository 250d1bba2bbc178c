"""Search normalization and the Spanish sort key every PDN sort relies on."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pde.core.models import PublicEntity
from pde.core.text import normalize_text, spanish_sort_key

SPANISH_ORDER = " 0123456789abcdefghijklmnñopqrstuvwxyz"
ACCENTED = {"á": "a", "é": "e", "í": "i", "ó": "o", "ú": "u", "ü": "u"}


def dictionary_order(word: str) -> list[int]:
    """The reference: each letter's place in the Spanish alphabet, case and
    accents ignored, ñ its own letter between n and o."""
    letters = (ACCENTED.get(ch, ch) for ch in word.lower())
    return [SPANISH_ORDER.index(ch) for ch in letters]


words = st.text(alphabet="abnñoszNÑÁáéúüZ 09", max_size=8).map(lambda w: " ".join(w.split()))


def test_normalize_text_drops_case_accents_and_extra_spaces():
    assert normalize_text("  José  PÉREZ Ñandú ") == "jose perez nandu"
    assert normalize_text(None) == ""


def test_enye_is_its_own_letter_after_n():
    names = ["Ortiz", "Ñandú", "Nuñez", "nada", "Núñez", "Álvarez", "Zúñiga"]
    assert sorted(names, key=spanish_sort_key) == [
        "Álvarez",
        "nada",
        "Nuñez",
        "Núñez",
        "Ñandú",
        "Ortiz",
        "Zúñiga",
    ]


@given(words, words)
def test_sort_key_order_is_the_spanish_dictionary_order(a, b):
    assert (spanish_sort_key(a) < spanish_sort_key(b)) == (
        dictionary_order(a) < dictionary_order(b)
    )
    assert (spanish_sort_key(a) == spanish_sort_key(b)) == (
        dictionary_order(a) == dictionary_order(b)
    )


@pytest.mark.django_db
def test_the_database_orders_sort_keys_like_python():
    """PostgreSQL compares text with the server's locale, SQLite byte by byte:
    digit-only keys must come back in the same order from both."""
    names = ["Ñandú", "nada", "Núñez", "Ortiz", "Álvarez", "de la Cruz", "del Valle", "De Anda"]
    created = [PublicEntity.objects.create(name=name, kind="state_agency") for name in names]
    for entity in created:  # save() fills search_text; store the sort key instead
        PublicEntity.objects.filter(pk=entity.pk).update(search_text=spanish_sort_key(entity.name))
    in_db = list(
        PublicEntity.objects.filter(pk__in=[e.pk for e in created])
        .order_by("search_text")
        .values_list("name", flat=True)
    )
    assert in_db == sorted(names, key=spanish_sort_key)
