"""The registry of check types. A rule in YAML names one of these and gives its parameters."""

from __future__ import annotations

from typing import Any

from validator.checks.base import CheckContext, CheckType, ParamReader
from validator.checks.dates import DEADLINE
from validator.checks.durations import DURATION_CHECK
from validator.checks.phrases import CHECKLIST, PHRASE
from validator.checks.sections import PLAN_YEAR, SECTION
from validator.checks.yoy import PLAN_FOLLOW_THROUGH, REPEATED

CHECK_TYPES: dict[str, CheckType[Any]] = {
    check.name: check
    for check in (SECTION, PLAN_YEAR, PHRASE, CHECKLIST, DURATION_CHECK, DEADLINE, PLAN_FOLLOW_THROUGH, REPEATED)
}

__all__ = ["CHECK_TYPES", "CheckContext", "CheckType", "ParamReader"]
