"""The report charts: accessible, escaped, readable in grey, every number written out."""

import re
import xml.etree.ElementTree as ET

import pytest

from assessments import charts
from tests.assessments.report_fixtures import REPORT, first_report

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # our own output; also proves it is well-formed XML


def texts(root: ET.Element) -> list[str]:
    return [node.text or "" for node in root.iter(f"{SVG}text")]


ALL_CHARTS = [
    ("dims", lambda r: charts.dimension_comparison_svg(r, prefix="dims")),
    ("gap", lambda r: charts.self_vs_others_svg(r, prefix="gap")),
    ("items", lambda r: charts.items_by_group_svg(r, r["dimensions"][0], prefix="items")),
    ("change", lambda r: charts.change_svg(r, prefix="change")),
]


@pytest.mark.parametrize(("prefix", "draw"), ALL_CHARTS)
def test_chart_is_an_accessible_image(prefix, draw) -> None:
    root = parse(draw(REPORT))

    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{prefix}-title {prefix}-desc"
    assert root.find(f"{SVG}title").get("id") == f"{prefix}-title"
    desc = root.find(f"{SVG}desc")
    assert desc.get("id") == f"{prefix}-desc"
    assert desc.text.strip()


@pytest.mark.parametrize(("prefix", "draw"), ALL_CHARTS)
def test_chart_ids_carry_the_prefix_so_charts_can_share_a_page(prefix, draw) -> None:
    svg = str(draw(REPORT))

    ids = re.findall(r'id="([^"]+)"', svg)
    assert ids
    assert all(i.startswith(f"{prefix}-") for i in ids)


def test_dimension_chart_writes_every_value_and_a_dash_for_hidden_ones() -> None:
    root = parse(charts.dimension_comparison_svg(REPORT))

    labels = texts(root)
    for value in ("4.25", "3.40", "3.62", "3.71", "3.00", "4.20", "3.80"):
        assert value in labels
    # T has no incumbent average and BE is hidden entirely: 1 + 4 dashes.
    assert labels.count("—") == 5
    desc = root.find(f"{SVG}desc").text
    assert "S 制定、协同、执行大客户战略的领导者" in desc
    assert "Incumbent average 3.71" in desc


def test_dimension_chart_draws_no_bar_for_a_hidden_value() -> None:
    root = parse(charts.dimension_comparison_svg(REPORT))

    bars = [r for r in root.iter(f"{SVG}rect") if r.get("stroke") == charts.INK]
    # 4 legend swatches; S has 4 bars, T 3 (no incumbent average), BE none.
    assert len(bars) == 4 + 4 + 3


def test_text_from_the_data_is_escaped() -> None:
    svg = str(charts.dimension_comparison_svg(REPORT)) + str(
        charts.items_by_group_svg(REPORT, REPORT["dimensions"][1])
    )

    assert "<b>" not in svg
    assert "&lt;b&gt;" in svg
    assert "<跨文化团队建设>" not in svg
    assert "&lt;跨文化团队建设&gt;" in svg


def test_series_are_told_apart_without_colour() -> None:
    # Each series of a chart has a different fill: a distinct solid lightness or a pattern.
    for keys in (
        ("self", "others", "class_average", "incumbent_average"),
        ("self", "manager", "peer", "direct_report", "other", "others"),
    ):
        looks = {(charts.STYLES[k].fill, charts.STYLES[k].pattern) for k in keys}
        assert len(looks) == len(keys)
        solids = [charts.STYLES[k].fill for k in keys if not charts.STYLES[k].pattern]
        lightness = [_luma(fill) for fill in solids]
        assert min(abs(a - b) for i, a in enumerate(lightness) for b in lightness[i + 1 :]) > 25


def _luma(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b


def test_patterned_series_are_defined_in_the_chart() -> None:
    svg = str(charts.items_by_group_svg(REPORT, REPORT["dimensions"][0], prefix="x"))

    assert 'id="x-peer"' in svg
    assert 'id="x-others"' in svg
    assert 'fill="url(#x-peer)"' in svg


def test_activity_chart_shows_reportable_groups_and_others_only() -> None:
    root = parse(charts.items_by_group_svg(REPORT, REPORT["dimensions"][0]))

    labels = texts(root)
    assert "Peers" in labels
    assert "Direct reports" not in labels  # 2 of 4 answered: not reportable
    assert "1. 理解客户、友商及公司战略" in labels
    assert "3.25" in labels
    # The peers' cell of item 102 is hidden.
    assert "—" in labels


def test_gap_chart_writes_the_signed_gap() -> None:
    labels = texts(parse(charts.self_vs_others_svg(REPORT)))

    assert "+0.85" in labels
    assert "−1.20" in labels


def test_change_chart_reads_ups_and_downs() -> None:
    root = parse(charts.change_svg(REPORT))

    labels = texts(root)
    assert "+0.30" in labels
    assert "−0.15" in labels
    assert "S: +0.30" in root.find(f"{SVG}desc").text


def test_change_chart_of_a_first_campaign_is_all_dashes() -> None:
    labels = texts(parse(charts.change_svg(first_report())))

    assert labels.count("—") == 3


def test_long_labels_are_truncated_to_fit() -> None:
    assert charts.truncate("短", 12, 100) == "短"
    cut = charts.truncate("制定、协同、执行大客户战略的领导者", 12, 60)
    assert cut.endswith("…")
    assert charts.text_width(cut, 12) <= 60


def test_heat_style_is_darker_for_higher_scores_and_keeps_text_readable() -> None:
    low = charts.heat_style(1.5, 1, 5)
    high = charts.heat_style(4.8, 1, 5)

    light_low = int(re.search(r"(\d+)%\)", low).group(1))
    light_high = int(re.search(r"(\d+)%\)", high).group(1))
    assert light_high < light_low
    assert "color: #111111" in low
    assert "color: #ffffff" in high
    assert charts.heat_style(None, 1, 5) == ""


def test_numbers_are_formatted_with_two_decimals() -> None:
    assert charts.fmt(3.4) == "3.40"
    assert charts.fmt(None) == "—"
    assert charts.fmt_signed(0.5) == "+0.50"
    assert charts.fmt_signed(-0.5) == "−0.50"
    assert charts.fmt_signed(0) == "0.00"
