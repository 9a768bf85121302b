"""The registry of check types. A rule in YAML names one of these and gives its parameters."""

from __future__ import annotations

from typing import Any

from validator.checks.base import CheckContext, CheckType, ParamReader

# quality checks: numbers, years, format, terms
from validator.checks.datefmt import DATE_FORMAT  # noqa: I001 - kept apart from the core checks
from validator.checks.claimed import PERIOD, STATEMENT
from validator.checks.dates import DEADLINE, SIGNING_DATE, TITLE_YEAR
from validator.checks.numbering import HEADING_SEQUENCE
from validator.checks.numbers import PERCENT_RANGE, RATIO_CONSISTENCY
from validator.checks.patterns import CONVERSION_DEBRIS, PATTERN
from validator.checks.phrases import CHECKLIST, PHRASE
from validator.checks.punctuation import PAIRED_MARKS, PUNCTUATION_WIDTH
from validator.checks.sections import PLAN_YEAR, SECTION
from validator.checks.terms import PREFERRED_FORM
from validator.checks.years import YEAR_CONSISTENCY
from validator.checks.yoy import PLAN_FOLLOW_THROUGH, REPEATED

# citations, publication safety and the GB/T 9704 layout of .docx files
from validator.checks.citations import CITATION_ARTICLE, CITATION_CURRENT, CITATION_TITLE  # noqa: I001
from validator.checks.layout import (
    BODY_SPACING,
    PAGE_MARGINS,
    PAGE_NUMBER,
    PAGE_SIZE,
    PARAGRAPH_FONT,
    SIGNING_DATE_ALIGNMENT,
)
from validator.checks.publish import BANK_CARD, ID_NUMBER, PERSONAL_NAME, PHONE_NUMBER

CHECK_TYPES: dict[str, CheckType[Any]] = {
    check.name: check
    for check in (SECTION, PLAN_YEAR, PHRASE, CHECKLIST, PERIOD, STATEMENT, DEADLINE, SIGNING_DATE, TITLE_YEAR,
                  PLAN_FOLLOW_THROUGH, REPEATED)
}
CHECK_TYPES.update({
    check.name: check
    for check in (PERCENT_RANGE, RATIO_CONSISTENCY, YEAR_CONSISTENCY, HEADING_SEQUENCE, PUNCTUATION_WIDTH,
                  PAIRED_MARKS, DATE_FORMAT, PATTERN, CONVERSION_DEBRIS, PREFERRED_FORM)
})
CHECK_TYPES.update({
    check.name: check
    for check in (CITATION_TITLE, CITATION_CURRENT, CITATION_ARTICLE, ID_NUMBER, PHONE_NUMBER, BANK_CARD,
                  PERSONAL_NAME, PAGE_SIZE, PAGE_MARGINS, PARAGRAPH_FONT, BODY_SPACING, PAGE_NUMBER,
                  SIGNING_DATE_ALIGNMENT)
})

__all__ = ["CHECK_TYPES", "CheckContext", "CheckType", "ParamReader"]
