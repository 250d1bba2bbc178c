"""The XLSForm expression subset: parsed and walked, never eval()'d."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pde.surveys import expressions as expr


def run(text, values=None, current=None):
    return expr.evaluate(expr.parse(text), values or {}, current)


@pytest.mark.parametrize(
    ("text", "values", "current", "expected"),
    [
        (". >= 15 and . <= 110", {}, 30, True),
        (". >= 15 and . <= 110", {}, 3, False),
        ("${soborno} = 'si'", {"soborno": "si"}, None, True),
        ("${soborno} = 'si'", {}, None, False),
        ("${a} != 'x' or not(${b} > 2)", {"a": "x", "b": 1}, None, True),
        ("selected(${t}, 'salud')", {"t": ["salud", "policia"]}, None, True),
        ("selected(${t}, 'escuela')", {"t": ["salud"]}, None, False),
        ("count-selected(.) <= 3", {}, ["a", "b", "c", "d"], False),
        ("string-length(.) <= 5", {}, "hola", True),
        ("${m} div 1000", {"m": 2500.0}, None, 2.5),
        ("(1 + 2) * 3 - 4 mod 3", {}, None, 8.0),
        ("-${x} < 0", {"x": 4}, None, True),
        ("if(${x} > 1, 'mucho', 'poco')", {"x": 5}, None, "mucho"),
        ("concat('a', ${x}, \"b\")", {"x": 1.0}, None, "a1b"),
        ("${x} > 10", {"x": ""}, None, False),  # an empty answer is never > 10
        ("coalesce(${x}, 'nada')", {}, None, "nada"),
    ],
)
def test_supported_expressions(text, values, current, expected):
    assert run(text, values, current) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("__import__('os')", "no está soportada"),
        ("${a} = ", "termina antes de tiempo"),
        ("1 + 2)", "Sobra"),
        ("${a} ; 1", "Carácter no reconocido"),
        ("selected(${a})", "recibe 2 argumentos"),
        ("", "vacía"),
    ],
)
def test_unsupported_expressions_are_refused_in_spanish(text, message):
    with pytest.raises(expr.ExpressionError, match=message):
        expr.parse(text)


def test_unknown_reference_is_reported():
    with pytest.raises(expr.ExpressionError, match="«zz» no existe"):
        expr.check("${zz} = 1", {"a"})


numbers = st.integers(min_value=-(10**6), max_value=10**6)


@given(numbers, numbers, st.sampled_from(["=", "!=", "<", "<=", ">", ">="]))
def test_comparisons_agree_with_python(a, b, operator):
    python = {
        "=": a == b,
        "!=": a != b,
        "<": a < b,
        "<=": a <= b,
        ">": a > b,
        ">=": a >= b,
    }[operator]
    assert run(f"${{a}} {operator} ${{b}}", {"a": a, "b": b}) is python


@given(numbers, numbers)
def test_arithmetic_agrees_with_python(a, b):
    assert run("${a} + ${b} * 2", {"a": a, "b": b}) == a + b * 2
    result = run("${a} div ${b}", {"a": a, "b": b})
    if b:
        assert math.isclose(result, a / b)
    else:
        assert not math.isfinite(result)


@given(st.text(max_size=40))
def test_any_text_either_parses_or_raises_expression_error(text):
    try:
        node = expr.parse(text)
    except expr.ExpressionError:
        return
    try:
        expr.evaluate(node, {}, "")
    except (ZeroDivisionError, OverflowError):  # pragma: no cover
        pytest.fail("evaluation must not raise arithmetic errors")
