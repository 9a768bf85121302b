from __future__ import annotations

from tests.conftest import source_of
from validator.normalize import build_paragraphs, clean_line


def test_fullwidth_digits_and_cjk_spacing() -> None:
    text, pieces = clean_line("关于 ２０２４ 年度　报告", 0)
    assert text == "关于2024年度报告"
    assert pieces[0] == (0, 0, 0)


def test_latin_words_keep_their_spaces() -> None:
    assert clean_line("存在一些问题 and 不足", 0)[0] == "存在一些问题 and 不足"


def test_space_between_two_numbers_is_kept() -> None:
    assert clean_line("编号 12 34", 0)[0] == "编号12 34"


def test_positions_map_back_to_the_original_line_and_column() -> None:
    source = source_of("标题\n\n征求意见超过 30 日。\n")
    (title, para) = build_paragraphs(source)
    assert para.text == "征求意见超过30日。"
    offset = para.text.index("30")
    assert para.source_position(offset) == (2, 7)  # line index 2, column of "3" in the original
    assert source.lines[2].text[7:9] == "30"


def test_sentence_broken_by_a_page_break_is_joined() -> None:
    source = source_of("三是有效提升办文办会质量。精雕细琢文字材料，高质量\n\n起草区政府工作汇报200余份。\n")
    paragraphs = build_paragraphs(source)
    assert [p.text for p in paragraphs] == ["三是有效提升办文办会质量。精雕细琢文字材料，高质量起草区政府工作汇报200余份。"]
    joined = paragraphs[0]
    assert joined.source_position(joined.text.index("起草")) == (2, 0)


def test_open_book_title_mark_joins_the_next_line() -> None:
    source = source_of("一是责任再压实。严格按照《某某区法治\n\n政府建设实施方案》推进。\n")
    assert len(build_paragraphs(source)) == 1


def test_titles_headings_and_signatures_are_not_joined() -> None:
    source = source_of(
        "某某区人民政府办公室\n关于2024年度法治政府建设情况的报告\n（一）强化法治学习，树牢法治思维\n"
        "始终把学习宣传贯彻习近平法治思想作为重大政治任务。\n某某区人民政府办公室\n2025年1月20日\n"
    )
    assert len(build_paragraphs(source)) == 6


def test_an_enumerated_item_is_not_joined_onto_the_previous_line() -> None:
    source = source_of("一是加强学习，提升能力，持续推进法治建设各项工作落实\n二是强化宣传。\n")
    assert len(build_paragraphs(source)) == 2


def test_a_full_width_point_between_digits_is_a_decimal_point() -> None:
    from validator.normalize import clean_line

    assert clean_line("纠错率１２３．５％。本局．", 0)[0] == "纠错率123.5%。本局．"
