"""Reading the seed syllabus: what kind of activity each of its lines is."""

import re

from courses.models import Activity

Kind = Activity.Kind


# Looked for in this order: the label before a colon first, then anywhere in the line.
KIND_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("情景案例", Kind.SCENARIO_CASE),
    ("案例分析", Kind.CASE_ANALYSIS),
    ("案例", Kind.CASE_ANALYSIS),
    ("研讨", Kind.DISCUSSION),
    ("讨论", Kind.DISCUSSION),
    ("分享", Kind.SHARING),
    ("录像", Kind.VIDEO),
    ("录象", Kind.VIDEO),
    ("结论输出", Kind.CONCLUSION),
    ("小结", Kind.CONCLUSION),
    ("工具", Kind.TOOL),
    ("模型", Kind.TOOL),
)


NUMBERED = re.compile(r"^\d+[.、]")


OPENS_LIST = re.compile(r"\D1[.、]")  # “…?1.有哪些…”: a list whose next lines continue it


def activity_kind(line: str) -> str:
    """The kind of one syllabus line: “讨论:…” is a discussion, “…模型” a tool, else a lecture."""
    label, colon, _rest = line.replace(":", ":").partition(":")
    if colon:
        for keyword, kind in KIND_KEYWORDS:
            if label.strip() == keyword:
                return kind
    for keyword, kind in KIND_KEYWORDS:
        if keyword in line:
            return kind
    return Kind.LECTURE


def syllabus_kinds(lines: list[str]) -> list[str]:
    """Kinds of a section's lines; numbered lines under “讨论:” (or “…?1.…”) share its kind."""
    kinds: list[str] = []
    list_kind: str | None = None
    for line in lines:
        if NUMBERED.match(line) and list_kind is not None:
            kinds.append(list_kind)
            continue
        kind = activity_kind(line)
        kinds.append(kind)
        opens_list = line.rstrip().endswith((":", ":")) or OPENS_LIST.search(line)
        list_kind = kind if opens_list else None
    return kinds
