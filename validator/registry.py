"""The one way registries name what they hold: "package.module:attribute", imported when first used.

Readers, formatters, summary renderers, the isolated PDF reader and the cache's record types are all
named like this, so a one-file check loads none of the others (no discovery, no import at start-up).
"""

from __future__ import annotations

import importlib
from typing import Any


def load(target: str) -> Any:
    """The object ``target`` names ("validator.readers.text:read"; the attribute may be dotted)."""
    module_name, _, attribute = target.partition(":")
    found: Any = importlib.import_module(module_name)
    for name in attribute.split("."):
        found = getattr(found, name)
    return found
