"""CURP and RFC: shape, dates and check digits, against the published examples."""

import string

from hypothesis import given
from hypothesis import strategies as st

from pde.declarations.services.oic import (
    curp_check_digit,
    curp_error,
    rfc_check_digit,
    rfc_error,
)

# Examples published by RENAPO (CURP) and the SAT (RFC) with their check digits.
RENAPO_EXAMPLE = "HEGG560427MVZRRL04"
SAT_EXAMPLE = "GODE561231GR8"


def test_published_examples_are_valid():
    assert curp_error(RENAPO_EXAMPLE) is None
    assert rfc_error(SAT_EXAMPLE) is None


def test_clear_spanish_messages_for_bad_values():
    assert "18 caracteres" in curp_error("HEGG560427")
    assert "dígito verificador" in curp_error("HEGG560427MVZRRL05")
    assert "fecha de nacimiento" in curp_error("HEGG561327MVZRRL04")
    assert "entidad" in curp_error("HEGG560427MXXRRL04")
    assert "forma oficial" in curp_error("1EGG560427MVZRRL04")
    assert "dígito verificador" in rfc_error("GODE561231GR9")
    assert "genérico" in rfc_error("XAXX010101000")
    assert "13 caracteres" in rfc_error("GODE561231")


consonants = st.sampled_from("BCDFGHJKLMNPQRSTVWXZ")
curp_bodies = st.builds(
    lambda first, vowel, two, yy, mm, dd, sex, state, inner, homo: (
        f"{first}{vowel}{two}{yy:02d}{mm:02d}{dd:02d}{sex}{state}{inner}{homo}"
    ),
    st.sampled_from(string.ascii_uppercase),
    st.sampled_from("AEIOUX"),
    st.text(string.ascii_uppercase, min_size=2, max_size=2),
    st.integers(0, 99),
    st.integers(1, 12),
    st.integers(1, 28),
    st.sampled_from("HM"),
    st.sampled_from(["CS", "DF", "OC", "NE", "VZ"]),
    st.text("BCDFGHJKLMNPQRSTVWXZ", min_size=3, max_size=3),
    st.sampled_from("0123456789ABC"),
)


@given(curp_bodies, st.sampled_from(string.digits))
def test_a_curp_is_valid_only_with_its_own_check_digit(body, digit):
    expected = curp_check_digit(body)
    assert (curp_error(body + digit) is None) == (digit == expected)


@given(
    st.text("ABCDEFGHIJKLMNOPQRSTUVWYZ", min_size=4, max_size=4),
    st.integers(0, 99),
    st.integers(1, 12),
    st.integers(1, 28),
    st.text(string.ascii_uppercase + string.digits, min_size=2, max_size=2),
    st.sampled_from(string.digits + "A"),
)
def test_an_rfc_is_valid_only_with_its_own_check_digit(letters, yy, mm, dd, homo, digit):
    body = f"{letters}{yy:02d}{mm:02d}{dd:02d}{homo}"
    expected = rfc_check_digit(body)
    assert (rfc_error(body + digit) is None) == (digit == expected)
