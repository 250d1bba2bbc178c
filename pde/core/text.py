"""Text normalization shared by every search column (works on SQLite and PostgreSQL)."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def normalize_text(value: str | None) -> str:
    """Lower-case, without accents or diacritics, single spaces.

    "  José  PÉREZ Ñandú " -> "jose perez nandu". Search terms go through the
    same function, so "Tuxtla Gutiérrez" and "tuxtla gutierrez" match.
    """
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFKD", value)
    without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", without_marks.casefold()).strip()


# Spanish alphabetical order as the PDN specs require: case and accents ignored,
# ñ its own letter right after n. Each character becomes a fixed-width run of
# digits, because PostgreSQL compares text with the server's locale (which skips
# spaces and punctuation) while SQLite compares bytes: digit-only keys sort the
# same under every collation, so ORDER BY on a key column is correct on both.
_SORT_ALPHABET = " 0123456789abcdefghijklmnñopqrstuvwxyz"
_SORT_CODES = {ch: f"{i + 10:02d}" for i, ch in enumerate(_SORT_ALPHABET)}
_OTHER_CHAR = "99"


def spanish_sort_key(value: str | None) -> str:
    """'Ñandú' > 'Nuñez' > 'nada'... as digits: sort_key(a) < sort_key(b) iff a
    comes before b in the Spanish dictionary order (ignoring case and accents)."""
    if not value:
        return ""
    text = unicodedata.normalize("NFC", value).casefold().replace("ñ", "\0")
    decomposed = unicodedata.normalize("NFKD", text)
    base = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("\0", "ñ")
    base = _SPACES.sub(" ", base).strip()
    return "".join(_SORT_CODES.get(ch, _OTHER_CHAR) for ch in base)
