"""Markdown: # headings are headings; emphasis, lists and tables read as the text they hold."""

from __future__ import annotations

import textwrap

from tests.conftest import EXAMPLES
from tests.readers.helpers import check_data, finding_codes, verdicts
from validator import readers
from validator.pipeline import analyse
from validator.readers.text import markdown_lines
from validator.ruleset import RuleSet

REPORT_MD = textwrap.dedent("""\
    ---
    title: 草稿
    ---
    **青山县人民政府**

    # 关于2024年度法治政府建设情况的报告

    2024年，青山县人民政府坚持以习近平法治思想为指导，扎实推进依法行政。现将有关情况报告如下。

    ## 一、2024年推进法治政府建设的主要举措和成效

    ### **（一）健全依法决策机制**

    - 制定并公布《青山县人民政府2024年度重大行政决策事项目录》，纳入事项5项。
    - 5项重大行政决策均履行公众参与、专家论证、风险评估、合法性审查、集体讨论决定程序。

    | 事项 | 公开征求意见 | 合法性审查 |
    |------|:------:|------|
    | 城区供水管网改造 | 公开征求意见时间不少于30日 | 送请合法性审查的时间不少于7个工作日 |

    ## 二、党政主要负责人履行推进法治建设第一责任人职责情况

    县政府主要负责人对法治建设重要工作亲自部署、重大问题亲自过问、重点环节亲自协调、重要任务亲自督办。

    ## 三、存在的不足和原因

    一是基层执法力量不足。究其原因，主要是执法人员招录渠道窄。

    ## 四、2025年推进法治政府建设的主要安排

    1. 完善重大行政决策程序，及时调整并公布2025年度重大行政决策事项目录。
    2. 加强基层执法队伍建设。

    青山县人民政府

    2025年2月18日
    """)


def test_markdown_headings_build_the_section_tree(ruleset: RuleSet) -> None:
    document = analyse(readers.read_bytes(REPORT_MD.encode("utf-8"), "r.md"), ruleset.classifier)
    kinds = [s.kind for s in document.sections]
    assert kinds == ["preamble", "measures", "first-responsible", "problems", "plan"]
    assert document.metadata.issuer == "青山县人民政府"
    assert document.metadata.title == "青山县人民政府关于2024年度法治政府建设情况的报告"
    measures = document.sections[1]
    assert [c.title for c in measures.children] == ["（一）健全依法决策机制"]


def test_markdown_report_passes_on_what_its_table_and_lists_say(ruleset: RuleSet) -> None:
    report = check_data(REPORT_MD.encode("utf-8"), "r.md", ruleset)
    statuses = {rule: status for rule, (status, _) in verdicts(report).items()}
    assert statuses["decision.comment-period"] == "pass"
    assert statuses["decision.legality-review"] == "pass"
    assert statuses["decision.directory"] == "pass"
    assert statuses["report.next-year-plan"] == "pass"
    assert report.score is not None and report.score.value == 100.0


def test_markup_is_blanked_in_place_so_columns_stay_exact() -> None:
    raw = "- **一是**加强学习，详见[专栏](http://example.gov.cn/a)。"
    (line,) = markdown_lines(raw)
    assert len(line.text) == len(raw)
    assert line.text.split() == ["一是", "加强学习，详见", "专栏", "。"]
    assert raw[line.text.index("加强")] == "加"


def test_tables_are_rows_of_text_never_joined_to_the_next_row() -> None:
    lines = markdown_lines("| 事项 | 期限，天数 |\n|---|---|\n| 征求意见 | 30日 |\n")
    assert [line.text.split() for line in lines] == [["事项", "期限，天数"], [], ["征求意见", "30日"], []]
    assert lines[0].ends_paragraph is True


def test_setext_headings_and_multiplication_signs() -> None:
    lines = markdown_lines("主要举措和成效\n=======\n投入 3 * 4 万元\n")
    assert lines[0].outline_level == 1 and lines[1].text.strip() == ""
    assert lines[2].text == "投入 3 * 4 万元"


def test_the_compliant_example_as_markdown_gives_the_same_verdicts(ruleset: RuleSet) -> None:
    text = (EXAMPLES / "compliant.txt").read_text(encoding="utf-8")
    as_md = "\n".join(f"## {line}" if line.startswith(("一、", "二、", "三、", "四、", "五、")) else line
                      for line in text.split("\n"))
    plain = check_data(text.encode("utf-8"), "r.txt", ruleset)
    markdown = check_data(as_md.encode("utf-8"), "r.md", ruleset)
    assert verdicts(markdown) == verdicts(plain)
    assert finding_codes(markdown) == finding_codes(plain)
