"""Private data never survives redaction: property tests for pde.core.privacy."""

import io
import json
import logging
import string
from contextlib import contextmanager

from hypothesis import example, given
from hypothesis import strategies as st

from pde.core.privacy import (
    PRIVATE_KEYS,
    REDACTED,
    RedactPrivateDataFilter,
    is_private_key,
    redact,
    redact_text,
)

# Spellings as they appear in the PDN formats and our own records.
PRIVATE_SPELLINGS = (
    "curp",
    "rfc",
    "homoClave",
    "password",
    "contraseña",
    "secret",
    "client_secret",
    "token",
    "access_token",
    "refresh_token",
    "domicilio",
    "domicilioMexico",
    "domicilioExtranjero",
    "dirección",
    "teléfono",
    "telefonoPersonal",
    "telefonoCasa",
    "celularPersonal",
    "correoElectronicoPersonal",
    "correoPersonal",
    "datosPareja",
    "pareja",
    "datosDependientesEconomicos",
    "dependientesEconomicos",
    "numeroCuentaContrato",
    "numeroCuenta",
    "clabe",
    "cuentaBancaria",
    "nss",
    "numeroSeguro",
    "fechaNacimiento",
    "regimenMatrimonial",
    "lugarDondeReside",
)

# Private values carry this marker; public values are lower-case, so they never do.
MARKER = "PRIVADO"

UPPER = string.ascii_uppercase
DIGITS = string.digits
SEPARATORS = (" ", "\n", "\t", ", ", ": ", "=", "(", ")", "[", "]", "/", '"', "'", ";", ". ")


@st.composite
def private_keys(draw) -> str:
    """A private key in any case, with '_' or '-' sprinkled between its letters."""
    base = draw(st.sampled_from(PRIVATE_SPELLINGS + tuple(sorted(PRIVATE_KEYS))))
    chars = []
    for index, char in enumerate(base):
        if index:
            chars.append(draw(st.sampled_from(("", "", "", "_", "-", "__"))))
        chars.append(char.upper() if draw(st.booleans()) else char.lower())
    return "".join(chars)


public_keys = st.text(alphabet=string.ascii_lowercase + "_", min_size=1, max_size=12).filter(
    lambda key: not is_private_key(key)
)
public_leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(alphabet=string.ascii_lowercase + " áéíóúñ.,", max_size=20)
)
public_trees = st.recursive(
    public_leaves,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(public_keys, children, max_size=4)
    ),
    max_leaves=20,
)
secret_leaves = st.builds(
    lambda token: f"{MARKER}{token}", st.text(alphabet=string.ascii_letters + DIGITS, max_size=8)
)
secret_values = st.recursive(
    secret_leaves,
    lambda children: (
        st.lists(children, min_size=1, max_size=3)
        | st.dictionaries(public_keys, children, min_size=1, max_size=3)
    ),
    max_leaves=6,
)


def _merge(public: dict, private: dict) -> dict:
    return {**public, **private}


mixed_trees = st.recursive(
    public_leaves,
    lambda children: (
        st.lists(children, max_size=4)
        | st.builds(
            _merge,
            st.dictionaries(public_keys, children, max_size=4),
            st.dictionaries(private_keys(), secret_values, max_size=3),
        )
    ),
    max_leaves=25,
)

curps = st.builds(
    "".join,
    st.tuples(
        st.sampled_from(UPPER),
        st.sampled_from("AEIOUX"),
        st.text(alphabet=UPPER, min_size=2, max_size=2),
        st.text(alphabet=DIGITS, min_size=6, max_size=6),
        st.sampled_from("HM"),
        st.text(alphabet=UPPER, min_size=5, max_size=5),
        st.sampled_from(UPPER + DIGITS),
        st.sampled_from(DIGITS),
    ),
)
rfcs = st.builds(
    "".join,
    st.tuples(
        st.text(alphabet=UPPER + "Ñ&", min_size=3, max_size=4),
        st.text(alphabet=DIGITS, min_size=6, max_size=6),
        st.text(alphabet=UPPER + DIGITS, min_size=3, max_size=3),
    ),
)
free_text = st.text(max_size=40)
separators = st.sampled_from(SEPARATORS)


def cased(value: str, lower: bool) -> str:
    return value.lower() if lower else value


# --- keys ------------------------------------------------------------------------------


@given(private_keys())
def test_every_spelling_of_a_private_key_is_private(key):
    assert is_private_key(key)


@given(mixed_trees)
def test_no_private_value_survives_redaction(tree):
    dumped = json.dumps(redact(tree), ensure_ascii=False)
    assert MARKER not in dumped


@given(private_keys(), secret_values, st.lists(private_keys(), min_size=1, max_size=3))
def test_private_values_nested_under_lists_and_dicts_are_masked(key, value, outer_keys):
    tree = {"declaracion": [{"situacionPatrimonial": {key: value}}]}
    for outer in outer_keys:
        tree = {"datos": [tree, {outer: value}]}
    result = redact(tree)
    assert MARKER not in json.dumps(result, ensure_ascii=False)
    assert REDACTED in json.dumps(result, ensure_ascii=False)


@given(public_trees)
def test_public_data_survives_unchanged(tree):
    assert redact(tree) == tree


@given(
    st.dictionaries(public_keys, public_trees, max_size=5),
    st.dictionaries(private_keys(), secret_values, min_size=1, max_size=3),
)
def test_public_keys_beside_private_ones_keep_their_values(public, private):
    result = redact({**public, **private})
    for key, value in public.items():
        assert result[key] == value
    for key in private:
        assert result[key] == REDACTED
    assert set(result) == set(public) | set(private)


def test_redact_does_not_modify_its_input():
    original = {"curp": "X", "nombre": "Ana", "lista": [{"rfc": "Y"}]}
    redact(original)
    assert original == {"curp": "X", "nombre": "Ana", "lista": [{"rfc": "Y"}]}


# --- CURP and RFC in free text -----------------------------------------------------------


@given(curps, free_text, free_text, separators, separators, st.booleans())
@example("GOMA800101HCSRRN09", "Nombre: Ana", "fin", ": ", ".", False)
def test_curp_in_free_text_is_masked(curp, before, after, left, right, lower):
    curp = cased(curp, lower)
    text = f"{before}{left}{curp}{right}{after}"
    cleaned = redact_text(text)
    assert curp not in cleaned
    assert REDACTED in cleaned


@given(rfcs, free_text, free_text, separators, separators, st.booleans())
@example("GOMA800101AB1", "RFC", "", " ", "", False)
@example("ABC800101XY9", "empresa", "", " ", "", False)
@example("&AB800101XY9", "empresa", "", " ", "", False)
def test_rfc_in_free_text_is_masked(rfc, before, after, left, right, lower):
    rfc = cased(rfc, lower)
    text = f"{before}{left}{rfc}{right}{after}"
    cleaned = redact_text(text)
    assert rfc not in cleaned
    assert REDACTED in cleaned


@given(curps, rfcs, public_keys)
def test_curp_and_rfc_under_public_keys_are_masked_by_redact(curp, rfc, key):
    result = redact({key: f"CURP {curp}, RFC {rfc}", "lista": [curp, (rfc,)]})
    dumped = json.dumps(result, ensure_ascii=False)
    assert curp not in dumped
    assert rfc not in dumped


@given(st.text(alphabet=string.ascii_letters + " .,áéíóúñÑ", max_size=60))
def test_text_without_digits_is_left_alone(text):
    assert redact_text(text) == text


# --- logging ---------------------------------------------------------------------------


class ListHandler(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
        self.addFilter(RedactPrivateDataFilter())

    def emit(self, record):
        self.lines.append(self.format(record))


@contextmanager
def capture_log():
    """A logger whose records pass through the filter into a list of formatted lines."""
    logger = logging.getLogger("pde.tests.privacy")
    handler = ListHandler()
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield logger, handler.lines
    finally:
        logger.removeHandler(handler)
        logger.propagate = True


@given(curps, rfcs, free_text)
def test_log_records_have_curp_and_rfc_masked(curp, rfc, words):
    with capture_log() as (logger, lines):
        logger.warning("Declarante %s con RFC %s: %s", curp, rfc, words)
        logger.warning(f"Recibida la declaración de {curp}.")
    assert len(lines) == 2
    output = "\n".join(lines)
    assert curp not in output
    assert rfc not in output
    assert output.count(REDACTED) >= 3


def test_log_record_without_private_data_keeps_message_and_args():
    with capture_log() as (logger, lines):
        logger.warning("Se recibieron %d declaraciones de %s", 12, "Tapachula")
    assert lines == ["WARNING Se recibieron 12 declaraciones de Tapachula"]


def test_exception_text_in_log_records_is_masked():
    with capture_log() as (logger, lines):
        try:
            raise ValueError("CURP inválida: GOMA800101HCSRRN09")
        except ValueError:
            logger.exception("Falló la importación")
    output = "\n".join(lines)
    assert "Traceback" in output
    assert "ValueError" in output
    assert "GOMA800101HCSRRN09" not in output


def test_platform_console_log_masks_curp():
    """The console handler configured in settings.LOGGING carries the filter."""
    handlers = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, RedactPrivateDataFilter) for f in handler.filters)
    ]
    assert handlers, "the root logger has no handler with RedactPrivateDataFilter"
    console = handlers[-1]
    stream = io.StringIO()
    # Swap the stream by hand: the one it holds may be a test-capture file already closed.
    previous, console.stream = console.stream, stream
    try:
        logging.getLogger("pde.core.tests").warning(
            "Consulta de %s desde el módulo de declaraciones", "GOMA800101HCSRRN09"
        )
    finally:
        console.stream = previous
    output = stream.getvalue()
    assert "Consulta de [dato reservado] desde el módulo de declaraciones" in output
    assert "GOMA800101HCSRRN09" not in output
