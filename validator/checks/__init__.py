"""The registry of check types. A rule in YAML names one of these and gives its parameters."""

from __future__ import annotations

from typing import Any

from validator.checks.base import CheckContext, CheckType, ParamReader

# quality checks: numbers, years, format, terms
from validator.checks.datefmt import DATE_FORMAT  # noqa: I001 - kept apart from the core checks
from validator.checks.claimed import PERIOD, STATEMENT
from validator.checks.dates import DEADLINE, TITLE_YEAR
from validator.checks.numbering import HEADING_SEQUENCE
from validator.checks.numbers import PERCENT_RANGE, RATIO_CONSISTENCY
from validator.checks.patterns import CONVERSION_DEBRIS, PATTERN
from validator.checks.phrases import CHECKLIST, PHRASE
from validator.checks.punctuation import PAIRED_MARKS, PUNCTUATION_WIDTH
from validator.checks.sections import PLAN_YEAR, SECTION
from validator.checks.terms import PREFERRED_FORM
from validator.checks.years import YEAR_CONSISTENCY
from validator.checks.yoy import PLAN_FOLLOW_THROUGH, REPEATED

CHECK_TYPES: dict[str, CheckType[Any]] = {
    check.name: check
    for check in (SECTION, PLAN_YEAR, PHRASE, CHECKLIST, PERIOD, STATEMENT, DEADLINE, TITLE_YEAR,
                  PLAN_FOLLOW_THROUGH, REPEATED)
}
CHECK_TYPES.update({
    check.name: check
    for check in (PERCENT_RANGE, RATIO_CONSISTENCY, YEAR_CONSISTENCY, HEADING_SEQUENCE, PUNCTUATION_WIDTH,
                  PAIRED_MARKS, DATE_FORMAT, PATTERN, CONVERSION_DEBRIS, PREFERRED_FORM)
})

__all__ = ["CHECK_TYPES", "CheckContext", "CheckType", "ParamReader"]
