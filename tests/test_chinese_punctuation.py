"""Chinese translations use full-width punctuation next to Chinese characters."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))
CATALOGUES = [path for path in CATALOGUES if ".venv" not in path.parts]

HAN = "\u3400-\u9fff"
ASCII_NEXT_TO_HAN = re.compile(rf"(?<=[{HAN}])[,.:;?!()]|[,.:;?!()](?=[{HAN}])")
# Not prose: placeholders, URLs, decimals such as 2.5 and times such as 09:00.
NOT_PROSE = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|https?://\S+|\d+[.:]\d+")


def translations(path: Path) -> list[tuple[int, str]]:
    """Each msgstr of a catalogue with the line it starts on, its continuation lines joined."""
    found: list[tuple[int, str]] = []
    current: list[str] | None = None
    start = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("msgstr"):
            if current is not None:
                found.append((start, "".join(current)))
            current, start = [ast.literal_eval(line.split(" ", 1)[1])], number
        elif line.startswith('"') and current is not None:
            current.append(ast.literal_eval(line))
        else:
            if current is not None:
                found.append((start, "".join(current)))
            current = None
    if current is not None:
        found.append((start, "".join(current)))
    return found


def test_the_catalogues_are_found() -> None:
    assert len(CATALOGUES) >= 5


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_ascii_punctuation_next_to_chinese(path: Path) -> None:
    offending = [
        f"line {line}: {text!r}"
        for line, text in translations(path)
        if ASCII_NEXT_TO_HAN.search(NOT_PROSE.sub("0", text))
    ]

    assert offending == []


def test_the_check_catches_half_width_and_spares_placeholders() -> None:
    assert ASCII_NEXT_TO_HAN.search("您好,请登录")
    assert ASCII_NEXT_TO_HAN.search("文件(PDF)")
    assert not ASCII_NEXT_TO_HAN.search(NOT_PROSE.sub("0", "截止%(time)s。评分2.5分，09:00开始"))
