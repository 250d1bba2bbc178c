"""A small, safe evaluator for the XLSForm expression subset the platform supports.

Supported: ``${field}`` references, ``.`` (the current answer), numbers, 'strings' and
"strings", comparisons (= != < <= > >=), ``and``/``or``, ``not(...)``, arithmetic
(+ - * div mod, unary minus) and the functions selected(), count-selected(),
string-length(), if(), coalesce(), concat(), number(), int(), round(), today().
Nothing is ever passed to Python's eval(): expressions are tokenized and parsed
into a tree, and the tree is walked.

Values follow XPath: a missing or empty answer is "", which is NaN as a number;
a comparison that involves a number compares numerically; a select_multiple
answer is a list of codes (a space-separated string in XPath).
"""

import datetime
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any


class ExpressionError(ValueError):
    """The expression is not in the supported subset (message in Spanish)."""


_TOKEN = re.compile(
    r"""\s*(?:
        (?P<ref>\$\{\s*(?P<refname>[A-Za-z_][\w.\-]*)\s*\})
      | (?P<number>\d+(?:\.\d+)?|\.\d+)
      | (?P<string>'[^']*'|"[^"]*")
      | (?P<op><=|>=|!=|=|<|>|\+|-|\*|\(|\)|,)
      | (?P<dot>\.(?![\d.]))
      | (?P<name>[A-Za-z_][\w\-]*)
    )""",
    re.VERBOSE,
)

FUNCTIONS = {
    "selected": (2, 2),
    "count-selected": (1, 1),
    "string-length": (1, 1),
    "not": (1, 1),
    "if": (3, 3),
    "coalesce": (2, 2),
    "concat": (1, 50),
    "number": (1, 1),
    "int": (1, 1),
    "round": (1, 2),
    "today": (0, 0),
    "true": (0, 0),
    "false": (0, 0),
}
_BINARY = {
    "or": 1,
    "and": 2,
    "=": 3,
    "!=": 3,
    "<": 4,
    "<=": 4,
    ">": 4,
    ">=": 4,
    "+": 5,
    "-": 5,
    "*": 6,
    "div": 6,
    "mod": 6,
}


@dataclass(frozen=True)
class Node:
    kind: str  # num, str, ref, dot, call, bin, neg
    value: Any = None
    args: tuple = ()


def tokenize(text: str) -> list[tuple[str, str]]:
    tokens = []
    position = 0
    text = text.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match or match.end() == position:
            raise ExpressionError(
                f"Carácter no reconocido en la posición {position + 1}: «{text[position:][:10]}»."
            )
        position = match.end()
        kind = match.lastgroup
        if kind == "refname":
            kind = "ref"
        if kind == "ref":
            tokens.append(("ref", match.group("refname")))
        elif kind == "dot":
            tokens.append(("dot", "."))
        else:
            tokens.append((kind, match.group(kind)))
    return tokens


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]):
        self.tokens = tokens
        self.position = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise ExpressionError("La expresión termina antes de tiempo.")
        self.position += 1
        return token

    def expect(self, value: str) -> None:
        token = self.take()
        if token[1] != value:
            raise ExpressionError(f"Se esperaba «{value}» y se encontró «{token[1]}».")

    def binary_operator(self) -> str | None:
        token = self.peek()
        if token and token[0] in ("op", "name") and token[1] in _BINARY:
            return token[1]
        return None

    def expression(self, min_precedence: int = 1) -> Node:
        left = self.unary()
        while True:
            operator = self.binary_operator()
            if operator is None or _BINARY[operator] < min_precedence:
                return left
            self.take()
            right = self.expression(_BINARY[operator] + 1)
            left = Node("bin", operator, (left, right))

    def unary(self) -> Node:
        token = self.peek()
        if token == ("op", "-"):
            self.take()
            return Node("neg", None, (self.unary(),))
        return self.primary()

    def primary(self) -> Node:
        kind, value = self.take()
        if kind == "number":
            return Node("num", float(value))
        if kind == "string":
            return Node("str", value[1:-1])
        if kind == "ref":
            return Node("ref", value)
        if kind == "dot":
            return Node("dot")
        if kind == "op" and value == "(":
            inner = self.expression()
            self.expect(")")
            return inner
        if kind == "name":
            if value not in FUNCTIONS:
                raise ExpressionError(f"La función «{value}» no está soportada.")
            self.expect("(")
            args = []
            if self.peek() != ("op", ")"):
                args.append(self.expression())
                while self.peek() == ("op", ","):
                    self.take()
                    args.append(self.expression())
            self.expect(")")
            low, high = FUNCTIONS[value]
            if not low <= len(args) <= high:
                raise ExpressionError(
                    f"La función «{value}» recibe {low}"
                    + (f" a {high}" if high != low else "")
                    + f" argumentos; se dieron {len(args)}."
                )
            return Node("call", value, tuple(args))
        raise ExpressionError(f"No se esperaba «{value}».")


def parse(text: str) -> Node:
    tokens = tokenize(text)
    if not tokens:
        raise ExpressionError("La expresión está vacía.")
    parser = _Parser(tokens)
    node = parser.expression()
    if parser.peek() is not None:
        raise ExpressionError(f"Sobra «{parser.peek()[1]}» al final de la expresión.")
    return node


def references(node: Node) -> set[str]:
    if node.kind == "ref":
        return {node.value}
    found: set[str] = set()
    for arg in node.args:
        found |= references(arg)
    return found


# --- Evaluation ---------------------------------------------------------------------


def to_number(value: Any) -> float:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, list):
        value = " ".join(value)
    try:
        return float(str(value).strip())
    except ValueError:
        return math.nan


def to_string(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, list):
        return " ".join(str(item) for item in value)
    return str(value)


def to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, float | int):
        return not (value == 0 or (isinstance(value, float) and math.isnan(value)))
    if isinstance(value, list):
        return bool(value)
    return to_string(value) != ""


def _compare(operator: str, left: Any, right: Any) -> bool:
    numeric = any(isinstance(v, int | float) and not isinstance(v, bool) for v in (left, right))
    if operator in ("=", "!=") and not numeric:
        if isinstance(left, bool) or isinstance(right, bool):
            equal = to_bool(left) == to_bool(right)
        else:
            equal = to_string(left) == to_string(right)
        return equal if operator == "=" else not equal
    a, b = to_number(left), to_number(right)
    if math.isnan(a) or math.isnan(b):
        return operator == "!="
    return {
        "=": a == b,
        "!=": a != b,
        "<": a < b,
        "<=": a <= b,
        ">": a > b,
        ">=": a >= b,
    }[operator]


def _codes(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(item) for item in value]
    return to_string(value).split()


def evaluate(
    node: Node,
    values: Mapping[str, Any],
    current: Any = None,
    today: Callable[[], datetime.date] = datetime.date.today,
) -> Any:
    def walk(n: Node) -> Any:
        if n.kind in ("num", "str"):
            return n.value
        if n.kind == "ref":
            value = values.get(n.value)
            return "" if value is None else value
        if n.kind == "dot":
            return "" if current is None else current
        if n.kind == "neg":
            return -to_number(walk(n.args[0]))
        if n.kind == "bin":
            operator = n.value
            if operator == "and":
                return to_bool(walk(n.args[0])) and to_bool(walk(n.args[1]))
            if operator == "or":
                return to_bool(walk(n.args[0])) or to_bool(walk(n.args[1]))
            left, right = walk(n.args[0]), walk(n.args[1])
            if operator in ("=", "!=", "<", "<=", ">", ">="):
                return _compare(operator, left, right)
            a, b = to_number(left), to_number(right)
            if operator == "+":
                return a + b
            if operator == "-":
                return a - b
            if operator == "*":
                return a * b
            if operator == "div":
                return (
                    a / b
                    if b
                    else (math.nan if a == 0 or math.isnan(a) else math.copysign(math.inf, a))
                )
            if operator == "mod":
                return math.fmod(a, b) if b else math.nan
        if n.kind == "call":
            name, args = n.value, n.args
            if name == "true":
                return True
            if name == "false":
                return False
            if name == "today":
                return today().isoformat()
            if name == "not":
                return not to_bool(walk(args[0]))
            if name == "selected":
                return to_string(walk(args[1])) in _codes(walk(args[0]))
            if name == "count-selected":
                return float(len(_codes(walk(args[0]))))
            if name == "string-length":
                return float(len(to_string(walk(args[0]))))
            if name == "if":
                return walk(args[1]) if to_bool(walk(args[0])) else walk(args[2])
            if name == "coalesce":
                first = walk(args[0])
                return first if to_string(first) != "" else walk(args[1])
            if name == "concat":
                return "".join(to_string(walk(arg)) for arg in args)
            if name == "number":
                return to_number(walk(args[0]))
            if name == "int":
                number = to_number(walk(args[0]))
                return float(math.trunc(number)) if math.isfinite(number) else number
            if name == "round":
                number = to_number(walk(args[0]))
                digits = int(to_number(walk(args[1]))) if len(args) > 1 else 0
                return round(number, digits) if math.isfinite(number) else number
        raise ExpressionError(f"Expresión no soportada: {n.kind}")  # pragma: no cover

    return walk(node)


def check(text: str, known_names: set[str] | None = None) -> Node:
    """Parse ``text`` and check that every ${reference} is a known field."""
    node = parse(text)
    if known_names is not None:
        unknown = sorted(references(node) - known_names)
        if unknown:
            raise ExpressionError(f"La pregunta «{unknown[0]}» no existe en el formulario.")
    return node
