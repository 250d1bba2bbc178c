"""Our reading of pyxform's form JSON: languages, questions, pages, validation of answers.

pyxform turns the XLSForm into a JSON tree (``workbook_to_json``); this module walks
that tree once into flat question records the web runtime, the OpenRosa endpoint, the
offline app and the exports all share.
"""

import datetime
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from . import expressions as expr

LANGUAGE_CODES = ("es", "tzh", "tzo")
SUPPORTED_TYPES = {
    "text": "text",
    "integer": "integer",
    "decimal": "decimal",
    "date": "date",
    "select one": "select_one",
    "select all that apply": "select_multiple",
    "note": "note",
    "calculate": "calculate",
}
CONSENT_NOTE = "aviso_privacidad"
UI_LIST = "pde_ui"
_LANG_CODE = re.compile(r"\(([a-z]{2,3})\)\s*$")

# Built-in runtime messages, used when the form gives none for a language.
DEFAULT_MESSAGES = {
    "required": {"es": "Esta pregunta es obligatoria."},
    "constraint": {"es": "Respuesta no válida."},
    "integer": {"es": "Escriba un número entero."},
    "decimal": {"es": "Escriba un número."},
    "date": {"es": "Escriba una fecha válida (AAAA-MM-DD)."},
    "choice": {"es": "Elija una de las opciones."},
}


def language_code(name: str) -> str:
    """'Español (es)' -> 'es'; 'default' or an unmarked name -> 'es'."""
    match = _LANG_CODE.search(name or "")
    return match.group(1) if match else "es"


def translations(value: Any) -> dict[str, str]:
    """A pyxform label (a string or {language name: text}) -> {code: text}."""
    if not value:
        return {}
    if isinstance(value, str):
        return {"es": value}
    result = {}
    for name, text in value.items():
        if isinstance(text, str):
            result[language_code(name)] = text
        elif isinstance(text, dict) and isinstance(text.get("text"), str):
            result[language_code(name)] = text["text"]
    return result


def pick(texts: dict[str, str], language: str) -> str:
    """The text in ``language``, else Spanish, else any."""
    return texts.get(language) or texts.get("es") or next(iter(texts.values()), "")


@dataclass
class Question:
    name: str
    type: str
    label: dict[str, str] = field(default_factory=dict)
    hint: dict[str, str] = field(default_factory=dict)
    required: bool = False
    required_message: dict[str, str] = field(default_factory=dict)
    constraint: str = ""
    constraint_message: dict[str, str] = field(default_factory=dict)
    relevant: list[str] = field(default_factory=list)
    calculation: str = ""
    choices: list[dict] = field(default_factory=list)
    audio: dict[str, str] = field(default_factory=dict)
    group: str = ""
    group_label: dict[str, str] = field(default_factory=dict)
    repeat: str = ""
    path: str = ""

    @property
    def answerable(self) -> bool:
        return self.type not in ("note", "calculate")

    def choice_codes(self) -> list[str]:
        return [choice["name"] for choice in self.choices]

    def choice_label(self, code: str, language: str) -> str:
        for choice in self.choices:
            if choice["name"] == code:
                return pick(choice["label"], language) or code
        return code


@dataclass
class Page:
    """One screen of the web runtime: a question, or a whole repeat."""

    kind: str  # "question" | "repeat"
    name: str
    questions: list[Question]
    label: dict[str, str] = field(default_factory=dict)
    relevant: list[str] = field(default_factory=list)


class FormSchema:
    def __init__(self, definition: dict):
        self.definition = definition
        self.title = definition.get("title") or definition.get("name", "")
        self.form_id = definition.get("id_string", "")
        self.version = str(definition.get("version", ""))
        self.questions: list[Question] = []
        self.pages: list[Page] = []
        self.repeats: dict[str, Page] = {}
        self.consent: dict[str, str] = {}
        # Optional choice list "pde_ui": the runtime's own words in the form's languages.
        self.ui: dict[str, dict[str, str]] = {
            str(item["name"]): translations(item.get("label"))
            for item in (definition.get("choices") or {}).get(UI_LIST, [])
        }
        self._walk(definition.get("children", []), relevant=[], group=None, repeat=None, path="")

    # -- Construction ---------------------------------------------------------------

    def _walk(self, children, *, relevant, group, repeat, path) -> None:
        for child in children:
            kind = child.get("type")
            name = child.get("name", "")
            bind = child.get("bind") or {}
            own_relevant = [*relevant, bind["relevant"]] if bind.get("relevant") else relevant
            if kind == "group" and name == "meta" and not path:
                continue  # instanceID and friends, filled by the client
            if kind == "group":
                self._walk(
                    child.get("children", []),
                    relevant=own_relevant,
                    group=(name, translations(child.get("label"))),
                    repeat=repeat,
                    path=f"{path}/{name}",
                )
            elif kind == "repeat":
                page = Page(
                    "repeat", name, [], translations(child.get("label")), list(own_relevant)
                )
                self.pages.append(page)
                self.repeats[name] = page
                self._walk(
                    child.get("children", []),
                    relevant=[],
                    group=group,
                    repeat=page,
                    path=f"{path}/{name}",
                )
            elif kind in SUPPORTED_TYPES:
                if kind == "note" and name == CONSENT_NOTE and not path:
                    self.consent = translations(child.get("label"))
                    continue
                question = Question(
                    name=name,
                    type=SUPPORTED_TYPES[kind],
                    label=translations(child.get("label")),
                    hint=translations(child.get("hint")),
                    audio=translations((child.get("media") or {}).get("audio")),
                    required=str(bind.get("required", "")).lower() in ("yes", "true", "true()"),
                    required_message=translations(bind.get("jr:requiredMsg")),
                    constraint=bind.get("constraint", ""),
                    constraint_message=translations(bind.get("jr:constraintMsg")),
                    relevant=own_relevant
                    if repeat is None
                    else [*([bind["relevant"]] if bind.get("relevant") else [])],
                    calculation=bind.get("calculate", ""),
                    choices=[
                        {"name": str(choice["name"]), "label": translations(choice.get("label"))}
                        for choice in child.get("choices", [])
                    ],
                    group=group[0] if group else "",
                    group_label=group[1] if group else {},
                    repeat=repeat.name if repeat else "",
                    path=f"{path}/{name}",
                )
                self.questions.append(question)
                if repeat is not None:
                    repeat.questions.append(question)
                elif question.type != "calculate":
                    self.pages.append(Page("question", name, [question]))
            # meta fields (start, end, instanceID...) are kept by OpenRosa, not shown.

    # -- Lookup ---------------------------------------------------------------------

    def audio_files(self) -> set[str]:
        return {name for q in self.questions for name in q.audio.values() if name}

    @property
    def by_name(self) -> dict[str, Question]:
        return {q.name: q for q in self.questions}

    def answerable(self) -> list[Question]:
        return [q for q in self.questions if q.answerable]

    def top_level(self) -> list[Question]:
        return [q for q in self.questions if not q.repeat]

    # -- Runtime rules --------------------------------------------------------------

    def is_relevant(self, conditions: list[str], values: dict) -> bool:
        return all(expr.to_bool(expr.evaluate(expr.parse(c), values)) for c in conditions)

    def page_relevant(self, page: Page, values: dict) -> bool:
        conditions = page.relevant if page.kind == "repeat" else page.questions[0].relevant
        return self.is_relevant(conditions, values)

    def compute(self, data: dict) -> dict:
        """Fill the calculate fields from the answers (top level only)."""
        values = dict(data)
        for question in self.questions:
            if question.type == "calculate" and not question.repeat and question.calculation:
                result = expr.evaluate(expr.parse(question.calculation), values)
                if isinstance(result, float) and not math.isfinite(result):
                    result = ""
                text = expr.to_string(result)
                if text == "":
                    values.pop(question.name, None)
                else:
                    values[question.name] = text
        return values

    def message(self, question: Question, kind: str, language: str) -> str:
        own = question.required_message if kind == "required" else question.constraint_message
        if kind in ("required", "constraint") and own:
            return pick(own, language)
        return pick(self.ui.get(kind) or DEFAULT_MESSAGES[kind], language)

    def coerce(self, question: Question, raw: Any) -> Any:
        """Raw input (a string, or a list for select_multiple) -> the stored value.
        Raises ValueError with the message kind on a malformed value."""
        if question.type == "select_multiple":
            items = raw if isinstance(raw, list) else str(raw or "").split()
            items = [str(item) for item in items if str(item)]
            if any(item not in question.choice_codes() for item in items):
                raise ValueError("choice")
            return [code for code in question.choice_codes() if code in items]
        text = "" if raw is None else str(raw).strip()
        if text == "":
            return None
        if question.type == "integer":
            if not re.fullmatch(r"-?\d{1,15}", text):
                raise ValueError("integer")
            return int(text)
        if question.type == "decimal":
            try:
                number = Decimal(text.replace(",", "."))
            except InvalidOperation as error:
                raise ValueError("decimal") from error
            if not number.is_finite():
                raise ValueError("decimal")
            return float(number)
        if question.type == "date":
            try:
                return datetime.date.fromisoformat(text[:10]).isoformat()
            except ValueError as error:
                raise ValueError("date") from error
        if question.type == "select_one":
            if text not in question.choice_codes():
                raise ValueError("choice")
            return text
        return text[:10000]

    def validate_answer(
        self, question: Question, raw: Any, values: dict, language: str
    ) -> tuple[Any, str]:
        """-> (stored value, error message in ``language`` or "")."""
        try:
            value = self.coerce(question, raw)
        except ValueError as error:
            return None, self.message(question, str(error), language)
        empty = value is None or value == []
        if empty:
            if question.required:
                return None, self.message(question, "required", language)
            return value, ""
        if question.constraint:
            context = {**values, question.name: value}
            ok = expr.to_bool(expr.evaluate(expr.parse(question.constraint), context, value))
            if not ok:
                return value, self.message(question, "constraint", language)
        return value, ""

    def validate_all(self, data: dict, language: str = "es") -> tuple[dict, dict[str, str]]:
        """Check a complete submission (offline, OpenRosa). Irrelevant answers are dropped.
        -> (clean data, {question name: error})."""
        clean: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for page in self.pages:
            values = self.compute(clean)
            if not self.page_relevant(page, values):
                continue
            if page.kind == "question":
                question = page.questions[0]
                if not question.answerable:
                    continue
                value, error = self.validate_answer(
                    question, data.get(question.name), values, language
                )
                if error:
                    errors[question.name] = error
                elif value is not None and value != []:
                    clean[question.name] = value
            else:
                instances = data.get(page.name) or []
                if not isinstance(instances, list):
                    errors[page.name] = pick(DEFAULT_MESSAGES["choice"], language)
                    continue
                clean_instances = []
                for index, instance in enumerate(instances[:100]):
                    if not isinstance(instance, dict):
                        continue
                    row: dict[str, Any] = {}
                    for question in page.questions:
                        if not question.answerable:
                            continue
                        context = {**values, **row}
                        if not self.is_relevant(question.relevant, context):
                            continue
                        value, error = self.validate_answer(
                            question, instance.get(question.name), context, language
                        )
                        if error:
                            errors[f"{page.name}[{index + 1}].{question.name}"] = error
                        elif value is not None and value != []:
                            row[question.name] = value
                    if row:
                        clean_instances.append(row)
                if clean_instances:
                    clean[page.name] = clean_instances
        return self.compute(clean), errors
