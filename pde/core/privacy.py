"""Private data never reaches a log line or an audit summary.

The names below are the private fields of the PDN formats (declarations,
sanctions, contracts) and of our own records. Anything keyed by one of them is
replaced by a marker before it is written to a log or to the audit log.
"""

import logging
import re
from collections.abc import Mapping
from typing import Any

from .text import normalize_text

REDACTED = "[dato reservado]"

# Compared after normalize_text and with "_" and "-" removed.
PRIVATE_KEYS = frozenset(
    {
        "curp",
        "rfc",
        "homoclave",
        "password",
        "contrasena",
        "secret",
        "clientsecret",
        "token",
        "accesstoken",
        "refreshtoken",
        "domicilio",
        "domiciliomexico",
        "domicilioextranjero",
        "direccion",
        "telefono",
        "telefonopersonal",
        "telefonocasa",
        "celularpersonal",
        "correoelectronicopersonal",
        "correopersonal",
        # correoElectronico.personal in the S1 format; institutional e-mail is public.
        "personal",
        "datospareja",
        "pareja",
        "datosdependienteseconomicos",
        "dependienteseconomicos",
        "numerocuentacontrato",
        "numerocuenta",
        "clabe",
        "cuentabancaria",
        "nss",
        "numeroseguro",
        "fechanacimiento",
        "regimenmatrimonial",
        "lugardondereside",
    }
)

# A CURP and an RFC have fixed shapes: masked wherever they appear in free text.
_CURP = re.compile(r"\b[A-Z][AEIOUX][A-Z]{2}\d{6}[HM][A-Z]{5}[A-Z0-9]\d\b", re.IGNORECASE)
# "&" is not a word character, so \b would miss an RFC that starts with it.
_RFC = re.compile(r"(?<![\w&])[A-ZÑ&]{3,4}\d{6}[A-Z0-9]{3}\b", re.IGNORECASE)


def is_private_key(key: str) -> bool:
    return normalize_text(str(key)).replace("_", "").replace("-", "") in PRIVATE_KEYS


def redact_text(text: str) -> str:
    return _RFC.sub(REDACTED, _CURP.sub(REDACTED, text))


def redact(value: Any) -> Any:
    """Return a copy of ``value`` with private keys and CURP/RFC strings masked."""
    if isinstance(value, Mapping):
        return {
            str(key): REDACTED if is_private_key(key) else redact(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [redact(item) for item in value]
    if isinstance(value, str):
        return redact_text(value)
    return value


class RedactPrivateDataFilter(logging.Filter):
    """Logging filter: masks CURP and RFC patterns in every formatted message,
    and in the traceback and stack text that handlers append to it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact_text(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            # Formatters reuse exc_text when it is set, so they print the masked one.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_text(record.exc_text)
        if record.stack_info:
            record.stack_info = redact_text(record.stack_info)
        return True
