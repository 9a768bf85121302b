"""fazhi-lint: a compliance checker for annual reports on building rule-of-law government."""

from __future__ import annotations

__version__ = "0.1.0"
