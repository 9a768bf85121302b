"""A folder of reports as reviewers receive it: Office lock files and hidden copies are passed over (said
once), files that are not annual reports are listed but never scored, and the batch's own problems —
the same text twice, one issuer's two reports of a year, mixed years — are said in every summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, SHARED, CliRun, source_of
from validator.nature import not_a_report
from validator.pipeline import analyse
from validator.ruleset import RuleSet

COMPLIANT = (EXAMPLES / "compliant.txt").read_text(encoding="utf-8")
DEFICIENT = (EXAMPLES / "deficient.txt").read_text(encoding="utf-8")
COVER_LETTER = """青山县交通运输局关于报送2024年度法治政府建设情况报告的函

县司法局：

根据《法治政府建设与责任落实督察工作规定》第二十五条规定，现将我局2024年度法治政府建设情况报告报送你局，请审阅。

附件：青山县交通运输局关于2024年度法治政府建设情况的报告

青山县交通运输局
2025年3月15日
"""
EXPLANATION = """# 报送说明

本文件夹收录各单位报送的2024年度法治政府建设情况报告，共 3 份。其中交通运输局的报告为修改后重新报送的版本。

联系人：王某，电话：略。
"""
README = """# Reports folder

Annual reports on building rule-of-law government (法治政府建设年度报告) received this year, one file per office.
"""


# --------------------------------------------------------------------------- lock, hidden and temporary files


def test_lock_hidden_and_temporary_files_are_passed_over_and_said_once(tmp_path: Path,
                                                                       cli_run: CliRun) -> None:
    folder = tmp_path / "报送"
    (folder / "交通局").mkdir(parents=True)
    (folder / "a.txt").write_text(COMPLIANT, encoding="utf-8")
    (folder / "交通局" / "b.docx").write_bytes(b"")  # named as a report: checked (and unreadable)
    owner = b"\x0cZhang San" + b"\x00" * 150  # Word's owner file: 162 bytes, not a document
    (folder / "~$a.docx").write_bytes(owner)
    (folder / "交通局" / "~$b.docx").write_bytes(owner)
    (folder / ".~lock.a.docx#").write_text(",Zhang San,pc,01.03.2025 10:00,file:///home/zs;", encoding="utf-8")
    (folder / "~WRL0001.docx").write_bytes(b"\x00" * 64)
    (folder / ".a.txt.swp").write_bytes(b"\x00" * 64)
    (folder / ".DS_Store").write_bytes(b"\x00" * 64)  # hidden but nothing like a report: not counted
    code, out, err = cli_run("check", str(folder), "--format", "json")
    checked = [Path(f["path"]).name for f in json.loads(out)["files"]]
    assert checked == ["a.txt", "b.docx"]
    notes = [line for line in err.splitlines() if "跳过了" in line]
    # the four that look like reports (a .docx behind the lock or temporary prefix); a vim swap file does not
    assert notes == ["fazhi-lint: 注意：跳过了 4 个隐藏文件、Office 锁定文件或临时文件（如 .~lock.a.docx#），它们不是报送的报告"]
    assert code == 3  # b.docx is empty: an input error, the rest checked


def test_a_lock_file_named_on_the_command_line_is_still_read(tmp_path: Path, cli_run: CliRun) -> None:
    lock = tmp_path / "~$a.docx"
    lock.write_bytes(b"\x0cZhang San" + b"\x00" * 150)
    code, _, err = cli_run("check", str(lock), "--format", "json")
    assert code == 3 and "~$a.docx" in err and "跳过" not in err


# --------------------------------------------------------------------------- what is a report


def nature(ruleset: RuleSet, text: str, name: str = "t.txt") -> str | None:
    return not_a_report(analyse(source_of(text, name), ruleset.classifier), ruleset.classifier)


def test_a_cover_letter_a_note_and_a_readme_are_not_reports(ruleset: RuleSet) -> None:
    letter = nature(ruleset, COVER_LETTER)
    assert letter is not None and "报送函" in letter and "关于报送2024年度法治政府建设情况报告的函" in letter
    assert nature(ruleset, EXPLANATION, "说明.md") == "没有年度报告的标题，也没有年度报告的法定部分（主要举措和成效、存在的不足和原因等）"
    assert nature(ruleset, README, "README.md") is not None


def test_any_one_sign_of_a_report_keeps_it_a_report(ruleset: RuleSet) -> None:
    assert nature(ruleset, COMPLIANT) is None and nature(ruleset, DEFICIENT) is None
    # its headings alone (no title)
    assert nature(ruleset, COMPLIANT.split("\n", 1)[1]) is None
    # its title alone: a draft whose headings lost their numbering
    title = "青山县交通运输局关于2024年度法治政府建设情况的报告（征求意见稿）"
    assert nature(ruleset, f"{title}\n\n2024年，我局坚持依法行政，全面推进法治政府建设。\n") is None
    # neither: a long Chinese text about building the rule of law (title and headings both missed)
    body = "2024年，我局深入推进法治政府建设，坚持依法行政，严格规范公正文明执法，全面落实行政执法三项制度。" * 30
    assert nature(ruleset, body) is None
    # ... but a short one is a note, not a report
    assert nature(ruleset, body[:200]) is not None


def corpus_files() -> list[Path]:
    suffixes = {".txt", ".md", ".docx", ".html", ".pdf"}
    roots = [EXAMPLES, SHARED / "corpus"]
    return sorted(p for root in roots if root.is_dir() for p in root.rglob("*")
                  if p.suffix in suffixes and ".scanned." not in p.name)


def test_every_report_of_the_corpora_is_a_report_and_no_readme_is(ruleset: RuleSet) -> None:
    from validator.pipeline import check_path

    files = corpus_files()
    assert len(files) >= 40  # examples alone; 77 with ../shared
    for path in files:
        report = check_path(str(path), ruleset)
        assert report.error is None, path
        if path.name == "README.md":
            assert report.not_report is not None, path
        else:
            assert report.not_report is None, (path, report.not_report)


@pytest.fixture
def mixed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two reports, a cover letter, a 说明.md and a README."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "报送"
    folder.mkdir()
    (folder / "a-compliant.txt").write_text(COMPLIANT, encoding="utf-8")
    (folder / "b-deficient.txt").write_text(DEFICIENT, encoding="utf-8")
    (folder / "c-报送函.txt").write_text(COVER_LETTER, encoding="utf-8")
    (folder / "说明.md").write_text(EXPLANATION, encoding="utf-8")
    (folder / "README.md").write_text(README, encoding="utf-8")
    return folder


def test_files_that_are_not_reports_are_listed_and_never_scored(mixed: Path, cli_run: CliRun) -> None:
    code, out, err = cli_run("summary", str(mixed), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    statuses = {Path(r["path"]).name: r["status"] for r in data["reports"]}
    assert statuses == {"a-compliant.txt": "pass", "b-deficient.txt": "fail", "c-报送函.txt": "not_report",
                        "说明.md": "not_report", "README.md": "not_report"}
    assert [r["status"] for r in data["reports"]][-3:] == ["not_report"] * 3  # listed last
    others = [r for r in data["reports"] if r["status"] == "not_report"]
    assert all(r["score"] is None and r["checklist"] == [] and r["not_report"] for r in others)
    # the counts, the average and every pass rate are over the two reports only
    _, alone, _ = cli_run("summary", str(mixed / "a-compliant.txt"), str(mixed / "b-deficient.txt"), "--format", "json")
    reports_only = json.loads(alone)
    assert data["counts"] == {**reports_only["counts"], "not_reports": 3}
    assert data["counts"]["files"] == 2
    assert data["rules"] == reports_only["rules"]
    assert max(r["passed"] + r["partial"] + r["failed"] + r["not_applicable"] for r in data["rules"]) == 2


def test_not_reports_in_every_summary_format(mixed: Path, tmp_path: Path, cli_run: CliRun) -> None:
    out_dir = tmp_path / "out"
    code, _, err = cli_run("summary", str(mixed), "--output-dir", str(out_dir))
    assert code == 0
    markdown = (out_dir / "summary.md").read_text(encoding="utf-8")
    assert "另有 3 个文件不是年度报告，不计入统计" in markdown
    assert "| 不是年度报告 | 不是年度报告：标题“青山县交通运输局关于报送2024年度法治政府建设情况报告的函”是报送函" in markdown
    html = (out_dir / "summary.html").read_text(encoding="utf-8")
    assert html.count('<span class="status st-not_report">不是年度报告</span>') == 3
    # no 审查意见 for a cover letter: said once per file, and only the two reports get a letter and a note
    assert err.count("不是年度报告，未写审查意见") == 3
    assert len(list((out_dir / "审查意见").iterdir())) == 4


# --------------------------------------------------------------------------- the batch's own problems


def test_duplicates_one_issuer_twice_and_mixed_years_are_said(tmp_path: Path, cli_run: CliRun) -> None:
    folder = tmp_path / "报送"
    folder.mkdir()
    (folder / "交通局.txt").write_text(DEFICIENT, encoding="utf-8")
    (folder / "交通局-重新报送.md").write_text(DEFICIENT.replace("\n", "\r\n"), encoding="utf-8")  # same text
    (folder / "交通局-修改稿.txt").write_text(DEFICIENT.replace("全年组织集中学法10次", "全年组织集中学法12次"), encoding="utf-8")
    (folder / "县政府.txt").write_text(COMPLIANT, encoding="utf-8")
    (folder / "县政府-2023.txt").write_text(COMPLIANT.replace("2024", "2023").replace("2025", "2024"),
                                         encoding="utf-8")
    code, out, err = cli_run("summary", str(folder), "--format", "json")
    notes = json.loads(out)["notes"]
    assert len(notes) == 3, notes
    duplicate, same_year, years = notes
    assert "交通局-重新报送.md" in duplicate and "交通局.txt" in duplicate and "内容相同" in duplicate
    assert "修改稿" not in duplicate
    assert same_year.startswith("青山县交通运输局有 3 份2024年度的报告") and "修改稿" in same_year
    assert years == "本批报告的年度不一：2024年度 4 份，2023年度 1 份；其中 1 份作为上年报告与本年报告对照"
    for note in notes:  # on stderr too, once each
        assert err.count(note) == 1
    _, page, _ = cli_run("summary", str(folder), "--format", "html")
    assert '<div class="batch-notes" id="batch-notes">' in page and "内容相同" in page
    _, markdown, _ = cli_run("summary", str(folder))
    assert "**本批报告需要注意：**" in markdown and "本批报告的年度不一" in markdown


def test_one_clean_batch_says_nothing(tmp_path: Path, cli_run: CliRun) -> None:
    folder = tmp_path / "报送"
    folder.mkdir()
    (folder / "a.txt").write_text(COMPLIANT, encoding="utf-8")
    (folder / "b.txt").write_text(DEFICIENT, encoding="utf-8")
    _, out, err = cli_run("summary", str(folder), "--format", "json")
    assert json.loads(out)["notes"] == [] and "注意" not in err
