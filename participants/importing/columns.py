"""Column names (English or Chinese) and how each cell is read."""

import datetime as dt
import re
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from participants.models import Language, Participant

# Canonical column → its accepted names (compared after `normalise`).
COLUMNS: dict[str, tuple[str, ...]] = {
    "employee_number": ("employee_number", "工号", "employee_no", "员工号", "员工编号"),
    "name": ("name", "姓名", "中文名"),
    "name_en": ("name_en", "英文名", "english_name"),
    "email": ("email", "邮箱", "电子邮箱", "e_mail", "email_address"),
    "position": ("position", "职位", "岗位"),
    "is_incumbent": ("is_incumbent", "正职", "incumbent"),
    "region": ("region", "区域", "地区部"),
    "country": ("country", "国家"),
    "org_unit": ("org_unit", "系统部", "org", "organisation", "organization"),
    "manager": ("manager", "上级", "经理", "主管", "直接主管"),
    "time_zone": ("time_zone", "时区", "timezone", "tz"),
    "language": ("language", "语言"),
    "cohort": ("cohort", "期班", "cohort_code", "班级"),
}
REQUIRED = ("employee_number", "name", "email")

LABELS: dict[str, Any] = {
    "employee_number": _("employee number"),
    "name": pgettext_lazy("person", "name"),
    "name_en": pgettext_lazy("person", "name (English)"),
    "email": _("email"),
    "position": _("position"),
    "is_incumbent": _("incumbent"),
    "region": _("region"),
    "country": _("country"),
    "org_unit": _("org unit"),
    "manager": _("manager"),
    "time_zone": _("time zone"),
    "language": _("language"),
    "cohort": _("cohort"),
}


def normalise(header: str) -> str:
    return re.sub(r"[\s\-./]+", "_", header.strip().lower()).strip("_")


ALIASES: dict[str, str] = {
    normalise(alias): column for column, aliases in COLUMNS.items() for alias in aliases
}


def header_map(headers: list[str]) -> tuple[dict[str, int], list[str], list[str]]:
    """Column → index; the unused headers; the repeated ones."""
    found: dict[str, int] = {}
    unused: list[str] = []
    repeated: list[str] = []
    for index, header in enumerate(headers):
        if not header:
            continue
        column = ALIASES.get(normalise(header))
        if column is None:
            unused.append(header)
        elif column in found:
            repeated.append(header)
        else:
            found[column] = index
    return found, unused, repeated


def text(value: Any) -> str:
    """A cell as trimmed text; whole numbers from Excel lose their “.0”."""
    if type(value) is str:  # nearly every cell: checked first
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


POSITIONS: dict[str, str] = {}
for _code, _label in Participant.Position.choices:
    POSITIONS[normalise(_code)] = _code
    POSITIONS[normalise(str(_label))] = _code
POSITIONS.update(
    {
        normalise(k): v
        for k, v in {
            "regional gm": "regional_gm",
            "区域总经理": "regional_gm",
            "地区部总裁": "regional_gm",
            "区域总裁": "regional_gm",
            "cxo": "cxo",
            "ceo": "cxo",
            "cfo": "cxo",
            "cto": "cxo",
            "coo": "cxo",
            "country gm": "country_gm",
            "国家总经理": "country_gm",
            "代表处代表": "country_gm",
            "hr gm": "hr_gm",
            "hr总经理": "hr_gm",
            "人力资源总经理": "hr_gm",
            "hrbp": "hr_gm",
            "kam": "kam",
            "key account manager": "kam",
            "客户经理": "kam",
            "大客户经理": "kam",
            "关键客户经理": "kam",
            "cgm": "cgm",
            "客户群总经理": "cgm",
            "系统部部长": "cgm",
            "other": "other",
            "其他": "other",
        }.items()
    }
)

TRUE = {"1", "true", "yes", "y", "是", "正职", "对", "x", "✓"}
FALSE = {"0", "false", "no", "n", "否", "副职", "非正职", ""}

LANGUAGES: dict[str, str] = {
    "en": Language.ENGLISH,
    "english": Language.ENGLISH,
    "英文": Language.ENGLISH,
    "英语": Language.ENGLISH,
    "zh": Language.CHINESE,
    "zh_hans": Language.CHINESE,
    "zh_cn": Language.CHINESE,
    "chinese": Language.CHINESE,
    "simplified_chinese": Language.CHINESE,
    "中文": Language.CHINESE,
    "简体中文": Language.CHINESE,
    "汉语": Language.CHINESE,
}
