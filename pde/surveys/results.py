"""Per-question summaries, cross-tabs and matplotlib charts (SVG) of a form's answers."""

import io
import statistics
from collections import Counter

import matplotlib

matplotlib.use("Agg")
from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from .models import Form  # noqa: E402
from .schema import FormSchema, Question, pick  # noqa: E402


def questions_of(form: Form) -> list[Question]:
    version = form.published_version() or form.versions.order_by("-number").first()
    if version is None:
        return []
    return [q for q in FormSchema(version.definition).questions if q.type != "note"]


def _bar_svg(labels: list[str], counts: list[int], title: str) -> str:
    height = 1.2 + 0.45 * max(len(labels), 1)
    figure = Figure(figsize=(7, height))
    axes = figure.add_subplot()
    positions = list(range(len(labels)))[::-1]
    axes.barh(positions, counts, color="#1a5d8f")
    axes.set_yticks(positions, [label[:45] for label in labels])
    axes.set_xlabel("Respuestas")
    axes.set_title(title[:80], fontsize=10)
    for position, count in zip(positions, counts, strict=True):
        axes.text(count, position, f" {count}", va="center", fontsize=9)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return _svg(figure)


def _hist_svg(values: list[float], title: str) -> str:
    figure = Figure(figsize=(7, 3))
    axes = figure.add_subplot()
    axes.hist(values, bins=min(10, max(len(set(values)), 1)), color="#1a5d8f")
    axes.set_ylabel("Respuestas")
    axes.set_title(title[:80], fontsize=10)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return _svg(figure)


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg")
    plt.close("all")
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def summarize(form: Form, responses, language: str = "es", charts: bool = True) -> list[dict]:
    responses = list(responses)
    summaries = []
    for question in questions_of(form):
        if question.repeat:
            continue
        values = [r.data.get(question.name) for r in responses if question.name in r.data]
        label = pick(question.label, language) or question.name
        item = {"name": question.name, "label": label, "type": question.type, "n": len(values)}
        if question.type in ("select_one", "select_multiple"):
            counter: Counter = Counter()
            for value in values:
                for code in value if isinstance(value, list) else [value]:
                    counter[str(code)] += 1
            rows = [
                {
                    "code": code,
                    "label": question.choice_label(code, language),
                    "count": counter.get(code, 0),
                    "percent": round(100 * counter.get(code, 0) / len(values), 1)
                    if values
                    else 0.0,
                }
                for code in question.choice_codes()
            ]
            item["rows"] = rows
            if charts and values:
                item["svg"] = _bar_svg(
                    [row["label"] for row in rows], [row["count"] for row in rows], label
                )
        elif question.type in ("integer", "decimal"):
            numbers = [float(v) for v in values if isinstance(v, int | float)]
            if numbers:
                item["stats"] = {
                    "mean": round(statistics.fmean(numbers), 2),
                    "median": statistics.median(numbers),
                    "min": min(numbers),
                    "max": max(numbers),
                }
                if charts:
                    item["svg"] = _hist_svg(numbers, label)
        elif question.type == "date":
            dates = sorted(str(v) for v in values)
            if dates:
                item["stats"] = {"min": dates[0], "max": dates[-1]}
        summaries.append(item)
    return summaries


def crosstab(form: Form, responses, row_name: str, column_name: str, language: str = "es"):
    """Counts of two select_one questions against each other."""
    by_name = {q.name: q for q in questions_of(form)}
    row_q, column_q = by_name.get(row_name), by_name.get(column_name)
    if not row_q or not column_q or "select_one" not in (row_q.type, column_q.type):
        return None
    if row_q.type != "select_one" or column_q.type != "select_one":
        return None
    counts: Counter = Counter()
    for response in responses:
        a, b = response.data.get(row_name), response.data.get(column_name)
        if a is not None and b is not None:
            counts[(str(a), str(b))] += 1
    column_codes = column_q.choice_codes()
    rows = []
    for code in row_q.choice_codes():
        cells = [counts.get((code, other), 0) for other in column_codes]
        rows.append(
            {"label": row_q.choice_label(code, language), "cells": cells, "total": sum(cells)}
        )
    totals = [sum(row["cells"][i] for row in rows) for i in range(len(column_codes))]
    return {
        "row_label": pick(row_q.label, language),
        "column_label": pick(column_q.label, language),
        "columns": [column_q.choice_label(code, language) for code in column_codes],
        "rows": rows,
        "totals": totals,
        "grand_total": sum(totals),
    }
