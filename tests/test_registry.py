"""validator.registry: the one loader for "module:attribute" names in the registries."""

from __future__ import annotations

import pytest

from validator import registry
from validator.formatters import FORMATTERS
from validator.readers import READERS
from validator.summary import RENDERERS


def test_every_registered_name_loads() -> None:
    for table in (FORMATTERS, READERS, RENDERERS):
        for target in table.values():
            assert callable(registry.load(target)), target


def test_a_dotted_attribute_and_a_missing_one() -> None:
    assert registry.load("validator.results:FileReport._fields") == registry.load("validator.results:FileReport")._fields
    with pytest.raises(AttributeError):
        registry.load("validator.results:NoSuchThing")
