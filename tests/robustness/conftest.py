"""Hypothesis settings for the robustness tests: derandomized by default, so a failure in CI reproduces.

``FAZHI_HYPOTHESIS=explore`` runs random examples (and more of them) to look for new failures locally;
whatever it finds becomes a regression test with a fixed example.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=100, deadline=None, derandomize=True, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "explore", max_examples=2000, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("FAZHI_HYPOTHESIS", "ci"))


@pytest.fixture(autouse=True, scope="module")
def _no_office_suite() -> Iterator[None]:
    """Random bytes that start like a .doc or an .rtf would each start LibreOffice (seconds apiece),
    and random PDF pages might each be read by OCR: here the readers run as without them. Converting
    and recognising damaged files is tested on its own (tests/readers/test_legacy.py, test_ocr.py)."""
    from validator.readers import legacy, ocr

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(legacy, "soffice", lambda: None)
        patch.setattr(ocr, "available", lambda: False)
        yield
