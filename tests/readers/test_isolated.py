"""PDFs read in a child process with memory and time limits (validator/readers/isolated.py), as a user's run
reads them; the rest of the suite reads them in process (tests/conftest.py) so that it can patch the reader."""

from __future__ import annotations

import resource
import sys
import time

import pytest

from tests.conftest import EXAMPLES
from tests.readers.pdfgen import make_pdf, paragraph_runs
from tests.robustness.hostile_readers import repeated_draw_pdf
from validator import readers
from validator.errors import InputError
from validator.readers import isolated

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the reader child is Linux-only")


@pytest.fixture
def isolating(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FAZHI_LINT_NO_ISOLATION", raising=False)
    assert isolated.isolation_available()


def test_the_child_reads_what_this_process_reads(isolating: None, monkeypatch: pytest.MonkeyPatch) -> None:
    runs, y = [], 780.0
    for paragraph in [line for line in (EXAMPLES / "compliant.txt").read_text(encoding="utf-8").splitlines() if line][:12]:
        more, y = paragraph_runs(paragraph, y, width_chars=30)
        runs += more
    data = make_pdf([runs])
    child = readers.read_bytes(data, "r.pdf")
    monkeypatch.setenv("FAZHI_LINT_NO_ISOLATION", "1")
    here = readers.read_bytes(data, "r.pdf")
    assert (child.format, child.notes, child.lines) == (here.format, here.notes, here.lines)


def test_an_input_error_in_the_child_is_the_same_one_line_error(isolating: None) -> None:
    with pytest.raises(InputError, match="^bad.pdf: 不是有效的 PDF 文件"):
        readers.read_bytes(b"%PDF-1.7\nnothing else", "bad.pdf")


def test_a_page_drawing_one_drawing_a_thousand_times_is_stopped_by_the_memory_limit(
        isolating: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """PDFium builds the page before any character can be counted; only the child's limit holds."""
    monkeypatch.setattr(isolated, "MEMORY_BYTES", 400 * 1024 ** 2)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with pytest.raises(InputError, match="^bomb.pdf: 读取所需内存超过上限"):
        readers.read_bytes(repeated_draw_pdf(draws=2_000), "bomb.pdf")
    assert time.perf_counter() - started < 120
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100 * 1024  # this process: < 100 MB more


def test_processor_time_is_limited_too(isolating: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(isolated, "CPU_SECONDS", 1)
    with pytest.raises(InputError, match="^slow.pdf: 读取耗时超过上限（1 秒处理器时间）"):
        readers.read_bytes(repeated_draw_pdf(draws=2_000), "slow.pdf")
