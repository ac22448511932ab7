"""The examples in the package's docstrings run."""

from __future__ import annotations

import doctest
import types

import pytest

import ncblink
import ncblink.codes
import ncblink.keys
import ncblink.travel


@pytest.mark.parametrize("module", [ncblink, ncblink.codes, ncblink.keys, ncblink.travel], ids=lambda m: m.__name__)
def test_docstring_examples(module: types.ModuleType) -> None:
    result = doctest.testmod(module, raise_on_error=False, report=True)
    assert result.attempted > 0
    assert result.failed == 0
