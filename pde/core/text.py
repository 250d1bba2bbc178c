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
