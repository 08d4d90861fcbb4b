"""One date style per language: Chinese dates read as Chinese, English has no "p.m.."."""

import datetime as dt
import zoneinfo

from django.template import Context, Template
from django.utils import translation

LONDON = zoneinfo.ZoneInfo("Europe/London")
WHEN = dt.datetime(2026, 12, 9, 14, 0, tzinfo=LONDON)


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load dates %}" + source).render(Context(context))


def test_chinese_dates_read_as_chinese() -> None:
    assert render('{{ d|date:"DATE_FORMAT" }}', "zh-hans", d=WHEN) == "2026年12月9日"
    assert render('{{ d|date:"MONTH_DAY_FORMAT" }}', "zh-hans", d=WHEN) == "12月9日 星期三"
    assert render("{{ d|weekday_date }}", "zh-hans", d=WHEN.date()) == "2026年12月9日 星期三"
    assert "十二月" not in render('{{ d|date:"DATETIME_FORMAT" }}', "zh-hans", d=WHEN)


def test_english_dates_have_one_style_and_24_hour_times() -> None:
    assert render('{{ d|date:"DATE_FORMAT" }}', "en", d=WHEN) == "9 Dec 2026"
    assert render('{{ d|date:"MONTH_DAY_FORMAT" }}', "en", d=WHEN) == "Wed 9 Dec"
    assert render("{{ d|weekday_date }}", "en", d=WHEN.date()) == "Wednesday 9 Dec 2026"
    assert render('{{ d|date:"DATETIME_FORMAT" }}.', "en", d=WHEN) == "9 Dec 2026, 14:00."


def test_zoned_names_the_zone_it_shows() -> None:
    assert render('{{ d|zoned:"Asia/Shanghai" }}', "en", d=WHEN) == (
        "9 Dec 2026, 22:00 (Asia/Shanghai)"
    )
    assert render('{{ d|zoned:"Asia/Shanghai" }}', "zh-hans", d=WHEN) == (
        "2026年12月9日 22:00（Asia/Shanghai）"
    )


def test_zoned_defaults_to_the_viewers_zone() -> None:
    from django.utils import timezone

    with timezone.override(zoneinfo.ZoneInfo("America/New_York")):
        assert render("{{ d|zoned }}", "en", d=WHEN) == "9 Dec 2026, 09:00 (America/New_York)"


def test_day_time_and_weekday_date_time_per_language() -> None:
    assert render("{{ d|day_time }}", "en", d=WHEN) == "Wed 9 Dec 14:00"
    assert render("{{ d|day_time }}", "zh-hans", d=WHEN) == "12月9日 星期三 14:00"
    assert render("{{ d|weekday_date_time }}", "en", d=WHEN) == "Wednesday 9 Dec 2026, 14:00"
    assert render("{{ d|weekday_date_time }}", "zh-hans", d=WHEN) == "2026年12月9日 星期三 14:00"


def test_the_filters_follow_the_timezone_tag_like_the_date_filter() -> None:
    source = '{% load tz %}{% timezone "Asia/Shanghai" %}{{ d|day_time }}{% endtimezone %}'
    assert render(source, "en", d=WHEN) == "Wed 9 Dec 22:00"
    chosen = '{% load tz %}{{ d|timezone:"Asia/Dubai"|day_time }}'
    assert render(chosen, "en", d=WHEN) == "Wed 9 Dec 18:00"
