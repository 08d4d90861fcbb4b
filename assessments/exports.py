"""A campaign's response progress and class results as tables for kamtraining.exports.

Progress is counts per participant and group, never which rater. Class results are the
cohort summary's aggregates exactly as the summary computes them (its k rule, incumbent rule
and no minimum or maximum): every viewer gets the aggregates only, as HR sees them on the page.
"""

from __future__ import annotations

from typing import Any

from assessments.models import Campaign, Invitation
from assessments.selectors.answers import campaign_answers
from assessments.selectors.progress import campaign_progress
from assessments.selectors.report_store import summary_of
from kamtraining.exports import Column, Table, both_languages


def progress_table(*, campaign: Campaign) -> Table:
    """One row per participant and rater group: how many were nominated, invited, answered."""
    progress = campaign_progress(campaign=campaign)
    group_labels = {value: both_languages(label) for value, label in Invitation.Group.choices}
    status_labels = {value: both_languages(label) for value, label in Invitation.Status.choices}
    rows: list[list[Any]] = []
    for subject in progress.subjects:
        person = subject.participant
        self_status = status_labels.get(subject.self_status or "", "")
        for group in subject.groups:
            rows.append(
                [
                    person.name,
                    person.name_en,
                    self_status,
                    group_labels.get(group.group, group.group),
                    group.minimum,
                    group.nominated,
                    group.approved,
                    group.invited,
                    group.started,
                    group.submitted,
                    group.declined,
                    group.missing,
                ]
            )
    columns = (
        Column("Name", "姓名"),
        Column("Name (English)", "英文名"),
        Column("Self-assessment", "自评"),
        Column("Group", "评价组"),
        Column("Minimum", "最少人数"),
        Column("Nominated", "已提名"),
        Column("Approved, not sent", "已批准未发送"),
        Column("Invited", "已邀请"),
        Column("Started", "已开始"),
        Column("Submitted", "已提交"),
        Column("Declined", "已拒绝"),
        Column("Missing to minimum", "距最少人数缺"),
    )
    return Table(name=f"progress-{campaign.pk}", columns=columns, rows=rows)


def class_results_table(*, campaign: Campaign) -> Table:
    """Per dimension: class, class self and incumbent averages with their n (null when hidden)."""
    summary = summary_of(campaign=campaign, include_participants=False)
    rows = [
        [
            d["code"],
            d["name"],
            _number(d["class"]["average"]),
            d["class"]["n"],
            _number(d["class"]["stdev"]),
            _number(d["class_self"]["average"]),
            d["class_self"]["n"],
            _number(d["incumbent"]["average"]),
            d["incumbent"]["n"],
        ]
        for d in summary["dimensions"]
    ]
    columns = (
        Column("Code", "代码"),
        Column("Dimension", "维度"),
        Column("Class average", "班级平均"),
        Column("n (class)", "人数（班级）"),
        Column("Std. dev.", "标准差"),
        Column("Class self average", "班级自评平均"),
        Column("n (self)", "人数（自评）"),
        Column("Incumbent average", "正职平均"),
        Column("n (incumbent)", "人数（正职）"),
    )
    return Table(name=f"class-results-{campaign.pk}", columns=columns, rows=rows)


def answers_table(*, campaign: Campaign, with_names: bool) -> Table:
    """One row per submitted questionnaire of a reportable group, one column per item.

    What is left out and why: `assessments.selectors.answers`. A blank score is either "not
    observed" or a cell the report hides (fewer than k of the group scored the item).
    """
    answers = campaign_answers(campaign=campaign, with_names=with_names)
    group_labels = {value: both_languages(label) for value, label in Invitation.Group.choices}
    item_ids = [item.pk for item in answers.items]
    people = (Column("Name", "姓名"), Column("Name (English)", "英文名")) if with_names else ()
    columns = (
        Column("Participant", "参与者"),
        *people,
        Column("Group", "评价组"),
        Column("Rater", "评价人"),
        *(
            Column(
                f"{item.dimension.code}{item.order} {item.text_en or item.text}",
                f"{item.dimension.code}{item.order} {item.text}",
            )
            for item in answers.items
        ),
    )

    def rows() -> Any:
        for sheet in answers.sheets:
            names = (sheet.subject_name, sheet.subject_name_en) if with_names else ()
            yield [
                sheet.subject_key,
                *names,
                group_labels.get(sheet.group, sheet.group),
                sheet.rater,
                *(sheet.scores.get(pk) for pk in item_ids),
            ]

    return Table(name=f"answers-{campaign.pk}", columns=columns, rows=rows())


def _number(value: Any) -> float | None:
    # The summary rounds half-up to Decimal-like values; a spreadsheet wants numbers.
    return None if value is None else float(value)
