"""Let hypothesis-jsonschema 0.23 (used by schemathesis 3) run on this Hypothesis.

hypothesis-jsonschema drives object generation with ``cu.many(...).more()``, an internal
Hypothesis API that newer Hypothesis replaced with a context manager / iterator. This
shim gives hypothesis-jsonschema's module the old interface on top of the new one; it
touches no other module and only the tests import it.
"""

import types

from hypothesis.internal.conjecture import utils as cu


class LegacyMany:
    def __init__(self, data, min_size, max_size, average_size, **kwargs):
        self._many = cu.many(data, min_size, max_size, average_size, **kwargs)
        self._many.__enter__()
        self._iterator = iter(self._many)

    def more(self) -> bool:
        try:
            next(self._iterator)
        except StopIteration:
            self._many.__exit__(None, None, None)
            return False
        return True

    def reject(self, why=None) -> None:
        self._many.reject(why)


def install() -> None:
    from hypothesis_jsonschema import _from_schema

    try:
        with_more = hasattr(cu.many, "more")
    except Exception:  # pragma: no cover
        with_more = True
    if with_more or isinstance(_from_schema.cu, types.SimpleNamespace):
        return
    shim = types.SimpleNamespace(**{k: getattr(cu, k) for k in dir(cu) if not k.startswith("__")})
    shim.many = LegacyMany
    _from_schema.cu = shim
