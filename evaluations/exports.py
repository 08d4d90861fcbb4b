"""Evaluation results as a table for kamtraining.exports, under the page's own rules.

The rows are `results_for`'s figures, so the thresholds are the page's: no average, NPS,
module or trainer rating under three answers, the low-response flag under 20 %, and comments
only as the viewer sees them on the page, ordered by their text. No row names a participant.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from evaluations.forms import QUESTION_LABELS
from evaluations.models import Answer
from kamtraining.exports import Column, Table, both_languages

COLUMNS = (
    Column("Section", "部分"),
    Column("Question", "问题"),
    Column("Average", "平均"),
    Column("n", "人数"),
    Column("Note", "备注"),
)
RESPONSE = _("Response")
ATTENDEES = _("Attendees")
ANSWERS = _("Answers")
RESPONSE_RATE = _("Response rate")
QUESTIONS = _("Questions")
MODULES = _("Modules")
TRAINERS = _("Trainers")
COMMENTS = _("Comments")
LOW_RESPONSE = _("Low response: fewer than 20 percent of the attendees answered")
HIDDEN = _("Shown from 3 answers")


def results_table(*, name: str, results: dict[str, Any], with_status: bool = False) -> Table:
    """One row per figure: the response, each question, NPS, each module and trainer, comments."""
    low = both_languages(LOW_RESPONSE) if results["low_response"] else ""
    hidden = "" if results["shown"] else both_languages(HIDDEN)
    response = both_languages(RESPONSE)
    questions = both_languages(QUESTIONS)
    n = results["answers"]
    rows: list[list[Any]] = [
        [response, both_languages(ATTENDEES), None, results["attendees"], ""],
        [response, both_languages(ANSWERS), None, n, hidden],
        [response, both_languages(RESPONSE_RATE), results["response_rate"], n, low],
    ]
    for question in results["questions"]:
        label = both_languages(QUESTION_LABELS[question["code"]])
        rows.append([questions, label, question["average"], question["n"], low or hidden])
    rows.append([questions, "NPS", results["nps"], n, low or hidden])
    modules = both_languages(MODULES)
    for module in results["modules"]:
        title = f"{module['number']}. {module['title']}"
        rows.append([modules, title, module["average"], module["n"], ""])
    trainers = both_languages(TRAINERS)
    for trainer in results["trainers"]:
        rows.append([trainers, trainer["name"], trainer["average"], trainer["n"], ""])
    statuses = dict(Answer.CommentStatus.choices)
    comments = both_languages(COMMENTS)
    for comment in results["comments"]:
        note = both_languages(statuses[comment["status"]]) if with_status else ""
        rows.append([comments, comment["text"], None, None, note])
    return Table(name=name, columns=COLUMNS, rows=rows)


IMPACT_COLUMNS = (
    Column("Code", "代码"),
    Column("Dimension", "维度"),
    Column("Before", "课前"),
    Column("n before", "课前人数"),
    Column("After", "课后"),
    Column("n after", "课后人数"),
    Column("Mean change", "平均变化"),
    Column("Spread of change", "变化离散度"),
    Column("n change", "变化人数"),
    Column("Cronbach's alpha", "克隆巴赫系数"),
    Column("Reliable improvement (%)", "可靠提升（%）"),
    Column("Within noise (%)", "在误差范围内（%）"),
    Column("Reliable decline (%)", "可靠下降（%）"),
    Column("n RCI", "RCI 人数"),
)


def impact_table(*, name: str, impact: dict[str, Any] | None) -> Table:
    """One row per dimension, the impact page's figures (null where the page hides them)."""
    rows = [
        [
            d["code"],
            d["name"],
            d["before"]["average"],
            d["before"]["n"],
            d["after"]["average"],
            d["after"]["n"],
            d["change"]["average"],
            d["change"]["stdev"],
            d["change"]["n"],
            d["reliability"],
            d["reliable"]["improved"],
            d["reliable"]["within_noise"],
            d["reliable"]["declined"],
            d["reliable"]["n"],
        ]
        for d in (impact or {}).get("dimensions", [])
    ]
    # The page's "focused practice" comparison, in the change columns (null under k).
    focus = (impact or {}).get("focus") or {}
    for key, label in FOCUS_ROWS:
        if key in focus:
            f = focus[key]
            rows.append(
                [key, both_languages(label), None, None, None, None]
                + [f["average"], f["stdev"], f["n"]]
                + [None] * (len(IMPACT_COLUMNS) - 9)
            )
    return Table(name=name, columns=IMPACT_COLUMNS, rows=rows)


FOCUS_ROWS = (
    ("chosen", _("Items in participants' goals, for those who chose them")),
    ("unchosen", _("Items nobody chose")),
)
