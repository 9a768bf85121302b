"""Scanned PDFs through OCR (the ``ocr`` extra): the scanned seed gives the seed's checklist; without the
extra, the message says how to install it."""

from __future__ import annotations

import io
import socket
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FORMATS, LABELS, SEEDS
from tests.readers.pdfgen import Run, make_pdf
from tests.test_corpus import ELEMENT_RULE, expected_status, labels
from validator import cli, readers
from validator.errors import InputError
from validator.pipeline import check_path
from validator.readers import ocr
from validator.ruleset import RuleSet

pytest.importorskip("pypdfium2", reason="the formats extra (pypdfium2) is not installed")

needs_ocr = pytest.mark.skipif(not ocr.available(), reason="the ocr extra (rapidocr-onnxruntime) is not installed")
SCANNED = FORMATS / "000_8b4115d30d65c2bd.scanned.pdf"
# The rules a reviewer's checklist is made of: the statutory content and the major-decision procedures.
# (Quality rules — punctuation width, paired marks — see the scan's OCR slips, not the report's.)
STATUTORY = ("report.", "decision.")


def test_without_the_extra_a_scan_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "available", lambda: False)
    with pytest.raises(InputError) as caught:
        readers.read_bytes(make_pdf([None, None]), "scan.pdf")
    message = str(caught.value)
    assert message.startswith("scan.pdf: ") and "没有文字层" in message and "pip install 'fazhi-lint[ocr]'" in message


def test_a_blank_scanned_page_is_never_recognised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "available", lambda: True)

    def no_engine() -> Any:
        raise AssertionError("a blank page went to the OCR engine")

    monkeypatch.setattr(ocr, "_engine", no_engine)
    source = readers.read_bytes(make_pdf([[Run(90, 700, "一、主要举措和成效")], None]), "mixed.pdf")
    assert source.format == "pdf" and source.notes == ["第2页没有文字层（扫描页？），其内容未检查"]
    with pytest.raises(InputError, match="OCR 也未识别出文字"):
        readers.read_bytes(make_pdf([None]), "blank.pdf")


def image_pdf(pages: int = 1) -> bytes:
    """An image-only PDF whose pages are not blank (a scan), 300 × 200 pt at 72 dpi."""
    image_module = pytest.importorskip("PIL.Image")
    draw_module = pytest.importorskip("PIL.ImageDraw")
    images = []
    for _ in range(pages):
        image = image_module.new("L", (300, 200), 255)
        draw_module.Draw(image).rectangle((20, 20, 280, 40), fill=0)
        images.append(image)
    out = io.BytesIO()
    images[0].save(out, format="PDF", resolution=72.0, save_all=True, append_images=images[1:])
    return out.getvalue()


class FakeEngine:
    """What RapidOCR returns for a page: (box corners in pixels, text, confidence) per detected line."""

    def __init__(self, lines: list[tuple[float, float, str]]) -> None:
        self.lines = lines  # (left, baseline, text) in PDF points; the page is rendered at twice the size
        self.calls = 0

    def __call__(self, image: Any, **options: Any) -> tuple[list[Any], None]:
        assert options.get("use_cls") is False
        self.calls += 1
        out = []
        for left, top, text in self.lines:
            width = sum(6.0 if ord(c) < 0x2E80 else 12.0 for c in text)
            box = [[left * 2, top * 2], [(left + width) * 2, top * 2], [(left + width) * 2, (top + 14) * 2],
                   [left * 2, (top + 14) * 2]]
            out.append([box, text, 0.97])
        return out, None


def test_recognised_lines_go_through_the_pdf_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    engine = FakeEngine([(20, 20, "一、主要举措和成效"), (44, 40, "全年开展法治宣传活动12次，受理"),
                         (20, 58, "行政复议案件40件。"), (130, 180, "- 1 -")])
    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "_engine", lambda: engine)
    source = readers.read_bytes(image_pdf(2), "scan.pdf")
    assert engine.calls == 2
    assert source.format == "pdf-ocr" and source.notes == [
        "全部文字由 OCR 识别（扫描件没有文字层），可能有识别错误；引文和位置按识别出的行"]
    page_one = [(line.text, line.page, line.line_number) for line in source.lines if line.page == 1]
    assert page_one == [("一、主要举措和成效", 1, 1), ("全年开展法治宣传活动12次，受理", 1, 2), ("行政复议案件40件。", 1, 3)]
    assert [line.ends_paragraph for line in source.lines[:3]] == [None, False, None]  # the wrap is joined


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_bar_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "_engine", lambda: FakeEngine([(20, 20, "关于2024年度法治政府建设情况的报告")]))
    path = tmp_path / "scan.pdf"
    path.write_bytes(image_pdf(3))
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    readers.read_path(str(path))
    assert "OCR 识别" in terminal.getvalue() and "3/3" in terminal.getvalue()
    plain = io.StringIO()
    monkeypatch.setattr(sys, "stderr", plain)
    readers.read_path(str(path))
    assert plain.getvalue() == ""


def test_the_report_says_its_text_came_from_ocr(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "_engine", lambda: FakeEngine([(20, 20, "关于2024年度法治政府建设情况的报告")]))
    path = tmp_path / "scan.pdf"
    path.write_bytes(image_pdf())
    cli.main(["check", str(path), "--format", "text"])
    assert "说明：全部文字由 OCR 识别" in capsys.readouterr().out


@needs_ocr
def test_the_models_ship_inside_the_package() -> None:
    import importlib.util

    spec = importlib.util.find_spec("rapidocr_onnxruntime")
    assert spec is not None and spec.origin is not None
    models = list((Path(spec.origin).parent / "models").glob("*.onnx"))
    assert len(models) >= 2  # detection and recognition, read from the installed package


@needs_ocr
@pytest.mark.skipif(not LABELS.is_file(), reason="../shared corpus not present")
def test_the_scanned_seed_gives_the_checklist_of_its_seed(ruleset: RuleSet, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("OCR tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)  # the models are in the wheel: nothing to fetch
    scanned = check_path(str(SCANNED), ruleset)
    assert scanned.error is None and scanned.document is not None
    assert scanned.document.source.format == "pdf-ocr" and "OCR" in scanned.document.source.notes[0]
    (seed,) = SEEDS.glob("000_*.txt")
    plain = check_path(str(seed), ruleset)
    got = {r.rule.id: (r.status, r.credit) for r in scanned.results if r.rule.id.startswith(STATUTORY)}
    want = {r.rule.id: (r.status, r.credit) for r in plain.results if r.rule.id.startswith(STATUTORY)}
    # the scan ends at the issuer's name: its image has no signing date, so the deadline cannot be judged
    # and report.signing-date says so
    assert got.pop("report.deadline") == ("not_applicable", None) and want.pop("report.deadline")[0] == "pass"
    assert got.pop("report.signing-date") == ("fail", 0.0) and want.pop("report.signing-date") == ("pass", 1.0)
    assert got == want
    label = labels()[seed.name]
    verdicts = {r.rule.id: r.status for r in scanned.results}
    for element, rule in [*ELEMENT_RULE.items(), ("plan_year", "report.plan-year")]:
        assert verdicts[rule] in expected_status(element, label), (element, verdicts[rule])
    assert scanned.metadata is not None and plain.metadata is not None
    assert scanned.metadata.as_dict() == {**plain.metadata.as_dict(), "signed": None}
    located = [f for f in scanned.findings if f.location is not None]
    assert located and all(f.location.page in (1, 2) for f in located if f.location is not None)


def test_an_engine_that_cannot_load_is_a_one_line_input_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "available", lambda: True)

    def broken() -> Any:
        raise ImportError("libGL.so.1: cannot open shared object file")

    monkeypatch.setattr(ocr, "_engine", broken)
    with pytest.raises(InputError, match=r"^scan\.pdf: OCR 组件无法加载（ImportError：libGL"):
        readers.read_bytes(image_pdf(), "scan.pdf")


def test_a_scanned_page_among_text_pages_is_recognised_and_named(monkeypatch: pytest.MonkeyPatch) -> None:
    import pypdfium2

    text = pypdfium2.PdfDocument(make_pdf([[Run(90, 700, "一、主要举措和成效")]]))
    text.import_pages(pypdfium2.PdfDocument(image_pdf()))
    out = io.BytesIO()
    text.save(out)
    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "_engine", lambda: FakeEngine([(20, 20, "二、存在的不足和原因")]))
    source = readers.read_bytes(out.getvalue(), "mixed.pdf")
    assert [(line.text, line.page) for line in source.lines] == [("一、主要举措和成效", 1), ("二、存在的不足和原因", 2)]
    assert source.format == "pdf-ocr" and source.notes == [
        "第2页文字由 OCR 识别（扫描件没有文字层），可能有识别错误；引文和位置按识别出的行"]
