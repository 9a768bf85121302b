from __future__ import annotations

import pytest

from validator.headings import heading_title, parse_label


@pytest.mark.parametrize(
    ("text", "style", "rank", "number"),
    [
        ("一、主要举措和成效", "cn", 10, 1),
        ("十二、其他", "cn", 10, 12),
        ("一、2024 年法治政府建设基本情况", "cn", 10, 1),
        ("（三）严格依法决策", "paren-cn", 20, 3),
        ("(二)深化普法宣传。聚焦宣传活动", "paren-cn", 20, 2),
        ("1.强化党纪学习教育。", "arabic", 30, 1),
        ("2、注重班子集体研学", "arabic", 30, 2),
        ("（1）完善制度", "paren-arabic", 40, 1),
        ("①建立台账", "circled", 50, 1),
        ("第二部分 存在的问题", "part", 5, 2),
        ("、下步工作安排", "lost", 10, None),
        ("## 二、存在的问题", "markdown", 2, 2),
        ("# 报告标题", "markdown", 1, None),
    ],
)
def test_labels(text: str, style: str, rank: int, number: int | None) -> None:
    label = parse_label(text)
    assert label is not None
    assert (label.style, label.rank, label.number) == (style, rank, number)


@pytest.mark.parametrize("text", ["2024年，区政府坚持", "1.5万件案件办结", "一是加强学习", "8月29日召开会议", "二〇二四年", "一、"])
def test_not_headings(text: str) -> None:
    assert parse_label(text) is None


def test_title_stops_at_the_first_full_stop() -> None:
    assert heading_title("提高政治站位。2024年，市政府办公室始终坚持") == "提高政治站位"
